package io.dioscope.report.chart;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * The offset axis of a {@link BandLayout}: every lane of a band is a copy of the band's offsets, so
 * each lane gets its own hex ticks, at a power of two far enough apart for their labels; a label that
 * would crowd the one below it is left out.
 */
final class BandAxis extends NumberAxis {
    /** Pixels between two labels, at least. */
    private static final double LABEL_PX = 13;
    /** Pixels between two ticks of a lane, at least. */
    private static final double TICK_PX = 28;

    private final transient List<BandLayout.Band> bands;
    private final HexOffsetFormat hex = new HexOffsetFormat();

    BandAxis(String label, List<BandLayout.Band> bands) {
        super(label);
        this.bands = bands;
        setAutoRange(false);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        List<ValueTick> ticks = new ArrayList<>();
        double pxPerLane = Math.abs(valueToJava2D(1, dataArea, edge) - valueToJava2D(0, dataArea, edge));
        double last = Double.NaN;
        for (BandLayout.Band b : bands) {
            long bytes = b.to() - b.from();
            double pxPerByte = pxPerLane * (1 - 2 * BandLayout.MARGIN) / bytes;
            long step = Long.highestOneBit(Math.max(1, bytes));
            while (step > 512 && (step / 2) * pxPerByte >= TICK_PX) step /= 2;
            // tall lanes each get the band's offsets; short ones share one label at the band's foot
            boolean each = pxPerLane >= 2 * TICK_PX;
            for (int lane = 0; lane < (each ? b.lanes() : 1); lane++) {
                for (long o = Math.max(0, Math.floorDiv(b.from() + step - 1, step) * step); o < b.to(); o += step) {
                    last = tick(ticks, b.y(lane, o), o, last, dataArea, edge);
                }
            }
            boolean lastBand = b == bands.get(bands.size() - 1);
            if (each || lastBand) last = tick(ticks, b.y(b.lanes() - 1, b.to()), b.to(), last, dataArea, edge);
        }
        return ticks;
    }

    /** Adds a tick at {@code y} labelled {@code offset} unless it would crowd the last; the pixel of the last kept. */
    private double tick(List<ValueTick> ticks, double y, long offset, double last, Rectangle2D dataArea, RectangleEdge edge) {
        double px = valueToJava2D(y, dataArea, edge);
        if (!Double.isNaN(last) && Math.abs(px - last) < LABEL_PX) return last;
        ticks.add(new NumberTick(y, hex.format(offset), TextAnchor.CENTER_RIGHT, TextAnchor.CENTER_RIGHT, 0));
        return px;
    }
}
