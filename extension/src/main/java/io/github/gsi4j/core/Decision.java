package io.github.gsi4j.core;

/**
 * A policy's decision on one step's drafts.
 *
 * @param kind what to do
 * @param index the draft picked (accepted, or picked and rejected before a fallback); -1 if none
 * @param reason why the step falls back, null otherwise
 */
record Decision(Kind kind, int index, String reason) {

    enum Kind {
        /** Accept draft {@code index}. */
        ACCEPT,
        /** Accept draft {@code index} untested, as the replacement of a rejected draft. */
        REPLACE,
        /** Accept one fresh, untested draft (importance resampling with a single draft). */
        RESAMPLE,
        /** Sample n base steps and pick one by reward. */
        FALLBACK
    }

    static Decision accept(int index) {
        return new Decision(Kind.ACCEPT, index, null);
    }

    static Decision replace(int index) {
        return new Decision(Kind.REPLACE, index, null);
    }

    static Decision resample() {
        return new Decision(Kind.RESAMPLE, -1, null);
    }

    static Decision fallback(int pickedIndex, String reason) {
        return new Decision(Kind.FALLBACK, pickedIndex, reason);
    }
}
