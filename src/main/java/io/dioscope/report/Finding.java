package io.dioscope.report;

import io.dioscope.rules.Severity;
import java.util.List;

/**
 * One finding with the direct-I/O window it is about and the events it names. {@code certain} is false
 * where the trace lost events around the window; {@code confirmedBy} is the line of a kernel warning
 * about the same window.
 */
public record Finding(
        int id,
        String rule,
        Severity severity,
        String evidence,
        String message,
        int traceId,
        String tracePath,
        long windowId,
        Long relatedWindowId,
        String direction,
        String windowEvidence,
        String dev,
        long ino,
        /** The file's path where the recording mapped it (dio_windows.path), else null. */
        String path,
        long pos,
        long len,
        long beginTs,
        long endTs,
        Long completeTs,
        int submitPid,
        String submitComm,
        Integer completePid,
        String completeComm,
        boolean aio,
        String outcome,
        long beginLine,
        Long completeLine,
        boolean trusted,
        boolean certain,
        String uncertainBecause,
        Long confirmedBy,
        List<ConflictEvent> conflicts,
        /** Accepted by the baseline given to analyze (--baseline): reported, but it fails nothing. */
        boolean baselined,
        /** The trace's page size in bytes (dio_windows.page_size). */
        long pageSize,
        /** A window of block evidence: the first 512-byte sector of its bio on dev (dio_windows.sector), else null. */
        Long sector) {

    /** This finding, accepted by a baseline. */
    public Finding acceptedByBaseline() {
        return new Finding(id, rule, severity, evidence, message, traceId, tracePath, windowId, relatedWindowId, direction,
                windowEvidence, dev, ino, path, pos, len, beginTs, endTs, completeTs, submitPid, submitComm, completePid,
                completeComm, aio, outcome, beginLine, completeLine, trusted, certain, uncertainBecause, confirmedBy,
                conflicts, true, pageSize, sector);
    }

    /**
     * How reports name the file: its path and inode where the recording mapped it, else '7:0 inode 131'; for a
     * window of the block layer alone, the path the extent maps give, else the sectors.
     */
    public String fileName() {
        if (blockLayerOnly()) {
            String sectors = sector == null ? "" : "sectors " + sector + "-" + (sector + Math.max(len, 512) / 512 - 1) + " of ";
            return path == null ? sectors + dev : path + " (by its extent map: " + sectors + dev + ")";
        }
        return fileName(path, dev, ino);
    }

    /** How reports name a file: its path and inode where the recording mapped it ({@code path}), else '7:0 inode 131'. */
    public static String fileName(String path, String dev, long ino) {
        return path == null ? dev + " inode " + ino : path + " (inode " + ino + " on " + dev + ")";
    }

    /** The inode, or null where the trace names none (a window of the block layer alone). */
    public Long knownIno() {
        return blockLayerOnly() ? null : ino;
    }

    /**
     * The window's first file byte, or null where the trace does not give it: a window of the block layer
     * alone without an extent map of its sectors.
     */
    public Long knownOffset() {
        return blockLayerOnly() && path == null ? null : pos;
    }

    /**
     * Its window was rebuilt from block events alone (evidence 'block', 13_dio_block.sql): the trace names
     * no inode for it, and a file offset only through extent maps.
     */
    public boolean blockLayerOnly() {
        return BLOCK_LAYER.equals(windowEvidence);
    }

    /** The window evidence of a direct write rebuilt from the block layer alone (dio_windows.window_evidence). */
    public static final String BLOCK_LAYER = "block";

    /** What the finding rests on, as reports print it after the rule: 'filled before end_io; kernel warning at line 282'. */
    public String qualifiers() {
        String warning = confirmedBy == null ? null : "kernel warning at line " + confirmedBy;
        if (evidence != null && warning != null && evidence.contains("kernel warning")) {
            return evidence.replace("kernel warning", warning); // the rule's evidence already is the warning
        }
        StringBuilder s = new StringBuilder();
        if (evidence != null) s.append(evidence);
        if (warning != null) s.append(s.length() > 0 ? "; " : "").append(warning);
        return s.toString();
    }
}
