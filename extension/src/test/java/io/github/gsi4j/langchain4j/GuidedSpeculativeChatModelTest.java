package io.github.gsi4j.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import io.github.gsi4j.core.GsiException;
import io.github.gsi4j.core.GsiInvalidRequestException;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.Policy;
import io.github.gsi4j.core.RewardScorer;
import io.github.gsi4j.jlama.JlamaBaseModel;
import io.github.gsi4j.jlama.JlamaDraftModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.testing.Bigram;
import io.github.gsi4j.testing.StreamCollector;
import io.github.gsi4j.testing.TextReward;
import io.github.gsi4j.testing.TinyModels;

class GuidedSpeculativeChatModelTest {

    static JlamaModel draft;
    static JlamaModel base;
    static final GsiOptions OPTIONS = GsiOptions.builder().n(3).beta(5).maxSteps(4).maxStepTokens(6).seed(7).build();

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

    static <B extends GsiChatModelBuilder<B>> B wire(B builder, RecordingModels rec, RewardScorer reward) {
        return builder.draftModel(rec.draft(new JlamaDraftModel(draft, false))).chatTemplate(ChatTemplate.of(draft))
                .baseModel(rec.base(new JlamaBaseModel(base, false))).rewardScorer(reward).options(OPTIONS);
    }

    static GuidedSpeculativeChatModel model(RecordingModels rec) {
        return wire(GuidedSpeculativeChatModel.builder(), rec, new TextReward()).build();
    }

    static ChatRequest ask(String question) {
        return ChatRequest.builder().messages(UserMessage.from(question)).build();
    }

    @Test
    void answersWithTextFinishReasonTokenUsageAndGsiStats() {
        Bigram bigram = Bigram.answering("What is 2 + 2?", " The answer is 4.\n\n");
        try (JlamaModel m = JlamaModel.load(bigram.folder())) {
            GuidedSpeculativeChatModel model = GuidedSpeculativeChatModel.builder()
                    .draftModel(new JlamaDraftModel(m, false)).baseModel(new JlamaBaseModel(m, false))
                    .rewardScorer(new TextReward()).options(OPTIONS).modelName("gsi-test").build();
            ChatResponse r = model.chat(ask("What is 2 + 2?"));

            assertThat(r.aiMessage().text()).isEqualTo(" The answer is 4.\n\n");
            assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(r.modelName()).isEqualTo("gsi-test");
            assertThat(r.tokenUsage().inputTokenCount()).isEqualTo(bigram.prompt().length);
            GsiChatResponseMetadata meta = (GsiChatResponseMetadata) r.metadata();
            assertThat(r.tokenUsage().outputTokenCount()).isEqualTo((int) meta.stats().outputTokens());
            assertThat(meta.stats().steps()).isEqualTo(2);
            assertThat(meta.policy()).isEqualTo(Policy.GSI);
            assertThat(meta.bypassed()).isFalse();
            assertThat(meta.gsiFinishReason()).isEqualTo(io.github.gsi4j.core.FinishReason.END_OF_SEQUENCE);
        }
    }

    @Test
    void streamingEmitsEachStepAndCompletesWithTheBlockingAnswer() throws Exception {
        ChatResponse blocking = model(new RecordingModels()).chat(ask("What is 2 + 2?"));

        StreamCollector stream = new StreamCollector();
        GuidedSpeculativeStreamingChatModel streaming = wire(GuidedSpeculativeStreamingChatModel.builder(),
                new RecordingModels(), new TextReward()).build();
        streaming.chat(ask("What is 2 + 2?"), stream);
        ChatResponse streamed = stream.await(60);
        List<String> partials = stream.partials();
        GsiChatResponseMetadata meta = (GsiChatResponseMetadata) streamed.metadata();

        assertThat(String.join("", partials)).isEqualTo(blocking.aiMessage().text()).isEqualTo(streamed.aiMessage().text());
        assertThat(partials).hasSize(meta.stats().steps());
        assertThat(meta.stats().steps()).isEqualTo(((GsiChatResponseMetadata) blocking.metadata()).stats().steps());
        assertThat(streamed.tokenUsage()).isEqualTo(blocking.tokenUsage());
    }

