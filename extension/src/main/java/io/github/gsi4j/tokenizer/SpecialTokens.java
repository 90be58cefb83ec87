package io.github.gsi4j.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@code add_special_tokens=True} adds around one sequence: the {@code post_processor} of
 * {@code tokenizer.json} ({@code TemplateProcessing}, {@code RobertaProcessing}, {@code BertProcessing},
 * {@code ByteLevel} which adds nothing, or a {@code Sequence}), except for Llama tokenizer classes, whose
 * BOS and EOS come from {@code add_bos_token} and {@code add_eos_token} of {@code tokenizer_config.json}
 * (default: BOS only), as Hugging Face's {@code LlamaTokenizerFast} rewrites its post-processor.
 */
final class SpecialTokens {

    private final int[] before;
    private final int[] after;

    private SpecialTokens(int[] before, int[] after) {
        this.before = before;
        this.after = after;
    }

    static SpecialTokens of(JsonNode postProcessor, TokenizerConfig config, Map<String, Integer> ids) {
        String cls = config.tokenizerClass().orElse("");
        if (cls.equals("LlamaTokenizer") || cls.equals("LlamaTokenizerFast") || cls.equals("CodeLlamaTokenizer")
                || cls.equals("CodeLlamaTokenizerFast")) {
            List<Integer> b = new ArrayList<>();
            List<Integer> a = new ArrayList<>();
            if (config.addBosToken().orElse(true)) {
                config.bosToken().map(ids::get).ifPresent(b::add);
            }
            if (config.addEosToken().orElse(false)) {
                config.eosToken().map(ids::get).ifPresent(a::add);
            }
            return new SpecialTokens(toArray(b), toArray(a));
        }
        List<Integer> b = new ArrayList<>();
        List<Integer> a = new ArrayList<>();
        collect(postProcessor, b, a);
        return new SpecialTokens(toArray(b), toArray(a));
    }

    private static void collect(JsonNode p, List<Integer> before, List<Integer> after) {
        if (p == null || p.isNull()) {
            return;
        }
        String type = p.path("type").asText();
        switch (type) {
            case "ByteLevel" -> {
            }
            case "Sequence" -> {
                for (JsonNode q : p.path("processors")) {
                    collect(q, before, after);
                }
            }
            case "TemplateProcessing" -> {
                boolean seenSequence = false;
                for (JsonNode item : p.path("single")) {
                    if (item.has("Sequence")) {
                        seenSequence = true;
                        continue;
                    }
                    String name = item.path("SpecialToken").path("id").asText();
                    for (JsonNode id : p.path("special_tokens").path(name).path("ids")) {
                        (seenSequence ? after : before).add(id.asInt());
                    }
                }
            }
            case "RobertaProcessing", "BertProcessing" -> {
                before.add(p.path("cls").get(1).asInt());
                after.add(p.path("sep").get(1).asInt());
            }
            default -> throw new IllegalArgumentException("unsupported post_processor type '" + type + "'");
        }
    }

    private static int[] toArray(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    int[] apply(int[] ids) {
        if (before.length == 0 && after.length == 0) {
            return ids;
        }
        int[] out = new int[before.length + ids.length + after.length];
        System.arraycopy(before, 0, out, 0, before.length);
        System.arraycopy(ids, 0, out, before.length, ids.length);
        System.arraycopy(after, 0, out, before.length + ids.length, after.length);
        return out;
    }
}
