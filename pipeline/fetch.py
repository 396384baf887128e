"""Fetch: one web page over HTTP(S), politely and within limits, and its raw snapshot.

`fetch()` makes GET requests with urllib3 and follows redirects itself, so that every hop
is checked (scheme, count, loops) and waits its turn at the per-host politeness clock.
5xx answers and timeouts are retried with exponential backoff; everything else (4xx,
refused connections, wrong content type, oversized body) fails at once. Every failure is
a `FetchError` whose message is a readable reason for the rejects table.
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import (HTTPError, LocationValueError, NewConnectionError,
                                TimeoutError as Urllib3Timeout)

from pipeline.settings import Settings

SCHEMES = ("http", "https")
CHUNK = 64 * 1024
ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"


class FetchError(Exception):
    """A page that could not be fetched; str(error) is the reason."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Fetched:
    url: str            # as asked for (article_id is its sha256)
    final_url: str      # after redirects
    status: int
    content_type: str   # the Content-Type header as sent, with its parameters ("" if none)
    body: bytes
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))


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
_POOL: urllib3.PoolManager | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> urllib3.PoolManager:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = urllib3.PoolManager(num_pools=32, maxsize=4, retries=False)
        return _POOL


def fetch(url: str, settings: Settings) -> Fetched:
    """GET `url`: the final answer's status, content type and body, or FetchError(reason)."""
    current = _check_url(url)
    visited = {current}
    for _ in range(settings.max_redirects + 1):
        result = _with_retries(current, settings)
        if isinstance(result, _Redirect):
            target = _check_url(urljoin(current, result.location), redirect=True)
            if target in visited:
                raise FetchError(f"too many redirects (loop back to {target})")
            visited.add(target)
            current = target
            continue
        status, content_type, body = result
        return Fetched(url=url, final_url=current, status=status, content_type=content_type, body=body)
    raise FetchError(f"too many redirects (more than {settings.max_redirects})")


def snapshot(body: bytes, raw_dir: str | Path) -> Path:
    """Store `body` at raw_dir/<sha256[:2]>/<sha256>.html (once: same bytes, same file)."""
    digest = hashlib.sha256(body).hexdigest()
    path = Path(raw_dir) / digest[:2] / f"{digest}.html"
    if path.is_file() and path.stat().st_size == len(body):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{digest}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_bytes(body)
        os.replace(tmp, path)  # atomic: a reader never sees half a snapshot
    finally:
        tmp.unlink(missing_ok=True)
    return path


@dataclass(frozen=True)
class _Redirect:
    location: str


class _Retryable(Exception):
    """A failure worth another attempt (5xx, timeout); the message is the reason."""


def _check_url(url: str, redirect: bool = False) -> str:
    prefix = "redirect to " if redirect else ""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        raise FetchError(f"{prefix}invalid URL {url!r}: {exc}") from None
    if parts.scheme.lower() not in SCHEMES:
        scheme = parts.scheme or "(none)"
        raise FetchError(f"{prefix}unsupported URL scheme '{scheme}' (only http and https): {url}")
    if not host:
        raise FetchError(f"{prefix}URL has no host: {url}")
    return parts._replace(fragment="").geturl()


def _with_retries(url: str, settings: Settings):
    attempts = settings.retries + 1
    for attempt in range(1, attempts + 1):
        try:
            return _attempt(url, settings)
        except _Retryable as exc:
            if attempt == attempts:
                suffix = f" ({attempts} attempts)" if attempts > 1 else ""
                raise FetchError(f"{exc}{suffix}") from None
            time.sleep(settings.backoff * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


def _attempt(url: str, settings: Settings):
    """One request (politely timed): a _Redirect, or (status, content type, body)."""
    parts = urlsplit(url)
    _CLOCK.wait(f"{parts.hostname}:{parts.port or ''}".lower(), settings.host_delay)
    timeout_reason = f"timed out after {settings.timeout:g}s"
    headers = urllib3.make_headers(user_agent=settings.user_agent, accept_encoding=True)
    headers["Accept"] = ACCEPT
    deadline = time.monotonic() + settings.timeout
    try:
        response = _pool().request(
            "GET", url, headers=headers, retries=False, redirect=False, preload_content=False,
            decode_content=True, timeout=urllib3.Timeout(connect=settings.timeout, read=settings.timeout))
    except NewConnectionError as exc:  # before timeouts: urllib3 makes it a ConnectTimeoutError
        raise FetchError(f"could not connect: {_cause(exc)}") from None
    except Urllib3Timeout:
        raise _Retryable(timeout_reason) from None
    except LocationValueError as exc:
        raise FetchError(f"invalid URL {url!r}: {exc}") from None
    except (HTTPError, OSError) as exc:
        raise FetchError(f"request failed: {_cause(exc)}") from None
    complete = False
    try:
        status = response.status
        if 300 <= status < 400 and status != 304:
            location = response.headers.get("Location")
            if not location:
                raise FetchError(f"HTTP {status} without a Location header")
            return _Redirect(location)
        if status >= 500:
            raise _Retryable(f"HTTP {status}")
        if not 200 <= status < 300:
            raise FetchError(f"HTTP {status}")
        content_type = response.headers.get("Content-Type", "").strip()
        media_type = content_type.split(";")[0].strip().lower()
        if media_type and media_type not in settings.content_types:  # none sent: the text step judges
            raise FetchError(f"content type {media_type} is not HTML or text")
        too_large = f"body larger than {settings.max_bytes} bytes"
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > settings.max_bytes:
            raise FetchError(too_large)
        chunks, size = [], 0
        while chunk := response.read1(CHUNK):  # one socket read at a time: the deadline holds
            size += len(chunk)
            if size > settings.max_bytes:
                raise FetchError(too_large)
            if time.monotonic() > deadline:
                raise _Retryable(timeout_reason)
            chunks.append(chunk)
        complete = True
        body = b"".join(chunks)
        if not body:
            raise FetchError("empty body")
        return status, content_type, body
    except Urllib3Timeout:
        raise _Retryable(timeout_reason) from None
    except (HTTPError, OSError) as exc:
        raise FetchError(f"reading the body failed: {_cause(exc)}") from None
    finally:
        if not complete:  # an unread or half-read body: drop the connection, never drain it
            response.close()
        response.release_conn()


def _cause(exc: BaseException) -> str:
    """The innermost useful message of a urllib3 error (e.g. '[Errno 111] Connection refused')."""
    inner = exc
    for _ in range(10):
        if (nested := inner.__cause__ or inner.__context__) is None:
            break
        inner = nested
    return str(inner) or str(exc) or type(exc).__name__
