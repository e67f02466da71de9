package io.dioscope.ingest.dat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What each part of the print fmt language prints, on real 6.18 formats with chosen field values; the
 * expected text is what the kernel's C code prints for those values (and libtraceevent, where they agree).
 */
class PrintSemanticsTest {
    private static final Map<String, EventFormat> F = Formats618.bundle();
    private static final RecordLayout LE = new RecordLayout(false, 8, Kallsyms.none());
    private static final RecordLayout SYMBOLS = new RecordLayout(false, 8, Formats618.kallsymsExcerpt());

    private static String render(String event, PayloadBuilder b, RecordLayout layout) {
        EventFormat e = F.get(event);
        assertNull(e.printProblem(), event);
        return PayloadBuilder.render(e, b.build(), layout);
    }

    private static PayloadBuilder of(String event) {
        return PayloadBuilder.of(F.get(event));
    }

    @Test
    void schedSwitchStateIsFlagsUnderATernaryAndCommsAreBoundedByTheirArrays() {
        PayloadBuilder b = of("sched/sched_switch").text("prev_comm", "abcdefghijklmnop").set("prev_pid", -1).set("prev_prio", 120)
                .text("next_comm", "swapper/1").set("next_pid", 0).set("next_prio", 120);
        // a 16-character comm fills its array: no NUL, and nothing after it is printed
        assertEquals("prev_comm=abcdefghijklmnop prev_pid=-1 prev_prio=120 prev_state=S|D ==> next_comm=swapper/1 next_pid=0 next_prio=120",
                render("sched/sched_switch", b.set("prev_state", 3), LE));
        assertTrue(render("sched/sched_switch", b.set("prev_state", 0), LE).contains("prev_state=R ==>"));
        assertTrue(render("sched/sched_switch", b.set("prev_state", 0x101), LE).contains("prev_state=S+ ==>"));
        assertTrue(render("sched/sched_switch", b.set("prev_state", 0x80), LE).contains("prev_state=I ==>"));
    }

    @Test
    void iomapIterFlagsRemainderSignedStatusAndSymbols() {
        PayloadBuilder b = of("iomap/iomap_iter").set("dev", 7L << 20 | 3).set("ino", 0x83).set("pos", -1).set("length", 0)
                .set("status", -5).set("flags", 0x801).set("ops", 0).set("caller", 0xffffffff81234567L);
        assertEquals("dev 7:3 ino 0x83 pos 0xffffffffffffffff length 0x0 status -5 flags WRITE|0x800 (0x801) ops 0x0 caller 0xffffffff81234567",
                render("iomap/iomap_iter", b, LE));
        // a value of 0 prints no flag at all
        assertTrue(render("iomap/iomap_iter", b.set("flags", 0), LE).contains(" flags  (0x0) "));
        // %pS: name+0xoffset (+0x0 at the symbol itself); %ps: the name alone
        b.set("caller", 0xffffffff81787750L + 0xa8).set("ops", 0xffffffff82400000L + 0x69ae0);
        assertTrue(render("iomap/iomap_iter", b, SYMBOLS).endsWith(" ops __start_rodata caller iomap_file_buffered_write+0xa8"));
        b.set("caller", 0xffffffff81787750L);
        assertTrue(render("iomap/iomap_iter", b, SYMBOLS).endsWith("caller iomap_file_buffered_write+0x0"));
    }

    @Test
    void signedLongLongAndFlagsOfExt4PunchHole() {
        PayloadBuilder b = of("ext4/ext4_punch_hole").set("dev", 254L << 20).set("ino", 12).set("offset", -4096).set("len", 8192).set("mode", 3);
        assertEquals("dev 254,0 ino 12 offset -4096 len 8192 mode KEEP_SIZE|PUNCH_HOLE", render("ext4/ext4_punch_hole", b, LE));
        assertTrue(render("ext4/ext4_punch_hole", b.set("mode", 0x102), LE).endsWith("mode PUNCH_HOLE|0x100"));
    }

