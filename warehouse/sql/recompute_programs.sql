-- The programs rows of the program ids in _touched_programs, recomputed from the articles that
-- remain: the canonical name is the variant most articles use (then one without a year, then the
-- longest), variants sorted.
DELETE FROM programs WHERE program_id IN (SELECT program_id FROM _touched_programs);
INSERT INTO programs (program_id, name, variants)
WITH counted AS (
    SELECT program_id, program, count(*) AS n
    FROM articles
    WHERE program_id IN (SELECT program_id FROM _touched_programs)
    GROUP BY ALL
)
SELECT program_id,
       first(program ORDER BY n DESC, regexp_matches(program, '(19|20)[0-9][0-9]'), length(program) DESC, program) AS name,
       list(program ORDER BY program) AS variants
FROM counted
GROUP BY program_id;
