-- The direct-I/O contract: which evidence rebuilds the direct I/O of each trace
-- (trace_dio_evidence), and what every evidence file must produce (dio_attempts, one row per
-- attempt, and dio_orphan_completions). The evidence files are 10_dio_iomap.sql ('iomap'),
-- 11_dio_xfs.sql ('xfs'), 12_dio_ftrace.sql ('ftrace') and 13_dio_block.sql ('block'). Each reads the events of its kind, only
-- in the traces trace_dio_evidence assigns to it, and adds its rows with
--     INSERT INTO dio_attempts BY NAME SELECT ... AS evidence, ... AS trace_id, ...
-- naming every column (NULL::TYPE for what it cannot know): a misspelt column is an error, so is
-- leaving out one that may not be NULL, and what an evidence cannot know is said in its own file
-- (with UNION ALL BY NAME a misspelt column silently became a NULL one). Whatever differs between
-- the evidences (how the direction was told, where the post-write invalidation shows, which event
-- says every bio has completed) is a column of dio_attempts: 20_dio_windows.sql, which turns the
-- attempts into windows, and the steps after it never ask which evidence made a row.
-- To add an evidence: a row kind in trace_dio_evidence below, its name in the CHECKs, one file
-- that fills the two tables.

-- @table trace_dio_evidence
--   Which evidence rebuilds the direct I/O of each trace: one row per trace and evidence that
--   applies to it (none for a trace without direct-I/O events). Decided here and nowhere else, for
--   the whole trace, from the events it holds; a trace's segments (trace_segments) are not
--   decided apart, so a file that concatenates captures of two kernels goes by all its events.
--   Precedence, and why:
--    * 'iomap' when the trace holds iomap_dio_rw_begin (Linux 5.19+). Those tracepoints are the
--      full record: the range asked for and the bytes already done, the iocb flags (direction,
--      NOWAIT), queued versus completed inline, the completion's offset and return value. When
--      they are there nothing else is used. (A trace with iomap_dio_complete but not one begin is
--      'iomap' too: its completions lost their begins and are dio_orphan_completions.)
--    * 'xfs' when the trace holds XFS's direct-write events (xfs_file_direct_write,
--      xfs_end_io_direct_write*) and no iomap_dio_rw_begin: kernels before the iomap tracepoints
--      (6.1 LTS). They name inode and range on both sides, but only for XFS writes.
--    * 'ftrace' when the function tracer saw iomap_dio_rw or __iomap_dio_rw and the trace holds no
--      iomap_dio_rw_begin (with both, every attempt would be rebuilt twice): any filesystem, reads
--      too, but the range comes from a kprobe and an async completion names no file. When 'xfs'
--      applies as well, each keeps its own attempts: an XFS write (its begin right after
--      xfs_file_direct_write in its task, its completion followed by xfs_end_io_direct_write) is
--      xfs's, everything else (direct reads, other filesystems) ftrace's.
--    * 'block' when none of those applies and the block layer shows direct writes (blk_requests
--      of io_class 'direct-write': a blktrace/blkparse post-mortem, or a capture of the block
--      events alone). Each such bio is a window of its own: the block layer does not say which
--      bios one write call submitted, nor the file (extents can), nor what the page cache did, so
--      only the device-overlap rule can find anything in it (trace_judgement says so). With any
--      file-level evidence the block events are left to window_blk_requests.
-- @column trace_id  traces.trace_id
-- @column evidence  'iomap' | 'xfs' | 'ftrace' | 'block': the evidence file that fills dio_attempts for it
-- @column why       the events that decided it, in words
CREATE OR REPLACE TABLE trace_dio_evidence AS
WITH seen AS (
    SELECT trace_id,
        bool_or(event = 'iomap_dio_rw_begin') AS iomap_begin,
        bool_or(event = 'iomap_dio_complete') AS iomap_complete,
        bool_or(event LIKE 'xfs_%') AS xfs_events,
        bool_or(event = 'function') AS function_dio
    FROM events
    WHERE event IN ('iomap_dio_rw_begin', 'iomap_dio_complete', 'xfs_file_direct_write', 'xfs_end_io_direct_write',
                    'xfs_end_io_direct_write_unwritten', 'xfs_end_io_direct_write_append')
       OR (event = 'function' AND func IN ('iomap_dio_rw', '__iomap_dio_rw'))
    GROUP BY trace_id
)
SELECT trace_id, evidence, why FROM (
    SELECT trace_id, 1 AS rank, 'iomap' AS evidence,
        CASE WHEN iomap_begin THEN 'iomap_dio_rw_begin: the iomap direct-I/O tracepoints'
             ELSE 'iomap_dio_complete without iomap_dio_rw_begin: completions whose begins were lost' END AS why
    FROM seen WHERE iomap_begin OR iomap_complete
    UNION ALL
    SELECT trace_id, 2, 'xfs', 'xfs_file_direct_write / xfs_end_io_direct_write and no iomap_dio_rw_begin'
    FROM seen WHERE xfs_events AND NOT iomap_begin
    UNION ALL
    SELECT trace_id, 3, 'ftrace',
        'the function tracer saw iomap_dio_rw and there is no iomap_dio_rw_begin'
            || CASE WHEN xfs_events THEN '; XFS writes are left to xfs' ELSE '' END
    FROM seen WHERE function_dio AND NOT iomap_begin
    UNION ALL
    SELECT trace_id, 4, 'block', 'no file-level direct-I/O event; the block layer shows synchronous writes from '
        || 'application tasks (blk_requests: direct-write)'
    FROM (SELECT DISTINCT trace_id FROM blk_requests WHERE io_class = 'direct-write')
    WHERE trace_id NOT IN (SELECT trace_id FROM seen)
)
ORDER BY trace_id, rank;

