package io.github.gsi4j.tokenizer;

import java.util.Arrays;

import io.github.gsi4j.core.GsiTokenizerMismatchException;

/**
 * The one start-up check that two models share a tokenizer: the same vocabulary (every token with the same
 * id) and the same ids for {@link #TEXT}, a probe with digits, a paragraph break, accents, CJK and an emoji
 * with a modifier, which is where tokenizers that differ in normalization or pre-tokenization part ways.
 * Every compatibility check uses it: a Jlama draft and base pair here, a vLLM or SGLang base against the
 * ids its server gives for {@link #TEXT}, and the MATH500 runner.
 */
public final class TokenizerProbe {

    /** The probe text. */
    public static final String TEXT = "GSI tokenizer probe: 12 + 34 = 46.\n\nÉtape 2 — café, naïve, 你好 👍🏽 ok?";

    private TokenizerProbe() {
    }

    /** The ids of {@link #TEXT} (no BOS/EOS), as the base server's {@code /tokenize} must give them. */
    public static int[] ids(ChatTokenizer tokenizer) {
        return tokenizer.encode(TEXT);
    }

    /**
     * Checks that {@code b} uses the tokenizer of {@code a}.
     *
     * @param aRole names {@code a} in the message (e.g. "draft")
     * @param bRole names {@code b} in the message (e.g. "base")
     * @throws GsiTokenizerMismatchException naming both folders and what differs
     */
    public static void requireSame(ChatTokenizer a, String aRole, ChatTokenizer b, String bRole) {
        var mine = a.tokenizer().vocabulary();
        var theirs = b.tokenizer().vocabulary();
        String problem = null;
        if (!mine.equals(theirs)) {
            problem = "vocabularies differ (" + mine.size() + " vs " + theirs.size() + " entries)";
        } else if (!Arrays.equals(ids(a), ids(b))) {
            problem = "the probe text encodes to different ids";
        }
        if (problem != null) {
            throw new GsiTokenizerMismatchException("The " + aRole + " model " + a.folder() + " and the " + bRole
                    + " model " + b.folder() + " do not share a tokenizer: " + problem
                    + ". GSI needs a draft from the base model's family.");
        }
    }
}
