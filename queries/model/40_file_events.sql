-- @table file_events
--   The events that touch a byte range of a file, with what they mean (kind) and the range they
--   touch: what can conflict with a direct I/O window. What an event means comes from dioscope's
--   event catalog (event_types.access, when access_kinds.file_events is true for that kind; `SELECT
--   * FROM access_kinds` says what each kind means), and so does how its range reads
--   (event_types.range: 'file' covers the whole file, 'to-eof' everything from pos on). The events
--   whose kind depends on their flags (event_types.access = 'by-flags': iomap_iter,
--   ext4_fallocate_enter) are classified in one place, below. Only rows with an inode and a range
--   of at least one byte.
-- @column trace_id  traces.trace_id
-- @column line      events.line of the event
-- @column ts        events.ts
-- @column pid       events.pid
-- @column comm      events.comm
-- @column event     events.event
-- @column kind      what it means: an access_kinds.kind whose file_events is true
-- @column dev       events.dev
-- @column ino       events.ino
-- @column pos       the first byte it touches: events.pos, 0 for a whole-file event
-- @column len       the bytes it touches: events.len; to_eof() (2^62, beyond the end of any file) for a
--   whole-file event, to_eof() - pos for one to the end of the file
-- @column end_pos   pos + len
-- @column flags     events.flags
-- @column map_line  the line of the iter that printed the mapped range, when that is not `line`
--   itself: only on a 6.1 page_mkwrite walk at pos 0 (below); NULL on every other row
CREATE OR REPLACE TABLE file_events AS
WITH classified AS (
    SELECT t.event, t.access AS kind, t.range
    FROM event_types t JOIN access_kinds a ON a.kind = t.access
    WHERE a.file_events
)
SELECT trace_id, line, ts, pid, comm, event, kind, dev, ino, pos, len, pos + len AS end_pos, flags, map_line
FROM (
    -- the catalog's classification, and its range semantics
    SELECT e.trace_id, e.line, e.ts, e.pid, e.comm, e.event, c.kind, e.dev, e.ino,
        CASE c.range WHEN 'file' THEN 0 ELSE e.pos END AS pos,
        CASE c.range WHEN 'file' THEN to_eof()
                     WHEN 'to-eof' THEN to_eof() - e.pos
                     ELSE e.len END AS len,
        e.flags, NULL::BIGINT AS map_line
    FROM events e JOIN classified c USING (event)
    WHERE e.ino IS NOT NULL
    UNION ALL
    -- The events whose kind depends on their flags (event_types.access = 'by-flags'), classified
    -- here and nowhere else:
    --   ext4_fallocate_enter  space-op when its mode punches, zeroes, collapses or inserts; a plain
    --                         allocation is nothing
    --   iomap_iter            mmap-store with WRITE|FAULT (page_mkwrite: an mmap store dirties the
    --                         page; a 6.1 walk at pos 0 is one row from its start, see below),
    --                         buffered-write with WRITE and neither DIRECT nor FAULT, else nothing
    SELECT trace_id, line, ts, pid, comm, event, 'space-op' AS kind, dev, ino, pos, len, flags,
        NULL::BIGINT AS map_line
    FROM events
    WHERE event = 'ext4_fallocate_enter' AND ino IS NOT NULL
      AND regexp_matches(flags, 'PUNCH_HOLE|ZERO_RANGE|COLLAPSE|INSERT')
    UNION ALL
    -- page_mkwrite walks (mmap-store). iomap_iter is traced from iomap_iter() with pos = iter->pos and
    -- length = iomap_length(iter) = min(iter->len, iomap.offset + iomap.length - pos) in u64; a walk
    -- over one folio calls iomap_iter() twice. The first call (the walk's start) sees an empty iomap,
    -- so the length printed is 0 at pos 0 and the folio's length L at any pos P > 0 (0 - P wraps).
    -- The second call comes after the folio was made writable and dirtied, and what it prints
    -- depends on the kernel:
    --   6.1   traces after ->iomap_end and before advancing: (P, L) again; a walk at pos 0 is
    --         (0, 0) then (0, L)                  [k61-xfs-mmap-overlap lines 3110, 3112]
    --   6.18  traces on entry, the body having advanced pos already: (P + L, 0); a walk at pos 0 is
    --         (0, 0) then (L, 0)                  [xfs-mmap-overlap lines 777, 779]
    -- A WRITE|FAULT iter with a length is an mmap store (the start, or on 6.1 also the end of a walk
    -- at P > 0, kept as two rows). The start that has no length is a 6.1 walk at pos 0, told from the
    -- event order, not a kernel version: a zero-length WRITE|FAULT iter at pos 0 whose task's next
    -- iomap_iter is a WRITE|FAULT iter of the same file at pos 0 with a length. That pair is one row:
    -- ts and line of the start (the store began there, even if it mapped after a window closed),
    -- range of the second, its line in map_line. On 6.18 neither zero-length iter pairs: the one at
    -- pos 0 is followed by (L, 0), and one at pos > 0 is an end (followed by the next walk's start at
    -- the same pos, which is why pos must be 0). Not handled: a 6.18 walk at pos 0 prints no length
    -- at all, (0, 0) then (L, 0), and is not an mmap-store row. iomap_iter is also traced with
    -- length 0 around each mapping: the rows with a length are the ones that map (and dirty, for a
    -- fault) the range.
    SELECT trace_id, line, ts, pid, comm, event,
        CASE WHEN fault THEN 'mmap-store'
             WHEN flags LIKE '%WRITE%' AND flags NOT LIKE '%DIRECT%' THEN 'buffered-write' END AS kind,
        dev, ino, pos,
        CASE WHEN starts_walk THEN next_len ELSE len END AS len,
        flags,
        CASE WHEN starts_walk THEN next_line END AS map_line
    FROM (
        SELECT *,
            coalesce(fault AND pos = 0 AND len = 0 AND next_fault AND next_dev = dev AND next_ino = ino
                     AND next_pos = 0 AND next_len > 0, false) AS starts_walk,
            coalesce(fault AND pos = 0 AND len > 0 AND prev_fault AND prev_dev = dev AND prev_ino = ino
                     AND prev_pos = 0 AND prev_len = 0, false) AS maps_walk
        FROM (
            SELECT trace_id, line, ts, pid, comm, event, dev, ino, flags, pos, len,
                flags LIKE '%WRITE%' AND flags LIKE '%FAULT%' AS fault,
                lead(line) OVER task AS next_line, lead(dev) OVER task AS next_dev,
                lead(ino) OVER task AS next_ino, lead(pos) OVER task AS next_pos,
                lead(len) OVER task AS next_len,
                lead(flags LIKE '%WRITE%' AND flags LIKE '%FAULT%') OVER task AS next_fault,
                lag(dev) OVER task AS prev_dev, lag(ino) OVER task AS prev_ino,
                lag(pos) OVER task AS prev_pos, lag(len) OVER task AS prev_len,
                lag(flags LIKE '%WRITE%' AND flags LIKE '%FAULT%') OVER task AS prev_fault
            FROM events
            WHERE event = 'iomap_iter' AND ino IS NOT NULL
            WINDOW task AS (PARTITION BY trace_id, pid ORDER BY line)
        )
    )
    WHERE NOT maps_walk
)
WHERE kind IS NOT NULL AND pos IS NOT NULL AND len IS NOT NULL AND len > 0;