    @Test
    void conversionWidthDecidesWhatIsPrinted() {
        // %x of an int -1 is 32 bits of ones; %08lx is zero-padded to 8 digits and uses the long size
        PayloadBuilder task = of("io_uring/io_uring_task_add").set("ctx", 0).set("req", 0x1000).set("user_data", 7).set("mask", -1)
                .text("op_str", "READV");
        assertEquals("ring (nil), req 0x1000, user_data 0x7, opcode READV, mask ffffffff", render("io_uring/io_uring_task_add", task, LE));
        PayloadBuilder access = of("syscalls/sys_enter_access").set("filename", 0x7f0012345678L).set("mode", 4);
        assertEquals("filename: 0x7f0012345678, mode: 0x00000004", render("syscalls/sys_enter_access", access, LE));
        // on a 32-bit kernel, %lx is 32 bits wide
        RecordLayout thirtyTwo = new RecordLayout(false, 4, Kallsyms.none());
        assertEquals("filename: 0x12345678, mode: 0x00000004", PayloadBuilder.render(F.get("syscalls/sys_enter_access"), access.build(), thirtyTwo));
    }

    @Test
    void blockRequestIoprioClassByNameAndEmptyDynamicString() {
        PayloadBuilder b = of("block/block_rq_issue").set("dev", 8L << 20 | 16).set("sector", 2048).set("nr_sector", 8).set("bytes", 4096)
                .set("ioprio", 2 << 13 | 4).text("rwbs", "WS").text("comm", "fio").text("cmd", "");
        assertEquals("8,16 WS 4096 () 2048 + 8 be,0,4 [fio]", render("block/block_rq_issue", b, LE));
        assertTrue(render("block/block_rq_issue", b.set("ioprio", 5 << 13), LE).contains(" 0x5,0,0 "));
    }

    @Test
    void dynamicStringsAndWhatTheyPointAt() {
        EventFormat console = F.get("printk/console");
        assertEquals("hello world", PayloadBuilder.render(console, of("printk/console").text("msg", "hello world\n").build(), LE));
        // a location past the record, and a record cut before the field: marked, never thrown
        assertEquals(Payload.BAD_LOC, PayloadBuilder.render(console, of("printk/console").location("msg", 64 << 16 | 200).build(), LE));
        byte[] cut = java.util.Arrays.copyOf(of("printk/console").text("msg", "x").build(), 10);
        assertEquals(Payload.TRUNCATED, PayloadBuilder.render(console, cut, LE));
    }

    @Test
    void markerTextAndItsCaller() {
        PayloadBuilder b = of("ftrace/print").set("ip", 0xffffffff814a9f70L).bytes("buf", "scenario start\n\0".getBytes(StandardCharsets.US_ASCII));
        assertEquals("tracing_mark_write: scenario start", render("ftrace/print", b, SYMBOLS));
        assertEquals("0xffffffff814a9f70: scenario start", render("ftrace/print", b, LE));
    }

    @Test
    void socketAddressesOfBothFamilies() {
        byte[] v4 = new byte[28];
        v4[0] = 2; // AF_INET, in the machine's order
        v4[2] = 0x1f;
        v4[3] = (byte) 0x90; // port 8080, network order
        v4[4] = 10;
        v4[7] = 1;
        byte[] v6 = new byte[28];
        v6[0] = 10; // AF_INET6
        v6[2] = 0x01;
        v6[3] = (byte) 0xbb; // 443
        byte[] addr = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        System.arraycopy(addr, 0, v6, 8, 16);
        PayloadBuilder b = of("tcp/tcp_bad_csum").set("skbaddr", 0xffff888012345678L).bytes("saddr", v4).bytes("daddr", v6);
        assertEquals("skbaddr=0xffff888012345678 src=10.0.0.1:8080 dest=[2001:db8::1]:443", render("tcp/tcp_bad_csum", b, LE));
    }

    @Test
    void ipv6CompressedAndMacAddresses() {
        byte[] any = new byte[16];
        byte[] group = {(byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, (byte) 0xff, 0, 0, 1};
        byte[] mac = {0x33, 0x33, (byte) 0xff, 0, 0, 1};
        PayloadBuilder b = of("bridge/br_mdb_full").text("dev", "br0").set("af", 10).set("vid", 1).bytes("src", any).bytes("grp", group).bytes("grpmac", mac);
        assertEquals("dev br0 af 10 src :: grp ff02::1:ff00:1/33:33:ff:00:00:01 vid 1", render("bridge/br_mdb_full", b, LE));
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 1};
        assertTrue(render("bridge/br_mdb_full", b.bytes("src", mapped), LE).contains(" src ::ffff:192.0.2.1 "));
    }