-- @table dio_attempts
--   One row per direct-I/O attempt, as its evidence file rebuilt it: the begin, what became of it
--   (fate), its completion when one was paired with it. 20_dio_windows.sql makes each a window.
--   Lines are lines of the trace file, timestamps the trace clock in ns; a begin and everything
--   paired with it lie in one trace segment.
-- @column evidence        'iomap' | 'xfs' | 'ftrace' | 'block': which evidence file made it (trace_dio_evidence)
-- @column trace_id        traces.trace_id
-- @column segment         trace_segments.segment of the begin (and of its completion)
-- @column direction       'write' | 'read' as the evidence tells it; NULL when it cannot, and
--   20_dio_windows.sql asks the submitting task's events around the begin
-- @column direction_from  how the evidence told the direction: 'iocb' (WRITE in the iocb flags),
--   'xfs' (xfs_file_direct_write is a write), 'caller' (the function that called iomap_dio_rw);
--   NULL when direction is NULL
-- @column dev             device 'major:minor'; NULL when the evidence could not tell
-- @column ino             inode; NULL when the evidence could not tell
-- @column pos             first byte asked for
-- @column len             bytes asked for
-- @column done_before     bytes of the request already done by an earlier attempt (iomap's
--   done_before: a retried request); 0 when the evidence does not say
-- @column isize_begin     i_size at submission, NULL when not traced
-- @column isize_end       i_size at completion, NULL when not traced
-- @column submit_pid      the task that began it
-- @column submit_comm     its name
-- @column submit_cpu      its CPU at the begin
-- @column complete_pid    the task that traced the completion (async: a kworker, or the task an
--   interrupt hit); NULL without completion
-- @column complete_comm   its name
-- @column complete_cpu    its CPU at the completion
-- @column begin_line      the begin event
-- @column begin_ts        its timestamp
-- @column queued_ts       when the submitting task returned with the I/O in flight (iomap's
--   iomap_dio_rw_queued); NULL when not traced
-- @column complete_line   the completion event paired with it; NULL when none was
-- @column complete_ts     its timestamp
-- @column end_event_line  the event that ended an attempt that never completed: the failed
--   invalidation of a 'fallback', the task's next begin of an 'aborted' attempt, the unexpected
--   next event of an 'unclear' one; NULL otherwise
-- @column end_event_ts    its timestamp
-- @column end_io_line     the event that shows every bio of the attempt had completed (the
--   filesystem's end_io); NULL when none is traced or no completion was paired
-- @column end_io_ts       its timestamp: the write's data was on the disk by then
-- @column aio             an asynchronous request: the iocb is not synchronous (iomap's aio), or,
--   where the evidence does not trace that, the completion ran in another task or context
-- @column nowait          a NOWAIT attempt (IOCB_NOWAIT: it returns -EAGAIN rather than block)
-- @column flags           the iocb flags as traced; NULL when not traced
-- @column dio_flags       the iomap dio flags as traced; NULL when not traced
-- @column ret             bytes written or read, or a negative errno, as the completion says;
--   NULL when not traced
-- @column error           the completion's error; NULL when not traced
-- @column fate            what the submitting task's next event of the evidence says became of it:
--   'inline'    it completed before the task returned (that event is its completion)
--   'queued'    still in flight when the task returned: its completion is looked for first in,
--               first out among the completions of its range
--   'open'      the task traced nothing more (the trace or its segment ended): as 'queued'
--   'fallback'  the pre-write invalidation failed (iomap_dio_invalidate_fail) and the filesystem
--               fell back to buffered I/O
--   'aborted'   a NOWAIT attempt followed directly by the task's next begin: it returned -EAGAIN
--               before submitting anything
--   'unclear'   the task's next event is none of these: as 'queued', and taken as aborted if no
--               completion pairs with it
-- @column invalidation_before_complete  where the post-write invalidation of the written range
--   (kiocb_invalidate_post_direct_write, in the completing task) shows against the completion
--   event: true when it runs before the completion is traced (iomap_dio_complete is traced last,
--   after it), false when the completion event comes first and the invalidation right after it
--   (xfs_end_io_direct_write, the iomap_dio_complete function entry)
CREATE OR REPLACE TABLE dio_attempts
(
    evidence VARCHAR NOT NULL CHECK (evidence IN ('iomap', 'xfs', 'ftrace', 'block')),
    trace_id INTEGER NOT NULL,
    segment BIGINT NOT NULL,
    direction VARCHAR CHECK (direction IN ('write', 'read')),
    direction_from VARCHAR CHECK ((direction IS NULL) = (direction_from IS NULL)),
    dev VARCHAR,
    ino BIGINT,
    pos BIGINT,
    len BIGINT,
    done_before BIGINT,
    isize_begin BIGINT,
    isize_end BIGINT,
    submit_pid INTEGER,
    submit_comm VARCHAR,
    submit_cpu INTEGER,
    complete_pid INTEGER,
    complete_comm VARCHAR,
    complete_cpu INTEGER,
    begin_line BIGINT NOT NULL,
    begin_ts BIGINT NOT NULL,
    queued_ts BIGINT,
    complete_line BIGINT,
    complete_ts BIGINT,
    end_event_line BIGINT,
    end_event_ts BIGINT,
    end_io_line BIGINT,
    end_io_ts BIGINT,
    aio BOOLEAN,
    nowait BOOLEAN,
    flags VARCHAR,
    dio_flags VARCHAR,
    ret BIGINT,
    error INTEGER,
    fate VARCHAR NOT NULL CHECK (fate IN ('inline', 'queued', 'open', 'fallback', 'aborted', 'unclear')),
    invalidation_before_complete BOOLEAN NOT NULL
);

-- @table dio_orphan_completions
--   Completions whose begin is not in the trace (it was overwritten before the trace was read, or
--   lost with some CPU's events: trace_gaps), filled by the evidence files like dio_attempts.
-- @column trace_id  traces.trace_id
-- @column segment   trace_segments.segment
-- @column line      the completion event
-- @column ts        its timestamp
-- @column pid       the task that traced it
-- @column comm      its name
-- @column dev       device, NULL when the evidence does not name it
-- @column ino       inode, NULL when the evidence does not name it
-- @column pos       the start of the I/O as the completion tells it, NULL when it does not
-- @column ret       bytes done or a negative errno, NULL when not traced
-- @column evidence  the evidence file that found it
CREATE OR REPLACE TABLE dio_orphan_completions
(
    trace_id INTEGER NOT NULL,
    segment BIGINT NOT NULL,
    line BIGINT NOT NULL,
    ts BIGINT NOT NULL,
    pid INTEGER,
    comm VARCHAR,
    dev VARCHAR,
    ino BIGINT,
    pos BIGINT,
    ret BIGINT,
    evidence VARCHAR NOT NULL CHECK (evidence IN ('iomap', 'xfs', 'ftrace', 'block'))
);
