-- id: pagecache-fill-during-dio-write
-- severity: warning
-- title: Page-cache fill inside an in-flight direct write
-- explanation: While a direct write was in flight, pages of the range it writes were read into
--   the page cache (a buffered read, readahead, or an mmap fault filling a page). The kernel
--   dropped the range from the cache before submitting the write and drops it again when the
--   write completes, but a page filled in between can hold the data from before the write, and a
--   buffered read served from it returns stale data until it is dropped. If the post-write
--   invalidation cannot drop it (see stale-page-after-dio-write) the stale page outlives the write.
-- source: fstests generic/208 (aio-dio-invalidate-readahead), generic/465 (direct write racing
--   buffered reads); linux-fsdevel "aio: fix race between aio-dio write and buffered read" threads.
WITH fills AS (
    SELECT c.window_id, list(c.line ORDER BY c.line) AS lines, count(*) AS folios,
           task_list(c.comm, c.pid) AS tasks
    FROM window_conflicts c JOIN dio_windows w USING (window_id)
    WHERE w.direction = 'write' AND c.kind = 'cache-fill' AND c.in_range
    GROUP BY c.window_id
)
SELECT
    w.window_id,
    f.lines AS conflict_lines,
    format('{} {}, in flight {} to {}: {} of that range {} read into the '
           || 'page cache meanwhile by {}; buffered reads of them can return the data this write replaced.',
           sync_word(w.aio),
           window_subject(w),
           secs(w.begin_ts), secs(w.end_ts),
           plural(f.folios, 'folio'), CASE WHEN f.folios = 1 THEN 'was' ELSE 'were' END, f.tasks) AS message
FROM fills f JOIN dio_windows w USING (window_id)
