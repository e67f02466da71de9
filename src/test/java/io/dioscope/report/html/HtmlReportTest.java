package io.dioscope.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dioscope.TestTraces;
import io.dioscope.model.ModelBuilder;
import io.dioscope.report.Analysis;
import io.dioscope.report.AnalysisReader;
import io.dioscope.report.HeadlessChromium;
import io.dioscope.rules.RuleEngine;
import io.dioscope.rules.RuleSet;
import io.dioscope.store.Database;
import io.dioscope.store.LoadOptions;
import io.dioscope.store.ProgressListener;
import io.dioscope.store.TraceLoader;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.ParseError;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report: self-contained, valid, escaped, and working in a real browser. */
class HtmlReportTest {
    static final String HOSTILE = "captured/xfs-hostile-names.trace.gz";
    /** A real trace that lost events: some of its findings are certain, some not. */
    static final String LOST = "captured/xfs-pipe-lost.trace.gz";

    static Path report(Path dir, Path trace) throws Exception {
        try (Database db = Database.open(null)) {
            return HtmlReport.write(db, analysis(db, trace), RuleSet.builtIn(), dir, new HtmlReport.Options(5, 3, 40));
        }
    }

    /** {@code trace} loaded into {@code db} and analysed with the built-in rules. */
    static Analysis analysis(Database db, Path trace) throws Exception {
        new TraceLoader(db, LoadOptions.defaults()).load(trace, ProgressListener.NONE);
        ModelBuilder.build(db);
        return AnalysisReader.read(db, RuleEngine.run(db, RuleSet.builtIn()));
    }

    static Document parseStrictly(Path index) throws Exception {
        Parser parser = Parser.htmlParser().setTrackErrors(50);
        Document doc = Jsoup.parse(Files.readString(index), "", parser);
        List<String> errors = parser.getErrors().stream().map(ParseError::toString).toList();
        assertEquals(List.of(), errors, "the HTML5 parser reports no error");
        return doc;
    }

    @Test
    void reportIsASelfContainedValidDirectory(@TempDir Path dir) throws Exception {
        Path index = report(dir, TestTraces.path("corpus/xfs-mmap-overlap.trace.gz"));
        assertTrue(Files.readString(index).startsWith("<!doctype html>"));
        Document doc = parseStrictly(index);
        Set<String> ids = new HashSet<>();
        for (Element e : doc.select("[id]")) assertTrue(ids.add(e.id()), "duplicate id " + e.id());
        for (Element a : doc.select("a[href^=#]")) {
            assertTrue(ids.contains(a.attr("href").substring(1)), "dangling link " + a.attr("href"));
        }
        for (Element a : doc.select("a[href], img[src], link[href], script[src]")) {
            String target = a.hasAttr("src") ? a.attr("src") : a.attr("href");
            assertFalse(target.matches("(?i)(https?:|//).*"), "no network: " + target);
        }
        assertEquals(33, doc.select("#findings-table tbody tr").size());
        assertEquals(33, doc.select("section.finding").size());
        Element first = doc.selectFirst("section.finding");
        assertTrue(first.selectFirst("p.sentence").text().startsWith("Async direct write [0x0, 0x10000) of inode 131"));
        assertTrue(first.select("table.raw tr").size() > 10, "its raw trace lines");
        assertTrue(first.selectFirst("table.raw").text().contains("mm_filemap_fault: dev=7:0 ino=83"), "as printed");
        assertTrue(doc.selectFirst("#rules").text().contains("SELECT"), "the rules' SQL");

        List<Element> images = doc.select("img");
        // 5 findings' zoom, timeline and occupancy; latency, in flight, per rule (one file: no per-file bars); a race map
        assertEquals(5 * 3 + 3 + 1, images.size());
        assertTrue(doc.select("img[src$=findings-per-inode.png]").isEmpty(), "a chart of a single bar is left out");
        for (Element img : images) {
            Path file = dir.resolve(img.attr("src"));
            if (file.toString().endsWith(".svg")) {
                org.w3c.dom.Element svg = svg(file);
                assertEquals(Double.parseDouble(img.attr("width")), Double.parseDouble(svg.getAttribute("width")), file.toString());
                assertEquals(Double.parseDouble(img.attr("height")), Double.parseDouble(svg.getAttribute("height")),
                        file.toString());
                assertTrue(svg.getElementsByTagName("*").getLength() > 30, file + " has content");
                continue;
            }
            BufferedImage image = ImageIO.read(file.toFile());
            assertEquals(Integer.parseInt(img.attr("width")), image.getWidth(), file.toString());
            assertEquals(Integer.parseInt(img.attr("height")), image.getHeight(), file.toString());
            assertTrue(inkedShare(image) > 0.01, file + " has content");
        }
        assertEquals(5 * 3, doc.select("section.finding img[src$=.svg]").size(), "a finding's charts are SVG");
        for (Element a : doc.select("a[href$=.svg]")) svg(dir.resolve(a.attr("href"))); // well-formed XML
    }

