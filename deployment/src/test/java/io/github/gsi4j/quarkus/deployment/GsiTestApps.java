package io.github.gsi4j.quarkus.deployment;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.gsi4j.core.RewardContext;
import io.github.gsi4j.core.RewardScorer;
import io.github.gsi4j.core.StepCandidate;
import io.quarkus.test.QuarkusUnitTest;

/** Shared set-up of the extension's unit tests: an application whose default chat model is GSI. */
final class GsiTestApps {

    private GsiTestApps() {
    }

    /** An application with the tiny fixture models as draft and embedded base (see {@link TinyApp}). */
    static QuarkusUnitTest app(Class<?>... classes) {
        return TinyApp.with(classes);
    }

    /** Every message in a failure's cause chain. */
    static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }

    /** A reward scorer bean: every step 0.5. */
    @ApplicationScoped
    public static class ConstantReward implements RewardScorer {
        @Override
        public double[] score(RewardContext context, List<StepCandidate> candidates) {
            double[] r = new double[candidates.size()];
            java.util.Arrays.fill(r, 0.5);
            return r;
        }
    }
}
