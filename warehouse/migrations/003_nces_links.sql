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
