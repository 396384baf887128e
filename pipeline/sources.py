"""Sources: turn command-line arguments into a list of URLs and files to read.

An argument is an http(s) URL, an .html/.htm/.txt file, a directory (its .html/.htm/.txt
files, sorted by name, not recursive), or a .txt file that lists sources, one per line
(blank lines and lines starting with # are skipped; relative paths are relative to the
list file). A .txt file is taken as a list when every non-comment line looks like a URL
or names an existing path; otherwise it is an article. A sources file named explicitly
(`awardex run --sources FILE`, `resolve(..., sources_file=FILE)`) is always a list, whatever
its name, and each of its lines is resolved as an argument.

A URL may carry a `feed:` or `sitemap:` prefix (`feed:https://example.org/news.rss`): it is then
read as an RSS/Atom feed or a sitemap whatever it answers (pipeline.discover); without one, the
answer's content type and root element decide.

Nothing is fetched or read here beyond that test: what cannot be a source becomes a
Reject(stage="source") with the reason, and duplicates are dropped, first one kept.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from schemas.records import Reject

SUFFIXES = (".html", ".htm", ".txt")
SCHEMES = ("http", "https")
LIST_MAX_BYTES = 1_000_000  # a .txt larger than this is an article, not a list of sources

_URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_PREFIXED = re.compile(r"^(feed|sitemap):(?=[A-Za-z][A-Za-z0-9+.-]*://)", re.I)


@dataclass(frozen=True)
class Source:
    kind: Literal["url", "file", "feed", "sitemap"]
    location: str  # the URL, or the path as given (joined to its directory or list file)
    page: Any = None  # pipeline.fetch.Stored: the page discovery fetched already (read it, do not fetch)


def resolve(args: list[str], sources_file: str | Path | None = None) -> tuple[list[Source], list[Reject]]:
    """Sources for `args` and then for the lines of `sources_file`, in order and without
    duplicates, and a Reject for each bad one.

    A missing or unreadable `sources_file` raises (FileNotFoundError, OSError, ValueError):
    the run cannot do what it was asked, which is not one bad source.
    """
    resolver = _Resolver()
    for arg in args:
        resolver.arg(arg)
    if sources_file is not None:
        path = Path(sources_file).expanduser()
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            raise FileNotFoundError(f"sources file {path} does not exist") from None
        except IsADirectoryError:
            raise ValueError(f"sources file {path} is a directory") from None
        except UnicodeDecodeError:
            raise ValueError(f"sources file {path} is not UTF-8 text") from None
        for entry in _lines(text):
            resolver.arg(entry, base=path.parent, lists=frozenset({os.path.realpath(path)}))
    return resolver.sources, resolver.rejects


def looks_like_url(text: str) -> bool:
    """True for anything of the form scheme://..., whatever the scheme (feed:/sitemap: prefix allowed)."""
    return bool(_URL_LIKE.match(_PREFIXED.sub("", text.strip())))


@dataclass
class _Resolver:
    sources: list[Source] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    _seen: set[tuple[str, str]] = field(default_factory=set)
    _rejected: set[tuple[str, str]] = field(default_factory=set)

    def add(self, source: Source, family: str, key: str) -> None:
        """Keep `source` unless one of the same family (url or file) and key came first."""
        if (family, key) not in self._seen:
            self._seen.add((family, key))
            self.sources.append(source)

    def reject(self, source: str, reason: str) -> None:
        if (source, reason) not in self._rejected:
            self._rejected.add((source, reason))
            self.rejects.append(Reject(source=source, stage="source", reason=reason))

    def arg(self, arg: str, base: Path | None = None, lists: frozenset[str] = frozenset()) -> None:
        text = arg.strip()
        if not text:
            self.reject(arg, "empty source")
        elif looks_like_url(text):
            prefix = _PREFIXED.match(text)
            if prefix:
                self.url(text[prefix.end():], prefix.group(1).lower())
            else:
                self.url(text)
        else:
            path = Path(text).expanduser()
            if base is not None and not path.is_absolute():
                path = base / path
            self.path(path, lists)

    def url(self, url: str, kind: Literal["url", "feed", "sitemap"] = "url") -> None:
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError as exc:
            self.reject(url, f"invalid URL: {exc}")
            return
        scheme = parts.scheme.lower()
        if scheme == "file":
            self.reject(url, "file:// URLs are not accepted: give the path itself")
        elif scheme not in SCHEMES:
            self.reject(url, f"unsupported URL scheme '{scheme}' (only http and https)")
        elif not host:
            self.reject(url, "URL has no host")
        else:
            # same page whatever the case of scheme and host, and whatever the #fragment
            key = urlunsplit((scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))
            self.add(Source(kind, url), "url", key)

    def path(self, path: Path, lists: frozenset[str]) -> None:
        where = str(path)
        if _is_dir(path):
            self.directory(path, lists)
        elif _is_file(path):
            self.file(path, lists)
        elif _is_link(path):
            self.reject(where, "broken symbolic link")
        elif _exists(path):
            self.reject(where, "not a regular file or directory")
        else:
            self.reject(where, "no such file or directory")

    def directory(self, path: Path, lists: frozenset[str]) -> None:
        try:
            entries = sorted(path.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            self.reject(str(path), f"cannot list directory: {exc.strerror or exc}")
            return
        found = False
        for entry in entries:
            if (entry.name.startswith(".") or entry.stem.lower() == "readme"
                    or entry.suffix.lower() not in SUFFIXES or _is_dir(entry)):
                continue
            found = True
            self.path(entry, lists)
        if not found:
            self.reject(str(path), "directory has no .html, .htm or .txt files")

    def file(self, path: Path, lists: frozenset[str]) -> None:
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            kind = f"'{suffix}'" if suffix else "without an extension"
            self.reject(str(path), f"unsupported file type {kind} (expected .html, .htm or .txt)")
            return
        key = os.path.realpath(path)
        if suffix == ".txt":
            entries = _list_entries(path)
            if entries is not None:
                if key in lists:
                    self.reject(str(path), "source list includes itself")
                    return
                for entry in entries:
                    self.arg(entry, base=path.parent, lists=lists | {key})
                return
        self.add(Source("file", str(path)), "file", key)


def _list_entries(path: Path) -> list[str] | None:
    """The entries of a sources list, or None when `path` is not one (so it is an article)."""
    try:
        if path.stat().st_size > LIST_MAX_BYTES:
            return None
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None  # the text step reports unreadable files
    entries = _lines(text)
    if not entries:
        return None
    for entry in entries:
        if looks_like_url(entry):
            continue
        candidate = Path(entry).expanduser()
        if not candidate.is_absolute():
            candidate = path.parent / candidate
        if len(entry) > 4096 or not (_exists(candidate) or _is_link(candidate)):
            return None
    return entries


def _lines(text: str) -> list[str]:
    """The entries of a list: stripped lines, without blank lines and # comments."""
    return [e for e in (line.strip() for line in text.splitlines()) if e and not e.startswith("#")]


# pathlib's predicates raise on some odd names (NUL bytes, names too long): those are no path
def _exists(path: Path) -> bool:
    return _safe(path.exists)


def _is_file(path: Path) -> bool:
    return _safe(path.is_file)


def _is_dir(path: Path) -> bool:
    return _safe(path.is_dir)


def _is_link(path: Path) -> bool:
    return _safe(path.is_symlink)


def _safe(predicate) -> bool:
    try:
        return predicate()
    except (OSError, ValueError):
        return False
