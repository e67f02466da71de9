package io.dioscope.report.chart;

import io.dioscope.ingest.decode.EventAccess;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/**
 * The kinds of access drawn on the charts, each with one colour and shape everywhere (race map,
 * task timeline, legend). Their keys are the event vocabulary's ({@link EventAccess}: what
 * file_events.kind holds); two are the charts' own, built by {@link ChartData} from other tables.
 */
public enum AccessKind {
    CACHE_FILL(EventAccess.CACHE_FILL, "cache fill", new Color(0x1f77b4), circle()),
    MMAP_FAULT(EventAccess.MMAP_FAULT, "mmap fault", new Color(0xff7f0e), triangle()),
    MMAP_STORE(EventAccess.MMAP_STORE, "mmap store", new Color(0x9467bd), diamond()),
    PAGE_DIRTIED(EventAccess.PAGE_DIRTIED, "page dirtied", new Color(0xd62728), square()),
    BUFFERED_WRITE(EventAccess.BUFFERED_WRITE, "buffered write", new Color(0xe377c2), square()),
    SPACE_OP(EventAccess.SPACE_OP, "space op", new Color(0x8c564b), diamond()),
    /** The begin of another direct write to overlapping bytes (from the overlapping-dio-writes findings). */
    OTHER_DIRECT_WRITE("other-direct-write", "other direct write begins", new Color(0x2ca02c), triangle()),
    CACHE_REMOVE(EventAccess.CACHE_REMOVE, "cache remove", new Color(0x7f7f7f), circle()),
    /** A task's direct-I/O events on the timeline (begins, completions, the function tracer's entries). */
    DIRECT_IO("direct-io", "direct I/O begin/complete", Color.BLACK, square());

    /** What it draws: a file_events.kind, or the chart's own name for the two that are not one. */
    public final String kind;
    public final String label;
    public final Color color;
    public final Shape shape;

    AccessKind(EventAccess access, String label, Color color, Shape shape) {
        this(access.sqlName, label, color, shape);
    }

    AccessKind(String kind, String label, Color color, Shape shape) {
        this.kind = kind;
        this.label = label;
        this.color = color;
        this.shape = shape;
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

    private static Shape square() {
        return new Rectangle2D.Double(-3, -3, 6, 6);
    }

    private static Shape triangle() {
        Path2D p = new Path2D.Double();
        p.moveTo(0, -4.5);
        p.lineTo(4, 3.5);
        p.lineTo(-4, 3.5);
        p.closePath();
        return p;
    }

    private static Shape diamond() {
        Path2D p = new Path2D.Double();
        p.moveTo(0, -4.5);
        p.lineTo(4.5, 0);
        p.lineTo(0, 4.5);
        p.lineTo(-4.5, 0);
        p.closePath();
        return p;
    }
}
