package io.github.gsi4j.core;

import java.time.Duration;
import java.util.Optional;

/**
 * What a request does when a model is unavailable, and how long it may take: part of {@link GsiOptions}, set with its builder.
 *
 * @param baseOnFailure what a step does when the base model is unavailable; default {@link FailureMode#FAIL}
 * @param rewardOnFailure what a step does when the reward model is unavailable; default
 *        {@link FailureMode#FAIL}
 * @param timeout the deadline of a whole request; absent (the default) means none beyond each call's own
 *        timeout
 */
public record FailureHandling(FailureMode baseOnFailure, FailureMode rewardOnFailure, Optional<Duration> timeout) {
}
