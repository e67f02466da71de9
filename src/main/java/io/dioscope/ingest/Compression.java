package io.dioscope.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/** Compression of a trace file, recognised by its magic bytes rather than its name. */
public enum Compression {
    NONE(new int[0]),
    GZIP(new int[] {0x1f, 0x8b}),
    ZSTD(new int[] {0x28, 0xb5, 0x2f, 0xfd}),
    XZ(new int[] {0xfd, '7', 'z', 'X', 'Z', 0x00}),
    BZIP2(new int[] {'B', 'Z', 'h'}),
    LZ4(new int[] {0x04, 0x22, 0x4d, 0x18});

    private final int[] magic;

    Compression(int[] magic) {
        this.magic = magic;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Compression detect(byte[] head, int length) {
        for (Compression c : values()) {
            if (c == NONE || length < c.magic.length) continue;
            boolean match = true;
            for (int i = 0; i < c.magic.length && match; i++) match = (head[i] & 0xff) == c.magic[i];
            if (match) return c;
        }
        return NONE;
    }

    InputStream decompress(InputStream raw) throws IOException {
        switch (this) {
            case NONE:
                return raw;
            case GZIP:
                // the JDK's inflater is native zlib and reads concatenated members (pigz, cat a.gz b.gz)
                return new GZIPInputStream(raw, 1 << 16);
            case ZSTD:
                return new ZstdCompressorInputStream(new BufferedInputStream(raw, 1 << 16));
            case XZ:
                return new XZCompressorInputStream(new BufferedInputStream(raw, 1 << 16), true);
            case BZIP2:
                return new BZip2CompressorInputStream(new BufferedInputStream(raw, 1 << 16), true);
            case LZ4:
                return new FramedLZ4CompressorInputStream(new BufferedInputStream(raw, 1 << 16), true);
            default:
                throw new IllegalStateException(name());
        }
    }
}
