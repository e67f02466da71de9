-- The device's side of each direct-write window: the write bios the window's submitter queued
-- while the window was in flight. A direct write's bios are submitted in the submitting task's
-- own context (iomap_dio_bio_iter, before iomap_dio_rw returns), so task and time tie them to their
-- window; with extent maps (--extents) the bio's file offset says whether it carries the window's
-- own bytes. A window rebuilt from the block layer alone (evidence 'block') is one bio: only that bio.

-- @table window_blk_requests
--   One row per direct-write window and block write queued by its submitter between its begin and
--   its end (blk_requests), with the device's latency for it.
-- @column window_id  dio_windows.window_id
-- @column trace_id   traces.trace_id
-- @column q_line     blk_requests.q_line: the bio's Q
-- @column dev        its device
-- @column sector     its first sector
-- @column len        its bytes
-- @column d2c        the device's time for it (blk_requests.d2c), ns
-- @column q2c        its whole life in the block layer (blk_requests.q2c), ns
-- @column path       the file its sectors belong to (extents), NULL without a map
-- @column file_pos   the file byte at its first sector
-- @column in_range   the bio's file bytes lie in the window's range (NULL without a map)
CREATE OR REPLACE TABLE window_blk_requests AS
SELECT w.window_id, w.trace_id, r.q_line, r.dev, r.sector, r.len, r.d2c, r.q2c, r.path, r.file_pos,
       CASE WHEN r.file_pos IS NOT NULL THEN r.file_pos < w.end_pos AND w.pos < r.file_pos + r.len END AS in_range
FROM dio_windows w
JOIN blk_requests r ON r.trace_id = w.trace_id AND r.segment = w.segment AND r.submit_pid = w.submit_pid
 AND r.op = 'W' AND r.q_ts >= w.begin_ts AND r.q_ts <= w.end_ts
WHERE w.direction = 'write' AND (w.evidence <> 'block' OR r.q_line = w.begin_line)
ORDER BY w.window_id, r.q_line;
