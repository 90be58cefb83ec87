package io.github.gsi4j.core;

/**
 * Top-k and top-p filtering in time linear in the vocabulary: the kept set is the one a sort by descending
 * value (ties: lower id first) would give, found with a histogram of the values (4 096 buckets between the
 * smallest and the largest, one pass over the vocabulary in order) that locates the bucket holding the
 * boundary, and an exact selection among that bucket's few entries. Removed entries become
 * {@code -Infinity} in the scaled logits.
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
     * Keeps the smallest set of largest entries of {@code s} (ties: lower id first) whose weights
     * {@code w} reach {@code target} (all of them if they never do); the others become −∞ in s and 0 in w.
     *
     * @return the kept weights' sum
     */
    static double keepTopP(double[] s, double[] w, double target) {
        Histogram h = Histogram.of(s);
        double[] mass = new double[BUCKETS];
        int[] bucket = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            if (s[i] != Double.NEGATIVE_INFINITY) {
                bucket[i] = h.bucket(s[i]);
                mass[bucket[i]] += w[i];
            } else {
                bucket[i] = -1;
            }
        }
        double above = 0;
        int b = BUCKETS - 1;
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
        // the boundary bucket's entries in sort order (value descending, id ascending), taken while short of target
        int count = 0;
        for (int i = 0; i < s.length; i++) {
            if (bucket[i] == b) {
                count++;
            }
        }
        Integer[] ids = new Integer[count];
        int n = 0;
        for (int i = 0; i < s.length; i++) {
            if (bucket[i] == b) {
                ids[n++] = i;
            }
        }
        java.util.Arrays.sort(ids, (x, y) -> {
            int c = Double.compare(s[y], s[x]);
            return c != 0 ? c : Integer.compare(x, y);
        });
        double acc = above;
        int last = -1; // the last kept entry of the boundary bucket, in sort order
        for (int i = 0; i < ids.length && acc < target; i++) {
            acc += w[ids[i]];
            last = ids[i];
        }
        double lastValue = last < 0 ? Double.POSITIVE_INFINITY : s[last];
        double kept = 0;
        for (int i = 0; i < s.length; i++) {
            int bi = bucket[i];
            if (bi > b || (bi == b && (s[i] > lastValue || (s[i] == lastValue && i <= last)))) {
                kept += w[i];
            } else if (bi >= 0) {
                s[i] = Double.NEGATIVE_INFINITY;
                w[i] = 0;
            }
        }
        return kept;
    }

    private static double medianOfThree(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
