-- id: space-op-during-dio-write
-- severity: critical
-- title: Hole punch, collapse, insert, zero or truncate took effect during a direct write
-- explanation: A space operation (punch, collapse, insert, zero range, truncate) changed the
--   range of a direct write while the write was in flight: the write can land in blocks that were
--   just freed (and reused), or the operation removes data the write is putting down. Filesystems
--   log the operation's entry (ext4_punch_hole, xfs_free_file_space) and only then wait for
--   in-flight direct I/O (inode_dio_wait), so on some kernels the entry lands inside a window
--   harmlessly: the entry alone is only 'info'. Evidence that it took effect is the operation's
--   own task removing cached pages of the range, or its truncate/extent events, before the window
--   closed: that is 'critical'. An operation without a range (the xfs events) concerns the whole
--   file.
-- source: fstests generic/300-series fallocate races, generic/538; linux-fsdevel and linux-xfs
--   threads on inode_dio_wait in fallocate paths (xfs: flush in-flight DIO before punching).
WITH ops AS (
    SELECT c.*
    FROM window_conflicts c JOIN dio_windows w USING (window_id)
    WHERE w.direction = 'write' AND c.in_range AND c.kind IN ('space-op', 'space-effect')
),
effects AS (
    -- the operation's task removing cached pages of the range, or freeing extents, inside the window
    SELECT DISTINCT o.window_id, o.line AS op_line, e.line AS effect_line
    FROM ops o JOIN window_conflicts e
      ON e.window_id = o.window_id AND e.pid = o.pid AND e.in_range AND e.line >= o.line
     AND e.kind IN ('cache-remove', 'space-effect')
),
per_window AS (
    SELECT o.window_id,
        count(DISTINCT f.effect_line) AS effects,
        list_sort(list_distinct(list(o.line) || coalesce(list(f.effect_line) FILTER (WHERE f.effect_line IS NOT NULL), [])))
            AS lines,
        string_agg(DISTINCT o.event, ', ' ORDER BY o.event) AS ops, task_list(o.comm, o.pid) AS tasks
    FROM ops o LEFT JOIN effects f ON f.window_id = o.window_id AND f.op_line = o.line
    GROUP BY o.window_id
)
SELECT
    w.window_id,
    CASE WHEN p.effects > 0 THEN 'critical' ELSE 'info' END AS severity,
    CASE WHEN p.effects > 0 THEN 'took-effect' ELSE 'entry-only' END AS evidence,
    p.lines AS conflict_lines,
    format('{}, in flight {} to {}: {} by {} {}.',
           sentence_case(window_subject(w)),
           secs(w.begin_ts), secs(w.end_ts), p.ops, p.tasks,
           CASE WHEN p.effects > 0
                THEN 'took effect inside the window (' || plural(p.effects, 'event')
                     || ' of that task removed pages or extents of the range): the write and the operation race for the same blocks'
                ELSE 'started inside the window, but nothing shows it acting before the write completed '
                     || '(the filesystem waits for in-flight direct I/O first)' END) AS message
FROM per_window p JOIN dio_windows w USING (window_id)
