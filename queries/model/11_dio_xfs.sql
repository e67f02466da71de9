-- Direct writes from XFS's own events, for kernels without the iomap_dio tracepoints (6.1 LTS and
-- before): xfs_file_direct_write (submitting task) pairs with xfs_end_io_direct_write (the task
-- that completes it; XFS traces it only for a successful write of more than zero bytes, so a
-- failed write stays open). iomap_dio_invalidate_fail after the begin in the same task means the
-- pre-write invalidation failed and XFS fell back to a buffered write. Fills dio_attempts and
-- dio_orphan_completions (08_dio_attempts.sql) for the traces trace_dio_evidence gives to 'xfs'
-- (those without iomap_dio_rw_begin: where there is one, the iomap events are the better record).
--  * Every attempt is a write: direction 'write', told by 'xfs'.
--  * xfs_end_io_direct_write is traced by XFS's ->end_io (xfs_dio_write_end_io), once every bio
--    has completed and before iomap_dio_complete() invalidates the written range again: it is
--    both the completion and the end_io, and the post-write invalidation follows it
--    (not invalidation_before_complete).
--  * Neither event names the iocb: aio is told by who completed it (another task than the
--    submitter), and nowait and the flags are not known. A completion traced means success: ret
--    is its byte count, error 0.

CREATE OR REPLACE TEMP TABLE dio_xfs_events AS
SELECT e.trace_id, s.segment, e.line, e.ts, e.cpu, e.pid, e.comm, e.event, e.dev, e.ino, e.pos, e.len, e.isize
FROM events e
JOIN trace_segments s ON s.trace_id = e.trace_id AND e.line BETWEEN s.first_line AND s.last_line
WHERE e.event IN ('xfs_file_direct_write', 'xfs_end_io_direct_write', 'xfs_end_io_direct_write_unwritten',
                  'xfs_end_io_direct_write_append', 'iomap_dio_invalidate_fail')
  AND e.trace_id IN (SELECT trace_id FROM trace_dio_evidence WHERE evidence = 'xfs');

CREATE OR REPLACE TEMP TABLE dio_xfs_fate AS
SELECT *,
    CASE
        WHEN next_event LIKE 'xfs_end_io_direct_write%' AND next_ino = ino AND next_pos = pos THEN 'inline'
        WHEN next_event = 'iomap_dio_invalidate_fail' THEN 'fallback'
        WHEN next_event IS NULL THEN 'open'
        ELSE 'queued'
    END AS fate
FROM (
    SELECT *,
        lead(event) OVER task AS next_event,
        lead(line) OVER task AS next_line,
        lead(ts) OVER task AS next_ts,
        lead(ino) OVER task AS next_ino,
        lead(pos) OVER task AS next_pos
    FROM dio_xfs_events
    WINDOW task AS (PARTITION BY trace_id, segment, pid ORDER BY line)
)
WHERE event = 'xfs_file_direct_write';

-- completions elsewhere pair first in, first out per (trace, segment, dev, ino, pos): fifo_pairs,
-- 00_macros.sql
CREATE OR REPLACE TEMP TABLE dio_xfs_fifo AS
SELECT trace_id, segment, dev, ino, pos, line, 1 AS is_begin, 0 AS is_complete
FROM dio_xfs_fate WHERE fate IN ('queued', 'open')
UNION ALL
SELECT e.trace_id, e.segment, e.dev, e.ino, e.pos, e.line, 0, 1
FROM dio_xfs_events e
ANTI JOIN (SELECT trace_id, next_line AS line FROM dio_xfs_fate WHERE fate = 'inline') i USING (trace_id, line)
WHERE e.event LIKE 'xfs_end_io_direct_write%';

CREATE OR REPLACE TEMP TABLE dio_xfs_ranks AS FROM fifo_ranks('dio_xfs_fifo');

INSERT INTO dio_attempts BY NAME
WITH pairs AS (
    SELECT * FROM fifo_pairs('dio_xfs_ranks')
    UNION ALL
    SELECT trace_id, line, next_line FROM dio_xfs_fate WHERE fate = 'inline'
)
SELECT
    'xfs' AS evidence,
    f.trace_id, f.segment,
    'write' AS direction, 'xfs' AS direction_from,
    f.dev, f.ino, f.pos, f.len, 0::BIGINT AS done_before,
    f.isize AS isize_begin, c.isize AS isize_end,
    f.pid AS submit_pid, f.comm AS submit_comm, f.cpu AS submit_cpu,
    c.pid AS complete_pid, c.comm AS complete_comm, c.cpu AS complete_cpu,
    f.line AS begin_line, f.ts AS begin_ts, NULL::BIGINT AS queued_ts,
    c.line AS complete_line, c.ts AS complete_ts,
    CASE WHEN f.fate = 'fallback' THEN f.next_line END AS end_event_line,
    CASE WHEN f.fate = 'fallback' THEN f.next_ts END AS end_event_ts,
    c.line AS end_io_line, c.ts AS end_io_ts,
    c.pid IS NOT NULL AND c.pid <> f.pid AS aio,
    false AS nowait,
    NULL::VARCHAR AS flags, NULL::VARCHAR AS dio_flags,
    c.len AS ret, CASE WHEN c.line IS NOT NULL THEN 0 END AS error,
    f.fate,
    false AS invalidation_before_complete
FROM dio_xfs_fate f
LEFT JOIN pairs p ON p.trace_id = f.trace_id AND p.begin_line = f.line
LEFT JOIN dio_xfs_events c ON c.trace_id = p.trace_id AND c.line = p.complete_line;

INSERT INTO dio_orphan_completions BY NAME
SELECT e.trace_id, e.segment, e.line, e.ts, e.pid, e.comm, e.dev, e.ino, e.pos, e.len AS ret, 'xfs' AS evidence
FROM fifo_orphans('dio_xfs_ranks') o JOIN dio_xfs_events e USING (trace_id, line);
