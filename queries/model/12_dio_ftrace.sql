-- Direct I/O rebuilt from the function tracer, for kernels without the iomap_dio tracepoints
-- (6.1 LTS, as in corpus/k61), on any filesystem. Fills dio_attempts and dio_orphan_completions
-- (08_dio_attempts.sql) for the traces trace_dio_evidence gives to 'ftrace'.
--
--  * iomap_dio_rw <-<fs>_file_write_iter / xfs_file_dio_write_aligned / ..._dio_read: an attempt
--    starts in the submitting task; the caller's name gives the direction (direction_from
--    'caller'; NULL when the name says neither, left to 20_dio_windows.sql). (__iomap_dio_rw
--    called from elsewhere than iomap_dio_rw, as btrfs does, starts one too.)
--  * the attempt's inode and range: the first kprobe on invalidate_inode_pages2_range in that task
--    after it (the pre-write invalidation; its start/end are page indexes), or else the first
--    iomap_iter with DIRECT and a length.
--  * iomap_dio_complete <-iomap_dio_complete_work: an async completion, in a kworker; from any
--    other caller: the completion ran in the submitting task before iomap_dio_rw returned.
--  * an async completion takes the oldest attempt in flight in the trace (see below).
--  * the completion is the entry of iomap_dio_complete(): every bio has completed (it is the
--    end_io too), and the post-write invalidation runs after it, inside that call (not
--    invalidation_before_complete).
--  * nothing here traces i_size, the iocb flags, the return value or errors: NULL.
-- Where 'xfs' applies to the trace too (trace_dio_evidence), XFS direct writes are xfs's (their
-- events name inode and range): a begin right after xfs_file_direct_write in its task and a
-- completion followed by xfs_end_io_direct_write are skipped here.

CREATE OR REPLACE TEMP TABLE dio_ftrace_events AS
SELECT trace_id, line, ts, cpu, pid, comm, event, func, caller, dev, ino, pos, len, flags, body,
    CASE
        WHEN event = 'function' AND func = 'iomap_dio_rw' THEN 'begin'
        WHEN event = 'function' AND func = '__iomap_dio_rw' AND coalesce(caller, '') <> 'iomap_dio_rw' THEN 'begin'
        WHEN event = 'function' AND func = 'iomap_dio_complete' THEN 'complete'
        WHEN event = 'iomap_dio_invalidate_fail' THEN 'invalidate_fail'
        WHEN event = 'xfs_file_direct_write' THEN 'xfs_begin'
        WHEN event LIKE 'xfs_end_io_direct_write%' THEN 'xfs_end'
        WHEN event <> 'function' AND func = 'invalidate_inode_pages2_range' THEN 'inval_probe'
        WHEN event = 'iomap_iter' AND flags LIKE '%DIRECT%' AND len > 0 THEN 'dio_iter'
    END AS role
FROM events
WHERE ((event = 'function' AND func IN ('iomap_dio_rw', '__iomap_dio_rw', 'iomap_dio_complete'))
       OR event IN ('iomap_dio_invalidate_fail', 'xfs_file_direct_write', 'xfs_end_io_direct_write',
                    'xfs_end_io_direct_write_unwritten', 'xfs_end_io_direct_write_append')
       OR (event <> 'function' AND func = 'invalidate_inode_pages2_range')
       OR (event = 'iomap_iter' AND flags LIKE '%DIRECT%' AND len > 0))
  AND trace_id IN (SELECT trace_id FROM trace_dio_evidence WHERE evidence = 'ftrace');

DELETE FROM dio_ftrace_events WHERE role IS NULL;

