-- The block layer's record: every bio from its queueing to its completion (btt's view), the
-- device's queue depth over time, btt's latency table, and which file bytes each bio carried when
-- extent maps were loaded (--extents: the extents table). Read from the blk tracer's lines and
-- blkparse records (event 'blk') and from the block_* tracepoints alike: each event's blktrace
-- action (events.action) is said by the event catalog, so nothing here asks which one it was.

-- The block events, with each one's segment and its operation: the RWBS flags start with the
-- operation ('R' read, 'W' write, 'D' discard, 'N' none, 'E' secure erase), after an 'F' when the
-- request carries a preflush ('FWS'); the letters after it are modifiers ('F' FUA, 'A' readahead,
-- 'S' sync, 'M' metadata).
CREATE OR REPLACE TEMP TABLE blk_ev AS
SELECT e.trace_id, s.segment, e.line, e.ts, e.pid, e.comm, e.dev, e.action, e.flags, e.sector, e.len, e.error,
       regexp_extract(e.flags, '^F?([RWDNE])', 1) AS op, e.from_dev, e.from_sector
FROM events e
JOIN trace_segments s ON s.trace_id = e.trace_id AND e.line BETWEEN s.first_line AND s.last_line
WHERE e.action IN ('Q', 'G', 'I', 'M', 'F', 'D', 'C', 'R', 'A');

-- The remaps (action A): a partition's bio moved to the whole disk (blk_partition_remap), a
-- device-mapper clone sent to the device below. Each is one step of a bio down the device stack,
-- taken by the submitting task just before it queues the bio on the device below, so a Q's remap
-- is the last A of its task that put a bio at its device and sector, unless the task queued a bio
-- there since; and a remap's own source the same, one step up (device-mapper over a partition
-- remaps twice, both printed on the disk: the clone's device is the partition, whose disk the
-- tracepoint names). ord orders the remaps and queues of each trace that has remaps by time, then line.
CREATE OR REPLACE TEMP TABLE blk_steps AS
SELECT trace_id, segment, line, ts, pid, dev, sector, len, action, from_dev, from_sector,
       row_number() OVER (PARTITION BY trace_id ORDER BY ts, line) AS ord
FROM blk_ev
WHERE (action = 'Q' OR (action = 'A' AND from_dev IS NOT NULL))
  AND trace_id IN (SELECT trace_id FROM blk_ev WHERE action = 'A' AND from_dev IS NOT NULL);

-- each Q's remap (the remap is the Q's when later than the task's last queue of the same place)
-- and each remap's parent: the ASOF joins, which a recursive CTE cannot hold
CREATE OR REPLACE TEMP TABLE blk_step_links AS
WITH remaps AS (SELECT * FROM blk_steps WHERE action = 'A'),
queues AS (SELECT * FROM blk_steps WHERE action = 'Q')
SELECT q.trace_id, q.line AS q_line, a.line AS a_line, NULL::BIGINT AS parent_line
FROM queues q
ASOF JOIN remaps a ON a.trace_id = q.trace_id AND a.segment = q.segment AND a.pid = q.pid
   AND a.dev = q.dev AND a.sector = q.sector AND a.len = q.len AND a.ord < q.ord
ASOF LEFT JOIN queues p ON p.trace_id = q.trace_id AND p.segment = q.segment AND p.pid = q.pid
   AND p.dev = q.dev AND p.sector = q.sector AND p.ord < q.ord
WHERE p.ord IS NULL OR p.ord < a.ord
UNION ALL
SELECT a.trace_id, NULL, a.line, p.line
FROM remaps a
ASOF JOIN remaps p ON p.trace_id = a.trace_id AND p.segment = a.segment AND p.pid = a.pid
   AND p.dev = a.dev AND p.sector = a.from_sector AND p.len = a.len AND p.ord < a.ord;

