"""Fetch: one web page over HTTP(S), politely, safely and within limits, and its raw snapshot.

`fetch()` makes GET requests with urllib3 and follows redirects itself, so that every hop is
checked: scheme, count, loops, and the address (pipeline.addresses: no loopback, private,
link-local, ... unless `[fetch] allow_hosts` names the host). The connection goes to the very
address that was checked, with the URL's host in the Host header and as TLS server name; no
second DNS lookup. robots.txt is honoured (pipeline.robots), and each request waits its turn
at the per-host politeness clock.

One deadline per attempt (`timeout`) covers DNS, connect, headers and body: a watchdog shuts
the socket when it passes, however slowly the server drips bytes. Redirects share a budget of
timeout x (retries + 1) for the whole fetch. 5xx answers and timeouts are retried with
exponential backoff; everything else (4xx, refused connections, refused addresses, wrong content
type, oversized body) fails at once. Every failure is a `FetchError` whose message is a
readable reason for the rejects table.

Conditional GET: given `Validators` (ETag / Last-Modified of an earlier answer), the request
carries If-None-Match / If-Modified-Since, and a 304 answer is a `Fetched` with status 304 and
no body (nothing downloaded).
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.client import HTTPException
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError, NewConnectionError, TimeoutError as Urllib3Timeout

from pipeline import robots
from pipeline.deadline import Watchdog, connection
from pipeline.addresses import AddressRefused, ResolveError, parse_allow_entry, resolve
from pipeline.settings import Settings

SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
CHUNK = 64 * 1024
ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"


class FetchError(Exception):
    """A page that could not be fetched; str(error) is the reason."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Validators:
    """What an earlier answer said about its version, to send back (conditional GET)."""
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Fetched:
    url: str            # as asked for (article_id is its sha256)
    final_url: str      # after redirects
    status: int         # 2xx, or 304 (not modified: body is empty)
    content_type: str   # the Content-Type header as sent, with its parameters ("" if none)
    body: bytes
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True)
class Stored:
    """A page fetched already (by this run's discovery, or earlier and answered 304 now), kept as
    its raw snapshot: the read step takes it from there instead of fetching it again."""
    final_url: str
    content_type: str
    raw_sha256: str
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    def load(self, url: str, raw_dir: str | Path) -> Fetched:
        """The page as a Fetched; OSError when its snapshot is gone or is not these bytes."""
        body = snapshot_path(self.raw_sha256, raw_dir).read_bytes()
        if hashlib.sha256(body).hexdigest() != self.raw_sha256:
            raise OSError(f"snapshot of {url} does not hold the bytes fetched")
        return Fetched(url=url, final_url=self.final_url, status=200, content_type=self.content_type, body=body,
                       fetched_at=self.fetched_at, etag=self.etag, last_modified=self.last_modified)


class HostClock:
    """Per-host politeness: hands out request slots at least `delay` seconds apart."""

    def __init__(self) -> None:
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str, delay: float) -> None:
        if delay <= 0:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + delay
            if len(self._next) > 10_000:  # forget hosts whose slot has long passed
                self._next = {h: t for h, t in self._next.items() if t > now}
        if start > now:
            time.sleep(start - now)


_CLOCK = HostClock()


def fetch(url: str, settings: Settings, validators: Validators | None = None,
          content_types: tuple[str, ...] | None = None) -> Fetched:
    """GET `url`: the final answer's status, content type and body, or FetchError(reason).

    `content_types` widens or narrows the accepted media types (default: settings.content_types).
    """
    return _follow(url, settings, validators, content_types or settings.content_types, settings.obey_robots)


def snapshot(body: bytes, raw_dir: str | Path) -> Path:
    """Store `body` at raw_dir/<sha256[:2]>/<sha256>.html (once: same bytes, same file)."""
    path = snapshot_path(hashlib.sha256(body).hexdigest(), raw_dir)
    if path.is_file() and path.stat().st_size == len(body):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_bytes(body)
        os.replace(tmp, path)  # atomic: a reader never sees half a snapshot
    finally:
        tmp.unlink(missing_ok=True)
    return path


