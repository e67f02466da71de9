package io.dioscope.report.chart;

import java.awt.Paint;
import java.io.OutputStream;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYIntervalSeries;

/**
 * The first chart a JVM draws pays for starting Java2D: loading its classes and the fonts, building
 * the glyph caches, the PNG encoder, JFreeChart's classes, none of it yet compiled; on a small trace
 * that is most of what a report costs beyond the analysis. {@link #start} does it on a thread of its
 * own while the model is built and the rules run (which leave a core idle on a small trace), by drawing
 * to PNG and SVG a chart made of the pieces the report's charts are made of.
 */
public final class ChartWarmUp {
    /**
     * Tick labels the warm-up formats: enough for C1 alone (a small run's compiler) to compile the method that
     * formats them, which 400 were not and 800 were (a JVM's -XX:+PrintCompilation).
     */
    private static final int TICK_LABELS = 1000;

    private ChartWarmUp() {}

    /** Starts the warm-up; the report draws the same way whether or not it has finished. */
    public static void start() {
        System.setProperty("java.awt.headless", "true");
        Thread t = new Thread(ChartWarmUp::run, "dioscope-chart-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        try {
            JFreeChart chart = chart(1);
            ChartWriter.writePng(ChartWriter.png(chart, 400, 300), OutputStream.nullOutputStream());
            ChartWriter.svg(chart, 400, 300);
            // a finding's charts are SVGs of up to 400 shapes: drawn once here, JFreeSVG's writing of paths and numbers
            // is compiled before the page (the sample's SVGs took 86 -> 74 ms of the page's phase, profiled)
            ChartWriter.svg(chart(SVG_SHAPES / AccessKind.values().length), 400, 300);
            // a tick label of a format with more than three decimals (a trace clock's seconds) goes through
            // DecimalFormat's subformatNumber (1,173 bytes of bytecode), one of the largest compilations of the
            // page's phase: formatted here until the JIT takes it, while a core is idle
            DecimalFormat seconds = new DecimalFormat(ChartStyle.SECONDS);
            StringBuilder sink = new StringBuilder();
            for (int i = 1; i <= TICK_LABELS; i++) sink.append(seconds.format(4108.2 + i * 0.0125));
        } catch (Exception | LinkageError e) {
            // nothing is lost but time: the report's own charts start Java2D then, or say why they cannot
        }
    }

    /** Markers and windows of the SVG the warm-up draws: as many as a finding's SVG chart may have. */
    private static final int SVG_SHAPES = ChartWriter.SVG_MAX_SHAPES;

    /** Windows, {@code perKind} markers of every kind with a count, a lane per plot, hex and symbol axes, notes, a legend. */
    private static JFreeChart chart(int perKind) {
        XYIntervalSeries windows = new XYIntervalSeries("windows");
        for (int w = 0; w < perKind; w++) windows.add(w, w, w + 10, 0, 0, 4096);
        List<AccessMarkers.Point> points = new ArrayList<>();
        for (int i = 0; i < perKind; i++) {
            for (AccessKind k : AccessKind.values()) points.add(new AccessMarkers.Point(k, k.ordinal() + i * 0.01, 2048 - i, 1 + k.ordinal() % 2));
        }
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(ChartStyle.sinceBeginAxis());
        XYPlot lane = new XYPlot(RaceMapChart.boxes(new XYIntervalSeries[] {windows}), null, new BandAxis("offset", List.of(new BandLayout.Band(0, 4096, 0, 1))),
                RaceMapChart.boxRenderer(new Paint[] {ChartStyle.WRITE_FILL}, new Paint[] {ChartStyle.WRITE_EDGE}, 1f));
        AccessMarkers markers = new AccessMarkers(points, true);
        lane.setDataset(1, markers.points);
        lane.setRenderer(1, markers.renderer);
        plot.add(lane);
        XYPlot tasks = new XYPlot(markers.points, null, new SymbolAxis("task", new String[] {"a", "b"}), markers.renderer);
        plot.add(tasks);
        JFreeChart chart = new JFreeChart("warm-up", ChartStyle.TITLE, plot, true);
        ChartStyle.apply(chart);
        ChartStyle.note(chart, "note");
        return chart;
    }
}
