package io.dioscope.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.ingest.decode.EventCatalog;
import io.dioscope.ingest.decode.EventType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every event dioscope classifies is decoded right on a real line (src/test/resources/decode/
 * real-lines.tsv): an event gets an access kind only with a real line from a committed trace, or,
 * when no committed trace has one, a sibling there that shares its decoder (unseen-events.tsv).
 */
class RealLinesTest {
    static List<RealLines.Row> rows() {
        return RealLines.rows();
    }

    private static Map<String, EventType> listing() {
        Map<String, EventType> byName = new LinkedHashMap<>();
        for (EventType t : EventCatalog.standard().listing()) byName.put(t.name(), t);
        return byName;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theRealLineGivesTheseTypedColumnsAndNoOther(RealLines.Row row) {
        String line = RealLines.line(row);
        if (row.quoted() != null) assertEquals(row.quoted(), line.trim(), "the comment above the row quotes another line");
        Map<String, String> actual = RealLines.typedColumns(row.format(), line);
        assertEquals(row.expected(), actual, line);
        EventType type = listing().get(row.event());
        assertNotNull(type, row.event() + " is not an event `dioscope formats` lists");
        Set<String> declared = Set.of(type.columns().split(" "));
        for (String column : actual.keySet()) {
            if (column.equals("event")) continue;
            assertTrue(declared.contains(column), row.event() + " sets " + column + ", which its catalog line "
                    + "does not list among its columns (" + type.columns() + ")");
        }
    }

    @Test
    void everyClassifiedEventHasARealLineOrAnUnseenSibling() {
        Set<String> real = rows().stream().map(RealLines.Row::event).collect(Collectors.toSet());
        Set<String> unseen = RealLines.unseen().stream().map(RealLines.Unseen::event).collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        for (EventType t : listing().values()) {
            if (t.access() != null && !real.contains(t.name()) && !unseen.contains(t.name())) missing.add(t.name());
        }
        assertEquals(List.of(), missing, "events with an access kind but no real line in decode/real-lines.tsv "
                + "(give each a line of a committed trace and the columns it must give)");
    }

    @Test
    void eachEventHasOneRealLineAndIsListed() {
        Set<String> seen = new HashSet<>();
        for (RealLines.Row row : rows()) {
            assertTrue(seen.add(row.event()), row.event() + " has two rows");
            assertTrue(listing().containsKey(row.event()), row.event() + " is not an event `dioscope formats` lists");
        }
    }

    @Test
    void anUnseenEventSharesItsDecoderWithOneDecodedOnARealLine() {
        Set<String> real = rows().stream().map(RealLines.Row::event).collect(Collectors.toSet());
        EventCatalog catalog = EventCatalog.standard();
        assertFalse(RealLines.unseen().isEmpty());
        for (RealLines.Unseen u : RealLines.unseen()) {
            EventCatalog.Entry entry = catalog.find(u.event());
            assertNotNull(entry, u.event() + " is not in the catalog");
            assertNotNull(entry.type.access(), u.event() + " has no access kind: it does not belong in unseen-events.tsv");
            assertFalse(real.contains(u.event()), u.event() + " has a real line: drop it from unseen-events.tsv");
            assertTrue(real.contains(u.sibling()), u.sibling() + " (sibling of " + u.event() + ") has no real line");
            EventCatalog.Entry sibling = catalog.find(u.sibling());
            assertNotNull(sibling, u.sibling() + " is not in the catalog");
            assertSame(sibling.decoder(), entry.decoder(), u.event() + " does not share " + u.sibling() + "'s decoder");
            assertFalse(u.why().isBlank(), u.event() + ": why no committed trace has it");
        }
    }
}
