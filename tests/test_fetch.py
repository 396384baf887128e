"""pipeline.fetch and pipeline.settings against a real HTTP server on 127.0.0.1 (no mocks)."""
from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from loopback import Handler, LoopbackServer, serving

from schemas.articles import sha256
from pipeline.fetch import FetchError, fetch, snapshot
from pipeline.settings import Settings, load_settings
from pipeline.text import from_fetched

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
SLOW_SECONDS = 1.5


class _Handler(Handler):
    server: "_Server"

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = self.path.split("?")[0]
        with self.server.lock:
            self.server.hits[path] += 1
            self.server.times[path].append(time.monotonic())
            hits = self.server.hits[path]
        good = self.server.page
        if path == "/robots.txt":
            self.send(200, b"User-agent: other-bot\nDisallow: /\n\nUser-agent: awardex\nDisallow: /private\n",
                      "text/plain")
        elif path == "/good":
            self.send(200, good)
        elif path == "/plain":
            self.send(200, b"Pomona USD wins\n\nPomona Unified School District won an award.\n",
                       "text/plain; charset=utf-8")
        elif path == "/error500":
            self.send(500, b"oops")
        elif path == "/flaky":  # 503 once, then the page
            self.send(503, b"busy") if hits == 1 else self.send(200, good)
        elif path == "/missing":
            self.send(404, b"not here")
        elif path == "/slow":
            self.server.stop.wait(SLOW_SECONDS)
            self.send(200, good)
        elif path == "/drip":  # a byte every 0.1 s: no single read times out, the whole does
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(int(SLOW_SECONDS / 0.1)):
                self.wfile.write(b"x")
                self.wfile.flush()
                if self.server.stop.wait(0.1):
                    break
        elif path == "/big":  # announced size over the cap
            self.send(200, b"<p>" + b"x" * 5000 + b"</p>")
        elif path == "/big-stream":  # no Content-Length: only the streaming read can stop it
            self.send(200, b"<p>" + b"x" * 5000 + b"</p>", length=False)
        elif path == "/image":
            self.send(200, PNG, "image/png")
        elif path == "/bad-utf8":
            self.send(200, good.replace(b"bilingual and biliterate", b"bilingual \xff\xfe and biliterate"))
        elif path == "/empty":
            self.send(200, b"")
        elif path == "/loop-a":
            self.send(302, headers={"Location": "/loop-b"})
        elif path == "/loop-b":
            self.send(302, headers={"Location": "/loop-a"})
        elif path.startswith("/chain/"):  # /chain/3 -> /chain/2 -> ... -> /good
            left = int(path.rsplit("/", 1)[1])
            self.send(302, headers={"Location": f"/chain/{left - 1}" if left > 1 else "/good"})
        elif path == "/private/page":
            self.send(200, good)
        elif path == "/slow-headers":  # a header byte every 0.1 s: no read times out, the whole request does
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
            for byte in b"X-Padding: " + b"a" * int(SLOW_SECONDS / 0.1) + b"\r\n":
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                if self.server.stop.wait(0.1):
                    return
            self.wfile.write(f"Content-Length: {len(good)}\r\n\r\n".encode() + good)
        elif path == "/echo-host":
            self.send(200, f"<p>{self.headers.get('Host')}</p>".encode())
        elif path == "/lying-charset":  # UTF-8 bytes sent as UTF-16
            self.send(200, good, "text/html; charset=utf-16")
        elif path == "/to":  # /to?URL redirects to URL
            self.send(302, headers={"Location": self.path.split("?", 1)[1]})
        elif path == "/header-flood":
            self.send(200, good, headers={f"X-Flood-{i}": "x" for i in range(200)})
        elif path == "/gzip-bomb":  # 20 MB of zeros in about 20 kB
            import gzip

            self.send(200, gzip.compress(b"\0" * 20_000_000), headers={"Content-Encoding": "gzip"})
        elif path == "/short-body":  # says 10,000 bytes, sends 100, hangs up
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "10000")
            self.end_headers()
            self.wfile.write(b"<p>" + b"x" * 97)
            self.wfile.flush()
            self.close_connection = True
        elif path == "/to-ftp":
            self.send(302, headers={"Location": "ftp://example.org/file.html"})
        else:
            self.send(404)


class _Internal(Handler):
    """A server that must never be reached: it counts every request."""
    server: "_InternalServer"

    def do_GET(self) -> None:  # noqa: N802
        with self.server.lock:
            self.server.requests.append(self.path)
        self.send(200, b"<p>internal secret</p>")


class _InternalServer(LoopbackServer):
    def __init__(self) -> None:
        super().__init__(_Internal)
        self.lock = threading.Lock()
        self.requests: list[str] = []


