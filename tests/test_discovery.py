"""Discovery end to end: an RSS feed, an Atom feed and a sitemap (index + urlset) served over real
HTTP on 127.0.0.1, three real ingest runs (Prefect test harness) into a real DuckDB file."""
from __future__ import annotations

import hashlib
import threading
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from loopback import Handler, LoopbackServer, serving

from flows import ingest
from pipeline.discover import plan
from pipeline.settings import Settings
from pipeline.sources import Source, resolve
from warehouse import seen
from warehouse.db import connect

TOWNS = {  # article slug -> (district, city, state)
    "rss-1": ("Maple Ridge Unified School District", "Maple Ridge", "California"),
    "rss-2": ("Cedar Falls Community School District", "Cedar Falls", "Iowa"),
    "rss-3": ("Birchwood School District", "Birchwood", "Wisconsin"),
    "atom-1": ("Oak Hill Independent School District", "Oak Hill", "Texas"),
    "atom-2": ("Pine Valley School District", "Pine Valley", "Utah"),
    "map-1": ("Elm Grove Unified School District", "Elm Grove", "California"),
    "map-2": ("Aspen Park School District", "Aspen Park", "Colorado"),
}
LAST_MODIFIED = "Mon, 01 Jan 2024 00:00:00 GMT"


def article(slug: str) -> bytes:
    name, city, state = TOWNS[slug]
    return (f"<html><head><title>{name} wins the Example Award</title></head><body><nav>Home | News</nav>"
            f"<article><h1>{name} wins the Example Award</h1><p>{name} in {city}, {state}, won the Example "
            f"Award this spring for its reading program.</p><p>The district serves about 4,000 students in "
            f"nine schools and trains every teacher in phonics.</p></article></body></html>").encode()


class _Site(Handler):
    server: "_SiteServer"

    def do_GET(self) -> None:  # noqa: N802
        site = self.server
        conditional = "If-None-Match" in self.headers or "If-Modified-Since" in self.headers
        with site.lock:
            site.requests.append((self.path, conditional))
        if self.path == "/robots.txt":
            self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            return
        body, kind = site.body(self.path)
        if body is None:
            self.send(404, b"not here")
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send(200, body, kind, headers={"ETag": etag, "Last-Modified": LAST_MODIFIED})


class _SiteServer(LoopbackServer):
    def __init__(self) -> None:
        super().__init__(_Site)
        self.lock = threading.Lock()
        self.requests: list[tuple[str, bool]] = []
        self.rss_items = ["rss-1", "rss-2"]
        self.broken_items = ["gone", "menu"]

    def body(self, path: str) -> tuple[bytes | None, str]:
        base = self.url("")
        if path == "/rss.xml":
            items = "".join(f"<item><title>{s}</title><link>{base}{s if s.startswith('/') else f'/news/{s}'}"
                            f"?utm_source=rss</link></item>" for s in self.rss_items)
            other = "<item><title>elsewhere</title><link>http://other.example/news/far-away</link></item>"
            return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Awards</title><link>{base}/</link>'
                    f"{items}{other}</channel></rss>").encode(), "application/rss+xml"
        if path == "/atom.xml":
            entries = "".join(f'<entry><title>{TOWNS[s][0]}</title><link href="{base}/news/{s}"/><id>{s}</id></entry>'
                              for s in ("atom-1", "atom-2"))
            return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                    f'<title>Awards</title><link href="{base}/"/><link rel="self" href="{base}/atom.xml"/>'
                    f"{entries}</feed>").encode(), "application/xml"  # the root element says Atom
        if path == "/sitemap.xml":
            return (f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"<sitemap><loc>{base}/sitemap-news.xml</loc></sitemap></sitemapindex>").encode(), "application/xml"
        if path == "/sitemap-news.xml":
            urls = "".join(f"<url><loc>{base}/news/{s}</loc><lastmod>2024-01-01</lastmod></url>"
                           for s in ("map-1", "map-2"))
            return (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"{urls}</urlset>").encode(), "text/xml"
        if path == "/broken.xml":  # a feed whose items are a missing page and a page without an article
            items = "".join(f"<item><title>{s}</title><link>{base}/news/{s}</link></item>" for s in self.broken_items)
            return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title>{items}'
                    f"</channel></rss>").encode(), "application/rss+xml"
        if path == "/news/menu":
            return b"<html><body><nav>Home | News | About</nav></body></html>", "text/html"
        slug = path.removeprefix("/news/")
        if slug in TOWNS:
            return article(slug), "text/html; charset=utf-8"
        return None, ""

    def take(self) -> list[tuple[str, bool]]:
        """The requests since the last call, robots.txt left out (asked once per host per run)."""
        with self.lock:
            taken, self.requests = [r for r in self.requests if r[0] != "/robots.txt"], []
        return taken


