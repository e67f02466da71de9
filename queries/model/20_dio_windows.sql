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
--   end_ts         when the window closes: completion; the fallback or abort; the end of the trace
--                  (of its segment), but at most open_cap_ns() after the begin; never before
--                  begin_ts (see clock skew below)
--   aio, nowait, flags, dio_flags, ret, error
--   segment        the trace segment (trace_segments) the window lies in: a window never spans a
--                  clock reset
--   trusted        false when the window's extent or what happened inside it is partly guesswork;
--   untrusted_because  why, NULL when trusted; one or more of, joined by '; ':
--                  'lost events'  the window overlaps a span where the trace lost some CPU's events
--                                 (trace_gaps): its completion may be another attempt's, and what
--                                 happened inside it is partly missing
--                  'clock skew'   its completion (traced on another CPU) is stamped more than
--                                 skew_ns() before its begin: the trace's clocks disagree, so its
--                                 order against other events is unknown; the window is taken to
--                                 end where the line printed just before the completion was
--                                 stamped (1 ns after it, so that event counts)
--                  'open too long' no completion and still in flight open_cap_ns() after it
--                                 began while the trace went on: taken to end there
--
-- Clock skew. Each CPU stamps its own events (ftrace's default 'local' clock is not synchronised
-- between CPUs), so a completion that ran on another CPU can carry a timestamp slightly before its
-- begin's. Up to skew_ns() (50 us) that is tolerated: the completion is taken to be at the begin
-- (end_ts = begin_ts, a window of length 0) and the window stays trusted. 50 us is far above what
-- synchronised clocks disagree by (no real trace of the corpus shows a single line stamped before
-- the line above it) and a quarter of the median direct write of the corpus fio trace (210 us):
-- a larger inversion is not skew to be ignored but a clock the window cannot be measured with.
--
-- Open windows. A write without completion is in flight until the end of its segment, but at most
-- open_cap_ns() after it began: 1 s, or 10 times the longest completed window of the segment if
-- that is longer. A completion lost or a crash must not make a window span the rest of a long
-- trace (every event of the file after it a conflict, and the time buckets of
-- 50_window_conflicts.sql and of overlapping-dio-writes as many as the trace is long).
-- A segment that holds not one completion event of the window's evidence (the completion events
-- were not enabled, or were removed) cannot say when anything ended: its windows without a
-- completion are 'completion-lost', not 'in-flight-at-end' (and trace_judgement says 'no
-- completions').
--   outcome        'completed' | 'short' (0 <= ret - done_before < len) | 'error' (ret < 0 or
--                  error) | 'fallback' (iomap_dio_invalidate_fail: the filesystem fell back to
--                  buffered I/O) | 'aborted' (returned before submitting: a NOWAIT attempt that
--                  would have blocked, which io_uring retries, or an early error) |
--                  'in-flight-at-end' (no completion before the trace ended) |
--                  'completion-lost' (no completion, and the trace lost some CPU's events while
--                  the I/O was in flight: see trace_gaps; or its segment holds no completion
--                  event at all)
CREATE OR REPLACE MACRO skew_ns() AS 50000;
CREATE OR REPLACE MACRO open_cap_ns(longest_completed) AS greatest(1000000000, 10 * coalesce(longest_completed, 0));

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
CREATE OR REPLACE TEMP TABLE dio_segment_facts AS
SELECT trace_id, segment, evidence,
       max(complete_ts - begin_ts) FILTER (WHERE complete_ts >= begin_ts) AS longest_completed,
       count(complete_line) AS completions
FROM dio_raw GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE dio_window_keys AS
WITH raw AS (
    SELECT r.trace_id, r.segment, r.evidence, r.begin_line, r.begin_ts, r.complete_ts, r.complete_line,
           r.end_event_ts, s.last_ts AS segment_last_ts, f.longest_completed, f.completions
    FROM dio_raw r
    JOIN trace_segments s USING (trace_id, segment)
    JOIN dio_segment_facts f ON f.trace_id = r.trace_id AND f.segment = r.segment AND f.evidence = r.evidence
),
-- completions stamped more than skew_ns() before their begin: the line printed just before
skewed AS (
    SELECT r.trace_id, r.begin_line, e.ts AS before_complete_ts
    FROM raw r JOIN events e ON e.trace_id = r.trace_id AND e.line = r.complete_line - 1
    WHERE r.complete_ts < r.begin_ts - skew_ns()
),
spans AS (
    SELECT r.trace_id, r.segment, r.begin_line, r.begin_ts, r.complete_ts,
        CASE
            WHEN r.complete_ts < r.begin_ts - skew_ns() THEN greatest(r.begin_ts, k.before_complete_ts + 1)
            WHEN r.complete_ts IS NOT NULL THEN greatest(r.begin_ts, r.complete_ts)
            WHEN r.end_event_ts IS NOT NULL THEN greatest(r.begin_ts, r.end_event_ts)
            ELSE greatest(r.begin_ts, least(r.segment_last_ts, r.begin_ts + open_cap_ns(r.longest_completed)))
        END AS end_ts,
        coalesce(r.complete_ts < r.begin_ts - skew_ns(), false) AS skewed,
        coalesce(r.complete_ts IS NULL AND r.end_event_ts IS NULL AND r.completions > 0
                 AND r.segment_last_ts > r.begin_ts + open_cap_ns(r.longest_completed), false) AS open_too_long
    FROM raw r LEFT JOIN skewed k USING (trace_id, begin_line)
),
gapped AS (
    SELECT s.*, coalesce(g.to_ts >= s.begin_ts, false) AS lost_events
    FROM spans s
    ASOF LEFT JOIN trace_gap_spans g ON g.trace_id = s.trace_id AND g.segment = s.segment AND g.from_ts <= s.end_ts
)
SELECT trace_id, begin_line, end_ts,
       row_number() OVER (ORDER BY trace_id, begin_line) AS window_id,
       NOT (lost_events OR skewed OR open_too_long) AS trusted,
       nullif(concat_ws('; ', CASE WHEN lost_events THEN 'lost events' END, CASE WHEN skewed THEN 'clock skew' END,
                        CASE WHEN open_too_long THEN 'open too long' END), '') AS untrusted_because
FROM gapped;

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
        (SELECT max(g.to_ts) FROM trace_gaps g WHERE g.trace_id = r.trace_id AND g.segment = r.segment) AS last_gap_ts,
        f.completions AS segment_completions
    FROM dio_raw r
    LEFT JOIN dio_direction d ON d.trace_id = r.trace_id AND d.begin_line = r.begin_line
    JOIN dio_segment_facts f ON f.trace_id = r.trace_id AND f.segment = r.segment AND f.evidence = r.evidence
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
    d.segment,
    k.trusted, k.untrusted_because,
    CASE
        WHEN d.complete_line IS NOT NULL AND (d.error <> 0 OR d.ret < 0) THEN 'error'
        WHEN d.complete_line IS NOT NULL AND d.ret IS NOT NULL AND d.ret - d.done_before < d.len THEN 'short'
        WHEN d.complete_line IS NOT NULL THEN 'completed'
        WHEN d.fate = 'fallback' THEN 'fallback'
        WHEN d.fate = 'aborted' AND d.end_event_line IS NOT NULL THEN 'aborted'
        -- no completion event in the whole segment: when the I/O ended is not in the trace
        WHEN d.segment_completions = 0 THEN 'completion-lost'
        WHEN d.fate = 'unclear' AND d.end_event_line IS NOT NULL THEN 'aborted'
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
