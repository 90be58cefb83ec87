package io.github.gsi4j.vllm;

import java.util.List;
import java.util.Objects;

/**
 * Renders a partial solution for a process reward model: ChatML with a system prompt, the question as
 * the user turn, and the steps as the assistant turn, each step followed by the step marker (the layout
 * of Qwen2.5-Math-PRM, whose marker is {@code <extra_0>}). With {@link StepLayout#CANDIDATE_MARKER} (the
 * default) steps are stripped of surrounding whitespace and the last marker scores the candidate step itself.
 * With {@link StepLayout#REFERENCE_SPLIT} the assistant turn is rendered as the GSI reference code renders it.
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

    /** The text sent for {@code question} with {@code steps} (the last is the candidate). */
    public String render(String question, List<String> steps) {
        StringBuilder sb = new StringBuilder();
        sb.append("<|im_start|>system\n").append(systemPrompt).append("<|im_end|>\n");
        sb.append("<|im_start|>user\n").append(question).append("<|im_end|>\n");
        sb.append("<|im_start|>assistant\n");
        if (layout == StepLayout.REFERENCE_SPLIT) {
            return appendReferenceSplit(sb, steps).append("<|im_end|>\n").toString();
        }
        for (String step : steps) {
            sb.append(step.strip()).append(stepMarker);
        }
        return sb.append("<|im_end|>\n").toString();
    }

    /** The reference's assistant turn: the joined steps split on the separator, joined with the marker, plus one. */
    private StringBuilder appendReferenceSplit(StringBuilder sb, List<String> steps) {
        String response = String.join("", steps);
        String[] pieces = response.split(java.util.regex.Pattern.quote(REFERENCE_STEP_SEPARATOR), -1);
        for (String piece : pieces) {
            sb.append(piece).append(stepMarker);
        }
        return sb;
    }
}
