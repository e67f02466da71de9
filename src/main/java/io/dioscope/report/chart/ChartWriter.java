package io.dioscope.report.chart;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import com.pngencoder.PngEncoder;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes charts into a directory, each in the format that suits it ({@link Format}). Drawing and PNG
 * encoding are most of a report's time, and each chart is independent of the others once its data is
 * read: they run on a pool of threads while the callers read the data of the next (the page's thread,
 * and the thread that reads the charted findings' data on a connection of its own: {@link #write} may be
 * called from both at once). {@link #finish} waits for all of them.
 */
public final class ChartWriter implements AutoCloseable {
    /** Charts waiting to be drawn, at most: each holds its data, and a report may ask for thousands. */
    private static final int QUEUED_PER_THREAD = 4;

    /**
     * SVG is a fraction of the time of drawing and encoding a PNG and stays sharp when zoomed, but grows
     * with what is drawn: it suits the charts of a finding (a few hundred markers); a chart of thousands
     * of windows is a PNG, with an SVG beside it only when there is something to zoom into.
     */
    public enum Format {
        PNG, SVG, PNG_AND_SVG;

        /**
         * SVG for a chart of at most {@link #SVG_MAX_SHAPES} shapes (markers, rectangles, line segments), else
         * PNG: the charts of a finding whose window was raced thousands of times (the captured read-vs-mmap
         * race: 3,000 markers in a zoom) made SVGs of 1-2 MB each, slower to write than a PNG and slower to open.
         */
        public static Format vectorIfFew(int shapes) {
            return shapes <= SVG_MAX_SHAPES ? SVG : PNG;
        }

        /** A PNG with an SVG beside it to zoom into, unless the chart has more than {@link #SVG_MAX_SHAPES} shapes. */
        public static Format zoomableIfFew(int shapes) {
            return shapes <= SVG_MAX_SHAPES ? PNG_AND_SVG : PNG;
        }
    }

    /**
     * Shapes a chart may have and still be written as an SVG: the sample's charts have a few hundred at
     * most (its race map 322, in 306 KB). A shape is up to 1,400 bytes of SVG (its fill, its outline, their
     * styles), the race map of the read-vs-mmap race's 27,608 markers was an SVG of 19 MB, and past a few
     * hundred shapes an SVG takes longer to write than a PNG to draw and encode: generic/451's task
     * timelines of up to 1,000 markers were SVGs of 0.5 to 1.4 MB, 100-250 ms each.
     */
    public static final int SVG_MAX_SHAPES = 400;

    private final Path dir;
    private final ExecutorService pool;
    private final Semaphore room;
    private final List<Future<?>> pending = new ArrayList<>();

    public ChartWriter(Path dir, int threads) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "dioscope-chart");
            t.setDaemon(true);
            return t;
        });
        this.room = new Semaphore(threads * QUEUED_PER_THREAD);
    }

    /**
     * A writer with a thread per processor. (It had one fewer while the page's thread read every chart's
     * data itself and was the report's critical path. Now the charted findings' data is read on a thread
     * of its own, which the page's thread waits for, and the drawing is the critical path: on 2 cores, a
     * second drawing thread took the sample's report from 2.20-2.62 s to 2.08-2.53 s and the fio
     * trace's from 9.1-9.7 s to 8.2-9.4 s, runs alternated on a busy machine.)
     */
    public static ChartWriter into(Path dir) throws IOException {
        return new ChartWriter(dir, Runtime.getRuntime().availableProcessors());
    }

    /** Schedules {@code chart} to be drawn as {@code name}.png and/or .svg; the file names are known now. */
    ChartFile write(JFreeChart chart, String name, int width, int height, Format format, String alt) {
        ChartFile file = new ChartFile(name + (format == Format.SVG ? ".svg" : ".png"),
                format == Format.PNG_AND_SVG ? name + ".svg" : null, width, height, alt);
        room.acquireUninterruptibly();
        Future<?> drawn = pool.submit(() -> {
            try {
                draw(chart, file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                room.release();
            }
            return null;
        });
        synchronized (pending) {
            pending.add(drawn);
        }
        return file;
    }

    /** Waits until every chart is on disk; the first that could not be written fails it. */
    public void finish() throws IOException, InterruptedException {
        List<Future<?>> all;
        synchronized (pending) {
            all = new ArrayList<>(pending);
        }
        try {
            for (Future<?> f : all) f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) throw u.getCause();
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IOException(e.getCause());
        } finally {
            synchronized (pending) {
                pending.removeAll(all);
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private void draw(JFreeChart chart, ChartFile file) throws IOException {
        if (file.image().endsWith(".svg")) {
            Files.writeString(dir.resolve(file.image()), svg(chart, file.width(), file.height()), StandardCharsets.UTF_8);
            return;
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(file.image())), 1 << 16)) {
            writePng(png(chart, file.width(), file.height()), out);
        }
        if (file.svg() != null) {
            Files.writeString(dir.resolve(file.svg()), svg(chart, file.width(), file.height()), StandardCharsets.UTF_8);
        }
    }

    /** The chart drawn as an SVG document. */
    static String svg(JFreeChart chart, int width, int height) {
        SVGGraphics2D svg = new SVGGraphics2D(width, height);
        chart.draw(svg, new Rectangle2D.Double(0, 0, width, height));
        return svg.getSVGDocument();
    }

    /** The chart drawn into an image. */
    static BufferedImage png(JFreeChart chart, int width, int height) {
        // opaque RGB: charts have a white background, and an alpha channel is a third more to encode
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * PNG at the lightest deflate level and without row filters: a chart is mostly flat colour, which
     * compresses well either way. ImageIO's writer, set the same way, reads the pixels and computes the CRC
     * in Java, which was a third of the time of drawing and writing a chart (the captured read-vs-mmap
     * race's 13 PNGs: 180 ms to encode with ImageIO, 70 ms with this, the files as large).
     */
    static void writePng(BufferedImage image, OutputStream out) throws IOException {
        try {
            // one thread per image: the charts are drawn on a pool of their own already
            new PngEncoder().withBufferedImage(image).withCompressionLevel(1).withPredictorEncoding(false)
                    .withMultiThreadedCompressionEnabled(false).toStream(out);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
