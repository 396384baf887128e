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
        if path == "/good":
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
        elif path == "/to-ftp":
            self.send(302, headers={"Location": "ftp://example.org/file.html"})
        else:
            self.send(404)


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
def settings(tmp_path) -> Settings:
    return Settings(timeout=0.5, retries=2, backoff=0.01, host_delay=0.0, raw_dir=str(tmp_path / "raw"))


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
    assert _reason(f"http://127.0.0.1:{port}/", replace(settings, backoff=1.0)).startswith("could not connect")
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
