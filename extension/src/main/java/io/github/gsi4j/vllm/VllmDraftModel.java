package io.github.gsi4j.vllm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.gsi4j.core.DraftModel;
import io.github.gsi4j.core.GsiException;
import io.github.gsi4j.core.GsiInvalidResponseException;
import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.http.ByIndex;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.vllm.api.CompletionResponse;

/**
 * The draft model πS served by vLLM instead of running in the JVM: one {@code /v1/completions} request
 * samples a step's {@code n} candidates with the step delimiter as stop string, a seed drawn from the
 * caller's random source, and {@code logprobs}, whose per-token values are summed into each candidate's
 * log-density.
 *
 * <p>
 * GSI's importance weights need the density of the distribution the tokens were drawn from. vLLM's
 * {@code logprobs} are, by default ({@code --logprobs-mode raw_logprobs}), the model's temperature-1
 * log-probabilities: that is {@link ProposalDensity#RAW}, the GSI reference code's setting. Started with
 * {@code --logprobs-mode processed_logprobs} the server reports the log-probabilities after temperature,
 * top-k and top-p: {@link ProposalDensity#EXACT}. This client is told which one its server reports and
 * refuses sampling parameters whose requested density the server cannot give (at temperature 1 without
 * top-k and top-p the two coincide); {@link #verify(int[])} checks the claim against the server.
 */
public final class VllmDraftModel implements DraftModel {

    private static final Logger LOG = LoggerFactory.getLogger(VllmDraftModel.class);

    private final JsonHttpClient http;
    private final String model;
    private final ProposalDensity served;

    /**
     * @param http the draft server's client
     * @param model the served model's name
     * @param served the density the server's log-probabilities are: {@link ProposalDensity#RAW} for vLLM's
     *        default {@code raw_logprobs} mode, {@link ProposalDensity#EXACT} for {@code processed_logprobs}
     */
    public VllmDraftModel(JsonHttpClient http, String model, ProposalDensity served) {
        this.http = Objects.requireNonNull(http, "http");
        this.model = Objects.requireNonNull(model, "model");
        this.served = Objects.requireNonNull(served, "served");
    }

    /** The served model's name. */
    public String model() {
        return model;
    }

    /** The density the server's log-probabilities are said to be. */
    public ProposalDensity served() {
        return served;
    }

    /**
     * Start-up check: the server serves {@link #model()}, and its log-probabilities behave as {@link #served()}
     * says. It samples one token after {@code probe} eight times at temperature 1 and eight times at 0.5: a
     * token drawn at both has the same raw log-probability, but different processed ones. Inconclusive probes
     * (no token in common, or a near-certain token) are logged and accepted.
     *
     * @throws GsiException when the model is not served or the server reports the other kind of density
     */
    public void verify(int[] probe) {
        ServedModels.require(http, model, "draft");
        Map<Integer, Double> atOne = firstTokens(probe, 1.0);
        Map<Integer, Double> atHalf = firstTokens(probe, 0.5);
        for (Map.Entry<Integer, Double> e : atOne.entrySet()) {
            Double other = atHalf.get(e.getKey());
            if (other == null || e.getValue() > -1e-3) {
                continue;
            }
            ProposalDensity seen = Math.abs(other - e.getValue()) < 1e-3 ? ProposalDensity.RAW : ProposalDensity.EXACT;
            if (seen != served) {
                throw new GsiException("The draft server " + http.endpoint().baseUrl() + " reports "
                        + (seen == ProposalDensity.RAW ? "raw (temperature-1)" : "processed (after temperature)")
                        + " log-probabilities, but this draft is configured for " + served + " densities: start vLLM "
                        + (served == ProposalDensity.EXACT ? "with --logprobs-mode processed_logprobs"
                                : "without --logprobs-mode processed_logprobs")
                        + " or change the configured density");
            }
            return;
        }
        LOG.warn("Could not tell which log-probabilities the draft server {} reports (no token drawn at both probe "
                + "temperatures); trusting the configured {}", http.endpoint().baseUrl(), served);
    }

    private Map<Integer, Double> firstTokens(int[] probe, double temperature) {
        SamplingParams p = new SamplingParams(temperature, 1, 0, 1, "\u0000", served);
        CompletionResponse r = http.post("/v1/completions", VllmSampling.request(model, probe, 8, p, 1234, true),
                CompletionResponse.class);
        Map<Integer, Double> out = new HashMap<>();
        for (StepCandidate c : VllmSampling.steps(order(r, 8), true, null, this::invalid)) {
            out.put(c.tokens()[0], c.logProb());
        }
        return out;
    }

    /**
     * Checks that the server can report the density {@code params} asks for.
     *
     * @throws IllegalArgumentException naming the server mode that would
     */
    public void checkDensity(SamplingParams params) {
        boolean plain = params.temperature() == 1 && params.topP() == 1 && params.topK() == 0;
        boolean greedyExact = params.temperature() == 0 && params.proposalDensity() == ProposalDensity.EXACT;
        if (!plain && !greedyExact && params.proposalDensity() != served) {
            throw new IllegalArgumentException("The draft server reports " + served + " log-probabilities, which are not the "
                    + params.proposalDensity() + " densities at temperature " + params.temperature() + ", top-p "
                    + params.topP() + ", top-k " + params.topK() + ": "
                    + (params.proposalDensity() == ProposalDensity.EXACT
                            ? "start vLLM with --logprobs-mode processed_logprobs (and configure EXACT), "
                                    + "sample the draft at temperature 1, or use the RAW proposal density"
                            : "use the EXACT proposal density or a server in raw_logprobs mode"));
        }
    }

    @Override
    public List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, RandomGenerator random) {
        checkDensity(params);
        long seed = random.nextLong();
        List<StepCandidate> steps = http.post("/v1/completions", VllmSampling.request(model, prefix, n, params, seed,
                true), CompletionResponse.class, http.endpoint().callTimeout(params.maxTokens(), prefix.length),
                response -> {
                    List<CompletionResponse.Choice> ordered = order(response, n);
                    VllmSampling.checkTokenIds(ordered, 0, this::invalid);
                    return VllmSampling.steps(ordered, true, null, this::invalid);
                });
        if (params.temperature() == 0 && params.proposalDensity() == ProposalDensity.EXACT) {
            // greedy decoding is deterministic: its exact log-density is 0, whatever the server reports
            return steps.stream().map(s -> new StepCandidate(s.tokens(), s.text(), 0, s.endsSequence())).toList();
        }
        return steps;
    }

    private List<CompletionResponse.Choice> order(CompletionResponse response, int n) {
        return ByIndex.order(response.choices(), CompletionResponse.Choice::index, n, "choices", this::invalid);
    }

    private GsiInvalidResponseException invalid(String what) {
        return new GsiInvalidResponseException(http.where("/v1/completions") + " " + what);
    }

    @Override
    public String toString() {
        return "VllmDraftModel[" + model + " at " + http.endpoint().baseUrl() + ", " + served + " log-probabilities]";
    }
}
