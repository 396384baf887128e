-- 002: analyst views. Later changes to a view go in a new numbered file (CREATE OR REPLACE VIEW).

-- One row per district: what the articles say about it, latest stated figures first.
CREATE OR REPLACE VIEW district_profiles AS
WITH m AS (
    SELECT m.district_id, m.article_id, m.enrollment, m.schools,
           a.published, a.fetched_at, a.program
    FROM district_mentions m
    JOIN articles a USING (article_id)
),
latest_enrollment AS (
    SELECT district_id, enrollment, article_id AS enrollment_article_id
    FROM m WHERE enrollment IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY district_id
                               ORDER BY published DESC NULLS LAST, fetched_at DESC, article_id DESC) = 1
),
latest_schools AS (
    SELECT district_id, schools
    FROM m WHERE schools IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY district_id
                               ORDER BY published DESC NULLS LAST, fetched_at DESC, article_id DESC) = 1
),
seen AS (
    SELECT district_id,
           coalesce(list(DISTINCT program ORDER BY program) FILTER (WHERE program IS NOT NULL), []) AS programs,
           count(DISTINCT article_id) AS articles,
           min(published) AS first_seen,
           max(published) AS last_seen
    FROM m GROUP BY district_id
),
inits AS (
    SELECT district_id, list(DISTINCT initiative ORDER BY initiative) AS initiatives
    FROM initiatives GROUP BY district_id
)
SELECT d.district_id, d.name, d.state, d.city,
       e.enrollment, e.enrollment_article_id, s.schools,
       coalesce(seen.programs, []) AS programs,
       coalesce(i.initiatives, []) AS initiatives,
       coalesce(seen.articles, 0) AS articles,
       seen.first_seen, seen.last_seen
FROM districts d
LEFT JOIN latest_enrollment e USING (district_id)
LEFT JOIN latest_schools s USING (district_id)
LEFT JOIN seen USING (district_id)
LEFT JOIN inits i USING (district_id);

-- One row per (district, article): which program recognised which district, according to which article.
CREATE OR REPLACE VIEW recognitions AS
SELECT m.district_id, d.name AS district_name, d.state, a.program, m.article_id, a.published
FROM district_mentions m
JOIN districts d USING (district_id)
JOIN articles a USING (article_id);

-- One row per (district state, initiative).
CREATE OR REPLACE VIEW initiatives_by_state AS
SELECT d.state, i.initiative,
       count(DISTINCT i.district_id) AS districts,
       count(DISTINCT i.article_id) AS articles
FROM initiatives i
JOIN districts d USING (district_id)
GROUP BY d.state, i.initiative;

-- One row per (program, publication year); articles without a program are left out.
CREATE OR REPLACE VIEW programs_by_year AS
SELECT a.program, year(a.published) AS year,
       count(DISTINCT m.district_id) AS districts,
       count(DISTINCT a.article_id) AS articles
FROM articles a
LEFT JOIN district_mentions m USING (article_id)
WHERE a.program IS NOT NULL
GROUP BY a.program, year(a.published);
