package io.github.gsi4j.core;

import static io.github.gsi4j.core.FastExp.INVERSE_FACTORIALS;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FastExp}'s sums four lanes at a time, with its operations in its order, so the bits are the same.
 * Loaded only when {@link #usable()}: the rest of the core does not need the incubator module.
 */
final class VectorExp {

    private VectorExp() {
    }

    /**
     * Whether the {@code jdk.incubator.vector} module is in the boot layer and the CPU has vectors of at least
     * 256 bits (narrower ones would run the four-lane species in software).
     */
    static boolean usable() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return Lanes.usable();
        } catch (LinkageError e) {
            return false;
        }
    }

    static double weigh(double[] x, double max, double[] weights) {
        return Lanes.weigh(x, max, weights);
    }

    static double sumExp(float[] x, int offset, int n, double max) {
        return Lanes.sumExp(x, offset, n, max);
    }

    /** The Vector API code, in a class of its own so that {@link #usable()} can run without the module. */
    private static final class Lanes {
        private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;
        private static final VectorSpecies<Float> F = FloatVector.SPECIES_128;

        static boolean usable() {
            return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
        }

        /** e^v per lane: 0 for −∞, lanes below {@link FastExp#SMALLEST} (or NaN) by {@link Math#exp}. */
        private static DoubleVector exp(DoubleVector v) {
            DoubleVector t = v.mul(FastExp.LOG2_E).add(FastExp.SHIFT);
            DoubleVector kd = t.sub(FastExp.SHIFT);
            LongVector k = t.reinterpretAsLongs().sub(FastExp.SHIFT_BITS);
            DoubleVector r = v.sub(kd.mul(FastExp.LN2_HIGH)).sub(kd.mul(FastExp.LN2_LOW));
            DoubleVector p = DoubleVector.broadcast(D, INVERSE_FACTORIALS[0]);
            for (int i = 1; i < INVERSE_FACTORIALS.length; i++) {
                p = p.mul(r).add(INVERSE_FACTORIALS[i]);
            }
            p = p.mul(r).add(1);
            p = p.mul(r).add(1);
            DoubleVector e = k.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles().mul(p);
            // −∞ (a token removed by top-k) weighs 0, as Math.exp says, without leaving the vector path
            VectorMask<Double> removed = v.compare(VectorOperators.EQ, Double.NEGATIVE_INFINITY);
            e = e.blend(0.0, removed);
            VectorMask<Double> outside = v.compare(VectorOperators.LT, FastExp.SMALLEST).andNot(removed)
                    .or(v.test(VectorOperators.IS_NAN));
            if (outside.anyTrue()) {
                double[] lanes = e.toArray();
                double[] in = v.toArray();
                for (int j = 0; j < lanes.length; j++) {
                    if (outside.laneIsSet(j)) {
                        lanes[j] = Math.exp(in[j]);
                    }
                }
                e = DoubleVector.fromArray(D, lanes, 0);
            }
            return e;
        }

        static double weigh(double[] x, double max, double[] weights) {
            DoubleVector sums = DoubleVector.zero(D);
            int n = x.length;
            int i = 0;
            for (; i + 4 <= n; i += 4) {
                DoubleVector w = exp(DoubleVector.fromArray(D, x, i).sub(max));
                w.intoArray(weights, i);
                sums = sums.add(w);
            }
            double s0 = sums.lane(0);
            for (; i < n; i++) {
                s0 += weights[i] = FastExp.exp(x[i] - max);
            }
            return ((s0 + sums.lane(1)) + sums.lane(2)) + sums.lane(3);
        }

        static double sumExp(float[] x, int offset, int n, double max) {
            DoubleVector sums = DoubleVector.zero(D);
            int i = 0;
            for (; i + 4 <= n; i += 4) {
                DoubleVector v = (DoubleVector) FloatVector.fromArray(F, x, offset + i).convertShape(VectorOperators.F2D, D,
                        0);
                sums = sums.add(exp(v.sub(max)));
            }
            double s0 = sums.lane(0);
            for (; i < n; i++) {
                s0 += FastExp.exp(x[offset + i] - max);
            }
            return ((s0 + sums.lane(1)) + sums.lane(2)) + sums.lane(3);
        }
    }
}
