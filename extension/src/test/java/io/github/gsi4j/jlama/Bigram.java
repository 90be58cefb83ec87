package io.github.gsi4j.jlama;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.langchain4j.data.message.UserMessage;
import io.github.gsi4j.testing.TinyModel;
import io.github.gsi4j.testing.TinyTokenizer;

/**
 * A bigram fixture model that answers one question with one known text: after the prompt's last token
 * it emits the answer's tokens, then end of sequence.
 */
record Bigram(Path folder, int[] prompt) {

    static Bigram answering(String question, String answer) {
        Path any = TinyModel.write(TinyModel.defaultRoot(), TinyModel.Spec.random(TinyModel.Architecture.LLAMA, 1));
        int[] prompt;
        int[] answerTokens;
        try (JlamaModel m = JlamaModel.load(any)) {
            prompt = m.encodeChat(List.of(UserMessage.from(question)));
            answerTokens = m.encode(answer);
        }
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
                TinyModel.Spec.bigram(TinyModel.Architecture.LLAMA, 11, next, 20));
        return new Bigram(folder, prompt);
    }
}
