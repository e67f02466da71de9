-- @table conflict_fates
--   For each page of a completed direct write's range that was read into the cache or
-- dirtied while the write was in flight (window_conflicts, in_range), whether it was still in the
-- cache once the kernel's post-write invalidation was over. A page that survived it is what the
-- kernel's "Page cache invalidation failure on direct I/O" is about: the invalidation could not
-- drop it (dirty, or mapped and busy), so the cache and the disk now disagree. A page dropped by
-- then was written back and/or re-read from the disk: the two writes landed in some order, and the
-- cache holds neither stale copy.
-- @column window_id  dio_windows.window_id
-- @column line       the fill or dirtying event (window_conflicts.line)
-- @column kind       'cache-fill' or 'page-dirtied'
-- @column survived   no removal of a folio holding the page between the event and
--   window_invalidation.settle_ts
--
-- Removals are those inside the window (where the invalidation is traced before the completion:
-- dio_windows.invalidation_before_complete) and, where it runs right after the completion event,
-- those by the completing task after that event.
CREATE OR REPLACE TABLE conflict_fates AS
WITH pages AS (
    SELECT c.window_id, c.line, c.ts, c.pos, c.end_pos, c.kind
    FROM window_conflicts c JOIN dio_windows w USING (window_id)
    WHERE c.in_range AND c.kind IN ('cache-fill', 'page-dirtied') AND w.direction = 'write'
      AND w.outcome IN ('completed', 'short')
),
removals AS (
    SELECT window_id, ts, pos, end_pos FROM window_conflicts WHERE kind = 'cache-remove'
    UNION ALL
    SELECT w.window_id, e.ts, e.pos, e.pos + e.len
    FROM dio_windows w
    JOIN window_invalidation i USING (window_id)
    JOIN trace_segments s USING (trace_id, segment)
    JOIN events e ON e.trace_id = w.trace_id AND e.pid = w.complete_pid
    WHERE NOT w.invalidation_before_complete AND e.event = 'mm_filemap_delete_from_page_cache'
      AND e.dev = w.dev AND e.ino = w.ino AND e.ts > w.complete_ts AND e.ts <= i.settle_ts
      AND e.line > w.complete_line AND e.line <= s.last_line
),
removed AS (
    SELECT DISTINCT p.window_id, p.line
    FROM pages p JOIN removals r
      ON r.window_id = p.window_id AND r.ts > p.ts AND r.pos < p.end_pos AND r.end_pos > p.pos
)
SELECT p.window_id, p.line, p.kind, r.line IS NULL AS survived
FROM pages p LEFT JOIN removed r USING (window_id, line);
