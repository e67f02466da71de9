package io.dioscope.report.chart;

/**
 * A chart written to disk (by a {@link ChartWriter}): {@code image} is what the page shows, a PNG or an
 * SVG; {@code svg} a vector copy of a PNG to zoom into, or null.
 */
public record ChartFile(String image, String svg, int width, int height, String alt) {}
