"""Text: raw bytes -> one normalised article text, its title and date (source -> raw -> *text*).

`decode()` turns bytes into str without ever failing on a bad byte; `html_to_article()` keeps
the main text of a page (trafilatura: no comments, menus or footers); `read_file()` and
`from_fetched()` are the two ways in. The text is normalised here, once (`normalize`), since
every evidence offset downstream indexes into it. What cannot give a text raises
`TextError` with a readable reason.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from schemas.articles import RawArticle, sha256

# trafilatura (and lxml, courlan, htmldate: ~0.2 s) is imported where a page's HTML or an
# undeclared encoding needs it, not here: `.txt` articles (`awardex extract one.txt`) never do.

if TYPE_CHECKING:
    from pipeline.fetch import Fetched

SUFFIXES = (".html", ".htm", ".txt")
MAX_FILE_BYTES = 50 * 1024 * 1024  # a local file larger than this is not an article
TITLE_MAX = 150                    # a .txt file's first line is its title when this short
MIN_PROSE_WORDS = 20               # words in lines of >= PROSE_LINE_WORDS words, for "article text"
PROSE_LINE_WORDS = 5

_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([^\s;"',]+)""", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# every character str.splitlines() breaks at becomes "\n", so lines are the same either way
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# other control characters (tab and newline stay), BOMs / zero-width no-breaks, lone surrogates
_JUNK = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufeff\ud800-\udfff]")
_WORD = re.compile(r"[^\W\d_]+")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


class TextError(Exception):
    """No article text could be had; str(error) is the reason."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def normalize(text: str) -> str:
    """The one normal form of article text: "\\n" line breaks, plain spaces (no NBSP), no
    control characters, NFC, stripped.

    Idempotent: normalize(normalize(t)) == normalize(t).
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = _SPACES.sub(" ", _JUNK.sub("", text))
    return unicodedata.normalize("NFC", text).strip()


