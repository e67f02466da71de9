-- id: eof-page-fill-during-extending-dio-write
-- severity: critical
-- title: End-of-file page filled during a direct write that extends the file
-- explanation: The direct write extends the file (it ends beyond i_size at submission) and, while
--   it was in flight, a page from the one holding the old end of file up to the write's end, and
--   holding bytes the write puts there, was read into the page cache (a page wholly in the hole
--   between the old end of file and the write holds zeros whatever happens, and is not reported). A read of that page sees the old i_size and zero-fills everything
--   past it. The kernel's post-write invalidation, which runs after i_size has grown, drops that
--   page again: the race is repaired unless the page survives it, and then a buffered read returns
--   a zeroed tail where the write put data (the ext4 i_size / fstests generic/418 race).
--   Severity by evidence:
--   critical 'survived the invalidation': the page was cached before the invalidation can have run
--     (before the write's first bio, its end_io, or the invalidation's first removal) and was
--     still cached after it;
--   critical 'kernel warning': the page survived and the kernel logged "Page cache invalidation
--     failure on direct I/O" about this write;
--   warning 'dropped': every such page was dropped again by the time the invalidation was over
--     (the precondition of the race, repaired by the kernel);
--   warning 'undetermined': a page survived but the trace cannot order its fill against the
--     invalidation, or the write had not completed when the trace ended.
-- source: fstests generic/418 (direct write extending a file vs buffered reads of its tail);
--   linux-ext4 "ext4: fix race between direct IO write and page cache read" (2017).
WITH fills AS (
    SELECT c.window_id, c.line, c.pos, c.end_pos, c.comm, c.pid,
        i.window_id IS NOT NULL AND (r.removed_ts IS NULL OR r.removed_ts > i.settle_ts) AS survived,
        c.ts < i.inval_after_ts AS before_invalidation,
        i.window_id IS NULL AS unfinished,
        i.warning_line
    FROM window_conflicts c
    JOIN dio_windows w USING (window_id)
    LEFT JOIN window_invalidation i USING (window_id)
    LEFT JOIN page_cache_residency r ON r.trace_id = c.trace_id AND r.added_line = c.line
    WHERE w.direction = 'write' AND w.extending AND c.kind = 'cache-fill'
      AND c.end_pos > w.isize_begin // w.page_size * w.page_size AND c.pos < w.end_pos
      -- and holds bytes the write puts there: a page wholly in the hole between the old end of file
      -- and the write (fstests generic/418 writes page 2 of a 1-page file) is zeros before, during
      -- and after the write, and its zero-fill is its right content
      AND c.end_pos > w.pos
),
per_window AS (
    SELECT window_id, list(line ORDER BY line) AS lines, count(*) AS folios, min(pos) AS first_pos,
           max(end_pos) AS last_end, task_list(comm, pid) AS tasks,
           count(*) FILTER (WHERE survived) AS survivors,
           count(*) FILTER (WHERE survived AND before_invalidation) AS proven,
           bool_or(unfinished) AS unfinished, any_value(warning_line) AS warning_line
    FROM fills GROUP BY window_id
),
judged AS (
    SELECT *,
        CASE WHEN survivors > 0 AND warning_line IS NOT NULL THEN 'kernel warning'
             WHEN proven > 0 THEN 'survived the invalidation'
             WHEN survivors = 0 AND NOT unfinished THEN 'dropped'
             ELSE 'undetermined' END AS evidence
    FROM per_window
)
SELECT
    w.window_id,
    CASE WHEN f.evidence IN ('kernel warning', 'survived the invalidation') THEN 'critical' ELSE 'warning' END
        AS severity,
    f.evidence,
    CASE WHEN f.evidence = 'kernel warning' THEN list_sort(f.lines || [f.warning_line]) ELSE f.lines END
        AS conflict_lines,
    format('{} {} extends the file from i_size {} to {}; in flight {} to {}, '
           || '{} from the old end-of-file page on ({}) {} read into the cache by {}{}',
           sync_word(w.aio),
           window_subject(w),
           hexoff(w.isize_begin), hexoff(greatest(w.end_pos, coalesce(w.isize_end, w.end_pos))),
           secs(w.begin_ts), secs(w.end_ts), plural(f.folios, 'folio'), page_span(f.first_pos, f.last_end, w.page_size),
           CASE WHEN f.folios = 1 THEN 'was' ELSE 'were' END, f.tasks,
           CASE f.evidence
               WHEN 'dropped' THEN ', and the post-write invalidation dropped '
                   || CASE WHEN f.folios = 1 THEN 'it' ELSE 'them' END
                   || ' again: a read in between could see zeros past the old size, the cache no longer does.'
               WHEN 'undetermined' THEN ': a buffered read can see zeros past the old size where the write put '
                   || 'data, unless the page was read after the post-write invalidation (the trace cannot order them).'
               ELSE ' and survived the post-write invalidation: a buffered read sees zeros past the old size where '
                   || 'the write put data'
                   || CASE WHEN f.evidence = 'kernel warning' THEN ' (the kernel logged "Page cache invalidation '
                       || 'failure on direct I/O" about this write, line ' || f.warning_line || ').' ELSE '.' END
           END) AS message
FROM judged f JOIN dio_windows w USING (window_id)
