-- id: page-dirtied-during-dio-write
-- severity: critical
-- title: Page of an in-flight direct write dirtied in the page cache
-- explanation: A cached page of the range was dirtied while a direct write to that range was in
--   flight: by an mmap store (a write fault of the dirtying task just before) or by a buffered
--   write (xfs_file_buffered_write, ext4 write_begin, iomap_iter WRITE without DIRECT). Two
--   writes to the same bytes were in flight by two paths. The kernel cannot order them: its
--   post-write invalidation cannot drop a dirty page, so the cache keeps the other write's page
--   over the direct write's data, and its writeback later overwrites the direct write on disk (a
--   lost write, or, for a page only partly written, old bytes written back over new ones).
--   The evidence names the path ('mmap store', 'buffered write') and the page's fate:
--   critical ', survived': a dirtied page was still cached after the post-write invalidation
--     (conflict_fates): the invalidation failed, the condition of the kernel's own warning;
--   critical ', kernel warning': the kernel logged a coherency warning about this write;
--   warning ', dropped': every dirtied page was gone when the invalidation was over (written back
--     and dropped: both writes reached the disk in some order and the cache holds neither);
--   warning ', undetermined': the write did not complete in the trace, or failed.
-- source: fstests generic/095, generic/208, generic/240 (buffered and direct writes to the same
--   block), generic/451; linux-fsdevel "Page cache invalidation failure on direct I/O" reports.
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
        task_list(comm, pid) AS tasks,
        string_agg(DISTINCT CASE dirtier WHEN 'unknown' THEN 'an unidentified path' ELSE 'a ' || dirtier END, ' and '
                   ORDER BY CASE dirtier WHEN 'unknown' THEN 'an unidentified path' ELSE 'a ' || dirtier END)
            AS paths
    FROM classified GROUP BY window_id
),
fates AS (
    SELECT window_id, bool_or(survived) AS survived, count(*) FILTER (WHERE survived) AS survivors
    FROM conflict_fates WHERE kind = 'page-dirtied' GROUP BY window_id
),
judged AS (
    SELECT p.*, f.survivors,
        CASE WHEN k.window_id IS NOT NULL THEN 'kernel warning'
             WHEN f.survived THEN 'survived'
             WHEN f.window_id IS NOT NULL THEN 'dropped'
             ELSE 'undetermined' END AS fate
    FROM per_window p
    LEFT JOIN fates f USING (window_id)
    LEFT JOIN (SELECT DISTINCT window_id FROM kernel_warnings) k USING (window_id)
)
SELECT
    w.window_id,
    CASE WHEN p.fate IN ('kernel warning', 'survived') THEN 'critical' ELSE 'warning' END AS severity,
    p.dirtiers || ', ' || p.fate AS evidence,
    p.lines AS conflict_lines,
    format('{} {}, in flight {} to {}: {} ({}) of that range dirtied in the '
           || 'page cache meanwhile by {} through {}; {}',
           sync_word(w.aio),
           window_subject(w),
           secs(w.begin_ts), secs(w.end_ts),
           plural(p.pages, 'page'), replace(page_span(p.first_pos, p.last_end, w.page_size), 'pages ', 'of pages '), p.tasks, p.paths,
           CASE p.fate
               WHEN 'dropped' THEN 'the post-write invalidation found them written back and dropped them: both '
                   || 'writes reached the disk, in an order the trace does not show, and the cache keeps neither.'
               WHEN 'undetermined' THEN 'the write did not complete in the trace, so whether the cache kept them '
                   || 'cannot be told.'
               ELSE plural(coalesce(p.survivors, p.pages), 'dirty page') || ' outlived the post-write invalidation'
                   || CASE p.fate WHEN 'kernel warning' THEN ' (the kernel warned)' ELSE '' END
                   || ': their writeback overwrites the direct write on disk, and reads see them, not the direct write.'
           END) AS message
FROM judged p JOIN dio_windows w USING (window_id)
