-- Direct-I/O windows: each attempt of dio_attempts (08_dio_attempts.sql, filled by the evidence
-- files 10, 11 and 12) with its direction told where the evidence could not tell it, its end, its
-- outcome, and whether it can be trusted. Nothing here depends on which evidence made an attempt:
-- what differs between them is a column of dio_attempts.

-- @table dio_windows
--   One row per direct-I/O attempt (dio_attempts), with when it was in flight: a window. What
--   happened to the range while a write was in flight is what the rules look at.
-- @column window_id          unique id (order of trace, begin line)
-- @column trace_id           traces.trace_id
-- @column evidence           the events it was rebuilt from (trace_dio_evidence): 'iomap' (iomap_dio_*
--   tracepoints), 'xfs' (xfs_file_direct_write -> xfs_end_io_direct_write), 'ftrace' (function
--   tracer + invalidate kprobe), 'block' (one direct-write bio, Q to C: 13_dio_block.sql)
-- @column direction          'write', 'read' or 'unknown'
-- @column direction_from     how it was told: 'iocb' (WRITE in the iocb flags), 'xfs'
--   (xfs_file_direct_write, or xfs_file_direct_write/read just before the begin in its task),
--   'caller' (function tracer), 'iomap_iter' (the task's next DIRECT iteration), 'size' (i_size
--   grew at completion); NULL when 'unknown'
-- @column dev                device of the range asked for
-- @column ino                inode
-- @column pos                first byte
-- @column len                bytes asked for
-- @column end_pos            pos + len
-- @column isize_begin        i_size at submission (NULL when not traced)
-- @column isize_end          i_size at completion (NULL when not traced)
-- @column extending          the write ends beyond i_size at submission
-- @column submit_pid         who submitted
-- @column submit_comm        its name
-- @column submit_cpu         its CPU
-- @column complete_pid       who completed (async: a kworker); NULL without completion
-- @column complete_comm      its name
-- @column complete_cpu       its CPU
-- @column begin_ts           the begin
-- @column queued_ts          the submitter returned with the I/O in flight (NULL when not traced)
-- @column complete_ts        the completion
-- @column end_ts             when the window closes: completion; the fallback or abort; the end of
--   the trace (of its segment), but at most open_cap_ns() after the begin; never before begin_ts
--   (see clock skew below)
-- @column begin_line         line of the begin in the trace file
-- @column complete_line      line of the completion
-- @column end_event_line     the event that ended an attempt without completion (dio_attempts)
-- @column aio                asynchronous (dio_attempts.aio)
-- @column nowait             IOCB_NOWAIT
-- @column flags              iocb flags as traced
-- @column dio_flags          iomap dio flags as traced
-- @column ret                bytes done or negative errno, as the completion says
-- @column error              the completion's error
-- @column done_before        bytes of the request already done by an earlier attempt
-- @column segment            the trace segment (trace_segments) the window lies in: a window never
--   spans a clock reset
-- @column trusted            false when the window's extent or what happened inside it is partly
--   guesswork
-- @column untrusted_because  why, NULL when trusted; one or more of, joined by '; ':
--   'lost events'    the window overlaps a span where the trace lost some CPU's events
--                    (trace_gaps): its completion may be another attempt's, and what happened
--                    inside it is partly missing
--   'clock skew'     its completion (traced on another CPU) is stamped more than skew_ns() before
--                    its begin: the trace's clocks disagree, so its order against other events is
--                    unknown; the window is taken to end where the line printed just before the
--                    completion was stamped (1 ns after it, so that event counts)
--   'open too long'  no completion and still in flight open_cap_ns() after it began while the
--                    trace went on: taken to end there
-- @column outcome            'completed' | 'short' (0 <= ret - done_before < len) | 'error' (ret < 0
--   or error) | 'fallback' (iomap_dio_invalidate_fail: the filesystem fell back to buffered I/O) |
--   'aborted' (returned before submitting: a NOWAIT attempt that would have blocked, which io_uring
--   retries, or an early error) | 'in-flight-at-end' (no completion before the trace ended) |
--   'completion-lost' (no completion, and the trace lost some CPU's events while the I/O was in
--   flight: see trace_gaps; or its segment holds no completion event of its evidence at all)
-- @column end_io_line        the event that shows every bio had completed (dio_attempts.end_io_line)
-- @column end_io_ts          its timestamp: the data was on the disk by then
-- @column invalidation_before_complete  the post-write invalidation runs before the completion event
--   is traced (true) or right after it (false): dio_attempts.invalidation_before_complete
-- @column path               the file's path, from the file map `dioscope record` walked after the
--   recording (trace_files; the first in sort order when the inode has several names), or for a
--   window of block evidence from the extent maps given to load (blk_requests.path); NULL for a trace
--   without either, or a file deleted before the walk
-- @column page_size          the trace's page size in bytes (traces.page_size): what its page indexes count in
-- @column sector             a window of block evidence: the first 512-byte sector of its bio on dev
--   (blk_requests.submit_sector), which names the bytes when no extent map gives the file's; NULL
--   for the other windows

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
-- completions'). Longest window and completions are counted per evidence: where two evidences
-- share a trace (trace_dio_evidence), each one's completion events were enabled or not on their own.
CREATE OR REPLACE TEMP MACRO skew_ns() AS 50000;
CREATE OR REPLACE TEMP MACRO open_cap_ns(longest_completed) AS greatest(1000000000, 10 * coalesce(longest_completed, 0));

