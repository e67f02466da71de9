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
       regexp_extract(e.flags, '^F?([RWDNE])', 1) AS op
FROM events e
JOIN trace_segments s ON s.trace_id = e.trace_id AND e.line BETWEEN s.first_line AND s.last_line
WHERE e.action IN ('Q', 'G', 'I', 'M', 'F', 'D', 'C', 'R');

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
--                     a kworker: what a direct write submits (iomap sets REQ_SYNC on every direct
--                     write bio); an fsync or msync(MS_SYNC) of the application writes the same way
--   'pagecache-read'  a readahead read ('A'): the page cache filling (iomap's readahead path marks
--                     every bio REQ_RAHEAD); a plain 'R' may be a direct read or a single-page
--                     read_folio and is 'other'
--   'writeback'       a write of page-cache data: not synchronous (background writeback), or from
--                     a kworker (the flusher)
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
-- @column path         the file its first sector belongs to, from the extents table; NULL without
--   one that covers it
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
           WHEN q.op = 'W' AND q.flags LIKE '%S%' AND coalesce(q.comm NOT LIKE 'kworker/%', true) THEN 'direct-write'
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
       m.path, m.file_pos
FROM q
JOIN exact x ON x.trace_id = q.trace_id AND x.q_line = q.line
JOIN issued s ON s.trace_id = q.trace_id AND s.q_line = q.line
LEFT JOIN dc ON dc.trace_id = q.trace_id AND dc.d_line = s.d_line
LEFT JOIN (
    SELECT b.trace_id, b.line, e.path, e.file_pos + (b.sector - e.sector) * 512 AS file_pos
    FROM blk_ev b JOIN extents e ON b.sector >= e.sector AND b.sector < e.sector + e.len // 512
    WHERE b.action = 'Q'
    QUALIFY row_number() OVER (PARTITION BY b.trace_id, b.line ORDER BY e.source, e.line) = 1
) m ON m.trace_id = q.trace_id AND m.line = q.line
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
