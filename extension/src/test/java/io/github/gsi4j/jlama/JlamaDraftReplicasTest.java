package io.github.gsi4j.jlama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.langchain4j.data.message.UserMessage;
import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.testing.Concurrently;
import io.github.gsi4j.testing.TinyModels;

/** A draft served by several instances of one model. */
class JlamaDraftReplicasTest {

    static final SamplingParams PARAMS = new SamplingParams(0.9, 1, 0, 8, "\n\n", ProposalDensity.EXACT);

    List<JlamaModel> replicas = new ArrayList<>();

    @BeforeEach
    void load() {
        for (int i = 0; i < 3; i++) {
            replicas.add(JlamaModel.load(TinyModels.draft()));
        }
    }

    @AfterEach
    void close() {
        replicas.forEach(JlamaModel::close);
    }

    int[] prompt(int i) {
        return replicas.get(0).encodeChat(List.of(UserMessage.from("What is " + i + " + " + (i * 7) + "?")));
    }

    @Test
    void concurrentCallsUseSeveralReplicasAndDraftWhatOneInstanceDrafts() throws Exception {
        JlamaDraftModel pooled = new JlamaDraftModel(replicas, false);
        assertThat(pooled.replicas()).isEqualTo(3);
        assertThat(pooled.model()).isSameAs(replicas.get(0));
        List<List<StepCandidate>> together = Concurrently.run(6, 4, Duration.ofMinutes(2),
                i -> pooled.sampleSteps(prompt(i), 3, PARAMS, new SplittableRandom(i)));
        try (JlamaModel alone = JlamaModel.load(TinyModels.draft())) {
            JlamaDraftModel single = new JlamaDraftModel(alone, false);
            for (int i = 0; i < together.size(); i++) {
                List<StepCandidate> expected = single.sampleSteps(prompt(i), 3, PARAMS, new SplittableRandom(i));
                for (int c = 0; c < 3; c++) {
                    assertThat(together.get(i).get(c).tokens()).as("request %d candidate %d", i, c)
                            .isEqualTo(expected.get(c).tokens());
                    assertThat(together.get(i).get(c).logProb()).isCloseTo(expected.get(c).logProb(), within(1e-5));
                }
            }
        }
        // a lone caller always gets the first replica; the others only serve while it is busy
        assertThat(replicas.get(1).kvCaches() + replicas.get(2).kvCaches())
                .as("six callers at once kept more than one replica busy").isPositive();
    }

    @Test
    void aLoneCallerUsesTheFirstReplica() {
        JlamaDraftModel pooled = new JlamaDraftModel(replicas, false);
        for (int i = 0; i < 3; i++) {
            pooled.sampleSteps(prompt(i), 2, PARAMS, new SplittableRandom(i));
        }
        assertThat(replicas.get(0).kvCaches()).isPositive();
        assertThat(replicas.get(1).kvCaches()).isZero();
        assertThat(replicas.get(2).kvCaches()).isZero();
    }

    @Test
    void aCallGoesToTheFreeReplicaThatHoldsTheLongestPartOfItsPrefix() {
        int[] prompt = prompt(1);
        StepCandidate first = replicas.get(2).sampleSteps(prompt, 1, PARAMS, new SplittableRandom(1)).get(0);
        int[] next = JlamaModelTest.concat(prompt, first.tokens());
        new JlamaDraftModel(replicas, false).sampleSteps(next, 2, PARAMS, new SplittableRandom(2));
        assertThat(replicas.get(0).kvCaches()).as("the first replica holds none of the prefix").isZero();
        assertThat(replicas.get(2).cachedPrefixLength(next)).isEqualTo(next.length);
    }

    @Test
    void closingAnOwningDraftClosesEveryReplica() {
        List<JlamaModel> own = List.of(JlamaModel.load(TinyModels.draft()), JlamaModel.load(TinyModels.draft()));
        for (JlamaModel m : own) {
            m.sampleSteps(prompt(0), 1, PARAMS, new SplittableRandom(0));
            assertThat(m.kvCaches()).isPositive();
        }
        new JlamaDraftModel(own, true).close();
        assertThat(own).allSatisfy(m -> assertThat(m.kvCaches()).as("caches released on close").isZero());
    }

    @Test
    void replicasMustComeFromOneFolder() {
        try (JlamaModel other = JlamaModel.load(TinyModels.base())) {
            assertThatThrownBy(() -> new JlamaDraftModel(List.of(replicas.get(0), other), false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one folder");
        }
        assertThatThrownBy(() -> new JlamaDraftModel(List.of(), false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one replica");
    }
}
