package io.github.gsi4j.bench.math500;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The paper-style table of a results file: per policy, accuracy (mean ± standard deviation), seconds per step,
 * acceptance rate and base tokens generated per step, with the number of problems and of failed attempts. A
 * failed attempt counts as wrong, as in the GSI reference code. With several seeds the spread is over the seeds'
 * accuracies; with one it is the reference code's: over the accuracies of five consecutive groups of problems.
 * Standard deviations are population ones (numpy's {@code std}), as the reference reports them.
 */
final class PaperTable {

    /** One policy's row. */
    record Row(String policy, int seeds, int problems, int errors, double accuracy, double accuracyStd, String spreadOver,
            double secondsPerStep, double acceptance, double baseTokensPerStep) {
    }

    private PaperTable() {
    }

    /** The rows of {@code lines}, one per policy in order of appearance. */
    static List<Row> rows(List<JsonNode> lines) {
        Map<String, Map<Long, List<JsonNode>>> byPolicy = new LinkedHashMap<>();
        for (JsonNode l : lines) {
            byPolicy.computeIfAbsent(l.path("policy").asText(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(l.path("seed").asLong(), k -> new ArrayList<>()).add(l);
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Map<Long, List<JsonNode>>> e : byPolicy.entrySet()) {
            List<List<JsonNode>> seeds = new ArrayList<>(e.getValue().values());
            double[] accuracy = new double[seeds.size()];
            int errors = 0;
            long steps = 0;
            long draftSteps = 0;
            long baseTokens = 0;
            double seconds = 0;
            for (int s = 0; s < seeds.size(); s++) {
                int correct = 0;
                for (JsonNode l : seeds.get(s)) {
                    correct += l.path("correct").asBoolean() ? 1 : 0;
                    errors += l.hasNonNull("error") ? 1 : 0;
                    steps += l.path("steps").asLong();
                    draftSteps += l.path("draft_steps").asLong();
                    baseTokens += l.path("base_tokens_generated").asLong();
                    seconds += l.path("seconds").asDouble();
                }
                accuracy[s] = (double) correct / seeds.get(s).size();
            }
            boolean overSeeds = seeds.size() > 1;
            double[] spread = overSeeds ? accuracy : groupAccuracies(seeds.get(0), 5);
            rows.add(new Row(e.getKey(), seeds.size(), seeds.get(0).size(), errors, mean(accuracy), std(spread),
                    overSeeds ? seeds.size() + " seeds" : "5 groups", steps == 0 ? 0 : seconds / steps,
                    steps == 0 ? 0 : (double) draftSteps / steps, steps == 0 ? 0 : (double) baseTokens / steps));
        }
        return rows;
    }

    /** The accuracies of consecutive groups of n / groups problems (a last, shorter one too), as the reference groups. */
    static double[] groupAccuracies(List<JsonNode> lines, int groups) {
        int size = Math.max(1, lines.size() / groups);
        List<Double> out = new ArrayList<>();
        for (int start = 0; start < lines.size(); start += size) {
            List<JsonNode> g = lines.subList(start, Math.min(lines.size(), start + size));
            out.add(g.stream().filter(l -> l.path("correct").asBoolean()).count() / (double) g.size());
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Population standard deviation. */
    static double std(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / x.length);
    }

    /** The table as text. */
    static String format(List<Row> rows) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-22s %9s %-18s %-9s %9s %10s %12s %7s%n",
                "policy", "problems", "accuracy (%)", "spread", "s/step", "acceptance", "base tok/step", "errors"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-22s %9d %-18s %-9s %9.3f %9.1f%% %13.1f %7d%n", r.policy(), r.problems(),
                    String.format(Locale.ROOT, "%.1f ± %.1f", 100 * r.accuracy(), 100 * r.accuracyStd()), r.spreadOver(),
                    r.secondsPerStep(), 100 * r.acceptance(), r.baseTokensPerStep(), r.errors()));
        }
        return sb.toString();
    }
}
