"""RawArticle: the text stage's output, what extraction reads (source -> raw -> *text* -> Doc)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timezone


def sha256(data: str | bytes) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


@dataclass(frozen=True)
class RawArticle:
    article_id: str          # sha256 of the URL, of the text for local files; file stem for `extract`
    source: str              # URL or path as given
    text: str                # main text (trafilatura for HTML)
    title: str | None = None
    published: date | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    raw_path: str | None = None  # content-addressed snapshot under raw/, when there is one

    @property
    def text_sha256(self) -> str:
        return sha256(self.text)
