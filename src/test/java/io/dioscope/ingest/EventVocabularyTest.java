package io.dioscope.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dioscope.ingest.decode.EventAccess;
import io.dioscope.ingest.decode.EventCatalog;
import io.dioscope.ingest.decode.EventRange;
import io.dioscope.ingest.decode.EventType;
import io.dioscope.store.Database;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The catalog's vocabulary reaches the database as it is, and file_events names only the by-flags events. */
class EventVocabularyTest {
    @Test
    void eventTypesAccessKindsAndRangeKindsAreTheCatalogAndItsVocabulary() throws Exception {
        List<String> types = new ArrayList<>();
        for (EventType t : EventCatalog.standard().listing()) {
            types.add(String.join("|", t.name(), t.system(), t.family(), t.columns(),
                    String.valueOf(t.access() == null ? null : t.access().sqlName), t.range().sqlName, t.description()));
        }
        List<String> kinds = new ArrayList<>();
        for (EventAccess a : EventAccess.values()) kinds.add(a.sqlName + "|" + a.fileEvents + "|" + a.recorded + "|" + a.meaning);
        List<String> ranges = new ArrayList<>();
        for (EventRange r : EventRange.values()) ranges.add(r.sqlName + "|" + r.meaning);
        try (Database db = Database.open(null); Statement st = db.connection().createStatement()) {
            assertEquals(sorted(types), rows(st, "SELECT event, system, family, columns, access, range, description "
                    + "FROM event_types"));
            assertEquals(sorted(kinds), rows(st, "SELECT kind, file_events, recorded, meaning FROM access_kinds"));
            assertEquals(sorted(ranges), rows(st, "SELECT range, meaning FROM range_kinds"));
        }
    }

    @Test
    void fileEventsNamesExactlyTheEventsWhoseKindDependsOnTheirFlags() {
        Set<String> byFlags = new TreeSet<>();
        for (EventType t : EventCatalog.standard().listing()) {
            if (t.access() == EventAccess.BY_FLAGS) byFlags.add(t.name());
        }
        Set<String> named = new TreeSet<>();
        Matcher m = Pattern.compile("event\\s*(?:=|IN\\s*\\()\\s*'([a-z0-9_]+)'")
                .matcher(Database.resource("queries/model/40_file_events.sql"));
        while (m.find()) named.add(m.group(1));
        assertEquals(Set.of("ext4_fallocate_enter", "iomap_iter"), byFlags);
        assertEquals(byFlags, named, "40_file_events.sql names events other than the catalog's by-flags ones");
    }

    private static List<String> sorted(List<String> rows) {
        List<String> out = new ArrayList<>(rows);
        out.sort(null);
        return out;
    }

    private static List<String> rows(Statement st, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= n; i++) cols.add(String.valueOf(rs.getObject(i)));
                out.add(String.join("|", cols));
            }
        }
        return sorted(out);
    }
}
