-- 001: the warehouse tables (../../../shared/DESIGN.md, "Warehouse tables").
-- No foreign keys: DuckDB's FK checks get in the way of delete-and-reinsert inside one
-- transaction. Relationships (all by id) are documented in docs/warehouse.md.

CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    applied_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE articles (
    article_id        VARCHAR PRIMARY KEY,
    source            VARCHAR NOT NULL,
    title             VARCHAR,
    published         DATE,
    program           VARCHAR,
    text              VARCHAR NOT NULL,
    text_sha256       VARCHAR NOT NULL,
    fetched_at        TIMESTAMPTZ NOT NULL,
    extractor_version VARCHAR NOT NULL,
    run_id            VARCHAR NOT NULL
);

CREATE TABLE districts (
    district_id VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    state       VARCHAR,
    city        VARCHAR,
    aliases     VARCHAR[] NOT NULL
);

CREATE TABLE district_mentions (
    article_id      VARCHAR NOT NULL,
    district_id     VARCHAR NOT NULL,
    name_as_written VARCHAR NOT NULL,
    city            VARCHAR,
    state           VARCHAR,
    enrollment      INTEGER,
    schools         INTEGER,
    PRIMARY KEY (article_id, district_id)
);

CREATE TABLE initiatives (
    article_id  VARCHAR NOT NULL,
    district_id VARCHAR NOT NULL,
    initiative  VARCHAR NOT NULL,
    PRIMARY KEY (article_id, district_id, initiative)
);

CREATE TABLE evidence (
    article_id  VARCHAR NOT NULL,
    district_id VARCHAR,
    field       VARCHAR NOT NULL,
    value       VARCHAR NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    rule_id     VARCHAR NOT NULL
);

CREATE TABLE runs (
    run_id            VARCHAR PRIMARY KEY,
    started_at        TIMESTAMPTZ NOT NULL,
    finished_at       TIMESTAMPTZ,
    status            VARCHAR NOT NULL,
    seen              INTEGER,
    loaded            INTEGER,
    unchanged         INTEGER,
    rejected          INTEGER,
    extractor_version VARCHAR NOT NULL
);

CREATE TABLE rejects (
    run_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    stage  VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    "at"   TIMESTAMPTZ NOT NULL  -- quoted: AT is a keyword in DuckDB 2
);