    /** The root of an SVG file, which must be well-formed XML. */
    static org.w3c.dom.Element svg(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
    }

    @Test
    void theFioTraceGetsARaceMapThatSaysItIsSampled(@TempDir Path dir) throws Exception {
        Path index = report(dir, TestTraces.path("corpus/fio/xfs-fio-mixed.trace.gz"));
        Document doc = parseStrictly(index);
        Element map = doc.selectFirst("#race-maps img");
        BufferedImage image = ImageIO.read(dir.resolve(map.attr("src")).toFile());
        assertTrue(inkedShare(image) > 0.05, "thousands of windows and markers drawn");
        assertTrue(doc.select("#findings-table tbody tr").size() > 500);
        assertEquals(doc.select("#findings-table tbody tr").size(), doc.select("section.finding").size());
        assertTrue(doc.selectFirst("#coverage").text().contains("INCOMPLETE: 202,284 events overwritten"));
        assertFalse(Files.exists(dir.resolve(map.attr("src").replace(".png", ".svg"))), "no SVG of a density");
        // the findings where the trace lost events are told apart, and the table filters on it
        assertEquals(375, doc.select("#findings-table tbody tr[data-severity=critical][data-certain=uncertain]").size());
        assertEquals(48, doc.select("#findings-table tbody tr[data-severity=critical][data-certain=certain]").size());
        assertEquals(List.of("", "certain", "uncertain"), doc.select("#filter-certain option").eachAttr("value"));
    }

    @Test
    void aChartOfThousandsOfMarkersIsAPngNotAnSvgOfMegabytes(@TempDir Path dir) throws Exception {
        // a real race of direct reads against mmap stores (captured, 1,222 findings): its race map has 27,608
        // markers, and the worst windows' zooms and task timelines thousands each
        Path index = report(dir, TestTraces.path("captured/xfs-dio-read-vs-mmap-race.trace.gz"));
        Document doc = parseStrictly(index);
        Element map = doc.selectFirst("#race-maps img");
        assertEquals("img/race-map-1-7_0-131.png", map.attr("src"));
        assertFalse(Files.exists(dir.resolve("img/race-map-1-7_0-131.svg")), "no SVG of 27,608 markers");
        assertTrue(doc.select("#race-maps a[href$=.svg]").isEmpty(), "nor a link to one");
        List<String> charts = doc.select("section.finding img").eachAttr("src").stream().distinct().toList();
        // windows 11, 17 and 16 (the three charted: all the findings are of one rule on one file) have more than
        // 400 markers around them (up to 3,200) in their zooms and task timelines; the page-cache occupancy is
        // a line of a few dozen steps
        assertEquals(List.of("img/window-11-race-map.png", "img/window-11-tasks.png", "img/window-11-occupancy.svg",
                "img/window-17-race-map.png", "img/window-17-tasks.png", "img/window-17-occupancy.svg",
                "img/window-16-race-map.png", "img/window-16-tasks.png", "img/window-16-occupancy.svg"), charts);
        try (var files = Files.list(dir.resolve("img"))) {
            for (Path f : files.toList()) {
                if (f.toString().endsWith(".svg")) assertTrue(Files.size(f) < 600_000, f + ": " + Files.size(f) + " bytes");
            }
        }
    }

