-- dioscope schema: what `dioscope load` puts into DuckDB.
--
-- Conventions, whatever format or kernel the trace came from:
--   * timestamps are BIGINT nanoseconds of the trace clock (ftrace prints microseconds,
--     `trace-cmd report -t` nanoseconds; both land here as ns);
--   * devices are 'major:minor' text, however the event printed them ('7:0', '7,0',
--     'bdi 7:0:'); a bdi that has a name rather than a number (btrfs: 'btrfs-1') is kept as is;
--   * inode numbers are BIGINT, whatever base the event printed them in (hex 'ino 0x83' in
--     iomap/xfs, hex without 0x 'ino 83' in mm_filemap_*, decimal 'ino=131' in writeback and
--     'ino 12' in ext4 and kprobes);
--   * byte ranges are pos (first byte) and len (bytes), in the file for file events; a page-cache
--     folio covers len = PAGE_SIZE << order bytes from ofs; page indexes become index * PAGE_SIZE,
--     with the trace's page size (traces.page_size: 4096 unless the recording says otherwise).
-- `dioscope formats` (or SELECT * FROM event_types) lists which columns each event fills.

-- Facts about the database file itself.
CREATE TABLE IF NOT EXISTS dioscope_meta (
    key   VARCHAR PRIMARY KEY, -- 'schema_version': the version of these tables (Database.SCHEMA_VERSION);
                               -- a file with a newer version is refused
    value VARCHAR              -- its value
);