@pytest.fixture
def site():
    with serving(_SiteServer()) as server:
        yield server


def _files(tmp_path: Path, site: _SiteServer, **discover) -> tuple[str, str]:
    sources = tmp_path / "sources.txt"
    sources.write_text(f"# followed feeds\nfeed:{site.url('/rss.xml')}\n{site.url('/atom.xml')}\n"
                       f"{site.url('/sitemap.xml')}\n")
    limits = "".join(f"{k} = {v}\n" for k, v in discover.items())
    settings = tmp_path / "awardex.toml"
    settings.write_text(f'[fetch]\ntimeout = 5.0\nretries = 0\nhost_delay = 0.0\nraw_dir = "{tmp_path / "raw"}"\n'
                        f'allow_hosts = ["127.0.0.1:{site.server_address[1]}"]\n'
                        f"[discover]\n{limits}")
    return str(sources), str(settings)


def _sources(db: Path) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {s for (s,) in con.execute("SELECT source FROM articles").fetchall()}
    finally:
        con.close()


def test_feeds_and_sitemaps_load_once_then_cost_only_conditional_requests(prefect_harness, tmp_path, site):
    sources, settings = _files(tmp_path, site)
    db = tmp_path / "awards.duckdb"
    news = {slug: site.url(f"/news/{slug}") for slug in TOWNS}

    first = ingest(sources_file=sources, db=str(db), settings_path=settings)
    assert (first.status, first.loaded, first.rejected) == ("completed", 6, 0), first.reasons
    assert _sources(db) == {news[s] for s in ("rss-1", "rss-2", "atom-1", "atom-2", "map-1", "map-2")}
    asked = site.take()
    assert Counter(path for path, _ in asked) == Counter(
        ["/rss.xml", "/atom.xml", "/sitemap.xml", "/sitemap-news.xml",
         *(f"/news/{s}" for s in ("rss-1", "rss-2", "atom-1", "atom-2", "map-1", "map-2"))])  # each once

    second = ingest(sources_file=sources, db=str(db), settings_path=settings)
    assert (second.status, second.loaded, second.rejected) == ("completed", 0, 0)
    asked = site.take()
    assert sorted(asked) == sorted([("/rss.xml", True), ("/atom.xml", True), ("/sitemap.xml", True),
                                    ("/sitemap-news.xml", True)])  # conditional, and nothing else

    site.rss_items.append("rss-3")
    third = ingest(sources_file=sources, db=str(db), settings_path=settings)
    assert (third.status, third.loaded, third.rejected) == ("completed", 1, 0)
    assert _sources(db) - {news[s] for s in TOWNS if s != "rss-3"} == {news["rss-3"]}
    assert sorted(p for p, conditional in site.take() if not conditional) == ["/news/rss-3"]

    with connect(str(db)) as con:
        state = seen.state(con)
        listed = seen.listed_by(con, site.url("/rss.xml"))
    assert [url for url, _, _ in listed] == [news["rss-1"], news["rss-2"], news["rss-3"]]
    assert listed[0][1] < listed[2][1]  # first seen in run 1, the new item in run 3
    assert state[site.url("/rss.xml")]["kind"] == "feed" and state[site.url("/rss.xml")]["etag"]
    assert state[site.url("/atom.xml")]["status"] == "unchanged"
    assert state[site.url("/sitemap-news.xml")]["via"] == site.url("/sitemap.xml")
    assert state[news["map-1"]]["lastmod"] == "2024-01-01"
    assert "http://other.example/news/far-away" not in state  # another host: not followed


def test_the_limits_leave_the_rest_for_the_next_run(prefect_harness, tmp_path, site):
    sources, settings = _files(tmp_path, site, max_per_source=1, max_per_run=2)
    db = tmp_path / "awards.duckdb"
    runs = [ingest(sources_file=sources, db=str(db), settings_path=settings).loaded for _ in range(5)]
    # two a run, one per feed or sitemap; none lost though the listings answer 304 after the first run
    assert runs == [2, 2, 1, 1, 0]
    assert len(_sources(db)) == 6
    with connect(str(db)) as con:
        statuses = Counter(row["status"] for row in seen.state(con).values() if row["kind"] == "page")
    assert statuses == Counter({"fetched": 6})


