package io.github.gsi4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.github.gsi4j.core.Policy;

/** The quick suite's results: the table of figures against their goals, and the CSV of every measured value. */
final class SuiteResults {

    private final List<String[]> csv = new ArrayList<>();
    private final List<String[]> table = new ArrayList<>();

    /** One measured value for the CSV. */
    void csv(String figure, Policy policy, String metric, double value) {
        csv.add(new String[] { figure, policy == null ? "" : policy.name(), metric,
                String.format(Locale.ROOT, "%.6f", value) });
    }

    /** One row of the table: a figure, what was measured, its goal and whether it was met. */
    void row(String figure, String measured, String goal, boolean met) {
        table.add(new String[] { figure, measured, goal, met ? "met" : "NOT met" });
    }

    /** Prints the table, sorted by figure. */
    void printTable() {
        table.sort(Comparator.comparing(r -> r[0]));
        System.out.printf("%n%-28s | %-95s | %-20s | %s%n", "figure", "measured", "goal", "");
        System.out.println("-".repeat(160));
        for (String[] r : table) {
            System.out.printf("%-28s | %-95s | %-20s | %s%n", (Object[]) r);
        }
    }

    /** Writes the CSV to {@code file}, creating its folder. */
    void writeCsv(Path file) {
        StringBuilder sb = new StringBuilder("figure,policy,metric,value\n");
        csv.forEach(r -> sb.append(String.join(",", r)).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
