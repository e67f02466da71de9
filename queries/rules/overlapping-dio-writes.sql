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
-- How: one file can have tens of thousands of windows; comparing every pair would not finish. The
-- time axis is cut into buckets of ~4x the median window length, each window is listed in the
-- buckets it spans, and a window is compared only with the windows listed in the bucket it starts in.
WITH writes AS (
    SELECT * FROM dio_windows
    WHERE direction = 'write' AND outcome IN ('completed', 'short', 'error', 'in-flight-at-end')
),
width AS (
    SELECT trace_id, greatest(1000, (4 * median(end_ts - begin_ts))::BIGINT) AS w FROM writes GROUP BY trace_id
),
spans AS (
    SELECT a.*, unnest(range(a.begin_ts // width.w, a.end_ts // width.w + 1)) AS bucket
    FROM writes a JOIN width USING (trace_id)
),
starts AS (
    SELECT b.*, b.begin_ts // width.w AS bucket FROM writes b JOIN width USING (trace_id)
),
earlier AS (
    -- a was in flight when b began, on overlapping bytes
    SELECT b.window_id, a.window_id AS earlier_id, a.begin_line AS earlier_line,
           a.submit_comm AS earlier_comm, a.submit_pid AS earlier_pid, a.begin_ts AS earlier_begin
    FROM starts b
    JOIN spans a ON a.trace_id = b.trace_id AND a.segment = b.segment AND a.dev = b.dev AND a.ino = b.ino
     AND a.bucket = b.bucket
    WHERE a.begin_line < b.begin_line AND b.begin_ts < a.end_ts
      AND a.pos < b.end_pos AND a.end_pos > b.pos
),
per_window AS (
    SELECT window_id, min(earlier_id) AS related, list(earlier_line ORDER BY earlier_line) AS lines, count(*) AS n,
           string_agg(DISTINCT task(earlier_comm, earlier_pid), ', ') AS tasks, min(earlier_begin) AS first_begin
    FROM earlier GROUP BY window_id
)
SELECT
    w.window_id,
    p.related AS related_window_id,
    p.lines AS conflict_lines,
    format('Direct write {} of inode {} on {} by {} began at {} while {} to overlapping bytes {} still in flight '
           || '(begun by {} from {}); the range may end up with parts of each.',
           byte_range(w.pos, w.end_pos), w.ino, w.dev, task(w.submit_comm, w.submit_pid), secs(w.begin_ts),
           plural(p.n, 'earlier direct write'), CASE WHEN p.n = 1 THEN 'was' ELSE 'were' END,
           p.tasks, secs(p.first_begin)) AS message
FROM per_window p JOIN dio_windows w USING (window_id)
