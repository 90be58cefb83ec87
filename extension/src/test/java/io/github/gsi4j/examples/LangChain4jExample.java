package io.github.gsi4j.examples;

import java.nio.file.Path;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.http.RemoteEndpoint;
import io.github.gsi4j.jlama.JlamaBaseModel;
import io.github.gsi4j.jlama.JlamaDraftModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.langchain4j.GuidedSpeculativeChatModel;
import io.github.gsi4j.testing.Bigram;
import io.github.gsi4j.testing.TextReward;
import io.github.gsi4j.vllm.PrmPromptRenderer;
import io.github.gsi4j.vllm.VllmBaseModel;
import io.github.gsi4j.vllm.VllmProcessRewardScorer;

/**
 * The builder wiring of a {@link GuidedSpeculativeChatModel} in plain Java (no Quarkus): a Jlama draft,
 * a base model and a reward scorer, used by a LangChain4j AI service. {@link #main} runs it on the tiny
 * generated models; {@link #withVllm} shows the production wiring against vLLM servers.
 */
public final class LangChain4jExample {

    /** A LangChain4j AI service. */
    interface MathTutor {
        String answer(String question);
    }

    private LangChain4jExample() {
    }

    public static void main(String[] args) {
        Path folder = Bigram.answering("What is 2 + 2?", " The answer is 4.\n\n").folder();
        try (JlamaModel model = JlamaModel.load(folder)) {
            // tag::builder[]
            ChatModel gsi = GuidedSpeculativeChatModel.builder()
                    .draftModel(new JlamaDraftModel(model, false)) // also provides the chat template
                    .baseModel(new JlamaBaseModel(model, false)) // embedded base: no GPU needed
                    .rewardScorer(new TextReward())
                    .options(GsiOptions.builder().n(4).maxSteps(8).build())
                    .build();
            MathTutor tutor = AiServices.create(MathTutor.class, gsi);
            System.out.println(tutor.answer("What is 2 + 2?"));
            // end::builder[]
        }
    }

    /** The same model with the base and the process reward model served by vLLM on GPUs. */
    static ChatModel withVllm(JlamaModel draft) {
        // tag::vllm[]
        RemoteEndpoint base = RemoteEndpoint.builder().baseUrl("http://gpu-host:8000").build();
        RemoteEndpoint prm = RemoteEndpoint.builder().baseUrl("http://gpu-host:8001").build();
        return GuidedSpeculativeChatModel.builder()
                .draftModel(new JlamaDraftModel(draft, false))
                .baseModel(new VllmBaseModel(new JsonHttpClient(base), "Qwen/Qwen2.5-Math-7B-Instruct"))
                .rewardScorer(new VllmProcessRewardScorer(new JsonHttpClient(prm), "Qwen/Qwen2.5-Math-PRM-7B",
                        PrmPromptRenderer.qwenMathPrm()))
                .options(GsiOptions.builder().n(16).beta(20).threshold(0.5).mathStop(true).build())
                .build();
        // end::vllm[]
    }
}
