package io.github.gsi4j.core;

/**
 * Top-k and top-p filtering in time linear in the vocabulary: the kept set is the one a sort by descending
 * value (ties: lower id first) would give, found with a histogram (for top-k, of the values: 4 096 buckets
 * between the smallest and the largest; for top-p, of the weights' masses over buckets of their exponent
 * bits) that locates the bucket holding the boundary, and an exact selection among that bucket's few
 * entries. Removed entries become {@code -Infinity} in the scaled logits.
 */
final class Nucleus {

    private static final int BUCKETS = 4096;

    private Nucleus() {
    }

    /** The buckets of the finite values of {@code s}: value v goes to {@code (int) ((v − low) · scale)}. */
    private record Histogram(double low, double scale) {
        static Histogram of(double[] s) {
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            for (double v : s) {
                if (v != Double.NEGATIVE_INFINITY) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
            return new Histogram(low, high > low ? (BUCKETS - 1) / (high - low) : 0);
        }

        int bucket(double v) {
            return (int) ((v - low) * scale);
        }
    }

    /** Keeps the k largest of {@code s} (exactly k: among equal values the lowest ids), the rest become −∞. */
    static void keepTopK(double[] s, int k) {
        Histogram h = Histogram.of(s);
        int[] counts = new int[BUCKETS];
        for (double v : s) {
            counts[h.bucket(v)]++;
        }
        int above = 0;
        int b = BUCKETS - 1;
        while (above + counts[b] < k) {
            above += counts[b--];
        }
        double[] boundary = new double[counts[b]];
        int n = 0;
        for (double v : s) {
            if (h.bucket(v) == b) {
                boundary[n++] = v;
            }
        }
        double kth = select(boundary, boundary.length - (k - above));
        int larger = 0;
        for (double v : s) {
            if (v > kth) {
                larger++;
            }
        }
        int ties = k - larger;
        for (int i = 0; i < s.length; i++) {
            if (s[i] > kth) {
                continue;
            }
            if (s[i] == kth && ties > 0) {
                ties--;
                continue;
            }
            s[i] = Double.NEGATIVE_INFINITY;
        }
    }

    /** The value of rank {@code rank} (0 = smallest) of {@code a}, which is reordered (Hoare's selection). */
    static double select(double[] a, int rank) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo < hi) {
            double pivot = medianOfThree(a[lo], a[(lo + hi) >>> 1], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (rank <= j) {
                hi = j;
            } else if (rank >= i) {
                lo = i;
            } else {
                return a[rank];
            }
        }
        return a[rank];
    }

    /**
     * Weights of at least 2^−{@value #OCTAVES} get buckets of their own: {@value #SUB_BUCKETS} per power of two,
     * so a bucket spans a weight ratio of at most 1 + 2^−7; smaller weights share bucket 0.
     */
    private static final int OCTAVES = 40;
    private static final int MANTISSA_BITS = 7;
    private static final int SUB_BUCKETS = 1 << MANTISSA_BITS;
    private static final int TOP_BUCKET = OCTAVES * SUB_BUCKETS + 1;
    /** The raw bits of 2^−OCTAVES, shifted as in {@link #weightBucket}, less one. */
    private static final int BUCKET_ORIGIN = (int) (Double.doubleToRawLongBits(Math.scalb(1.0, -OCTAVES)) >>> (52
            - MANTISSA_BITS)) - 1;

    /**
     * The bucket of a weight in [0, 1]: its exponent and its first {@value #MANTISSA_BITS} mantissa bits (the raw
     * bits of a non-negative double grow with its value, so the buckets are in the order of the weights),
     * 0 for weights below 2^−{@value #OCTAVES}, {@link #TOP_BUCKET} for 1.
     */
    static int weightBucket(double w) {
        int key = (int) (Double.doubleToRawLongBits(w) >>> (52 - MANTISSA_BITS)) - BUCKET_ORIGIN;
        return Math.max(0, Math.min(TOP_BUCKET, key));
    }

