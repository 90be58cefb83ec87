package io.github.gsi4j.sglang.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * SGLang's {@code POST /generate} on token ids: {@code inputIds} is one id list or a batch of them, and
 * {@code samplingParams} one {@link SamplingParams} or a list, one per batch entry.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SglangGenerateRequest(
        @JsonProperty("input_ids") Object inputIds,
        @JsonProperty("sampling_params") Object samplingParams,
        @JsonProperty("return_logprob") Boolean returnLogprob,
        @JsonProperty("logprob_start_len") Integer logprobStartLen) {

    /** SGLang's sampling parameters. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SamplingParams(
            @JsonProperty("max_new_tokens") Integer maxNewTokens,
            Double temperature,
            @JsonProperty("top_p") Double topP,
            @JsonProperty("top_k") Integer topK,
            java.util.List<String> stop,
            @JsonProperty("no_stop_trim") Boolean noStopTrim,
            @JsonProperty("sampling_seed") Long samplingSeed) {
    }
}
