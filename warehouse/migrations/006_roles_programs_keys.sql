-- 006: rejects.at -> rejected_at (AT is a keyword); the role of each mention; one row per program
-- (name variants folded, warehouse/programs.py) with program_id on articles; the strict key each
-- district id is made from (districts.name_key, schemas.names.strict_key), so that a load looks up
-- candidates by key instead of reading every district. Existing rows are filled in here:
-- mentions loaded before roles were extracted are 'mentioned' until their article is re-extracted.

ALTER TABLE rejects RENAME COLUMN "at" TO rejected_at;

ALTER TABLE district_mentions ADD COLUMN role VARCHAR DEFAULT 'mentioned';

ALTER TABLE articles ADD COLUMN program_id VARCHAR;
UPDATE articles SET program_id = awardex_program_id(program) WHERE program IS NOT NULL;

CREATE TABLE programs (
    program_id VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    variants   VARCHAR[] NOT NULL
);
INSERT INTO programs (program_id, name, variants)
WITH counted AS (
    SELECT program_id, program, count(*) AS n FROM articles WHERE program_id IS NOT NULL GROUP BY ALL
)
SELECT program_id, first(program ORDER BY n DESC, regexp_matches(program, '(19|20)[0-9][0-9]'), length(program) DESC, program), list(program ORDER BY program)
FROM counted GROUP BY program_id;

ALTER TABLE districts ADD COLUMN name_key VARCHAR;
UPDATE districts SET name_key = awardex_strict_key(name);
