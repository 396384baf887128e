-- 003: NCES Common Core of Data links (`awardex link --nces FILE`, warehouse/nces.py).
-- A table of its own, not columns on districts: load.py deletes and recomputes the districts rows
-- a batch touches, and a link must survive that. One row per linked district; a district with no
-- row is unlinked (no match, or an ambiguous one). Rows are replaced by every `awardex link` run.

CREATE TABLE district_links (
    district_id     VARCHAR PRIMARY KEY,
    nces_leaid      VARCHAR NOT NULL,
    method          VARCHAR NOT NULL,
    nces_name       VARCHAR NOT NULL,
    nces_city       VARCHAR,
    nces_state      VARCHAR,
    nces_enrollment INTEGER,
    linked_at       TIMESTAMPTZ NOT NULL
);

-- district_profiles gains nces_leaid (last column; everything before it is unchanged from 002).
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
       seen.first_seen, seen.last_seen,
       l.nces_leaid
FROM districts d
LEFT JOIN latest_enrollment e USING (district_id)
LEFT JOIN latest_schools s USING (district_id)
LEFT JOIN seen USING (district_id)
LEFT JOIN inits i USING (district_id)
LEFT JOIN district_links l USING (district_id);