-- the trace segment of each (trace_segments: a task's next event is looked for in its segment only)
CREATE OR REPLACE TEMP TABLE dio_ftrace_events AS
SELECT d.*, s.segment
FROM dio_ftrace_events d
JOIN trace_segments s ON s.trace_id = d.trace_id AND d.line BETWEEN s.first_line AND s.last_line;

-- per task: each begin, the task's previous begin-ish event (to skip XFS writes, xfs's),
-- its next begin/complete/fallback, and the probe and iomap_iter that give its range
CREATE OR REPLACE TEMP TABLE dio_ftrace_begin AS
WITH task AS (
    SELECT *,
        lag(role) OVER t AS prev_role,
        lead(role) OVER t AS next_role,
        lead(line) OVER t AS next_line,
        lead(ts) OVER t AS next_ts,
        lead(caller) OVER t AS next_caller
    FROM dio_ftrace_events
    WHERE role IN ('begin', 'complete', 'invalidate_fail', 'xfs_begin')
    WINDOW t AS (PARTITION BY trace_id, segment, pid ORDER BY line)
),
begins AS (
    SELECT *,
        lead(line) OVER (PARTITION BY trace_id, segment, pid ORDER BY line) AS task_next_begin_line
    FROM task WHERE role = 'begin'
)
SELECT b.*,
    -- a probe or iomap_iter after the task's next begin belongs to that one
    CASE WHEN p.line < coalesce(b.task_next_begin_line, never()) THEN p.ino END AS probe_ino,
    CASE WHEN p.line < coalesce(b.task_next_begin_line, never())
         THEN CAST(arg(p.body, 'start') AS BIGINT) * page_bytes(tr.page_size) END AS probe_pos,
    CASE WHEN p.line < coalesce(b.task_next_begin_line, never())
         THEN (CAST(arg(p.body, 'end') AS BIGINT) - CAST(arg(p.body, 'start') AS BIGINT) + 1) * page_bytes(tr.page_size) END AS probe_len,
    CASE WHEN i.line < coalesce(b.task_next_begin_line, never()) THEN i.dev END AS iter_dev,
    CASE WHEN i.line < coalesce(b.task_next_begin_line, never()) THEN i.ino END AS iter_ino,
    CASE WHEN i.line < coalesce(b.task_next_begin_line, never()) THEN i.pos END AS iter_pos,
    CASE WHEN i.line < coalesce(b.task_next_begin_line, never()) THEN i.len END AS iter_len
FROM begins b
JOIN traces tr ON tr.trace_id = b.trace_id
ASOF LEFT JOIN (SELECT * FROM dio_ftrace_events WHERE role = 'inval_probe') p
    ON p.trace_id = b.trace_id AND p.segment = b.segment AND p.pid = b.pid AND p.line > b.line
ASOF LEFT JOIN (SELECT * FROM dio_ftrace_events WHERE role = 'dio_iter') i
    ON i.trace_id = b.trace_id AND i.segment = b.segment AND i.pid = b.pid AND i.line > b.line
WHERE coalesce(b.prev_role, '') <> 'xfs_begin'
   OR b.trace_id NOT IN (SELECT trace_id FROM trace_dio_evidence WHERE evidence = 'xfs');

CREATE OR REPLACE TEMP TABLE dio_ftrace_attempt AS
SELECT *,
    coalesce(probe_ino, iter_ino) AS a_ino,
    CASE WHEN caller LIKE '%read%' THEN coalesce(iter_pos, probe_pos) ELSE coalesce(probe_pos, iter_pos) END AS a_pos,
    CASE WHEN caller LIKE '%read%' THEN coalesce(iter_len, probe_len) ELSE coalesce(probe_len, iter_len) END AS a_len,
    CASE
        WHEN next_role = 'complete' AND coalesce(next_caller, '') <> 'iomap_dio_complete_work' THEN 'inline'
        WHEN next_role = 'invalidate_fail' THEN 'fallback'
        WHEN next_role IS NULL THEN 'open'
        ELSE 'queued'
    END AS fate,
    CASE WHEN caller LIKE '%write%' THEN 'write' WHEN caller LIKE '%read%' THEN 'read' END AS direction_from_caller
FROM dio_ftrace_begin;

-- async completions and the range their post-write invalidation names
CREATE OR REPLACE TEMP TABLE dio_ftrace_complete AS
WITH task AS (
    SELECT *, lead(role) OVER (PARTITION BY trace_id, segment, pid ORDER BY line) AS task_next_role
    FROM dio_ftrace_events WHERE role IN ('complete', 'xfs_end')
),
completes AS (
    SELECT *, lead(line) OVER (PARTITION BY trace_id, segment, pid ORDER BY line) AS task_next_complete_line
    FROM task
    -- an XFS write's completion is followed by xfs_end_io_direct_write: xfs has that window
    WHERE role = 'complete'
      AND NOT (coalesce(task_next_role, '') = 'xfs_end'
               AND trace_id IN (SELECT trace_id FROM trace_dio_evidence WHERE evidence = 'xfs'))
)
SELECT c.*,
    CASE WHEN p.line < coalesce(c.task_next_complete_line, never()) THEN p.ino END AS key_ino,
    CASE WHEN p.line < coalesce(c.task_next_complete_line, never())
         THEN CAST(arg(p.body, 'start') AS BIGINT) * page_bytes(tr.page_size) END AS key_pos,
    p.line AS post_inval_line, p.ts AS post_inval_ts
