-- id: overlapping-dio-writes
-- severity: warning
-- title: Direct writes in flight on overlapping ranges
-- explanation: Two direct writes to overlapping bytes of one file were in flight at the same time.
--   Nothing orders them: the block layer may complete them in any order and a write that spans
--   several extents or devices can land partly before and partly after the other, so the range
--   can end up with a mix of both (write/write atomicity is not guaranteed for direct I/O). The
--   later write is reported, naming the ones it overlapped.
-- source: fstests generic/209 and generic/210 (concurrent direct writes); linux-fsdevel threads on
--   O_DIRECT write atomicity and RWF_ATOMIC.
-- How: the writes are matched with interval_point_candidates (00_macros.sql: time buckets, so a
-- file with tens of thousands of windows is not compared pairwise), each write's begin being the
-- point, then the exact conditions are applied.
WITH writes AS (
    SELECT * FROM dio_windows WHERE direction = 'write' AND submitted(outcome)
),
spans AS (
    SELECT trace_id, ino AS key, window_id AS id, begin_ts, end_ts, pos, end_pos FROM writes
),
starts AS (
    SELECT trace_id, ino AS key, window_id AS id, begin_ts AS ts, pos, end_pos FROM writes
),
earlier AS (
    -- a was in flight when b began, on overlapping bytes
    SELECT b.window_id, a.window_id AS earlier_id, a.begin_line AS earlier_line,
           a.submit_comm AS earlier_comm, a.submit_pid AS earlier_pid, a.begin_ts AS earlier_begin
    FROM interval_point_candidates('spans', 'starts') c
    JOIN writes a ON a.window_id = c.interval_id
    JOIN writes b ON b.window_id = c.point_id
    WHERE a.segment = b.segment AND a.dev = b.dev
      AND a.begin_line < b.begin_line AND b.begin_ts < a.end_ts
      AND a.pos < b.end_pos AND a.end_pos > b.pos
),
per_window AS (
    SELECT window_id, min(earlier_id) AS related, list(earlier_line ORDER BY earlier_line) AS lines, count(*) AS n,
           task_list(earlier_comm, earlier_pid) AS tasks, min(earlier_begin) AS first_begin
    FROM earlier GROUP BY window_id
)
SELECT
    w.window_id,
    p.related AS related_window_id,
    p.lines AS conflict_lines,
    format('{} began at {} while {} to overlapping bytes {} still in flight '
           || '(begun by {} from {}); the range may end up with parts of each.',
           sentence_case(window_subject(w)), secs(w.begin_ts),
           plural(p.n, 'earlier direct write'), CASE WHEN p.n = 1 THEN 'was' ELSE 'were' END,
           p.tasks, secs(p.first_begin)) AS message
FROM per_window p JOIN dio_windows w USING (window_id)
