"""robots.txt: may this URL be fetched? (stdlib urllib.robotparser, one look per host per run)

The file is fetched through the same guarded fetcher as pages (address checks, redirects,
deadline), which the caller hands in. What its answer means follows RFC 9309: 2xx is parsed;
a 4xx (no robots.txt) allows everything; a 5xx, or a host that cannot be reached, disallows
everything for this run (a failure to connect is reported as such). Verdicts are cached per
scheme, host and port until `forget()`, which a run calls when it starts.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

MAX_BYTES = 512 * 1024  # RFC 9309: at least 500 KiB are parsed; more is not read


class Unreachable(Exception):
    """robots.txt could not be asked for the reason a page of the host would fail too
    (cannot connect, refused address, ...); args[0] is that FetchError."""


@dataclass(frozen=True)
class _Rules:
    parser: RobotFileParser | None   # None: no rules (everything allowed) or `refuse` says why not
    refuse: str | None = None        # a robots reason that holds for every URL of the host
    failure: Exception | None = None  # the host cannot be fetched at all (raised as Unreachable)


_cache: dict[tuple[str, str, int | None], _Rules] = {}
_locks: dict[tuple[str, str, int | None], threading.Lock] = {}
_guard = threading.Lock()


def forget() -> None:
    """Drop every cached robots.txt (a new run starts)."""
    with _guard:
        _cache.clear()
        _locks.clear()


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.rpartition('@')[2]}/robots.txt"


def verdict(url: str, settings, fetcher: Callable) -> str | None:
    """None when `url` may be fetched, else the reason it may not (for the rejects table);
    Unreachable when asking failed the way the page itself would.

    `fetcher(url, settings)` returns a pipeline.fetch.Fetched or raises FetchError.
    """
    parts = urlsplit(url)
    key = (parts.scheme.lower(), (parts.hostname or "").lower(), parts.port)
    with _guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:  # one fetch of robots.txt per host, however many threads ask at once
        rules = _cache.get(key)
        if rules is None:
            rules = _cache[key] = _load(robots_url(url), settings, fetcher)
    if rules.failure:
        raise Unreachable(rules.failure)
    if rules.refuse:
        return rules.refuse
    if rules.parser is not None and not rules.parser.can_fetch(_agent(settings.user_agent), url):
        return f"disallowed by robots.txt ({robots_url(url)})"
    return None


def _load(where: str, settings, fetcher: Callable) -> _Rules:
    from pipeline.fetch import FetchError  # fetch imports this module

    try:
        # one attempt: a host too slow to give its robots.txt is left alone this run, at one timeout's cost
        answer = fetcher(where, replace(settings, max_bytes=max(settings.max_bytes, MAX_BYTES), retries=0))
    except FetchError as exc:
        reason = exc.reason
        if reason.startswith("HTTP 4") or " HTTP 4" in reason:
            return _Rules(None)  # no robots.txt: everything allowed
        if reason.startswith("body larger than"):
            return _Rules(None, f"robots.txt ({where}) is larger than {MAX_BYTES} bytes")
        if reason == "empty body":
            return _Rules(None)
        if reason.startswith(("HTTP 5", "timed out")):
            return _Rules(None, f"robots.txt ({where}) unavailable ({reason}): the host is not crawled this run")
        return _Rules(None, failure=exc)  # cannot connect, refused address...: the page fails alike
    parser = RobotFileParser(where)
    text = answer.body[:MAX_BYTES].decode("utf-8", errors="replace")
    parser.parse(text.splitlines())
    return _Rules(parser)


def _agent(user_agent: str) -> str:
    """The product token robots.txt groups are matched against ("awardex" of "awardex/0.1")."""
    return user_agent.split("/")[0].split()[0] if user_agent.strip() else "*"
