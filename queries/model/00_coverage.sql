-- trace_gaps: where a trace is missing events of some CPU, and trace_coverage: each trace's span.
--
-- A loss marker for CPU c ('##### CPU c buffer started ####' when c's ring buffer wrapped and its
-- oldest events were overwritten; 'CPU:c [LOST n EVENTS]' when trace_pipe could not keep up) means
-- c's events are missing between c's last event before the marker (or the start of the trace) and
-- c's first event after it. Inside such a gap an async completion that ran on c is not in the
-- trace, nor what any task did on c. A trace whose header says events were overwritten but that has
-- no marker lost the start of each CPU's record: until the last CPU's first event.
-- trace_gaps columns: trace_id, cpu, line (of the marker; NULL when inferred), from_ts, to_ts, lost
-- (events, -1 when unknown).
--
-- A marker's neighbours are found through cpu_blocks, the first and last timestamp of each CPU in
-- each block of 4096 lines: the marker's own block is searched event by event, the others by their
-- summary. That is one pass over the events however many markers a trace has (trace_pipe traces can
-- have hundreds); a correlated search per marker would be one pass per marker.
CREATE OR REPLACE TEMP TABLE cpu_blocks AS
SELECT trace_id, cpu, line // 4096 AS blk, min(ts) AS min_ts, max(ts) AS max_ts
FROM events
GROUP BY ALL;

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
       coalesce(greatest(n.before_ts, f.before_ts), t.first_ts) AS from_ts,
       coalesce(least(n.after_ts, f.after_ts), t.last_ts) AS to_ts,
       m.lost
FROM markers m
JOIN traces t USING (trace_id)
LEFT JOIN near n ON n.trace_id = m.trace_id AND n.line = m.line
LEFT JOIN far f ON f.trace_id = m.trace_id AND f.line = m.line
UNION ALL
SELECT t.trace_id, NULL, NULL, t.first_ts, (SELECT max(p.first_ts) FROM per_cpu p WHERE p.trace_id = t.trace_id), -1
FROM traces t
WHERE (t.overwritten_events > 0 OR t.buffer_wraps > 0)
  AND NOT EXISTS (SELECT 1 FROM trace_losses l WHERE l.trace_id = t.trace_id);

-- trace_gap_spans: the gaps of each trace merged into disjoint spans (trace_id, from_ts, to_ts). Is a
-- time in a gap, or does an interval meet one? Ask the span that starts last at or before it (an ASOF
-- join): spans are disjoint, so no other can reach further.
CREATE OR REPLACE TABLE trace_gap_spans AS
WITH ordered AS (
    SELECT trace_id, from_ts, to_ts,
        max(to_ts) OVER (PARTITION BY trace_id ORDER BY from_ts, to_ts
                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
    FROM trace_gaps
),
islands AS (
    SELECT *,
        sum(CASE WHEN reach IS NULL OR from_ts > reach THEN 1 ELSE 0 END)
            OVER (PARTITION BY trace_id ORDER BY from_ts, to_ts ROWS UNBOUNDED PRECEDING) AS island
    FROM ordered
)
SELECT trace_id, min(from_ts) AS from_ts, max(to_ts) AS to_ts FROM islands GROUP BY trace_id, island;

-- trace_coverage columns: trace_id, first_ts, last_ts, complete_from_ts (the end of a gap that starts
-- with the trace, i.e. where an overrun buffer's record becomes whole on every CPU; first_ts when
-- none), gaps, gap_ns (total length of the gaps), last_gap_ts (where the last gap ends; NULL when
-- none), cpus_seen.
CREATE OR REPLACE TABLE trace_coverage AS
SELECT
    t.trace_id,
    t.first_ts,
    t.last_ts,
    coalesce((SELECT max(g.to_ts) FROM trace_gaps g WHERE g.trace_id = t.trace_id AND g.from_ts <= t.first_ts),
             t.first_ts) AS complete_from_ts,
    (SELECT count(*) FROM trace_gaps g WHERE g.trace_id = t.trace_id) AS gaps,
    coalesce((SELECT sum(g.to_ts - g.from_ts) FROM trace_gaps g WHERE g.trace_id = t.trace_id), 0) AS gap_ns,
    (SELECT max(g.to_ts) FROM trace_gaps g WHERE g.trace_id = t.trace_id) AS last_gap_ts,
    (SELECT count(DISTINCT b.cpu) FROM cpu_blocks b WHERE b.trace_id = t.trace_id) AS cpus_seen
FROM traces t;