    @Test
    void aTableOfThousandsListsItsFirstRowsUntilAskedForAll(@TempDir Path dir) throws Exception {
        Path chromium = HeadlessChromium.find();
        assumeTrue(chromium != null, "Chromium is not installed (apt-get install chromium; .ci/run installs it): "
                + "browser test skipped");
        // a real race of direct reads against mmap stores: 1,222 findings
        Path index = report(dir, TestTraces.path("captured/xfs-dio-read-vs-mmap-race.trace.gz"));
        String shown = "Array.from(document.querySelectorAll('#findings-table tbody tr')).filter(r => !r.hidden).length";
        String more = "document.getElementById('findings-more').hidden";
        try (HeadlessChromium browser = new HeadlessChromium(chromium)) {
            browser.open(index.toUri().toString(), 1400, 1600);
            assertEquals(FindingsTable.FIRST_ROWS, browser.eval(shown).asInt());
            assertEquals("1222 of 1222 findings, the first 500 listed",
                    browser.eval("document.getElementById('filter-count').textContent").asText());
            assertFalse(browser.eval(more).asBoolean(), "the button to list them all is shown");
            // sorted by number, descending: the first 500 of that order are listed
            browser.eval("(() => { const th = document.querySelectorAll('#findings-table th')[0]; th.click(); th.click(); })()");
            assertEquals("1222,723", browser.eval("(() => { const r = Array.from(document.querySelectorAll("
                    + "'#findings-table tbody tr')).filter(r => !r.hidden); return r[0].cells[0].textContent + ','"
                    + " + r[r.length - 1].cells[0].textContent; })()").asText());
            browser.eval("document.getElementById('findings-show-all').click()");
            assertEquals(1222, browser.eval(shown).asInt());
            assertTrue(browser.eval(more).asBoolean(), "all listed: no button");
            assertEquals("1222 of 1222 findings", browser.eval("document.getElementById('filter-count').textContent").asText());
            // the sections are laid out only near the screen
            assertEquals("auto", browser.eval("getComputedStyle(document.querySelector('section.finding')).contentVisibility")
                    .asText());
            assertEquals(List.of(), browser.problems(), "no console error, exception or dialog");

            // without scripts, every row is shown and no button
            var disabled = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("value", true);
            browser.call("Emulation.setScriptExecutionDisabled", disabled);
            browser.open(index.toUri().toString(), 1400, 1600);
            assertEquals(1222, browser.eval("Array.from(document.querySelectorAll('#findings-table tbody tr'))"
                    + ".filter(r => getComputedStyle(r).display === 'table-row').length").asInt());
            assertEquals("none", browser.eval("getComputedStyle(document.getElementById('findings-more')).display").asText());
        }
        Document doc = parseStrictly(index);
        assertEquals(1222 - FindingsTable.FIRST_ROWS, doc.select("#findings-table tbody tr[hidden]").size());
        assertTrue(doc.select("#findings-table tbody tr").subList(0, FindingsTable.FIRST_ROWS).stream()
                .noneMatch(r -> r.hasAttr("hidden")), "the first rows are listed");
    }

    @Test
    void traceStringsAreShownAsTextNeverAsMarkup(@TempDir Path dir) throws Exception {
        // a real trace whose tasks named themselves "<script>alert(1)</script>" and "\"'><b>&amp;", under a hostile file name
        Path trace = dir.resolve("<img src=x onerror=alert(2)>&\"'.trace.gz");
        Files.copy(TestTraces.path(HOSTILE), trace);
        Path index = report(dir.resolve("report"), trace);
        Document doc = parseStrictly(index);
        assertEquals(1, doc.select("script").size(), "only the report's own script");
        assertTrue(doc.select("b").isEmpty());
        assertEquals("dioscope report", doc.title());
        String text = doc.text();
        assertTrue(text.contains("by <script>alert(1 ("), "the task name, as text");
        assertTrue(text.contains("\"'><b>&amp; ("));
        assertTrue(text.contains("<img src=x onerror=alert(2)>&\"'.trace.gz"), "the file name, as text");
        assertTrue(doc.select("img[onerror]").isEmpty());
        String html = Files.readString(index);
        assertFalse(html.contains("<script>alert"));
        assertTrue(html.contains("&lt;script&gt;alert(1"));
    }

