package io.github.gsi4j.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * The GSI step loop: for each step, sample drafts, score them (reward and base log-probabilities in
 * parallel), let the {@link Policy} decide, fall back to base samples when it says so, and append the
 * accepted step, until end of sequence, a stop sequence, the math stop, the step limit, the token
 * budget (or the room left in the context window), or a step whose best reward is below the minimum reward
 * with {@link MinRewardAction#STOP}.
 *
 * <p>
 * Each request draws from three independent random streams split from its seed: one for drafting,
 * one for the policies' selections, one for the seeds of base sampling. With the same seed and
 * deterministic models, a request's output is identical across runs. A decoder is immutable and
 * thread-safe if its models and scorer are.
 */
public final class GsiDecoder {

    private final DraftModel draftModel;
    private final BaseModel baseModel;
    private final RewardScorer rewardScorer;
    private final GsiOptions defaultOptions;
    private final Executor executor;

    private GsiDecoder(Builder builder) {
        this.draftModel = Objects.requireNonNull(builder.draftModel, "draftModel");
        this.baseModel = Objects.requireNonNull(builder.baseModel, "baseModel");
        this.rewardScorer = Objects.requireNonNull(builder.rewardScorer, "rewardScorer");
        this.defaultOptions = builder.options == null ? GsiOptions.defaults() : builder.options;
        this.executor = builder.executor == null ? Tasks.VIRTUAL_THREADS : builder.executor;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The options used by requests that carry none. */
    public GsiOptions defaultOptions() {
        return defaultOptions;
    }

    /** Decodes one request. */
    public GsiResult decode(GsiRequest request) {
        return decode(request, StepListener.NONE);
    }

    /** Decodes one request, telling {@code listener} about each step as soon as it is accepted. */
    public GsiResult decode(GsiRequest request, StepListener listener) {
        return decode(request, listener, () -> false);
    }

    /**
     * Decodes one request, telling {@code listener} about each step as soon as it is accepted, and
     * stopping at the next step boundary once {@code cancelled} answers true.
     *
     * @throws GsiCancelledException when decoding stopped because it was cancelled
     */
    public GsiResult decode(GsiRequest request, StepListener listener, BooleanSupplier cancelled) {
        GsiOptions options = request.options() == null ? defaultOptions : request.options();
        long seed = options.seed().isPresent() ? options.seed().getAsLong() : ThreadLocalRandom.current().nextLong();
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(cancelled, "cancelled");
        Optional<Duration> timeout = options.failureHandling().timeout();
        if (timeout.isEmpty()) {
            return new Run(request, options, seed, listener, cancelled).execute();
        }
        return Tasks.withDeadline(timeout.get(), expired -> new Run(request, options, seed, listener,
                () -> expired.getAsBoolean() || cancelled.getAsBoolean()).execute());
    }

    /** The state of one request. */
    private final class Run {
        private final GsiRequest request;
        private final GsiOptions options;
        private final Limits limits;
        private final StepListener listener;
        private final BooleanSupplier cancelled;
        private final StatsRecorder stats;
        private final GuardedModels models;
        private final RandomGenerator draftRandom;
        private final RandomGenerator selectRandom;
        private final RandomGenerator fallbackSeeds;
        private final List<String> steps = new ArrayList<>();
        private final List<StepTrace> trace = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private int[] context;
        private int outputTokens;
        private final int maxStopLength;

        Run(GsiRequest request, GsiOptions options, long seed, StepListener listener, BooleanSupplier cancelled) {
            this.request = request;
            this.options = options;
            this.limits = options.limits();
            this.listener = listener;
            this.cancelled = cancelled;
            this.stats = new StatsRecorder(seed);
            this.models = new GuardedModels(draftModel, baseModel, rewardScorer, options, stats);
            SplittableRandom root = new SplittableRandom(seed);
            this.draftRandom = root.split();
            this.selectRandom = root.split();
            this.fallbackSeeds = root.split();
            this.context = request.promptTokens();
            this.maxStopLength = limits.stopSequences().stream().mapToInt(String::length).max().orElse(0);
        }

        /** Chooses and appends steps until one of the finish conditions holds. */
        GsiResult execute() {
            FinishReason finish = null;
            while (finish == null) {
                if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    throw new GsiCancelledException("decoding was cancelled after " + steps.size() + " steps");
                }
                int room = limits.contextLength() - context.length - 1; // one token free for scoring
                int stepTokens = Math.min(Math.min(limits.maxStepTokens(), limits.maxTokens() - outputTokens), room);
                if (stepTokens <= 0) {
                    finish = FinishReason.MAX_TOKENS;
                    break;
                }
                Chosen chosen = step(stepTokens);
                finish = chosen.stops() ? FinishReason.MIN_REWARD : append(chosen);
            }
            int[] output = Arrays.copyOfRange(context, request.promptTokens().length, context.length);
            return new GsiResult(text.toString(), output, steps, finish, stats.finish(), trace);
        }

        /** One step of GSI.md's pseudo-code: draft, score, decide, and fall back when the policy says so. */
        private Chosen step(int stepTokens) {
            Policy policy = options.policy();
            RewardContext rewardContext = new RewardContext(request.question(), steps, request.promptTokens());
            if (!policy.usesDrafts()) {
                return fallBack(rewardContext, stepTokens, null, null); // S-BoN(πB): every step is a fallback
            }
            SamplingParams params = options.sampling().draft(stepTokens);
            List<StepCandidate> drafts = models.sampleDrafts(context, options.n(), params, draftRandom); // y_i ~ q
            DraftScores scores = score(rewardContext, drafts, policy.scoresDraftsWithBase()); // r_i, lpB_i, z_i
            if (stopsBelowMinReward(scores.rewards())) {
                return Chosen.STOP;
            }
            Decision decision = policy.decide(scores, options, selectRandom); // e.g. i* ~ softmax(z), z_i* > β·u
            if (scores.z() != null && decision.index() >= 0) {
                stats.pickedZ(scores.z()[decision.index()]);
            }
            return switch (decision.kind()) {
                case ACCEPT, REPLACE -> Chosen.draft(drafts.get(decision.index()), decision, scores);
                case RESAMPLE -> Chosen.draft(models.sampleDrafts(context, 1, params, draftRandom).get(0), decision,
                        scores);
                case FALLBACK -> fallBack(rewardContext, stepTokens, decision, scores);
            };
        }

        /**
         * The drafts' rewards and, if asked, their base log-probabilities, the two in parallel. Without base
         * scores (unavailable, and degraded) z is null and the policy decides by reward alone.
         */
        private DraftScores score(RewardContext rewardContext, List<StepCandidate> drafts, boolean withBase) {
            return stats.modelWall(() -> withBase
                    ? Tasks.inParallel(executor, () -> models.rewards(rewardContext, drafts),
                            () -> models.baseLogProbs(context, drafts),
                            (rewards, base) -> DraftScores.of(drafts, rewards, base.orElse(null), options.beta()))
                    : DraftScores.of(drafts, models.rewards(rewardContext, drafts), null, options.beta()));
        }

        /**
         * Samples n base steps and picks one by softmax(β·r). Without base samples (unavailable, and degraded)
         * the step is soft best-of-n over the drafts, sampled now if the policy has none of its own.
         */
        private Chosen fallBack(RewardContext rewardContext, int stepTokens, Decision decision, DraftScores scores) {
            long seed = fallbackSeeds.nextLong();
            Optional<List<StepCandidate>> sampled = models.sampleBase(context, options.n(),
                    options.sampling().base(stepTokens), seed);
            if (sampled.isEmpty()) {
                DraftScores drafted = scores != null ? scores
                        : score(rewardContext, models.sampleDrafts(context, options.n(),
                                options.sampling().draft(stepTokens), draftRandom), false);
                Decision pick = Policy.SOFT_BON_DRAFT.select(drafted, options, selectRandom);
                return Chosen.draft(drafted.drafts().get(pick.index()), decision, drafted);
            }
            List<StepCandidate> samples = sampled.get();
            double[] rewards = stats.modelWall(() -> models.rewards(rewardContext, samples));
            if (stopsBelowMinReward(rewards)) {
                return Chosen.STOP;
            }
            int j = LogMath.sampleSoftmax(LogMath.scale(rewards, options.beta()), selectRandom);
            return new Chosen(samples.get(j), false, decision, scores, samples, rewards);
        }

        /** Whether the answer ends here: the best reward is below the minimum, with {@link MinRewardAction#STOP}. */
        private boolean stopsBelowMinReward(double[] rewards) {
            return options.minReward().action() == MinRewardAction.STOP && options.minReward().unmetBy(rewards);
        }

        /** Appends the chosen step; returns why decoding stops, or null to go on. */
        private FinishReason append(Chosen chosen) {
            StepCandidate step = chosen.step();
            stats.accepted(step, chosen.fromDraft());
            if (options.trace()) {
                trace.add(chosen.toTrace(steps.size()));
            }
            int[] next = Arrays.copyOf(context, context.length + step.size());
            System.arraycopy(step.tokens(), 0, next, context.length, step.size());
            context = next;
            outputTokens += step.size();

            int before = text.length();
            text.append(step.text());
            FinishReason finish = null;
            int cut = stopSequenceIndex(before);
            if (cut >= 0) {
                text.setLength(cut);
                finish = FinishReason.STOP_SEQUENCE;
            } else if (step.endsSequence()) {
                finish = FinishReason.END_OF_SEQUENCE;
            } else if (limits.mathStop() && BoxedAnswers.containsComplete(text)) {
                finish = FinishReason.MATH_ANSWER;
            } else if (outputTokens >= limits.maxTokens()) {
                finish = FinishReason.MAX_TOKENS;
            } else if (steps.size() + 1 >= limits.maxSteps()) {
                finish = FinishReason.MAX_STEPS;
            }
            String visible = text.length() > before ? text.substring(before) : "";
            steps.add(step.text());
            listener.onStep(steps.size() - 1, visible, chosen.fromDraft());
            return finish;
        }

        /** The index of the first stop sequence that ends in the text appended after {@code before}. */
        private int stopSequenceIndex(int before) {
            int best = -1;
            int from = Math.max(0, before - maxStopLength + 1);
            for (String stop : limits.stopSequences()) {
                int i = text.indexOf(stop, from);
                if (i >= 0 && (best < 0 || i < best)) {
                    best = i;
                }
            }
            return best;
        }
    }

    /** The step accepted for one position, with what led to it; {@link #STOP} ends the answer instead. */
    private record Chosen(StepCandidate step, boolean fromDraft, Decision decision, DraftScores scores,
            List<StepCandidate> baseSamples, double[] baseSampleRewards) {

        static final Chosen STOP = new Chosen(null, false, null, null, null, null);

        /** A draft accepted for the position. */
        static Chosen draft(StepCandidate step, Decision decision, DraftScores scores) {
            return new Chosen(step, true, decision, scores, null, null);
        }

        boolean stops() {
            return step == null;
        }

        StepTrace toTrace(int index) {
            boolean drafted = scores != null;
            return new StepTrace(index, fromDraft, decision == null ? -1 : decision.index(),
                    decision == null ? null : decision.reason(),
                    drafted ? scores.drafts() : List.of(), drafted ? scores.rewards() : null,
                    drafted ? scores.baseLogProbs() : null, drafted ? scores.draftLogProbs() : null,
                    drafted ? scores.z() : null, baseSamples == null ? List.of() : baseSamples, baseSampleRewards,
                    step);
        }
    }

    /** Builds a {@link GsiDecoder}. */
    public static final class Builder {
        private DraftModel draftModel;
        private BaseModel baseModel;
        private RewardScorer rewardScorer;
        private GsiOptions options;
        private Executor executor;

        private Builder() {
        }

        /** The proposal model πS (required). */
        public Builder draftModel(DraftModel draftModel) {
            this.draftModel = draftModel;
            return this;
        }

        /** The target model πB (required). */
        public Builder baseModel(BaseModel baseModel) {
            this.baseModel = baseModel;
            return this;
        }

        /** The reward model r (required). */
        public Builder rewardScorer(RewardScorer rewardScorer) {
            this.rewardScorer = rewardScorer;
            return this;
        }

        /** Options for requests that carry none; default {@link GsiOptions#defaults()}. */
        public Builder options(GsiOptions options) {
            this.options = options;
            return this;
        }

        /**
         * Runs reward scoring beside base scoring; default: a new virtual thread per task. A
         * same-thread executor ({@code Runnable::run}) makes the two sequential.
         */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        public GsiDecoder build() {
            return new GsiDecoder(this);
        }
    }
}
