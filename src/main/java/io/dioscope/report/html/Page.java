package io.dioscope.report.html;

import io.dioscope.report.chart.ChartFile;
import org.jsoup.nodes.Element;

/** Small builders for the report's repeated pieces; text always goes through jsoup, which escapes it. */
final class Page {
    private Page() {}

    static Element row(Element table, String... cells) {
        Element tr = table.appendElement("tr");
        for (String c : cells) tr.appendElement("td").text(c == null ? "" : c);
        return tr;
    }

    static Element headerRow(Element table, String... cells) {
        Element tr = table.appendElement("tr");
        for (String c : cells) tr.appendElement("th").text(c);
        return tr;
    }

    static Element keyValue(Element table, String key, String value) {
        Element tr = table.appendElement("tr");
        tr.appendElement("th").text(key);
        tr.appendElement("td").text(value == null ? "" : value);
        return tr;
    }

    /** A figure with the chart's image (and a link to the SVG of a PNG when there is one). */
    static void figure(Element parent, ChartFile chart, String caption) {
        if (chart == null) return;
        Element fig = parent.appendElement("figure");
        fig.appendElement("img").addClass("chart").attr("src", "img/" + chart.image()).attr("alt", chart.alt())
                .attr("loading", "lazy").attr("width", Integer.toString(chart.width())).attr("height", Integer.toString(chart.height()));
        Element cap = fig.appendElement("figcaption").text(caption);
        if (chart.svg() != null) {
            cap.appendText(" ");
            cap.appendElement("a").attr("href", "img/" + chart.svg()).text("(SVG)");
        }
    }

    static String severityClass(String severity) {
        return "sev-" + severity;
    }
}
