package io.github.gsi4j.bench.server;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.github.gsi4j.vllm.api.PoolingRequest;
import io.github.gsi4j.vllm.api.PoolingResponse;

/**
 * A stand-in for a process reward model behind vLLM's {@code /pooling}: per input, one {@code [p_wrong, p_right]}
 * pair per step marker, where p_right is a pseudo-random number in [0, 1] fixed by the text up to that marker (the
 * benchmarks measure cost, not answer quality). The modelled time prefills about a token per four characters (the
 * PRM's tokenizer is not modelled).
 */
final class StandInPrm {

    /** The step marker of Qwen2.5-Math-PRM's prompt layout. */
    static final String STEP_MARKER = "<extra_0>";
    /** The model name the answers carry. */
    static final String MODEL = "prm";

    private final GpuLatencyModel latency;

    StandInPrm(GpuLatencyModel latency) {
        this.latency = latency;
    }

    Reply pooling(PoolingRequest request) {
        List<String> inputs = request.input() == null ? List.of() : request.input();
        List<PoolingResponse.Item> items = new ArrayList<>(inputs.size());
        long tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            String input = inputs.get(i);
            tokens += input.length() / 4 + 1;
            int markers = Math.max(1, input.split(STEP_MARKER, -1).length - 1);
            List<List<Double>> pairs = new ArrayList<>(markers);
            for (int m = 0; m < markers; m++) {
                double r = reward(input, m);
                pairs.add(List.of(1 - r, r));
            }
            items.add(new PoolingResponse.Item(i, "pooling", GpuLikeServer.JSON.valueToTree(pairs)));
        }
        return Reply.ok(new PoolingResponse("list", MODEL, items), latency.nanos(tokens, 0),
                Reply.Work.prefill(tokens));
    }

    /** The reward of step {@code m} of {@code input}: uniform in [0, 1], fixed by the text up to its marker. */
    static double reward(String input, int m) {
        int end = 0;
        for (int k = 0; k <= m; k++) {
            int next = input.indexOf(STEP_MARKER, end);
            end = next < 0 ? input.length() : next + STEP_MARKER.length();
        }
        return new SplittableRandom(input.substring(0, end).hashCode() * 0x9E3779B97F4A7C15L).nextDouble();
    }
}
