-- findings_rank: moves the rows the rules staged (queries/findings_staging.sql) into findings
-- (queries/findings.sql), numbered worst first, and drops the staging table. Run once, after the
-- last rule.
--
-- finding_id is the order every report lists findings in, so the first findings a reader sees are
-- the ones most worth reading: the most harmful, then the best founded. Worst first means, in turn:
--   1. severity: critical, then warning, then info;
--   2. certain first: a window the trace recorded whole (dio_windows.trusted) before one where the
--      trace lost events, whose pairing and contents are partly guesswork;
--   3. confirmed first: a finding on a window the kernel itself warned about (kernel_warnings;
--      confirmed_by is the first such warning's line) before one only the trace's events show;
--   4. more conflicting events first (len(conflict_lines); a finding without them last);
--   5. then the window (window_ids follow the trace), then the rule's id: ties are broken by
--      what the finding is about, never by the order the rules ran in.
-- certain and confirmed_by are kept in findings, so reports and --fail-on need not work them out again.
INSERT INTO findings
WITH staged AS (
    SELECT s.*, coalesce(w.trusted, false) AS certain, k.confirmed_by
    FROM findings_staging s
    LEFT JOIN dio_windows w USING (window_id)
    LEFT JOIN (SELECT window_id, min(line) AS confirmed_by FROM kernel_warnings GROUP BY ALL) k USING (window_id)
)
SELECT row_number() OVER (ORDER BY
           CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
           certain DESC,
           confirmed_by IS NULL,
           len(conflict_lines) DESC NULLS LAST,
           window_id,
           rule)::INTEGER,
       rule, severity, evidence, window_id, related_window_id, message, conflict_lines, certain, confirmed_by
FROM staged;

DROP TABLE findings_staging;
