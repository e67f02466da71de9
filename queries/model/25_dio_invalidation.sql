-- When each completed window's post-write invalidation ran, what bounds the moment the write's
-- data reached the disk, and the kernel's own warning when the invalidation failed.
--
-- After a direct write completes the kernel drops the written range from the page cache again
-- (kiocb_invalidate_post_direct_write, in the task that completes the I/O). Where that shows
-- against the window's completion event is dio_windows.invalidation_before_complete, which the
-- evidence file that rebuilt the window sets:
--  * before the completion (true): the invalidation is the run of page removals / folio releases
--    the completing task traced just before the completion event, after the window's begin;
--  * after it (false): the completion event comes first; the invalidation is the run of removals,
--    releases and invalidate calls the completing task traces right after it, before its next
--    completion.
-- A run is broken by any other event of that task. When the invalidation fails (a page is mapped
-- and dirty, or locked), the kernel prints "Page cache invalidation failure on direct I/O" from
-- the completing task (printk:console; rate-limited, so often absent).

-- @table window_invalidation
--   One row per window with a completion.
-- @column window_id       dio_windows.window_id
-- @column inval_start_ts  the first traced event of the invalidation (NULL when it traced none:
--   with no page of the range cached it removes nothing and leaves no trace)
-- @column settle_ts       when the invalidation was over: a page still cached then survived it
--   (the completion event when the invalidation comes before it; else the invalidation's last
--   event, or the completion when it traced none)
-- @column submit_ts       the submitting task's first DIRECT iomap_iter of this write: no bio of it
--   was submitted before, so nothing read into the cache earlier can hold its data
-- @column end_io_ts       dio_windows.end_io_ts: every bio had completed by then
-- @column inval_after_ts  the invalidation cannot have started before this: inval_start_ts when
--   traced, else the latest of submit_ts and end_io_ts (it runs after ->end_io)
-- @column inval_events    removals, releases and invalidate calls in it
-- @column inval_calls     invalidate_inode_pages2_range calls seen by the function tracer or a
--   kprobe
-- @column warning_line    the kernel's "Page cache invalidation failure on direct I/O"
--   (kernel_warnings) about this write
-- @column warning_ts      its timestamp

-- completer_events: the completing tasks' events numbered by run (a run is broken by any event that
-- is not part of an invalidation); kept are the invalidation events and the completions themselves.
CREATE OR REPLACE TEMP TABLE completer_events AS
SELECT trace_id, pid, line, ts, is_inval, is_call, run
FROM (
    SELECT *,
        sum(CASE WHEN NOT is_inval AND NOT is_transparent THEN 1 ELSE 0 END)
            OVER (PARTITION BY trace_id, pid ORDER BY line ROWS UNBOUNDED PRECEDING) AS run
    FROM (
        SELECT e.trace_id, e.pid, e.line, e.ts,
            e.event IN ('mm_filemap_delete_from_page_cache', 'iomap_release_folio', 'iomap_invalidate_folio')
                OR coalesce(e.func IN ('invalidate_inode_pages2_range', 'kiocb_invalidate_post_direct_write'), false)
                AS is_inval,
            coalesce(e.func = 'invalidate_inode_pages2_range', false) AS is_call,
            -- the end_io event, the function entry and the kernel's warning come inside the completion
            e.event LIKE 'xfs_end_io_direct_write%' OR (e.event = 'function' AND e.func = 'iomap_dio_complete')
                OR e.event = 'console' AS is_transparent
        FROM events e
        SEMI JOIN (SELECT DISTINCT trace_id, complete_pid AS pid FROM dio_windows WHERE complete_pid IS NOT NULL) c
            USING (trace_id, pid)
    )
) x
WHERE x.is_inval OR EXISTS (SELECT 1 FROM dio_windows w WHERE w.trace_id = x.trace_id AND w.complete_line = x.line);

CREATE OR REPLACE TEMP TABLE window_completion AS
SELECT w.window_id, w.trace_id, w.complete_pid, w.begin_line, w.complete_line, w.complete_ts, w.end_io_ts,
       w.invalidation_before_complete, c.run,
       -- the run just before the completion event, or the one it starts
       CASE WHEN w.invalidation_before_complete THEN c.run - 1 ELSE c.run END AS target_run,
       lead(w.complete_line) OVER (PARTITION BY w.trace_id, w.complete_pid ORDER BY w.complete_line)
           AS next_complete_line
FROM dio_windows w
JOIN completer_events c ON c.trace_id = w.trace_id AND c.line = w.complete_line
WHERE w.complete_line IS NOT NULL;

CREATE OR REPLACE TEMP TABLE window_inval_run AS
SELECT w.window_id, min(c.ts) AS first_ts, max(c.ts) AS last_ts, count(*) AS events,
       count(*) FILTER (WHERE c.is_call) AS calls
FROM window_completion w
JOIN completer_events c
  ON c.trace_id = w.trace_id AND c.pid = w.complete_pid AND c.run = w.target_run AND c.is_inval
-- (after the begin: a run before it is another write's, or across a clock reset another boot's)
WHERE (w.invalidation_before_complete AND c.line < w.complete_line AND c.line > w.begin_line)
   OR (NOT w.invalidation_before_complete AND c.line > w.complete_line
       AND c.line < coalesce(w.next_complete_line, never()))
GROUP BY w.window_id;

-- the submitter's first DIRECT iteration of each write (before its completion)
CREATE OR REPLACE TEMP TABLE window_io_bounds AS
WITH iters AS (
    SELECT trace_id, pid, line, ts FROM events WHERE event = 'iomap_iter' AND flags LIKE '%DIRECT%'
),
windows AS (
    SELECT window_id, trace_id, submit_pid, begin_line, complete_line
    FROM dio_windows WHERE complete_line IS NOT NULL
)
SELECT w.window_id,
    CASE WHEN i.line < w.complete_line THEN i.ts END AS submit_ts
FROM windows w
ASOF LEFT JOIN iters i ON i.trace_id = w.trace_id AND i.pid = w.submit_pid AND i.line > w.begin_line;

CREATE OR REPLACE TABLE window_invalidation AS
WITH warned AS (
    SELECT window_id, min(line) AS warning_line, min(ts) AS warning_ts
    FROM kernel_warnings
    WHERE message_id = 'page-cache-invalidation-failure' AND window_id IS NOT NULL
    GROUP BY window_id
)
SELECT w.window_id,
    r.first_ts AS inval_start_ts,
    CASE WHEN w.invalidation_before_complete THEN w.complete_ts
         ELSE coalesce(r.last_ts, w.complete_ts) END AS settle_ts,
    b.submit_ts, w.end_io_ts,
    coalesce(r.first_ts, greatest(b.submit_ts, w.end_io_ts)) AS inval_after_ts,
    coalesce(r.events, 0) AS inval_events,
    coalesce(r.calls, 0) AS inval_calls,
    k.warning_line, k.warning_ts
FROM window_completion w
LEFT JOIN window_inval_run r USING (window_id)
LEFT JOIN window_io_bounds b USING (window_id)
LEFT JOIN warned k USING (window_id);
