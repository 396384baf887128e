-- programs_by_year: one row per (program, publication year), each program once whatever the
-- variants of its name: the districts its articles recognise and the articles. Articles without
-- a program are left out; undated articles have year NULL.
CREATE OR REPLACE VIEW programs_by_year AS
SELECT p.program_id, p.name AS program, year(a.published) AS year,
       count(DISTINCT m.district_id) FILTER (WHERE m.role = 'recognized') AS districts,
       count(DISTINCT a.article_id) AS articles
FROM articles a
JOIN programs p USING (program_id)
LEFT JOIN district_mentions m USING (article_id)
GROUP BY p.program_id, p.name, year(a.published);
