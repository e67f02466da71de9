-- id: new-findings-in-latest-run
-- title: Findings of the latest run that no earlier run had
-- explanation: The fleet's baseline check: a finding is known by the test's file name, the rule, the
--   window's direction, byte range and submitting task's name (as dioscope analyze --baseline keys
--   them, never by time or pid); those of the latest run (the greatest --run value) that no earlier
--   run produced are new, and are what a nightly report should lead with.
WITH keyed AS (
    SELECT f.run, regexp_extract(v.path, '[^/]+$', 0) AS test, f.rule, f.direction, f.pos, f.len,
           coalesce(f.submit_comm, '') AS comm
    FROM findings f
    JOIN verdicts v ON v.run = f.run AND v.trace = f.trace
), latest AS (
    SELECT max(run) AS run FROM verdicts
), earlier AS (
    SELECT DISTINCT k.test, k.rule, k.direction, k.pos, k.len, k.comm
    FROM keyed k CROSS JOIN latest l
    WHERE k.run < l.run
)
SELECT k.test, k.rule, k.direction, k.pos, k.len, k.comm, count(*) AS findings
FROM keyed k
JOIN latest l ON k.run = l.run
LEFT JOIN earlier e ON e.test = k.test AND e.rule = k.rule AND e.direction = k.direction
    AND e.pos = k.pos AND e.len = k.len AND e.comm = k.comm
WHERE e.rule IS NULL
GROUP BY k.test, k.rule, k.direction, k.pos, k.len, k.comm
ORDER BY k.test, k.rule, k.pos, k.comm
