package io.dioscope.report.chart;

import io.dioscope.ingest.decode.EventAccess;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/**
 * The kinds of access drawn on the charts, each with its own colour and its own shape everywhere
 * (race maps, task timeline, legends), so that a kind is told by either. Their keys are the event
 * vocabulary's ({@link EventAccess}: what file_events.kind holds); the others are the charts' own,
 * built by {@link ChartData} from other tables. No marker is red: red is the window with a finding,
 * and a red marker on it would vanish. A fault, its store and the dirtying it causes land on the same
 * page within microseconds: each kind is nudged a few pixels its own way so all three stay visible.
 */
public enum AccessKind {
    CACHE_FILL(EventAccess.CACHE_FILL, "cache fill", new Color(0x1f77b4), circle(), 0, -7),
    MMAP_FAULT(EventAccess.MMAP_FAULT, "mmap fault", new Color(0xff7f0e), triangleUp(), -8, 0),
    MMAP_STORE(EventAccess.MMAP_STORE, "mmap store", new Color(0x9467bd), diamond(), 0, 0),
    PAGE_DIRTIED(EventAccess.PAGE_DIRTIED, "page dirtied", new Color(0x008080), square(), 8, 0),
    BUFFERED_WRITE(EventAccess.BUFFERED_WRITE, "buffered write", new Color(0xe377c2), triangleDown(), 0, 7),
    SPACE_OP(EventAccess.SPACE_OP, "space op", new Color(0x8c564b), cross(), -8, 7),
    /** The begin of another direct write to overlapping bytes (from the overlapping-dio-writes findings). */
    OTHER_DIRECT_WRITE("other-direct-write", "other direct write begins", new Color(0x6b6b00), plus(), 8, 7),
    CACHE_REMOVE(EventAccess.CACHE_REMOVE, "cache remove", new Color(0x7f7f7f), ring(), 0, 0),
    /** A task's direct-I/O events on the timeline (begins, completions, the function tracer's entries). */
    DIRECT_IO("direct-io", "other direct I/O begin/complete", new Color(0x555555), bar(2, 10), 0, 0),
    /** The begin and the completion of the window a finding is about, on its task timeline. */
    THIS_WINDOW("this-window", "this window's begin/complete", new Color(0xd62728), bar(4, 18), 0, 0);

    /** What it draws: a file_events.kind, or the chart's own name for the ones that are not one. */
    public final String kind;
    public final String label;
    public final Color color;
    /** The marker as plotted: centred on its point, nudged by its kind's offset. */
    public final Shape shape;
    /** The marker centred, as a legend shows it. */
    public final Shape legendShape;
    /** The nudge in pixels (x right, y down) that keeps coinciding kinds apart. */
    public final int dx;
    public final int dy;

    AccessKind(EventAccess access, String label, Color color, Shape shape, int dx, int dy) {
        this(access.sqlName, label, color, shape, dx, dy);
    }

    AccessKind(String kind, String label, Color color, Shape shape, int dx, int dy) {
        this.kind = kind;
        this.label = label;
        this.color = color;
        this.shape = AffineTransform.getTranslateInstance(dx, dy).createTransformedShape(shape);
        this.legendShape = shape;
        this.dx = dx;
        this.dy = dy;
    }

    /** The kind for a file_events.kind value, or null when charts do not draw it. */
    public static AccessKind of(String kind) {
        for (AccessKind k : values()) if (k.kind.equals(kind)) return k;
        // the blocks a truncate frees are drawn as the operation that freed them
        if (EventAccess.SPACE_EFFECT.sqlName.equals(kind)) return SPACE_OP;
        return null;
    }

    private static Shape circle() {
        return new Ellipse2D.Double(-3.5, -3.5, 7, 7);
    }

    private static Shape ring() {
        Area a = new Area(new Ellipse2D.Double(-4, -4, 8, 8));
        a.subtract(new Area(new Ellipse2D.Double(-2.2, -2.2, 4.4, 4.4)));
        return a;
    }

    private static Shape square() {
        return new Rectangle2D.Double(-3, -3, 6, 6);
    }

    private static Shape bar(double width, double height) {
        return new Rectangle2D.Double(-width / 2, -height / 2, width, height);
    }

    private static Shape triangleUp() {
        return polygon(0, -4.5, 4, 3.5, -4, 3.5);
    }

    private static Shape triangleDown() {
        return polygon(0, 4.5, 4, -3.5, -4, -3.5);
    }

    private static Shape diamond() {
        return polygon(0, -4.5, 4.5, 0, 0, 4.5, -4.5, 0);
    }

    private static Shape cross() {
        Area a = new Area(bar(2, 10));
        a.add(new Area(bar(10, 2)));
        return AffineTransform.getRotateInstance(Math.PI / 4).createTransformedShape(a);
    }

    private static Shape plus() {
        Area a = new Area(bar(2.4, 10));
        a.add(new Area(bar(10, 2.4)));
        return a;
    }

    private static Shape polygon(double... xy) {
        Path2D p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) p.lineTo(xy[i], xy[i + 1]);
        p.closePath();
        return p;
    }
}
