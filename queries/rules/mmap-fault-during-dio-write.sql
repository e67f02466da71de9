-- id: mmap-fault-during-dio-write
-- severity: warning
-- title: mmap fault on the range of an in-flight direct write
-- explanation: A task touched a shared mapping of the range while a direct write to it was in
--   flight: a page fault (mm_filemap_fault, fault-around) maps a page read from disk before the
--   write landed, and a write fault (iomap_iter WRITE|FAULT, page_mkwrite) makes it writable. The
--   mapped page keeps the old data after the write completes, and the kernel's post-write
--   invalidation cannot drop a mapped dirty page. Severity by evidence:
--   critical 'dirtied, survived': the faulting task also dirtied a page during the write and it
--     was still cached after the post-write invalidation (conflict_fates): the mmap store and the
--     direct write raced for the same bytes and the invalidation failed (the kernel's warning
--     condition); 'dirtied, kernel warning' likewise when the kernel warned about this write;
--   warning 'dirtied, dropped': the dirtied pages were written back and dropped by then;
--   warning 'dirtied, undetermined': the write did not complete in the trace, or failed;
--   warning 'mapped': pages were faulted in but not dirtied during the write.
-- source: fstests generic/095 (mixing direct I/O and mmap), generic/647 (mmap page faults during
--   direct I/O); linux-fsdevel discussions of dio_warn_stale_pagecache.
WITH faults AS (
    SELECT c.window_id, c.line, c.pid, c.comm, c.pos, c.end_pos
    FROM window_conflicts c JOIN dio_windows w USING (window_id)
    WHERE w.direction = 'write' AND c.in_range AND c.kind IN ('mmap-fault', 'mmap-store')
),
-- the same task dirtying one of those pages later inside the window
dirtied AS (
    SELECT DISTINCT f.window_id, d.line
    FROM faults f JOIN window_conflicts d
      ON d.window_id = f.window_id AND d.pid = f.pid AND d.kind = 'page-dirtied' AND d.in_range
     AND d.line > f.line AND d.pos < f.end_pos AND d.end_pos > f.pos
),
per_window AS (
    SELECT window_id, list(line) AS fault_lines, count(*) AS faults, task_list(comm, pid) AS tasks
    FROM faults GROUP BY window_id
),
dirty_window AS (
    SELECT d.window_id, list(d.line) AS dirty_lines, count(*) AS dirtied,
        CASE WHEN any_value(k.window_id) IS NOT NULL THEN 'kernel warning'
             WHEN bool_or(f.survived) THEN 'survived'
             WHEN count(f.line) > 0 THEN 'dropped'
             ELSE 'undetermined' END AS fate
    FROM dirtied d
    LEFT JOIN conflict_fates f ON f.window_id = d.window_id AND f.line = d.line
    LEFT JOIN (SELECT DISTINCT window_id FROM kernel_warnings) k ON k.window_id = d.window_id
    GROUP BY d.window_id
)
SELECT
    w.window_id,
    CASE WHEN d.fate IN ('kernel warning', 'survived') THEN 'critical' END AS severity,
    CASE WHEN d.dirtied > 0 THEN 'dirtied, ' || d.fate ELSE 'mapped' END AS evidence,
    list_sort(list_distinct(p.fault_lines || coalesce(d.dirty_lines, []))) AS conflict_lines,
    format('{} {}, in flight {} to {}: {} faulted pages of that range into a '
           || 'shared mapping meanwhile ({}{}); {}.',
           sync_word(w.aio),
           window_subject(w),
           secs(w.begin_ts), secs(w.end_ts), p.tasks, plural(p.faults, 'fault'),
           CASE WHEN d.dirtied > 0 THEN ', then dirtied ' || plural(d.dirtied, 'page') ELSE '' END,
           CASE WHEN d.dirtied > 0
                THEN 'the mmap store and the direct write race for the same bytes'
                     || CASE WHEN d.fate IN ('kernel warning', 'survived')
                             THEN ' and the dirty page outlived the post-write invalidation: one of them is lost'
                             WHEN d.fate = 'dropped' THEN ', but the dirtied pages were written back and dropped by '
                                 || 'the end of the write: both reached the disk'
                             ELSE '' END
                ELSE 'the mapped pages keep the data from before the write' END) AS message
FROM per_window p
JOIN dio_windows w USING (window_id)
LEFT JOIN dirty_window d USING (window_id)
