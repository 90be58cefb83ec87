package io.github.gsi4j.jlama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.core.TokenSampler;
import io.github.gsi4j.testing.Bigram;
import io.github.gsi4j.testing.ReferenceTransformer;
import io.github.gsi4j.testing.TinyModel;
import io.github.gsi4j.testing.TinyModels;
import io.github.gsi4j.testing.TinyTokenizer;

class JlamaModelTest {

    static JlamaModel draft;

    @BeforeAll
    static void load() {
        draft = JlamaModel.load(TinyModels.draft());
    }

    @AfterAll
    static void close() {
        draft.close();
    }

    static SamplingParams params(double t, double topP, int topK, int maxTokens, ProposalDensity d) {
        return new SamplingParams(t, topP, topK, maxTokens, "\n\n", d);
    }

    /** A prompt longer than Jlama's 256-token batch window, so prefill runs in chunks. */
    static int[] longPrompt(JlamaModel m) {
        String question = "Let x be the number of apples. Then x + 2 = 6. ".repeat(20) + "What is x?";
        int[] p = m.encodeChat(List.of(UserMessage.from(question)));
        assertThat(p.length).isGreaterThan(JlamaModel.PREFILL_CHUNK);
        return p;
    }

    @ParameterizedTest
    @EnumSource(TinyModel.Architecture.class)
    void logProbsMatchAnIndependentForwardPass(TinyModel.Architecture architecture) throws Exception {
        Path folder = TinyModel.write(TinyModel.defaultRoot(), TinyModel.Spec.random(architecture, 3));
        ReferenceTransformer reference = new ReferenceTransformer(folder);
        try (JlamaModel model = JlamaModel.load(folder)) {
            int[] prompt = longPrompt(model);
            int[] shortStep = model.encode(" The answer is 4.\n\n");
            int[] oneToken = { shortStep[0] };
            int[] longStep = model.encode("First, add the numbers. Then, multiply the result by two. ".repeat(14));
            assertThat(longStep.length).isGreaterThan(JlamaModel.PREFILL_CHUNK + 1);
            List<StepCandidate> candidates = List.of(step(model, shortStep), step(model, oneToken), step(model, longStep));

            double[] lp = new JlamaBaseModel(model, false).logProbs(prompt, candidates);

            for (int i = 0; i < candidates.size(); i++) {
                assertThat(lp[i]).as("candidate %d", i)
                        .isCloseTo(reference.logProb(prompt, candidates.get(i).tokens()), within(1e-4));
            }
        }
    }

    static StepCandidate step(JlamaModel m, int[] tokens) {
        return new StepCandidate(tokens, m.decode(tokens), -1, false);
    }

    @Test
    void draftLogProbIsTheExactDensityOfItsSamplingDistribution() throws Exception {
        ReferenceTransformer reference = new ReferenceTransformer(draft.folder());
        int[] prompt = draft.encodeChat(List.of(UserMessage.from("What is 2 + 2?")));
        for (ProposalDensity density : ProposalDensity.values()) {
            SamplingParams p = params(0.7, 0.9, 40, 6, density);
            List<StepCandidate> drafts = draft.sampleSteps(prompt, 4, p, new SplittableRandom(9));
            for (StepCandidate c : drafts) {
                double expected = 0;
                int[] context = prompt;
                for (int token : c.tokens()) {
                    double[] logits = reference.logits(context)[context.length - 1];
                    float[] asFloat = new float[logits.length];
                    for (int i = 0; i < logits.length; i++) {
                        asFloat[i] = (float) logits[i];
                    }
                    expected += density == ProposalDensity.EXACT
                            ? new TokenSampler(p).logProbabilities(asFloat, asFloat.length)[token]
                            : ReferenceTransformer.logSoftmax(logits, token);
                    context = append(context, token);
                }
                assertThat(c.logProb()).as("%s density of %s", density, c).isCloseTo(expected, within(1e-4));
            }
        }
    }

