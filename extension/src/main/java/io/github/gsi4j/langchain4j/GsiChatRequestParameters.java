package io.github.gsi4j.langchain4j;

import java.util.Objects;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import io.github.gsi4j.core.Policy;

/**
 * Chat request parameters with GSI's per-request overrides: candidates per step {@code n}, tilt
 * {@code beta}, {@code policy}, {@code seed}, and whether the response carries the per-step
 * {@code trace}. Null means "use the model's default". The common parameters keep their LangChain4j
 * meaning: temperature (draft and fallback sampling), top-p, top-k, max output tokens (the budget across
 * all steps) and stop sequences.
 *
 * <p>
 * Pass them in a {@code ChatRequest}, as a model's default request parameters, or (with LangChain4j's
 * {@code AiServices}) as a {@code ChatRequestParameters} argument of an AI service method.
 */
public class GsiChatRequestParameters extends DefaultChatRequestParameters {

    private final Integer n;
    private final Double beta;
    private final Policy policy;
    private final Long seed;
    private final Boolean trace;

    protected GsiChatRequestParameters(Builder builder) {
        super(builder);
        this.n = builder.n;
        this.beta = builder.beta;
        this.policy = builder.policy;
        this.seed = builder.seed;
        this.trace = builder.trace;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Integer n() {
        return n;
    }

    public Double beta() {
        return beta;
    }

    public Policy policy() {
        return policy;
    }

    public Long seed() {
        return seed;
    }

    public Boolean trace() {
        return trace;
    }

    @Override
    public ChatRequestParameters overrideWith(ChatRequestParameters that) {
        return builder().overrideWith(this).overrideWith(that).build();
    }

    /**
     * These parameters over {@code that}, keeping the GSI fields: what LangChain4j's {@code AiServices} does
     * with a {@code ChatRequestParameters} argument of an AI service method.
     */
    @Override
    public ChatRequestParameters defaultedBy(ChatRequestParameters that) {
        return builder().overrideWith(that).overrideWith(this).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GsiChatRequestParameters that && super.equals(o) && Objects.equals(n, that.n)
                && Objects.equals(beta, that.beta) && policy == that.policy && Objects.equals(seed, that.seed)
                && Objects.equals(trace, that.trace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), n, beta, policy, seed, trace);
    }

    @Override
    public String toString() {
        return "GsiChatRequestParameters{" + super.toString() + ", n=" + n + ", beta=" + beta + ", policy=" + policy
                + ", seed=" + seed + ", trace=" + trace + "}";
    }

    /** Builds {@link GsiChatRequestParameters}. */
    public static class Builder extends DefaultChatRequestParameters.Builder<Builder> {
        private Integer n;
        private Double beta;
        private Policy policy;
        private Long seed;
        private Boolean trace;

        @Override
        public Builder overrideWith(ChatRequestParameters parameters) {
            super.overrideWith(parameters);
            if (parameters instanceof GsiChatRequestParameters g) {
                n = g.n != null ? g.n : n;
                beta = g.beta != null ? g.beta : beta;
                policy = g.policy != null ? g.policy : policy;
                seed = g.seed != null ? g.seed : seed;
                trace = g.trace != null ? g.trace : trace;
            }
            return this;
        }

        public Builder n(Integer n) {
            this.n = n;
            return this;
        }

        public Builder beta(Double beta) {
            this.beta = beta;
            return this;
        }

        public Builder policy(Policy policy) {
            this.policy = policy;
            return this;
        }

        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        public Builder trace(Boolean trace) {
            this.trace = trace;
            return this;
        }

        @Override
        public GsiChatRequestParameters build() {
            return new GsiChatRequestParameters(this);
        }
    }
}