def decode(body: bytes, content_type: str | None = None) -> str:
    """Bytes -> str: a BOM, the charset of `content_type`, a <meta> charset, then a guess
    (trafilatura's detector), then UTF-8 with U+FFFD for bad bytes. A declared charset is kept
    when only a few bytes do not fit it. Raises TextError for binary content only (NUL bytes,
    control characters, or bytes that are text in no encoding)."""
    body = bytes(body)
    if not body:
        return ""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body.decode(encoding, errors="replace")
    declared = [c for c in (_charset(_HEADER_CHARSET.search(content_type or "")),
                            _charset(_META_CHARSET.search(body[:4096]))) if c]
    wide = [c for c in declared if c.startswith(("utf-16", "utf-32"))]
    if wide and not _wide_looking(body):  # a charset that lies (UTF-16 said, bytes of UTF-8 sent)
        declared, wide = [c for c in declared if c not in wide], []
    for encoding in wide:  # UTF-16/32 without a BOM: NUL bytes are expected
        if (text := _try(body, encoding)) is not None:
            return _not_binary(text)
    if b"\x00" in body:
        raise TextError("binary content (NUL bytes)")
    for encoding in declared:
        if (text := _try(body, encoding)) is not None:
            return _not_binary(text)
    for encoding in declared:  # mostly right: keep it, bad bytes become U+FFFD
        if encoding == "utf-8" and not _mostly_utf8(body):
            continue  # e.g. cp1252 sent as UTF-8: every non-ASCII byte is bad, let the guesser try
        text = _try(body, encoding, errors="replace")
        if text is not None and (encoding == "utf-8" or text.count("\ufffd") <= max(8, len(text) // 100)):
            return _not_binary(text)
    if (text := _try(body, "utf-8")) is not None:
        return _not_binary(text)
    if _mostly_utf8(body):
        return _not_binary(body.decode("utf-8", errors="replace"))
    guesses = _guesses(body)
    if len(body) < 1024 or "cp1252" in guesses:  # short input fools the guesser; English first
        guesses.insert(0, "cp1252")
    for encoding in guesses:
        if (text := _try(body, encoding)) is not None:
            return _not_binary(text)
    text = body.decode("utf-8", errors="replace")
    if text.count("\ufffd") > len(text) // 4:
        raise TextError("undecodable content (not text in any known encoding)")
    return _not_binary(text)


def html_to_article(html: str | bytes, source: str, url: str | None = None) -> RawArticle:
    """The main text (no comments, menus, footers), title and date of a page, via trafilatura.

    article_id is the sha256 of `url`, or of the text when there is no URL.
    """
    if isinstance(html, (bytes, bytearray)):
        html = decode(html)
    if not html.strip():
        raise TextError("empty document")
    import trafilatura
    from lxml.etree import LxmlError
    from trafilatura.settings import set_date_params

    try:
        document = trafilatura.bare_extraction(
            html, url=url, include_comments=False, include_tables=True, with_metadata=True, fast=True,
            date_extraction_params=set_date_params(extensive=False))  # extensive: copyright years
        # fast=True skips trafilatura's fallback extractors: the same text on the samples and 200 bench
        # pages for ~15% less CPU; favor_precision changed 2 of the 6 samples, so it is not used
    except RecursionError:
        raise TextError("HTML nested too deeply to parse") from None
    except (ValueError, TypeError, LookupError, LxmlError) as exc:
        raise TextError(f"HTML could not be parsed: {exc}") from None
    except AssertionError:  # lxml's drop_tree on a tree htmldate has already cut ("<body><html><script>")
        raise TextError("HTML could not be parsed: a malformed element tree") from None
    text = normalize(document.text or "") if document is not None else ""
    if not _has_prose(text):
        raise TextError("no article text found")
    return RawArticle(
        article_id=sha256(url) if url else sha256(text),
        source=source,
        text=text,
        title=_one_line(document.title),
        published=_date(document.date),
    )


def read_file(path: str | Path) -> RawArticle:
    """An article from a local .html/.htm/.txt file; article_id is the sha256 of its text.

    A .txt file's text is the whole file; its title is its first line when that is short.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise TextError(f"unsupported file type '{suffix or path.name}' (expected .html, .htm or .txt)")
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise TextError(f"file larger than {MAX_FILE_BYTES} bytes")
        data = path.read_bytes()
    except OSError as exc:
        raise TextError(f"cannot read file: {exc.strerror or exc}") from None
    if not data.strip():
        raise TextError("empty file")
    raw = decode(data)
    if suffix == ".txt" and not _is_html(raw):
        article = _text_article(raw, source=str(path))
    else:
        article = html_to_article(raw, source=str(path))
    return replace(article, article_id=sha256(article.text))


def from_fetched(fetched: "Fetched", raw_path: str | Path | None) -> RawArticle:
    """An article from a fetched page (pipeline.fetch.Fetched); article_id is the sha256 of
    the URL as asked for, `raw_path` its snapshot."""
    if not fetched.body:
        raise TextError("empty body")
    raw = decode(fetched.body, fetched.content_type)
    media_type = (fetched.content_type or "").split(";")[0].strip().lower()
    if media_type == "text/plain" and not _is_html(raw):
        article = _text_article(raw, source=fetched.url)
    else:
        article = html_to_article(raw, source=fetched.url, url=fetched.final_url)
    return replace(article, article_id=sha256(fetched.url), fetched_at=fetched.fetched_at,
                   raw_path=str(raw_path) if raw_path is not None else None)


def _text_article(raw: str, source: str) -> RawArticle:
    text = normalize(raw)
    if not text:
        raise TextError("empty file")
    first, _, rest = text.partition("\n")
    title = first.strip() if rest.strip() and len(first.strip()) <= TITLE_MAX else None
    return RawArticle(article_id=sha256(text), source=source, text=text, title=title or None)


def _charset(match: re.Match | None) -> str | None:
    """A usable text encoding's canonical name, or None."""
    if match is None:
        return None
    name = match.group(1)
    name = name.decode("ascii", "replace") if isinstance(name, bytes) else name
    try:
        info = codecs.lookup(name.strip().lower())
    except (LookupError, ValueError):
        return None
    return info.name if getattr(info, "_is_text_encoding", True) else None


def _try(body: bytes, encoding: str, errors: str = "strict") -> str | None:
    try:
        return body.decode(encoding, errors=errors)
    except (UnicodeError, LookupError, ValueError, TypeError):
        return None


def _guesses(body: bytes) -> list[str]:
    """trafilatura's guesses, less UTF-16/32: without NUL bytes (checked before) they are wrong."""
    try:  # trafilatura's own guesser (charset_normalizer, cchardet when installed)
        from trafilatura.utils import detect_encoding as _detect_encoding
    except ImportError:  # pragma: no cover - older or newer trafilatura
        return []
    try:
        guesses = _detect_encoding(body)
    except Exception:  # a guesser's bug must not cost the page: fall back to UTF-8
        return []
    return [g for g in guesses if g and not g.replace("_", "-").lower().startswith(("utf-16", "utf-32"))]


def _wide_looking(body: bytes) -> bool:
    """Could these bytes be UTF-16/32 text? Markup and Latin text in those encodings are about half
    NUL bytes; text in other scripts still has NULs or wide space characters. None: it is not."""
    head = body[:4096]
    return head.count(b"\x00") * 16 >= len(head)


def _mostly_utf8(body: bytes) -> bool:
    """UTF-8 with some bad bytes (more valid multi-byte sequences than invalid bytes)?"""
    valid = len(_UTF8_MULTIBYTE.findall(body))
    invalid = body.decode("utf-8", errors="replace").count("\ufffd") - body.count(b"\xef\xbf\xbd")
    return valid >= invalid > 0 or (valid > 0 and invalid == 0)


def _not_binary(text: str) -> str:
    controls = sum(1 for ch in text[:65536] if ch < " " and ch not in "\t\n\r\x0b\x0c")
    if controls > max(4, len(text[:65536]) // 20):
        raise TextError("binary content (control characters)")
    return text


def _is_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))


def _has_prose(text: str) -> bool:
    """At least MIN_PROSE_WORDS words in lines long enough to be sentences (not menu items)."""
    total = 0
    for line in text.split("\n"):
        words = len(_WORD.findall(line))
        if words >= PROSE_LINE_WORDS:
            total += words
            if total >= MIN_PROSE_WORDS:
                return True
    return False


def _one_line(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(normalize(value).split())
    return value or None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
