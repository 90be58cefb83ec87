package io.github.gsi4j.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A bigram fixture model that answers one question with one known text: after the prompt's last token
 * it emits the answer's tokens, then end of sequence, each successor {@code margin} logits above every
 * other token (20: deterministic in practice; 5: often strays). The prompt and the answer are encoded with
 * the tiny models' own tokenizer ({@link TinyTokenizer#chatPrompt}, {@link TinyTokenizer#encode}), which is
 * what a loader of the written folder reads.
 *
 * @param folder the model folder
 * @param prompt the question rendered with the chat template
 */
public record Bigram(Path folder, int[] prompt) {

    /** A model answering {@code question} with {@code answer}, successors 20 logits ahead. */
    public static Bigram answering(String question, String answer) {
        return answering(question, answer, 20);
    }

    /** A model answering {@code question} with {@code answer}, successors {@code margin} logits ahead. */
    public static Bigram answering(String question, String answer, double margin) {
        int[] prompt = TinyModel.TOKENIZER.chatPrompt(question);
        int[] answerTokens = TinyModel.TOKENIZER.encode(answer);
        Map<Integer, Integer> next = new HashMap<>();
        Set<Integer> seen = new HashSet<>();
        int previous = prompt[prompt.length - 1];
        seen.add(previous);
        for (int t : answerTokens) {
            if (!seen.add(t)) {
                throw new IllegalArgumentException("answer tokens must be distinct for a bigram model: " + answer);
            }
            next.put(previous, t);
            previous = t;
        }
        next.put(previous, TinyModel.TOKENIZER.id(TinyTokenizer.IM_END));
        Path folder = TinyModel.write(TinyModel.defaultRoot(),
                TinyModel.Spec.bigram(TinyModel.Architecture.LLAMA, 11, next, margin));
        return new Bigram(folder, prompt);
    }
}
