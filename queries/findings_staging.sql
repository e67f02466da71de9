-- findings_staging: the rows of every rule as `dioscope analyze` runs them, before they are ranked
-- into findings (queries/findings_rank.sql numbers them and drops this table). The engine
-- (io.dioscope.rules.RuleEngine) runs one rule at a time, checks the columns its query returns
-- against the contract in queries/rules/README.md, and appends its rows here: the rule's id, and
-- its header's severity where a row names none. A temporary table: it lives only while the rules run.
-- The columns mean what they mean in findings (queries/findings.sql).
CREATE OR REPLACE TEMP TABLE findings_staging (
    rule              VARCHAR,
    severity          VARCHAR,
    evidence          VARCHAR,
    window_id         BIGINT,
    related_window_id BIGINT,
    message           VARCHAR,
    conflict_lines    BIGINT[]
);
