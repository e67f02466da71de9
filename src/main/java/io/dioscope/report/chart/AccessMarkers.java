package io.dioscope.report.chart;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Accesses drawn as markers: one series per kind, in that kind's colour and shape. A marker that
 * stands for several accesses of its kind too close to tell apart is labelled with their count.
 */
final class AccessMarkers {
    /** A marker: where, of what kind, for how many accesses. */
    record Point(AccessKind kind, double x, double y, int count) {}

    final XYSeriesCollection points = new XYSeriesCollection();
    final XYLineAndShapeRenderer renderer = new MarkerRenderer();

    AccessMarkers(List<ChartData.Access> markers, ToDoubleFunction<ChartData.Access> x,
            ToDoubleFunction<ChartData.Access> y) {
        this(markers.stream().map(a -> new Point(a.kind(), x.applyAsDouble(a), y.applyAsDouble(a), 1)).toList(), true);
    }

    private static void add(Map<AccessKind, XYSeries> byKind, Map<AccessKind, List<Integer>> counts, Point p) {
        byKind.computeIfAbsent(p.kind(), k -> new XYSeries(k.label, false, true)).add(p.x(), p.y(), false);
        counts.computeIfAbsent(p.kind(), k -> new ArrayList<>()).add(p.count());
    }

    /** {@code counted}: a marker of several accesses is labelled with their number. */
    AccessMarkers(List<Point> markers, boolean counted) {
        Map<AccessKind, XYSeries> byKind = new EnumMap<>(AccessKind.class);
        Map<AccessKind, List<Integer>> counts = new EnumMap<>(AccessKind.class);
        // a method per marker: this constructor runs once per chart, and its loop (thousands of markers) ran
        // interpreted; a method called that often is compiled after a few hundred calls
        for (Point p : markers) add(byKind, counts, p);
        List<List<Integer>> bySeries = new ArrayList<>();
        int i = 0;
        for (Map.Entry<AccessKind, XYSeries> e : byKind.entrySet()) {
            points.addSeries(e.getValue());
            bySeries.add(counts.get(e.getKey()));
            renderer.setSeriesPaint(i, e.getKey().color);
            renderer.setSeriesShape(i, e.getKey().shape);
            renderer.setLegendShape(i, e.getKey().legendShape);
            i++;
        }
        if (counted && markers.stream().anyMatch(p -> p.count() > 1)) {
            renderer.setDefaultItemLabelGenerator((dataset, series, item) -> {
                int n = bySeries.get(series).get(item);
                return n > 1 ? Integer.toString(n) : null;
            });
            renderer.setDefaultItemLabelFont(ChartStyle.COUNT);
            renderer.setDefaultItemLabelsVisible(true);
        }
    }
}
