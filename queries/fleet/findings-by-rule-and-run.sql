-- id: findings-by-rule-and-run
-- title: How many findings each rule made in each run, and in how many traces
-- explanation: The trend a fleet watches: a rule whose count jumps between two kernels (or two
--   nights) is a regression to look at; one that falls to zero is a fix to confirm. Runs are the
--   --run values (kernel versions, dates), ordered as text.
SELECT run, rule, severity, count(*) AS findings, count(DISTINCT trace) AS traces
FROM findings
GROUP BY run, rule, severity
ORDER BY run, rule, severity
