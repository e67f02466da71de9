-- file_events: the events that touch a byte range of a file, with what they mean (kind) and the
-- range they touch. These are what can conflict with a direct I/O window.
--   cache-fill      mm_filemap_add_to_page_cache: a folio was read (or created) into the cache
--   cache-remove    mm_filemap_delete_from_page_cache
--   mmap-fault      mm_filemap_fault, mm_filemap_map_pages: a task touched a mapped page
--   mmap-store      iomap_iter with WRITE|FAULT: page_mkwrite, an mmap store dirties the page
--                   (a 6.1 walk at pos 0 is one row from its start, see below)
--   page-dirtied    writeback_dirty_folio / writeback_dirty_page
--   buffered-write  xfs_file_buffered_write, ext4_write_begin, ext4_da_write_begin,
--                   iomap_iter with WRITE and neither DIRECT nor FAULT
--   buffered-read   xfs_file_buffered_read, mm_filemap_get_pages, ext4_read_folio
--   folio-release   iomap_release_folio, iomap_invalidate_folio (an attempt to drop a folio)
--   space-op        xfs_free/zero/collapse/insert_file_space (no range: the whole file),
--                   ext4_punch_hole/zero_range/collapse_range/insert_range (their range),
--                   ext4_fallocate_enter with PUNCH_HOLE/ZERO_RANGE/COLLAPSE/INSERT,
--                   ext4_truncate_enter (whole file)
--   space-effect    xfs_itruncate_extents_start (extents from pos, the new size, to the end are freed)
-- Columns: trace_id, line, ts, pid, comm, event, kind, dev, ino, pos, len, end_pos, flags, map_line
-- (the line of the iter that printed the mapped range, when that is not `line` itself: only on a
-- 6.1 page_mkwrite walk at pos 0, below; NULL on every other row).
--
-- page_mkwrite walks (mmap-store). iomap_iter is traced from iomap_iter() with pos = iter->pos and
-- length = iomap_length(iter) = min(iter->len, iomap.offset + iomap.length - pos) in u64; a walk over
-- one folio calls iomap_iter() twice. The first call (the walk's start) sees an empty iomap, so the
-- length printed is 0 at pos 0 and the folio's length L at any pos P > 0 (0 - P wraps). The second
-- call comes after the folio was made writable and dirtied, and what it prints depends on the kernel:
--   6.1   traces after ->iomap_end and before advancing: (P, L) again; a walk at pos 0 is
--         (0, 0) then (0, L)                  [k61-xfs-mmap-overlap lines 3110, 3112]
--   6.18  traces on entry, the body having advanced pos already: (P + L, 0); a walk at pos 0 is
--         (0, 0) then (L, 0)                  [xfs-mmap-overlap lines 777, 779]
-- A WRITE|FAULT iter with a length is an mmap store (the start, or on 6.1 also the end of a walk at
-- P > 0, kept as two rows). The start that has no length is a 6.1 walk at pos 0, told from the
-- event order, not a kernel version: a zero-length WRITE|FAULT iter at pos 0 whose task's next
-- iomap_iter is a WRITE|FAULT iter of the same file at pos 0 with a length. That pair is one row:
-- ts and line of the start (the store began there, even if it mapped after a window closed),
-- range of the second, its line in map_line. On 6.18 neither zero-length iter pairs: the one at
-- pos 0 is followed by (L, 0), and one at pos > 0 is an end (followed by the next walk's start at
-- the same pos, which is why pos must be 0). Not handled: a 6.18 walk at pos 0 prints no length
-- at all, (0, 0) then (L, 0), and is not an mmap-store row.
CREATE OR REPLACE TABLE file_events AS
SELECT trace_id, line, ts, pid, comm, event, kind, dev, ino, pos, len, pos + len AS end_pos, flags, map_line
FROM (
    SELECT *,
        CASE
            WHEN event = 'mm_filemap_add_to_page_cache' THEN 'cache-fill'
            WHEN event = 'mm_filemap_delete_from_page_cache' THEN 'cache-remove'
            WHEN event IN ('mm_filemap_fault', 'mm_filemap_map_pages') THEN 'mmap-fault'
            WHEN event = 'iomap_iter' AND flags LIKE '%WRITE%' AND flags LIKE '%FAULT%' THEN 'mmap-store'
            WHEN event = 'iomap_iter' AND flags LIKE '%WRITE%' AND flags NOT LIKE '%DIRECT%' THEN 'buffered-write'
            WHEN event IN ('writeback_dirty_folio', 'writeback_dirty_page') THEN 'page-dirtied'
            WHEN event IN ('xfs_file_buffered_write', 'ext4_write_begin', 'ext4_da_write_begin') THEN 'buffered-write'
            WHEN event IN ('xfs_file_buffered_read', 'mm_filemap_get_pages', 'ext4_read_folio', 'ext4_readpage')
                THEN 'buffered-read'
            WHEN event IN ('iomap_release_folio', 'iomap_invalidate_folio') THEN 'folio-release'
            WHEN event IN ('xfs_free_file_space', 'xfs_zero_file_space', 'xfs_collapse_file_space',
                           'xfs_insert_file_space', 'ext4_punch_hole', 'ext4_zero_range', 'ext4_collapse_range',
                           'ext4_insert_range', 'ext4_truncate_enter') THEN 'space-op'
            WHEN event = 'ext4_fallocate_enter' AND regexp_matches(flags, 'PUNCH_HOLE|ZERO_RANGE|COLLAPSE|INSERT')
                THEN 'space-op'
            WHEN event = 'xfs_itruncate_extents_start' THEN 'space-effect'
        END AS kind
    FROM (
        SELECT trace_id, line, ts, pid, comm, event, dev, ino, flags,
            -- a space operation that prints no range covers the whole file, and a truncate of
            -- extents everything from the new size on
            CASE WHEN event IN ('xfs_free_file_space', 'xfs_zero_file_space', 'xfs_collapse_file_space',
                                'xfs_insert_file_space', 'ext4_truncate_enter') THEN 0
                 ELSE pos END AS pos,
            CASE WHEN event IN ('xfs_free_file_space', 'xfs_zero_file_space', 'xfs_collapse_file_space',
                                'xfs_insert_file_space', 'ext4_truncate_enter', 'xfs_itruncate_extents_start')
                     THEN 4611686018427387904 - coalesce(CASE WHEN event = 'xfs_itruncate_extents_start' THEN pos END, 0)
                 ELSE len END AS len,
            NULL::BIGINT AS map_line
        FROM events
        WHERE event IN ('mm_filemap_add_to_page_cache', 'mm_filemap_delete_from_page_cache', 'mm_filemap_fault',
                        'mm_filemap_map_pages', 'writeback_dirty_folio', 'writeback_dirty_page',
                        'xfs_file_buffered_write', 'ext4_write_begin', 'ext4_da_write_begin',
                        'xfs_file_buffered_read', 'mm_filemap_get_pages', 'ext4_read_folio', 'ext4_readpage',
                        'iomap_release_folio', 'iomap_invalidate_folio', 'xfs_free_file_space',
                        'xfs_zero_file_space', 'xfs_collapse_file_space', 'xfs_insert_file_space',
                        'ext4_punch_hole', 'ext4_zero_range', 'ext4_collapse_range', 'ext4_insert_range',
                        'ext4_truncate_enter', 'ext4_fallocate_enter', 'xfs_itruncate_extents_start')
          AND ino IS NOT NULL
        UNION ALL
        -- iomap_iter, with a 6.1 page_mkwrite walk at pos 0 made one row (see the header): its start
        -- takes the range and line of the task's next iter, which is dropped
        SELECT trace_id, line, ts, pid, comm, event, dev, ino, flags, pos,
            CASE WHEN starts_walk THEN next_len ELSE len END AS len,
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
)
-- iomap_iter is also traced with length 0 around each mapping (above); the rows with a length are
-- the ones that map (and dirty, for a fault) the range
WHERE kind IS NOT NULL AND pos IS NOT NULL AND len IS NOT NULL AND len > 0;