def test_items_rejected_for_good_are_not_asked_again(prefect_harness, tmp_path, site):
    _, settings = _files(tmp_path, site)
    sources = tmp_path / "broken.txt"
    sources.write_text(f"{site.url('/broken.xml')}\n")
    db = tmp_path / "awards.duckdb"
    first = ingest(sources_file=str(sources), db=str(db), settings_path=settings)
    assert (first.loaded, first.rejected) == (0, 2)
    assert sorted(first.reasons) == [f"{site.url('/news/gone')}: fetch: HTTP 404",
                                     f"{site.url('/news/menu')}: text: no article text found"]
    site.take()
    ingest(sources_file=str(sources), db=str(db), settings_path=settings)  # the feed answers 304
    assert site.take() == [("/broken.xml", True)]
    site.broken_items.append("rss-1")  # the feed changes: only its new item is asked for
    third = ingest(sources_file=str(sources), db=str(db), settings_path=settings)
    assert (third.loaded, third.rejected) == (1, 0)
    assert sorted(site.take()) == [("/broken.xml", True), ("/news/rss-1", False)]


def test_a_page_line_answered_304_is_read_from_its_snapshot_without_a_download(tmp_path, site):
    settings = Settings(timeout=5.0, retries=0, host_delay=0.0, raw_dir=str(tmp_path / "raw"),
                        allow_hosts=(f"127.0.0.1:{site.server_address[1]}",))
    url = site.url("/news/rss-1")
    first = plan([Source("url", url)], settings, {})
    (row,) = first.rows
    assert (row["kind"], row["status"], row["etag"]) == ("page", "fetched", row["etag"]) and row["etag"]
    site.take()
    again = plan([Source("url", url)], settings, {url: row})
    assert site.take() == [("/news/rss-1", True)]
    (page,) = again.sources
    assert again.rows[0]["status"] == "unchanged"
    assert page.page.load(url, settings.raw_dir).body == article("rss-1")


def test_a_forced_feed_that_is_not_one_is_a_reject(tmp_path, site):
    settings = Settings(timeout=5.0, retries=0, host_delay=0.0, raw_dir=str(tmp_path / "raw"),
                        allow_hosts=(f"127.0.0.1:{site.server_address[1]}",))
    found = plan([Source("feed", site.url("/news/rss-1"))], settings, {})
    assert [(r.stage, r.reason) for r in found.rejects] == [("fetch", "not an RSS/Atom feed, or one that lists no links")]
    assert found.sources == []


def test_robots_txt_keeps_a_listed_page_out(tmp_path, site):
    site.rss_items.append("/private/secret")  # listed, but robots.txt disallows /private/
    private = site.url("/private/secret")
    settings = Settings(timeout=5.0, retries=0, host_delay=0.0, raw_dir=str(tmp_path / "raw"),
                        allow_hosts=(f"127.0.0.1:{site.server_address[1]}",))
    found = plan([Source("feed", site.url("/rss.xml"))], settings, {})
    assert [(r.source, r.reason) for r in found.rejects] == [
        (private, f"refused: disallowed by robots.txt ({site.url('/robots.txt')})")]
    assert ("/private/secret", False) not in site.take()


def test_sources_lines_with_feed_and_sitemap_prefixes(tmp_path):
    listing = tmp_path / "follow.txt"  # any .txt list: `awardex run` and `awardex serve` read the same
    listing.write_text("feed:https://example.org/news.rss\nSITEMAP:https://example.org/sitemap.xml\n"
                       "https://example.org/award\nfeed:not a url\n")
    found, rejects = resolve([], sources_file=listing)
    assert found == [Source("feed", "https://example.org/news.rss"), Source("sitemap", "https://example.org/sitemap.xml"),
                     Source("url", "https://example.org/award")]
    assert [r.reason for r in rejects] == ["no such file or directory"]
    listing.write_text(listing.read_text().replace("feed:not a url\n", ""))
    assert resolve([str(listing)])[0] == found  # a .txt of such lines is a list, not an article
