package io.dioscope.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dioscope.TestTraces;
import io.dioscope.ingest.decode.EventField;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** queries/schema.sql and the loader agree; its macros read real bodies. */
class SchemaTest {
    @Test
    void eventsTableHasOneColumnPerParsedFieldWithTheSameType() throws Exception {
        try (Database db = Database.open(null); Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT column_name, data_type FROM information_schema.columns "
                        + "WHERE table_name = 'events' ORDER BY ordinal_position")) {
            List<String> actual = new ArrayList<>();
            while (rs.next()) actual.add(rs.getString(1) + " " + rs.getString(2));
            List<String> expected = new ArrayList<>(List.of("trace_id INTEGER"));
            for (EventField f : EventField.values()) expected.add(f.column + " " + f.kind.sqlType);
            assertEquals(expected, actual);
        }
    }

    @Test
    void argAndArgsReadKprobeArguments() throws Exception {
        try (Database db = Database.open(null)) {
            new TraceLoader(db, LoadOptions.defaults())
                    .load(TestTraces.path("corpus/k61/k61-xfs-mmap-overlap.trace.gz"), ProgressListener.NONE);
            try (Statement st = db.connection().createStatement();
                    ResultSet rs = st.executeQuery("SELECT arg(body, 'start')::BIGINT, arg(body, 'end')::BIGINT, "
                            + "args(body)['ino'] FROM events WHERE event = 'inval_pages2' ORDER BY line LIMIT 1")) {
                rs.next();
                assertEquals(0, rs.getLong(1));
                assertEquals(15, rs.getLong(2));
                assertEquals("131", rs.getString(3));
            }
        }
    }

    @Test
    void aDatabaseWrittenBeforeContentSha256GetsTheColumnAndStillLoads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.db");
        try (Database db = Database.open(file); Statement st = db.connection().createStatement()) {
            st.execute("ALTER TABLE traces DROP COLUMN content_sha256"); // as an earlier dioscope made it
        }
        try (Database db = Database.open(file)) {
            LoadedTrace t = new TraceLoader(db, LoadOptions.defaults())
                    .load(TestTraces.path("corpus/xfs-clean.trace.gz"), ProgressListener.NONE);
            try (Statement st = db.connection().createStatement();
                    ResultSet rs = st.executeQuery("SELECT content_sha256, file_bytes FROM traces")) {
                rs.next();
                assertEquals(t.contentSha256(), rs.getString(1));
                assertEquals(t.fileBytes(), rs.getLong(2));
            }
        }
    }

    @Test
    void aDatabaseWrittenBeforeCallChainsGetsThemAndStillLoads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.db");
        try (Database db = Database.open(file); Statement st = db.connection().createStatement()) {
            st.execute("DROP TABLE event_callchains"); // as an earlier dioscope made it
            st.execute("ALTER TABLE traces DROP COLUMN callchain_lines");
        }
        try (Database db = Database.open(file)) {
            LoadedTrace t = new TraceLoader(db, LoadOptions.defaults())
                    .load(TestTraces.path("captured/xfs-read-overlap-callchains.perfscript.gz"), ProgressListener.NONE);
            try (Statement st = db.connection().createStatement();
                    ResultSet rs = st.executeQuery("SELECT callchain_lines, (SELECT count(*) FROM event_callchains) FROM traces")) {
                rs.next();
                assertEquals(t.callChainLines(), rs.getLong(1));
                assertEquals(179_910, rs.getLong(2));
            }
        }
    }
}
