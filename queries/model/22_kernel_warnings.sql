-- @table kernel_message_catalog
--   The kernel's own messages about direct I/O and page-cache coherency. This is the one place
--   that knows them: add a row here and its messages become evidence (table kernel_warnings, rule
--   kernel-dio-coherency-warning, and the 'confirmed_by' of every finding on the same window).
-- @column message_id           short name, used as the finding's evidence
-- @column prefix               the console message starts with this (printk:console events)
-- @column continuation_prefix  the same task's next console line that belongs to the same warning
-- @column printed_by           'completer': printed during the post-write invalidation by the task
--   that completes the write; 'submitter': printed while the direct I/O is submitted
-- @column meaning              what it says about the data, for the finding's sentence
-- @column source               where the kernel prints it
CREATE OR REPLACE TABLE kernel_message_catalog AS
SELECT * FROM (VALUES
    ('page-cache-invalidation-failure',
     'Page cache invalidation failure on direct I/O',
     'File: ',
     'completer',
     'the post-write invalidation could not drop a cached page of the range (dirty, or mapped and '
         || 'busy): the cache keeps data the direct write replaced, and its writeback can overwrite the '
         || 'write on disk; the kernel also records -EIO for the next fsync',
     'mm/truncate.c dio_warn_stale_pagecache(), called by kiocb_invalidate_post_direct_write(); '
         || 'pr_crit, at most 10 a day per boot'),
    ('dio-collision-with-buffered-write',
     'Direct I/O collision with buffered writes!',
     NULL,
     'submitter',
     'an mmap store reserved a delayed-allocation block inside the range after the direct I/O had '
         || 'flushed it and before it was mapped: the direct I/O fails with -EIO (on 6.18 XFS a direct write '
         || 'allocates over such blocks instead, so it is a direct read that meets it)',
     'fs/iomap/direct-io.c iomap_dio_iter(), IOMAP_DELALLOC case; pr_warn_ratelimited')
) AS t(message_id, prefix, continuation_prefix, printed_by, meaning, source);

-- @table kernel_warnings
--   Every catalogued message in the traces, with the direct-I/O window it is about.
-- @column trace_id           traces.trace_id
-- @column line               the message's line
-- @column ts                 its timestamp
-- @column pid                the printing task
-- @column comm               ...its name
-- @column message_id         kernel_message_catalog.message_id
-- @column message            the console text
-- @column continuation_line  the line of its continuation (the 'File: ...' line), if any
-- @column window_id          the write it is about, NULL when the trace does not hold that write:
--   'completer' messages: the completion of the printing task that the invalidation belongs to.
--   With iomap evidence (iomap_dio_complete is traced last in iomap_dio_complete(), after
--   kiocb_invalidate_post_direct_write) that is the task's next completion; with xfs or ftrace
--   evidence (xfs_end_io_direct_write and the iomap_dio_complete function entry come before the
--   invalidation) its previous one. 'submitter' messages: the printing task's latest direct I/O
--   (read or write) begun before it and not yet ended.
CREATE OR REPLACE TABLE kernel_warnings AS
WITH console AS (
    SELECT trace_id, line, ts, pid, comm, message,
           lead(line) OVER t AS next_line, lead(message) OVER t AS next_message
    FROM events WHERE event = 'console'
    WINDOW t AS (PARTITION BY trace_id, pid ORDER BY line)
),
printed AS (
    SELECT c.trace_id, s.segment, c.line, c.ts, c.pid, c.comm, k.message_id, c.message, k.printed_by,
           CASE WHEN starts_with(c.next_message, k.continuation_prefix) THEN c.next_line END AS continuation_line
    FROM console c
    JOIN kernel_message_catalog k ON starts_with(ltrim(c.message), k.prefix)
    -- a warning belongs to a write of its own boot (trace_segments: the file's clock resets)
    JOIN trace_segments s ON s.trace_id = c.trace_id AND c.line BETWEEN s.first_line AND s.last_line
),
-- a completion's invalidation runs before its completion event when invalidation_before_complete
-- (iomap evidence), else right after it
completions AS (
    SELECT trace_id, segment, complete_pid AS pid, complete_line AS line, window_id, invalidation_before_complete
    FROM dio_windows WHERE complete_line IS NOT NULL
),
submissions AS (
    SELECT trace_id, segment, submit_pid AS pid, begin_line AS line, window_id,
           coalesce(complete_line, end_event_line) AS end_line
    FROM dio_windows
),
placed AS (
    SELECT p.*, nx.window_id AS next_window, nx.invalidation_before_complete AS next_invalidates_before,
           pv.window_id AS prev_window, pv.invalidation_before_complete AS prev_invalidates_before
    FROM printed p
    ASOF LEFT JOIN completions nx ON nx.trace_id = p.trace_id AND nx.segment = p.segment AND nx.pid = p.pid
        AND p.line < nx.line
    ASOF LEFT JOIN completions pv ON pv.trace_id = p.trace_id AND pv.segment = p.segment AND pv.pid = p.pid
        AND p.line > pv.line
)
SELECT p.trace_id, p.line, p.ts, p.pid, p.comm, p.message_id, p.message, p.continuation_line,
    CASE
        WHEN p.printed_by = 'completer' AND p.next_invalidates_before THEN p.next_window
        WHEN p.printed_by = 'completer' AND NOT p.prev_invalidates_before THEN p.prev_window
        WHEN p.printed_by = 'submitter' AND coalesce(s.end_line > p.line, true) THEN s.window_id
    END AS window_id
FROM placed p
ASOF LEFT JOIN submissions s ON s.trace_id = p.trace_id AND s.segment = p.segment AND s.pid = p.pid
    AND p.line > s.line;
