-- @table window_conflicts
--   Every file event that falls inside a direct-I/O window. A conflict is an event on the same
--   dev and inode whose byte range overlaps the window's range (in_range) and whose timestamp is
--   strictly between the window's begin and its end (completion; the trace's end for an I/O still
--   in flight). For a write that extends the file the range considered starts at the page holding
--   the old end of file (rule eof-page-fill-during-extending-dio-write looks there); events only
--   there have in_range = false. Only windows that submitted I/O (submitted(outcome)) have
--   conflicts. Windows and events are compared within one trace segment (trace_segments: not
--   across a clock reset). The rules under queries/rules/ read this.
-- @column window_id  dio_windows.window_id
-- @column trace_id   file_events.trace_id (the event's columns follow, as in file_events)
-- @column line       file_events.line
-- @column ts         file_events.ts
-- @column pid        file_events.pid
-- @column comm       file_events.comm
-- @column event      file_events.event
-- @column kind       file_events.kind
-- @column dev        file_events.dev
-- @column ino        file_events.ino
-- @column pos        file_events.pos
-- @column len        file_events.len
-- @column end_pos    file_events.end_pos
-- @column flags      file_events.flags
-- @column map_line   file_events.map_line
-- @column in_range   the event overlaps the window's own bytes [pos, end_pos) (false: only the page
--   holding an extending write's old end of file)
--
-- How: windows are matched to events with interval_point_candidates (00_macros.sql: time buckets,
-- so a file with tens of thousands of windows is not compared pairwise), then the exact
-- conditions are applied to the candidates.

CREATE OR REPLACE TEMP TABLE conflict_windows AS
SELECT w.window_id AS id, w.trace_id, w.ino AS key, w.begin_ts, w.end_ts,
       -- the bytes looked at: from the page of the old end of file for a write that extends it
       CASE WHEN w.direction = 'write' AND w.extending THEN least(w.pos, w.isize_begin // w.page_size * w.page_size)
            ELSE w.pos END AS pos, w.end_pos,
       w.window_id, w.dev, w.pos AS window_pos,
       s.first_line AS segment_first_line, s.last_line AS segment_last_line
FROM dio_windows w
JOIN trace_segments s USING (trace_id, segment)
WHERE submitted(w.outcome);

CREATE OR REPLACE TEMP TABLE conflict_points AS
SELECT trace_id, ino AS key, line AS id, ts, pos, end_pos FROM file_events;

CREATE OR REPLACE TABLE window_conflicts AS
SELECT w.window_id, e.*, e.pos < w.end_pos AND e.end_pos > w.window_pos AS in_range
FROM interval_point_candidates('conflict_windows', 'conflict_points') c
JOIN conflict_windows w ON w.id = c.interval_id
JOIN file_events e ON e.trace_id = c.trace_id AND e.line = c.point_id
WHERE e.dev = w.dev AND e.ts > w.begin_ts AND e.ts < w.end_ts
  AND e.line BETWEEN w.segment_first_line AND w.segment_last_line;
