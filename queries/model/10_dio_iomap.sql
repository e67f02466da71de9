-- Direct-I/O attempts from the iomap tracepoints (Linux 5.19+): iomap_dio_rw_begin pairs with
-- iomap_dio_complete. Fills dio_attempts (one row per begin, with its completion when found) and
-- dio_orphan_completions (08_dio_attempts.sql) for the traces trace_dio_evidence gives to 'iomap'.
--
-- Facts this relies on (fs/iomap/direct-io.c):
--  * begin is traced on entry of __iomap_dio_rw in the submitting task. If the I/O is still in
--    flight when it returns, iomap_dio_rw_queued is traced next in that task; if it finished
--    already, iomap_dio_complete is traced next in that task; if the pre-write invalidation failed,
--    iomap_dio_invalidate_fail. A NOWAIT attempt that would block returns -EAGAIN before any of
--    these: its begin is followed directly by the task's next begin (io_uring then retries it
--    from an io-wq worker: a second begin of the same range).
--  * iomap_dio_complete's offset is ki_pos after the I/O: begin.pos + (ret - begin.done_before)
--    when ret > 0, begin.pos otherwise. Async completions run in another task (a kworker, or
--    whatever task an interrupt hit), often on another CPU.
--  * Several I/Os in flight on one range complete first in, first out.
--  * iomap_dio_complete is traced at the very end of iomap_dio_complete(), after the post-write
--    invalidation (kiocb_invalidate_post_direct_write) has run in the same task: so
--    invalidation_before_complete. The filesystem's ->end_io ran before both; XFS traces it as
--    xfs_end_io_direct_write, the end_io of these attempts.
--  * The begin's iocb flags say WRITE only when the iocb carries IOCB_WRITE, which not every
--    write's does (the synchronous pwrites of corpus/ext4-1k): without it the direction is left to
--    20_dio_windows.sql.
-- Events of a trace are ordered by line: every tracer prints them in timestamp order. A trace
-- whose clock was reset (trace_segments) is paired segment by segment: a task's next event and a
-- range's next completion are looked for in the same segment only.
-- The pairing works on narrow rows (line numbers, the range, a short step name); the columns
-- dio_attempts holds are read from events once, at the end, by line.

CREATE OR REPLACE TEMP TABLE dio_iomap_events AS
SELECT e.trace_id, s.segment, line, ts, pid, dev, ino,
       CASE event
           WHEN 'iomap_dio_rw_begin' THEN 'begin'
           WHEN 'iomap_dio_rw_queued' THEN 'queued'
           WHEN 'iomap_dio_complete' THEN 'complete'
           ELSE 'fail'
       END AS step,
       -- the start of the I/O as both sides can compute it (see above)
       CASE event
           WHEN 'iomap_dio_complete' THEN CASE WHEN ret > 0 THEN pos - ret ELSE pos END
           WHEN 'iomap_dio_rw_begin' THEN pos - coalesce(done_before, 0)
       END AS match_pos,
       event = 'iomap_dio_rw_begin' AND flags LIKE '%NOWAIT%' AS nowait
FROM events e
JOIN trace_segments s ON s.trace_id = e.trace_id AND e.line BETWEEN s.first_line AND s.last_line
WHERE event IN ('iomap_dio_rw_begin', 'iomap_dio_rw_queued', 'iomap_dio_complete', 'iomap_dio_invalidate_fail')
  AND e.trace_id IN (SELECT trace_id FROM trace_dio_evidence WHERE evidence = 'iomap');

-- what became of each begin: the next iomap_dio event of the same task
CREATE OR REPLACE TEMP TABLE dio_iomap_fate AS
SELECT trace_id, segment, line, ts, dev, ino, match_pos, next_line, next_ts,
    CASE
        WHEN next_step = 'queued' THEN 'queued'
        WHEN next_step = 'complete' AND next_dev = dev AND next_ino = ino AND next_match_pos = match_pos
            THEN 'inline'
        WHEN next_step = 'fail' THEN 'fallback'
        WHEN next_step = 'begin' AND nowait THEN 'aborted'
        WHEN next_step IS NULL THEN 'open'
        ELSE 'unclear'
    END AS fate
