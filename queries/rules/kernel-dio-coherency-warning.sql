-- id: kernel-dio-coherency-warning
-- severity: critical
-- title: The kernel itself warned about direct I/O and page-cache coherency
-- explanation: The kernel printed one of the messages of kernel_message_catalog
--   (queries/model/22_kernel_warnings.sql) about this direct I/O: "Page cache invalidation
--   failure on direct I/O" (the post-write invalidation could not drop a cached page of the
--   range: it keeps data the write replaced) or "Direct I/O collision with buffered writes!" (an
--   mmap store reserved a delayed-allocation block inside the range between the direct I/O's
--   flush and its mapping: the I/O failed with -EIO; on 6.18 XFS only direct reads meet it). It is
--   the kernel's own judgement, so it is critical whatever else the trace shows; the
--   evidence is the message's id, and every other finding on the same window is marked as
--   confirmed by it. The kernel rate-limits both messages (the first to 10 a day per boot), so
--   most races leave none: their absence proves nothing.
-- source: mm/truncate.c dio_warn_stale_pagecache; fs/iomap/direct-io.c iomap_dio_iter;
--   fstests generic/208 (its _filter_aiodio_dmesg expects the first message); corpus
--   fstests/xfs-g208-head, k61/k61-xfs-mmap-overlap, captured/xfs-dio-collision.
WITH per_window AS (
    SELECT k.window_id, any_value(k.message_id ORDER BY k.line) AS message_id, min(k.line) AS first_line,
           count(*) AS warnings, any_value(task(k.comm, k.pid) ORDER BY k.line) AS printer,
           list(k.line) || list(k.continuation_line) FILTER (WHERE k.continuation_line IS NOT NULL) AS lines
    FROM kernel_warnings k
    WHERE k.window_id IS NOT NULL
    GROUP BY k.window_id
)
SELECT
    w.window_id,
    p.message_id AS evidence,
    list_sort(p.lines) AS conflict_lines,
    format('{} {}: the kernel logged "{}" from {} at line {}{}: {}.',
           sync_word(w.aio),
           window_subject(w),
           c.prefix, p.printer, p.first_line,
           CASE WHEN p.warnings > 1 THEN ' (and ' || (p.warnings - 1) || ' more)' ELSE '' END,
           c.meaning) AS message
FROM per_window p
JOIN dio_windows w USING (window_id)
JOIN kernel_message_catalog c USING (message_id)
