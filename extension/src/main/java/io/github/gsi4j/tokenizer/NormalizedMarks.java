package io.github.gsi4j.tokenizer;

import java.util.BitSet;
import java.util.function.UnaryOperator;

/**
 * Carries the data marks of a piece of text over to its normalized form: exactly when the piece is one kind
 * throughout, or when normalizing each run of one kind separately gives the same text as normalizing the
 * whole (true unless a normal form composes across a run boundary); otherwise the whole piece counts as
 * data, which only means that no special token is matched inside it.
 */
final class NormalizedMarks {

    private NormalizedMarks() {
    }

    static BitSet of(String segment, BitSet marks, UnaryOperator<String> normalizer, String normalized) {
        if (marks == null || marks.isEmpty()) {
            return null;
        }
        BitSet out = new BitSet(normalized.length());
        if (marks.nextClearBit(0) >= segment.length()) {
            out.set(0, normalized.length());
            return out;
        }
        StringBuilder joined = new StringBuilder(normalized.length());
        int start = 0;
        while (start < segment.length()) {
            boolean kind = marks.get(start);
            int end = kind ? marks.nextClearBit(start) : marks.nextSetBit(start);
            if (end < 0 || end > segment.length()) {
                end = segment.length();
            }
            String run = normalizer.apply(segment.substring(start, end));
            if (kind) {
                out.set(joined.length(), joined.length() + run.length());
            }
            joined.append(run);
            start = end;
        }
        if (!joined.toString().equals(normalized)) {
            out.set(0, normalized.length());
        }
        return out;
    }
}
