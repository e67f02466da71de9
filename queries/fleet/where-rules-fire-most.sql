-- id: where-rules-fire-most
-- title: The tests and files where each rule fires most
-- explanation: Findings grouped by the trace they came from (the test that was traced) and the file
--   (device and inode) they are about, most first: where a race concentrates is where to start
--   reading, and a test that races on every run is a candidate for a kernel bug report.
SELECT v.path, f.dev, f.ino, f.rule, count(*) AS findings, count(DISTINCT f.run) AS runs
FROM findings f
JOIN verdicts v ON v.run = f.run AND v.trace = f.trace
GROUP BY v.path, f.dev, f.ino, f.rule
ORDER BY findings DESC, v.path, f.rule, f.ino
LIMIT 50
