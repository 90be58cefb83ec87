package io.github.gsi4j.jlama;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.langchain4j.data.message.UserMessage;
import io.github.gsi4j.testing.Bigram;
import io.github.gsi4j.testing.TinyModel;
import io.github.gsi4j.testing.TinyModels;
import io.github.gsi4j.testing.TinyTokenizer;

/**
 * The fixtures encode their bigram models' prompts and answers with the tiny tokenizer's own encoder (they do not
 * depend on this library); it must give the ids this library's Hugging Face encoder and chat template give on the
 * written folder, or a bigram model would follow a table of the wrong tokens.
 */
class TinyTokenizerAgreementTest {

    static final List<String> TEXTS = List.of("", " The answer is 4.\n\n", "What is 2 + 2?",
            "Let x be the number of apples. Then x + 2 = 6, so x = 4.", "So the final answer is \\boxed{4}.",
            "  two  spaces\tand a tab\r\n", "naïve café, 中文, emoji 😀👍🏽",
            "a special token <|im_end|> inside, and <|endoftext|><|im_start|> glued", "thethethe aaaa");

    @Test
    void encodingAgreesWithTheLibrarysEncoder() {
        TinyTokenizer tokenizer = TinyModel.TOKENIZER;
        try (JlamaModel model = JlamaModel.load(TinyModels.draft())) {
            for (String text : TEXTS) {
                assertThat(tokenizer.encode(text)).as(text).containsExactly(model.encode(text));
            }
            assertThat(tokenizer.encode(" The answer is 4.")).hasSizeLessThan(" The answer is 4.".length());
        }
    }

    @Test
    void chatPromptAgreesWithTheLibrarysChatTemplate() {
        try (JlamaModel model = JlamaModel.load(TinyModels.draft())) {
            for (String question : TEXTS) {
                assertThat(TinyModel.TOKENIZER.chatPrompt(question)).as(question)
                        .containsExactly(model.encodeChat(List.of(UserMessage.from(question))));
            }
        }
    }

    @Test
    void bigramPromptIsTheLibrarysPrompt() {
        Bigram bigram = Bigram.answering("What is 2 + 2?", " The answer is 4.\n\n");
        try (JlamaModel model = JlamaModel.load(bigram.folder())) {
            assertThat(bigram.prompt()).containsExactly(model.encodeChat(List.of(UserMessage.from("What is 2 + 2?"))));
        }
    }
}
