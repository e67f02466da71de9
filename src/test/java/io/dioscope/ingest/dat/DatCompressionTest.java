package io.dioscope.ingest.dat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * The block decompressors, on their own: their failures as sentences. Both are proven end to end on real
 * files in TraceDatLoadTest (zstd as trace-cmd records by default, zlib in a file trace-cmd converted).
 * trace-cmd's zlib blocks are {@code compress2()} output, a zlib stream: here the real CPU data of a real
 * file is compressed the way compress2 does (java.util.zip.Deflater writes the same format), read back,
 * cut short and damaged.
 */
class DatCompressionTest {
    private static byte[] realPages() throws Exception {
        try (DatFile f = DatFile.open(RecordReaderTest.DAT)) {
            DatBuffer top = f.buffers().get(0);
            CpuPages pages = new CpuPages(f, top, top.cpus().get(0), new DatProblems());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int[] at = new int[1];
            byte[] page;
            for (int i = 0; i < 10 && (page = pages.next(at)) != null; i++) out.write(page, at[0], top.pageSize());
            return out.toByteArray();
        }
    }

    private static byte[] zlib(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        d.end();
        return out.toByteArray();
    }

    @Test
    void zlibBlocksOfRealPagesDecompressToThem() throws Exception {
        byte[] pages = realPages();
        assertTrue(pages.length == 10 * 4096);
        byte[] z = zlib(pages);
        assertArrayEquals(pages, DatCompression.ZLIB.decompress(z, 0, z.length, pages.length, "chunk 0"));
    }

    @Test
    void aDamagedOrShortZlibBlockIsOneSentence() throws Exception {
        byte[] pages = realPages();
        byte[] z = zlib(pages);
        DatException shortBlock = assertThrows(DatException.class,
                () -> DatCompression.ZLIB.decompress(z, 0, z.length / 2, pages.length, "chunk 3"));
        assertTrue(shortBlock.getMessage().startsWith("chunk 3: its zlib data gives "), shortBlock.getMessage());
        byte[] bad = z.clone();
        for (int i = 2; i < 30; i++) bad[i] ^= 0x33;
        DatException damaged = assertThrows(DatException.class,
                () -> DatCompression.ZLIB.decompress(bad, 0, bad.length, pages.length, "chunk 4"));
        assertTrue(damaged.getMessage().startsWith("chunk 4: its zlib data"), damaged.getMessage());
    }

    @Test
    void anUnknownCompressionIsNamed() {
        DatException e = assertThrows(DatException.class, () -> DatCompression.named("lzo", "2.10"));
        assertTrue(e.getMessage().equals("its data is compressed with 'lzo' (version 2.10), which dioscope does not read "
                + "(zlib and zstd only)"), e.getMessage());
    }
}
