package io.dioscope.ingest.dat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading tracefs format files: names, ids, fields; and the one-line refusal of a file that is not one. */
class FormatFileTest {
    private static String text(String event) throws IOException {
        return Files.readString(Formats618.root().resolve(event).resolve("format"));
    }

    @Test
    void fieldsAsTheFileDeclaresThem() throws IOException {
        EventFormat e = EventFormat.parse("iomap", text("iomap/iomap_iter"));
        assertEquals("iomap", e.system());
        assertEquals("iomap_iter", e.name());
        assertEquals(1136, e.id());
        assertEquals(List.of("common_type", "common_flags", "common_preempt_count", "common_pid", "dev", "ino", "pos", "length", "status",
                "flags", "ops", "caller"), e.fields().stream().map(FormatField::name).toList());
        FormatField pos = e.field("pos");
        assertEquals("loff_t", pos.type());
        assertEquals(24, pos.offset());
        assertEquals(8, pos.size());
        assertTrue(pos.signed());
        assertEquals(-1, pos.arrayLength());
        assertEquals("const void *", e.field("ops").type());
        assertNull(e.field("nope"));
    }

    @Test
    void arraysAndDynamicArrays() throws IOException {
        EventFormat rq = EventFormat.parse("block", text("block/block_rq_issue"));
        FormatField comm = rq.field("comm");
        assertEquals("char[16]", comm.type());
        assertEquals(16, comm.arrayLength());
        FormatField cmd = rq.field("cmd");
        assertEquals("__data_loc char[]", cmd.type());
        assertTrue(cmd.dataLoc());
        assertFalse(cmd.relLoc());
        assertEquals(0, cmd.arrayLength());
        FormatField buf = EventFormat.parse("ftrace", text("ftrace/print")).field("buf");
        assertEquals("char[]", buf.type());
        assertEquals(0, buf.arrayLength());
        assertEquals(0, buf.size());
    }

    @Test
    void aFileThatIsNotAFormatIsRefusedInOneLine() throws IOException {
        String good = text("iomap/iomap_iter");
        for (String bad : new String[] {
            good.replaceFirst("ID: 1136\n", ""),
            good.replaceFirst("name: iomap_iter\n", ""),
            good.replaceFirst("offset:24;", ""),
            good.replaceFirst("size:8;", "size:eight;"),
            good.replaceFirst("format:", "formats are fun"),
            "GIF89a",
        }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventFormat.parse("iomap", bad));
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void aMissingOrBrokenPrintFmtIsAProblemNotAnError() throws IOException {
        String good = text("iomap/iomap_iter");
        EventFormat none = EventFormat.parse("iomap", good.substring(0, good.indexOf("print fmt:")));
        assertEquals("no print fmt line", none.printProblem());
        EventFormat cut = EventFormat.parse("iomap", good.substring(0, good.indexOf("__print_flags") + 20));
        assertTrue(cut.printProblem() != null && !cut.printProblem().contains("\n"), cut.printProblem());
    }
}