class _Server(LoopbackServer):
    def __init__(self, page: str) -> None:
        super().__init__(_Handler)
        self.page = page.encode("utf-8")
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.hits: Counter[str] = Counter()
            self.times: dict[str, list[float]] = _DefaultList()



class _DefaultList(dict):
    def __missing__(self, key):
        self[key] = []
        return self[key]


@pytest.fixture(scope="module")
def http_server(article_html):
    with serving(_Server(article_html)) as server:
        yield server


@pytest.fixture
def server(http_server):
    http_server.reset()
    return http_server


@pytest.fixture
def settings(tmp_path, http_server) -> Settings:  # the test server's own port is allow-listed, no other
    return Settings(timeout=0.5, retries=2, backoff=0.01, host_delay=0.0, raw_dir=str(tmp_path / "raw"),
                    allow_hosts=(f"127.0.0.1:{http_server.server_address[1]}",))


def _reason(url: str, settings: Settings) -> str:
    with pytest.raises(FetchError) as info:
        fetch(url, settings)
    return info.value.reason


# --- fetch ----------------------------------------------------------------------------------

def test_good_page(server, settings, article_html):
    page = fetch(server.url("/good"), settings)
    assert page.status == 200
    assert page.final_url == page.url == server.url("/good")
    assert page.content_type.startswith("text/html")
    assert page.body == article_html.encode("utf-8")


def test_500_is_retried_then_fails(server, settings):
    assert _reason(server.url("/error500"), settings) == "HTTP 500 (3 attempts)"
    assert server.hits["/error500"] == 3


def test_503_then_200_succeeds_on_retry(server, settings):
    assert fetch(server.url("/flaky"), settings).status == 200
    assert server.hits["/flaky"] == 2


def test_404_is_not_retried(server, settings):
    assert _reason(server.url("/missing"), settings) == "HTTP 404"
    assert server.hits["/missing"] == 1


def test_timeout(server, settings):
    started = time.monotonic()
    reason = _reason(server.url("/slow"), replace(settings, retries=1))
    assert reason == "timed out after 0.5s (2 attempts)"
    assert server.hits["/slow"] == 2
    assert time.monotonic() - started < SLOW_SECONDS + 0.5


def test_slow_body_hits_the_whole_request_timeout(server, settings):
    started = time.monotonic()
    assert _reason(server.url("/drip"), replace(settings, retries=0)) == "timed out after 0.5s"
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize("path", ["/big", "/big-stream"])
def test_body_over_the_cap(server, settings, path):
    assert _reason(server.url(path), replace(settings, max_bytes=1000)) == "body larger than 1000 bytes"
    assert server.hits[path] == 1


def test_image_is_not_html(server, settings):
    assert _reason(server.url("/image"), settings) == "content type image/png is not HTML or text"


def test_empty_body(server, settings):
    assert _reason(server.url("/empty"), settings) == "empty body"


def test_redirect_loop(server, settings):
    assert _reason(server.url("/loop-a"), settings).startswith("too many redirects (loop back to")


def test_redirect_cap(server, settings):
    page = fetch(server.url("/chain/5"), settings)  # five redirects: allowed
    assert page.final_url == server.url("/good") and page.url == server.url("/chain/5")
    assert _reason(server.url("/chain/6"), settings) == "too many redirects (more than 5)"


def test_redirect_to_ftp(server, settings):
    assert _reason(server.url("/to-ftp"), settings).startswith("redirect to unsupported URL scheme 'ftp'")


@pytest.mark.parametrize("url", ["ftp://example.org/a.html", "file:///etc/passwd", "example.org/a", "http://"])
def test_only_http_urls(settings, url):
    reason = _reason(url, settings)
    assert reason.startswith(("unsupported URL scheme", "URL has no host"))


def test_connection_refused_is_not_retried(settings):
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    closed = replace(settings, backoff=1.0, allow_hosts=(f"127.0.0.1:{port}",))
    assert _reason(f"http://127.0.0.1:{port}/", closed).startswith("could not connect")
    assert time.monotonic() - started < 1.0


def test_politeness_per_host(server, settings):
    polite = replace(settings, host_delay=0.3)
    fetch(server.url("/good"), polite)
    fetch(server.url("/good"), polite)
    first, second = server.times["/good"]
    assert second - first >= 0.29


# --- fetched -> text ----------------------------------------------------------------------

