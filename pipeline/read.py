"""The read step: one source -> its raw bytes' hash and, unless those bytes are known, its article.

"Unchanged means unread": the sha256 of the raw bytes (the file, or the fetched body) is taken
before anything is parsed; a (source, hash) pair in `known` is a source whose article is already
stored, so its bytes are not decoded, parsed or snapshotted again.

Error policy: every failure is a FetchError or a TextError with a readable reason (the flow
turns it into a reject); an unexpected exception inside a step is that step's error too, so one
odd page never stops a run. A disk that cannot take a fetched page's snapshot does stop it.
"""
from __future__ import annotations

import hashlib
from collections.abc import Container
from dataclasses import dataclass

from pipeline.discover import fetch_source
from pipeline.fetch import FetchError, snapshot
from pipeline.settings import Settings
from pipeline.sources import Source
from pipeline.text import TextError, from_fetched, read_file
from schemas.articles import RawArticle

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Read:
    source: Source
    raw_sha256: str
    article: RawArticle | None  # None: the raw bytes are known (unchanged), nothing was parsed


def file_sha256(path: str) -> str | None:
    """sha256 of a file's bytes; None when it cannot be read (the text step says why)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(CHUNK):
                digest.update(chunk)
    except (OSError, ValueError):
        return None
    return digest.hexdigest()


def read_source(source: Source, settings: Settings, known: Container[tuple[str, str]] = frozenset()) -> Read:
    """Read or fetch `source`; parse it into an article unless (source, raw hash) is in `known`.
    Raises FetchError (stage 'fetch') or TextError (stage 'text')."""
    if source.kind == "file":
        raw = file_sha256(source.location)
        if raw is not None and (source.location, raw) in known:
            return Read(source, raw, None)
        article = _step(TextError, read_file, source.location)
        return Read(source, raw or "", article)
    fetched = _step(FetchError, fetch_source, source, settings)  # discovery's snapshot, else a fetch
    raw = hashlib.sha256(fetched.body).hexdigest()
    if (source.location, raw) in known:
        return Read(source, raw, None)
    raw_path = snapshot(fetched.body, settings.raw_dir)  # a disk that cannot be written stops the run
    return Read(source, raw, _step(TextError, from_fetched, fetched, raw_path))


def _step(error: type[Exception], function, *args):
    try:
        return function(*args)
    except (FetchError, TextError):
        raise
    except Exception as exc:
        raise error(f"unexpected {type(exc).__name__}: {exc}") from exc
