-- id: post-write-invalidate-before-completion
-- severity: critical
-- title: Post-write invalidation ran before an async direct write completed
-- explanation: The page-cache invalidation that must follow a direct write ran in the submitting
--   task while the asynchronous write was still in flight, and nothing invalidated the range
--   after the write completed. Pages read into the cache between that invalidation and the
--   completion hold the data from before the write and are never dropped: buffered readers see
--   stale data indefinitely. This was the bug in generic_file_direct_write (it re-invalidated
--   right after ->direct_IO returned -EIOCBQUEUED), fixed by moving the invalidation to AIO
--   completion. Needs the function tracer on invalidate_inode_pages2_range (or a kprobe on it):
--   the pre-write invalidation, which comes before the I/O is mapped and submitted
--   (before the task's first DIRECT iomap_iter), is expected and not reported.
-- source: linux-fsdevel 2015, "fs: fix data corruption by invalidating pagecache after AIO DIO
--   completes" and the generic_file_direct_write discussion; fstests generic/208.
WITH calls AS (
    SELECT trace_id, line, ts, pid, comm, caller
    FROM events WHERE event = 'function' AND func = 'invalidate_inode_pages2_range'
),
async_writes AS (
    SELECT w.* FROM dio_windows w
    WHERE w.direction = 'write' AND w.complete_line IS NOT NULL AND w.complete_pid <> w.submit_pid
      AND w.trace_id IN (SELECT DISTINCT trace_id FROM calls)
),
-- where the submitting task started mapping and submitting the I/O
submitted AS (
    SELECT a.window_id, i.line AS submit_line
    FROM async_writes a
    ASOF LEFT JOIN (SELECT trace_id, pid, line FROM events WHERE event = 'iomap_iter' AND flags LIKE '%DIRECT%') i
        ON i.trace_id = a.trace_id AND i.pid = a.submit_pid AND i.line > a.begin_line
),
-- a call by a submitting task belongs to that task's latest attempt before it: with several writes
-- in flight, the next attempt's pre-write invalidation falls inside the previous one's window
owned AS (
    SELECT c.*, b.window_id
    FROM calls c
    ASOF JOIN (SELECT trace_id, submit_pid, begin_line, window_id FROM dio_windows) b
        ON b.trace_id = c.trace_id AND b.submit_pid = c.pid AND b.begin_line < c.line
),
early AS (
    SELECT a.window_id, o.line, o.caller
    FROM owned o
    JOIN async_writes a USING (window_id)
    JOIN submitted s USING (window_id)
    WHERE o.ts < a.complete_ts
      AND (o.caller IN ('kiocb_invalidate_post_direct_write', 'iomap_dio_complete')
           OR (s.submit_line IS NOT NULL AND o.line > s.submit_line))
),
per_window AS (
    SELECT window_id, list(line ORDER BY line) AS lines, min(line) AS first_line, string_agg(DISTINCT caller, ', ' ORDER BY caller) AS callers
    FROM early GROUP BY window_id
)
SELECT
    w.window_id,
    p.lines AS conflict_lines,
    format('Async {}, in flight {} to {}: invalidate_inode_pages2_range ran '
           || 'in the submitting task at line {} (from {}) before the write completed, and not again after it; '
           || 'pages cached in between keep the old data.',
           window_subject(w),
           secs(w.begin_ts), secs(w.complete_ts), p.first_line, p.callers) AS message
FROM per_window p
JOIN dio_windows w USING (window_id)
JOIN window_invalidation i USING (window_id)
WHERE i.inval_calls = 0
