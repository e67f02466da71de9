-- file_events: the events that touch a byte range of a file, with what they mean (kind) and the
-- range they touch. These are what can conflict with a direct I/O window.
--   cache-fill      mm_filemap_add_to_page_cache: a folio was read (or created) into the cache
--   cache-remove    mm_filemap_delete_from_page_cache
--   mmap-fault      mm_filemap_fault, mm_filemap_map_pages: a task touched a mapped page
--   mmap-store      iomap_iter with WRITE|FAULT: page_mkwrite, an mmap store dirties the page
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
-- Columns: trace_id, line, ts, pid, comm, event, kind, dev, ino, pos, len, end_pos, flags.
CREATE OR REPLACE TABLE file_events AS
SELECT trace_id, line, ts, pid, comm, event, kind, dev, ino, pos, len, pos + len AS end_pos, flags
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
                 ELSE len END AS len
        FROM events
        WHERE event IN ('mm_filemap_add_to_page_cache', 'mm_filemap_delete_from_page_cache', 'mm_filemap_fault',
                        'mm_filemap_map_pages', 'iomap_iter', 'writeback_dirty_folio', 'writeback_dirty_page',
                        'xfs_file_buffered_write', 'ext4_write_begin', 'ext4_da_write_begin',
                        'xfs_file_buffered_read', 'mm_filemap_get_pages', 'ext4_read_folio', 'ext4_readpage',
                        'iomap_release_folio', 'iomap_invalidate_folio', 'xfs_free_file_space',
                        'xfs_zero_file_space', 'xfs_collapse_file_space', 'xfs_insert_file_space',
                        'ext4_punch_hole', 'ext4_zero_range', 'ext4_collapse_range', 'ext4_insert_range',
                        'ext4_truncate_enter', 'ext4_fallocate_enter', 'xfs_itruncate_extents_start')
          AND ino IS NOT NULL
    )
)
-- iomap_iter is traced once more with length 0 before and after each mapping; the rows with a
-- length are the ones that map (and dirty, for a fault) the range
WHERE kind IS NOT NULL AND pos IS NOT NULL AND len IS NOT NULL AND len > 0;
