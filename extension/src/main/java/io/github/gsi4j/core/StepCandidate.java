package io.github.gsi4j.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * One candidate reasoning step: the tokens a model produced after a prefix, their text, and the
 * log-density of those tokens under the distribution they were <em>sampled from</em>.
 *
 * <p>
 * For a draft candidate, {@code logProb} is log q(y | x) of the proposal actually used (temperature,
 * top-p and top-k applied and renormalised); the importance weight of GSI is only correct with this
 * density. For a base sample it is informational. The token array is copied on construction and must
 * not be modified through {@link #tokens()}.
 *
 * @param tokens the token ids of the step, at least one
 * @param text the decoded text of the step (without an end-of-sequence marker)
 * @param logProb log-density of {@code tokens} under the sampling distribution; finite, at most 0
 * @param endsSequence whether the step ended with the model's end-of-sequence token
 */
public record StepCandidate(int[] tokens, String text, double logProb, boolean endsSequence) {

    public StepCandidate {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(text, "text");
        tokens = tokens.clone();
    }

    /** The number of tokens of this step. */
    public int size() {
        return tokens.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepCandidate other
                && Arrays.equals(tokens, other.tokens)
                && text.equals(other.text)
                && Double.compare(logProb, other.logProb) == 0
                && endsSequence == other.endsSequence;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(tokens), text, logProb, endsSequence);
    }

    @Override
    public String toString() {
        return "StepCandidate[tokens=" + Arrays.toString(tokens) + ", text=" + quote(text)
                + ", logProb=" + logProb + ", endsSequence=" + endsSequence + "]";
    }

    private static String quote(String s) {
        return '"' + s.replace("\n", "\\n") + '"';
    }
}
