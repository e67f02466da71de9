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
CREATE OR REPLACE TEMP TABLE conflict_bucket AS
SELECT trace_id,
       greatest(1000, (4 * coalesce(median(end_ts - begin_ts), 1000000))::BIGINT) AS width
FROM dio_windows
WHERE outcome IN ('completed', 'short', 'error', 'in-flight-at-end')
GROUP BY trace_id;

CREATE OR REPLACE TEMP TABLE window_buckets AS
SELECT w.window_id, w.trace_id, w.dev, w.ino, w.pos, w.end_pos, w.begin_ts, w.end_ts,
       CASE WHEN w.direction = 'write' AND w.extending THEN least(w.pos, w.isize_begin // 4096 * 4096)
            ELSE w.pos END AS scan_pos,
       unnest(range(w.begin_ts // b.width, w.end_ts // b.width + 1)) AS bucket
FROM dio_windows w JOIN conflict_bucket b USING (trace_id)
WHERE w.outcome IN ('completed', 'short', 'error', 'in-flight-at-end');

CREATE OR REPLACE TABLE window_conflicts AS
SELECT w.window_id, e.* EXCLUDE (bucket), e.pos < w.end_pos AND e.end_pos > w.pos AS in_range
FROM window_buckets w
JOIN (SELECT e.*, e.ts // b.width AS bucket FROM file_events e JOIN conflict_bucket b USING (trace_id)) e
  ON e.trace_id = w.trace_id AND e.ino = w.ino AND e.bucket = w.bucket -- integer keys hash fastest
WHERE e.dev = w.dev AND e.ts > w.begin_ts AND e.ts < w.end_ts
  AND e.pos < w.end_pos AND e.end_pos > w.scan_pos;