    @Test
    void uuidAndUnsignedComparisonsWithNegativeLiterals() {
        byte[] fsid = new byte[16];
        for (int i = 0; i < 16; i++) fsid[i] = (byte) i;
        PayloadBuilder b = of("btrfs/add_delayed_data_ref").bytes("fsid", fsid).set("bytenr", 1).set("num_bytes", 2).set("action", 1)
                .set("parent", 0).set("ref_root", -9).set("owner", 3).set("offset", 4).set("type", 178).set("seq", 5);
        String text = render("btrfs/add_delayed_data_ref", b, LE);
        assertTrue(text.startsWith("00010203-0405-0607-0809-0a0b0c0d0e0f: bytenr=1 num_bytes=2 action="), text);
        // ref_root >= -9ULL compares as unsigned 64-bit: -9 is DATA_RELOC_TREE; 0 and 300 are neither range
        assertTrue(text.endsWith(" parent=0(-) ref_root=18446744073709551607(DATA_RELOC_TREE) owner=3 offset=4 type=EXTENT_DATA_REF seq=5"), text);
        assertTrue(render("btrfs/add_delayed_data_ref", b.set("ref_root", 5), LE).contains(" ref_root=5(FS_TREE) "));
        assertTrue(render("btrfs/add_delayed_data_ref", b.set("ref_root", 300), LE).contains(" ref_root=300(-) "));
    }

    @Test
    void cpumaskAsAListOfRanges() {
        byte[] mask = {0x0b, 0, 0, 0, 0, 0, 0, 0}; // cpus 0, 1, 3
        PayloadBuilder b = of("ipi/ipi_send_cpumask").bytes("cpumask", mask).set("callsite", 0).set("callback", 0);
        assertEquals("cpumask=0-1,3 callsite=0x0 callback=0x0", render("ipi/ipi_send_cpumask", b, LE));
    }

    @Test
    void octalAlternateFormsAndPrecisionFromAnArgument() {
        PayloadBuilder inode = of("ext4/ext4_allocate_inode").set("dev", 254L << 20).set("ino", 12).set("dir", 2).set("mode", 0100644);
        assertEquals("dev 254,0 ino 12 dir 2 mode 0100644", render("ext4/ext4_allocate_inode", inode, LE));
        PayloadBuilder attr = of("hugetlbfs/hugetlbfs_setattr").set("dev", 50).set("ino", 7).set("d_len", 3).text("d_name", "abcdef")
                .set("ia_valid", 0x10).set("ia_mode", 0100644).set("old_size", 0).set("ia_size", -1);
        assertEquals("dev 0,50 ino 7 name abc valid 0x10 mode 0100644 old_size 0 size -1", render("hugetlbfs/hugetlbfs_setattr", attr, LE));
        // %#x of 0 has no 0x
        assertTrue(render("hugetlbfs/hugetlbfs_setattr", attr.set("ia_valid", 0), LE).contains(" valid 0 "));
    }

    @Test
    void leftJustifiedSymbolAndAShiftedLiteral() {
        PayloadBuilder b = of("compaction/mm_compaction_defer_compaction").set("nid", 0).set("idx", 1).set("order", 3).set("order_failed", 2)
                .set("considered", 5).set("defer_shift", 6);
        assertEquals("node=0 zone=DMA32    order=3 order_failed=2 consider=5 limit=64", render("compaction/mm_compaction_defer_compaction", b, LE));
    }

    @Test
    void hexStringsCharactersAndConditionalNames() {
        byte[] lladdr = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
        PayloadBuilder n = of("neigh/neigh_cleanup_and_release").set("family", 2).text("dev", "eth0").bytes("lladdr", lladdr).set("lladdr_len", 6)
                .set("flags", 0x0a).set("nud_state", 0x02).set("type", 1).set("dead", 0).set("refcnt", 1).bytes("primary_key4", new byte[] {(byte) 192, (byte) 168, 1, 1})
                .set("confirmed", 1).set("updated", 2).set("used", 3).set("err", 0);
        assertEquals("family 2 dev eth0 lladdr 001122334455 flags 0a nud_state reachable type 01 dead 0 refcnt 1 primary_key4 192.168.1.1"
                + " primary_key6 :: confirmed 1 updated 2 used 3 err 0", render("neigh/neigh_cleanup_and_release", n, LE));
        PayloadBuilder tcp = of("tcp/tcp_ao_handshake_failure").set("net_cookie", 1).set("state", 1).set("family", 2).set("l3index", 0)
                .set("fin", 1).set("syn", 0).set("rst", 0).set("psh", 1).set("ack", 1).set("keyid", 2).set("rnext", 3).set("maclen", 12);
        assertTrue(render("tcp/tcp_ao_handshake_failure", tcp, LE).endsWith(" L3index=0 [F  P.] keyid=2 rnext=3 maclen=12"));
    }

