package io.github.gsi4j.core;

/**
 * Which log-density a draft model reports for the steps it samples.
 */
public enum ProposalDensity {
    /**
     * The exact log-density of the distribution the tokens were sampled from (temperature, top-p and
     * top-k applied and renormalised). This makes GSI's importance weights correct; the default.
     */
    EXACT,
    /**
     * The model's raw log-probabilities at temperature 1, whatever the sampling temperature was. This
     * reproduces the GSI reference code (which samples at T = 0.7 but weights with T = 1 log-probs); it
     * biases the output away from the tilted target.
     */
    RAW
}