-- up the stack from each Q, at most 8 levels (no stack of block devices is deeper): the source of
-- the topmost remap is where the filesystem submitted the bio
CREATE OR REPLACE TEMP TABLE blk_submitted AS
WITH RECURSIVE chain AS (
    SELECT trace_id, q_line, a_line AS line, 1 AS depth FROM blk_step_links WHERE q_line IS NOT NULL
    UNION ALL
    SELECT c.trace_id, c.q_line, x.parent_line, c.depth + 1
    FROM chain c JOIN blk_step_links x ON x.trace_id = c.trace_id AND x.q_line IS NULL AND x.a_line = c.line
    WHERE c.depth < 8
)
SELECT c.trace_id, c.q_line, arg_max(a.from_dev, c.depth) AS submit_dev, arg_max(a.from_sector, c.depth) AS submit_sector
FROM chain c JOIN blk_steps a ON a.trace_id = c.trace_id AND a.line = c.line
GROUP BY ALL;

-- @table blk_requests
--   One row per bio queued (action Q), with what became of it, as btt follows it: the request it
--   was given (G) or merged into (M back, F front), its insertion into the scheduler (I), its
--   issue to the driver (D) and its completion (C). Each later step is the first of its kind after
--   the bio's queueing, in its segment, on the same device with the same operation (the RWBS flags of a request change as the flush machinery splits it: Q FWFSM, D WSM) and the same
--   first sector; a back-merged bio (whose request starts before it) is issued and completed with
--   the first request that covers its sector. Two bios of one sector and operation queued before
--   either is issued share the first one's issue and completion.
-- @column trace_id     traces.trace_id
-- @column segment      trace_segments.segment
-- @column dev          device 'major:minor'
-- @column sector       first 512-byte sector
-- @column len          bytes
-- @column flags        RWBS as traced ('WS', 'RA', 'FWFSM')
-- @column op           'R' read, 'W' write, 'D' discard, 'N' no data, 'E' secure erase
-- @column io_class     what the bio is for, from its flags and its submitter alone (the block layer
--   knows no more):
--   'direct-write'    a synchronous write ('S') that is not metadata ('M') from a task that is not
--                     a kernel thread (kernel_thread(): a kworker, jbd2, ...): what a direct write
--                     submits (iomap sets REQ_SYNC on every direct write bio); an fsync or
--                     msync(MS_SYNC) of the application writes its dirty pages the same way, which
--                     the block layer cannot tell apart
--   'pagecache-read'  a readahead read ('A'): the page cache filling (iomap's readahead path marks
--                     every bio REQ_RAHEAD); a plain 'R' may be a direct read or a single-page
--                     read_folio and is 'other'
--   'writeback'       any other write: not synchronous (background writeback), or from a kernel
--                     thread (the flusher's kworker; a journal thread's commit)
--   'other'           metadata, flushes, discards, plain reads
-- @column submit_pid   the task that queued it
-- @column submit_comm  its name; NULL when the trace does not name it (blkparse's [(null)])
-- @column q_line       line of the Q
-- @column q_ts         its timestamp
-- @column g_ts         G: a request was allocated for it; NULL when merged or not traced
-- @column merged       'M' (back merge) or 'F' (front merge) when it joined an existing request
-- @column i_ts         I: its request entered the I/O scheduler; NULL when issued directly
-- @column d_line       line of the D of its request
-- @column d_ts         its timestamp
-- @column request_len  bytes of the request it was issued in
-- @column c_line       line of the C of its request
-- @column c_ts         its timestamp
-- @column error        the completion's status (0: success)
-- @column q2d          d_ts - q_ts, ns (btt's Q2D)
-- @column d2c          c_ts - d_ts, ns (btt's D2C: the device's own time)
-- @column q2c          c_ts - q_ts, ns (btt's Q2C: the bio's whole life)
-- @column submit_dev   the device the bio was submitted to, before the remaps of it the trace shows
--   (a partition, a device-mapper device: the filesystem's device, which extent maps are of); dev
--   when the trace shows none
-- @column submit_sector its first sector there; sector when not remapped
-- @column path         the file its first sector belongs to, from the extents table (by
--   submit_sector); NULL without one that covers it
-- @column file_pos     the byte of that file at its first sector
CREATE OR REPLACE TABLE blk_requests AS
WITH q AS (
    SELECT * FROM blk_ev WHERE action = 'Q'
),
later AS (
    SELECT * FROM blk_ev WHERE action IN ('G', 'M', 'F', 'I', 'D', 'C')
),
-- each bio's next G/M/F (a request for it, or a merge into one), its next D and its next I, each
-- of its own sector: one ASOF join per step
exact AS (
    SELECT q.trace_id, q.segment, q.line AS q_line,
           g.ts AS g_ts, g.action AS g_action, d.line AS d_line, i.ts AS i_ts
    FROM q
    ASOF LEFT JOIN (SELECT * FROM later WHERE action IN ('G', 'M', 'F')) g
        ON g.trace_id = q.trace_id AND g.segment = q.segment AND g.dev = q.dev AND g.sector = q.sector
       AND g.op = q.op AND g.ts >= q.ts
    ASOF LEFT JOIN (SELECT * FROM later WHERE action = 'D') d
        ON d.trace_id = q.trace_id AND d.segment = q.segment AND d.dev = q.dev AND d.sector = q.sector
       AND d.op = q.op AND d.ts >= q.ts
    ASOF LEFT JOIN (SELECT * FROM later WHERE action = 'I') i
        ON i.trace_id = q.trace_id AND i.segment = q.segment AND i.dev = q.dev AND i.sector = q.sector
       AND i.op = q.op AND i.ts >= q.ts
),
back_merged AS (
    SELECT x.trace_id, x.q_line FROM exact x WHERE x.g_action = 'M'
),
d_cover AS (
    SELECT q.trace_id, q.line AS q_line, arg_min(d.line, d.ts) AS d_line
    FROM q
    JOIN back_merged b ON b.trace_id = q.trace_id AND b.q_line = q.line
    JOIN (SELECT * FROM later WHERE action = 'D') d
        ON d.trace_id = q.trace_id AND d.segment = q.segment AND d.dev = q.dev
       AND q.sector > d.sector AND q.sector < d.sector + d.len // 512 AND d.ts >= q.ts
    GROUP BY ALL
),
issued AS (
    SELECT q.trace_id, q.segment, q.line AS q_line, coalesce(c.d_line, e.d_line) AS d_line
    FROM q
    LEFT JOIN d_cover c ON c.trace_id = q.trace_id AND c.q_line = q.line
    LEFT JOIN exact e ON e.trace_id = q.trace_id AND e.q_line = q.line
),
-- where the filesystem put the bio (its device and sector before the remaps), and so which file bytes it carries
placed AS (
    SELECT q.trace_id, q.line AS q_line, coalesce(b.submit_dev, q.dev) AS submit_dev,
           coalesce(b.submit_sector, q.sector) AS submit_sector
    FROM q LEFT JOIN blk_submitted b ON b.trace_id = q.trace_id AND b.q_line = q.line
),
mapped AS (
    SELECT p.trace_id, p.q_line, e.path, e.file_pos + (p.submit_sector - e.sector) * 512 AS file_pos
    FROM placed p JOIN extents e ON p.submit_sector >= e.sector AND p.submit_sector < e.sector + e.len // 512
    QUALIFY row_number() OVER (PARTITION BY p.trace_id, p.q_line ORDER BY e.source, e.line) = 1
),
dc AS (
    SELECT d.trace_id, d.line AS d_line, d.ts AS d_ts, d.len AS request_len, c.line AS c_line, c.ts AS c_ts,
           c.error
    FROM (SELECT * FROM later WHERE action = 'D') d
    ASOF LEFT JOIN (SELECT * FROM later WHERE action = 'C') c
        ON c.trace_id = d.trace_id AND c.segment = d.segment AND c.dev = d.dev AND c.sector = d.sector
       AND c.op = d.op AND c.ts >= d.ts
)
SELECT q.trace_id, q.segment, q.dev, q.sector, q.len, q.flags, q.op,
       CASE
           WHEN q.flags LIKE '%M%' THEN 'other'
           WHEN q.op = 'W' AND q.flags LIKE '%S%' AND coalesce(NOT kernel_thread(q.comm), true) THEN 'direct-write'
           WHEN q.op = 'R' AND q.flags LIKE '%A%' THEN 'pagecache-read'
           WHEN q.op = 'W' THEN 'writeback'
           ELSE 'other'
       END AS io_class,
       q.pid AS submit_pid, q.comm AS submit_comm,
       q.line AS q_line, q.ts AS q_ts,
       CASE WHEN x.g_action = 'G' THEN x.g_ts END AS g_ts,
       CASE WHEN x.g_action IN ('M', 'F') THEN x.g_action END AS merged,
       CASE WHEN x.i_ts <= dc.d_ts THEN x.i_ts END AS i_ts,
       dc.d_line, dc.d_ts, dc.request_len, dc.c_line, dc.c_ts, dc.error,
       dc.d_ts - q.ts AS q2d, dc.c_ts - dc.d_ts AS d2c, dc.c_ts - q.ts AS q2c,
       u.submit_dev, u.submit_sector, m.path, m.file_pos
FROM q
JOIN exact x ON x.trace_id = q.trace_id AND x.q_line = q.line
JOIN issued s ON s.trace_id = q.trace_id AND s.q_line = q.line
LEFT JOIN dc ON dc.trace_id = q.trace_id AND dc.d_line = s.d_line
JOIN placed u ON u.trace_id = q.trace_id AND u.q_line = q.line
LEFT JOIN mapped m ON m.trace_id = q.trace_id AND m.q_line = q.line
ORDER BY q.trace_id, q.line;

-- @table blk_queue_depth
--   The device's queue depth over time, as btt's: requests issued to the driver (D) and not yet
--   completed (C), counted at every issue and completion of blk_requests (each request once).
-- @column trace_id  traces.trace_id
-- @column dev       device
-- @column ts        the issue or completion
-- @column line      its line
-- @column depth     requests in flight at the driver just after it
CREATE OR REPLACE TABLE blk_queue_depth AS
WITH requests AS (
    SELECT DISTINCT trace_id, dev, d_line, d_ts, c_line, c_ts FROM blk_requests WHERE d_line IS NOT NULL
),
steps AS (
    SELECT trace_id, dev, d_ts AS ts, d_line AS line, 1 AS delta FROM requests
    UNION ALL
    SELECT trace_id, dev, c_ts, c_line, -1 FROM requests WHERE c_line IS NOT NULL
)
SELECT trace_id, dev, ts, line,
       sum(delta) OVER (PARTITION BY trace_id, dev ORDER BY ts, line ROWS UNBOUNDED PRECEDING)::INTEGER AS depth
FROM steps
ORDER BY trace_id, dev, ts, line;

-- @table blk_latency
--   btt's latency table: per trace, device and phase, the count, minimum, mean and maximum in
--   nanoseconds over blk_requests. Q2G, G2I, I2D, D2C and Q2C as btt names them (btt prints
--   seconds); Q2D besides, for the bios whose phases between were not traced. D2C counts each
--   request once, the others each bio.
-- @column trace_id  traces.trace_id
-- @column dev       device
-- @column phase     'Q2G' | 'G2I' | 'I2D' | 'Q2D' | 'D2C' | 'Q2C'
-- @column n         how many
-- @column min_ns    shortest
-- @column avg_ns    mean
-- @column max_ns    longest
CREATE OR REPLACE TABLE blk_latency AS
WITH phases AS (
    SELECT trace_id, dev, 1 AS k, 'Q2G' AS phase, g_ts - q_ts AS ns FROM blk_requests WHERE g_ts IS NOT NULL
    UNION ALL SELECT trace_id, dev, 2, 'G2I', i_ts - g_ts FROM blk_requests WHERE i_ts IS NOT NULL AND g_ts IS NOT NULL
    UNION ALL SELECT trace_id, dev, 3, 'I2D', d_ts - i_ts FROM blk_requests WHERE i_ts IS NOT NULL
    UNION ALL SELECT trace_id, dev, 4, 'Q2D', q2d FROM blk_requests WHERE q2d IS NOT NULL
    UNION ALL SELECT DISTINCT trace_id, dev, 5, 'D2C', d2c FROM (
        SELECT DISTINCT trace_id, dev, d_line, d2c FROM blk_requests WHERE d2c IS NOT NULL)
    UNION ALL SELECT trace_id, dev, 6, 'Q2C', q2c FROM blk_requests WHERE q2c IS NOT NULL
)
SELECT trace_id, dev, phase, count(*) AS n, min(ns) AS min_ns, avg(ns) AS avg_ns, max(ns) AS max_ns
FROM phases
GROUP BY trace_id, dev, k, phase
ORDER BY trace_id, dev, k;
