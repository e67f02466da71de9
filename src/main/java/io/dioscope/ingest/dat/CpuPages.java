package io.dioscope.ingest.dat;

import java.io.IOException;

/**
 * The ring-buffer pages one CPU recorded, read in order: straight from the file, or chunk by chunk
 * when the buffer is compressed ({@code count}, then per chunk its compressed and uncompressed sizes
 * and the data). What cannot be read (data beyond the end of a cut file, a chunk that does not
 * decompress) ends this CPU's pages and is told to {@link DatProblems}; the other CPUs go on.
 */
final class CpuPages {
    /** Bytes read from an uncompressed buffer at a time. */
    private static final int READ_PAGES = 64;

    private final DatFile f;
    private final DatBuffer buffer;
    private final DatBuffer.CpuData cpu;
    private final DatProblems problems;
    private final int pageSize;
    private final String who;

    private byte[] block = new byte[0];
    private int blockLength;
    private int blockPos;
    private long filePos;
    private long fileEnd;
    private long chunksLeft = -1;
    private int chunkIndex;
    private long pageIndex = -1;
    private boolean done;

    CpuPages(DatFile f, DatBuffer buffer, DatBuffer.CpuData cpu, DatProblems problems) {
        this.f = f;
        this.buffer = buffer;
        this.cpu = cpu;
        this.problems = problems;
        this.pageSize = buffer.pageSize();
        this.who = "CPU " + cpu.cpu() + (buffer.isTop() ? "" : " of instance " + buffer.name());
        this.filePos = cpu.offset();
        // a compressed buffer's size counts its chunks, not the chunk count before them
        long end = cpu.offset() + cpu.size() + (buffer.compressed() && cpu.size() > 0 ? 4 : 0);
        if (cpu.size() != 0 && (cpu.size() < 0 || end < 0 || end > f.size())) {
            long have = Math.max(0, f.size() - cpu.offset());
            problems.add(who + ": its data (" + Long.toUnsignedString(cpu.size()) + " bytes at offset "
                    + Long.toUnsignedString(cpu.offset()) + ") goes beyond the end of the file (" + f.size()
                    + " bytes); " + (have > 0 ? "the " + have + " bytes there are read" : "none of it is there"));
            end = cpu.offset() >= 0 && cpu.offset() <= f.size() ? f.size() : cpu.offset();
        }
        this.fileEnd = end;
        if (cpu.size() == 0) done = true;
    }

    String who() {
        return who;
    }

    /** The number of the page last handed out (0 for the first). */
    long pageIndex() {
        return pageIndex;
    }

    /**
     * Points {@code page} at the next page: returns the array holding it and sets {@code at[0]} to its
     * offset there; null when there are no more pages.
     */
    byte[] next(int[] at) throws IOException {
        while (!done && blockPos + pageSize > blockLength) {
            if (blockPos < blockLength) {
                problems.add(who + ": its data ends " + (blockLength - blockPos) + " bytes into a page (the file was cut "
                        + "short): that page is not read");
            }
            if (!fill()) done = true;
        }
        if (done) return null;
        at[0] = blockPos;
        blockPos += pageSize;
        pageIndex++;
        return block;
    }

    private boolean fill() throws IOException {
        blockPos = 0;
        blockLength = 0;
        try {
            return buffer.compressed() ? fillChunk() : fillRaw();
        } catch (DatException e) {
            problems.add(who + ": " + e.getMessage() + "; its later pages are not read");
            return false;
        }
    }

    private boolean fillRaw() throws IOException {
        if (filePos >= fileEnd) return false;
        int n = (int) Math.min((long) pageSize * READ_PAGES, fileEnd - filePos);
        if (block.length < n) block = new byte[Math.max(n, pageSize * READ_PAGES)];
        int got = f.in.readInto(filePos, block, 0, n);
        filePos += got;
        blockLength = got;
        return got > 0;
    }

    private boolean fillChunk() throws IOException, DatException {
        if (chunksLeft < 0) {
            byte[] count = f.in.read(filePos, 4, who + "'s chunk count");
            chunksLeft = ByteCursor.number(count, 0, 4, f.bigEndian);
            filePos += 4;
        }
        if (chunksLeft == 0) return false;
        String chunk = "chunk " + chunkIndex + " at offset " + filePos;
        if (fileEnd - filePos < 8) throw new DatException("its " + chunk + " is cut short (the file ends there)");
        byte[] head = f.in.read(filePos, 8, who + "'s " + chunk);
        long zsize = ByteCursor.number(head, 0, 4, f.bigEndian);
        long size = ByteCursor.number(head, 4, 4, f.bigEndian);
        if (zsize > fileEnd - filePos - 8) {
            throw new DatException("its " + chunk + " holds " + zsize + " compressed bytes, but only "
                    + (fileEnd - filePos - 8) + " are left in the file");
        }
        if (size > Integer.MAX_VALUE - 8 || size % pageSize != 0) {
            throw new DatException("its " + chunk + " says it decompresses to " + size + " bytes, not a whole number of "
                    + pageSize + "-byte pages");
        }
        byte[] z = f.in.read(filePos + 8, (int) zsize, who + "'s " + chunk);
        block = f.compression.decompress(z, 0, z.length, (int) size, chunk);
        blockLength = block.length;
        filePos += 8 + zsize;
        chunksLeft--;
        chunkIndex++;
        return blockLength > 0;
    }
}