    @Test
    void parametersMapOntoTheEngine() {
        RecordingModels rec = new RecordingModels();
        GuidedSpeculativeChatModel model = wire(GuidedSpeculativeChatModel.builder(), rec, new TextReward())
                .defaultRequestParameters(GsiChatRequestParameters.builder().n(2).build()).build();
        ChatResponse r = model.chat(ChatRequest.builder().messages(UserMessage.from("What is 2 + 2?"))
                .parameters(GsiChatRequestParameters.builder().temperature(0.3).topP(0.9).topK(17).maxOutputTokens(5)
                        .policy(Policy.SOFT_BON_DRAFT).beta(2.0).seed(11L).trace(true).build())
                .build());

        RecordingModels.Call first = rec.drafts().get(0);
        assertThat(first.n()).as("n from the default parameters").isEqualTo(2);
        assertThat(first.params().temperature()).isEqualTo(0.3);
        assertThat(first.params().topP()).isEqualTo(0.9);
        assertThat(first.params().topK()).isEqualTo(17);
        assertThat(first.params().maxTokens()).isEqualTo(5);
        assertThat(rec.calls).extracting(RecordingModels.Call::what).doesNotContain("score", "sample");
        GsiChatResponseMetadata meta = (GsiChatResponseMetadata) r.metadata();
        assertThat(meta.policy()).isEqualTo(Policy.SOFT_BON_DRAFT);
        assertThat(meta.stats().seed()).isEqualTo(11);
        assertThat(meta.trace()).hasSize(meta.stats().steps());
        assertThat(r.tokenUsage().outputTokenCount()).isLessThanOrEqualTo(5);
        assertThat(r.finishReason()).isIn(FinishReason.LENGTH, FinishReason.STOP);
    }

    @Test
    void stopSequencesCutTheAnswer() {
        Bigram bigram = Bigram.answering("What is 2 + 2?", " The answer is 4.\n\n");
        try (JlamaModel m = JlamaModel.load(bigram.folder())) {
            GuidedSpeculativeChatModel model = GuidedSpeculativeChatModel.builder()
                    .draftModel(new JlamaDraftModel(m, false)).baseModel(new JlamaBaseModel(m, false))
                    .rewardScorer(new TextReward()).options(OPTIONS).build();
            ChatResponse r = model.chat(ChatRequest.builder().messages(UserMessage.from("What is 2 + 2?"))
                    .parameters(GsiChatRequestParameters.builder().stopSequences(" is").build()).build());
            assertThat(r.aiMessage().text()).isEqualTo(" The answer");
            assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        }
    }

