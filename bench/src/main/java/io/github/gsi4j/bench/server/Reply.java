package io.github.gsi4j.bench.server;

import io.github.gsi4j.vllm.api.ErrorResponse;

/**
 * What an endpoint of the {@link GpuLikeServer} answers: the HTTP status, the body (a {@code vllm.api} record),
 * how long a GPU would take, and the work to add to the server's counters.
 *
 * @param status the HTTP status
 * @param body the answer, serialised as JSON
 * @param modelledNanos the modelled GPU time
 * @param work the model work done to compute the answer
 */
record Reply(int status, Object body, long modelledNanos, Work work) {

    /** An answer with status 200. */
    static Reply ok(Object body, long modelledNanos, Work work) {
        return new Reply(200, body, modelledNanos, work);
    }

    /** vLLM's error answer, at once (no modelled time, no work). */
    static Reply error(int status, String message) {
        return new Reply(status, new ErrorResponse("error", message, status), 0, Work.NONE);
    }

    /**
     * Model work, as {@link GpuLikeServer.Counters} counts it.
     *
     * @param prefillTokens prompt tokens processed
     * @param decodeSteps decode steps of sampling
     * @param generatedTokens tokens sampled (all sequences)
     */
    record Work(long prefillTokens, long decodeSteps, long generatedTokens) {

        static final Work NONE = new Work(0, 0, 0);

        /** Prefill only. */
        static Work prefill(long tokens) {
            return new Work(tokens, 0, 0);
        }
    }
}