    @Test
    void draftsFromOnePrefillEqualDraftsWithAFreshPrefillEach() {
        int[] prompt = longPrompt(draft);
        SamplingParams p = params(0.9, 1, 0, 8, ProposalDensity.EXACT);
        List<StepCandidate> shared = draft.sampleSteps(prompt, 4, p, new SplittableRandom(5));

        SplittableRandom random = new SplittableRandom(5);
        List<StepCandidate> fresh = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            try (JlamaModel m = JlamaModel.load(draft.folder(), 1)) {
                fresh.add(m.sampleSteps(prompt, 1, p, random).get(0));
            }
        }
        for (int i = 0; i < 4; i++) {
            assertThat(shared.get(i).tokens()).isEqualTo(fresh.get(i).tokens());
            // Jlama's parallel reductions are not bit-identical between model instances (~1e-6)
            assertThat(shared.get(i).logProb()).isCloseTo(fresh.get(i).logProb(), within(1e-5));
        }
    }

    @Test
    void nextStepPrefillsOnlyTheNewTokensWithTheSameResult() {
        int[] prompt = draft.encodeChat(List.of(UserMessage.from("What is 2 + 2?")));
        SamplingParams p = params(0.9, 1, 0, 8, ProposalDensity.EXACT);
        StepCandidate first = draft.sampleSteps(prompt, 1, p, new SplittableRandom(1)).get(0);
        int[] next = concat(prompt, first.tokens());
        List<StepCandidate> reused = draft.sampleSteps(next, 3, p, new SplittableRandom(2));
        try (JlamaModel fresh = JlamaModel.load(draft.folder(), 1)) {
            List<StepCandidate> recomputed = fresh.sampleSteps(next, 3, p, new SplittableRandom(2));
            for (int i = 0; i < 3; i++) {
                assertThat(reused.get(i).tokens()).isEqualTo(recomputed.get(i).tokens());
                assertThat(reused.get(i).logProb()).isCloseTo(recomputed.get(i).logProb(), within(1e-5));
            }
        }
    }

    @Test
    void stepsEndAtTheDelimiterAtEndOfSequenceOrAtTheTokenLimit() {
        Bigram bigram = Bigram.answering("What is 2 + 2?", " The answer is 4.\n\n");
        try (JlamaModel m = JlamaModel.load(bigram.folder())) {
            SamplingParams p = params(0.7, 1, 0, 64, ProposalDensity.EXACT);
            StepCandidate answer = m.sampleSteps(bigram.prompt(), 1, p, new SplittableRandom(1)).get(0);
            assertThat(answer.text()).isEqualTo(" The answer is 4.\n\n");
            assertThat(answer.endsSequence()).isFalse();

            StepCandidate end = m.sampleSteps(concat(bigram.prompt(), answer.tokens()), 1, p, new SplittableRandom(1))
                    .get(0);
            assertThat(end.endsSequence()).isTrue();
            assertThat(end.text()).isEmpty();

            StepCandidate cut = m.sampleSteps(bigram.prompt(), 1, params(0.7, 1, 0, 3, ProposalDensity.EXACT),
                    new SplittableRandom(1)).get(0);
            assertThat(cut.size()).isEqualTo(3);
            assertThat(answer.text()).startsWith(cut.text());
        }
    }

    @Test
    void chatMessagesAreRenderedWithTheModelsTemplate() {
        int[] ids = draft.encodeChat(List.of(SystemMessage.from("Be brief."), UserMessage.from("Hi")));
        assertThat(draft.decode(ids)).isEqualTo("system\nBe brief.\nuser\nHi\nassistant\n");
        // as Hugging Face's apply_chat_template: only what the template writes, no BOS of Jlama's (this ChatML
        // template does not write the configured bos_token)
        int imStart = TinyModel.TOKENIZER.id("<|im_start|>");
        assertThat(ids[0]).isEqualTo(imStart);
        assertThat(ids).doesNotContain(TinyModel.TOKENIZER.id(TinyTokenizer.ENDOFTEXT));
        assertThat(java.util.Arrays.stream(ids).filter(t -> t == imStart).count()).isEqualTo(3);
    }

    @Test
    void textOutsideAsciiSurvivesEncodingAndDecoding() {
        for (String s : List.of("Étape 2 — ok? ✓", "日本語 and emoji 😀", "plain", "tab\tand\u0001control")) {
            assertThat(draft.decode(draft.encode(s))).isEqualTo(s);
        }
    }

    @Test
    void invalidSurrogatesAndControlCharactersDoNotBreakTheTokenizer() {
        // a lone high surrogate, a lone low one, a reversed pair, NUL, BEL, ESC and DEL
        String bad = "a\uD800b\uDC00c\uDC00\uD800d\u0000\u0007\u001B\u007F";
        String expected = "a\uFFFDb\uFFFDc\uFFFD\uFFFDd\u0000\u0007\u001B\u007F";
        assertThat(draft.decode(draft.encode(bad))).isEqualTo(expected);
        assertThat(draft.decode(draft.encodeChat(List.of(UserMessage.from(bad))))).contains(expected);
        String pairs = "emoji \uD83D\uDE00 stays";
        assertThat(draft.decode(draft.encode(pairs))).isEqualTo(pairs);
    }

    static int[] append(int[] a, int t) {
        int[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = t;
        return out;
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
