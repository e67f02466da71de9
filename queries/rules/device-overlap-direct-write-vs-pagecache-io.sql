-- id: device-overlap-direct-write-vs-pagecache-io
-- severity: warning
-- title: Page-cache I/O of the sectors a direct write was writing, in flight at the device together
-- explanation: The block layer shows a direct write (a synchronous write bio from an application
--   task) and page-cache I/O of overlapping sectors (a readahead read filling the page cache, or a
--   writeback write of dirty pages by the flusher) queued and not yet completed at the same time. A
--   read that overlaps the write can bring the old data into the page cache, where buffered readers
--   then find it after the write; a writeback that overlaps it can overwrite the direct write's data
--   with the page cache's older copy. The device cannot say which data a page ended up holding, so
--   this is block-layer evidence only: a warning ('block layer only'), or critical when the file
--   events of the same window show the page outliving the write's post-write invalidation
--   ('survived': see conflict_fates). With extent maps (--extents) the sentence names the file and
--   its byte range; without them, the device sectors. A bio the trace shows remapped (a partition's
--   or device-mapper's, traced on the disk below) is named by the sectors of the device it was
--   submitted to, which the extent maps are of, and by the disk's. In a trace of block events alone (a blktrace
--   post-mortem) the direct write is a synchronous write bio of an application task (a window of
--   evidence 'block', see 13_dio_block.sql), and this is the only rule that can fire.
-- source: blktrace/blkparse post-mortems on linux-ext4 and linux-fsdevel; fstests generic/208,
--   generic/465 (direct writes racing buffered reads and mmap writers)
WITH direct AS (
    SELECT l.window_id, r.*
    FROM blk_requests r JOIN window_blk_requests l USING (trace_id, q_line)
    WHERE r.io_class = 'direct-write'
),
in_flight AS (
    SELECT d.window_id, d.dev, d.sector AS w_sector, d.len AS w_len, d.path, d.file_pos,
           d.submit_dev, d.submit_sector AS w_submit_sector,
           p.io_class, p.q_line, p.c_line, p.submit_comm, p.submit_pid, p.sector, p.len
    FROM direct d
    JOIN blk_requests p ON p.trace_id = d.trace_id AND p.segment = d.segment AND p.dev = d.dev
     AND p.io_class IN ('pagecache-read', 'writeback')
     AND p.sector < d.sector + d.len // 512 AND d.sector < p.sector + p.len // 512
     AND p.q_ts < coalesce(d.c_ts, never()) AND d.q_ts < coalesce(p.c_ts, never())
),
per_window AS (
    SELECT window_id, any_value(dev) AS dev,
           min(w_sector) AS first_sector, max(w_sector + w_len // 512) AS end_sector,
           any_value(submit_dev) AS submit_dev, min(w_submit_sector) AS first_submit,
           max(w_submit_sector + w_len // 512) AS end_submit,
           any_value(path) AS path, min(file_pos) AS first_byte, max(file_pos + w_len) AS end_byte,
           count(*) FILTER (WHERE io_class = 'pagecache-read') AS reads,
           count(*) FILTER (WHERE io_class = 'writeback') AS writebacks,
           list(DISTINCT q_line ORDER BY q_line) AS lines,
           string_agg(DISTINCT coalesce(submit_comm, 'pid') || ' (' || submit_pid || ')', ', '
                      ORDER BY coalesce(submit_comm, 'pid') || ' (' || submit_pid || ')') AS tasks
    FROM in_flight GROUP BY window_id
),
survived AS (
    SELECT DISTINCT window_id FROM conflict_fates WHERE survived
),
-- the sectors on the device the write was submitted to, and on the disk when it was remapped there
placed AS (
    SELECT *,
           CASE WHEN submit_dev <> dev THEN 'sectors ' || first_submit || '-' || (end_submit - 1) || ' of ' || submit_dev
                || ', ' || first_sector || '-' || (end_sector - 1) || ' of ' || dev
                ELSE 'sectors ' || first_sector || '-' || (end_sector - 1) || ' of ' || dev END AS sectors
    FROM per_window
)
SELECT
    w.window_id,
    o.lines AS conflict_lines,
    CASE WHEN s.window_id IS NOT NULL THEN 'critical' ELSE 'warning' END AS severity,
    CASE WHEN s.window_id IS NOT NULL THEN 'survived' ELSE 'block layer only' END AS evidence,
    format('Direct write of {} by {}, in flight at the device {} to {}: {} of the same sectors {} queued '
           || 'and not yet completed meanwhile, by {}; {}',
           CASE WHEN o.path IS NOT NULL THEN o.path || ' ' || byte_range(o.first_byte, o.end_byte) || ' (' || o.sectors || ')'
                ELSE o.sectors END,
           task(coalesce(w.submit_comm, 'pid'), w.submit_pid), secs(w.begin_ts), secs(w.end_ts),
           CASE WHEN o.reads > 0 AND o.writebacks > 0 THEN plural(o.reads, 'readahead read') || ' and '
                    || plural(o.writebacks, 'writeback write')
                WHEN o.reads > 0 THEN plural(o.reads, 'readahead read')
                ELSE plural(o.writebacks, 'writeback write') END,
           CASE WHEN o.reads + o.writebacks = 1 THEN 'was' ELSE 'were' END, o.tasks,
           CASE WHEN o.reads > 0 THEN 'a page read meanwhile can hold the data the write replaced'
                ELSE 'a writeback meanwhile can put older page-cache data over the write' END
           || CASE WHEN s.window_id IS NOT NULL THEN ', and the file events show the page outliving the write.'
                   WHEN w.evidence = 'block' THEN ' (the trace has block-layer events only: the write is one synchronous '
                        || 'write bio, and which data the page holds is not in the trace).'
                   ELSE ' (block-layer evidence only: which data the page holds is not in the trace).' END) AS message
FROM placed o
JOIN dio_windows w USING (window_id)
LEFT JOIN survived s USING (window_id)
