package io.github.gsi4j.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.testing.TinyModels;

class PromptLengthTest {

    static JlamaModel model;

    @BeforeAll
    static void load() {
        model = JlamaModel.load(TinyModels.draft());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** The tokenizer, counting the characters it was given. */
    static ToIntFunction<String> counting(AtomicLong chars) {
        return text -> {
            chars.addAndGet(text.length());
            return model.encode(text).length;
        };
    }

    @Test
    void belowTheLimitTheCountIsTheTextsOwnTokenCount() {
        String text = "Let x be the number of apples. Then 3x + 4 = 19, so x = 5.\\n\\nStep 2: check it. ".repeat(40);
        long counted = PromptLength.atLeast(text, Long.MAX_VALUE, t -> model.encode(t).length, model.longestTokenBytes());
        assertThat(counted).isEqualTo(model.encode(text).length);
    }

    @Test
    void theWorkStopsOnceTheLimitIsReached() {
        AtomicLong chars = new AtomicLong();
        String huge = "ab cd ".repeat(500_000); // three million characters
        long counted = PromptLength.atLeast(huge, 2048, counting(chars), model.longestTokenBytes());
        assertThat(counted).isGreaterThanOrEqualTo(2048);
        assertThat(chars.get()).as("characters encoded").isLessThan(2048 * 6 + PromptLength.CHUNK);
    }

    @Test
    void longRunsWithoutSpacesAreCountedByTheirLengthNotEncoded() {
        AtomicLong chars = new AtomicLong();
        String word = "x".repeat(100_000);
        long counted = PromptLength.atLeast("hello " + word + " world", Long.MAX_VALUE, counting(chars),
                model.longestTokenBytes());
        assertThat(chars.get()).isLessThan(20);
        assertThat(counted).isGreaterThanOrEqualTo(100_000 / model.longestTokenBytes())
                .isLessThanOrEqualTo(model.encode(word).length + 2);
    }

    @Test
    void messagesAddUp() {
        long one = PromptLength.atLeast(List.of(UserMessage.from("What is 2 + 2?")), Long.MAX_VALUE,
                t -> model.encode(t).length, model.longestTokenBytes());
        long two = PromptLength.atLeast(List.of(SystemMessage.from("What is 2 + 2?"), UserMessage.from("What is 2 + 2?")),
                Long.MAX_VALUE, t -> model.encode(t).length, model.longestTokenBytes());
        assertThat(one).isPositive();
        assertThat(two).isEqualTo(2 * one);
    }
}
