"""The whole-request deadline: a watchdog that shuts a connection's socket when time is up.

urllib3's timeouts bound each socket operation, not their sum: a server that sends its headers
one byte every few seconds never trips them. `connection()` makes a urllib3 connection to an
address already checked (pipeline.addresses) whose socket is put under a `Watchdog` the moment it
exists, so the TLS handshake, the headers and the body all end at the deadline.
"""
from __future__ import annotations

import socket
import threading
import time

from urllib3.connection import HTTPConnection, HTTPSConnection


class Watchdog:
    """Shuts a connection's socket down at the deadline, so that whatever blocks on it (the TLS
    handshake, http.client reading headers, a body read) returns at once. It works on the file
    descriptor, which TLS wrapping keeps, and never after `cancel()` (the descriptor may be reused)."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.expired = False
        self._lock = threading.Lock()
        self._done = False
        self._timer: threading.Timer | None = None

    def guard(self, fd: int) -> None:
        def fire() -> None:
            with self._lock:
                if self._done:
                    return
                self.expired = True
                try:
                    sock = socket.socket(fileno=fd)
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    finally:
                        sock.detach()  # the connection still owns (and closes) the descriptor
                except OSError:
                    pass

        self._timer = threading.Timer(max(self.deadline - time.monotonic(), 0.0), fire)
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        with self._lock:
            self._done = True
        if self._timer is not None:
            self._timer.cancel()

    def left(self) -> float:
        return self.deadline - time.monotonic()


class _Guarded:
    """A urllib3 connection whose new socket is put under the watchdog before anything is sent."""
    watchdog: Watchdog

    def _new_conn(self):  # urllib3's hook: the TCP socket, before TLS is wrapped around it
        sock = super()._new_conn()
        self.watchdog.guard(sock.fileno())
        return sock


class _GuardedHTTP(_Guarded, HTTPConnection):
    pass


class _GuardedHTTPS(_Guarded, HTTPSConnection):
    pass


def connection(scheme: str, address: str, port: int, host: str, timeout: float,
                watchdog: Watchdog) -> HTTPConnection:
    """A connection to the checked `address`; TLS names (SNI, certificate) are `host`'s."""
    if scheme == "https":
        conn = _GuardedHTTPS(address, port, timeout=timeout, server_hostname=host, cert_reqs="CERT_REQUIRED")
    else:
        conn = _GuardedHTTP(address, port, timeout=timeout)
    conn.watchdog = watchdog
    return conn
