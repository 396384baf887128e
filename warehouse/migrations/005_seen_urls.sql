-- 005: every URL a run asked for or a feed / sitemap listed (warehouse/seen.py; pipeline/discover.py).
-- What a source published when (first_seen), when it was last asked (last_checked), what the
-- answer was (status: fetched, unchanged = 304, pending = over the discovery limit, rejected),
-- and the validators sent back next time (etag, last_modified) for a conditional GET.

CREATE TABLE seen_urls (
    url           VARCHAR PRIMARY KEY,
    kind          VARCHAR NOT NULL,      -- page, feed or sitemap
    via           VARCHAR,               -- the feed or sitemap that listed it (NULL: a sources line)
    first_seen    TIMESTAMPTZ NOT NULL,
    last_checked  TIMESTAMPTZ,           -- NULL: listed, never asked yet
    last_changed  TIMESTAMPTZ,           -- the last answer whose bytes differed from the one before
    status        VARCHAR NOT NULL,
    reason        VARCHAR,               -- why it was rejected or left pending
    http_status   INTEGER,
    etag          VARCHAR,
    last_modified VARCHAR,
    lastmod       VARCHAR,               -- as the listing sitemap gave it
    raw_sha256    VARCHAR,               -- the page's raw snapshot (raw_dir/<sha[:2]>/<sha>.html)
    content_type  VARCHAR,
    final_url     VARCHAR,               -- after redirects
    run_id        VARCHAR NOT NULL       -- the run that last wrote the row
);
