-- The model's and the rules' shared vocabulary: one macro per idea, each documented like a
-- function (arguments, result, why). Every later step and every rule may name these; nothing
-- else is shared between SQL files. (A DuckDB macro is inlined where it is used: it costs nothing.)
-- They are TEMP: they live in dioscope's session, not in the database file. DuckDB's EXPORT
-- DATABASE writes a file's macros in name order (the order a reopened file's catalog has), and
-- CREATE MACRO checks that every macro it calls exists, so persistent macros calling later-named
-- ones (byte_range -> hexoff, bucket_width -> to_eof) made a user's IMPORT DATABASE fail
-- ("Scalar Function with name to_eof does not exist"). The file keeps the tables, the view
-- finding_details and schema.sql's arg()/args(), which call no macro.

-- ---------------------------------------------------------------------------------------------
-- Named constants
-- ---------------------------------------------------------------------------------------------

-- never() -> BIGINT 9223372036854775807 (BIGINT max)
--   Later than any line number or timestamp: the stand-in for "no such later line/time" in
--   comparisons, e.g. `c.line < coalesce(w.next_complete_line, never())` (no next completion:
--   every later line qualifies) or `coalesce(removed_ts, never())` (never removed from the cache).
CREATE OR REPLACE TEMP MACRO never() AS 9223372036854775807::BIGINT;

-- to_eof() -> BIGINT 4611686018427387904 (2^62)
--   The length of a range that runs to the end of any file (a whole-file space operation, a
--   truncate from the new size on). 2^62 and not BIGINT max so that pos + to_eof() cannot
--   overflow for any file position (< 2^62 on every Linux filesystem: s_maxbytes <= 2^63 - 1 and
--   in practice 2^44-2^63; offsets in these traces stay far below 2^62).
CREATE OR REPLACE TEMP MACRO to_eof() AS 4611686018427387904::BIGINT;

-- ---------------------------------------------------------------------------------------------
-- What a window's outcome means
-- ---------------------------------------------------------------------------------------------

-- submitted(outcome) -> BOOLEAN
--   The window submitted I/O to the device and its end is known or is the trace's end: outcome
--   'completed', 'short', 'error' or 'in-flight-at-end' (dio_windows.outcome). These are the
--   windows that can race: an 'aborted' or 'fallback' attempt wrote nothing directly, and a
--   'completion-lost' one has no known end, so nothing can be said to happen "during" it.
CREATE OR REPLACE TEMP MACRO submitted(outcome) AS outcome IN ('completed', 'short', 'error', 'in-flight-at-end');

-- ---------------------------------------------------------------------------------------------
-- Sentences: helpers the rules use to write their one-sentence explanations
-- ---------------------------------------------------------------------------------------------