def snapshot_path(digest: str, raw_dir: str | Path) -> Path:
    """Where the snapshot of a body whose sha256 is `digest` is (or would be) stored."""
    return Path(raw_dir) / digest[:2] / f"{digest}.html"


# --- redirects, retries, one attempt ---------------------------------------------------------
@dataclass(frozen=True)
class _Redirect:
    location: str


class _Retryable(Exception):
    """A failure worth another attempt (5xx, timeout); the message is the reason."""


class _Refused(FetchError):
    """The address guard or robots.txt said no (never retried); `why` is said without context."""

    def __init__(self, why: str, reason: str | None = None):
        super().__init__(reason or why)
        self.why = why


def _follow(url: str, settings: Settings, validators: Validators | None,
            content_types: tuple[str, ...], obey_robots: bool) -> Fetched:
    current = _check_url(url)
    visited = {current}
    budget = time.monotonic() + settings.timeout * (settings.retries + 1)
    for hop in range(settings.max_redirects + 1):
        try:
            if obey_robots and (verdict := _robots(current, settings)):
                raise _Refused(verdict)
            result = _with_retries(current, settings, validators, content_types, budget)
        except _Refused as exc:
            where = f"redirect to {current} refused" if hop else "refused"
            raise _Refused(exc.why, f"{where}: {exc.why}") from None
        if isinstance(result, _Redirect):
            target = _check_url(urljoin(current, result.location), redirect=True)
            if target in visited:
                raise FetchError(f"too many redirects (loop back to {target})")
            visited.add(target)
            current = target
            continue
        status, headers, body = result
        return Fetched(url=url, final_url=current, status=status, body=body,
                       content_type=headers.get("Content-Type", "").strip(),
                       etag=_clean_validator(headers.get("ETag")),
                       last_modified=_clean_validator(headers.get("Last-Modified")))
    raise FetchError(f"too many redirects (more than {settings.max_redirects})")


def _robots(url: str, settings: Settings) -> str | None:
    try:
        return robots.verdict(url, settings, _fetch_robots)
    except robots.Unreachable as exc:  # the page would fail the same way: say it as it is
        cause = exc.args[0]
        raise (_Refused(cause.why) if isinstance(cause, _Refused) else FetchError(cause.reason)) from None


def _fetch_robots(url: str, settings: Settings) -> Fetched:
    """robots.txt through the same guarded fetcher (addresses, redirects, deadline), any type."""
    return _follow(url, settings, None, ("*",), obey_robots=False)


def _check_url(url: str, redirect: bool = False) -> str:
    prefix = f"redirect to {url} refused: " if redirect else ""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        raise FetchError(f"{prefix}invalid URL {url!r}: {exc}") from None
    if parts.scheme.lower() not in SCHEMES:
        scheme = parts.scheme or "(none)"
        if redirect:
            raise FetchError(f"redirect to unsupported URL scheme '{scheme}' (only http and https): {url}")
        raise FetchError(f"unsupported URL scheme '{scheme}' (only http and https): {url}")
    if not host:
        raise FetchError(f"{prefix}URL has no host: {url}")
    if "@" in parts.netloc:
        raise FetchError(f"{prefix}URL carries credentials (user@host), which are never sent: {url}")
    return parts._replace(fragment="").geturl()


def _with_retries(url: str, settings: Settings, validators, content_types, budget: float):
    attempts = settings.retries + 1
    for attempt in range(1, attempts + 1):
        try:
            return _attempt(url, settings, validators, content_types, budget)
        except _Retryable as exc:
            if attempt == attempts or time.monotonic() >= budget:
                suffix = f" ({attempt} attempts)" if attempt > 1 else ""
                raise FetchError(f"{exc}{suffix}") from None
            time.sleep(min(settings.backoff * 2 ** (attempt - 1), max(budget - time.monotonic(), 0)))
    raise AssertionError("unreachable")


