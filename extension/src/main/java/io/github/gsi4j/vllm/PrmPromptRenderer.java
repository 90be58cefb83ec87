package io.github.gsi4j.vllm;

import java.util.List;
import java.util.Objects;

/**
 * Renders a partial solution for a process reward model: ChatML with a system prompt, the question as
 * the user turn, and the steps as the assistant turn, each step followed by the step marker (the layout
 * of Qwen2.5-Math-PRM, whose marker is {@code <extra_0>}). Steps are stripped of surrounding whitespace.
 *
 * @param systemPrompt the system turn
 * @param stepMarker the token the model scores after each step
 */
public record PrmPromptRenderer(String systemPrompt, String stepMarker) {

    /** The system prompt of Qwen2.5-Math-PRM's model card. */
    public static final String DEFAULT_SYSTEM_PROMPT = "Please reason step by step, and put your final answer within \\boxed{}.";
    public static final String DEFAULT_STEP_MARKER = "<extra_0>";

    public PrmPromptRenderer {
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        if (stepMarker == null || stepMarker.isEmpty()) {
            throw new IllegalArgumentException("stepMarker must not be empty");
        }
    }

    /** Qwen2.5-Math-PRM's layout. */
    public static PrmPromptRenderer qwenMathPrm() {
        return new PrmPromptRenderer(DEFAULT_SYSTEM_PROMPT, DEFAULT_STEP_MARKER);
    }

    /** The text sent for {@code question} with {@code steps} (the last is the candidate). */
    public String render(String question, List<String> steps) {
        StringBuilder sb = new StringBuilder();
        sb.append("<|im_start|>system\n").append(systemPrompt).append("<|im_end|>\n");
        sb.append("<|im_start|>user\n").append(question).append("<|im_end|>\n");
        sb.append("<|im_start|>assistant\n");
        for (String step : steps) {
            sb.append(step.strip()).append(stepMarker);
        }
        return sb.append("<|im_end|>\n").toString();
    }
}
