package io.dioscope.report.chart;

import java.awt.Color;
import java.awt.Paint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Windows too many to draw one by one, as a grid of cells shaded by how many windows cover each
 * (a log scale: one window must show, and a hundred must not wash out ten). Cells never straddle two
 * lanes: a lane is a whole number of rows.
 */
record WindowDensity(DefaultXYZDataset dataset, XYBlockRenderer renderer) {
    /** Grey, so that red windows and coloured markers stand out on it. */
    static final Color DARK = new Color(0x505050);

    private record Cell(long column, long row) {}

    /** @param cellX a cell's width in the time axis' units; rowsPerLane rows of cells in each lane */
    static WindowDensity of(List<BandLayout.Piece> pieces, RaceMapChart.Clock clock, double cellX, int rowsPerLane) {
        double cellY = 1.0 / rowsPerLane;
        Map<Cell, double[]> cells = new HashMap<>();
        for (BandLayout.Piece p : pieces) {
            long c0 = (long) Math.floor(clock.x(p.window().beginTs()) / cellX);
            long c1 = (long) Math.floor(clock.x(p.window().endTs()) / cellX);
            long r0 = (long) Math.floor(p.y0() / cellY);
            long r1 = Math.max(r0, (long) Math.ceil(p.y1() / cellY) - 1);
            for (long c = c0; c <= c1; c++) {
                for (long r = r0; r <= r1; r++) cells.computeIfAbsent(new Cell(c, r), k -> new double[1])[0]++;
            }
        }
        double max = 1;
        for (double[] v : cells.values()) max = Math.max(max, v[0]);
        double[][] xyz = new double[3][cells.size()];
        int i = 0;
        for (Map.Entry<Cell, double[]> e : cells.entrySet()) {
            xyz[0][i] = e.getKey().column() * cellX;
            xyz[1][i] = e.getKey().row() * cellY;
            xyz[2][i] = e.getValue()[0];
            i++;
        }
        DefaultXYZDataset d = new DefaultXYZDataset();
        d.addSeries("windows", xyz);
        XYBlockRenderer r = new XYBlockRenderer();
        r.setBlockWidth(cellX);
        r.setBlockHeight(cellY);
        r.setBlockAnchor(RectangleAnchor.BOTTOM_LEFT);
        double top = max;
        r.setPaintScale(new PaintScale() {
            @Override
            public double getLowerBound() {
                return 0;
            }

            @Override
            public double getUpperBound() {
                return top;
            }

            @Override
            public Paint getPaint(double value) {
                double f = 0.12 + 0.45 * Math.log1p(value) / Math.log1p(top);
                return new Color(DARK.getRed(), DARK.getGreen(), DARK.getBlue(), (int) Math.round(255 * Math.min(1, f)));
            }
        });
        return new WindowDensity(d, r);
    }
}
