-- trace_coverage: the span of each trace that can be trusted.
--
-- When the ring buffer overran (traces.overwritten_events > 0) or a CPU's buffer wrapped
-- ('##### CPU N buffer started ####'), each CPU lost its oldest events, and not at the same time:
-- until the last CPU's first surviving event, events of the other CPUs are missing (an async
-- completion that ran on the CPU whose events were lost is not in the trace). complete_from_ts is
-- where every CPU's record is whole.
CREATE OR REPLACE TABLE trace_coverage AS
WITH per_cpu AS (
    SELECT trace_id, cpu, min(ts) AS first_ts FROM events GROUP BY ALL
)
SELECT
    t.trace_id,
    t.first_ts,
    t.last_ts,
    CASE WHEN t.overwritten_events > 0 OR t.buffer_wraps > 0
         THEN (SELECT max(p.first_ts) FROM per_cpu p WHERE p.trace_id = t.trace_id)
         ELSE t.first_ts END AS complete_from_ts,
    (SELECT count(DISTINCT p.cpu) FROM per_cpu p WHERE p.trace_id = t.trace_id) AS cpus_seen
FROM traces t;
