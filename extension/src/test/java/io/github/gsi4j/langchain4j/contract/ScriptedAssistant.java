package io.github.gsi4j.langchain4j.contract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import io.github.gsi4j.core.BaseModel;
import io.github.gsi4j.core.DraftModel;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.RewardScorer;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.langchain4j.ChatTemplate;
import io.github.gsi4j.langchain4j.GsiChatModelBuilder;
import io.github.gsi4j.langchain4j.GuidedSpeculativeChatModel;
import io.github.gsi4j.langchain4j.GuidedSpeculativeStreamingChatModel;

/**
 * A scripted draft and base pair for LangChain4j's contract suites, implementing GSI's {@link DraftModel} and
 * {@link BaseModel} SPIs: both "know" the suites' questions ({@link KnownAnswers}), so the suites' content
 * assertions ("the answer contains Berlin") can be met without a real language model, while the GSI engine,
 * the chat template's prompt, the LangChain4j adapters, listeners and streaming all run for real.
 *
 * <p>
 * One token per character (its code point); the chat template renders each message as a role line and its
 * text. Reading the prompt and the accepted steps back from the prefix, the draft proposes the known answer's
 * next paragraph (up to the step delimiter and the step's token budget) with log-density 0 (a deterministic
 * proposal); the base model gives the known next step log-probability log 0.9 and anything else −20, and falls
 * back to the same paragraph; the reward is 0.9 for the known next step and 0.1 otherwise.
 */
final class ScriptedAssistant {

    static final String MODEL_NAME = "gsi-contract";
    private static final char ROLE = '\u0002';
    private static final char END = '\u0003';
    private static final String ASSISTANT = ROLE + "assistant\n";

    private ScriptedAssistant() {
    }

    /** A blocking GSI model on the scripted pair. */
    static GuidedSpeculativeChatModel chatModel(ChatRequestParameters defaults, ChatModelListener... listeners) {
        return wire(GuidedSpeculativeChatModel.builder(), defaults, listeners).build();
    }

    /** A streaming GSI model on the scripted pair. */
    static GuidedSpeculativeStreamingChatModel streamingModel(ChatRequestParameters defaults,
            ChatModelListener... listeners) {
        return wire(GuidedSpeculativeStreamingChatModel.builder(), defaults, listeners).build();
    }

    private static <B extends GsiChatModelBuilder<B>> B wire(B builder, ChatRequestParameters defaults,
            ChatModelListener... listeners) {
        return builder.draftModel(new Draft()).baseModel(new Base()).rewardScorer(reward()).chatTemplate(TEMPLATE)
                .options(GsiOptions.builder().n(2).seed(17).build()).modelName(MODEL_NAME)
                .defaultRequestParameters(defaults).listeners(List.of(listeners));
    }

    /** Messages as a role line and text each, then the assistant's role line; one token per character. */
    static final ChatTemplate TEMPLATE = new ChatTemplate() {
        @Override
        public int[] encode(List<ChatMessage> messages) {
            StringBuilder sb = new StringBuilder();
            for (ChatMessage m : messages) {
                sb.append(ROLE).append(role(m)).append('\n').append(text(m)).append(END);
            }
            return sb.append(ASSISTANT).codePoints().toArray();
        }

        @Override
        public int contextLength() {
            return 100_000;
        }
    };

    private static String role(ChatMessage m) {
        return switch (m) {
            case SystemMessage s -> "system";
            case UserMessage u -> "user";
            case AiMessage a -> "assistant";
            case ToolExecutionResultMessage t -> "tool";
            default -> m.type().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String text(ChatMessage m) {
        return switch (m) {
            case SystemMessage s -> s.text();
            case UserMessage u -> u.contents().stream().filter(TextContent.class::isInstance)
                    .map(c -> ((TextContent) c).text()).collect(Collectors.joining("\n"));
            case AiMessage a -> a.text() == null ? "" : a.text();
            case ToolExecutionResultMessage t -> t.text();
            default -> "";
        };
    }

    /** The known answer to the conversation in {@code prefix}, and what of it {@code prefix} already has. */
    private record Progress(String answer, String soFar) {
        static Progress of(int[] prefix) {
            String all = new String(prefix, 0, prefix.length);
            int answerStart = all.lastIndexOf(ASSISTANT) + ASSISTANT.length();
            String answer = KnownAnswers.answer(conversation(all.substring(0, answerStart - ASSISTANT.length())));
            return new Progress(answer, all.substring(answerStart));
        }

        boolean continuedBy(String text) {
            return !text.isEmpty() && answer.startsWith(soFar + text);
        }
    }

    /** The known next step after {@code prefix} (the prompt and the steps accepted so far), or null. */
    static StepCandidate knownNextStep(int[] prefix, SamplingParams params) {
        Progress p = Progress.of(prefix);
        if (!p.answer().startsWith(p.soFar()) || p.soFar().length() == p.answer().length()) {
            return null;
        }
        String rest = p.answer().substring(p.soFar().length());
        int delimiter = rest.indexOf(params.stepDelimiter());
        String step = delimiter < 0 ? rest : rest.substring(0, delimiter + params.stepDelimiter().length());
        int[] tokens = step.codePoints().limit(params.maxTokens()).toArray();
        String text = new String(tokens, 0, tokens.length);
        return new StepCandidate(tokens, text, 0, p.soFar().length() + text.length() == p.answer().length());
    }

    private static List<KnownAnswers.Turn> conversation(String rendered) {
        List<KnownAnswers.Turn> turns = new ArrayList<>();
        for (String message : rendered.split(String.valueOf(END))) {
            int start = message.indexOf(ROLE);
            int newline = message.indexOf('\n', start);
            if (start >= 0 && newline > start) {
                turns.add(new KnownAnswers.Turn(message.substring(start + 1, newline), message.substring(newline + 1)));
            }
        }
        return turns;
    }

    /** A step for a prefix the script does not know (ends the answer). */
    private static StepCandidate unknown() {
        return new StepCandidate(new int[] { '.' }, ".", 0, true);
    }

    /** Proposes the known answer's next step, n times. */
    static final class Draft implements DraftModel {
        @Override
        public List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, RandomGenerator random) {
            StepCandidate next = knownNextStep(prefix, params);
            return Collections.nCopies(n, next == null ? unknown() : next);
        }
    }

    /** Scores a continuation of the known answer as likely, anything else as very unlikely; falls back to it. */
    static final class Base implements BaseModel {
        @Override
        public double[] logProbs(int[] prefix, List<StepCandidate> candidates) {
            Progress p = Progress.of(prefix);
            return candidates.stream().mapToDouble(c -> p.continuedBy(c.text()) ? Math.log(0.9) : -20).toArray();
        }

        @Override
        public List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, long seed) {
            StepCandidate next = knownNextStep(prefix, params);
            return Collections.nCopies(n, next == null ? unknown() : next);
        }
    }

    /** 0.9 for a continuation of the known answer, 0.1 for anything else. */
    static RewardScorer reward() {
        return (context, candidates) -> {
            String prompt = new String(context.promptTokens(), 0, context.promptTokens().length);
            Progress p = Progress.of((prompt + context.partialSolution()).codePoints().toArray());
            return candidates.stream().mapToDouble(c -> p.continuedBy(c.text()) ? 0.9 : 0.1).toArray();
        };
    }
}
