package io.dioscope.report.chart;

import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.concurrent.ConcurrentHashMap;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.entity.EntityCollection;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYDataset;
import org.jfree.svg.SVGGraphics2D;

/**
 * Markers without lines, as {@link XYLineAndShapeRenderer} draws them (each a filled shape with an
 * outline in its series' paint), but stamped into a PNG: a series' marker is drawn once into a small
 * image for each quarter-pixel position and copied onto the chart at every point. Filling and stroking
 * an anti-aliased shape thousands of times was the largest part of drawing the captured read-vs-mmap
 * race's zooms and task timelines. The stamp sits at most an eighth of a pixel from where the shape
 * would be. An SVG, or a chart that collects entities (tooltips, image maps), gets shapes as before.
 */
final class MarkerRenderer extends XYLineAndShapeRenderer {
    private static final long serialVersionUID = 1L;
    /** Positions per pixel a stamp is drawn for, either way. */
    private static final int STEPS = 4;

    /** A marker drawn into an image, to be copied with its top left corner at the point plus (dx, dy). */
    private record Stamp(BufferedImage image, int dx, int dy) {}

    /**
     * This chart's stamps, by series and then by position in the pixel (fx * STEPS + fy): an array, since it
     * is looked up for every marker (a record key's hashCode and equals, through method handles, were a
     * third of what the lookups of the captured read-vs-mmap race's 25,000 markers cost before they were
     * compiled).
     */
    private transient Stamp[][] stamps = new Stamp[0][];

    MarkerRenderer() {
        super(false, true);
    }

    @Override
    protected void drawSecondaryPass(Graphics2D g2, XYPlot plot, XYDataset dataset, int pass, int series, int item,
            ValueAxis domainAxis, Rectangle2D dataArea, ValueAxis rangeAxis, CrosshairState crosshairState,
            EntityCollection entities) {
        if (g2 instanceof SVGGraphics2D || entities != null || plot.getOrientation() != PlotOrientation.VERTICAL
                || !getItemShapeVisible(series, item)) {
            super.drawSecondaryPass(g2, plot, dataset, pass, series, item, domainAxis, dataArea, rangeAxis,
                    crosshairState, entities);
            return;
        }
        double x = dataset.getXValue(series, item);
        double y = dataset.getYValue(series, item);
        if (Double.isNaN(x) || Double.isNaN(y)) return;
        double px = domainAxis.valueToJava2D(x, dataArea, plot.getDomainAxisEdge());
        double py = rangeAxis.valueToJava2D(y, dataArea, plot.getRangeAxisEdge());
        long qx = Math.round(px * STEPS);
        long qy = Math.round(py * STEPS);
        Stamp s = stamp(g2, series, item, (int) Math.floorMod(qx, STEPS), (int) Math.floorMod(qy, STEPS));
        int left = (int) Math.floorDiv(qx, STEPS) + s.dx();
        int top = (int) Math.floorDiv(qy, STEPS) + s.dy();
        if (dataArea.intersects(left, top, s.image().getWidth(), s.image().getHeight())) {
            g2.drawImage(s.image(), left, top, null);
        }
        if (isItemLabelVisible(series, item)) {
            drawItemLabel(g2, PlotOrientation.VERTICAL, dataset, series, item, px, py, y < 0.0);
        }
        updateCrosshairValues(crosshairState, x, y, plot.indexOf(dataset), px, py, PlotOrientation.VERTICAL);
    }

    /** The series' marker drawn at (fx, fy) quarters of a pixel right of and below a pixel's corner. */
    private Stamp stamp(Graphics2D g2, int series, int item, int fx, int fy) {
        if (series >= stamps.length) stamps = java.util.Arrays.copyOf(stamps, series + 1);
        if (stamps[series] == null) stamps[series] = new Stamp[STEPS * STEPS];
        Stamp s = stamps[series][fx * STEPS + fy];
        if (s != null) return s;
        boolean filled = getItemShapeFilled(series, item);
        boolean outlined = getDrawOutlines();
        Look look = new Look(getItemShape(series, item),
                filled ? (getUseFillPaint() ? getItemFillPaint(series, item) : getItemPaint(series, item)) : null,
                outlined ? (getUseOutlinePaint() ? getItemOutlinePaint(series, item) : getItemPaint(series, item)) : null,
                getItemOutlineStroke(series, item), g2.getRenderingHints(), fx, fy);
        s = DRAWN.computeIfAbsent(look, MarkerRenderer::draw);
        stamps[series][fx * STEPS + fy] = s;
        return s;
    }

    /**
     * What a stamp is drawn from: the marker's shape, its fill and outline paints (null: none), the outline's
     * stroke, the chart's rendering hints, and where in its pixel it is. Not a record: a record's equals and
     * hashCode go through method handles, linked at their first call on each thread that makes it and slow
     * until compiled (profiled: 5-10 ms of a report's chart threads and its warm-up).
     */
    private static final class Look {
        private final Shape shape;
        private final Paint fill;
        private final Paint outline;
        private final Stroke stroke;
        private final RenderingHints hints;
        private final int fx;
        private final int fy;
        private final int hash;

        Look(Shape shape, Paint fill, Paint outline, Stroke stroke, RenderingHints hints, int fx, int fy) {
            this.shape = shape;
            this.fill = fill;
            this.outline = outline;
            this.stroke = stroke;
            this.hints = hints;
            this.fx = fx;
            this.fy = fy;
            this.hash = java.util.Objects.hash(shape, fill, outline, stroke, hints, fx, fy);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Look l && l.hash == hash && l.fx == fx && l.fy == fy && l.shape.equals(shape)
                    && java.util.Objects.equals(l.fill, fill) && java.util.Objects.equals(l.outline, outline)
                    && l.stroke.equals(stroke) && l.hints.equals(hints);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * Every stamp drawn in this JVM, for every chart that draws the same marker: the charts of a report
     * share their kinds' shapes and colours, and drawing a chart's stamps (up to sixteen positions of each
     * kind it shows) was two thirds of what its markers cost (the captured read-vs-mmap race's 13 PNGs).
     * A stamp is an image no one draws into once made, copied from by any thread.
     */
    private static final ConcurrentHashMap<Look, Stamp> DRAWN = new ConcurrentHashMap<>();

    private static Stamp draw(Look look) {
        // room for the outline and the anti-aliasing around the shape
        Rectangle2D b = look.stroke.createStrokedShape(look.shape).getBounds2D();
        int dx = (int) Math.floor(b.getMinX()) - 1;
        int dy = (int) Math.floor(b.getMinY()) - 1;
        int w = (int) Math.ceil(b.getMaxX()) + 2 - dx;
        int h = (int) Math.ceil(b.getMaxY()) + 2 - dy;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHints(look.hints);
            g.transform(AffineTransform.getTranslateInstance(-dx + look.fx / (double) STEPS, -dy + look.fy / (double) STEPS));
            if (look.fill != null) {
                g.setPaint(look.fill);
                g.fill(look.shape);
            }
            if (look.outline != null) {
                g.setPaint(look.outline);
                g.setStroke(look.stroke);
                g.draw(look.shape);
            }
        } finally {
            g.dispose();
        }
        return new Stamp(image, dx, dy);
    }
}
