package io.github.gsi4j.examples;

import io.github.gsi4j.core.GsiDecoder;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.GsiRequest;
import io.github.gsi4j.core.GsiResult;
import io.github.gsi4j.core.GsiStats;
import io.github.gsi4j.core.Policy;
import io.github.gsi4j.testing.TableReward;
import io.github.gsi4j.testing.ToyModel;

/**
 * Decodes one prompt through the GSI engine with every policy, on the enumerable toy models of the
 * test suite (a draft and a base that differ, and a reward table), and prints the output and the
 * request statistics. Run it with {@code bin/with-jdk ./mvnw -B -q -Pdemo -DskipTests package -pl extension -am}.
 */
public final class EngineDemo {

    private EngineDemo() {
    }

    public static void main(String[] args) {
        ToyModel draft = new ToyModel(1, 1.0);
        ToyModel base = new ToyModel(2, 1.0);
        TableReward reward = new TableReward(3);
        GsiOptions options = GsiOptions.builder().n(8).beta(3).maxSteps(8).maxStepTokens(4).seed(2026).build();
        GsiDecoder decoder = GsiDecoder.builder().draftModel(draft).baseModel(base).rewardScorer(reward)
                .options(options).build();
        int[] prompt = { ToyModel.A, ToyModel.B, ToyModel.DELIM };

        System.out.printf("GSI engine demo: toy draft and base models (4-token vocabulary), n=%d, beta=%.0f%n",
                options.n(), options.beta());
        for (Policy policy : Policy.values()) {
            GsiResult r = decoder.decode(new GsiRequest(prompt, "ab", options.toBuilder().policy(policy).build()));
            GsiStats s = r.stats();
            System.out.printf("%-22s output=%-28s finish=%-15s steps=%d accepted-from-draft=%.0f%% "
                    + "draft-tokens=%d base-scored=%d base-generated=%d%n", policy,
                    '"' + r.text().replace("\n", "\\n") + '"', r.finishReason(), s.steps(), 100 * s.acceptanceRate(),
                    s.draftTokens(), s.baseTokensScored(), s.baseTokensGenerated());
        }
    }
}
