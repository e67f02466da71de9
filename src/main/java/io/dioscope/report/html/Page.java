package io.dioscope.report.html;

import io.dioscope.report.chart.ChartFile;
import org.jsoup.nodes.DataNode;
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

    /** A figure with the chart's image (and a link to the SVG of a PNG when there is one). */
    static void figure(Element parent, ChartFile chart, String caption) {
        if (chart == null) return;
        Markup m = new Markup();
        figure(m, chart, caption);
        parent.appendChild(new DataNode(m.toString()));
    }

    /** As {@link #figure(Element, ChartFile, String)}, into text. */
    static void figure(Markup m, ChartFile chart, String caption) {
        if (chart == null) return;
        m.open("figure").open("img", "class", "chart", "src", "img/" + chart.image(), "alt", chart.alt(), "loading", "lazy",
                "width", Integer.toString(chart.width()), "height", Integer.toString(chart.height()));
        m.open("figcaption").text(caption);
        if (chart.svg() != null) m.text(" ").element("a", "(SVG)", "href", "img/" + chart.svg());
        m.close("figcaption").close("figure");
    }

    static String severityClass(String severity) {
        return "sev-" + severity;
    }
}