    @Test
    void badInputIsRejectedBeforeAnyModelWork() {
        RecordingModels rec = new RecordingModels();
        GuidedSpeculativeChatModel model = model(rec);
        assertThatThrownBy(() -> model.chat(ChatRequest.builder().messages(UserMessage.from("hi"))
                .parameters(GsiChatRequestParameters.builder().maxOutputTokens(0).build()).build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasCauseInstanceOf(GsiInvalidRequestException.class).hasMessageContaining("maxOutputTokens must be positive")
                .hasMessageContaining("GSI model 'gsi'");
        assertThatThrownBy(() -> model.chat(ChatRequest.builder().messages(UserMessage.from("hi"))
                .parameters(GsiChatRequestParameters.builder().n(0).build()).build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasCauseInstanceOf(GsiInvalidRequestException.class).hasMessageContaining("n must be in [1, 4096]");
        assertThatThrownBy(() -> model.chat(ChatRequest.builder().messages(UserMessage.from("hi"))
                .parameters(GsiChatRequestParameters.builder().n(65).build()).build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasCauseInstanceOf(GsiInvalidRequestException.class)
                .hasMessageContaining("n is 65, more than the 64 candidates");
        assertThatThrownBy(() -> model.chat(ChatRequest.builder().messages(UserMessage.from("hi"))
                .parameters(GsiChatRequestParameters.builder().frequencyPenalty(0.5).build()).build()))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("frequencyPenalty");
        assertThatThrownBy(() -> model.chat(ask("apples ".repeat(3000))))
                .isInstanceOf(InvalidRequestException.class)
                .hasCauseInstanceOf(GsiInvalidRequestException.class).hasMessageContaining("context window of 2048")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("/"));
        assertThatThrownBy(() -> model.chat(ChatRequest.builder().messages(List.of()).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        List<dev.langchain4j.data.message.ChatMessage> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(UserMessage.from("hi"));
        }
        assertThatThrownBy(() -> model.chat(ChatRequest.builder().messages(many).build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasCauseInstanceOf(GsiInvalidRequestException.class).hasMessageContaining("at most 1000 messages");
        assertThat(rec.calls).isEmpty();
    }

    @Test
    void aPromptThatCannotFitIsRefusedWithoutRenderingOrEncodingIt() {
        RecordingModels rec = new RecordingModels();
        ChatTemplate real = ChatTemplate.of(draft);
        java.util.concurrent.atomic.AtomicInteger rendered = new java.util.concurrent.atomic.AtomicInteger();
        ChatTemplate counting = new ChatTemplate() {
            @Override
            public int[] encode(List<dev.langchain4j.data.message.ChatMessage> messages) {
                rendered.incrementAndGet();
                return real.encode(messages);
            }

            @Override
            public int contextLength() {
                return real.contextLength();
            }

            @Override
            public long tokensAtLeast(List<dev.langchain4j.data.message.ChatMessage> messages, long limit) {
                return real.tokensAtLeast(messages, limit);
            }
        };
        GuidedSpeculativeChatModel model = wire(GuidedSpeculativeChatModel.builder(), rec, new TextReward())
                .chatTemplate(counting).build();
        // a million characters of short words: far more tokens than the window of 2048
        assertThatThrownBy(() -> model.chat(ask("ab cd ".repeat(200_000))))
                .isInstanceOf(InvalidRequestException.class)
                .hasCauseInstanceOf(GsiInvalidRequestException.class).hasMessageContaining("has at least")
                .hasMessageContaining("context window of 2048");
        assertThat(rendered).as("the prompt was never rendered and encoded whole").hasValue(0);
        assertThat(rec.calls).isEmpty();
        model.chat(ask("What is 2 + 2?"));
        assertThat(rendered).hasValue(1);
    }

    @Test
    void listenersSeeRequestBeforeWorkThenResponseWithSharedAttributes() {
        RecordingModels rec = new RecordingModels();
        List<Object> seen = new CopyOnWriteArrayList<>();
        ChatModelListener listener = new ChatModelListener() {
            @Override
            public void onRequest(ChatModelRequestContext ctx) {
                rec.events.add("onRequest");
                ctx.attributes().put("id", "42");
                seen.add(ctx.chatRequest().parameters());
            }

            @Override
            public void onResponse(ChatModelResponseContext ctx) {
                rec.events.add("onResponse");
                seen.add(ctx.attributes().get("id"));
                seen.add(ctx.chatResponse());
            }

            @Override
            public void onError(ChatModelErrorContext ctx) {
                rec.events.add("onError");
            }
        };
        ChatModelListener throwing = new ChatModelListener() {
            @Override
            public void onRequest(ChatModelRequestContext ctx) {
                throw new IllegalStateException("a broken listener");
            }

            @Override
            public void onResponse(ChatModelResponseContext ctx) {
                throw new IllegalStateException("a broken listener");
            }
        };
        GuidedSpeculativeChatModel model = wire(GuidedSpeculativeChatModel.builder(), rec, new TextReward())
                .listeners(List.of(throwing, listener)).build();
        ChatResponse response = model.chat(ask("What is 2 + 2?"));

        assertThat(rec.events.get(0)).isEqualTo("onRequest");
        assertThat(rec.events.get(1)).isEqualTo("draft");
        assertThat(rec.events.get(rec.events.size() - 1)).isEqualTo("onResponse");
        assertThat(seen.get(1)).isEqualTo("42");
        assertThat(seen.get(2)).isSameAs(response);
    }

    @Test
    void listenersSeeErrorsWithTheAttributesOfTheirRequest() {
        RecordingModels rec = new RecordingModels();
        List<Object> errors = new CopyOnWriteArrayList<>();
        ChatModelListener listener = new ChatModelListener() {
            @Override
            public void onRequest(ChatModelRequestContext ctx) {
                ctx.attributes().put("id", "7");
            }

            @Override
            public void onError(ChatModelErrorContext ctx) {
                errors.add(ctx.attributes().get("id"));
                errors.add(ctx.error());
            }
        };
        RewardScorer failing = (ctx, c) -> {
            throw new GsiException("reward server down");
        };
        GuidedSpeculativeChatModel model = wire(GuidedSpeculativeChatModel.builder(), rec, failing)
                .listeners(List.of(listener)).build();
        assertThatThrownBy(() -> model.chat(ask("What is 2 + 2?"))).isExactlyInstanceOf(LangChain4jException.class)
                .hasMessage("reward server down").hasCauseInstanceOf(GsiException.class);
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).isEqualTo("7");
        assertThat(errors.get(1)).isInstanceOf(LangChain4jException.class);
    }

    @Test
    void streamingReportsAFailureOnceAndNeverCompletes() throws Exception {
        RewardScorer failing = (ctx, c) -> {
            throw new GsiException("reward server down");
        };
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<ChatResponse> completions = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        wire(GuidedSpeculativeStreamingChatModel.builder(), new RecordingModels(), failing).build()
                .chat(ask("What is 2 + 2?"), new dev.langchain4j.model.chat.response.StreamingChatResponseHandler() {
                    @Override
                    public void onCompleteResponse(ChatResponse response) {
                        completions.add(response);
                        finished.complete(null);
                    }

                    @Override
                    public void onError(Throwable error) {
                        errors.add(error);
                        finished.complete(null);
                    }
                });
        finished.get(60, TimeUnit.SECONDS);
        Thread.sleep(200);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).hasMessage("reward server down");
        assertThat(completions).isEmpty();
    }

    @Test
    void cancellingAStreamStopsDecodingAtTheNextStep() throws Exception {
        RecordingModels rec = new RecordingModels();
        GsiOptions longAnswer = OPTIONS.toBuilder().maxSteps(30).maxStepTokens(3).stepDelimiter("\u0000never").build();
        List<String> partials = new CopyOnWriteArrayList<>();
        List<Object> ends = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> firstPartial = new CompletableFuture<>();
        GuidedSpeculativeStreamingChatModel streaming = wire(GuidedSpeculativeStreamingChatModel.builder(), rec,
                new TextReward()).options(longAnswer).build();
        streaming.chat(ask("What is 2 + 2?"), new dev.langchain4j.model.chat.response.StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(dev.langchain4j.model.chat.response.PartialResponse partial,
                    dev.langchain4j.model.chat.response.PartialResponseContext context) {
                partials.add(partial.text());
                context.streamingHandle().cancel();
                firstPartial.complete(null);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                ends.add(response);
            }

            @Override
            public void onError(Throwable error) {
                ends.add(error);
            }
        });
        firstPartial.get(60, TimeUnit.SECONDS);
        Thread.sleep(500);
        assertThat(partials).hasSize(1);
        assertThat(ends).isEmpty();
        assertThat(rec.drafts()).hasSize(1);
    }

    @Test
    void aSystemMessageIsPartOfThePromptAndTheQuestionIsTheLastUserMessage() {
        RecordingModels rec = new RecordingModels();
        List<String> questions = new CopyOnWriteArrayList<>();
        RewardScorer reward = (ctx, c) -> {
            questions.add(ctx.question());
            return new TextReward().score(ctx, c);
        };
        ChatResponse r = wire(GuidedSpeculativeChatModel.builder(), rec, reward).build()
                .chat(ChatRequest.builder().messages(SystemMessage.from("Be brief."), UserMessage.from("First question"),
                        dev.langchain4j.data.message.AiMessage.from("An answer"), UserMessage.from("What is 2 + 2?"))
                        .build());
        assertThat(questions).isNotEmpty().allMatch("What is 2 + 2?"::equals);
        assertThat(r.tokenUsage().inputTokenCount()).isEqualTo(draft.encodeChat(List.of(SystemMessage.from("Be brief."),
                UserMessage.from("First question"), dev.langchain4j.data.message.AiMessage.from("An answer"),
                UserMessage.from("What is 2 + 2?"))).length);
    }
}
