package io.github.gsi4j.core;

import java.util.OptionalDouble;

/**
 * The minimum best reward of a step, read by every policy: part of {@link GsiOptions}, set with its builder.
 *
 * @param value the minimum; absent (the default) turns it off (the GSI reference code uses 0.1 with
 *        {@link MinRewardAction#STOP})
 * @param action what a step whose best reward is below it does; default {@link MinRewardAction#FALL_BACK}
 */
public record MinReward(OptionalDouble value, MinRewardAction action) {

    /** Whether the minimum is on and the best of {@code rewards} is below it. */
    public boolean unmetBy(double[] rewards) {
        return value.isPresent() && LogMath.max(rewards) < value.getAsDouble();
    }
}
