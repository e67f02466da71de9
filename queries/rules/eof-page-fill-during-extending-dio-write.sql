-- id: eof-page-fill-during-extending-dio-write
-- severity: critical
-- title: End-of-file page filled during a direct write that extends the file
-- explanation: The direct write extends the file (it ends beyond i_size at submission) and, while
--   it was in flight, a page from the one holding the old end of file up to the write's end was
--   read into the page cache. A read of that page sees the old i_size and zero-fills everything
--   past it; once the write completes and i_size grows, the cached page still says zeros where
--   the write put data: a buffered read returns a zeroed tail (the ext4 i_size / fstests
--   generic/418 race).
-- source: fstests generic/418 (direct write extending a file vs buffered reads of its tail);
--   linux-ext4 "ext4: fix race between direct IO write and page cache read" (2017).
WITH fills AS (
    SELECT c.window_id, list(c.line ORDER BY c.line) AS lines, count(*) AS folios, min(c.pos) AS first_pos,
           max(c.end_pos) AS last_end, string_agg(DISTINCT task(c.comm, c.pid), ', ') AS tasks
    FROM window_conflicts c JOIN dio_windows w USING (window_id)
    WHERE w.direction = 'write' AND w.extending AND c.kind = 'cache-fill'
      AND c.end_pos > w.isize_begin // 4096 * 4096 AND c.pos < w.end_pos
    GROUP BY c.window_id
)
SELECT
    w.window_id,
    f.lines AS conflict_lines,
    format('{} direct write {} of inode {} on {} by {} extends the file from i_size {} to {}; in flight {} to {}, '
           || '{} from the old end-of-file page on ({}) {} read into the cache by {}: a buffered read can see '
           || 'zeros past the old size where the write put data.',
           CASE WHEN w.aio THEN 'Async' ELSE 'Sync' END,
           byte_range(w.pos, w.end_pos), w.ino, w.dev, task(w.submit_comm, w.submit_pid),
           hexoff(w.isize_begin), hexoff(greatest(w.end_pos, coalesce(w.isize_end, w.end_pos))),
           secs(w.begin_ts), secs(w.end_ts), plural(f.folios, 'folio'), page_span(f.first_pos, f.last_end),
           CASE WHEN f.folios = 1 THEN 'was' ELSE 'were' END, f.tasks) AS message
FROM fills f JOIN dio_windows w USING (window_id)