FROM (
    SELECT *,
        lead(step) OVER task AS next_step,
        lead(line) OVER task AS next_line,
        lead(ts) OVER task AS next_ts,
        lead(dev) OVER task AS next_dev,
        lead(ino) OVER task AS next_ino,
        lead(match_pos) OVER task AS next_match_pos
    FROM dio_iomap_events
    WINDOW task AS (PARTITION BY trace_id, segment, pid ORDER BY line)
)
WHERE step = 'begin';

-- The other begins and completions pair first in, first out per (trace, dev, ino, start): see
-- fifo_ranks in 00_macros.sql. Not an 'unclear' begin (its task's next iomap_dio event is another
-- begin): __iomap_dio_rw traces queued or complete whenever it submitted anything, so that attempt
-- returned without I/O (a read at or past end of file returns 0 that way, an unaligned one -EINVAL)
-- and has no completion to take; only where the trace lost events may its queued event be what is
-- missing, and there it queues like the others. Left in the queue everywhere, the reads of fstests'
-- aio-dio-append-write-read-race (each at the offset the writer is appending at) took the writer's
-- completions first in, first out, and 512 of its writes stayed open to the end of a ./check run.
--
-- Where the trace lost events (trace_gaps) completions are missing, and a begin whose completion
-- was lost would take the completion of the next attempt on its range, and so on down the line.
-- So there, a begin followed on its range by another begin before any completion is taken to have
-- completed unseen ('completion-lost') and leaves the queue.
CREATE OR REPLACE TEMP TABLE dio_iomap_stream AS
WITH stream AS (
    SELECT trace_id, segment, dev, ino, match_pos, line, ts, 1 AS is_begin, 0 AS is_complete
    FROM dio_iomap_fate WHERE fate IN ('queued', 'open')
    UNION ALL
    SELECT f.trace_id, f.segment, f.dev, f.ino, f.match_pos, f.line, f.ts, 1, 0
    FROM dio_iomap_fate f
    ASOF JOIN trace_gap_spans g ON g.trace_id = f.trace_id AND g.segment = f.segment AND g.from_ts <= f.ts
    WHERE f.fate = 'unclear' AND g.to_ts >= f.ts
    UNION ALL
    SELECT e.trace_id, e.segment, e.dev, e.ino, e.match_pos, e.line, e.ts, 0, 1
    FROM dio_iomap_events e
    ANTI JOIN (SELECT trace_id, next_line AS line FROM dio_iomap_fate WHERE fate = 'inline') i USING (trace_id, line)
    WHERE e.step = 'complete'
)
SELECT s.*, lead(s.is_begin) OVER (PARTITION BY s.trace_id, s.segment, s.dev, s.ino, s.match_pos ORDER BY s.line)
    AS next_is_begin
FROM stream s;

-- begins followed on their range by another begin, inside a gap: taken to have completed unseen
CREATE OR REPLACE TEMP TABLE dio_iomap_lost AS
SELECT s.trace_id, s.line
FROM dio_iomap_stream s
ASOF JOIN trace_gap_spans g ON g.trace_id = s.trace_id AND g.segment = s.segment AND g.from_ts <= s.ts
WHERE s.is_begin = 1 AND s.next_is_begin = 1 AND g.to_ts >= s.ts;

CREATE OR REPLACE TEMP VIEW dio_iomap_fifo AS
SELECT trace_id, segment, dev, ino, match_pos AS pos, line, is_begin, is_complete
FROM dio_iomap_stream s ANTI JOIN dio_iomap_lost l USING (trace_id, line);

