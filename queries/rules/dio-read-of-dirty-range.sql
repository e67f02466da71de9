-- id: dio-read-of-dirty-range
-- severity: warning
-- title: Direct read of a range dirtied in the page cache during the read
-- explanation: A direct read reads the disk, not the page cache. It flushes dirty cached pages of
--   its range first, but a page dirtied after that flush and before the read completed (an mmap
--   store, a buffered write) is newer than what the read returns: the reader gets the data from
--   before that write.
-- source: fs/iomap/direct-io.c (filemap_write_and_wait_range before a direct read); fstests
--   generic/095, generic/451 (direct reads racing buffered writes).
WITH dirty AS (
    SELECT c.window_id, list(c.line ORDER BY c.line) AS lines, count(DISTINCT c.pos) AS pages,
           task_list(c.comm, c.pid) AS tasks
    FROM window_conflicts c JOIN dio_windows w USING (window_id)
    WHERE w.direction = 'read' AND c.kind = 'page-dirtied' AND c.in_range
    GROUP BY c.window_id
)
SELECT
    w.window_id,
    d.lines AS conflict_lines,
    format('{}, in flight {} to {}: {} of that range {} dirtied in the page '
           || 'cache meanwhile by {}; the read returns what was on disk, not that newer data.',
           sentence_case(window_subject(w)),
           secs(w.begin_ts), secs(w.end_ts), plural(d.pages, 'page'),
           CASE WHEN d.pages = 1 THEN 'was' ELSE 'were' END, d.tasks) AS message
FROM dirty d JOIN dio_windows w USING (window_id)