def test_invalid_utf8_is_replaced_and_still_gives_text(server, settings):
    page = fetch(server.url("/bad-utf8"), settings)
    path = snapshot(page.body, settings.raw_dir)
    article = from_fetched(page, path)
    assert "bilingual \ufffd\ufffd and biliterate" in article.text
    assert article.title == "Pomona Unified named a District of Distinction"
    assert article.article_id == sha256(server.url("/bad-utf8"))
    assert article.raw_path == str(path) and Path(path).read_bytes() == page.body


def test_plain_text_page(server, settings):
    article = from_fetched(fetch(server.url("/plain"), settings), None)
    assert article.title == "Pomona USD wins"
    assert article.text.endswith("won an award.")


# --- snapshot -------------------------------------------------------------------------------

def test_snapshot_is_content_addressed_and_idempotent(tmp_path):
    body = b"<html>same bytes</html>"
    digest = sha256(body)
    first = snapshot(body, tmp_path)
    assert first == tmp_path / digest[:2] / f"{digest}.html"
    assert first.read_bytes() == body
    mtime = first.stat().st_mtime_ns
    assert snapshot(body, tmp_path) == first and first.stat().st_mtime_ns == mtime
    assert snapshot(b"other", tmp_path) != first
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted(
        [f"{digest}.html", f"{sha256(b'other')}.html"])


# --- settings -------------------------------------------------------------------------------

def test_settings_defaults_without_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings == Settings()
    assert (settings.timeout, settings.retries, settings.max_redirects, settings.max_bytes) == (20.0, 2, 5, 5242880)
    assert settings.content_types == ("text/html", "application/xhtml+xml", "text/plain")
    assert (settings.host_delay, settings.user_agent, settings.raw_dir) == (0.5, "awardex/0.1", "raw/fetched")
    assert (settings.batch_size, settings.db) == (50, None)


def test_repository_settings_file_holds_the_defaults():
    assert load_settings(Path(__file__).parents[1] / "awardex.toml") == Settings()


def test_settings_from_a_file(tmp_path):
    path = tmp_path / "awardex.toml"
    path.write_text('[fetch]\ntimeout = 3\ncontent_types = ["text/html"]\n[run]\ndb = "x.duckdb"\n')
    settings = load_settings(path)
    assert settings.timeout == 3 and settings.content_types == ("text/html",)
    assert settings.db == "x.duckdb" and settings.retries == 2


@pytest.mark.parametrize("content, message", [
    ("[fetch]\ntimout = 3\n", "unknown setting 'timout'"),
    ("[fetching]\n", "unknown table [fetching]"),
    ("[fetch]\nretries = '2'\n", "wrong type"),
    ("[fetch]\ntimeout = 0\n", "timeout must be > 0"),
    ("[fetch\n", "not valid TOML"),
])
def test_bad_settings_files(tmp_path, content, message):
    path = tmp_path / "awardex.toml"
    path.write_text(content)
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_settings(path)


