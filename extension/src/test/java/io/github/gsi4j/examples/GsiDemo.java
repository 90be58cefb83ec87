package io.github.gsi4j.examples;

import java.util.List;

import dev.langchain4j.data.message.UserMessage;
import io.github.gsi4j.core.GsiDecoder;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.GsiRequest;
import io.github.gsi4j.core.GsiResult;
import io.github.gsi4j.core.GsiStats;
import io.github.gsi4j.core.Policy;
import io.github.gsi4j.jlama.JlamaBaseModel;
import io.github.gsi4j.jlama.JlamaDraftModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.testing.Bigram;
import io.github.gsi4j.testing.TextReward;

/**
 * Answers one question through the GSI engine with every policy, on two tiny Jlama models that this
 * demo generates: a draft that knows the answer only loosely (its next-token margin is small, so it
 * often strays) and a base that knows it well, with a reward for readable text. It prints each
 * policy's answer and statistics: GSI keeps the base's answer while the base generates far less.
 */
public final class GsiDemo {

    private GsiDemo() {
    }

    public static void main(String[] args) {
        String question = "What is 2 + 2?";
        String answer = " The answer is 4.\n\n";
        Bigram draftFixture = Bigram.answering(question, answer, 6);
        Bigram baseFixture = Bigram.answering(question, answer, 9);
        try (JlamaModel draft = JlamaModel.load(draftFixture.folder());
                JlamaModel base = JlamaModel.load(baseFixture.folder())) {
            draft.checkSameTokenizer(base, "draft", "base");
            int[] prompt = draft.encodeChat(List.of(UserMessage.from(question)));
            GsiOptions options = GsiOptions.builder().n(8).beta(10).threshold(0.3).maxSteps(6).maxStepTokens(16)
                    .seed(2026).build();
            GsiDecoder decoder = GsiDecoder.builder().draftModel(new JlamaDraftModel(draft, false))
                    .baseModel(new JlamaBaseModel(base, false)).rewardScorer(new TextReward()).options(options)
                    .build();
            System.out.printf("Question: %s%nDraft and base: tiny Jlama models generated under %s%n%n", question,
                    draftFixture.folder().getParent());
            for (Policy policy : Policy.values()) {
                GsiResult r = decoder.decode(new GsiRequest(prompt, question, options.toBuilder().policy(policy).build()));
                GsiStats s = r.stats();
                System.out.printf("%-22s answer=%-24s finish=%-15s steps=%d from-draft=%3.0f%% draft-tokens=%-4d "
                        + "base-scored=%-4d base-generated=%-4d %4d ms%n", policy,
                        '"' + r.text().replace("\n", "\\n") + '"', r.finishReason(), s.steps(),
                        100 * s.acceptanceRate(), s.draftTokens(), s.baseTokensScored(), s.baseTokensGenerated(),
                        s.totalTime().toMillis());
            }
        }
    }
}
