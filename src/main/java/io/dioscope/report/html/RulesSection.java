package io.dioscope.report.html;

import io.dioscope.report.Analysis;
import io.dioscope.report.RuleSummary;
import io.dioscope.rules.Rule;
import java.util.List;
import org.jsoup.nodes.Element;

/** Every rule that ran: its count, its explanation, its source and its SQL. */
final class RulesSection {
    private RulesSection() {}

    static void write(Element body, Analysis a, List<Rule> rules) {
        Element s = body.appendElement("section").attr("id", "rules");
        s.appendElement("h2").text("Rules");
        Element t = s.appendElement("table");
        Page.headerRow(t, "rule", "severity", "findings", "critical", "warning", "info");
        for (RuleSummary r : a.rules()) {
            Element tr = Page.row(t, "", r.severity().label(), Long.toString(r.findings()), Long.toString(r.critical()),
                    Long.toString(r.warning()), Long.toString(r.info()));
            tr.child(0).appendElement("a").attr("href", "#rule-" + r.id()).text(r.id());
            for (int i = 2; i < 6; i++) tr.child(i).addClass("num");
        }
        for (Rule r : rules) {
            Element d = s.appendElement("div").attr("id", "rule-" + r.id());
            d.appendElement("h3").text(r.id() + " (" + r.severity().label() + "): " + r.title());
            d.appendElement("p").text(r.explanation());
            if (r.source() != null) d.appendElement("p").addClass("muted").text("Source: " + r.source());
            d.appendElement("p").addClass("muted").text("File: " + r.origin());
            d.appendElement("pre").text(r.sql());
        }
    }
}
