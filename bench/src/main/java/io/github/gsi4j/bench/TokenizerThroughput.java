package io.github.gsi4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tjake.jlama.model.llama.LlamaTokenizer;
import com.github.tjake.jlama.safetensors.tokenizer.BPETokenizer;

import io.github.gsi4j.tokenizer.ChatTokenizer;
import io.github.gsi4j.tokenizer.HfTokenizer;

/**
 * Encode throughput, side by side in one run on the tokenizer tests' corpus
 * ({@code extension/src/test/resources/tokenizers/corpus/strings.json}) with the real Qwen2.5 and Llama 3
 * tokenizers: this library's encoder, Jlama's encoder (on the text as the library used to prepare it for
 * Jlama: non-ASCII as byte symbols) and the JavaScript reference {@code @huggingface/tokenizers} (run with
 * Node by {@code extension/src/test/node/tokenizers/bench.mjs}, after {@code npm ci} there; skipped without
 * it). Then the time of one single word of growing length: linear for this encoder, quadratic for Jlama's.
 * Run: {@code bin/with-jdk ./mvnw -B -q -Pbench -Dbench.main=io.github.gsi4j.bench.TokenizerThroughput
 * -DskipTests package -pl bench -am}.
 */
public final class TokenizerThroughput {

    static final List<String> FAMILIES = List.of("qwen2_5", "llama3");
    static final int PASSES = 5;
    static final int[] WORD_LENGTHS = { 500, 1000, 2000, 4000, 8000 };
    /** Jlama's merge loop is quadratic: longer words take minutes. */
    static final int JLAMA_LONGEST_WORD = 4000;