    /**
     * Keeps the smallest set of largest entries of {@code s} (ties: lower id first) whose weights
     * {@code w} reach {@code target} (all of them if they never do); the others become −∞ in s and 0 in w.
     * The weights are e^(s − max s), in [0, 1] and in the order of s: a histogram of their masses over
     * {@link #weightBucket}s (one pass) finds the bucket holding the boundary; a second pass removes the
     * entries below it and collects that bucket's entries, which are sorted exactly.
     *
     * @return the kept weights' sum
     */
    static double keepTopP(double[] s, double[] w, double target) {
        double[] mass = new double[TOP_BUCKET + 1];
        int[] counts = new int[TOP_BUCKET + 1];
        histogram(w, mass, counts);
        double above = 0;
        int b = TOP_BUCKET;
        while (b >= 0 && above + mass[b] < target) {
            above += mass[b--];
        }
        if (b < 0) { // rounding: the whole mass falls short of the target, so everything is kept
            double kept = 0;
            for (double v : w) {
                kept += v;
            }
            return kept;
        }
        int[] boundary = new int[counts[b]];
        int n = collect(s, w, b, boundary);
        removeBelow(s, w, b == 0 ? 0 : bucketStart(b));
        sortDescending(boundary, n, s);
        double kept = above;
        int i = 0;
        while (i < n && kept < target) {
            kept += w[boundary[i++]];
        }
        for (; i < n; i++) {
            s[boundary[i]] = Double.NEGATIVE_INFINITY;
            w[boundary[i]] = 0;
        }
        return kept;
    }

    /** The smallest weight of bucket {@code b} (1 ≤ b ≤ {@link #TOP_BUCKET}). */
    private static double bucketStart(int b) {
        return Double.longBitsToDouble((long) (b + BUCKET_ORIGIN) << (52 - MANTISSA_BITS));
    }

    private static void histogram(double[] w, double[] mass, int[] counts) {
        for (double v : w) {
            int k = weightBucket(v);
            mass[k] += v;
            counts[k]++;
        }
    }

    /**
     * The ids, ascending, of the entries kept so far in bucket {@code b} (a test that is rarely true, so its
     * branch is predicted well; comparing the weights with the bucket's bounds would branch at random).
     */
    private static int collect(double[] s, double[] w, int b, int[] ids) {
        int n = 0;
        for (int i = 0; i < w.length; i++) {
            if (weightBucket(w[i]) == b && s[i] != Double.NEGATIVE_INFINITY) {
                ids[n++] = i;
            }
        }
        return n;
    }

    private static final long NEGATIVE_INFINITY_BITS = Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY);

    /**
     * Removes the entries with a weight below {@code low}, with a mask made of the sign of w − low rather than a
     * branch: which entries fall below is as unpredictable as the weights, and the JIT compiles a conditional
     * store to a branch.
     */
    private static void removeBelow(double[] s, double[] w, double low) {
        for (int i = 0; i < w.length; i++) {
            double v = w[i];
            long below = Double.doubleToRawLongBits(v - low) >> 63; // all ones when v < low
            w[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(v) & ~below);
            s[i] = Double.longBitsToDouble((Double.doubleToRawLongBits(s[i]) & ~below) | (NEGATIVE_INFINITY_BITS & below));
        }
    }

    /** Sorts {@code ids[0, n)} by {@code s} descending, lower id first among equal values. */
    private static void sortDescending(int[] ids, int n, double[] s) {
        if (n < 2) {
            return;
        }
        // ids arrive ascending; a stable sort by value keeps lower ids first among ties
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(s[ids[i]]);
            long ordered = bits ^ ((bits >> 63) & Long.MAX_VALUE); // signed order of the longs = order of the doubles
            keys[i] = ordered;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Long.compare(keys[y], keys[x]));
        int[] sorted = new int[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = ids[order[i]];
        }
        System.arraycopy(sorted, 0, ids, 0, n);
    }

    private static double medianOfThree(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