CREATE OR REPLACE TEMP TABLE dio_iomap_ranks AS FROM fifo_ranks('dio_iomap_fifo');

-- each begin with its completion, and the filesystem's own end_io event where it traces one (XFS:
-- xfs_end_io_direct_write): the completing task's last one before the completion, if it is this
-- write's (after its begin, same inode). Narrow rows: the ASOF join sorts them.
CREATE OR REPLACE TEMP TABLE dio_iomap_pairs AS
WITH pairs AS (
    SELECT * FROM fifo_pairs('dio_iomap_ranks')
    UNION ALL
    SELECT trace_id, line, next_line FROM dio_iomap_fate WHERE fate = 'inline'
),
completed AS (
    SELECT p.trace_id, p.begin_line, p.complete_line, b.ino, c.pid
    FROM pairs p
    JOIN dio_iomap_events b ON b.trace_id = p.trace_id AND b.line = p.begin_line
    JOIN dio_iomap_events c ON c.trace_id = p.trace_id AND c.line = p.complete_line
)
SELECT c.trace_id, c.begin_line, c.complete_line,
    CASE WHEN x.line > c.begin_line AND x.ino = c.ino THEN x.line END AS end_io_line,
    CASE WHEN x.line > c.begin_line AND x.ino = c.ino THEN x.ts END AS end_io_ts
FROM completed c
ASOF LEFT JOIN (SELECT trace_id, pid, line, ts, ino FROM events WHERE event = 'xfs_end_io_direct_write') x
    ON x.trace_id = c.trace_id AND x.pid = c.pid AND x.line < c.complete_line;

INSERT INTO dio_attempts BY NAME
SELECT
    'iomap' AS evidence,
    f.trace_id, f.segment,
    CASE WHEN b.flags LIKE '%WRITE%' THEN 'write' END AS direction,
    CASE WHEN b.flags LIKE '%WRITE%' THEN 'iocb' END AS direction_from,
    b.dev, b.ino, b.pos, b.len, coalesce(b.done_before, 0) AS done_before,
    b.isize AS isize_begin, c.isize AS isize_end,
    b.pid AS submit_pid, b.comm AS submit_comm, b.cpu AS submit_cpu,
    c.pid AS complete_pid, c.comm AS complete_comm, c.cpu AS complete_cpu,
    f.line AS begin_line, f.ts AS begin_ts,
    CASE WHEN f.fate = 'queued' THEN f.next_ts END AS queued_ts,
    c.line AS complete_line, c.ts AS complete_ts,
    CASE WHEN f.fate IN ('fallback', 'aborted', 'unclear') THEN f.next_line END AS end_event_line,
    CASE WHEN f.fate IN ('fallback', 'aborted', 'unclear') THEN f.next_ts END AS end_event_ts,
    p.end_io_line, p.end_io_ts,
    coalesce(b.aio, false) AS aio,
    b.flags LIKE '%NOWAIT%' AS nowait,
    b.flags, b.dio_flags, c.ret, c.error,
    f.fate,
    true AS invalidation_before_complete
FROM dio_iomap_fate f
JOIN events b ON b.trace_id = f.trace_id AND b.line = f.line AND b.event = 'iomap_dio_rw_begin'
LEFT JOIN dio_iomap_pairs p ON p.trace_id = f.trace_id AND p.begin_line = f.line
LEFT JOIN events c ON c.trace_id = p.trace_id AND c.line = p.complete_line AND c.event = 'iomap_dio_complete';

INSERT INTO dio_orphan_completions BY NAME
SELECT e.trace_id, d.segment, e.line, e.ts, e.pid, e.comm, e.dev, e.ino, d.match_pos AS pos, e.ret, 'iomap' AS evidence
FROM fifo_orphans('dio_iomap_ranks') o
JOIN dio_iomap_events d USING (trace_id, line)
JOIN events e ON e.trace_id = o.trace_id AND e.line = o.line AND e.event = 'iomap_dio_complete';
