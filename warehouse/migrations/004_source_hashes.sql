-- 004: the raw bytes each source last gave, so that a re-run decides "unchanged" before
-- parsing anything (warehouse/runs.py: known_sources, remember_sources).

CREATE TABLE source_hashes (
    source            VARCHAR PRIMARY KEY,
    raw_sha256        VARCHAR NOT NULL,
    article_id        VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    run_id            VARCHAR NOT NULL
);
