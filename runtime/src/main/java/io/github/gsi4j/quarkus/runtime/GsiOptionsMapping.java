package io.github.gsi4j.quarkus.runtime;

import static io.github.gsi4j.quarkus.runtime.ConfigErrors.set;

import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.quarkus.runtime.config.DraftConfig;
import io.github.gsi4j.quarkus.runtime.config.GsiModelConfig;

/** Maps one GSI model's configuration onto {@link GsiOptions}, each invalid value reported under its property. */
final class GsiOptionsMapping {

    private GsiOptionsMapping() {
    }

    /**
     * The decoding options of {@code c}.
     *
     * @param prefix the configuration's property prefix ({@code quarkus.langchain4j.gsi.} or
     *        {@code quarkus.langchain4j.gsi.<name>.})
     */
    static GsiOptions options(GsiModelConfig c, String prefix) {
        GsiOptions.Builder o = GsiOptions.builder();
        set(prefix + "policy", () -> o.policy(c.policy()));
        set(prefix + "n", () -> o.n(c.n()));
        if (c.n() > c.maxN()) {
            throw ConfigErrors.invalid(prefix + "n", "is " + c.n() + ", more than " + prefix + "max-n (" + c.maxN()
                    + "), the most candidates a request may ask for", null);
        }
        set(prefix + "beta", () -> o.beta(c.beta()));
        set(prefix + "threshold", () -> o.threshold(c.threshold()));
        set(prefix + "rsd-threshold", () -> o.rsdThreshold(c.rsdThreshold()));
        set(prefix + "max-steps", () -> o.maxSteps(c.maxSteps()));
        set(prefix + "max-step-tokens", () -> o.maxStepTokens(c.maxStepTokens()));
        set(prefix + "step-delimiter", () -> o.stepDelimiter(c.stepDelimiter()));
        set(prefix + "draft.temperature", () -> o.draftTemperature(c.draft().temperature()));
        set(prefix + "draft.top-p", () -> o.topP(c.draft().topP()));
        set(prefix + "draft.top-k", () -> o.topK(c.draft().topK()));
        set(prefix + "base.temperature", () -> o.baseTemperature(c.base().temperature()));
        set(prefix + "reward.normalizer", () -> o.rewardNormalizer(c.reward().normalizer()));
        o.baseOnFailure(c.base().onFailure()).rewardOnFailure(c.reward().onFailure());
        c.minReward().ifPresent(m -> set(prefix + "min-reward", () -> o.minReward(m)));
        o.minRewardAction(c.minRewardAction());
        o.proposalDensity(c.draft().logprobs() == DraftConfig.Logprobs.RAW ? ProposalDensity.RAW : ProposalDensity.EXACT);
        c.timeout().ifPresent(t -> set(prefix + "timeout", () -> o.timeout(t)));
        o.mathStop(c.mathStop());
        c.seed().ifPresent(o::seed);
        return o.build();
    }
}
