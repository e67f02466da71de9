package io.dioscope.report.chart;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/**
 * The kinds of access drawn on the charts, each with one colour and shape everywhere (race map,
 * task timeline, legend). Names follow file_events.kind in queries/model/40_file_events.sql.
 */
public enum AccessKind {
    CACHE_FILL("cache-fill", "cache fill", new Color(0x1f77b4), circle()),
    MMAP_FAULT("mmap-fault", "mmap fault", new Color(0xff7f0e), triangle()),
    MMAP_STORE("mmap-store", "mmap store", new Color(0x9467bd), diamond()),
    PAGE_DIRTIED("page-dirtied", "page dirtied", new Color(0xd62728), square()),
    BUFFERED_WRITE("buffered-write", "buffered write", new Color(0xe377c2), square()),
    SPACE_OP("space-op", "space op", new Color(0x8c564b), diamond()),
    OTHER_DIRECT_WRITE("other-direct-write", "other direct write begins", new Color(0x2ca02c), triangle()),
    CACHE_REMOVE("cache-remove", "cache remove", new Color(0x7f7f7f), circle()),
    DIRECT_IO("direct-io", "direct I/O begin/complete", Color.BLACK, square());

    public final String kind;
    public final String label;
    public final Color color;
    public final Shape shape;

    AccessKind(String kind, String label, Color color, Shape shape) {
        this.kind = kind;
        this.label = label;
        this.color = color;
        this.shape = shape;
    }

    /** The kind for a file_events.kind value, or null when charts do not draw it. */
    public static AccessKind of(String kind) {
        for (AccessKind k : values()) if (k.kind.equals(kind)) return k;
        if ("space-effect".equals(kind)) return SPACE_OP;
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
