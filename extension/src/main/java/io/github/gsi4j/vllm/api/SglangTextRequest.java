package io.github.gsi4j.vllm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * SGLang's {@code POST /generate} on text: with {@code max_new_tokens} 0, {@code return_logprob} and
 * {@code logprob_start_len} 0, the answer's {@code meta_info.input_token_logprobs} lists the ids the
 * server's tokenizer gives the text.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SglangTextRequest(
        String text,
        @JsonProperty("sampling_params") SglangGenerateRequest.SamplingParams samplingParams,
        @JsonProperty("return_logprob") Boolean returnLogprob,
        @JsonProperty("logprob_start_len") Integer logprobStartLen) {
}