def test_explicit_settings_file_must_exist(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_settings(tmp_path / "nope.toml")


# --- hostile answers the red team tried (issue 15), through the pinned connection ---------------

def test_a_header_flood_is_refused(server, settings):
    assert _reason(server.url("/header-flood"), settings) == "request failed: got more than 100 headers"


def test_a_gzip_bomb_stops_at_the_cap(server, settings):
    assert _reason(server.url("/gzip-bomb"), replace(settings, max_bytes=1_000_000)) == "body larger than 1000000 bytes"


def test_a_body_shorter_than_its_content_length_fails(server, settings):
    assert _reason(server.url("/short-body"), settings).startswith("reading the body failed")


# --- SSRF: every hop's address is checked; only allow-listed private hosts are reached -----------

@pytest.fixture
def internal():
    with serving(_InternalServer()) as server:
        yield server


def _redirect_reason(server, settings, target: str) -> str:
    return _reason(server.url(f"/to?{target}"), settings)


@pytest.mark.parametrize("target, refused", [
    ("http://127.0.0.1:{internal}/secret", "127.0.0.1 is a loopback address"),
    ("http://localhost:{internal}/secret", "localhost resolves to 127.0.0.1, a loopback address"),
    ("http://localhost:{own}/good", "localhost resolves to 127.0.0.1, a loopback address"),  # same port, other name
    ("http://2130706433:{internal}/secret", "2130706433 resolves to 127.0.0.1, a loopback address"),
    ("http://0x7f000001:{internal}/secret", "0x7f000001 resolves to 127.0.0.1, a loopback address"),
    ("http://127.1:{internal}/secret", "127.1 resolves to 127.0.0.1, a loopback address"),
    ("http://[::ffff:127.0.0.1]:{internal}/secret", "a loopback address inside IPv6"),
    ("http://[::1]:{internal}/secret", "::1 is a loopback address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://10.0.0.1/", "10.0.0.1 is a private address"),
    ("http://100.64.0.1/", "100.64.0.1 is a shared (CGNAT) address"),
    ("http://0.0.0.0:{internal}/", "0.0.0.0 is an unspecified address"),
])
def test_redirect_to_an_internal_address_is_refused_and_never_connected(server, settings, internal, target, refused):
    url = target.format(internal=internal.server_address[1], own=server.server_address[1])
    reason = _redirect_reason(server, settings, url)
    assert reason.startswith(f"redirect to {url} refused: ") and refused in reason, reason
    assert reason.endswith("(not in [fetch] allow_hosts)")
    assert internal.requests == []


def test_redirect_with_credentials_is_refused(server, settings, internal):
    url = f"http://evil@127.0.0.1:{internal.server_address[1]}/secret"
    assert "carries credentials" in _redirect_reason(server, settings, url)
    assert internal.requests == []


def test_a_private_first_url_is_refused_too(settings, internal):
    url = f"http://127.0.0.1:{internal.server_address[1]}/secret"
    assert _reason(url, settings) == "refused: 127.0.0.1 is a loopback address (not in [fetch] allow_hosts)"
    assert internal.requests == []


def test_allow_hosts_entry_opens_exactly_that_host_and_port(server, settings, internal):
    port = internal.server_address[1]
    url = f"http://127.0.0.1:{port}/secret"
    assert fetch(server.url(f"/to?{url}"), replace(settings, allow_hosts=settings.allow_hosts + (f"127.0.0.1:{port}",))
                 ).body == b"<p>internal secret</p>"
    assert internal.requests == ["/robots.txt", "/secret"]
    # a host entry without a port allows every port of that host name, and only that name
    wide = replace(settings, allow_hosts=("127.0.0.1",))
    assert fetch(url, wide).status == 200
    assert _reason(f"http://localhost:{port}/secret", wide).startswith("refused: localhost resolves to 127.0.0.1")
    assert [r for r in internal.requests if r != "/robots.txt"] == ["/secret", "/secret"]


def test_the_checked_address_is_connected_to_with_the_host_name_in_the_host_header(server, settings, monkeypatch):
    port = server.server_address[1]
    named = replace(settings, allow_hosts=(f"localhost:{port}",), obey_robots=False)
    lookups = []
    real = socket.getaddrinfo

    def counting(host, *args, **kwargs):  # the real resolver, counted: one lookup per hop, none later
        lookups.append(host)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", counting)
    page = fetch(f"http://localhost:{port}/echo-host", named)
    assert page.body == f"<p>localhost:{port}</p>".encode()
    assert lookups == ["localhost", "127.0.0.1"]  # the name once (checked), then the checked address itself


@pytest.mark.parametrize("address, kind", [
    ("10.1.2.3", "a private"), ("172.16.0.1", "a private"), ("192.168.1.1", "a private"),
    ("100.64.0.1", "a shared (CGNAT)"), ("169.254.169.254", "a link-local"), ("224.0.0.1", "a multicast"),
    ("240.0.0.1", "a reserved"), ("0.0.0.0", "an unspecified"), ("127.8.9.10", "a loopback"),
    ("::", "an unspecified"), ("::1", "a loopback"), ("fe80::1", "a link-local"), ("fc00::1", "a private"),
    ("ff02::1", "a multicast"), ("::ffff:10.0.0.1", "a private"), ("64:ff9b::7f00:1", "a loopback"),
    ("2002:7f00:1::", "a loopback"), ("192.0.2.1", "a private"),
])
def test_non_public_addresses_are_named(address, kind):
    from ipaddress import ip_address

    from pipeline.addresses import refusal

    assert refusal(ip_address(address)).startswith(kind)


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(address):
    from ipaddress import ip_address

    from pipeline.addresses import refusal

    assert refusal(ip_address(address)) is None


# --- one deadline for the whole request -------------------------------------------------------

def test_headers_dripping_slowly_hit_the_whole_request_deadline(server, settings):
    # every header byte comes well inside the timeout; only a deadline on the whole request stops it
    assert _reason(server.url("/slow-headers"), replace(settings, retries=0)) == "timed out after 0.5s"
    assert server.hits["/slow-headers"] == 1


# --- robots.txt ---------------------------------------------------------------------------------

def test_robots_txt_is_honoured_and_asked_once_per_host(server, settings):
    from pipeline import robots

    robots.forget()  # a new run
    assert _reason(server.url("/private/page"), settings) == (
        f"refused: disallowed by robots.txt ({server.url('/robots.txt')})")
    assert server.hits["/private/page"] == 0
    assert fetch(server.url("/good"), settings).status == 200
    assert fetch(server.url("/plain"), settings).status == 200
    assert server.hits["/robots.txt"] == 1
    assert fetch(server.url("/private/page"), replace(settings, obey_robots=False)).status == 200
    robots.forget()
    fetch(server.url("/good"), settings)
    assert server.hits["/robots.txt"] == 2


class _RobotsDown(Handler):
    def do_GET(self) -> None:  # noqa: N802
        self.send(503 if self.path == "/robots.txt" else 200, b"<p>page</p>")


def test_robots_txt_that_fails_with_5xx_keeps_the_host_out(settings):
    from pipeline import robots

    with serving(LoopbackServer(_RobotsDown)) as down:
        robots.forget()
        allowed = replace(settings, allow_hosts=(f"127.0.0.1:{down.server_address[1]}",), retries=0)
        reason = _reason(down.url("/page"), allowed)
    assert reason.startswith(f"refused: robots.txt ({down.url('/robots.txt')}) unavailable (HTTP 503)")


# --- conditional GET -----------------------------------------------------------------------------

def test_a_lying_charset_header_keeps_the_page(server, settings):
    article = from_fetched(fetch(server.url("/lying-charset"), settings), None)
    assert article.title == "Pomona Unified named a District of Distinction"
    assert "bilingual and biliterate" in article.text


# --- settings errors, as the command line shows them (a real process) ----------------------------

def _awardex(*args: str, cwd: Path) -> "subprocess.CompletedProcess[str]":
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    return subprocess.run([sys.executable, str(root / "cli.py"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env={**__import__("os").environ, "PYTHONPATH": str(root),
                                                       "COLUMNS": "300"})


@pytest.mark.parametrize("content, message", [
    ("[fetching]\n", "unknown table [fetching] (expected [fetch], [discover], [run]"),
    ("[fetch]\ntimeout = inf\n", "timeout must be > 0 and <= 3600 seconds"),
    ("[fetch]\ntimeout = -1\n", "timeout must be > 0"),
    ('[fetch]\nuser_agent = "awardex/0.1\\r\\nX-Evil: 1"\n', "user_agent must be printable ASCII"),
    ('[fetch]\nallow_hosts = ["127.0.0.1:http"]\n', "allow_hosts entry '127.0.0.1:http' has a bad port"),
])
def test_bad_settings_stop_the_run_with_their_text(tmp_path, content, message):
    bad = tmp_path / "bad.toml"
    bad.write_text(content)
    done = _awardex("run", "--settings", str(bad), "--db", str(tmp_path / "x.duckdb"), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert message in " ".join(done.stderr.split()), done.stderr
    assert "Traceback" not in done.stderr


def test_settings_given_as_a_directory_is_a_clear_error(tmp_path):
    done = _awardex("run", "--settings", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), cwd=tmp_path)
    assert done.returncode == 2
    assert "is a directory" in done.stderr and "Traceback" not in done.stderr


# --- HTTPS: connected to the checked address, verified against the URL's host name -------------

def _certificates(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A test CA (ca.pem) and a certificate for the name 'localhost' only (no IP address in it)."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.timezone.utc)

    def name(common: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(name("awardex test CA")).issuer_name(name("awardex test CA"))
          .public_key(ca_key.public_key()).serial_number(1).not_valid_before(now - dt.timedelta(days=1))
          .not_valid_after(now + dt.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    leaf = (x509.CertificateBuilder().subject_name(name("localhost")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(2).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = tmp_path / "ca.pem", tmp_path / "leaf.pem", tmp_path / "leaf.key"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths


class _Hello(Handler):
    def do_GET(self) -> None:  # noqa: N802
        self.send(200, f"<p>hello {self.headers.get('Host')}</p>".encode())


def test_https_is_pinned_to_the_checked_address_and_verified_for_the_host_name(tmp_path, settings, monkeypatch):
    import ssl

    ca, cert, key = _certificates(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = LoopbackServer(_Hello)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))  # OpenSSL's default trust store: our test CA only
    with serving(server):
        port = server.server_address[1]
        tls = replace(settings, allow_hosts=(f"localhost:{port}", f"127.0.0.1:{port}"), obey_robots=False)
        page = fetch(f"https://localhost:{port}/", tls)  # connects to 127.0.0.1; the certificate names localhost
        assert page.body == f"<p>hello localhost:{port}</p>".encode()
        # the same server by its address: the certificate does not name 127.0.0.1, so it is refused
        reason = _reason(f"https://127.0.0.1:{port}/", tls)
    assert reason.startswith("request failed") and "certificate" in reason.lower(), reason
