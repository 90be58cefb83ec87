package io.github.gsi4j.core;

/**
 * Argument checks whose messages name the option and its allowed range.
 */
final class Checks {

    private Checks() {
    }

    static double inRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    static double inRangeExclusiveLow(String name, double value, double min, double max) {
        if (!(value > min && value <= max)) {
            throw new IllegalArgumentException(name + " must be in (" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    static double inOpenRange(String name, double value, double min, double max) {
        if (!(value > min && value < max)) {
            throw new IllegalArgumentException(name + " must be in (" + min + ", " + max + "), was " + value);
        }
        return value;
    }

    static int inRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    static double finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, was " + value);
        }
        return value;
    }

    static String notEmpty(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }
}
