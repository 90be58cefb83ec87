package io.github.gsi4j.core;

/**
 * Top-k and top-p filtering by partial selection, in expected time linear in the vocabulary: the kept
 * set is the one a sort by descending value (ties: lower id first) would give, found by repeated
 * three-way partitioning around a pivot value, descending only into the part that holds the boundary.
 * Removed entries become {@code -Infinity} in the scaled logits.
 */
final class Nucleus {

    private Nucleus() {
    }

    /** Keeps the k largest of {@code s} (exactly k: among equal values the lowest ids), the rest become −∞. */
    static void keepTopK(double[] s, int k) {
        double kth = select(s.clone(), s.length - k);
        int above = 0;
        for (double v : s) {
            if (v > kth) {
                above++;
            }
        }
        int ties = k - above;
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
        int[] idx = new int[s.length];
        int n = 0;
        for (int i = 0; i < s.length; i++) {
            if (s[i] != Double.NEGATIVE_INFINITY) {
                idx[n++] = i;
            }
        }
        // idx[0, lo) are kept, idx[hi, n) dropped, idx[lo, hi) undecided; above is the kept weight so far
        int lo = 0;
        int hi = n;
        double above = 0;
        int tiesFrom = -1;
        int tiesTo = -1;
        int tiesKept = 0;
        while (lo < hi) {
            double pivot = medianOfThree(s[idx[lo]], s[idx[(lo + hi) >>> 1]], s[idx[hi - 1]]);
            // three-way partition of idx[lo, hi): greater | equal | less (Dijkstra)
            int gt = lo;
            int i = lo;
            int lt = hi;
            double massGreater = 0;
            double massEqual = 0;
            while (i < lt) {
                int id = idx[i];
                double v = s[id];
                if (v > pivot) {
                    massGreater += w[id];
                    idx[i++] = idx[gt];
                    idx[gt++] = id;
                } else if (v < pivot) {
                    idx[i] = idx[--lt];
                    idx[lt] = id;
                } else {
                    massEqual += w[id];
                    i++;
                }
            }
            if (above + massGreater >= target) {
                hi = gt;
            } else if (above + massGreater + massEqual >= target) {
                double mass = above + massGreater;
                double each = w[idx[gt]];
                while (mass < target && tiesKept < lt - gt) {
                    mass += each;
                    tiesKept++;
                }
                tiesFrom = gt;
                tiesTo = lt;
                lo = gt;
                hi = gt;
            } else {
                above += massGreater + massEqual;
                lo = lt;
            }
        }
        // kept: idx[0, lo) plus, when the boundary fell among equal values, the tiesKept lowest ids of those
        boolean[] keep = new boolean[s.length];
        for (int i = 0; i < lo; i++) {
            keep[idx[i]] = true;
        }
        if (tiesFrom >= 0) {
            int[] ties = java.util.Arrays.copyOfRange(idx, tiesFrom, tiesTo);
            java.util.Arrays.sort(ties);
            for (int i = 0; i < tiesKept; i++) {
                keep[ties[i]] = true;
            }
        }
        double kept = 0;
        for (int i = 0; i < s.length; i++) {
            if (keep[i]) {
                kept += w[i];
            } else {
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
