-- Direct writes from the block layer alone (trace_dio_evidence 'block': a blkparse post-mortem, or
-- a capture of the block events without any file-level direct-I/O event). Fills dio_attempts for
-- those traces, one attempt per direct-write bio of blk_requests (05_blk_requests.sql):
--  * A direct write's bios are queued by the writing task itself (iomap_dio_bio_iter submits them
--    before iomap_dio_rw returns) with REQ_SYNC: io_class 'direct-write'. Which bios one write call
--    made is not in the block layer, so each bio is its own window, from its queueing (Q) to the
--    completion of its request (C): the time the write was in flight at the device.
--  * dev is the device the bio was submitted to (blk_requests.submit_dev): the filesystem's when the
--    trace shows the bio remapped from it (a partition, a device-mapper device), else the traced
--    device; ino is unknown. pos is the file byte of its first sector when extent maps were given
--    (blk_requests.file_pos), NULL otherwise.
--  * The completion is the request's C: the data was on the device by then (end_io). Who ran it
--    is an interrupt, not a task, so complete_pid/comm are NULL; aio, nowait, ret and the post-
--    write invalidation are not in the block layer.
INSERT INTO dio_attempts BY NAME
SELECT 'block' AS evidence, r.trace_id, r.segment,
       'write' AS direction, 'block' AS direction_from,
       r.submit_dev AS dev, NULL::BIGINT AS ino, r.file_pos AS pos, r.len, 0 AS done_before,
       NULL::BIGINT AS isize_begin, NULL::BIGINT AS isize_end,
       r.submit_pid, r.submit_comm, e.cpu AS submit_cpu,
       NULL::INTEGER AS complete_pid, NULL::VARCHAR AS complete_comm, NULL::INTEGER AS complete_cpu,
       r.q_line AS begin_line, r.q_ts AS begin_ts, NULL::BIGINT AS queued_ts,
       r.c_line AS complete_line, r.c_ts AS complete_ts,
       NULL::BIGINT AS end_event_line, NULL::BIGINT AS end_event_ts,
       r.c_line AS end_io_line, r.c_ts AS end_io_ts,
       NULL::BOOLEAN AS aio, NULL::BOOLEAN AS nowait, r.flags, NULL::VARCHAR AS dio_flags,
       NULL::BIGINT AS ret, r.error,
       CASE WHEN r.c_line IS NULL THEN 'open' ELSE 'queued' END AS fate,
       false AS invalidation_before_complete
FROM blk_requests r
JOIN events e ON e.trace_id = r.trace_id AND e.line = r.q_line
WHERE r.io_class = 'direct-write'
  AND r.trace_id IN (SELECT trace_id FROM trace_dio_evidence WHERE evidence = 'block');
