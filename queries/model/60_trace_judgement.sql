-- @table trace_judgement
--   Whether each trace can support a verdict at all, and if not, why. A trace that
-- loaded but says nothing about direct I/O and the page cache must not pass a CI job as "no race":
-- analyze exits 3 for it (unless something was found) and every report format says why. (A trace
-- with no event at all is not loaded in the first place, and a direct-I/O event without its device,
-- inode or range, as `trace-cmd report -R` prints them, is a parse problem, not an event.)
-- @column trace_id  traces.trace_id
-- @column reasons   the reasons it cannot be judged, in the order below; empty when it can:
--     'mostly unparsed'           more than half of its lines that are not headers, loss markers or
--                                 call-chain frames kept under their event could not be parsed
--     'no direct I/O'             no direct-I/O window could be rebuilt: nothing to judge
--     'no page-cache events'      no page-cache, mmap or buffered-I/O event at all: races with the
--                                 page cache cannot show (enable the filemap and writeback events)
--     'no completions'            direct-I/O begins that submitted I/O, but not one completion event
--                                 (iomap_dio_complete, xfs_end_io_direct_write or the function
--                                 tracer's iomap_dio_complete): when a write ended is unknown, so
--                                 nothing can be said to have raced it (its windows are
--                                 'completion-lost', see 20_dio_windows.sql)
--   A trace `dioscope record` made with page-cache events enabled (its sidecar's event list,
--   trace_meta 'events') is not asked for them either: they were on, so none means the page cache
--   of the traced files was not touched (fstests' generic/465 does direct I/O only).
--   A trace whose windows come from the block layer alone (trace_dio_evidence 'block') is not asked
--   for page-cache events: the page cache's I/O at the device (readahead reads, writeback) is in
--   the block events themselves, which is all the device-overlap rule needs.
-- @column sentence  the reasons as one sentence for the reports
-- @column only_rules  the rules that can find anything in it when that is not all of them: for a
--   block-layer-only trace ['device-overlap-direct-write-vs-pagecache-io'] (the file-level rules
--   look at file events it does not have); NULL otherwise
-- @column scope     only_rules as one sentence for the reports; NULL when every rule can judge it
CREATE OR REPLACE TABLE trace_judgement AS
WITH windows AS (
    SELECT trace_id, count(*) AS n, count(complete_line) AS completed,
           count(*) FILTER (WHERE outcome NOT IN ('fallback', 'aborted')) AS submitted
    FROM dio_windows GROUP BY trace_id
),
block_only AS (SELECT trace_id FROM trace_dio_evidence GROUP BY trace_id HAVING bool_and(evidence = 'block')),
orphans AS (SELECT trace_id, count(*) AS n FROM dio_orphan_completions GROUP BY trace_id),
cache AS (
    SELECT trace_id, count(*) AS n FROM file_events
    WHERE kind IN ('cache-fill', 'cache-remove', 'mmap-fault', 'mmap-store', 'page-dirtied', 'buffered-write',
                   'buffered-read')
    GROUP BY trace_id
),
-- the recordings whose enabled events (trace_meta 'events': 'system:name[ filter]' a line) include
-- one of a page-cache kind
recorded_cache AS (
    SELECT DISTINCT m.trace_id
    FROM (SELECT trace_id, split_part(unnest(string_split(value, chr(10))), ' ', 1) AS id
          FROM trace_meta WHERE key = 'events') m
    JOIN event_types et ON et.system || ':' || et.event = m.id
    WHERE et.access IN ('cache-fill', 'cache-remove', 'mmap-fault', 'mmap-store', 'page-dirtied', 'buffered-write',
                        'buffered-read')
),
checks AS (
    SELECT t.trace_id, t.unparsed_lines,
           t.lines - t.header_lines - t.loss_lines - coalesce(t.callchain_lines, 0) AS body_lines,
           coalesce(w.n, 0) AS windows, coalesce(c.n, 0) AS cache_events,
           coalesce(w.submitted, 0) AS submitted, coalesce(w.completed, 0) + coalesce(o.n, 0) AS completions,
           b.trace_id IS NOT NULL AS block_only, r.trace_id IS NOT NULL AS cache_recorded
    FROM traces t
    LEFT JOIN recorded_cache r USING (trace_id)
    LEFT JOIN block_only b USING (trace_id)
    LEFT JOIN windows w USING (trace_id)
    LEFT JOIN orphans o USING (trace_id)
    LEFT JOIN cache c USING (trace_id)
),
reasons AS (
    SELECT trace_id, list_filter([
        CASE WHEN unparsed_lines * 2 > body_lines THEN 'mostly unparsed' END,
        CASE WHEN windows = 0 THEN 'no direct I/O' END,
        CASE WHEN windows > 0 AND cache_events = 0 AND NOT block_only AND NOT cache_recorded THEN 'no page-cache events' END,
        CASE WHEN submitted > 0 AND completions = 0 THEN 'no completions' END
    ], lambda r: r IS NOT NULL) AS reasons, *
    FROM checks
)
SELECT trace_id, reasons,
    CASE WHEN len(reasons) = 0 THEN NULL ELSE list_aggregate(list_transform(reasons, lambda r: CASE r
        WHEN 'mostly unparsed' THEN format('{} of its {} lines could not be parsed (not a format dioscope reads: '
            || 'trace-cmd report --ts-diff or -R, or a wrong --input-format?)', unparsed_lines, body_lines)
        WHEN 'no direct I/O' THEN 'no direct-I/O window could be rebuilt (no iomap_dio_*, xfs_file_direct_write '
            || 'or function-tracer direct I/O events): there is nothing to judge'
        WHEN 'no page-cache events' THEN 'it has no page-cache, mmap or buffered-I/O event, so races with the '
            || 'page cache cannot show (enable the filemap and writeback events)'
        WHEN 'no completions' THEN format('its {} direct-I/O attempts began but not one completion event is in it, so '
            || 'when any of them ended is unknown (enable iomap_dio_complete, or xfs_end_io_direct_write on '
            || 'older kernels)', submitted)
        END), 'string_agg', '; ') END AS sentence,
    CASE WHEN block_only THEN ['device-overlap-direct-write-vs-pagecache-io'] END AS only_rules,
    CASE WHEN block_only THEN 'judged from block-layer events alone: its direct writes are the synchronous write '
        || 'bios of application tasks, and only device-overlap-direct-write-vs-pagecache-io can find anything in '
        || 'it (the other rules need file events)' END AS scope
FROM reasons;
