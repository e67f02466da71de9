package io.dioscope.report.chart;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.annotations.XYDataImageAnnotation;

/**
 * Windows too many to draw one by one, as a grid of cells shaded by how many windows cover each
 * (a log scale: one window must show, and a hundred must not wash out ten). The grid is one small
 * image stretched over the plot, a pixel a cell: tens of thousands of cells drawn as shapes would
 * cost the report more than the rest of the map. Cells never straddle two lanes: a lane is a whole
 * number of rows.
 */
final class WindowDensity {
    /** Grey, so that red windows and coloured markers stand out on it. */
    static final Color DARK = new Color(0x505050);

    private WindowDensity() {}

    /**
     * The density of the pieces, to draw behind what a plot's renderer draws; null when there are none.
     * @param cellX a cell's width in the time axis' units; rowsPerLane rows of cells in each lane
     */
    static XYDataImageAnnotation of(List<BandLayout.Piece> pieces, RaceMapChart.Clock clock, double cellX, int rowsPerLane) {
        if (pieces.isEmpty()) return null;
        long c0 = Long.MAX_VALUE;
        long c1 = Long.MIN_VALUE;
        long r0 = Long.MAX_VALUE;
        long r1 = Long.MIN_VALUE;
        long[][] spans = new long[pieces.size()][];
        for (int i = 0; i < pieces.size(); i++) {
            long[] s = span(pieces.get(i), clock, cellX, rowsPerLane);
            spans[i] = s;
            c0 = Math.min(c0, s[0]);
            c1 = Math.max(c1, s[1]);
            r0 = Math.min(r0, s[2]);
            r1 = Math.max(r1, s[3]);
        }
        int width = (int) (c1 - c0 + 1);
        int height = (int) (r1 - r0 + 1);
        int[] count = new int[width * height];
        int max = 1;
        for (long[] s : spans) max = Math.max(max, count(count, s, width, c0, r1));
        int[] argb = new int[count.length];
        int rgb = DARK.getRGB() & 0xffffff;
        double scale = Math.log1p(max);
        for (int i = 0; i < count.length; i++) argb[i] = shade(count[i], scale, rgb);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, width, height, argb, 0, width);
        return new XYDataImageAnnotation(image, c0 * cellX, r0 / (double) rowsPerLane, width * cellX,
                height / (double) rowsPerLane);
    }

    // The bodies of of()'s loops, as methods of their own: of() runs once per map, and its loops (a turn per
    // window, per cell) ran interpreted; a method called that often is compiled after a few hundred calls.

    /** [first column, last column, first row, last row] of the cells a piece covers. */
    private static long[] span(BandLayout.Piece p, RaceMapChart.Clock clock, double cellX, int rowsPerLane) {
        long[] s = {(long) Math.floor(clock.x(p.window().beginTs()) / cellX), (long) Math.floor(clock.x(p.window().endTs()) / cellX),
            (long) Math.floor(p.y0() * rowsPerLane), 0};
        s[3] = Math.max(s[2], (long) Math.ceil(p.y1() * rowsPerLane) - 1);
        return s;
    }

    /** Counts a window in each cell of its span; the most windows a cell of it now has. */
    private static int count(int[] count, long[] s, int width, long c0, long r1) {
        int max = 1;
        for (long r = s[2]; r <= s[3]; r++) {
            int row = (int) (r1 - r); // the image's first row is the top of the plot
            for (long c = s[0]; c <= s[1]; c++) max = Math.max(max, ++count[row * width + (int) (c - c0)]);
        }
        return max;
    }

    /** A cell of {@code n} windows as a pixel: transparent for none, darker for more ({@code scale}: log1p of the most). */
    private static int shade(int n, double scale, int rgb) {
        if (n == 0) return 0;
        double f = 0.12 + 0.45 * Math.log1p(n) / scale;
        return ((int) Math.round(255 * Math.min(1, f)) << 24) | rgb;
    }
}
