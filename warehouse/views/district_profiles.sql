-- district_profiles: one row per district, what all articles say about it. The latest stated
-- enrollment and number of schools (latest article by published date, undated last, then
-- fetched_at), the canonical names of the programs that recognised it (recognised mentions only),
-- its initiatives, how many articles mention it and how many recognise it, and its NCES id.
CREATE OR REPLACE VIEW district_profiles AS
WITH m AS (
    SELECT m.district_id, m.article_id, m.role, m.enrollment, m.schools,
           a.published, a.fetched_at, a.program_id
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
           count(DISTINCT article_id) AS articles,
           count(DISTINCT article_id) FILTER (WHERE role = 'recognized') AS recognitions,
           min(published) AS first_seen,
           max(published) AS last_seen
    FROM m GROUP BY district_id
),
recognised_by AS (
    SELECT m.district_id, list(DISTINCT p.name ORDER BY p.name) AS programs
    FROM m JOIN programs p USING (program_id)
    WHERE m.role = 'recognized'
    GROUP BY m.district_id
),
inits AS (
    SELECT district_id, list(DISTINCT initiative ORDER BY initiative) AS initiatives
    FROM initiatives GROUP BY district_id
)
SELECT d.district_id, d.name, d.state, d.city,
       e.enrollment, e.enrollment_article_id, s.schools,
       coalesce(r.programs, []) AS programs,
       coalesce(i.initiatives, []) AS initiatives,
       coalesce(seen.articles, 0) AS articles,
       coalesce(seen.recognitions, 0) AS recognitions,
       seen.first_seen, seen.last_seen,
       l.nces_leaid
FROM districts d
LEFT JOIN latest_enrollment e USING (district_id)
LEFT JOIN latest_schools s USING (district_id)
LEFT JOIN seen USING (district_id)
LEFT JOIN recognised_by r USING (district_id)
LEFT JOIN inits i USING (district_id)
LEFT JOIN district_links l USING (district_id);
