-- Helpers the rules use to write their one-sentence explanations (and you may use in queries).
CREATE OR REPLACE MACRO hexoff(x) AS '0x' || lower(hex(x));
-- [0x0, 0x10000)
CREATE OR REPLACE MACRO byte_range(pos, end_pos) AS '[' || hexoff(pos) || ', ' || hexoff(end_pos) || ')';
-- 4195.963600: the trace clock in seconds, as ftrace prints it
CREATE OR REPLACE MACRO secs(ts) AS printf('%d.%06d', ts // 1000000000, (ts % 1000000000) // 1000);
-- dioscen (27198)
CREATE OR REPLACE MACRO task(comm, pid) AS comm || ' (' || pid || ')';
-- 1 page / 16 pages
CREATE OR REPLACE MACRO plural(n, word) AS n || ' ' || word || CASE WHEN n = 1 THEN '' ELSE 's' END;
-- 56 us, 1.2 ms
CREATE OR REPLACE MACRO duration(ns) AS CASE
    WHEN ns >= 1000000000 THEN printf('%.2f s', ns / 1e9)
    WHEN ns >= 1000000 THEN printf('%.2f ms', ns / 1e6)
    ELSE printf('%d us', ns // 1000) END;
-- page indexes a byte range covers, as text: 'page 3' or 'pages 0-15'
CREATE OR REPLACE MACRO page_span(pos, end_pos) AS CASE
    WHEN (end_pos - 1) // 4096 = pos // 4096 THEN 'page ' || (pos // 4096)
    ELSE 'pages ' || (pos // 4096) || '-' || ((end_pos - 1) // 4096) END;

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
CREATE OR REPLACE MACRO fifo_ranks(stream) AS TABLE
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
CREATE OR REPLACE MACRO fifo_pairs(ranks) AS TABLE
SELECT b.trace_id, b.line AS begin_line, c.line AS complete_line
FROM query_table(ranks) b
JOIN query_table(ranks) c
  ON c.trace_id = b.trace_id AND c.segment = b.segment AND c.complete_rank = b.begin_rank
 AND c.dev IS NOT DISTINCT FROM b.dev
 AND c.ino IS NOT DISTINCT FROM b.ino AND c.pos IS NOT DISTINCT FROM b.pos
WHERE b.is_begin = 1 AND c.is_complete = 1;

-- (trace_id, line) of the completions whose begin is not in the trace, from a fifo_ranks table
CREATE OR REPLACE MACRO fifo_orphans(ranks) AS TABLE
SELECT trace_id, line FROM query_table(ranks) WHERE orphan;