-- One row per loaded input file.
CREATE TABLE IF NOT EXISTS traces (
    trace_id           INTEGER PRIMARY KEY, -- referenced by events.trace_id
    path               VARCHAR,   -- the path as given on the command line; FILE@NAME for instance NAME of a trace.dat
    format             VARCHAR,   -- 'ftrace', 'trace-cmd' or 'perf-script' for text; for trace-cmd's binary file
                                 -- 'trace.dat v7 zstd' (version, compression), ', instance NAME' for an instance
    compression        VARCHAR,   -- 'none', 'gzip', 'zstd', 'xz', 'bzip2', 'lz4' (from magic bytes)
    file_bytes         BIGINT,    -- size on disk: the bytes read (before decompression) and hashed
    content_sha256     VARCHAR,   -- hex SHA-256 of those bytes; with file_bytes, how a second load of
                                  -- the same input is recognised (refused unless --append or --replace)
    text_bytes         BIGINT,    -- size once decompressed
    lines              BIGINT,    -- lines in the text: events + header_lines + loss_lines + callchain_lines
                                  -- + unparsed_lines
    events             BIGINT,    -- rows in events for this trace
    header_lines       BIGINT,    -- '#' comments, blank lines, trace-cmd banners ('cpus=2'), the lines of
                                  -- blkparse's summary blocks ('CPU0 (8,0):', ' Reads Queued: ...')
    loss_lines         BIGINT,    -- 'CPU:N [LOST M EVENTS]' and '##### CPU N buffer started ####' lines
    callchain_lines    BIGINT,    -- perf script's call-chain frames kept under their event: rows in
                                  -- event_callchains for this trace (a frame with no event line above it
                                  -- is an unparsed line); NULL for a trace loaded before they were kept
    unparsed_lines     BIGINT,    -- lines that are none of the above; the first ones are in parse_problems.
                                  -- Also every line with a field that does not fit its column or is
                                  -- negative where it cannot be ('ino 0x10000000000000083 does not fit
                                  -- 64 bits', 'offset -4096 is negative'), a file event without its dev,
                                  -- ino or range ('iomap_dio_rw_begin without ino'), and a line longer
                                  -- than the maximum ('line longer than 65536 bytes, skipped'): such a
                                  -- line is never a row with a wrapped, cut or missing value
    tracer             VARCHAR,   -- from '# tracer: nop' (ftrace header), else NULL
    cpus               INTEGER,   -- from '#P:2' or 'cpus=2'
    entries_in_buffer  BIGINT,    -- ftrace header '# entries-in-buffer/entries-written: A/B': A (summed
                                  -- over every such header: a file of concatenated dumps has several);
                                  -- NULL when none, or when a header's counts could not be read
    entries_written    BIGINT,    -- ... B
    overwritten_events BIGINT,    -- B - A (summed per header): the oldest events were overwritten (the
                                  -- trace starts late). 9223372036854775807 (BIGINT max) means "some,
                                  -- how many unknown": a header whose counts do not fit 64 bits or are
                                  -- not numbers ('3/18446744073709551619'); sums saturate there
    lost_events        BIGINT,    -- sum of 'LOST M EVENTS' / 'M EVENTS DROPPED' markers and blkparse's
                                  -- 'Skips: M forward';
                                  -- 9223372036854775807 (BIGINT max) means "some, how many unknown": a
                                  -- marker without a count or whose count is not a positive 64-bit
                                  -- number ('[LOST EVENTS]', '[LOST 18446744073709551616 EVENTS]',
                                  -- '[LOST 0 EVENTS]'); never wraps, never negative
    buffer_wraps       INTEGER,   -- '##### CPU N buffer started ####' lines (a CPU's buffer wrapped)
    truncated          BOOLEAN,   -- the input ended early (truncated compressed stream, cut last line,
                                  -- bytes after a compressed stream that are not a whole stream, a
                                  -- line longer than 1 GiB, which stops the read)
    truncation         VARCHAR,   -- why, when truncated
    first_ts           BIGINT,    -- ns, first and last event
    last_ts            BIGINT,    -- ns, last event
    complete           BOOLEAN,   -- no overwritten or lost events and not truncated
    load_seconds       DOUBLE,    -- how long loading it took
    loaded_at          TIMESTAMP, -- when it was loaded
    page_size          BIGINT,    -- the recording machine's page size in bytes: the unit the kernel's page
                                  -- indexes and folio orders count in, so the one the decoders turned them
                                  -- into byte ranges with (NULL: loaded before it was kept, decoded with 4096)
    page_size_from     VARCHAR    -- where it came from: 'recording' (the sidecar of dioscope record),
                                  -- 'trace.dat' (its header: trace-cmd writes the recording machine's page
                                  -- size there), 'assumed' (a text trace says nothing: 4096, what x86 and
                                  -- most arm64 kernels use; a 16 or 64 KiB kernel's text trace needs a sidecar)
);
-- a database written before content_sha256 existed gets it (at the end; its old traces stay NULL)
ALTER TABLE traces ADD COLUMN IF NOT EXISTS content_sha256 VARCHAR;
-- ... and callchain_lines, the same way
ALTER TABLE traces ADD COLUMN IF NOT EXISTS callchain_lines BIGINT;
-- ... and page_size, page_size_from
ALTER TABLE traces ADD COLUMN IF NOT EXISTS page_size BIGINT;
ALTER TABLE traces ADD COLUMN IF NOT EXISTS page_size_from VARCHAR;

-- Every event line of every trace. Columns an event does not carry are NULL.
CREATE TABLE IF NOT EXISTS events (
    trace_id    INTEGER,  -- traces.trace_id
    line        BIGINT,   -- line number in the (decompressed) input, from 1
    ts          BIGINT,   -- timestamp, ns (blkparse: since the trace's first event, as it prints them)
    cpu         INTEGER,  -- CPU the event was recorded on
    pid         INTEGER,  -- the task's pid (thread id); for perf 'pid/tid' the tid
    tgid        INTEGER,  -- thread-group id when the trace has the tgid column (options/record-tgid)
    comm        VARCHAR,  -- task name as printed (may contain spaces and dashes); blkparse: the [comm]
                          -- of a record, NULL on completions and where it printed [(null)]
    irq_flags   VARCHAR,  -- the latency column ('d..1.'), NULL when the trace has none
    event       VARCHAR,  -- event name without system ('iomap_dio_rw_begin'); 'function' for a
                          -- function-tracer entry, 'blk' for a blk tracer line, the probe's name for
                          -- a kprobe; trace-cmd's 'print: tracing_mark_write:' is 'tracing_mark_write'
    dev         VARCHAR,  -- 'major:minor' (or a bdi name)
    ino         BIGINT,   -- inode number
    pos         BIGINT,   -- first byte of the range in the file. NOTE iomap_dio_complete: the position
                          -- AFTER the I/O (start + ret); iomap_dio_rw_queued: the end of what was
                          -- submitted; xfs_itruncate_extents_*: the new size
    len         BIGINT,   -- bytes of the range (folio: PAGE_SIZE << order; readahead: nr_pages * PAGE_SIZE;
                          -- block events: sectors * 512)
    isize       BIGINT,   -- inode size the event reports: i_size (iomap), on-disk size (xfs_file_*)
    flags       VARCHAR,  -- symbolic flags: iocb flags of iomap_dio_* ('DIRECT|WRITE|AIO_RW',
                          -- 'NOWAIT|...'), iomap_iter flags ('WRITE|DIRECT', 'WRITE|FAULT'), rwbs of
                          -- block events ('WS'), mode of ext4 punch/zero ('KEEP_SIZE|PUNCH_HOLE')
    dio_flags   VARCHAR,  -- iomap_dio_rw_begin dio_flags
    aio         BOOLEAN,  -- iomap_dio_*: the I/O is asynchronous
    ret         BIGINT,   -- iomap_dio_complete: bytes done, or negative errno
    error       INTEGER,  -- iomap_dio_complete error; block completions' status
    done_before BIGINT,   -- iomap_dio_rw_begin: bytes already done by an earlier partial attempt
    pfn         BIGINT,   -- mm_filemap_*: page frame of the folio
    sector      BIGINT,   -- block events and blk lines: first sector on the device
    action      VARCHAR,  -- blktrace action: Q G I D C M F R P U X A S T B of a blk tracer line or a
                          -- blkparse record; for a block_* tracepoint the action it is (block_bio_queue
                          -- Q, block_rq_issue D, block_rq_complete C, ...: `dioscope formats`)
    from_dev    VARCHAR,  -- a remap (action A: block_bio_remap, block_rq_remap, a blk line or blkparse
                          -- record '7,0 A WS 403648 + 8 <- (259,0) 192'): the device the bio was
                          -- addressed to before (a partition, a device-mapper device); dev is where it goes
    from_sector BIGINT,   -- ... and its sector there (sector: the one on dev)
    func        VARCHAR,  -- function-tracer function; kprobe's probed symbol; print's caller
    caller      VARCHAR,  -- function-tracer parent ('<-parent'); iomap_iter caller (offset dropped)
    message     VARCHAR,  -- tracing_mark_write and console text
    body        VARCHAR   -- the event's text after 'event: ' as printed: kept for kprobes, blk lines and
                          -- events dioscope does not type; for every event when loaded with --keep-body
);

-- a database written before remaps were read gets their columns (at the end; its old rows stay NULL)
ALTER TABLE events ADD COLUMN IF NOT EXISTS from_dev VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS from_sector BIGINT;

-- The call chain under each event of a `perf record -g` trace, one row per frame, as `perf script`
-- printed it below the event line (a tab, the address, symbol+0xoffset, (dso); a blank line ends it):
--   SELECT e.event, c.depth, c.symbol FROM events e JOIN event_callchains c USING (trace_id, line)
-- A frame belongs to the event line directly above its run of frames; frames with no event above them
-- (a file cut inside a chain, a line in between that is not an event) are parse problems, not rows.
CREATE TABLE IF NOT EXISTS event_callchains (
    trace_id   INTEGER,  -- traces.trace_id
    line       BIGINT,   -- the event's line: with trace_id, the key of its row in events
    depth      INTEGER,  -- 0 for the innermost frame (where the event fired, printed first), then its
                         -- callers, one more per line
    addr       UBIGINT,  -- the frame's address as printed, in hex there (kernel addresses are above 2^63:
                         -- printf('%x', addr) shows them as perf did)
    symbol     VARCHAR,  -- the function without its offset ('filemap_add_folio'); NULL when perf printed
                         -- [unknown] or no symbol
    sym_offset BIGINT,   -- bytes into the function: '+0xbc' is 188; NULL when none was printed
    dso        VARCHAR   -- the object it is in ('[kernel.kallsyms]', '/usr/lib/x86_64-linux-gnu/libc.so.6');
                         -- NULL when perf printed ([unknown]), and for a frame perf marks (inlined), for
                         -- which it prints no object
);

-- Where files' bytes are on their device: the extent maps given with --extents (filefrag -v, any block
-- size, or xfs_bmap -v), which turn block requests' sectors into (file, offset). Not tied to a trace: a
-- map is of the device, and the model applies it to the block events of every trace. Holes and extents
-- with no place on disk yet (filefrag's unknown_loc, delalloc) are not rows.
CREATE TABLE IF NOT EXISTS extents (
    source   VARCHAR,  -- the extents file as given; loading it again replaces its rows
    line     BIGINT,   -- the extent's line in it
    path     VARCHAR,  -- the file the extent is of, as the tool printed it ('/mnt/cap-xfs/f')
    file_pos BIGINT,   -- byte offset of the extent in the file
    sector   BIGINT,   -- its first 512-byte sector on the device the filesystem is on
    len      BIGINT,   -- bytes
    flags    VARCHAR   -- filefrag's flags ('last,eof', 'unwritten'), xfs_bmap's columns after the
                       -- block range; NULL when none
);

-- Where a trace says it lost events.
CREATE TABLE IF NOT EXISTS trace_losses (
    trace_id INTEGER,   -- traces.trace_id
    line     BIGINT,    -- line of the marker
    cpu      INTEGER,   -- the CPU that lost events (-1: the marker names none)
    count    BIGINT     -- events lost; -1 when unknown (but more than none): '##### CPU N buffer
                        -- started ####' (that CPU's buffer wrapped, its events before this point were
                        -- overwritten), or a LOST/DROPPED marker without a count or whose count is
                        -- not a positive 64-bit number
);

-- What `dioscope record` wrote beside a trace (TRACE.meta.json, read by load when it is there): facts
-- the trace cannot say itself. One row per key: 'kernel_release', 'page_size' (bytes), 'recorder',
-- 'format', 'command' (its words, space separated), 'command_exit', 'started', 'ended' (ISO-8601),
-- 'buffer_kb' (per CPU), 'events' (system:name[ filter], one per line), 'events_missing' (the default
-- events this kernel lacks and what that costs, one per line), 'lost_events' (cpuN=count, space
-- separated), 'lost_events_total', 'files_truncated' ('true' when the file map stopped at its limit).
CREATE TABLE IF NOT EXISTS trace_meta (
    trace_id INTEGER,   -- traces.trace_id
    key      VARCHAR,   -- one of the keys above
    value    VARCHAR    -- its value, as text
);

-- The machine's mounts when the trace was recorded (from its sidecar).
CREATE TABLE IF NOT EXISTS trace_mounts (
    trace_id      INTEGER,  -- traces.trace_id
    dev           VARCHAR,  -- the superblock's device, as the events print it ('7:0'; btrfs: its anonymous '0:N')
    mount_point   VARCHAR,  -- where it was mounted
    fstype        VARCHAR,  -- 'xfs', 'ext4', ...
    source        VARCHAR,  -- what was mounted ('/dev/loop0')
    traced        BOOLEAN,  -- named by record --fs: the events were filtered to it and its files mapped
    block_size    BIGINT,   -- the filesystem's block size (traced mounts only)
    options       VARCHAR,  -- mount options (traced mounts only)
    super_options VARCHAR   -- the superblock's options (traced mounts only)
);

-- The inode-to-path map of the traced filesystems, walked just after the recording (from its sidecar):
-- a file the recorded command deleted is not in it.
CREATE TABLE IF NOT EXISTS trace_files (
    trace_id INTEGER,   -- traces.trace_id
    dev      VARCHAR,   -- as events.dev ('7:0')
    ino      BIGINT,    -- as events.ino
    path     VARCHAR    -- absolute path when it was walked
);

-- The first lines of each trace that could not be parsed (all are counted in traces.unparsed_lines).
CREATE TABLE IF NOT EXISTS parse_problems (
    trace_id INTEGER,   -- traces.trace_id
    line     BIGINT,    -- the line's number
    text     VARCHAR,   -- the line as read: its first 300 bytes, control characters as U+FFFD
    reason   VARCHAR    -- why it was not an event ('no timestamp', 'ino 0x... does not fit 64 bits', ...)
);

-- The events dioscope types: the columns each one fills, what it means and how its range reads (the
-- same list as `dioscope formats`). These three tables are dioscope's event catalog and its
-- vocabulary (io.dioscope.ingest.decode: EventCatalog, EventAccess, EventRange), written anew each
-- time dioscope opens the database, so they always describe the dioscope that reads it.
CREATE OR REPLACE TABLE event_types (
    event       VARCHAR PRIMARY KEY, -- the event's name as events.event holds it
    system      VARCHAR,  -- tracefs system ('iomap', 'filemap', ...)
    family      VARCHAR,  -- dioscope's grouping: dio, iomap, pagecache, writeback, xfs, ext4, block,
                          -- blk, marker, printk, function, kprobe
    columns     VARCHAR,  -- typed columns it fills, besides the header columns
    access      VARCHAR,  -- what it means for the page cache and direct I/O: an access_kinds.kind
                          -- ('by-flags': 40_file_events.sql decides from its flags); NULL: not classified
    range       VARCHAR,  -- how its pos and len read: a range_kinds.range
    description VARCHAR   -- what the event is, in a line
);

-- The access kinds: event_types.access, and file_events.kind (window_conflicts.kind) for the kinds
-- whose file_events is true.
CREATE OR REPLACE TABLE access_kinds (
    kind        VARCHAR PRIMARY KEY, -- the kind's name
    file_events BOOLEAN,  -- every event of this kind is a file_events row of this kind (with its range)
    recorded    BOOLEAN,  -- `dioscope record` enables the events of this kind by default
    meaning     VARCHAR   -- what an event of this kind did, in a line
);

-- The range semantics: event_types.range.
CREATE OR REPLACE TABLE range_kinds (
    range       VARCHAR PRIMARY KEY, -- the semantics' name
    meaning     VARCHAR   -- how pos and len read, in a line
);

-- arg(body, 'key'): the value of key=value in an event body, e.g. a kprobe's arguments:
--   SELECT arg(body, 'start') FROM events WHERE event = 'inval_pages2'
-- These two macros are kept in the database file for its users (the model's are TEMP:
-- model/00_macros.sql says why), so they call no other macro and use no lambda: a file written in
-- storage v1.0.0 (Database.STORAGE_VERSION) stores a lambda in the old arrow syntax, which DuckDB
-- 2.0 then refuses to bind, and DuckDB before 1.3 cannot parse the new one.
CREATE OR REPLACE MACRO arg(body, key) AS
    nullif(regexp_extract(body, '(?:^|[ (])' || key || '=([^ ]*)', 1), '');

-- args(body): every key=value of a body as a MAP, for events dioscope does not type:
--   SELECT args(body)['prev_comm'] FROM events WHERE event = 'sched_switch'
-- (the keys and the values are the same matches' two groups, so they pair in order)
CREATE OR REPLACE MACRO args(body) AS
    map(regexp_extract_all(body, '(?:^|[ (])([A-Za-z_][A-Za-z0-9_.]*)=[^ ]*', 1),
        regexp_extract_all(body, '(?:^|[ (])[A-Za-z_][A-Za-z0-9_.]*=([^ ]*)', 1));
