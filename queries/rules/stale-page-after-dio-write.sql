-- id: stale-page-after-dio-write
-- severity: critical
-- title: Stale page left in the cache after a direct write
-- explanation: A page of the range was put into the page cache while the direct write was in
--   flight and was still cached when the kernel's post-write invalidation was over. If it was cached
--   before that invalidation ran, the invalidation failed to drop it: it holds the data from before
--   the write (or zeros), every buffered read and mmap of it returns that, and if it is dirty its
--   writeback later overwrites the direct write on disk. A page cached after the write's data
--   reached the disk holds the new data and is not reported.
--   Severity by evidence, in this order:
--   critical 'kernel warning': the kernel logged "Page cache invalidation failure on direct I/O"
--     about this write (kernel_warnings);
--   critical 'failed release': the invalidation tried to release that very page and it stayed;
--   critical 'filled before submission': the page was cached before the write's first bio was
--     submitted (its first DIRECT iomap_iter), so it cannot hold the new data, and it survived;
--   critical 'filled before end_io': cached before xfs_end_io_direct_write (or, on 6.1, the
--     iomap_dio_complete entry), after which the invalidation runs, and it survived;
--   critical 'filled before the invalidation': cached before the invalidation's first traced
--     removal, and it survived;
--   warning 'undetermined': cached during the write, still cached after it, but the trace cannot
--     order the fill against the invalidation (no end_io event and no traced removal after the
--     fill): if the invalidation ran before the fill the page holds the new data.
--   Pages cached after xfs_end_io_direct_write, or after the invalidation's first removal, are
--   not reported: the data was on disk when they were read. Nor are pages past what a short write
--   wrote directly (its first ret bytes): the rest of its range never went to the disk by this
--   write (a btrfs short write of 0 bytes, then its buffered fallback, is the traced case).
-- source: fs/iomap/direct-io.c and mm/truncate.c (iomap_dio_complete, kiocb_invalidate_post_direct_write,
--   dio_warn_stale_pagecache); fstests generic/095, generic/208, generic/418; corpus
--   k61-xfs-mmap-overlap, fstests/xfs-g208-head.
WITH survivors AS (
    SELECT c.window_id, c.line AS added_line, c.ts, c.pid, c.comm, r.pos, r.end_pos, w.trace_id, w.dev, w.ino,
           w.complete_pid, i.inval_start_ts, i.settle_ts, i.submit_ts, i.end_io_ts, i.inval_after_ts,
           i.warning_line
    FROM window_conflicts c
    JOIN dio_windows w USING (window_id)
    JOIN window_invalidation i USING (window_id)
    JOIN page_cache_residency r ON r.trace_id = c.trace_id AND r.added_line = c.line
    WHERE w.direction = 'write' AND w.outcome IN ('completed', 'short')
      AND c.kind = 'cache-fill' AND c.in_range
      AND (r.removed_ts IS NULL OR r.removed_ts > i.settle_ts)
      -- a short write wrote only its first ret - done_before bytes directly: a page past them holds
      -- nothing this write put on the disk (the rest is written again, or through the page cache: btrfs
      -- and direct_write_fallback() write it buffered right after)
      AND (w.outcome = 'completed' OR r.pos < w.pos + (w.ret - w.done_before))
),
-- each surviving fill, placed against what the trace says about the invalidation
placed AS (
    SELECT *,
        CASE
            WHEN ts < submit_ts THEN 'filled before submission'
            WHEN ts < end_io_ts THEN 'filled before end_io'
            WHEN ts < inval_start_ts THEN 'filled before the invalidation'
            WHEN ts > end_io_ts OR ts >= inval_start_ts THEN 'after the data landed'
            ELSE 'undetermined'
        END AS order_evidence,
        CASE WHEN ts < submit_ts THEN 1 WHEN ts < end_io_ts THEN 2 WHEN ts < inval_start_ts THEN 3 END AS order_rank
    FROM survivors
),
stale AS (SELECT * FROM placed WHERE order_evidence <> 'after the data landed'),
-- a release of the page attempted by the completing task during the invalidation, which left it cached
released AS (
    SELECT DISTINCT s.window_id, s.added_line, f.line AS release_line
    FROM stale s JOIN file_events f
      ON f.trace_id = s.trace_id AND f.dev = s.dev AND f.ino = s.ino AND f.kind = 'folio-release'
     AND f.pid = s.complete_pid AND f.ts >= s.inval_after_ts AND f.ts <= s.settle_ts
     AND f.pos < s.end_pos AND f.end_pos > s.pos
),
per_window AS (
    SELECT s.window_id,
        any_value(s.warning_line) AS warning_line,
        count(r.release_line) AS releases, count(DISTINCT s.added_line) AS folios,
        count(DISTINCT s.added_line) FILTER (WHERE s.order_rank IS NOT NULL) AS ordered,
        -- the strongest ordering evidence among the window's surviving fills
        arg_min(s.order_evidence, s.order_rank) FILTER (WHERE s.order_rank IS NOT NULL) AS order_evidence,
        min(s.pos) AS first_pos, max(s.end_pos) AS last_end,
        list(s.added_line) || coalesce(list(r.release_line) FILTER (WHERE r.release_line IS NOT NULL), []) AS lines,
        task_list(s.comm, s.pid) AS tasks
    FROM stale s LEFT JOIN released r ON r.window_id = s.window_id AND r.added_line = s.added_line
    GROUP BY s.window_id
),
judged AS (
    SELECT *,
        CASE WHEN warning_line IS NOT NULL THEN 'kernel warning'
             WHEN releases > 0 THEN 'failed release'
             WHEN ordered > 0 THEN order_evidence
             ELSE 'undetermined' END AS evidence
    FROM per_window
)
SELECT
    w.window_id,
    CASE WHEN p.evidence = 'undetermined' THEN 'warning' ELSE 'critical' END AS severity,
    p.evidence,
    list_sort(list_distinct(p.lines || CASE WHEN p.warning_line IS NOT NULL THEN [p.warning_line] ELSE [] END))
        AS conflict_lines,
    format('{}, completed at {} by {}: {} ({}) read into the cache by {} '
           || 'during the write {} still cached after the post-write invalidation{}.',
           sentence_case(window_subject(w)),
           secs(w.complete_ts), task(w.complete_comm, w.complete_pid),
           plural(p.folios, 'folio'), page_span(p.first_pos, p.last_end, w.page_size), p.tasks,
           CASE WHEN p.folios = 1 THEN 'was' ELSE 'were' END,
           CASE p.evidence
                WHEN 'kernel warning' THEN ', holding the data from before the write (the kernel logged "Page cache '
                    || 'invalidation failure on direct I/O" about this write, line ' || p.warning_line || ')'
                WHEN 'failed release' THEN ', holding the data from before the write (the invalidation tried to '
                    || 'release it and it stayed)'
                WHEN 'filled before submission' THEN ', holding the data from before the write: cached before the '
                    || 'write submitted its first bio, it survived the invalidation'
                WHEN 'filled before end_io' THEN ', holding the data from before the write: cached before the '
                    || 'write''s end_io, it survived the invalidation that runs after it'
                WHEN 'filled before the invalidation' THEN ', holding the data from before the write: cached '
                    || 'before the invalidation began, it survived it'
                ELSE '; the trace cannot tell whether it was read before the write''s data reached the disk '
                    || '(stale) or after (current): no end_io event or invalidation removal orders them'
           END) AS message
FROM judged p JOIN dio_windows w USING (window_id)
