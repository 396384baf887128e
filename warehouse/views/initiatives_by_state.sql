-- initiatives_by_state: one row per (district state, initiative type): how many districts are
-- credited with it and by how many articles (state NULL = districts whose state is unknown).
CREATE OR REPLACE VIEW initiatives_by_state AS
SELECT d.state, i.initiative,
       count(DISTINCT i.district_id) AS districts,
       count(DISTINCT i.article_id) AS articles
FROM initiatives i
JOIN districts d USING (district_id)
GROUP BY d.state, i.initiative;
