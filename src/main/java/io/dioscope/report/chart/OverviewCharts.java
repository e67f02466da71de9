package io.dioscope.report.chart;

import io.dioscope.report.Finding;
import io.dioscope.report.Numbers;
import io.dioscope.rules.Severity;
import java.awt.Color;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The charts of the overview: direct-write latency, writes in flight over time, findings per rule and inode. */
public final class OverviewCharts {
    static final int MAX_STEPS = 2000;
    private static final Color[] SEVERITY = {new Color(0x7f7f7f), new Color(0xff7f0e), new Color(0xd62728)};

    private OverviewCharts() {}

    /** Histogram of begin -> complete of completed direct writes, in microseconds. */
    public static ChartFile latency(List<long[]> spans, long untrusted, String title, ChartWriter out, String name)
            throws Exception {
        double[] us = spans.stream().filter(s -> s[2] == 1).mapToDouble(s -> (s[1] - s[0]) / 1e3).toArray();
        if (us.length == 0) return null;
        double[] sorted = us.clone();
        Arrays.sort(sorted);
        // a long tail would squeeze every bar into the first bin: cut at the 99.5th percentile and say so
        double cut = sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * 0.995))];
        double[] shown = Arrays.stream(us).filter(v -> v <= cut).toArray();
        HistogramDataset ds = new HistogramDataset();
        ds.addSeries("completed direct writes", shown, 50);
        NumberAxis x = new NumberAxis("begin to completion (us)");
        NumberAxis y = new NumberAxis("writes");
        XYBarRenderer r = new XYBarRenderer();
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, ChartStyle.WRITE_EDGE);
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, new XYPlot(ds, x, y, r), false);
        ChartStyle.apply(chart);
        ChartStyle.note(chart, String.format("%s writes; median %.0f us, p99 %.0f us, max %.0f us%s",
                Numbers.grouped(us.length), sorted[sorted.length / 2], sorted[(int) Math.floor((sorted.length - 1) * 0.99)],
                sorted[sorted.length - 1], shown.length < us.length
                        ? "; " + (us.length - shown.length) + " slowest (> " + Math.round(cut) + " us) beyond the axis" : "")
                + (untrusted > 0 ? "; " + Numbers.grouped(untrusted) + " begun where the trace lost events left out" : ""));
        return out.write(chart, name, 540, 320, ChartWriter.Format.PNG, "Histogram of direct-write latency");
    }

    /** Direct writes in flight over time (the maximum of each time bucket when there are more steps than pixels). */
    public static ChartFile inFlight(List<long[]> spans, long untrusted, String title, ChartWriter out, String name)
            throws Exception {
        if (spans.isEmpty()) return null;
        List<long[]> steps = new ArrayList<>();
        for (long[] s : spans) {
            steps.add(new long[] {s[0], 1});
            steps.add(new long[] {s[1], -1});
        }
        steps.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        long first = steps.get(0)[0];
        long last = steps.get(steps.size() - 1)[0];
        XYSeries series = new XYSeries("direct writes in flight", false, true);
        String note = null;
        long n = 0;
        if (steps.size() <= MAX_STEPS) {
            for (long[] s : steps) {
                n += s[1];
                series.add(s[0] / 1e9, n);
            }
        } else {
            long bucket = Math.max(1, (last - first) / (MAX_STEPS / 2));
            long bucketStart = first;
            long max = 0;
            for (long[] s : steps) {
                while (s[0] >= bucketStart + bucket) {
                    series.add(bucketStart / 1e9, max);
                    bucketStart += bucket;
                    max = n;
                }
                n += s[1];
                max = Math.max(max, n);
            }
            series.add(bucketStart / 1e9, max);
            note = "Each step is the most in flight during " + Numbers.duration(bucket) + " (" + Numbers.grouped(steps.size())
                    + " changes aggregated)";
        }
        NumberAxis x = new NumberAxis("time (s, trace clock)");
        x.setNumberFormatOverride(new DecimalFormat(ChartStyle.SECONDS));
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("in flight");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYStepRenderer r = new XYStepRenderer();
        r.setSeriesPaint(0, ChartStyle.WRITE_EDGE);
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, new XYPlot(new XYSeriesCollection(series), x, y, r), false);
        ChartStyle.apply(chart);
        if (untrusted > 0) {
            String left = Numbers.grouped(untrusted) + " writes begun where the trace lost events left out";
            note = note == null ? left : note + "; " + left;
        }
        ChartStyle.note(chart, note);
        return out.write(chart, name, 540, 320, ChartWriter.Format.PNG, "Direct writes in flight over time");
    }

    /** Findings per rule, stacked by severity. */
    public static ChartFile perRule(List<Finding> findings, ChartWriter out, String name) throws Exception {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (Finding f : findings) counts.computeIfAbsent(f.rule(), k -> new long[3])[f.severity().ordinal()]++;
        return bars(counts, "Findings per rule", "rule", out, name, "Bar chart of findings per rule");
    }

    /** Findings per file (device and inode), stacked by severity. */
    public static ChartFile perInode(List<Finding> findings, ChartWriter out, String name) throws Exception {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (Finding f : findings) {
            String key = "trace " + f.traceId() + ", " + (f.path() != null ? f.path()
                    : f.dev() + (f.blockLayerOnly() ? " (block layer)" : " ino " + f.ino()));
            counts.computeIfAbsent(key, k -> new long[3])[f.severity().ordinal()]++;
        }
        return bars(counts, "Findings per file", "file", out, name, "Bar chart of findings per inode");
    }

    private static ChartFile bars(Map<String, long[]> counts, String title, String axis, ChartWriter out, String name, String alt)
            throws Exception {
        // one bar says nothing the table does not: no chart
        if (counts.size() < 2) return null;
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            for (Severity s : Severity.values()) ds.addValue(e.getValue()[s.ordinal()], s.label(), e.getKey());
        }
        StackedBarRenderer r = new StackedBarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        for (Severity s : Severity.values()) r.setSeriesPaint(s.ordinal(), SEVERITY[s.ordinal()]);
        CategoryAxis cat = new CategoryAxis(axis);
        cat.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        NumberAxis value = new NumberAxis("findings");
        value.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CategoryPlot plot = new CategoryPlot(ds, cat, value, r);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(ChartStyle.GRID);
        plot.setRangeGridlineStroke(ChartStyle.GRIDLINE);
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return out.write(chart, name, 540, 420, ChartWriter.Format.PNG, alt);
    }
}
