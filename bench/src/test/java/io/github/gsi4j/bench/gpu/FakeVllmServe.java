package io.github.gsi4j.bench.gpu;

import java.nio.file.Path;
import java.time.Duration;

import io.github.gsi4j.bench.server.GpuLatencyModel;
import io.github.gsi4j.bench.server.GpuLikeServer;
import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.testing.Bigram;

/**
 * The fake {@code vllm serve} of the GPU script's test: the GPU-like server for one model name on a given port,
 * until the process is killed. Arguments: the model (a folder, or {@code bigram:MARGIN} for the tiny model that
 * answers {@code \boxed{4}}, straying more the smaller the margin), served name, port, vLLM's
 * {@code --logprobs-mode}, and optionally {@code h100} to answer as late as {@link GpuLatencyModel#H100_7B} says.
 */
public final class FakeVllmServe {

    private FakeVllmServe() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path folder = args[0].startsWith("bigram:")
                ? Bigram.answering("What is 2 + 2?", " So the answer is \\boxed{4}.\n\n",
                        Double.parseDouble(args[0].substring(7)))
                        .folder()
                : Path.of(args[0]);
        JlamaModel model = JlamaModel.load(folder);
        GpuLatencyModel latency = args.length > 4 && args[4].equals("h100") ? GpuLatencyModel.H100_7B
                : new GpuLatencyModel(Duration.ZERO, Double.POSITIVE_INFINITY, Duration.ZERO, true);
        ProposalDensity reported = args[3].equals("processed_logprobs") ? ProposalDensity.EXACT : ProposalDensity.RAW;
        GpuLikeServer server = new GpuLikeServer(model, args[1], latency, reported, Integer.parseInt(args[2]));
        System.out.println("fake vLLM serving " + args[1] + " at " + server.url());
        Thread.currentThread().join();
    }
}
