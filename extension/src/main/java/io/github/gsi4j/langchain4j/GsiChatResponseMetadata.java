package io.github.gsi4j.langchain4j;

import java.util.List;
import java.util.Objects;

import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import io.github.gsi4j.core.FinishReason;
import io.github.gsi4j.core.GsiStats;
import io.github.gsi4j.core.Policy;
import io.github.gsi4j.core.StepTrace;

/**
 * Response metadata of a GSI chat response: the request's {@link GsiStats}, the policy used, GSI's own
 * finish reason, the per-step trace when asked for, and whether the request bypassed GSI (went to the
 * bypass model as an ordinary chat completion, e.g. because it carried tool specifications) and why.
 */
public class GsiChatResponseMetadata extends ChatResponseMetadata {

    private final GsiStats stats;
    private final Policy policy;
    private final FinishReason gsiFinishReason;
    private final List<StepTrace> trace;
    private final boolean bypassed;
    private final String bypassReason;

    protected GsiChatResponseMetadata(Builder builder) {
        super(builder);
        this.stats = builder.stats;
        this.policy = builder.policy;
        this.gsiFinishReason = builder.gsiFinishReason;
        this.trace = builder.trace == null ? List.of() : List.copyOf(builder.trace);
        this.bypassed = builder.bypassed;
        this.bypassReason = builder.bypassReason;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The request's statistics; null when the request bypassed GSI. */
    public GsiStats stats() {
        return stats;
    }

    /** The policy that decoded the request; null when bypassed. */
    public Policy policy() {
        return policy;
    }

    /** Why GSI stopped decoding; null when bypassed. */
    public FinishReason gsiFinishReason() {
        return gsiFinishReason;
    }

    /** Each step's decision, when the request asked for a trace; else empty. */
    public List<StepTrace> trace() {
        return trace;
    }

    /**
     * Whether some step went on without an unavailable base or reward model (see {@code on-failure});
     * {@code stats().degradations()} says why.
     */
    public boolean degraded() {
        return stats != null && stats.degraded();
    }

    /** Whether the request went to the bypass model instead of GSI ({@code gsi.bypassed=true}). */
    public boolean bypassed() {
        return bypassed;
    }

    /** Why the request bypassed GSI, or null. */
    public String bypassReason() {
        return bypassReason;
    }

    @Override
    public Builder toBuilder() {
        return ((Builder) toBuilder(builder())).stats(stats).policy(policy).gsiFinishReason(gsiFinishReason).trace(trace)
                .bypassed(bypassed).bypassReason(bypassReason);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GsiChatResponseMetadata that && super.equals(o) && Objects.equals(stats, that.stats)
                && policy == that.policy && gsiFinishReason == that.gsiFinishReason && Objects.equals(trace, that.trace)
                && bypassed == that.bypassed && Objects.equals(bypassReason, that.bypassReason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), stats, policy, gsiFinishReason, trace, bypassed, bypassReason);
    }

    @Override
    public String toString() {
        return "GsiChatResponseMetadata{" + super.toString() + ", policy=" + policy + ", gsiFinishReason="
                + gsiFinishReason + ", bypassed=" + bypassed + (bypassReason == null ? "" : " (" + bypassReason + ")")
                + ", stats=" + stats + "}";
    }

    /** Builds {@link GsiChatResponseMetadata}. */
    public static class Builder extends ChatResponseMetadata.Builder<Builder> {
        private GsiStats stats;
        private Policy policy;
        private FinishReason gsiFinishReason;
        private List<StepTrace> trace;
        private boolean bypassed;
        private String bypassReason;

        public Builder stats(GsiStats stats) {
            this.stats = stats;
            return this;
        }

        public Builder policy(Policy policy) {
            this.policy = policy;
            return this;
        }

        public Builder gsiFinishReason(FinishReason gsiFinishReason) {
            this.gsiFinishReason = gsiFinishReason;
            return this;
        }

        public Builder trace(List<StepTrace> trace) {
            this.trace = trace;
            return this;
        }

        public Builder bypassed(boolean bypassed) {
            this.bypassed = bypassed;
            return this;
        }

        public Builder bypassReason(String bypassReason) {
            this.bypassReason = bypassReason;
            return this;
        }

        @Override
        public GsiChatResponseMetadata build() {
            return new GsiChatResponseMetadata(this);
        }
    }
}
