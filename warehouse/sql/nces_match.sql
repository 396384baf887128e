-- `awardex link`: every district's forms (name, non-acronym aliases) against the agencies in _lea;
-- the first step that finds any candidate decides; exactly one candidate makes a link (_new_links).
CREATE OR REPLACE TEMP TABLE _forms AS
SELECT DISTINCT district_id, state, form,
       awardex_normalise(form) AS norm, awardex_strict_key(form) AS core
FROM (SELECT district_id, state, name AS form, true AS is_name FROM districts
      UNION ALL
      SELECT district_id, state, unnest(aliases), false FROM districts)
WHERE is_name OR NOT awardex_is_acronym(form);  -- "PUSD" as an alias says nothing NCES would write

CREATE OR REPLACE TEMP TABLE _candidates AS
WITH found AS (
    SELECT f.district_id, 1 AS step, 'exact_name_state' AS method, l.leaid
    FROM _forms f JOIN _lea l ON l.norm = f.norm AND l.state = f.state
    UNION
    SELECT f.district_id, 2, 'core_name_state', l.leaid
    FROM _forms f JOIN _lea l ON l.core = f.core AND l.state = f.state
    UNION
    SELECT f.district_id, 3, 'core_name_unique', l.leaid
    FROM _forms f JOIN _lea l ON l.core = f.core
    WHERE f.state IS NULL
),
first_step AS (
    SELECT district_id, min(step) AS step FROM found GROUP BY district_id
)
SELECT district_id, method, list(DISTINCT leaid ORDER BY leaid) AS leaids
FROM found JOIN first_step USING (district_id, step)
GROUP BY district_id, method;

CREATE OR REPLACE TEMP TABLE _new_links AS
SELECT c.district_id, l.leaid AS nces_leaid, c.method, l.name AS nces_name, l.city AS nces_city,
       l.state AS nces_state, l.enrollment AS nces_enrollment
FROM _candidates c JOIN _lea l ON l.leaid = c.leaids[1]
WHERE len(c.leaids) = 1;
