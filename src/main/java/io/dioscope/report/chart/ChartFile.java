package io.dioscope.report.chart;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/** A chart written to disk: a PNG always, and an SVG where zooming into it helps. */
public record ChartFile(String png, String svg, int width, int height, String alt) {

    static ChartFile write(JFreeChart chart, Path dir, String name, int width, int height, boolean svg, String alt)
            throws IOException {
        Files.createDirectories(dir);
        String png = name + ".png";
        try (OutputStream out = Files.newOutputStream(dir.resolve(png))) {
            ChartUtils.writeChartAsPNG(out, chart, width, height);
        }
        String svgName = null;
        if (svg) {
            SVGGraphics2D g = new SVGGraphics2D(width, height);
            chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
            svgName = name + ".svg";
            Files.writeString(dir.resolve(svgName), g.getSVGDocument(), StandardCharsets.UTF_8);
        }
        return new ChartFile(png, svgName, width, height, alt);
    }
}
