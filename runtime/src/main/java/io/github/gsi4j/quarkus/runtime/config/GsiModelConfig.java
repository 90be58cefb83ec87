package io.github.gsi4j.quarkus.runtime.config;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import io.github.gsi4j.core.MinRewardAction;
import io.github.gsi4j.core.Policy;
import io.github.gsi4j.langchain4j.OnUnsupported;
import io.quarkus.runtime.annotations.ConfigDocDefault;
import io.quarkus.runtime.annotations.ConfigGroup;
import io.smallrye.config.WithDefault;

/**
 * One GSI model: its draft, base and reward models and its decoding options.
 */
@ConfigGroup
public interface GsiModelConfig {

    /**
     * The draft model πS: in the application's JVM with Jlama, or on a vLLM server.
     */
    DraftConfig draft();

    /**
     * The base model πB: embedded Jlama, or a vLLM or SGLang server.
     */
    BaseConfig base();

    /**
     * The reward model r.
     */
    RewardConfig reward();

    /**
     * The decoding policy: {@code gsi}, {@code rsd}, {@code soft-bon-draft}, {@code soft-bon-base} or
     * {@code importance-resampling}.
     */
    @WithDefault("gsi")
    Policy policy();

    /**
     * Candidates per step: drafts, and base samples when a step falls back.
     */
    @WithDefault("16")
    int n();

    /**
     * The most candidates per step a request may ask for (a larger {@code n} request parameter is refused before
     * any work, as an invalid request); it bounds how long one step holds the draft model. {@code n} must not
     * exceed it.
     */
    @WithDefault("64")
    int maxN();

    /**
     * Tilt strength β of the target πB·exp(β·r).
     */
    @WithDefault("20")
    double beta();

    /**
     * GSI's acceptance threshold u: a draft is accepted when its tilted log-weight exceeds β·u.
     */
    @WithDefault("0.5")
    double threshold();

    /**
     * RSD's reward threshold δ (policy {@code rsd}).
     */
    @WithDefault("0.7")
    double rsdThreshold();

    /**
     * The most steps an answer may have.
     */
    @WithDefault("45")
    int maxSteps();

    /**
     * The most tokens one step may have.
     */
    @WithDefault("512")
    int maxStepTokens();

    /**
     * The minimum best reward of a step (between 0 and 1); a step whose candidates all score below it does what
     * {@code min-reward-action} says. Off by default; the GSI reference code uses 0.1 with {@code stop}.
     */
    OptionalDouble minReward();

    /**
     * What a step whose best reward is below {@code min-reward} does: {@code fall-back} (GSI skips its acceptance
     * test and samples the base model) or {@code stop} (the answer ends before the step, the GSI reference code's
     * behaviour; checked on the drafts and again on a fallback's base samples, for every policy).
     */
    @WithDefault("fall-back")
    MinRewardAction minRewardAction();

    /**
     * A step ends after the first token whose text contains this delimiter.
     */
    @WithDefault("\n\n")
    String stepDelimiter();

    /**
     * Whether decoding stops once the answer contains a complete {@code \boxed{...}}.
     */
    @WithDefault("false")
    boolean mathStop();

    /**
     * The deadline of one whole request (all its steps); on expiry the request fails with LangChain4j's
     * {@code TimeoutException} (cause: {@code GsiTimeoutException}) and its in-flight calls are interrupted. The
     * default fits an answer of 45 steps at about 6 s a step (a GPU base and a small draft); raise it for slower
     * drafts or longer answers.
     */
    @WithDefault("5m")
    Optional<java.time.Duration> timeout();

    /**
     * A fixed seed for every request (reproducible answers); by default each request draws its own.
     */
    OptionalLong seed();

    /**
     * What to do with requests GSI cannot serve (tool specifications, JSON response format): {@code bypass}
     * sends them to the base model as ordinary chat completions (vLLM and SGLang bases only), {@code fail}
     * rejects them.
     */
    @WithDefault("bypass")
    OnUnsupported onUnsupported();

    /**
     * Whether to log requests (prompt text included).
     */
    @ConfigDocDefault("false")
    @WithDefault("${quarkus.langchain4j.log-requests}")
    Optional<Boolean> logRequests();

    /**
     * Whether to log responses and their GSI statistics.
     */
    @ConfigDocDefault("false")
    @WithDefault("${quarkus.langchain4j.log-responses}")
    Optional<Boolean> logResponses();
}
