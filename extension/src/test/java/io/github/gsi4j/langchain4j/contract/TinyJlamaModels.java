package io.github.gsi4j.langchain4j.contract;

import java.util.List;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import io.github.gsi4j.core.BaseModel;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.http.RemoteEndpoint;
import io.github.gsi4j.jlama.JlamaBaseModel;
import io.github.gsi4j.jlama.JlamaDraftModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.langchain4j.GsiChatModelBuilder;
import io.github.gsi4j.langchain4j.GuidedSpeculativeChatModel;
import io.github.gsi4j.langchain4j.GuidedSpeculativeStreamingChatModel;
import io.github.gsi4j.testing.Bigram;
import io.github.gsi4j.testing.StubServer;
import io.github.gsi4j.testing.TextReward;
import io.github.gsi4j.testing.TinyModels;
import io.github.gsi4j.vllm.VllmBaseModel;

/**
 * The contract suites' runs on real Jlama models (the generated tiny fixtures): the draft and base pair of
 * {@link TinyModels} (random weights: answers are gibberish, so only for the suites without content
 * assertions), and a bigram model that answers "What is the capital of Germany?" with " Berlin." (for the AI
 * service suites). A failing model has its base on a stub vLLM server that answers HTTP 401.
 */
final class TinyJlamaModels implements AutoCloseable {

    static final String MODEL_NAME = "gsi-tiny";
    static final String QUESTION = "What is the capital of Germany?";
    static final GsiOptions OPTIONS = GsiOptions.builder().n(3).maxSteps(4).maxStepTokens(6).seed(7).build();

    private JlamaModel draft;
    private JlamaModel base;
    private JlamaModel berlin;
    private StubServer unauthorised;

    /** A GSI model on the tiny draft and base. */
    <B extends GsiChatModelBuilder<B>> B tiny(B builder, ChatRequestParameters defaults, ChatModelListener listener) {
        if (draft == null) {
            draft = JlamaModel.load(TinyModels.draft());
            base = JlamaModel.load(TinyModels.base());
        }
        return wire(builder, draft, new JlamaBaseModel(base, false), defaults, listener);
    }

    /** A GSI model whose draft and base (one bigram model) answer {@link #QUESTION} with " Berlin.". */
    <B extends GsiChatModelBuilder<B>> B berlin(B builder) {
        if (berlin == null) {
            berlin = JlamaModel.load(Bigram.answering(QUESTION, " Berlin.").folder());
        }
        return wire(builder, berlin, new JlamaBaseModel(berlin, false), null, null);
    }

    /** A GSI model whose base model is a vLLM server that refuses the API key (HTTP 401). */
    <B extends GsiChatModelBuilder<B>> B unauthorised(B builder, ChatModelListener listener) {
        if (unauthorised == null) {
            unauthorised = new StubServer().script("/v1/completions", StubServer.Answer.status(401,
                    "{\"object\":\"error\",\"message\":\"invalid API key\",\"type\":\"Unauthorized\",\"code\":401}"));
        }
        tiny(builder, null, listener);
        BaseModel remote = new VllmBaseModel(new JsonHttpClient(RemoteEndpoint.builder().baseUrl(unauthorised.url())
                .apiKey("wrong").build()), "tiny/base");
        return builder.baseModel(remote);
    }

    GuidedSpeculativeChatModel berlinChatModel() {
        return berlin(GuidedSpeculativeChatModel.builder()).build();
    }

    GuidedSpeculativeStreamingChatModel berlinStreamingModel() {
        return berlin(GuidedSpeculativeStreamingChatModel.builder()).build();
    }

    private static <B extends GsiChatModelBuilder<B>> B wire(B builder, JlamaModel draftModel, BaseModel baseModel,
            ChatRequestParameters defaults, ChatModelListener listener) {
        return builder.draftModel(new JlamaDraftModel(draftModel, false)).baseModel(baseModel)
                .rewardScorer(new TextReward()).options(OPTIONS).modelName(MODEL_NAME).defaultRequestParameters(defaults)
                .listeners(listener == null ? List.of() : List.of(listener));
    }

    @Override
    public void close() {
        for (JlamaModel m : new JlamaModel[] { draft, base, berlin }) {
            if (m != null) {
                m.close();
            }
        }
        if (unauthorised != null) {
            unauthorised.close();
        }
    }
}
