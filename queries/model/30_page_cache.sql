-- @table page_cache_residency
--   When each folio was in the page cache. A folio enters with mm_filemap_add_to_page_cache and
--   leaves with mm_filemap_delete_from_page_cache of the same (dev, ino, ofs, pfn), in the same
--   trace segment (trace_segments: not across a clock reset).
-- @column trace_id      traces.trace_id
-- @column dev           the file's device
-- @column ino           its inode
-- @column pos           the folio's first byte in the file (ofs)
-- @column len           its length (PAGE_SIZE << order: dio_windows.page_size)
-- @column end_pos       pos + len
-- @column pfn           its page frame
-- @column added_line    the line that added it; NULL (with the other added_ columns) when it was
--   cached before the trace started (only its removal is traced)
-- @column added_ts      ...its timestamp
-- @column added_pid     ...the task that added it
-- @column added_comm    ...its name
-- @column removed_line  the line that removed it; NULL (with the other removed_ columns) when it
--   was still cached when the trace ended
-- @column removed_ts    ...its timestamp
-- @column removed_pid   ...the task that removed it
-- @column removed_comm  ...its name
CREATE OR REPLACE TABLE page_cache_residency AS
WITH ev AS (
    SELECT e.trace_id, s.segment, line, ts, pid, comm, dev, ino, pos, len, pfn,
           event = 'mm_filemap_add_to_page_cache' AS is_add
    FROM events e
    JOIN trace_segments s ON s.trace_id = e.trace_id AND e.line BETWEEN s.first_line AND s.last_line
    WHERE event IN ('mm_filemap_add_to_page_cache', 'mm_filemap_delete_from_page_cache')
),
seq AS (
    SELECT *,
        lead(is_add) OVER f AS next_is_add, lead(line) OVER f AS next_line, lead(ts) OVER f AS next_ts,
        lead(pid) OVER f AS next_pid, lead(comm) OVER f AS next_comm,
        lag(is_add) OVER f AS prev_is_add
    FROM ev
    WINDOW f AS (PARTITION BY trace_id, segment, dev, ino, pos, pfn ORDER BY line)
)
SELECT trace_id, dev, ino, pos, len, pos + len AS end_pos, pfn,
       line AS added_line, ts AS added_ts, pid AS added_pid, comm AS added_comm,
       CASE WHEN next_is_add = false THEN next_line END AS removed_line,
       CASE WHEN next_is_add = false THEN next_ts END AS removed_ts,
       CASE WHEN next_is_add = false THEN next_pid END AS removed_pid,
       CASE WHEN next_is_add = false THEN next_comm END AS removed_comm
-- a folio cannot enter the cache twice without leaving it: an add followed by another add of the
-- same folio is a duplicate record (perf script can repeat a sample), and the later one stands
FROM seq WHERE is_add AND coalesce(next_is_add, false) = false
UNION ALL
-- removals with no add before them: cached since before the trace
SELECT trace_id, dev, ino, pos, len, pos + len, pfn, NULL, NULL, NULL, NULL, line, ts, pid, comm
FROM seq WHERE NOT is_add AND coalesce(prev_is_add, false) = false;
