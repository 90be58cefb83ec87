package io.github.gsi4j.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.github.gsi4j.core.BaseModel;
import io.github.gsi4j.core.GsiException;
import io.github.gsi4j.core.GsiInvalidResponseException;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.GsiRemoteException;
import io.github.gsi4j.core.GsiTimeoutException;
import io.github.gsi4j.core.RewardScorer;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.http.RemoteEndpoint;
import io.github.gsi4j.jlama.JlamaBaseModel;
import io.github.gsi4j.jlama.JlamaDraftModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.testing.StubServer;
import io.github.gsi4j.testing.TextReward;
import io.github.gsi4j.testing.TinyModels;
import io.github.gsi4j.vllm.VllmBaseModel;

/**
 * GSI's failures reach the caller as LangChain4j's exception types, mapped as LangChain4j maps HTTP status
 * classes, with the GSI exception as the cause: a base server on a loopback stub answering each status, an
 * unreachable server, a request deadline, and a reward scorer answering nonsense.
 */
class ErrorMappingTest {

    static JlamaModel draft;
    static JlamaModel base;
    final StubServer server = new StubServer();

    @BeforeAll
    static void load() {
        draft = JlamaModel.load(TinyModels.draft());
        base = JlamaModel.load(TinyModels.base());
    }

    @AfterAll
    static void close() {
        draft.close();
        base.close();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static final ChatRequest ASK = ChatRequest.builder().messages(UserMessage.from("What is 2 + 2?")).build();

    static <B extends GsiChatModelBuilder<B>> B wire(B builder, BaseModel baseModel, RewardScorer reward) {
        return builder.draftModel(new JlamaDraftModel(draft, false)).baseModel(baseModel).rewardScorer(reward)
                .options(GsiOptions.builder().n(2).maxSteps(2).maxStepTokens(4).seed(3).build());
    }

    VllmBaseModel remoteBase(String url) {
        return new VllmBaseModel(new JsonHttpClient(RemoteEndpoint.builder().baseUrl(url).maxRetries(0)
                .readTimeout(Duration.ofSeconds(5)).build()), "tiny/base");
    }

    @ParameterizedTest
    @CsvSource({ "400, dev.langchain4j.exception.InvalidRequestException",
            "401, dev.langchain4j.exception.AuthenticationException",
            "403, dev.langchain4j.exception.AuthenticationException",
            "404, dev.langchain4j.exception.ModelNotFoundException", "408, dev.langchain4j.exception.TimeoutException",
            "413, dev.langchain4j.exception.InvalidRequestException",
            "429, dev.langchain4j.exception.RateLimitException",
            "500, dev.langchain4j.exception.InternalServerException",
            "503, dev.langchain4j.exception.InternalServerException" })
    void eachHttpStatusClassBecomesLangChain4jsExceptionWithTheGsiCause(int status, Class<?> expected) {
        server.script("/v1/completions", StubServer.Answer.status(status,
                "{\"object\":\"error\",\"message\":\"stub says " + status + "\",\"code\":" + status + "}"));
        GuidedSpeculativeChatModel model = wire(GuidedSpeculativeChatModel.builder(), remoteBase(server.url()),
                new TextReward()).build();

        assertThatThrownBy(() -> model.chat(ASK)).isExactlyInstanceOf(expected)
                .hasMessageContaining("stub says " + status).cause().isInstanceOf(GsiRemoteException.class)
                .extracting(e -> ((GsiRemoteException) e).status()).isEqualTo(status);
    }

    @Test
    void anUnreachableServerIsRetriable() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        GuidedSpeculativeChatModel model = wire(GuidedSpeculativeChatModel.builder(),
                remoteBase("http://127.0.0.1:" + freePort), new TextReward()).build();
        assertThatThrownBy(() -> model.chat(ASK)).isExactlyInstanceOf(RetriableException.class)
                .hasMessageContaining("could not be reached").hasCauseInstanceOf(GsiRemoteException.class);
    }

    @Test
    void theRequestDeadlineIsATimeout() {
        RewardScorer slow = (ctx, c) -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new TextReward().score(ctx, c);
        };
        GuidedSpeculativeChatModel model = wire(GuidedSpeculativeChatModel.builder(), new JlamaBaseModel(base, false),
                slow).options(
                        GsiOptions.builder().n(2).maxSteps(2).maxStepTokens(4).timeout(Duration.ofMillis(200))
                                .build())
                .build();
        assertThatThrownBy(() -> model.chat(ASK)).isExactlyInstanceOf(TimeoutException.class)
                .hasCauseInstanceOf(GsiTimeoutException.class);
    }

    @Test
    void anAnswerThatCannotBeRightIsAServerError() {
        RewardScorer nonsense = (ctx, c) -> new double[] { Double.NaN };
        GuidedSpeculativeChatModel model = wire(GuidedSpeculativeChatModel.builder(), new JlamaBaseModel(base, false),
                nonsense).build();
        assertThatThrownBy(() -> model.chat(ASK)).isExactlyInstanceOf(InternalServerException.class)
                .hasCauseInstanceOf(GsiInvalidResponseException.class);
    }

    @Test
    void otherGsiErrorsAreLangChain4jExceptionsAndForeignOnesPassUnchanged() {
        assertThat(GsiExceptions.toLangChain4j(new GsiException("odd"))).isExactlyInstanceOf(LangChain4jException.class)
                .hasMessage("odd").hasCauseInstanceOf(GsiException.class);
        IllegalStateException foreign = new IllegalStateException("the application's own");
        assertThat(GsiExceptions.toLangChain4j(foreign)).isSameAs(foreign);
        RateLimitException already = new RateLimitException("already LangChain4j's");
        assertThat(GsiExceptions.toLangChain4j(already)).isSameAs(already);
    }

    @Test
    void streamingReportsTheMappedExceptionThroughOnError() throws Exception {
        server.script("/v1/completions", StubServer.Answer.status(429, "{\"message\":\"slow down\"}"));
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        wire(GuidedSpeculativeStreamingChatModel.builder(), remoteBase(server.url()), new TextReward()).build()
                .chat(ASK, new StreamingChatResponseHandler() {
                    @Override
                    public void onCompleteResponse(ChatResponse response) {
                        error.complete(null);
                    }

                    @Override
                    public void onError(Throwable e) {
                        error.complete(e);
                    }
                });
        assertThat(error.get(30, TimeUnit.SECONDS)).isExactlyInstanceOf(RateLimitException.class)
                .hasCauseInstanceOf(GsiRemoteException.class);
    }

}