    private TokenizerThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path fixtures = fixtures();
        List<String> corpus = new ArrayList<>();
        new ObjectMapper().readTree(fixtures.resolve("corpus/strings.json").toFile()).forEach(n -> corpus.add(n.asText()));
        long chars = corpus.stream().mapToLong(String::length).sum();
        System.out.printf("Corpus: %d strings, %d characters; %d cores; load before: %s%n", corpus.size(), chars,
                Runtime.getRuntime().availableProcessors(), uptime());
        for (String family : FAMILIES) {
            HfTokenizer ours = ChatTokenizer.load(fixtures.resolve(family)).tokenizer();
            BPETokenizer jlama = jlama(fixtures.resolve(family));
            Timing o = Timing.of(1, PASSES, () -> Timing.nanos(() -> corpus.forEach(ours::encode)));
            Timing j = Timing.of(1, 3, () -> Timing.nanos(() -> corpus.forEach(s -> jlama.encode(prepare(s)))));
            JsonNode golden = new ObjectMapper().readTree(fixtures.resolve("golden/" + family + ".json").toFile())
                    .path("strings");
            int oursExact = 0;
            int jlamaExact = 0;
            for (int i = 0; i < corpus.size(); i++) {
                int[] expected = new int[golden.get(i).size()];
                for (int k = 0; k < expected.length; k++) {
                    expected[k] = golden.get(i).get(k).asInt();
                }
                oursExact += java.util.Arrays.equals(expected, ours.encode(corpus.get(i))) ? 1 : 0;
                long[] jl = jlama.encode(prepare(corpus.get(i)));
                jlamaExact += java.util.Arrays.equals(expected, java.util.Arrays.stream(jl).mapToInt(Math::toIntExact)
                        .toArray()) ? 1 : 0;
            }
            System.out.printf("%n%s: strings encoded exactly as the reference: this library %d/%d, Jlama %d/%d%n",
                    family, oursExact, corpus.size(), jlamaExact, corpus.size());
            JsonNode js = node(fixtures, family);
            System.out.printf("%s: encode throughput (characters/s, median of %d passes; min-max)%n", family, PASSES);
            row("this library", o, chars);
            row("Jlama", j, chars);
            double jsMedian = Double.NaN;
            if (js != null) {
                List<Double> passes = new ArrayList<>();
                js.path("passSeconds").forEach(p -> passes.add(p.asDouble() * 1e9));
                passes.sort(Double::compare);
                Timing t = new Timing(passes.get(0), passes.get(passes.size() / 2), passes.get(passes.size() - 1));
                jsMedian = t.median();
                row("@huggingface/tokenizers (Node)", t, chars);
            } else {
                System.out.println("  @huggingface/tokenizers (Node)  not run (no node, or no npm ci in "
                        + "extension/src/test/node/tokenizers)");
            }
            System.out.printf("  ratios: this library / Jlama %.1fx, this library / JS %.2fx   goal >= 1x JS%n",
                    j.median() / o.median(), jsMedian / o.median());
            System.out.printf("%n%s: one word of n letters (ms, median of 3)%n  %8s %14s %14s %14s%n", family, "n",
                    "this library", "Jlama", "JS");
            for (int k = 0; k < WORD_LENGTHS.length; k++) {
                int n = WORD_LENGTHS[k];
                String w = word(n);
                double mine = Timing.of(1, 3, () -> Timing.nanos(() -> ours.encode(w))).median() / 1e6;
                String theirs = n <= JLAMA_LONGEST_WORD
                        ? String.format("%14.1f", Timing.of(0, 1, () -> Timing.nanos(() -> jlama.encode(w))).median() / 1e6)
                        : String.format("%14s", "(skipped)");
                String jsWord = js == null ? ""
                        : String.format("%14.1f", js.path("words").get(k).path("seconds").asDouble() * 1e3);
                System.out.printf("  %8d %14.2f %s %s%n", n, mine, theirs, jsWord);
            }
        }
        System.out.printf("%nLoad after: %s%n", uptime());
    }

    private static void row(String name, Timing t, long chars) {
        System.out.printf("  %-32s %12.0f  (%.0f-%.0f)%n", name, chars / (t.median() / 1e9), chars / (t.max() / 1e9),
                chars / (t.min() / 1e9));
    }

    /** The same deterministic letters as bench.mjs (an LCG). */
    static String word(int n) {
        int s = 7;
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s = s * 1664525 + 1013904223;
            sb.append((char) ('a' + (int) (((s & 0xffffffffL) / 4294967296.0) * 26)));
        }
        return sb.toString();
    }

    /** What the library did before handing text to Jlama: each non-ASCII character as its byte symbols. */
    static String prepare(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp < 128) {
                sb.appendCodePoint(cp);
            } else {
                for (byte b : Character.toString(cp).getBytes(StandardCharsets.UTF_8)) {
                    int v = b & 0xff;
                    sb.appendCodePoint(BPETokenizer.alteredBytes.getOrDefault(v, v));
                }
            }
        });
        return sb.toString();
    }

    /** Jlama's tokenizer (the one its Llama and Qwen2 models use) over the family's decompressed files. */
    private static BPETokenizer jlama(Path family) throws IOException {
        Path dir = Files.createTempDirectory("gsi4j-tokenizer-bench-");
        for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(family.resolve(f + ".gz")))) {
                Files.copy(in, dir.resolve(f));
            }
        }
        return new LlamaTokenizer(dir);
    }

    private static JsonNode node(Path fixtures, String family) throws InterruptedException {
        Path script = fixtures.getParent().getParent().resolve("node/tokenizers/bench.mjs");
        if (!Files.isDirectory(script.getParent().resolve("node_modules"))) {
            return null;
        }
        StringBuilder lengths = new StringBuilder();
        for (int n : WORD_LENGTHS) {
            lengths.append(lengths.isEmpty() ? "" : ",").append(n);
        }
        try {
            Process p = new ProcessBuilder("node", script.toString(), family, String.valueOf(PASSES), lengths.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                System.out.println("  bench.mjs failed: " + out);
                return null;
            }
            return new ObjectMapper().readTree(out.substring(out.lastIndexOf("\n{") + 1));
        } catch (IOException e) {
            System.out.println("  node not available: " + e.getMessage());
            return null;
        }
    }

    /** The tokenizer fixtures, found from the working folder (the bench module or the repository root). */
    private static Path fixtures() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path f = p.resolve("extension/src/test/resources/tokenizers");
            if (Files.isDirectory(f)) {
                return f;
            }
        }
        throw new UncheckedIOException(new IOException("extension/src/test/resources/tokenizers not found above "
                + Path.of("").toAbsolutePath()));
    }

    private static String uptime() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
