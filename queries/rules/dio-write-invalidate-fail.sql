-- id: dio-write-invalidate-fail
-- severity: warning
-- title: Pre-write invalidation failed; the direct write fell back to buffered I/O
-- explanation: Before a direct write the kernel drops the range from the page cache; when a page
--   cannot be dropped (it is dirty, mapped, locked or under writeback) iomap gives up
--   (iomap_dio_invalidate_fail) and the filesystem redoes the write through the page cache. The
--   data still lands, but the application asked for O_DIRECT and did not get it, and the pages
--   that blocked the invalidation are usually the other side of a race with this file (an mmap
--   writer, a buffered writer). The finding names the cached pages of the range at that moment
--   and who put them there.
-- source: fs/iomap/direct-io.c (iomap_dio_invalidate_fail, -ENOTBLK fallback); fstests generic/095.
WITH cached AS (
    SELECT w.window_id, r.pos, r.end_pos, r.added_line, r.added_pid, r.added_comm, r.removed_line
    FROM dio_windows w
    JOIN page_cache_residency r
      ON r.trace_id = w.trace_id AND r.dev = w.dev AND r.ino = w.ino AND r.pos < w.end_pos AND r.end_pos > w.pos
     AND (r.added_ts IS NULL OR r.added_ts < w.end_ts) AND (r.removed_ts IS NULL OR r.removed_ts > w.end_ts)
    WHERE w.outcome = 'fallback'
),
per_window AS (
    SELECT w.window_id,
        count(c.window_id) AS folios, min(c.pos) AS first_pos, max(c.end_pos) AS last_end,
        list(coalesce(c.added_line, c.removed_line)) FILTER (WHERE c.window_id IS NOT NULL) AS lines,
        string_agg(DISTINCT coalesce(task(c.added_comm, c.added_pid), 'a task before the trace began'), ', '
                   ORDER BY coalesce(task(c.added_comm, c.added_pid), 'a task before the trace began'))
            FILTER (WHERE c.window_id IS NOT NULL) AS tasks
    FROM dio_windows w LEFT JOIN cached c USING (window_id)
    WHERE w.outcome = 'fallback' AND w.direction = 'write'
    GROUP BY w.window_id
)
SELECT
    w.window_id,
    list_sort(list_distinct(coalesce(p.lines, []) || [w.end_event_line])) AS conflict_lines,
    format('{} at {}: the page cache could not be invalidated and the write '
           || 'fell back to buffered I/O; {}.',
           sentence_case(window_subject(w)), secs(w.begin_ts),
           CASE WHEN p.folios = 0 THEN 'no cached page of the range is visible in the trace'
                ELSE plural(p.folios, 'cached folio') || ' (' || page_span(p.first_pos, p.last_end, w.page_size)
                     || ') held the range, put there by ' || p.tasks END) AS message
FROM per_window p JOIN dio_windows w USING (window_id)
