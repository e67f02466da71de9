package io.dioscope.report.html;

import java.nio.charset.StandardCharsets;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Entities;

/**
 * HTML written straight into text, for the parts of a page made of thousands of small elements: the
 * findings table's rows and the finding sections. As a jsoup tree, generic/209's 3,165 findings were
 * some 300,000 nodes, about a second of CPU to build and as long again to write out; written as text,
 * its report took 0.35 s less (of 4.3 s). Every string goes through jsoup's escaping ({@link Entities#escape(String)}),
 * attribute values and text alike; the rest of the page is a jsoup tree, which takes these parts as
 * they are.
 *
 * <p>What it writes is ASCII: a character past it is written as an entity ({@code &mdash;}, {@code &#x1f600;}).
 * Java keeps a text of Latin-1 characters at a byte per character, and one character past them (the em dash
 * of every section's heading) made the sections of a page two bytes per character, twice the memory to grow
 * and copy (the captured read-vs-mmap race's 1,222 sections: 54 MB allocated to build them, 26 MB in ASCII).
 */
final class Markup {
    /** jsoup's escaping for an ASCII page: what ASCII cannot say becomes an entity. */
    private static final Document.OutputSettings ASCII = new Document.OutputSettings().charset(StandardCharsets.US_ASCII);
    private final StringBuilder out = new StringBuilder(1 << 12);

    /** {@code <tag name="value" ...>}: {@code attributes} in pairs of name and value, a null value left out. */
    Markup open(String tag, String... attributes) {
        out.append('<').append(tag);
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] == null) continue;
            out.append(' ').append(attributes[i]).append("=\"");
            escaped(attributes[i + 1]);
            out.append('"');
        }
        out.append('>');
        return this;
    }

    /** {@code </tag>}. */
    Markup close(String tag) {
        out.append("</").append(tag).append('>');
        return this;
    }

    /** Text, escaped. */
    Markup text(String text) {
        escaped(text);
        return this;
    }

    /** {@code <tag ...>text</tag>}. */
    Markup element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    /** A row of a two-column table: the key as its header, the value ("" for null) as its cell. */
    Markup keyValue(String key, String value) {
        return open("tr").element("th", key).element("td", value == null ? "" : value).close("tr");
    }

    /**
     * {@code s} escaped: as it is when it is printable ASCII without a character HTML gives a meaning (most
     * of a page: trace lines, numbers, rule names), else through jsoup. Checking first is what makes the
     * sections of thousands of findings cheap: jsoup's escaping looks at each character's code point and
     * at whether the charset can encode it, and the trace lines alone are megabytes.
     */
    private void escaped(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'') {
                out.append(Entities.escape(s, ASCII));
                return;
            }
        }
        out.append(s);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
