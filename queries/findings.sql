-- findings: what `dioscope analyze` found, one row per rule per window. Filled by running each
-- rule under queries/rules/ (and --rules DIR); see queries/rules/README.md for what a rule returns.
CREATE OR REPLACE TABLE findings (
    finding_id        INTEGER,   -- order: worst first
    rule              VARCHAR,   -- the rule's id
    severity          VARCHAR,   -- 'critical', 'warning' or 'info'
    evidence          VARCHAR,   -- the rule's qualifier ('confirmed', 'likely', 'mmap store', 'entry-only', ...)
    window_id         BIGINT,    -- dio_windows.window_id: the direct I/O the finding is about
    related_window_id BIGINT,    -- another window involved (overlapping-dio-writes: the earlier write)
    message           VARCHAR,   -- one plain sentence: what happened and what it means for the data
    conflict_lines    BIGINT[],  -- lines of the trace (events.line) with the conflicting events
    certain           BOOLEAN,   -- false when the window lies where the trace lost events (dio_windows.trusted
                                 -- is false): its pairing and what happened inside it are partly guesswork.
                                 -- --fail-on counts only certain findings unless --fail-on-uncertain
    confirmed_by      BIGINT     -- line of a kernel warning about the same window (kernel_warnings), if any
);

-- @table finding_details
--   A view: each finding with its trace, window and a count of conflicting events.
-- @column finding_id         findings.finding_id
-- @column rule               findings.rule
-- @column severity           findings.severity
-- @column evidence           findings.evidence
-- @column window_id          findings.window_id
-- @column related_window_id  findings.related_window_id
-- @column message            findings.message
-- @column conflict_lines     findings.conflict_lines
-- @column certain            findings.certain
-- @column confirmed_by       findings.confirmed_by
-- @column trace_id           dio_windows.trace_id
-- @column trace_path         traces.path
-- @column window_evidence    dio_windows.evidence (renamed: findings has its own evidence)
-- @column direction          dio_windows.direction
-- @column dev                dio_windows.dev
-- @column ino                dio_windows.ino
-- @column pos                dio_windows.pos
-- @column len                dio_windows.len
-- @column begin_ts           dio_windows.begin_ts
-- @column end_ts             dio_windows.end_ts
-- @column complete_ts        dio_windows.complete_ts
-- @column submit_pid         dio_windows.submit_pid
-- @column submit_comm        dio_windows.submit_comm
-- @column complete_pid       dio_windows.complete_pid
-- @column complete_comm      dio_windows.complete_comm
-- @column aio                dio_windows.aio
-- @column outcome            dio_windows.outcome
-- @column begin_line         dio_windows.begin_line
-- @column complete_line      dio_windows.complete_line
-- @column trusted            dio_windows.trusted
-- @column untrusted_because  dio_windows.untrusted_because
-- @column conflicts          how many conflict_lines
-- @column file_path          dio_windows.path: the file's path where the recording mapped it, else NULL
-- @column page_size          dio_windows.page_size
-- @column sector             dio_windows.sector: a block-evidence window's first sector on dev, else NULL
CREATE OR REPLACE VIEW finding_details AS
SELECT f.*, w.trace_id, t.path AS trace_path, w.evidence AS window_evidence, w.direction, w.dev, w.ino,
       w.pos, w.len, w.begin_ts, w.end_ts, w.complete_ts, w.submit_pid, w.submit_comm,
       w.complete_pid, w.complete_comm, w.aio, w.outcome, w.begin_line, w.complete_line, w.trusted, w.untrusted_because,
       len(f.conflict_lines) AS conflicts, w.path AS file_path, w.page_size, w.sector
FROM findings f
JOIN dio_windows w USING (window_id)
JOIN traces t ON t.trace_id = w.trace_id;
