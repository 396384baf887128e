"""Record assembly: article text -> validated ArticleRecord (text -> *Doc -> records*)."""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator

from pydantic import ValidationError

from extractors import nlp, version
from extractors.assemble import assemble
from extractors.roles import assign_roles
from schemas.articles import RawArticle
from schemas.records import ArticleRecord, Reject, validate_article


def raw_record(article: RawArticle, doc) -> dict:
    """The article's record as a plain dict, before validation."""
    districts, program = assemble(doc)
    assign_roles(doc, districts, program)
    return {"article_id": article.article_id, "source": article.source, "title": article.title,
            "published": article.published, "program": program.value if program else None,
            "text_sha256": article.text_sha256, "fetched_at": article.fetched_at,
            "extractor_version": version.extractor_version(), "districts": districts,
            "evidence": [program.evidence(doc, "program")] if program else []}


def extract(articles: Iterable[RawArticle], batch_size: int = 64
            ) -> Iterator[tuple[RawArticle, ArticleRecord | None, list[Reject]]]:
    """Each article with its validated record (None if it could not be built) and its rejects.

    A district that fails validation is left out of the record and reported; an article
    whose own fields are invalid is reported whole. Nothing disappears without a reason.
    """
    articles = list(articles)
    texts = [nlp.cap(a.text) for a in articles]
    docs = nlp.build().pipe(texts, batch_size=batch_size)
    for article, text, doc in zip(articles, texts, docs):
        cut = [] if len(text) == len(article.text) else [Reject(
            source=article.source, stage="extract",
            reason=f"text of {len(article.text):,} characters cut to its first {len(text):,}: the extractor reads at "
                   f"most {nlp.MAX_CHARS:,} (an award article is a few thousand; longer pages are listings or dumps)")]
        try:
            record, reasons = validate_article(raw_record(article, doc), article.text)
        except ValidationError as exc:
            yield article, None, [*cut, Reject(source=article.source, stage="validate", reason=str(exc))]
            continue
        yield article, record, [*cut, *(Reject(source=article.source, stage="validate", reason=r) for r in reasons)]


def extract_each(articles: Iterable[RawArticle], batch_size: int = 64
                 ) -> list[tuple[RawArticle, ArticleRecord | None, list[Reject]]]:
    """extract() over a batch; should it raise, again article by article, so that only the
    article that broke the extractor is rejected (stage 'extract') and the rest load."""
    articles = list(articles)
    try:
        return list(extract(articles, batch_size))
    except Exception:
        pass
    out = []
    for article in articles:
        try:
            out += list(extract([article]))
        except Exception as exc:
            reason = f"extractor failed: {type(exc).__name__}: {exc}"
            out.append((article, None, [Reject(source=article.source, stage="extract", reason=reason)]))
    return out


PARALLEL_FROM = 200  # articles: a smaller batch finishes sooner in one process than a second one saves
CHUNK = 50           # articles per piece of work sent to a worker process


def extract_all(articles: Iterable[RawArticle], workers: int | None = None
                ) -> Iterator[tuple[RawArticle, ArticleRecord | None, list[Reject]]]:
    """extract() over many articles, in their order, on the machine's cores (`awardex extract`,
    `awardex eval`): chunks of CHUNK go to worker processes forked once the rules are built, so no
    worker builds them again. One process (extract() itself) below PARALLEL_FROM articles, on one
    core, or where processes cannot fork."""
    articles = list(articles)
    workers = min(workers or os.cpu_count() or 1, -(-len(articles) // CHUNK))
    if len(articles) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from extract(articles)
        return
    nlp.build()
    chunks = [articles[i:i + CHUNK] for i in range(0, len(articles), CHUNK)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for done in pool.imap(extract_each, chunks):
            yield from done
