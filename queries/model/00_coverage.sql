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
CREATE OR REPLACE TABLE trace_gaps AS
WITH markers AS (
    SELECT l.trace_id, l.cpu, l.line, l.count AS lost FROM trace_losses l
),
bounded AS (
    SELECT m.*,
        (SELECT max(e.ts) FROM events e WHERE e.trace_id = m.trace_id AND e.cpu = m.cpu AND e.line < m.line) AS before_ts,
        (SELECT min(e.ts) FROM events e WHERE e.trace_id = m.trace_id AND e.cpu = m.cpu AND e.line > m.line) AS after_ts
    FROM markers m
),
per_cpu AS (
    SELECT trace_id, cpu, min(ts) AS first_ts FROM events GROUP BY ALL
)
SELECT b.trace_id, b.cpu, b.line,
       coalesce(b.before_ts, t.first_ts) AS from_ts,
       coalesce(b.after_ts, t.last_ts) AS to_ts,
       b.lost
FROM bounded b JOIN traces t USING (trace_id)
UNION ALL
SELECT t.trace_id, NULL, NULL, t.first_ts, (SELECT max(p.first_ts) FROM per_cpu p WHERE p.trace_id = t.trace_id), -1
FROM traces t
WHERE (t.overwritten_events > 0 OR t.buffer_wraps > 0)
  AND NOT EXISTS (SELECT 1 FROM trace_losses l WHERE l.trace_id = t.trace_id);

-- trace_coverage columns: trace_id, first_ts, last_ts, complete_from_ts (the end of a gap that starts
-- with the trace, i.e. where an overrun buffer's record becomes whole on every CPU; first_ts when
-- none), gaps, gap_ns (total length of the gaps), cpus_seen, gap_spans (the gaps as a list of
-- {from_ts, to_ts}, for overlaps_gap).
CREATE OR REPLACE TABLE trace_coverage AS
SELECT
    t.trace_id,
    t.first_ts,
    t.last_ts,
    coalesce((SELECT max(g.to_ts) FROM trace_gaps g WHERE g.trace_id = t.trace_id AND g.from_ts <= t.first_ts),
             t.first_ts) AS complete_from_ts,
    (SELECT count(*) FROM trace_gaps g WHERE g.trace_id = t.trace_id) AS gaps,
    coalesce((SELECT sum(g.to_ts - g.from_ts) FROM trace_gaps g WHERE g.trace_id = t.trace_id), 0) AS gap_ns,
    (SELECT count(DISTINCT e.cpu) FROM events e WHERE e.trace_id = t.trace_id) AS cpus_seen,
    coalesce((SELECT list({'from_ts': g.from_ts, 'to_ts': g.to_ts}) FROM trace_gaps g WHERE g.trace_id = t.trace_id),
             []) AS gap_spans
FROM traces t;

-- overlaps_gap(spans, from_ts, to_ts): whether [from_ts, to_ts] meets one of a trace's gaps
-- (trace_coverage.gap_spans), i.e. a span where the trace is missing some CPU's events
CREATE OR REPLACE MACRO overlaps_gap(spans, from_ts, to_ts) AS
    coalesce(list_bool_or(list_transform(spans, lambda g: g.from_ts <= to_ts AND g.to_ts >= from_ts)), false);
