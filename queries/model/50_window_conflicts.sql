-- window_conflicts: every file event that falls inside a direct-I/O window. A conflict is an event
-- on the same dev and inode whose byte range overlaps the window's range (in_range) and whose
-- timestamp is strictly between the window's begin and its end (completion; the trace's end for an
-- I/O still in flight). For a write that extends the file the range considered starts at the page
-- holding the old end of file (rule eof-page-fill-during-extending-dio-write looks there); events
-- only there have in_range = false. Windows that never submitted I/O (aborted, fallback) or whose
-- end is unknown (completion-lost) have no conflicts. The rules under queries/rules/ read this.
--
-- How: joining on the inode and filtering the time inequalities makes DuckDB compare every window
-- of a file with every event of that file, which explodes when one file has tens of thousands of
-- windows. Instead the time axis is cut into buckets of ~4x the median window length; a window is
-- listed in each bucket it spans and an event in its own, so the join compares a window only with
-- the events of the few buckets it spans.
-- A window much longer than the median (one left open, or paired where the trace lost events)
-- would be listed in as many buckets as it is long: a write open for 1e5 s among windows of
-- 200 us, 2.5e8 rows. So buckets come in levels, each bucket_fan() times wider than the one below:
-- a window is listed at the lowest level where it spans at most bucket_fan() + 1 buckets, and
-- the events of an inode are listed at each level one of its windows uses. A window is listed in
-- at most bucket_fan() + 1 rows whatever its length or the time gaps of the trace, and is
-- compared with the events of the buckets it spans: above level 0 a bucket is at most 8/7 of the
-- window's length, so together they cover at most ~3.3 times the window (its span plus a bucket at
-- each end). Memory and time grow with the windows and the events, not with how long the trace is. Windows and events are compared within one trace
-- segment only (trace_segments: not across a clock reset).
CREATE OR REPLACE MACRO bucket_fan() AS 8;
-- bucket width at a level: base * fan^level, kept under 2^62 (so a level always exists)
CREATE OR REPLACE MACRO bucket_width(base, level) AS
    least(base::DOUBLE * pow(bucket_fan(), level), 4611686018427387904)::BIGINT;

CREATE OR REPLACE TEMP TABLE conflict_bucket AS
SELECT trace_id,
       greatest(1000, (4 * coalesce(median(end_ts - begin_ts), 1000000))::BIGINT) AS width
FROM dio_windows
WHERE outcome IN ('completed', 'short', 'error', 'in-flight-at-end')
GROUP BY trace_id;

CREATE OR REPLACE TEMP TABLE window_levels AS
SELECT w.window_id, w.trace_id, w.dev, w.ino, w.pos, w.end_pos, w.begin_ts, w.end_ts,
       s.first_line AS segment_first_line, s.last_line AS segment_last_line,
       CASE WHEN w.direction = 'write' AND w.extending THEN least(w.pos, w.isize_begin // 4096 * 4096)
            ELSE w.pos END AS scan_pos,
       b.width,
       -- the lowest level at which it spans at most bucket_fan() + 1 buckets (level 0 for nearly all)
       CASE WHEN w.end_ts // b.width - w.begin_ts // b.width <= bucket_fan() THEN 0
            ELSE list_position(list_transform(range(1, 30), lambda l:
                     w.end_ts // bucket_width(b.width, l) - w.begin_ts // bucket_width(b.width, l) <= bucket_fan()),
                 true)
       END AS level
FROM dio_windows w
JOIN conflict_bucket b USING (trace_id)
JOIN trace_segments s USING (trace_id, segment)
WHERE w.outcome IN ('completed', 'short', 'error', 'in-flight-at-end');

CREATE OR REPLACE TEMP TABLE window_buckets AS
SELECT w.* EXCLUDE (width), unnest(range(w.begin_ts // bw, w.end_ts // bw + 1)) AS bucket
FROM (SELECT *, bucket_width(width, level) AS bw FROM window_levels) w;

CREATE OR REPLACE TABLE window_conflicts AS
WITH levels AS (
    SELECT DISTINCT trace_id, ino, level FROM window_levels
),
keyed AS (
    SELECT e.*, l.level, e.ts // bucket_width(b.width, l.level) AS bucket
    FROM file_events e
    JOIN conflict_bucket b USING (trace_id)
    JOIN levels l ON l.trace_id = e.trace_id AND l.ino = e.ino
)
SELECT w.window_id, e.* EXCLUDE (bucket, level), e.pos < w.end_pos AND e.end_pos > w.pos AS in_range
FROM window_buckets w
JOIN keyed e
  ON e.trace_id = w.trace_id AND e.ino = w.ino AND e.level = w.level AND e.bucket = w.bucket -- integer keys hash fastest
WHERE e.dev = w.dev AND e.ts > w.begin_ts AND e.ts < w.end_ts
  AND e.line BETWEEN w.segment_first_line AND w.segment_last_line
  AND e.pos < w.end_pos AND e.end_pos > w.scan_pos;
