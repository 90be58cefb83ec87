package io.github.gsi4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** Small PNG charts of the benchmark figures (XChart). */
final class Plots {

    static final int WIDTH = 720;
    static final int HEIGHT = 400;

    /** One named series of values, one per category or x value. */
    record Series(String name, double[] values) {
    }

    private Plots() {
    }

    /** A bar chart: one group of bars per category. */
    static void bars(Path file, String title, String yTitle, List<String> categories, List<Series> series) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("policy")
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendVisible(series.size() > 1)
                .setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLabelsVisible(false);
        for (Series s : series) {
            chart.addSeries(s.name(), categories, Arrays.stream(s.values()).boxed().toList());
        }
        save(chart, file);
    }

    /** A line chart with markers: one line per entry of {@code lines}. */
    static void lines(Path file, String title, String xTitle, String yTitle, double[] x, Map<String, double[]> lines) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE).setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        lines.forEach((name, y) -> chart.addSeries(name, x, y));
        save(chart, file);
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) {
        try {
            Files.createDirectories(file.getParent());
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
