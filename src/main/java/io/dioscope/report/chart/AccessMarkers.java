package io.dioscope.report.chart;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Accesses drawn as markers: one series per kind, in that kind's colour and shape. */
final class AccessMarkers {
    final XYSeriesCollection points = new XYSeriesCollection();
    final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);

    AccessMarkers(List<ChartData.Access> markers, ToDoubleFunction<ChartData.Access> x,
            ToDoubleFunction<ChartData.Access> y) {
        Map<AccessKind, XYSeries> byKind = new EnumMap<>(AccessKind.class);
        for (ChartData.Access a : markers) {
            byKind.computeIfAbsent(a.kind(), k -> new XYSeries(k.label, false, true))
                    .add(x.applyAsDouble(a), y.applyAsDouble(a));
        }
        int i = 0;
        for (Map.Entry<AccessKind, XYSeries> e : byKind.entrySet()) {
            points.addSeries(e.getValue());
            renderer.setSeriesPaint(i, e.getKey().color);
            renderer.setSeriesShape(i, e.getKey().shape);
            i++;
        }
    }
}
