-- id: page-dirtied-during-dio-write
-- severity: critical
-- title: Page of an in-flight direct write dirtied in the page cache
-- explanation: A cached page of the range was dirtied while a direct write to that range was in
--   flight: by an mmap store (a write fault of the dirtying task just before) or by a buffered
--   write (xfs_file_buffered_write, ext4 write_begin, iomap_iter WRITE without DIRECT). Two
--   writes to the same bytes are now in flight by two paths; whichever reaches the disk last
--   wins, so either the direct write or the buffered/mmap data is lost, and the dirty page may
--   also keep the invalidation after the direct write from dropping it.
-- source: fstests generic/095, generic/240 (buffered and direct writes to the same block),
--   generic/451; linux-fsdevel "Page cache invalidation failure on direct I/O" reports.
WITH dirtied AS (
    SELECT c.window_id, c.line, c.ts, c.pid, c.comm, c.pos, c.end_pos, c.trace_id, c.dev, c.ino
    FROM window_conflicts c JOIN dio_windows w USING (window_id)
    WHERE w.direction = 'write' AND c.kind = 'page-dirtied' AND c.in_range
),
-- what the dirtying task did to that page just before: a write fault or a buffered write
cause AS (
    SELECT d.*, m.line AS mmap_line, b.line AS buffered_line
    FROM dirtied d
    ASOF LEFT JOIN (SELECT * FROM file_events WHERE kind IN ('mmap-store', 'mmap-fault')) m
        ON m.trace_id = d.trace_id AND m.pid = d.pid AND m.line < d.line
    ASOF LEFT JOIN (SELECT * FROM file_events WHERE kind = 'buffered-write') b
        ON b.trace_id = d.trace_id AND b.pid = d.pid AND b.line < d.line
),
classified AS (
    SELECT *,
        CASE
            WHEN mmap_line IS NOT NULL AND (buffered_line IS NULL OR mmap_line > buffered_line) THEN 'mmap store'
            WHEN buffered_line IS NOT NULL THEN 'buffered write'
            ELSE 'unknown'
        END AS dirtier
    FROM cause
),
per_window AS (
    SELECT window_id,
        string_agg(DISTINCT dirtier, '+' ORDER BY dirtier) AS dirtiers,
        list_sort(list_distinct(list(line) || list(coalesce(mmap_line, buffered_line))
            FILTER (WHERE coalesce(mmap_line, buffered_line) IS NOT NULL))) AS lines,
        count(DISTINCT pos) AS pages, min(pos) AS first_pos, max(end_pos) AS last_end,
        string_agg(DISTINCT task(comm, pid), ', ') AS tasks,
        string_agg(DISTINCT CASE dirtier WHEN 'unknown' THEN 'an unidentified path' ELSE 'a ' || dirtier END, ' and ')
            AS paths
    FROM classified GROUP BY window_id
)
SELECT
    w.window_id,
    p.dirtiers AS evidence,
    p.lines AS conflict_lines,
    format('{} direct write {} of inode {} on {} by {}, in flight {} to {}: {} ({}) of that range dirtied in the '
           || 'page cache meanwhile by {} through {}; two writes to the same bytes are in flight, whichever is '
           || 'written back last wins and the other is lost.',
           CASE WHEN w.aio THEN 'Async' ELSE 'Sync' END,
           byte_range(w.pos, w.end_pos), w.ino, w.dev, task(w.submit_comm, w.submit_pid),
           secs(w.begin_ts), secs(w.end_ts),
           plural(p.pages, 'page'), replace(page_span(p.first_pos, p.last_end), 'pages ', 'of pages '), p.tasks, p.paths) AS message
FROM per_window p JOIN dio_windows w USING (window_id)
