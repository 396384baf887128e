-- The districts rows of the district ids in _touched, recomputed from the mentions and evidence
-- that remain: the longest form as name, the other forms as aliases, the state, the city of the
-- latest article that gives one, and the strict key of the id (this batch's, else the stored one).
-- _touched: district_id; name_key, the strict key this batch gives the id (else NULL); replaced,
-- whether it lost mentions; forms, the names and aliases of the evidence a replaced one has left
-- (warehouse.load._delete). A district that lost no mention still has every form its row lists:
-- its forms are those plus the ones of this batch's evidence (_new_evidence, the rows just
-- inserted), instead of a scan of the evidence of every mention it ever had.
CREATE OR REPLACE TEMP TABLE _old AS
    SELECT district_id, name, aliases, name_key FROM districts WHERE district_id IN (SELECT district_id FROM _touched);
DELETE FROM districts WHERE district_id IN (SELECT district_id FROM _touched);
INSERT INTO districts (district_id, name, state, city, aliases, name_key)
WITH m AS (
    SELECT m.*, a.published, a.fetched_at
    FROM district_mentions m JOIN articles a USING (article_id)
    WHERE m.district_id IN (SELECT district_id FROM _touched)
),
forms AS (
    SELECT district_id, name_as_written AS form FROM m
    UNION
    SELECT district_id, unnest(list_prepend(name, aliases)) FROM _old
    WHERE district_id NOT IN (SELECT district_id FROM _touched WHERE replaced)
    UNION
    SELECT district_id, value FROM _new_evidence WHERE field IN ('name', 'alias')
    UNION
    SELECT district_id, unnest(forms) FROM _touched WHERE replaced AND district_id IN (SELECT district_id FROM m)
),
named AS (
    SELECT district_id, first(form ORDER BY length(form) DESC, form) AS name FROM forms GROUP BY district_id
),
aliased AS (
    SELECT district_id, n.name, coalesce(list_sort(list(f.form) FILTER (WHERE f.form <> n.name)), []) AS aliases
    FROM named n JOIN forms f USING (district_id) GROUP BY district_id, n.name
),
placed AS (
    SELECT district_id, max(state) AS state,
           first(city ORDER BY published DESC NULLS LAST, fetched_at DESC, article_id DESC)
               FILTER (WHERE city IS NOT NULL) AS city
    FROM m GROUP BY district_id
)
SELECT district_id, n.name, p.state, p.city, n.aliases, coalesce(k.name_key, o.name_key)
FROM aliased n
JOIN placed p USING (district_id)
JOIN _touched k USING (district_id)
LEFT JOIN _old o USING (district_id);
DROP TABLE _old;
