package io.github.gsi4j.bench;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * A plain harness for end-to-end figures: warm-up runs, then repeated measured runs, reported as
 * min / median / max.
 *
 * @param min fastest run, in nanoseconds (or the unit the measured supplier returns)
 * @param median median run
 * @param max slowest run
 */
record Timing(double min, double median, double max) {

    /** Runs {@code run} {@code warmUp} times unmeasured, then {@code runs} times; it returns its own measure. */
    static Timing of(int warmUp, int runs, LongSupplier run) {
        for (int i = 0; i < warmUp; i++) {
            run.getAsLong();
        }
        double[] values = new double[runs];
        for (int i = 0; i < runs; i++) {
            values[i] = run.getAsLong();
        }
        Arrays.sort(values);
        return new Timing(values[0], values[runs / 2], values[runs - 1]);
    }

    /** Times {@code task} in nanoseconds. */
    static long nanos(Runnable task) {
        long t0 = System.nanoTime();
        task.run();
        return System.nanoTime() - t0;
    }

    String millis() {
        return String.format("%.1f / %.1f / %.1f ms", min / 1e6, median / 1e6, max / 1e6);
    }
}
