package io.github.gsi4j.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

import io.github.gsi4j.core.StatsRecorder.Phase;

/**
 * The GSI step loop: for each step, sample drafts, score them (reward and base log-probabilities in
 * parallel), let the {@link Policy} decide, fall back to base samples when it says so, and append the
 * accepted step, until end of sequence, a stop sequence, the math stop, the step limit, the token
 * budget (or the room left in the context window), or a step whose best reward is below the minimum reward
 * with {@link MinRewardAction#STOP}.
 *
 * <p>Each request draws from three independent random streams split from its seed: one for drafting,
 * one for the policies' selections, one for the seeds of base sampling. With the same seed and
 * deterministic models, a request's output is identical across runs. A decoder is immutable and
 * thread-safe if its models and scorer are.
 */
public final class GsiDecoder {

    private static final Executor VIRTUAL_THREADS = task -> Thread.ofVirtual().name("gsi-scoring").start(task);

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
        this.executor = builder.executor == null ? VIRTUAL_THREADS : builder.executor;
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
        if (options.timeout().isEmpty()) {
            return new Run(request, options, seed, listener, cancelled).execute();
        }
        return withDeadline(options.timeout().get(), expired -> new Run(request, options, seed, listener,
                () -> expired.getAsBoolean() || cancelled.getAsBoolean()).execute());
    }

    /**
     * Runs a decode on its own virtual thread and waits at most {@code timeout}; on expiry the decode is
     * told to stop and interrupted (interrupting its HTTP calls, retry waits and parallel scoring), and
     * the caller gets a {@link GsiTimeoutException} at once.
     */
    private static GsiResult withDeadline(Duration timeout, Function<BooleanSupplier, GsiResult> decode) {
        AtomicBoolean expired = new AtomicBoolean();
        FutureTask<GsiResult> task = new FutureTask<>(() -> decode.apply(expired::get));
        Thread.ofVirtual().name("gsi-decode").start(task);
        try {
            return task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            expired.set(true);
            task.cancel(true);
            throw new GsiTimeoutException(timeout, "decoding did not finish within " + timeout + " (timeout)");
        } catch (InterruptedException e) {
            expired.set(true);
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new GsiCancelledException("interrupted while decoding");
        } catch (ExecutionException e) {
            throw rethrow(e, "decoding failed");
        }
    }

    /** The state of one request. */
    private final class Run {
        private final GsiRequest request;
        private final GsiOptions options;
        private final StepListener listener;
        private final BooleanSupplier cancelled;
        private final StatsRecorder stats;
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
            this.listener = listener;
            this.cancelled = cancelled;
            this.stats = new StatsRecorder(seed);
            SplittableRandom root = new SplittableRandom(seed);
            this.draftRandom = root.split();
            this.selectRandom = root.split();
            this.fallbackSeeds = root.split();
            this.context = request.promptTokens();
            this.maxStopLength = options.stopSequences().stream().mapToInt(String::length).max().orElse(0);
        }

        GsiResult execute() {
            FinishReason finish = null;
            while (finish == null) {
                if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    throw new GsiCancelledException("decoding was cancelled after " + steps.size() + " steps");
                }
                int room = options.contextLength() - context.length - 1; // one token free for scoring
                int stepTokens = Math.min(Math.min(options.maxStepTokens(), options.maxTokens() - outputTokens), room);
                if (stepTokens <= 0) {
                    finish = FinishReason.MAX_TOKENS;
                    break;
                }
                Chosen chosen = decideStep(stepTokens);
                finish = chosen.stops() ? FinishReason.MIN_REWARD : append(chosen);
            }
            int[] output = Arrays.copyOfRange(context, request.promptTokens().length, context.length);
            return new GsiResult(text.toString(), output, steps, finish, stats.finish(), trace);
        }

        /** Chooses the next step with the configured policy. */
        private Chosen decideStep(int stepTokens) {
            Policy policy = options.policy();
            RewardContext rewardContext = new RewardContext(request.question(), steps, request.promptTokens());
            if (!policy.usesDrafts()) {
                return fallback(rewardContext, stepTokens, null, null);
            }
            SamplingParams params = options.draftSampling(stepTokens);
            List<StepCandidate> drafts = sampleDrafts(options.n(), params);
            DraftScores scores = stats.modelWall(() -> scoreDrafts(rewardContext, drafts, policy.scoresDraftsWithBase()));
            if (stopsBelowMinReward(scores.rewards())) {
                return Chosen.STOP;
            }
            // without base scores (a degraded step) the drafts are picked by reward alone
            Policy deciding = scores.z() == null && policy.scoresDraftsWithBase() ? Policy.SOFT_BON_DRAFT : policy;
            Decision decision = deciding.select(scores, options, selectRandom);
            if (scores.z() != null && decision.index() >= 0) {
                stats.pickedZ(scores.z()[decision.index()]);
            }
            return switch (decision.kind()) {
                case ACCEPT, REPLACE -> new Chosen(drafts.get(decision.index()), true, decision, scores, null, null);
                case RESAMPLE -> new Chosen(sampleDrafts(1, params).get(0), true, decision, scores, null, null);
                case FALLBACK -> fallback(rewardContext, stepTokens, decision, scores);
            };
        }

        private List<StepCandidate> sampleDrafts(int n, SamplingParams params) {
            List<StepCandidate> drafts = stats.modelWall(() -> stats.time(Phase.DRAFT,
                    () -> draftModel.sampleSteps(context, n, params, draftRandom)));
            Validation.candidates("draft model " + name(draftModel), drafts, n, true);
            stats.drafts(drafts);
            return drafts;
        }

        /** Rewards and, if asked, base log-probabilities of the drafts, the two in parallel. */
        private DraftScores scoreDrafts(RewardContext rewardContext, List<StepCandidate> drafts, boolean withBase) {
            if (!withBase) {
                return DraftScores.of(drafts, rewards(rewardContext, drafts), null, options.beta());
            }
            FutureTask<double[]> rewards = new FutureTask<>(() -> rewards(rewardContext, drafts));
            executor.execute(rewards);
            double[] baseLogProbs;
            try {
                baseLogProbs = stats.time(Phase.BASE_SCORE, () -> baseModel.logProbs(context, drafts));
                Validation.baseLogProbs("base model " + name(baseModel), baseLogProbs, drafts.size());
            } catch (RuntimeException e) {
                if (!degrades(options.baseOnFailure(), e)) {
                    rewards.cancel(true);
                    throw e;
                }
                stats.degraded("base scoring unavailable: " + e.getMessage());
                baseLogProbs = null;
            } catch (Error e) {
                rewards.cancel(true);
                throw e;
            }
            if (baseLogProbs != null) {
                stats.baseScored(drafts);
            }
            return DraftScores.of(drafts, join(rewards), baseLogProbs, options.beta());
        }

        /** Samples n base steps and picks one by softmax(β·r). */
        private Chosen fallback(RewardContext rewardContext, int stepTokens, Decision decision, DraftScores scores) {
            int n = options.n();
            long seed = fallbackSeeds.nextLong();
            List<StepCandidate> samples;
            try {
                samples = stats.modelWall(() -> stats.time(Phase.BASE_GENERATE,
                        () -> baseModel.sampleSteps(context, n, options.baseSampling(stepTokens), seed)));
                Validation.candidates("base model " + name(baseModel), samples, n, false);
            } catch (RuntimeException e) {
                if (!degrades(options.baseOnFailure(), e)) {
                    throw e;
                }
                stats.degraded("base generation unavailable: " + e.getMessage());
                DraftScores drafted = scores != null ? scores : draftsScoredByReward(rewardContext, stepTokens);
                Decision pick = Policy.SOFT_BON_DRAFT.select(drafted, options, selectRandom);
                return new Chosen(drafted.drafts().get(pick.index()), true, decision, drafted, null, null);
            }
            stats.baseGenerated(samples);
            double[] rewards = stats.modelWall(() -> rewards(rewardContext, samples));
            if (stopsBelowMinReward(rewards)) {
                return Chosen.STOP;
            }
            int j = LogMath.sampleSoftmax(LogMath.scale(rewards, options.beta()), selectRandom);
            return new Chosen(samples.get(j), false, decision, scores, samples, rewards);
        }

        /** Whether the answer ends here: the best reward is below the minimum, with {@link MinRewardAction#STOP}. */
        private boolean stopsBelowMinReward(double[] rewards) {
            return options.minRewardAction() == MinRewardAction.STOP && options.minReward().isPresent()
                    && LogMath.max(rewards) < options.minReward().getAsDouble();
        }

        /** Drafts with their rewards, for a degraded step of a policy that has no drafts of its own. */
        private DraftScores draftsScoredByReward(RewardContext rewardContext, int stepTokens) {
            List<StepCandidate> drafts = sampleDrafts(options.n(), options.draftSampling(stepTokens));
            return stats.modelWall(() -> scoreDrafts(rewardContext, drafts, false));
        }

        private double[] rewards(RewardContext rewardContext, List<StepCandidate> candidates) {
            try {
                double[] raw = stats.time(Phase.REWARD, () -> rewardScorer.score(rewardContext, candidates));
                stats.rewardCall();
                return Validation.rewards("reward scorer " + name(rewardScorer), raw, candidates.size(),
                        options.rewardNormalizer());
            } catch (RuntimeException e) {
                if (!degrades(options.rewardOnFailure(), e)) {
                    throw e;
                }
                stats.degraded("reward unavailable: " + e.getMessage());
                double[] uniform = new double[candidates.size()];
                Arrays.fill(uniform, UNIFORM_REWARD);
                return uniform;
            }
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
            } else if (options.mathStop() && BoxedAnswers.containsComplete(text)) {
                finish = FinishReason.MATH_ANSWER;
            } else if (outputTokens >= options.maxTokens()) {
                finish = FinishReason.MAX_TOKENS;
            } else if (steps.size() + 1 >= options.maxSteps()) {
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
            for (String stop : options.stopSequences()) {
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

    /** The parallel task's result; an interrupt (deadline, cancellation) interrupts the task too. */
    private static <T> T join(FutureTask<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new GsiCancelledException("interrupted while scoring in parallel");
        } catch (ExecutionException e) {
            throw rethrow(e, "parallel scoring failed");
        }
    }

    /** The task's own exception, unwrapped; a checked one wrapped in a {@link GsiException}. */
    private static RuntimeException rethrow(ExecutionException e, String what) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new GsiException(what + ": " + cause, cause);
    }

    /** The reward every candidate of a degraded step gets when the reward model is unavailable. */
    static final double UNIFORM_REWARD = 0.5;

    /**
     * Whether {@code failure} of a dependency is degraded under {@code mode}: only unavailability is (a server
     * that cannot be reached, fails, times out or answers nonsense), never a cancelled call or a request the
     * server refused as too long ({@link GsiContextLengthException}).
     */
    private static boolean degrades(FailureMode mode, RuntimeException failure) {
        return mode == FailureMode.DEGRADE
                && (failure instanceof GsiRemoteException || failure instanceof GsiInvalidResponseException);
    }

    private static String name(Object component) {
        return component.getClass().getName();
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
