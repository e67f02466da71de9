package io.dioscope.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Text and attributes written by {@link Markup} read back, by an HTML parser, as exactly what was written. */
class MarkupTest {
    @ParameterizedTest
    // the names the tasks of the hostile-names trace gave themselves, and what else HTML treats specially
    @ValueSource(strings = {"<script>alert(1)</script>", "\"'><b>&amp;", "<img src=x onerror=alert(2)>&\"'",
        "a\u00a0b", "</td></tr></table>", "rule \u2014 #12", "12 \u00b5s", "\u4e2d\u6587", "\ud83d\ude00 \u00e9t\u00e9", "x & y < z > w", "  two  spaces\tand a tab", "",
        // a line of the sample as the trace printed it: printable ASCII, written as it is
        "         dioscen-27198   [001] .....  4195.965759: iomap_dio_rw_begin: dev 7:0 ino 0x83 size 0x400000"})
    void whatIsWrittenIsWhatIsRead(String value) {
        String html = new Markup().open("tr", "data-inode", value, "data-none", null)
                .element("td", value, "class", "text").close("tr").toString();
        Element table = Jsoup.parse("<table>" + html + "</table>").selectFirst("table");
        Element tr = table.selectFirst("tr");
        assertEquals(value, tr.attr("data-inode"));
        assertEquals(false, tr.hasAttr("data-none"), "a null value leaves the attribute out");
        assertEquals(1, tr.children().size(), html);
        assertEquals(value, tr.child(0).wholeText());
        assertEquals("text", tr.child(0).className());
        // what ASCII cannot say is an entity: a page of Latin-1 text takes a byte per character in Java
        assertEquals(true, html.chars().allMatch(c -> c < 0x80), html);
    }
}
