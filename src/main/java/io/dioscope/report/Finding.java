package io.dioscope.report;

import io.dioscope.rules.Severity;
import java.util.List;

/** One finding with the direct-I/O window it is about and the events it names. */
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
        List<ConflictEvent> conflicts) {}