FROM completes c
JOIN traces tr ON tr.trace_id = c.trace_id
ASOF LEFT JOIN (SELECT * FROM dio_ftrace_events WHERE role = 'inval_probe') p
    ON p.trace_id = c.trace_id AND p.segment = c.segment AND p.pid = c.pid AND p.line > c.line
WHERE NOT EXISTS (SELECT 1 FROM dio_ftrace_attempt a
                  WHERE a.trace_id = c.trace_id AND a.fate = 'inline' AND a.next_line = c.line);

-- async completions take the attempts in flight in submission order, per trace. (A completion
-- traced by the function tracer names no file; the probe after it names one only when the file had
-- cached pages. With several files written at once, completions of different files can be
-- matched across files: prefer kernels with the iomap_dio tracepoints for such workloads.)
CREATE OR REPLACE TEMP TABLE dio_ftrace_fifo AS
SELECT trace_id, segment, NULL::VARCHAR AS dev, NULL::BIGINT AS ino, NULL::BIGINT AS pos, line, 1 AS is_begin,
       0 AS is_complete
FROM dio_ftrace_attempt WHERE fate IN ('queued', 'open')
UNION ALL
SELECT trace_id, segment, NULL, NULL, NULL, line, 0, 1 FROM dio_ftrace_complete;

CREATE OR REPLACE TEMP TABLE dio_ftrace_ranks AS FROM fifo_ranks('dio_ftrace_fifo');

CREATE OR REPLACE TEMP TABLE dio_ftrace_pairs AS SELECT * FROM fifo_pairs('dio_ftrace_ranks');

INSERT INTO dio_ftrace_pairs SELECT trace_id, line, next_line FROM dio_ftrace_attempt WHERE fate = 'inline';

INSERT INTO dio_attempts BY NAME
SELECT
    'ftrace' AS evidence,
    a.trace_id, a.segment,
    a.direction_from_caller AS direction,
    CASE WHEN a.direction_from_caller IS NOT NULL THEN 'caller' END AS direction_from,
    coalesce(a.iter_dev, (SELECT any_value(e.dev) FROM events e WHERE e.trace_id = a.trace_id AND e.ino = a.a_ino
                          AND e.event LIKE 'mm_filemap%')) AS dev,
    a.a_ino AS ino, a.a_pos AS pos, a.a_len AS len, 0::BIGINT AS done_before,
    NULL::BIGINT AS isize_begin, NULL::BIGINT AS isize_end,
    a.pid AS submit_pid, a.comm AS submit_comm, a.cpu AS submit_cpu,
    c.pid AS complete_pid, c.comm AS complete_comm, c.cpu AS complete_cpu,
    a.line AS begin_line, a.ts AS begin_ts, NULL::BIGINT AS queued_ts,
    c.line AS complete_line, c.ts AS complete_ts,
    CASE WHEN a.fate = 'fallback' THEN a.next_line END AS end_event_line,
    CASE WHEN a.fate = 'fallback' THEN a.next_ts END AS end_event_ts,
    c.line AS end_io_line, c.ts AS end_io_ts,
    coalesce(c.caller = 'iomap_dio_complete_work', false) AS aio,
    false AS nowait,
    NULL::VARCHAR AS flags, NULL::VARCHAR AS dio_flags,
    NULL::BIGINT AS ret, NULL::INTEGER AS error,
    a.fate,
    false AS invalidation_before_complete
FROM dio_ftrace_attempt a
LEFT JOIN dio_ftrace_pairs p ON p.trace_id = a.trace_id AND p.begin_line = a.line
LEFT JOIN dio_ftrace_events c ON c.trace_id = p.trace_id AND c.line = p.complete_line;

INSERT INTO dio_orphan_completions BY NAME
SELECT c.trace_id, c.segment, c.line, c.ts, c.pid, c.comm, NULL::VARCHAR AS dev, c.key_ino AS ino, c.key_pos AS pos,
       NULL::BIGINT AS ret, 'ftrace' AS evidence
FROM dio_ftrace_complete c
SEMI JOIN fifo_orphans('dio_ftrace_ranks') o USING (trace_id, line);
