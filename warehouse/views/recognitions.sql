-- recognitions: one row per (district, article) where the article reports that the district
-- received a recognition (district_mentions.role = 'recognized'; a district an article only
-- mentions is not here). The program is the article's, by its canonical name (NULL when none).
CREATE OR REPLACE VIEW recognitions AS
SELECT m.district_id, d.name AS district_name, d.state,
       a.program_id, p.name AS program, m.article_id, a.published
FROM district_mentions m
JOIN districts d USING (district_id)
JOIN articles a USING (article_id)
LEFT JOIN programs p USING (program_id)
WHERE m.role = 'recognized';
