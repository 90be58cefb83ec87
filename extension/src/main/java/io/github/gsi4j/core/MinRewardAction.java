package io.github.gsi4j.core;

/**
 * What a step does when its best reward is below {@link GsiOptions#minReward()}.
 */
public enum MinRewardAction {
    /**
     * The answer ends here, without the step ({@link FinishReason#MIN_REWARD}). Checked on the drafts of every
     * policy that drafts, and again on the base samples of a fallback. This is the GSI reference code's
     * behaviour (minimum reward 0.1); an answer ended this way usually has no final answer.
     */
    STOP,
    /**
     * GSI skips its acceptance test and falls back to base samples; other policies are unaffected. The default.
     */
    FALL_BACK
}