def _attempt(url: str, settings: Settings, validators: Validators | None,
             content_types: tuple[str, ...], budget: float):
    """One request (politely timed): a _Redirect, or (status, headers, body)."""
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), parts.hostname or ""
    port = parts.port or DEFAULT_PORTS[scheme]
    _CLOCK.wait(f"{host}:{port}".lower(), settings.host_delay)
    timeout_reason = f"timed out after {settings.timeout:g}s"
    watchdog = Watchdog(min(time.monotonic() + settings.timeout, budget))
    allow = [parse_allow_entry(e) for e in settings.allow_hosts]
    try:
        address = resolve(host, port, allow, watchdog.left())
    except AddressRefused as exc:
        raise _Refused(str(exc)) from None
    except ResolveError as exc:
        raise FetchError(str(exc)) from None
    except TimeoutError:
        raise _Retryable(timeout_reason) from None
    conn = connection(scheme, address, port, host, max(watchdog.left(), 0.001), watchdog)
    complete = False
    response = None
    try:
        try:
            conn.connect()
        except NewConnectionError as exc:  # before timeouts: urllib3 makes it a ConnectTimeoutError
            raise FetchError(f"could not connect: {_cause(exc)}") from None
        conn.request("GET", _target(parts), headers=_headers(parts, settings, validators),
                     preload_content=False, decode_content=True)
        response = conn.getresponse()
        status = response.status
        if status == 304 and validators is not None:
            complete = True
            return status, response.headers, b""
        if 300 <= status < 400:
            location = response.headers.get("Location")
            if not location:
                raise FetchError(f"HTTP {status} without a Location header")
            return _Redirect(location)
        if status >= 500:
            raise _Retryable(f"HTTP {status}")
        if not 200 <= status < 300:
            raise FetchError(f"HTTP {status}")
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        # no type sent: the text step judges
        if media_type and "*" not in content_types and media_type not in content_types:
            raise FetchError(f"content type {media_type} is not HTML or text")
        body = _body(response, settings, watchdog, timeout_reason)
        complete = True
        if not body:
            raise FetchError("empty body")
        return status, response.headers, body
    except (Urllib3Timeout, TimeoutError):  # TimeoutError: a socket read timing out inside http.client
        raise _Retryable(timeout_reason) from None
    except (HTTPError, HTTPException, OSError, ValueError) as exc:
        if watchdog.expired:
            raise _Retryable(timeout_reason) from None
        stage = "reading the body" if response is not None else "request"
        raise FetchError(f"{stage} failed: {_cause(exc)}") from None
    finally:
        watchdog.cancel()
        if response is not None and not complete:  # never drain an unwanted body: drop it
            response.close()
        conn.close()


def _target(parts) -> str:
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _headers(parts, settings: Settings, validators: Validators | None) -> dict[str, str]:
    headers = urllib3.make_headers(user_agent=settings.user_agent, accept_encoding=True)
    headers["Accept"] = ACCEPT
    headers["Host"] = parts.netloc.rpartition("@")[2]  # as in the URL: name and non-default port
    if validators is not None:
        if validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
    return headers


def _body(response, settings: Settings, watchdog: Watchdog, timeout_reason: str) -> bytes:
    too_large = f"body larger than {settings.max_bytes} bytes"
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > settings.max_bytes:
        raise FetchError(too_large)
    chunks, size = [], 0
    while chunk := response.read1(CHUNK):  # one socket read at a time: the deadline holds
        size += len(chunk)
        if size > settings.max_bytes:
            raise FetchError(too_large)
        if watchdog.left() < 0:
            raise _Retryable(timeout_reason)
        chunks.append(chunk)
    if watchdog.expired:  # the watchdog's shutdown looks like the end of the body
        raise _Retryable(timeout_reason)
    return b"".join(chunks)


def _clean_validator(value: str | None) -> str | None:
    """A validator as it may be sent back: printable, not too long (else none)."""
    if not value or len(value) > 512 or any(not " " <= c <= "~" for c in value):
        return None
    return value.strip() or None


def _cause(exc: BaseException) -> str:
    """The innermost useful message of a urllib3 error (e.g. '[Errno 111] Connection refused')."""
    inner = exc
    for _ in range(10):
        if (nested := inner.__cause__ or inner.__context__) is None:
            break
        inner = nested
    return str(inner) or str(exc) or type(exc).__name__
