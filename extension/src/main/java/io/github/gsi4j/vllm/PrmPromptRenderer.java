package io.github.gsi4j.vllm;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Renders a partial solution for a process reward model: ChatML with a system prompt, the question as
 * the user turn, and the steps as the assistant turn, each step followed by the step marker (the layout
 * of Qwen2.5-Math-PRM, whose marker is {@code <extra_0>}). With {@link StepLayout#CANDIDATE_MARKER} (the
 * default) steps are stripped of surrounding whitespace and the last marker scores the candidate step itself.
 * With {@link StepLayout#REFERENCE_SPLIT} the assistant turn is rendered as the GSI reference code renders it.
 *
 * <p>
 * vLLM tokenizes this text with the PRM's tokenizer, which turns every occurrence of the marker and of
 * the ChatML control tokens into those tokens, wherever they are. So the question and the steps (user and
 * model text) are neutralised first: in them, the marker and every {@code <|name|>} token get a zero-width
 * space (U+200B) after their first character, which makes them plain text to the tokenizer. A question or a
 * step that contains the marker therefore cannot add or move a reward position, and none can close the
 * user turn or open another. The system prompt is configuration and is sent as it is.
 *
 * @param systemPrompt the system turn
 * @param stepMarker the token the model scores after each step
 * @param layout how the steps become the assistant turn
 */
public record PrmPromptRenderer(String systemPrompt, String stepMarker, StepLayout layout) {

    /** How the accepted steps and the candidate become the PRM's assistant turn. */
    public enum StepLayout {
        /** Each step, stripped, followed by the marker: the last marker scores the candidate. The default. */
        CANDIDATE_MARKER,
        /**
         * The GSI reference code's rendering (its reward_hub): all steps concatenated, split on {@code "\n\n"},
         * the pieces joined with the marker, and one marker more at the end. A candidate ending with
         * {@code "\n\n"} leaves an empty last piece, so the last marker scores an empty segment after it.
         * Needed to reproduce the reference's numbers.
         */
        REFERENCE_SPLIT
    }

    /** What {@link StepLayout#REFERENCE_SPLIT} splits on (the reference's {@code step_sep}). */
    public static final String REFERENCE_STEP_SEPARATOR = "\n\n";

    /** The system prompt of Qwen2.5-Math-PRM's model card. */
    public static final String DEFAULT_SYSTEM_PROMPT = "Please reason step by step, and put your final answer within \\boxed{}.";
    public static final String DEFAULT_STEP_MARKER = "<extra_0>";

    private static final String ZERO_WIDTH_SPACE = "\u200B";
    private static final Pattern CONTROL_TOKEN = Pattern.compile("<(\\|[A-Za-z0-9_]{1,64}\\|>)");

    public PrmPromptRenderer {
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        Objects.requireNonNull(layout, "layout");
        if (stepMarker == null || stepMarker.isEmpty()) {
            throw new IllegalArgumentException("stepMarker must not be empty");
        }
    }

    /** A renderer with the default {@link StepLayout#CANDIDATE_MARKER} layout. */
    public PrmPromptRenderer(String systemPrompt, String stepMarker) {
        this(systemPrompt, stepMarker, StepLayout.CANDIDATE_MARKER);
    }

    /** Qwen2.5-Math-PRM's layout. */
    public static PrmPromptRenderer qwenMathPrm() {
        return new PrmPromptRenderer(DEFAULT_SYSTEM_PROMPT, DEFAULT_STEP_MARKER);
    }

    /** This renderer with another step layout. */
    public PrmPromptRenderer withLayout(StepLayout newLayout) {
        return new PrmPromptRenderer(systemPrompt, stepMarker, newLayout);
    }

    /** {@code text} with the step marker and the ChatML control tokens in it made plain text. */
    String neutralise(String text) {
        int first = stepMarker.offsetByCodePoints(0, 1);
        String out = first < stepMarker.length() ? text.replace(stepMarker, stepMarker.substring(0, first)
                + ZERO_WIDTH_SPACE + stepMarker.substring(first)) : text;
        return CONTROL_TOKEN.matcher(out).replaceAll("<" + ZERO_WIDTH_SPACE + "$1");
    }

    /** The text sent for {@code question} with {@code steps} (the last is the candidate). */
    public String render(String question, List<String> steps) {
        StringBuilder sb = new StringBuilder();
        sb.append("<|im_start|>system\n").append(systemPrompt).append("<|im_end|>\n");
        sb.append("<|im_start|>user\n").append(neutralise(question)).append("<|im_end|>\n");
        sb.append("<|im_start|>assistant\n");
        if (layout == StepLayout.REFERENCE_SPLIT) {
            return appendReferenceSplit(sb, steps).append("<|im_end|>\n").toString();
        }
        for (String step : steps) {
            sb.append(neutralise(step.strip())).append(stepMarker);
        }
        return sb.append("<|im_end|>\n").toString();
    }

    /** The reference's assistant turn: the joined steps split on the separator, joined with the marker, plus one. */
    private StringBuilder appendReferenceSplit(StringBuilder sb, List<String> steps) {
        String response = String.join("", steps);
        String[] pieces = response.split(Pattern.quote(REFERENCE_STEP_SEPARATOR), -1);
        for (String piece : pieces) {
            sb.append(neutralise(piece)).append(stepMarker);
        }
        return sb;
    }
}