CREATE OR REPLACE TEMP MACRO hexoff(x) AS '0x' || lower(hex(x));
-- [0x0, 0x10000)
CREATE OR REPLACE TEMP MACRO byte_range(pos, end_pos) AS '[' || hexoff(pos) || ', ' || hexoff(end_pos) || ')';
-- 4195.963600: the trace clock in seconds, as ftrace prints it
CREATE OR REPLACE TEMP MACRO secs(ts) AS printf('%d.%06d', ts // 1000000000, (ts % 1000000000) // 1000);
-- dioscen (27198)
CREATE OR REPLACE TEMP MACRO task(comm, pid) AS comm || ' (' || pid || ')';
-- task_list(comm, pid) -> VARCHAR, an aggregate: the distinct tasks of a group as
--   'fio (27684), fio (27685)', sorted, so that a message reads the same on every run
CREATE OR REPLACE TEMP MACRO task_list(comm, pid) AS string_agg(DISTINCT task(comm, pid), ', ' ORDER BY task(comm, pid));
-- 1 page / 16 pages
-- kernel_thread(comm) -> BOOLEAN: the task is one of the kernel's I/O threads, which never queue an
-- application's direct write: workqueues and the flusher (kworker/, flush-), the journal threads
-- (jbd2/ of ext4, kjournald of ext3), XFS's AIL (xfsaild/; its log and buffer workqueues run in
-- kworkers), btrfs's (btrfs-transaction, btrfs-cleaner, ...), loop, md and device-mapper threads
-- (loop0, md0_raid1, kdmflush, dmcrypt_write), kswapd; NULL when the trace does not name the task.
-- Names of user tools stay out of it: xfs_io, btrfs, md5sum are applications. (A public blkparse of
-- ext4 shows jbd2's journal commits as 'WS' writes: src/test/resources/blkparse/public/.)
CREATE OR REPLACE TEMP MACRO kernel_thread(comm) AS regexp_matches(comm,
    '^(kworker/|flush-|jbd2/|kjournald|xfsaild/|btrfs-|loop[0-9]+$|md[0-9]+_|kdmflush|dmcrypt_|kswapd|ksoftirqd/|swapper)');
CREATE OR REPLACE TEMP MACRO plural(n, word) AS n || ' ' || word || CASE WHEN n = 1 THEN '' ELSE 's' END;
-- 56 us, 1.2 ms
CREATE OR REPLACE TEMP MACRO duration(ns) AS CASE
    WHEN ns >= 1000000000 THEN printf('%.2f s', ns / 1e9)
    WHEN ns >= 1000000 THEN printf('%.2f ms', ns / 1e6)
    ELSE printf('%d us', ns // 1000) END;
-- page indexes a byte range covers, as text: 'page 3' or 'pages 0-15' (page_size: the trace's,
-- dio_windows.page_size)
CREATE OR REPLACE TEMP MACRO page_span(pos, end_pos, page_size) AS CASE
    WHEN (end_pos - 1) // page_size = pos // page_size THEN 'page ' || (pos // page_size)
    ELSE 'pages ' || (pos // page_size) || '-' || ((end_pos - 1) // page_size) END;
-- page_bytes(traces.page_size) -> BIGINT: the trace's page size; a trace loaded before dioscope kept
-- it (NULL) was decoded with 4096
CREATE OR REPLACE TEMP MACRO page_bytes(stored) AS coalesce(stored, 4096);

-- window_subject(w) -> VARCHAR, e.g. 'direct write [0x0, 0x10000) of inode 131 on 7:0 by fio (27198)',
--   or, where the recording mapped the file (dio_windows.path), 'direct write [0x0, 0x10000) of
--   /mnt/scratch/f (inode 131 on 7:0) by fio (27198)'
--   w: a dio_windows row (write `window_subject(w)` with `dio_windows w` in FROM). How every
--   finding names its window, so that all rules say it the same way; starts in lower case (use
--   sentence_case() at the start of a sentence).
CREATE OR REPLACE TEMP MACRO window_subject(w) AS
    'direct ' || w.direction || ' ' || byte_range(w.pos, w.end_pos) || ' of '
    || CASE WHEN w.path IS NULL THEN 'inode ' || w.ino || ' on ' || w.dev
            ELSE w.path || ' (inode ' || w.ino || ' on ' || w.dev || ')' END
    || ' by ' || task(w.submit_comm, w.submit_pid);
-- sentence_case(s) -> VARCHAR: s with its first letter in upper case ('direct write' -> 'Direct write')
CREATE OR REPLACE TEMP MACRO sentence_case(s) AS upper(s[1]) || s[2:];
-- sync_word(aio) -> 'Async' or 'Sync': how a message says whether the window was asynchronous
CREATE OR REPLACE TEMP MACRO sync_word(aio) AS CASE WHEN aio THEN 'Async' ELSE 'Sync' END;

-- ---------------------------------------------------------------------------------------------
-- Joins
-- ---------------------------------------------------------------------------------------------

-- interval_point_candidates(intervals, points) -> TABLE (trace_id, interval_id, point_id)
--   intervals: name of a table of (trace_id, key, id, begin_ts, end_ts, pos, end_pos): something
--   in flight from begin_ts to end_ts on bytes [pos, end_pos) of the file `key` (a window);
--   points: name of a table of (trace_id, key, id, ts, pos, end_pos): something that happened at
--   ts to bytes [pos, end_pos) of the file `key` (an event, another window's begin). Returns the
--   pairs with the same trace_id and key, begin_ts <= ts <= end_ts and overlapping bytes, each
--   exactly once; the caller applies the rest of its condition (strictly inside or not, same
--   device, same segment) to these candidates. Both conditions are checked inside the join: with
--   the bucket match alone, the corpus fio trace hands out 10 M pairs for 30 k conflicts.
--   Why: joining on the key and filtering the time inequalities makes DuckDB compare every interval
--   of a key with every point of that key, which explodes when one file has tens of thousands of
--   windows. Instead the time axis is cut into buckets of ~4x the trace's median interval length; an
--   interval is listed in each bucket it spans and a point in its own, so an interval meets only
--   the points of the few buckets it spans. An interval much longer than the median (one left open,
--   or paired where the trace lost events) would be listed in as many buckets as it is long (a write
--   open for 1e5 s among windows of 200 us: 2.5e8 rows), so buckets come in levels, each
--   bucket_fan() times wider than the one below: an interval is listed at the lowest level where it
--   spans at most bucket_fan() + 1 buckets, and the points of a key at each level one of its
--   intervals uses. An interval is listed in at most bucket_fan() + 1 rows whatever its length or
--   the gaps of the trace, and meets the points of the buckets it spans: above level 0 a bucket is
--   at most 8/7 of the interval's length, so together they cover at most ~3.3 times the interval.
--   Memory and time grow with the intervals and points, not with how long the trace is.
CREATE OR REPLACE TEMP MACRO bucket_fan() AS 8;
-- bucket width at a level: base * fan^level, kept under to_eof() (so a level always exists)
CREATE OR REPLACE TEMP MACRO bucket_width(base, level) AS
    least(base::DOUBLE * pow(bucket_fan(), level), to_eof())::BIGINT;
-- interval_buckets(intervals) -> TABLE (trace_id, key, id, begin_ts, end_ts, pos, end_pos, width, level, bucket): the buckets each
--   interval is listed in (at most bucket_fan() + 1 rows per interval, all at its level); width
--   is the trace's level-0 bucket width
CREATE OR REPLACE TEMP MACRO interval_buckets(intervals) AS TABLE
WITH base AS (
    SELECT trace_id, greatest(1000, (4 * coalesce(median(end_ts - begin_ts), 1000000))::BIGINT) AS width
    FROM query_table(intervals) GROUP BY trace_id
),
leveled AS (
    SELECT i.trace_id, i.key, i.id, i.begin_ts, i.end_ts, i.pos, i.end_pos, b.width,
        -- the lowest level at which it spans at most bucket_fan() + 1 buckets (level 0 for nearly all)
        CASE WHEN i.end_ts // b.width - i.begin_ts // b.width <= bucket_fan() THEN 0
             ELSE list_position(list_transform(range(1, 30), lambda l:
                      i.end_ts // bucket_width(b.width, l) - i.begin_ts // bucket_width(b.width, l) <= bucket_fan()),
                  true)
        END AS level
    FROM query_table(intervals) i JOIN base b USING (trace_id)
)
SELECT trace_id, key, id, begin_ts, end_ts, pos, end_pos, width, level, unnest(range(begin_ts // bw, end_ts // bw + 1)) AS bucket
FROM (SELECT *, bucket_width(width, level) AS bw FROM leveled);
CREATE OR REPLACE TEMP MACRO interval_point_candidates(intervals, points) AS TABLE
WITH spans AS MATERIALIZED (
    FROM interval_buckets(intervals)
),
levels AS (
    SELECT DISTINCT trace_id, key, level, width FROM spans
),
keyed AS (
    SELECT p.trace_id, p.key, p.id, p.ts, p.pos, p.end_pos, l.level, p.ts // bucket_width(l.width, l.level) AS bucket
    FROM query_table(points) p
    JOIN levels l ON l.trace_id = p.trace_id AND l.key = p.key
)
SELECT s.trace_id, s.id AS interval_id, k.id AS point_id
FROM spans s
JOIN keyed k ON k.trace_id = s.trace_id AND k.key = s.key AND k.level = s.level AND k.bucket = s.bucket
WHERE k.ts >= s.begin_ts AND k.ts <= s.end_ts AND k.pos < s.end_pos AND k.end_pos > s.pos;

-- First in, first out pairing of begins with completions, with no loop. The argument names a
-- table of (trace_id, segment, dev, ino, pos, line, is_begin, is_complete): one row per begin or
-- completion that may pair; only rows of the same trace segment (trace_segments: never across a
-- clock reset) with the same (dev, ino, pos) pair (NULLs match NULLs: a stream whose rows name no
-- range pairs segment-wide).
-- Per key, in line order, b and c count begins and completions so far. A completion arriving when
-- every begin of its key is taken (c - b above its previous maximum) has lost its begin: the trace
-- starts after it. Otherwise the m-th such completion, m = c - (orphans so far), takes the m-th begin.
-- Materialise its result once (CREATE TEMP TABLE x_ranks AS FROM fifo_ranks('x_stream')) and read
-- the pairs and orphans from that.
CREATE OR REPLACE TEMP MACRO fifo_ranks(stream) AS TABLE
WITH counted AS (
    SELECT trace_id, segment, dev, ino, pos, line, is_begin, is_complete,
        sum(is_begin) OVER k AS b, sum(is_complete) OVER k AS c
    FROM query_table(stream)
    WINDOW k AS (PARTITION BY trace_id, segment, dev, ino, pos ORDER BY line ROWS UNBOUNDED PRECEDING)
),
balanced AS (
    SELECT *,
        greatest(0, max(c - b) OVER k) AS orphans,
        greatest(0, coalesce(max(c - b) OVER (k ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)) AS orphans_before
    FROM counted
    WINDOW k AS (PARTITION BY trace_id, segment, dev, ino, pos ORDER BY line)
)
SELECT trace_id, segment, dev, ino, pos, line, is_begin, is_complete,
       CASE WHEN is_begin = 1 THEN b END AS begin_rank,
       CASE WHEN is_complete = 1 AND orphans = orphans_before THEN c - orphans END AS complete_rank,
       is_complete = 1 AND orphans > orphans_before AS orphan
FROM balanced;

-- (trace_id, begin_line, complete_line) for every pair in a table made by fifo_ranks
CREATE OR REPLACE TEMP MACRO fifo_pairs(ranks) AS TABLE
SELECT b.trace_id, b.line AS begin_line, c.line AS complete_line
FROM query_table(ranks) b
JOIN query_table(ranks) c
  ON c.trace_id = b.trace_id AND c.segment = b.segment AND c.complete_rank = b.begin_rank
 AND c.dev IS NOT DISTINCT FROM b.dev
 AND c.ino IS NOT DISTINCT FROM b.ino AND c.pos IS NOT DISTINCT FROM b.pos
WHERE b.is_begin = 1 AND c.is_complete = 1;

-- (trace_id, line) of the completions whose begin is not in the trace, from a fifo_ranks table
CREATE OR REPLACE TEMP MACRO fifo_orphans(ranks) AS TABLE
SELECT trace_id, line FROM query_table(ranks) WHERE orphan;
