-- dio_windows: one row per direct-I/O attempt, from whichever evidence the trace has
-- (see 10_dio_iomap.sql, 11_dio_xfs.sql, 12_dio_ftrace.sql). Columns:
--   window_id      unique id (order of trace, begin line)
--   trace_id, evidence ('iomap': iomap_dio_* tracepoints; 'xfs': xfs_file_direct_write ->
--                  xfs_end_io_direct_write; 'ftrace': function tracer + invalidate kprobe)
--   direction      'write', 'read' or 'unknown'; direction_from says how it was told: 'iocb'
--                  (WRITE in the iocb flags), 'iomap_iter' (the task's next DIRECT iteration),
--                  'xfs' (xfs_file_direct_write/read before it), 'caller' (function tracer),
--                  'size' (i_size grew at completion)
--   dev, ino, pos, len  the range asked for; end_pos = pos + len
--   isize_begin, isize_end  i_size at submission and at completion (NULL when not traced)
--   extending      the write ends beyond i_size at submission
--   submit_pid/comm/cpu, complete_pid/comm/cpu  who submitted, who completed (async: a kworker)
--   begin_ts, queued_ts, complete_ts; begin_line, complete_line (lines in the trace file)
--   end_ts         when the window closes: completion; the fallback or abort; the trace's end
--   aio, nowait, flags, dio_flags, ret, error
--   trusted        false when the window overlaps a span where the trace lost some CPU's events
--                  (trace_gaps): its completion may be another attempt's, and what happened inside
--                  it is partly missing
--   outcome        'completed' | 'short' (0 <= ret - done_before < len) | 'error' (ret < 0 or
--                  error) | 'fallback' (iomap_dio_invalidate_fail: the filesystem fell back to
--                  buffered I/O) | 'aborted' (returned before submitting: a NOWAIT attempt that
--                  would have blocked, which io_uring retries, or an early error) |
--                  'in-flight-at-end' (no completion before the trace ended) |
--                  'completion-lost' (no completion, and the trace lost some CPU's events while
--                  the I/O was in flight: see trace_gaps)
CREATE OR REPLACE TEMP TABLE dio_raw AS
SELECT * FROM dio_iomap
UNION ALL BY NAME SELECT * FROM dio_xfs
UNION ALL BY NAME SELECT * FROM dio_ftrace;

-- the direction of attempts whose flags do not tell it, from the submitting task's events around
-- the begin (narrow rows: the join sorts them)
CREATE OR REPLACE TEMP TABLE dio_direction AS
WITH undirected AS (
    SELECT trace_id, submit_pid AS pid, begin_line FROM dio_raw WHERE direction_from_flags IS NULL
),
iters AS (
    SELECT trace_id, pid, line, flags LIKE '%WRITE%' AS is_write
    FROM events WHERE event = 'iomap_iter' AND flags LIKE '%DIRECT%'
),
xfs_entry AS (
    SELECT trace_id, pid, line, event = 'xfs_file_direct_write' AS is_write
    FROM events WHERE event IN ('xfs_file_direct_write', 'xfs_file_direct_read')
)
SELECT u.trace_id, u.begin_line, i.line AS iter_line, i.is_write AS iter_write, x.line AS xfs_line,
       x.is_write AS xfs_write
FROM undirected u
-- the submitting task's first DIRECT iteration after the begin
ASOF LEFT JOIN iters i ON i.trace_id = u.trace_id AND i.pid = u.pid AND i.line > u.begin_line
-- the XFS entry point just before the begin in the same task
ASOF LEFT JOIN xfs_entry x ON x.trace_id = u.trace_id AND x.pid = u.pid AND x.line <= u.begin_line;

-- each window's id, end, and whether it meets a gap: the last gap to start before the window ends
-- meets it if that one reaches its begin (narrow rows again, for the sort and the join)
CREATE OR REPLACE TEMP TABLE dio_window_keys AS
WITH spans AS (
    SELECT r.trace_id, r.begin_line, r.begin_ts, coalesce(r.complete_ts, r.end_event_ts, c.last_ts) AS end_ts
    FROM dio_raw r JOIN trace_coverage c USING (trace_id)
)
SELECT s.trace_id, s.begin_line, s.end_ts,
       row_number() OVER (ORDER BY s.trace_id, s.begin_line) AS window_id,
       NOT coalesce(g.to_ts >= s.begin_ts, false) AS trusted
FROM spans s
ASOF LEFT JOIN trace_gap_spans g ON g.trace_id = s.trace_id AND g.from_ts <= s.end_ts;

CREATE OR REPLACE TABLE dio_windows AS
WITH directed AS (
    SELECT r.*,
        CASE
            WHEN r.direction_from_flags IS NOT NULL THEN r.direction_from_flags
            WHEN d.iter_line IS NOT NULL AND d.iter_write THEN 'write'
            WHEN d.iter_line IS NOT NULL THEN 'read'
            WHEN d.xfs_line IS NOT NULL AND d.xfs_write THEN 'write'
            WHEN d.xfs_line IS NOT NULL THEN 'read'
            WHEN r.isize_end > r.isize_begin THEN 'write'
            ELSE 'unknown'
        END AS direction,
        CASE
            WHEN r.direction_from_flags IS NOT NULL THEN CASE r.evidence WHEN 'ftrace' THEN 'caller'
                                                                       WHEN 'xfs' THEN 'xfs' ELSE 'iocb' END
            WHEN d.iter_line IS NOT NULL THEN 'iomap_iter'
            WHEN d.xfs_line IS NOT NULL THEN 'xfs'
            WHEN r.isize_end > r.isize_begin THEN 'size'
        END AS direction_from,
        c.last_gap_ts
    FROM dio_raw r
    LEFT JOIN dio_direction d ON d.trace_id = r.trace_id AND d.begin_line = r.begin_line
    JOIN trace_coverage c ON c.trace_id = r.trace_id
)
SELECT
    k.window_id,
    d.trace_id, d.evidence, d.direction, d.direction_from,
    d.dev, d.ino, d.pos, d.len, d.pos + d.len AS end_pos,
    d.isize_begin, d.isize_end,
    d.pos + d.len > d.isize_begin AS extending,
    d.submit_pid, d.submit_comm, d.submit_cpu, d.complete_pid, d.complete_comm, d.complete_cpu,
    d.begin_ts, d.queued_ts, d.complete_ts, k.end_ts,
    d.begin_line, d.complete_line, d.end_event_line,
    d.aio, d.nowait, d.flags, d.dio_flags, d.ret, d.error, d.done_before,
    k.trusted,
    CASE
        WHEN d.complete_line IS NOT NULL AND (d.error <> 0 OR d.ret < 0) THEN 'error'
        WHEN d.complete_line IS NOT NULL AND d.ret IS NOT NULL AND d.ret - d.done_before < d.len THEN 'short'
        WHEN d.complete_line IS NOT NULL THEN 'completed'
        WHEN d.fate = 'fallback' THEN 'fallback'
        WHEN d.fate IN ('aborted', 'unclear') AND d.end_event_line IS NOT NULL THEN 'aborted'
        -- no completion: lost if the trace lost events at some point after the I/O began
        WHEN d.last_gap_ts >= d.begin_ts THEN 'completion-lost'
        ELSE 'in-flight-at-end'
    END AS outcome
FROM directed d JOIN dio_window_keys k ON k.trace_id = d.trace_id AND k.begin_line = d.begin_line;

-- completions whose begin is not in the trace (it was overwritten before the trace was read)
CREATE OR REPLACE TABLE dio_orphan_completions AS
SELECT * FROM dio_iomap_orphans
UNION ALL BY NAME SELECT * FROM dio_xfs_orphans
UNION ALL BY NAME SELECT * FROM dio_ftrace_orphans;
