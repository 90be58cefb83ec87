package io.github.gsi4j.tokenizer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The BPE model of {@code tokenizer.json}, as Hugging Face's tokenizer applies it to one pre-tokenized
 * piece: the whole piece when {@code ignore_merges} is set and it is a vocabulary entry; otherwise one
 * symbol per character (with {@code byte_fallback} to {@code <0xNN>} tokens, or the unknown token), then
 * the lowest-ranked adjacent pair merged first, leftmost first among equal ranks, until no pair merges.
 * The pairs wait in a binary heap, so a piece of n symbols takes O(n log n), not O(n²). Thread-safe.
 */
final class Bpe {

    /** Pieces up to this length are cached. */
    private static final int CACHED_LENGTH = 64;
    private static final int CACHE_CAPACITY = 50_000;

    private final Map<String, Integer> vocab;
    private final PairRanks merges;
    private final boolean ignoreMerges;
    private final boolean byteFallback;
    private final boolean fuseUnk;
    private final int unkId;
    private final String prefix;
    private final String suffix;
    private final int[] byteFallbackIds = new int[256];
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    Bpe(JsonNode model, Map<String, Integer> vocab) {
        this.vocab = vocab;
        this.ignoreMerges = model.path("ignore_merges").asBoolean(false);
        this.byteFallback = model.path("byte_fallback").asBoolean(false);
        this.fuseUnk = model.path("fuse_unk").asBoolean(false);
        this.prefix = emptyToNull(model.path("continuing_subword_prefix").asText(null));
        this.suffix = emptyToNull(model.path("end_of_word_suffix").asText(null));
        String unk = model.path("unk_token").isTextual() ? model.get("unk_token").asText() : null;
        if (unk != null && !vocab.containsKey(unk)) {
            throw new IllegalArgumentException("the BPE unk_token " + unk + " is not in the vocabulary");
        }
        this.unkId = unk == null ? -1 : vocab.get(unk);
        for (int b = 0; b < 256; b++) {
            byteFallbackIds[b] = vocab.getOrDefault(String.format("<0x%02X>", b), -1);
        }
        JsonNode list = model.path("merges");
        this.merges = new PairRanks(list.size());
        int rank = 0;
        for (JsonNode m : list) {
            String left;
            String right;
            if (m.isArray()) {
                left = m.get(0).asText();
                right = m.get(1).asText();
            } else {
                String s = m.asText();
                int space = s.indexOf(' ', 1);
                if (space < 0) {
                    throw new IllegalArgumentException("merge " + rank + " is not two tokens: '" + s + "'");
                }
                left = s.substring(0, space);
                right = s.substring(space + 1);
            }
            Integer l = vocab.get(left);
            Integer r = vocab.get(right);
            String joined = left + (prefix != null && right.startsWith(prefix) ? right.substring(prefix.length()) : right);
            Integer merged = vocab.get(joined);
            if (l == null || r == null || merged == null) {
                throw new IllegalArgumentException("merge " + rank + " (" + left + " " + right
                        + ") uses a token that is not in the vocabulary");
            }
            merges.putIfAbsent(l, r, rank++, merged);
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Appends the ids of one piece to {@code out}. */
    void encode(String piece, IntList out) {
        if (piece.isEmpty()) {
            return;
        }
        if (ignoreMerges) {
            Integer whole = vocab.get(piece);
            if (whole != null) {
                out.add(whole);
                return;
            }
        }
        boolean cacheable = piece.length() <= CACHED_LENGTH;
        if (cacheable) {
            int[] cached = cache.get(piece);
            if (cached != null) {
                out.addAll(cached);
                return;
            }
        }
        int[] ids = merge(piece);
        if (cacheable) {
            if (cache.size() >= CACHE_CAPACITY) {
                cache.clear();
            }
            cache.put(piece, ids);
        }
        out.addAll(ids);
    }

    private int[] merge(String piece) {
        IntList symbols = initialSymbols(piece);
        int n = symbols.size();
        int[] id = symbols.toArray();
        int[] next = new int[n];
        int[] prev = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        LongHeap heap = new LongHeap(n);
        for (int i = 0; i + 1 < n; i++) {
            offer(heap, id[i], id[i + 1], i);
        }
        boolean[] gone = new boolean[n];
        while (!heap.isEmpty()) {
            long top = heap.poll();
            int pos = (int) top;
            int rank = (int) (top >>> 32);
            int right = next[pos];
            if (gone[pos] || right < 0) {
                continue;
            }
            long m = merges.get(id[pos], id[right]);
            if (m < 0 || (int) (m >>> 32) != rank) {
                continue; // a stale entry: one of the two symbols has merged since
            }
            id[pos] = (int) m;
            gone[right] = true;
            next[pos] = next[right];
            if (next[pos] >= 0) {
                prev[next[pos]] = pos;
                offer(heap, id[pos], id[next[pos]], pos);
            }
            if (prev[pos] >= 0) {
                offer(heap, id[prev[pos]], id[pos], prev[pos]);
            }
        }
        IntList out = new IntList(Math.max(4, n / 2));
        for (int i = 0; i >= 0 && i < n; i = next[i]) {
            out.add(id[i]);
        }
        return out.toArray();
    }

    private void offer(LongHeap heap, int left, int right, int pos) {
        long m = merges.get(left, right);
        if (m >= 0) {
            heap.add((m & 0xffffffff00000000L) | pos);
        }
    }

    private IntList initialSymbols(String piece) {
        IntList out = new IntList(piece.length());
        int unk = -1; // a pending (possibly fused) unknown token
        for (int i = 0; i < piece.length();) {
            int cp = piece.codePointAt(i);
            int end = i + Character.charCount(cp);
            String s = piece.substring(i, end);
            if (prefix != null && i > 0) {
                s = prefix + s;
            }
            if (suffix != null && end == piece.length()) {
                s = s + suffix;
            }
            i = end;
            Integer known = vocab.get(s);
            if (known != null) {
                if (unk >= 0) {
                    out.add(unk);
                    unk = -1;
                }
                out.add(known);
                continue;
            }
            if (byteFallback && addBytes(s, out, unk)) {
                unk = -1;
                continue;
            }
            if (unkId >= 0) {
                if (unk >= 0 && !fuseUnk) {
                    out.add(unk);
                }
                unk = unkId;
            } // without an unknown token, Hugging Face drops the character
        }
        if (unk >= 0) {
            out.add(unk);
        }
        return out;
    }

    private boolean addBytes(String s, IntList out, int pendingUnk) {
        byte[] bytes = Utf16.utf8(s);
        for (byte b : bytes) {
            if (byteFallbackIds[b & 0xff] < 0) {
                return false;
            }
        }
        if (pendingUnk >= 0) {
            out.add(pendingUnk);
        }
        for (byte b : bytes) {
            out.add(byteFallbackIds[b & 0xff]);
        }
        return true;
    }
}