-- the direction of attempts whose evidence does not tell it, from the submitting task's events
-- around the begin (narrow rows: the join sorts them)
CREATE OR REPLACE TEMP TABLE dio_direction AS
WITH undirected AS (
    SELECT trace_id, submit_pid AS pid, begin_line FROM dio_attempts WHERE direction IS NULL
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

-- per segment and evidence: the longest completed window (for open_cap_ns()) and how many
-- completions there are (none: the windows without one are 'completion-lost')
CREATE OR REPLACE TEMP TABLE dio_segment_facts AS
SELECT trace_id, segment, evidence,
       max(complete_ts - begin_ts) FILTER (WHERE complete_ts >= begin_ts) AS longest_completed,
       count(complete_line) AS completions
FROM dio_attempts GROUP BY ALL;

-- each window's id, end, and whether it meets a gap: the last gap to start before the window ends
-- meets it if that one reaches its begin (narrow rows again, for the sort and the join)
CREATE OR REPLACE TEMP TABLE dio_window_keys AS
WITH raw AS (
    SELECT r.trace_id, r.segment, r.evidence, r.begin_line, r.begin_ts, r.complete_ts, r.complete_line,
           r.end_event_ts, s.last_ts AS segment_last_ts, f.longest_completed, f.completions
    FROM dio_attempts r
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
    SELECT r.* EXCLUDE (direction, direction_from),
        CASE
            WHEN r.direction IS NOT NULL THEN r.direction
            WHEN d.iter_line IS NOT NULL AND d.iter_write THEN 'write'
            WHEN d.iter_line IS NOT NULL THEN 'read'
            WHEN d.xfs_line IS NOT NULL AND d.xfs_write THEN 'write'
            WHEN d.xfs_line IS NOT NULL THEN 'read'
            WHEN r.isize_end > r.isize_begin THEN 'write'
            ELSE 'unknown'
        END AS direction,
        CASE
            WHEN r.direction IS NOT NULL THEN r.direction_from
            WHEN d.iter_line IS NOT NULL THEN 'iomap_iter'
            WHEN d.xfs_line IS NOT NULL THEN 'xfs'
            WHEN r.isize_end > r.isize_begin THEN 'size'
        END AS direction_from,
        (SELECT max(g.to_ts) FROM trace_gaps g WHERE g.trace_id = r.trace_id AND g.segment = r.segment) AS last_gap_ts,
        f.completions AS segment_completions
    FROM dio_attempts r
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
    END AS outcome,
    d.end_io_line, d.end_io_ts, d.invalidation_before_complete,
    coalesce(p.path, b.path) AS path, page_bytes(tr.page_size) AS page_size, b.submit_sector AS sector
FROM directed d JOIN dio_window_keys k ON k.trace_id = d.trace_id AND k.begin_line = d.begin_line
JOIN traces tr ON tr.trace_id = d.trace_id
LEFT JOIN (SELECT trace_id, dev, ino, min(path) AS path FROM trace_files GROUP BY ALL) p
    ON p.trace_id = d.trace_id AND p.dev = d.dev AND p.ino = d.ino
LEFT JOIN blk_requests b ON d.evidence = 'block' AND b.trace_id = d.trace_id AND b.q_line = d.begin_line;
