-- Helpers the rules use to write their one-sentence explanations (and you may use in queries).
CREATE OR REPLACE MACRO hexoff(x) AS '0x' || lower(hex(x));
-- [0x0, 0x10000)
CREATE OR REPLACE MACRO byte_range(pos, end_pos) AS '[' || hexoff(pos) || ', ' || hexoff(end_pos) || ')';
-- 4195.963600: the trace clock in seconds, as ftrace prints it
CREATE OR REPLACE MACRO secs(ts) AS printf('%d.%06d', ts // 1000000000, (ts % 1000000000) // 1000);
-- dioscen (27198)
CREATE OR REPLACE MACRO task(comm, pid) AS comm || ' (' || pid || ')';
-- 1 page / 16 pages
CREATE OR REPLACE MACRO plural(n, word) AS n || ' ' || word || CASE WHEN n = 1 THEN '' ELSE 's' END;
-- 56 us, 1.2 ms
CREATE OR REPLACE MACRO duration(ns) AS CASE
    WHEN ns >= 1000000000 THEN printf('%.2f s', ns / 1e9)
    WHEN ns >= 1000000 THEN printf('%.2f ms', ns / 1e6)
    ELSE printf('%d us', ns // 1000) END;
-- page indexes a byte range covers, as text: 'page 3' or 'pages 0-15'
CREATE OR REPLACE MACRO page_span(pos, end_pos) AS CASE
    WHEN (end_pos - 1) // 4096 = pos // 4096 THEN 'page ' || (pos // 4096)
    ELSE 'pages ' || (pos // 4096) || '-' || ((end_pos - 1) // 4096) END;
