-- Where each trace is whole: its clock resets and segments, the gaps where some CPU's events are
-- missing, and each trace's span.
--
-- @table trace_gaps
--   Where a trace is missing events of some CPU (see below).
-- @column trace_id  traces.trace_id
-- @column cpu       the CPU whose events are missing; -1 when the marker names none
-- @column line      line of the loss marker; NULL when the gap is inferred from the header's
--   overwritten-events count (a trace without markers that lost the start of each CPU's record)
-- @column from_ts   the gap's start: the CPU's last event before the marker (or the trace's start)
-- @column to_ts     the gap's end: the CPU's first event after it
-- @column lost      events lost, -1 when unknown
-- @column segment   trace_segments.segment: a gap is within one segment's timeline
--
-- A loss marker for CPU c ('##### CPU c buffer started ####' when c's ring buffer wrapped and its
-- oldest events were overwritten; 'CPU:c [LOST n EVENTS]' when trace_pipe could not keep up) means
-- c's events are missing between c's last event before the marker (or the start of the trace) and
-- c's first event after it. Inside such a gap an async completion that ran on c is not in the
-- trace, nor what any task did on c. A trace whose header says events were overwritten but that has
-- no marker lost the start of each CPU's record: until the last CPU's first event.
--
-- A marker's neighbours are found through cpu_blocks, the first and last timestamp of each CPU in
-- each block of 4096 lines: the marker's own block is searched event by event, the others by their
-- summary. That is one pass over the events however many markers a trace has (trace_pipe traces can
-- have hundreds); a correlated search per marker would be one pass per marker.
-- (cpu_blocks is made from the finer reset_scan_blocks below, in the same pass over the events)
CREATE OR REPLACE TEMP TABLE reset_scan_blocks AS
SELECT trace_id, cpu, line // 512 AS blk, min(ts) AS min_ts, max(ts) AS max_ts,
       min(line) AS first_line, max(line) AS last_line, arg_min(ts, line) AS first_ts, arg_max(ts, line) AS last_ts,
       count(*) AS n
FROM events
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE cpu_blocks AS
SELECT trace_id, cpu, blk // 8 AS blk, min(min_ts) AS min_ts, max(max_ts) AS max_ts
FROM reset_scan_blocks
GROUP BY ALL;

-- Clock resets. Every tracer prints a CPU's events in timestamp order, and merges the CPUs in
-- timestamp order too: no real trace dioscope has seen goes back in time by a single nanosecond
-- from one line to the next. Two captures in one file (`cat a.trace b.trace`, a reboot between
-- two reads of trace_pipe) do: the second starts its clock again. A clock reset is a line whose
-- timestamp is more than 10 ms (reset_ns(), far above any cross-CPU skew: see skew_ns() in
-- 20_dio_windows.sql) below the previous line's, or below the previous line of the same CPU (then
-- only if no other reset lies between the two: the first line of each CPU after a reset is not a
-- reset of its own). Each reset starts a new segment of the trace, and a segment is a timeline of
-- its own: the model pairs no begin with a completion, closes no window and finds no conflict or
-- gap across a reset.
-- How, in one pass over the events: reset_scan_blocks gives each CPU's first, last, lowest and
-- highest timestamp per block of 512 lines; only a block whose timestamps span more than 10 ms,
-- or that starts more than 10 ms below the block before it (globally or on some CPU), can hold a
-- reset, and only those blocks are read event by event.
CREATE OR REPLACE TEMP MACRO reset_ns() AS 10000000;

CREATE OR REPLACE TEMP TABLE reset_scan_cpu AS
SELECT *,
    lag(last_line) OVER (PARTITION BY trace_id, cpu ORDER BY blk) AS prev_cpu_last_line,
    lag(last_ts) OVER (PARTITION BY trace_id, cpu ORDER BY blk) AS prev_cpu_last_ts
FROM reset_scan_blocks;

CREATE OR REPLACE TEMP TABLE reset_scan_all AS
SELECT *,
    lag(last_line) OVER (PARTITION BY trace_id ORDER BY blk) AS prev_last_line,
    lag(last_ts) OVER (PARTITION BY trace_id ORDER BY blk) AS prev_last_ts,
    lag(last_cpu) OVER (PARTITION BY trace_id ORDER BY blk) AS prev_last_cpu
FROM (
    SELECT trace_id, blk, min(min_ts) AS min_ts, max(max_ts) AS max_ts,
           arg_min(first_ts, first_line) AS first_ts, max(last_line) AS last_line,
           arg_max(last_ts, last_line) AS last_ts, arg_max(cpu, last_line) AS last_cpu,
           bool_or(first_ts < prev_cpu_last_ts - reset_ns()) AS cpu_drop
    FROM reset_scan_cpu GROUP BY ALL
);

CREATE OR REPLACE TEMP TABLE reset_blocks AS
SELECT trace_id, blk FROM reset_scan_all
WHERE max_ts - min_ts > reset_ns() OR first_ts < prev_last_ts - reset_ns() OR cpu_drop;

CREATE OR REPLACE TEMP TABLE reset_candidates AS
WITH rows AS (
    SELECT e.trace_id, s.blk, e.line, e.cpu, e.ts, false AS seed
    FROM events e JOIN reset_blocks s ON s.trace_id = e.trace_id AND e.line // 512 = s.blk
    UNION ALL
    -- the last event before the block of each CPU in it, and the last event before it of any CPU
    SELECT s.trace_id, s.blk, c.prev_cpu_last_line, c.cpu, c.prev_cpu_last_ts, true
    FROM reset_blocks s JOIN reset_scan_cpu c USING (trace_id, blk)
    WHERE c.prev_cpu_last_line IS NOT NULL
    UNION ALL
    SELECT s.trace_id, s.blk, a.prev_last_line, a.prev_last_cpu, a.prev_last_ts, true
    FROM reset_blocks s JOIN reset_scan_all a USING (trace_id, blk)
    WHERE a.prev_last_line IS NOT NULL
),
lagged AS (
    SELECT *,
        lag(ts) OVER (PARTITION BY trace_id, blk ORDER BY line) AS prev_ts,
        lag(ts) OVER (PARTITION BY trace_id, blk, cpu ORDER BY line) AS prev_cpu_ts,
        lag(line) OVER (PARTITION BY trace_id, blk, cpu ORDER BY line) AS prev_cpu_line
    FROM rows
)
SELECT trace_id, line, ts, cpu, prev_ts, prev_cpu_ts, prev_cpu_line, ts < prev_ts - reset_ns() AS global_drop
FROM lagged
WHERE NOT seed AND (ts < prev_ts - reset_ns() OR ts < prev_cpu_ts - reset_ns());

-- @table trace_resets
--   One row per clock reset (above).
-- @column trace_id   traces.trace_id
-- @column line       the first line of the new segment
-- @column ts         its timestamp
-- @column before_ts  the timestamp it went back from: the previous line's, or the same CPU's
--   previous line's
-- @column cpu        the CPU of that line
CREATE OR REPLACE TABLE trace_resets AS
SELECT c.trace_id, c.line, c.ts, CASE WHEN c.global_drop THEN c.prev_ts ELSE c.prev_cpu_ts END AS before_ts, c.cpu
FROM reset_candidates c
WHERE c.global_drop
   OR NOT EXISTS (SELECT 1 FROM reset_candidates o
                  WHERE o.trace_id = c.trace_id AND o.line > c.prev_cpu_line AND o.line < c.line);

-- @table trace_segments
--   Each trace cut at its clock resets, one row per segment (a trace without a reset is one
--   segment). The model joins on it with `line BETWEEN first_line AND last_line` wherever it pairs
--   or compares events.
-- @column trace_id    traces.trace_id
-- @column segment     from 1, in line order
-- @column first_line  the first line it covers; segments tile the file, so `line BETWEEN
--   first_line AND last_line` finds the segment of any line
-- @column last_line   the last line it covers (never() for the last segment)
-- @column first_ts    its lowest timestamp
-- @column last_ts     its highest timestamp
-- @column events      events in it
CREATE OR REPLACE TABLE trace_segments AS
WITH cuts AS (
    SELECT trace_id, line AS first_line,
           row_number() OVER (PARTITION BY trace_id ORDER BY line) + 1 AS segment
    FROM trace_resets
    UNION ALL
    SELECT trace_id, 0, 1 FROM traces
),
bounds AS (
    SELECT trace_id, segment, first_line,
           coalesce(lead(first_line) OVER (PARTITION BY trace_id ORDER BY first_line) - 1,
                    never()) AS last_line
    FROM cuts
),
reset AS (
    SELECT b.trace_id, b.segment, min(e.ts) AS first_ts, max(e.ts) AS last_ts, count(*) AS events
    FROM events e JOIN bounds b ON b.trace_id = e.trace_id AND e.line BETWEEN b.first_line AND b.last_line
    WHERE e.trace_id IN (SELECT trace_id FROM trace_resets)
    GROUP BY ALL
)
SELECT b.trace_id, b.segment, b.first_line, b.last_line,
       coalesce(r.first_ts, t.first_ts) AS first_ts, coalesce(r.last_ts, t.last_ts) AS last_ts,
       coalesce(r.events, t.events) AS events
FROM bounds b
JOIN traces t USING (trace_id)
LEFT JOIN reset r USING (trace_id, segment);

CREATE OR REPLACE TABLE trace_gaps AS
WITH markers AS (
    SELECT trace_id, cpu, line, count AS lost, line // 4096 AS blk FROM trace_losses
),
near AS (
    SELECT m.trace_id, m.line,
           max(e.ts) FILTER (WHERE e.line < m.line) AS before_ts,
           min(e.ts) FILTER (WHERE e.line > m.line) AS after_ts
    FROM markers m JOIN events e ON e.trace_id = m.trace_id AND e.cpu = m.cpu AND e.line // 4096 = m.blk
    GROUP BY ALL
),
far AS (
    SELECT m.trace_id, m.line,
           max(b.max_ts) FILTER (WHERE b.blk < m.blk) AS before_ts,
           min(b.min_ts) FILTER (WHERE b.blk > m.blk) AS after_ts
    FROM markers m JOIN cpu_blocks b ON b.trace_id = m.trace_id AND b.cpu = m.cpu
    GROUP BY ALL
),
per_cpu AS (
    SELECT trace_id, cpu, min(min_ts) AS first_ts FROM cpu_blocks GROUP BY ALL
)
SELECT m.trace_id, m.cpu, m.line,
       -- within the marker's segment (a neighbour across a clock reset is on another timeline)
       least(greatest(coalesce(greatest(n.before_ts, f.before_ts), s.first_ts), s.first_ts), s.last_ts) AS from_ts,
       greatest(least(coalesce(least(n.after_ts, f.after_ts), s.last_ts), s.last_ts), s.first_ts) AS to_ts,
       m.lost, s.segment
FROM markers m
JOIN trace_segments s ON s.trace_id = m.trace_id AND m.line BETWEEN s.first_line AND s.last_line
LEFT JOIN near n ON n.trace_id = m.trace_id AND n.line = m.line
LEFT JOIN far f ON f.trace_id = m.trace_id AND f.line = m.line
UNION ALL
SELECT t.trace_id, NULL, NULL, t.first_ts, (SELECT max(p.first_ts) FROM per_cpu p WHERE p.trace_id = t.trace_id), -1, 1
FROM traces t
WHERE (t.overwritten_events > 0 OR t.buffer_wraps > 0)
  AND NOT EXISTS (SELECT 1 FROM trace_losses l WHERE l.trace_id = t.trace_id);

-- @table trace_gap_spans
--   The gaps of each trace segment merged into disjoint spans. Is a time in a gap, or does an
--   interval meet one? Ask the span that starts last at or before it (an ASOF join): spans are
--   disjoint, so no other can reach further.
-- @column trace_id  traces.trace_id
-- @column segment   trace_segments.segment
-- @column from_ts   the span's start
-- @column to_ts     the span's end
CREATE OR REPLACE TABLE trace_gap_spans AS
WITH ordered AS (
    SELECT trace_id, segment, from_ts, to_ts,
        max(to_ts) OVER (PARTITION BY trace_id, segment ORDER BY from_ts, to_ts
                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
    FROM trace_gaps
),
islands AS (
    SELECT *,
        sum(CASE WHEN reach IS NULL OR from_ts > reach THEN 1 ELSE 0 END)
            OVER (PARTITION BY trace_id, segment ORDER BY from_ts, to_ts ROWS UNBOUNDED PRECEDING) AS island
    FROM ordered
)
SELECT trace_id, segment, min(from_ts) AS from_ts, max(to_ts) AS to_ts FROM islands GROUP BY trace_id, segment, island;

-- @table trace_coverage
--   Each trace's span and where its record is whole. With clock resets first_ts and last_ts are
--   the lowest and highest timestamp of any segment, and complete_from_ts is of the first segment.
-- @column trace_id          traces.trace_id
-- @column first_ts          its first (lowest) timestamp
-- @column last_ts           its last (highest) timestamp
-- @column complete_from_ts  the end of a gap that starts with the trace, i.e. where an overrun
--   buffer's record becomes whole on every CPU; first_ts when none
-- @column gaps              rows of trace_gaps
-- @column gap_ns            total length of the gaps
-- @column last_gap_ts       where the last gap ends; NULL when none
-- @column cpus_seen         CPUs with at least one event
-- @column segments          trace_segments: 1 unless the clock was reset
-- @column clock_resets      segments - 1; trace_resets says where
CREATE OR REPLACE TABLE trace_coverage AS
SELECT
    t.trace_id,
    t.first_ts,
    t.last_ts,
    coalesce((SELECT max(g.to_ts) FROM trace_gaps g JOIN trace_segments s USING (trace_id, segment)
              WHERE g.trace_id = t.trace_id AND g.segment = 1 AND g.from_ts <= s.first_ts),
             (SELECT s.first_ts FROM trace_segments s WHERE s.trace_id = t.trace_id AND s.segment = 1),
             t.first_ts) AS complete_from_ts,
    (SELECT count(*) FROM trace_gaps g WHERE g.trace_id = t.trace_id) AS gaps,
    coalesce((SELECT sum(g.to_ts - g.from_ts) FROM trace_gaps g WHERE g.trace_id = t.trace_id), 0) AS gap_ns,
    (SELECT max(g.to_ts) FROM trace_gaps g WHERE g.trace_id = t.trace_id) AS last_gap_ts,
    (SELECT count(DISTINCT b.cpu) FROM cpu_blocks b WHERE b.trace_id = t.trace_id) AS cpus_seen,
    (SELECT count(*) FROM trace_segments s WHERE s.trace_id = t.trace_id) AS segments,
    (SELECT count(*) FROM trace_resets r WHERE r.trace_id = t.trace_id) AS clock_resets
FROM traces t;
