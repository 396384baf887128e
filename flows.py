"""Prefect wiring, and nothing else: the steps live in pipeline/, extractors/ and warehouse/.

ingest: resolve sources -> (per batch, in a task) read or fetch, extract text, extract and
validate records -> load each batch into DuckDB (one writer, one transaction per batch).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from prefect import flow, get_run_logger, task

from extractors.nlp import extractor_version
from extractors.records import extract
from pipeline.articles import RawArticle
from pipeline.fetch import FetchError, fetch, snapshot
from pipeline.settings import Settings, load_settings
from pipeline.sources import Source, resolve
from pipeline.text import TextError, from_fetched, read_file
from schemas.records import ArticleRecord, Reject
from warehouse import load
from warehouse.db import connect, db_path

DEFAULT_SOURCES = ["raw/samples"]


@dataclass
class Summary:
    run_id: str
    db: str
    seen: int = 0
    loaded: int = 0
    unchanged: int = 0
    rejected: int = 0
    districts: int = 0
    seconds: float = 0.0
    status: str = "running"
    reasons: list[str] = field(default_factory=list)


def read_source(source: Source, settings: Settings) -> RawArticle:
    """source -> raw -> text for one source; FetchError / TextError say why not."""
    if source.kind == "file":
        return read_file(source.location)
    fetched = fetch(source.location, settings)
    return from_fetched(fetched, snapshot(fetched.body, settings.raw_dir))


@task(name="extract-batch")
def extract_batch(sources: list[Source], settings: Settings, known: dict[str, str]
                  ) -> tuple[list[ArticleRecord], list[str], list[Reject]]:
    """A batch of sources -> (records, ids of unchanged articles, rejects)."""
    articles, unchanged, rejects = [], [], []
    for source in sources:
        try:
            article = read_source(source, settings)
        except (FetchError, TextError) as exc:
            stage = "fetch" if isinstance(exc, FetchError) else "text"
            rejects.append(Reject(source=source.location, stage=stage, reason=exc.reason))
            continue
        if known.get(article.article_id) == article.text_sha256:
            unchanged.append(article.article_id)
        else:
            articles.append(article)
    records = []
    for _, record, bad in extract(articles):
        rejects += bad
        if record is not None:
            records.append(record)
    return records, unchanged, rejects


@task(name="load-batch")
def load_records(db: str, run_id: str, records: list[ArticleRecord], rejects: list[Reject]) -> dict:
    con = connect(db)
    try:
        return load.load_batch(con, run_id, records, rejects)
    finally:
        con.close()


@flow(name="awardex-ingest")
def ingest(sources: list[str] | None = None, db: str | None = None,
           settings_path: str | None = None) -> Summary:
    """Load the articles of `sources` (URLs, files, directories, URL lists) into DuckDB."""
    log = get_run_logger()
    started = time.perf_counter()
    settings = load_settings(settings_path)
    path = str(db_path(db or settings.db))
    version = extractor_version()
    con = connect(path)
    try:
        run_id = load.start_run(con, version)
        known = dict(con.execute("SELECT article_id, text_sha256 FROM articles WHERE extractor_version = ?",
                                 [version]).fetchall())
    finally:
        con.close()
    summary = Summary(run_id=run_id, db=path)
    try:
        resolved, rejects = resolve(list(sources or DEFAULT_SOURCES))
        summary.seen = len(resolved) + len(rejects)
        size = settings.batch_size
        futures = [extract_batch.submit(resolved[i:i + size], settings, known)
                   for i in range(0, len(resolved), size)]
        pending = rejects
        for fut in futures:  # one writer: batches load in order as they finish
            records, unchanged, bad = fut.result()
            counts = load_records(path, run_id, records, pending + bad)
            summary.loaded += counts["loaded"]
            summary.unchanged += counts["unchanged"] + len(unchanged)
            summary.rejected += len(pending) + len(bad)
            summary.reasons += [f"{r.source}: {r.stage}: {r.reason}" for r in pending + bad]
            pending = []
        if pending:
            load_records(path, run_id, [], pending)
            summary.rejected += len(pending)
            summary.reasons += [f"{r.source}: {r.stage}: {r.reason}" for r in pending]
        summary.status = "completed"
    except Exception:
        summary.status = "failed"
        raise
    finally:
        con = connect(path)
        try:
            load.finish_run(con, run_id, summary.status, summary.seen, summary.loaded,
                            summary.unchanged, summary.rejected)
            summary.districts = con.execute("SELECT count(*) FROM districts").fetchone()[0]
        finally:
            con.close()
        summary.seconds = round(time.perf_counter() - started, 2)
    log.info("run %s: %s seen, %s loaded, %s unchanged, %s rejected", run_id, summary.seen,
             summary.loaded, summary.unchanged, summary.rejected)
    return summary