    @Test
    void statementExpressionsArraysAndSizeof() {
        byte[] dma = new byte[16];
        dma[0] = 0x10;
        dma[8] = 0x20;
        byte[] lengths = {0, 0x10, 0, 0, 0, 0x20, 0, 0};
        PayloadBuilder b = of("dma/dma_map_sg").text("device", "0000:00:01.0").set("full_nents", 300).set("full_ents", 2).set("truncated", 1)
                .bytes("phys_addrs", dma).bytes("dma_addrs", dma).bytes("lengths", lengths).set("dir", 1).set("attrs", 1 << 5);
        // min(full_nents, 128) is a GNU statement expression
        assertEquals("0000:00:01.0 dir=TO_DEVICE nents=128/300 ents=2/2 [TRUNCATED] dma_addrs={0x10,0x20} sizes={0x1000,0x2000}"
                + " phys_addrs={0x10,0x20} attrs=SKIP_CPU_SYNC", render("dma/dma_map_sg", b, LE));
    }

    @Test
    void aStringOrNullByLength() {
        PayloadBuilder b = of("xfs/xfs_attr_leaf_add").set("dev", 7L << 20).set("ino", 0x83).text("name", "user.x").set("namelen", 4)
                .set("valuelen", 1).set("hashval", 0xabc).set("attr_filter", 1 << 2).set("op_flags", 0);
        assertEquals("dev 7:0 ino 0x83 name user namelen 4 valuelen 1 hashval 0xabc filter SECURE op_flags ", render("xfs/xfs_attr_leaf_add", b, LE));
        assertTrue(render("xfs/xfs_attr_leaf_add", b.set("namelen", 0), LE).contains(" name  namelen 0 "));
    }

    @Test
    void relativeLocationsOfTheRelLocSample() throws IOException {
        EventFormat e = EventFormat.parse("sample-trace", Files.readString(
                Path.of(Formats618.root().getParent().toString(), "formats-other", "sample-trace", "foo_rel_loc", "format")));
        assertNull(e.printProblem());
        assertTrue(e.field("foo").relLoc() && e.field("bitmask").relLoc());
        byte[] bitmask = {(byte) 0xef, (byte) 0xbe, (byte) 0xad, (byte) 0xde, 0, 0, 0, 0};
        byte[] payload = PayloadBuilder.of(e).text("foo", "Hello __rel_loc").set("bar", 752).bytes("bitmask", bitmask).build();
        // the kernel printed: foo_rel_loc: foo_rel_loc Hello __rel_loc, 752, 00000000,deadbeef
        assertEquals("foo_rel_loc Hello __rel_loc, 752, 00000000,deadbeef", PayloadBuilder.render(e, payload, LE));
    }

    @Test
    void bigEndianRecordsPrintTheSame() {
        PayloadBuilder le = of("iomap/iomap_iter").set("dev", 7L << 20 | 3).set("ino", 0x83).set("pos", 4096).set("length", 65536)
                .set("status", 0).set("flags", 0x11).set("ops", 0).set("caller", 0);
        PayloadBuilder be = PayloadBuilder.bigEndian(F.get("iomap/iomap_iter")).set("dev", 7L << 20 | 3).set("ino", 0x83).set("pos", 4096)
                .set("length", 65536).set("status", 0).set("flags", 0x11).set("ops", 0).set("caller", 0);
        String text = render("iomap/iomap_iter", le, LE);
        assertEquals("dev 7:3 ino 0x83 pos 0x1000 length 0x10000 status 0 flags WRITE|DIRECT (0x11) ops 0x0 caller 0x0", text);
        assertEquals(text, render("iomap/iomap_iter", be, new RecordLayout(true, 8, Kallsyms.none())));
    }

    @Test
    void anUnderstoodPrintFmtIsNotNeededToSeeTheFields() {
        EventFormat e = F.get("writeback/writeback_single_inode");
        assertNotNull(e.printProblem()); // it prints jiffies - dirtied_when, and jiffies is not in the record
        byte[] payload = PayloadBuilder.of(e).text("name", "254:0").set("ino", 12).set("state", 0x50).set("dirtied_when", 1)
                .set("writeback_index", 0).set("nr_to_write", -5).set("wrote", 0).set("cgroup_ino", 1).build();
        assertEquals("name=254:0 ino=12 state=0x50 dirtied_when=0x1 writeback_index=0x0 nr_to_write=-5 wrote=0x0 cgroup_ino=1",
                PayloadBuilder.render(e, payload, LE));
    }
}
