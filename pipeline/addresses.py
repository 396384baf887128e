"""Which addresses a fetch may connect to: the guard against server-side request forgery.

Every hop of a fetch (the first URL and each redirect) is resolved here once, and each address
it resolves to is judged: loopback, private, link-local, shared (CGNAT, 100.64.0.0/10),
multicast, reserved, unspecified and any other non-global address is refused, including IPv4
written as one number (2130706433), in hex or octal, and IPv4 inside IPv6 (::ffff:127.0.0.1,
6to4, Teredo, NAT64). A host named in `[fetch] allow_hosts` (as written in the URL: "host" for
every port, "host:port" for one) skips the judgement. The fetcher then connects to the address
returned here, never resolving the name a second time (no DNS rebinding between check and use).
"""
from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterable

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(Exception):
    """The host may not be fetched; str(error) is the reason."""


class ResolveError(Exception):
    """The host name does not resolve; str(error) is the reason."""


def canonical_host(host: str) -> str:
    """A host as compared with allow_hosts: lower case, no trailing dot, no IPv6 brackets,
    IP literals in their standard form (so "::0001" and "::1" are one host)."""
    host = host.strip().strip("[]").lower().rstrip(".")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return host


def parse_allow_entry(entry: str) -> tuple[str, int | None]:
    """'host', 'host:port', '[v6]', '[v6]:port' or a bare IPv6 address -> (host, port or None).
    ValueError for anything else."""
    text = entry.strip()
    port: str | None = None
    if text.startswith("["):
        host, sep, rest = text[1:].partition("]")
        if not sep or (rest and not rest.startswith(":")):
            raise ValueError(f"allow_hosts entry {entry!r} is not host or host:port")
        port = rest[1:] if rest else None
    elif text.count(":") == 1:
        host, port = text.split(":")
    else:
        host = text
    if port is not None and not (port.isdigit() and 0 < int(port) < 65536):
        raise ValueError(f"allow_hosts entry {entry!r} has a bad port")
    if not host or any(c in host for c in "/@?# \t\r\n"):
        raise ValueError(f"allow_hosts entry {entry!r} is not host or host:port")
    return canonical_host(host), int(port) if port is not None else None


def is_allowed(host: str, port: int, allow: Iterable[tuple[str, int | None]]) -> bool:
    name = canonical_host(host)
    return any(h == name and p in (None, port) for h, p in allow)


def refusal(ip: IPAddress) -> str | None:
    """Why `ip` may not be connected to ("a loopback address", ...), or None when it is global."""
    embedded = _embedded_ipv4(ip)
    if embedded is not None:
        reason = refusal(embedded)
        return f"{reason[:-len(' address')]} address inside IPv6" if reason else None
    checks = (
        (ip.is_unspecified, "an unspecified"), (ip.is_loopback, "a loopback"),
        (ip.is_link_local, "a link-local"), (ip.version == 4 and ip in _CGNAT, "a shared (CGNAT)"),
        (ip.is_multicast, "a multicast"), (ip.is_reserved, "a reserved"), (ip.is_private, "a private"),
        (not ip.is_global, "a non-public"),
    )
    for hit, kind in checks:
        if hit:
            return f"{kind} address"
    return None


def resolve(host: str, port: int, allow: Iterable[tuple[str, int | None]], timeout: float) -> str:
    """The one address to connect to for `host`:`port`; AddressRefused(reason) when it may not
    be fetched, ResolveError when the name does not resolve, TimeoutError past `timeout`.

    Every address the name resolves to must pass (a name that points one of its addresses
    inward is refused whole), unless the host is allow-listed. The lookup is bounded by `timeout`.
    """
    allowed = is_allowed(host, port, allow)
    addresses = _lookup(host, port, timeout)
    if not allowed:
        literal = _literal(host)
        for address in addresses:
            reason = refusal(ipaddress.ip_address(address.split("%")[0]))
            if reason:
                where = f"{host} is {reason}" if literal and address == str(literal) else \
                    f"{host} resolves to {address}, {reason}"
                raise AddressRefused(f"{where} (not in [fetch] allow_hosts)")
    return addresses[0]


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    if ip.version != 6:
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _lookup(host: str, port: int, timeout: float) -> list[str]:
    """getaddrinfo in a helper thread, so that a stuck resolver cannot outlast the deadline."""
    result: dict[str, object] = {}
    done = threading.Event()

    def work() -> None:
        try:
            infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
            result["addresses"] = list(dict.fromkeys(info[4][0] for info in infos))
        except (OSError, UnicodeError, ValueError) as exc:
            result["error"] = exc
        finally:
            done.set()

    threading.Thread(target=work, name=f"resolve {host}", daemon=True).start()
    if not done.wait(max(timeout, 0.0)):
        raise TimeoutError(f"resolving {host} took longer than {timeout:g}s")
    if "error" in result:
        exc = result["error"]
        message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ResolveError(f"cannot resolve {host}: {message}")
    addresses = result["addresses"]
    if not addresses:
        raise ResolveError(f"cannot resolve {host}: no addresses")
    return addresses  # type: ignore[return-value]
