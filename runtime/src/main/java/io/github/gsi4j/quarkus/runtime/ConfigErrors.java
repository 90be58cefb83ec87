package io.github.gsi4j.quarkus.runtime;

import java.util.Optional;
import java.util.Set;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Start-up errors that name the property to fix: each value is handed to the library under the name of the
 * property it came from, so an {@link IllegalArgumentException} thrown for it is reported under that name.
 */
final class ConfigErrors {

    private ConfigErrors() {
    }

    /** Runs {@code setter}, reporting an {@link IllegalArgumentException} it throws under {@code property}. */
    static void set(String property, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw invalid(property, e.getMessage(), e);
        }
    }

    /** The value of a required property, or a start-up error saying why it is needed. */
    static <T> T required(Optional<T> value, String property, String why) {
        return value.orElseThrow(() -> invalid(property, "is required " + why, null));
    }

    /** A start-up error for {@code property}, its message starting with the property's name. */
    static ConfigurationException invalid(String property, String problem, Throwable cause) {
        return new ConfigurationException(property + ": " + problem, cause, Set.of(property));
    }
}
