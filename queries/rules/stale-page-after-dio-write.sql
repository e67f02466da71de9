-- id: stale-page-after-dio-write
-- severity: critical
-- title: Stale page left in the cache after a direct write
-- explanation: A page of the range was put into the page cache while the direct write was in
--   flight, before the kernel's post-write invalidation started, so it holds the data from before
--   the write; and it was still cached when that invalidation was over. Every buffered read and
--   mmap of it returns the old data, and if it is dirty its writeback later overwrites the direct
--   write on disk. Evidence is 'confirmed' when the kernel logged "Page cache invalidation failure
--   on direct I/O" from the completing task right after this write's post-write invalidation, or
--   a release of that very page was attempted during the invalidation and it stayed; 'likely'
--   otherwise. (A page filled after the invalidation started holds the new data and is not stale.)
-- source: fs/iomap/direct-io.c and mm/truncate.c (kiocb_invalidate_post_direct_write,
--   dio_warn_stale_pagecache); fstests generic/095, generic/208; corpus k61-xfs-mmap-overlap.
WITH stale AS (
    SELECT c.window_id, c.line AS added_line, c.pid, c.comm, r.pos, r.end_pos, r.removed_line, r.removed_ts,
           i.inval_start_ts, i.settle_ts, i.warning_line, w.trace_id, w.dev, w.ino, w.complete_pid
    FROM window_conflicts c
    JOIN dio_windows w USING (window_id)
    JOIN window_invalidation i USING (window_id)
    JOIN page_cache_residency r ON r.trace_id = c.trace_id AND r.added_line = c.line
    WHERE w.direction = 'write' AND w.outcome IN ('completed', 'short')
      AND c.kind = 'cache-fill' AND c.in_range AND c.ts < i.inval_start_ts
      AND (r.removed_ts IS NULL OR r.removed_ts > i.settle_ts)
),
-- a release of the page attempted by the completing task during the invalidation, which left it cached
released AS (
    SELECT DISTINCT s.window_id, s.added_line, f.line AS release_line
    FROM stale s JOIN file_events f
      ON f.trace_id = s.trace_id AND f.dev = s.dev AND f.ino = s.ino AND f.kind = 'folio-release'
     AND f.pid = s.complete_pid AND f.ts >= s.inval_start_ts AND f.ts <= s.settle_ts
     AND f.pos < s.end_pos AND f.end_pos > s.pos
),
per_window AS (
    SELECT s.window_id,
        any_value(s.warning_line) AS warning_line, any_value(s.settle_ts) AS settle_ts,
        count(r.release_line) AS releases, count(DISTINCT s.added_line) AS folios,
        min(s.pos) AS first_pos, max(s.end_pos) AS last_end,
        list(s.added_line) || coalesce(list(r.release_line) FILTER (WHERE r.release_line IS NOT NULL), []) AS lines,
        string_agg(DISTINCT task(s.comm, s.pid), ', ') AS tasks
    FROM stale s LEFT JOIN released r ON r.window_id = s.window_id AND r.added_line = s.added_line
    GROUP BY s.window_id
)
SELECT
    w.window_id,
    CASE WHEN p.warning_line IS NOT NULL OR p.releases > 0 THEN 'confirmed' ELSE 'likely' END AS evidence,
    list_sort(list_distinct(p.lines || CASE WHEN p.warning_line IS NOT NULL THEN [p.warning_line] ELSE [] END))
        AS conflict_lines,
    format('Direct write {} of inode {} on {} by {}, completed at {} by {}: {} ({}) read into the cache by {} '
           || 'during the write {} still cached after the post-write invalidation, holding the data from before '
           || 'the write{}.',
           byte_range(w.pos, w.end_pos), w.ino, w.dev, task(w.submit_comm, w.submit_pid),
           secs(w.complete_ts), task(w.complete_comm, w.complete_pid),
           plural(p.folios, 'folio'), page_span(p.first_pos, p.last_end), p.tasks,
           CASE WHEN p.folios = 1 THEN 'was' ELSE 'were' END,
           CASE WHEN p.warning_line IS NOT NULL
                    THEN ' (the kernel logged "Page cache invalidation failure on direct I/O" from that task, line '
                         || p.warning_line || ')'
                WHEN p.releases > 0 THEN ' (the invalidation tried to release it and it stayed)'
                ELSE '' END) AS message
FROM per_window p JOIN dio_windows w USING (window_id)