    @Test
    void theReportWorksInHeadlessChromium(@TempDir Path dir) throws Exception {
        Path chromium = HeadlessChromium.find();
        assumeTrue(chromium != null, "Chromium is not installed (apt-get install chromium; .ci/run installs it): "
                + "browser test skipped");
        Path mmap = report(dir.resolve("mmap"), TestTraces.path("corpus/xfs-mmap-overlap.trace.gz"));
        Path trace = dir.resolve("<img src=x onerror=alert(2)>&\"'.trace.gz");
        Files.copy(TestTraces.path(HOSTILE), trace);
        Path hostile = report(dir.resolve("hostile"), trace);
        try (HeadlessChromium browser = new HeadlessChromium(chromium)) {
            for (Path index : List.of(mmap, hostile)) {
                browser.open(index.toUri().toString(), 1400, 1600);
                // the charts load lazily, as a reader scrolls: load them all now
                browser.eval("Array.from(document.images).forEach(i => i.loading = 'eager')");
                browser.waitFor("Array.from(document.images).every(i => i.complete)", Duration.ofSeconds(60));
                assertEquals(0, browser.eval("Array.from(document.images).filter(i => i.naturalWidth === 0).length").asInt(),
                        "every image loads");
                assertEquals(List.of(), browser.problems(), "no console error, exception or dialog");
            }
            browser.open(mmap.toUri().toString(), 1400, 1600);
            // at 1,400 pixels no range wraps: its text is one line box
            assertEquals(33, browser.eval("document.querySelectorAll('#findings-table td.range').length").asInt());
            assertEquals(0, browser.eval("Array.from(document.querySelectorAll('#findings-table td.range')).filter(td => {"
                    + " const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length !== 1;"
                    + " }).length").asInt(), "no range cell wraps");
            assertEquals(0, browser.eval("Array.from(document.querySelectorAll('#findings-table td.range'))"
                    + ".filter(td => td.textContent.indexOf('-0x') < 0).length").asInt());

            // the keyboard alone: focus the evidence filter, step to its first value, see the table follow
            browser.eval("document.getElementById('filter-evidence').focus()");
            key(browser, "ArrowDown", 40);
            String evidence = browser.eval("document.getElementById('filter-evidence').value").asText();
            assertFalse(evidence.isEmpty(), "the arrow key chose a value");
            int byEvidence = browser.eval("Array.from(document.querySelectorAll('#findings-table tbody tr'))"
                    + ".filter(r => !r.hidden).length").asInt();
            assertEquals(browser.eval("document.querySelectorAll('#findings-table tbody tr[data-evidence=\"" + evidence
                    + "\"]').length").asInt(), byEvidence, "only findings with evidence " + evidence);
            assertTrue(byEvidence > 0 && byEvidence < 33, evidence + ": " + byEvidence);
            key(browser, "ArrowUp", 38);
            assertEquals(33, browser.eval("Array.from(document.querySelectorAll('#findings-table tbody tr'))"
                    + ".filter(r => !r.hidden).length").asInt(), "back to all");
            // a header takes the focus and sorts with Enter
            browser.eval("document.querySelectorAll('#findings-table th')[0].focus()");
            key(browser, "Enter", 13);
            key(browser, "Enter", 13);
            assertEquals("descending", browser.eval("document.querySelectorAll('#findings-table th')[0]"
                    + ".getAttribute('aria-sort')").asText());
            assertEquals("33", browser.eval("document.querySelector('#findings-table tbody tr').cells[0].textContent")
                    .asText(), "sorted by number, descending");
            // filter by rule, then sort by conflicts
            int shown = browser.eval("(() => { const s = document.getElementById('filter-rule');"
                    + " s.value = 'page-dirtied-during-dio-write'; s.dispatchEvent(new Event('change'));"
                    + " return Array.from(document.querySelectorAll('#findings-table tbody tr')).filter(r => !r.hidden).length; })()")
                    .asInt();
            assertEquals(3, shown);
            assertTrue(browser.eval("document.getElementById('filter-count').textContent").asText().startsWith("3 of 33"));
            int uncertain = browser.eval("(() => { const s = document.getElementById('filter-certain');"
                    + " s.value = 'uncertain'; s.dispatchEvent(new Event('change'));"
                    + " const n = Array.from(document.querySelectorAll('#findings-table tbody tr')).filter(r => !r.hidden).length;"
                    + " s.value = ''; s.dispatchEvent(new Event('change')); return n; })()").asInt();
            assertEquals(0, uncertain, "the sample lost nothing: every finding is certain");
            String order = browser.eval("(() => { document.getElementById('filter-rule').value = '';"
                    + " document.getElementById('filter-rule').dispatchEvent(new Event('change'));"
                    + " const th = document.querySelectorAll('#findings-table th')[11]; th.click(); th.click();"
                    + " return Array.from(document.querySelectorAll('#findings-table tbody tr')).slice(0, 3)"
                    + ".map(r => r.cells[11].textContent).join(','); })()").asText();
            String[] n = order.split(",");
            assertTrue(Integer.parseInt(n[0]) >= Integer.parseInt(n[1]) && Integer.parseInt(n[1]) >= Integer.parseInt(n[2]),
                    "sorted by events, descending: " + order);
            certaintyByKeyboard(browser, report(dir.resolve("lost"), TestTraces.path(LOST)));
            Path shot = Path.of("target", "report-screenshot.png");
            browser.eval("window.scrollTo(0, 0)");
            browser.screenshot(shot);
            BufferedImage image = ImageIO.read(shot.toFile());
            assertEquals(1400, image.getWidth());
            assertTrue(inkedShare(image) > 0.02);
            assertEquals(List.of(), browser.problems());
        }
    }

