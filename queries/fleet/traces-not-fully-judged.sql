-- id: traces-not-fully-judged
-- title: Traces whose verdict proves less than a pass would: unreadable, not judgeable or incomplete
-- explanation: A green fleet is only as good as its traces. These could not be read, held nothing
--   to judge (no direct I/O or no page-cache events), or lost events (a ring buffer that overflowed,
--   a cut file): their findings, or their silence, say less. Fix the capture before trusting them.
SELECT run, path, outcome, exit_code, complete, judgeable, lost_events, coalesce(error, sentence) AS why
FROM verdicts
WHERE outcome IN ('unreadable-input', 'not-judgeable', 'incomplete') OR NOT coalesce(complete, false)
ORDER BY run, path