    /**
     * The certainty filter with the keyboard alone, on a real trace that lost events (a slow trace_pipe
     * reader: 3 certain findings, 2 uncertain): each choice shows exactly the findings whose verdict
     * fields say so (data-certain, and the certain column: "yes", or "no:" and why), the count says how
     * many, and going back up shows them all.
     */
    private static void certaintyByKeyboard(HeadlessChromium browser, Path index) throws Exception {
        browser.open(index.toUri().toString(), 1400, 1600);
        String visible = "Array.from(document.querySelectorAll('#findings-table tbody tr')).filter(r => !r.hidden)";
        assertEquals(5, browser.eval(visible + ".length").asInt());
        browser.eval("document.getElementById('filter-certain').focus()");
        for (String[] step : new String[][] {{"certain", "yes", "3"}, {"uncertain", "no: ", "2"}}) {
            key(browser, "ArrowDown", 40);
            assertEquals(step[0], browser.eval("document.getElementById('filter-certain').value").asText());
            assertEquals(Integer.parseInt(step[2]), browser.eval(visible + ".length").asInt(), step[0]);
            assertEquals(Integer.parseInt(step[2]), browser.eval(visible + ".filter(r => r.dataset.certain === '" + step[0]
                    + "' && r.cells[4].textContent.startsWith('" + step[1] + "')).length").asInt(),
                    step[0] + ": only findings whose verdict says so");
            assertEquals(step[2] + " of 5 findings", browser.eval("document.getElementById('filter-count').textContent").asText());
        }
        assertTrue(browser.eval(visible + ".every(r => r.cells[4].textContent.includes('lost'))").asBoolean(),
                "an uncertain finding says the trace lost events");
        key(browser, "ArrowUp", 38);
        key(browser, "ArrowUp", 38);
        assertEquals("", browser.eval("document.getElementById('filter-certain').value").asText());
        assertEquals(5, browser.eval(visible + ".length").asInt(), "back to all");
        assertEquals(List.of(), browser.problems());
    }

    /** A key pressed and released, as the keyboard sends it to the focused element. */
    private static void key(HeadlessChromium browser, String key, int code) throws Exception {
        for (String type : new String[] {"rawKeyDown", "keyUp"}) {
            var params = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("type", type)
                    .put("key", key).put("code", key).put("windowsVirtualKeyCode", code).put("nativeVirtualKeyCode", code);
            browser.call("Input.dispatchKeyEvent", params);
        }
    }

    /** Share of pixels that are not the (white) background. */
    static double inkedShare(BufferedImage image) {
        long inked = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) inked++;
            }
        }
        return inked / ((image.getWidth() / 2.0) * (image.getHeight() / 2.0));
    }
}
