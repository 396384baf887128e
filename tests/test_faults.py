"""The whole ingest flow against a loopback server full of faults, incremental runs, and a fuzz
test of the extractor. Real Prefect (test harness), real DuckDB file, real HTTP on 127.0.0.1."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from runs_helpers import rows as query
from loopback import Handler, LoopbackServer, serving
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from extractors import version
from extractors.records import extract
from flows import ingest
from schemas.articles import RawArticle
from pipeline.text import TextError, html_to_article, normalize

HANG_SECONDS = 10  # longer than the 1 s timeout below; the server lets go at shutdown
MAX_BYTES = 50_000

MAPLE = ("Maple Ridge Unified School District in Maple Ridge, California, won the Example Award.\n\n"
         "The district serves approximately 4,900 students in 12 schools and runs a dual-language program.")
CEDAR = ("Cedar Falls Community School District in Cedar Falls, Iowa, was named a District of Distinction.\n\n"
         "The district, which serves about 5,600 students in 10 schools, expanded its STEM program.")
BIRCH = ("Birchwood School District in Birchwood, Wisconsin, received a state award for its reading program.\n\n"
         "Birchwood serves 1,200 students in three schools \u2014 \u201cevery teacher\u201d trained in phonics.")
PLAIN = ("Oak Hill ISD wins award\n\nOak Hill Independent School District in Oak Hill, Texas, won the "
         "Example Award for its career pathways program, which now reaches 800 students in four high schools.")
LOCAL = ("Pine Valley award\n\nPine Valley School District in Pine Valley, Utah, won the Example Award. "
         "The district serves 2,300 students in six schools and runs a computer science program.")


def page(text: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return (f"<html><head><meta charset='utf-8'><title>Example Award</title></head><body><nav>Home | News</nav>"
            f"<article><h1>Example Award winners</h1>{body}</article><footer>(c) 2024</footer></body></html>").encode()


class _Faults(Handler):
    server: LoopbackServer

    def do_GET(self) -> None:  # noqa: N802
        path = self.path
        if path == "/maple":
            self.send(200, page(MAPLE))
        elif path == "/cedar":
            self.send(200, page(CEDAR))
        elif path == "/plain":
            self.send(200, PLAIN.encode(), "text/plain; charset=utf-8")
        elif path == "/bad-utf8":  # UTF-8 (curly quotes, a dash) with two bytes that are not: U+FFFD
            self.send(200, page(BIRCH).replace(b"reading program", b"reading \xff\xfe program"))
        elif path == "/error500":
            self.send(500, b"oops")
        elif path == "/hang":
            self.server.stop.wait(HANG_SECONDS)
            self.send(200, page(MAPLE))
        elif path == "/big":
            self.send(200, b"<p>" + b"x" * (MAX_BYTES + 1000) + b"</p>")
        elif path == "/image":
            self.send(200, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "image/png")
        elif path == "/binary":  # sent as HTML, but it is not
            self.send(200, b"\x00\x01\x02\x03PK\x00" * 200)
        elif path == "/empty":
            self.send(200, b"")
        elif path == "/slow-headers":  # a header byte every 0.2 s: each read is quick, the whole is not
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
            for byte in b"X-Padding: " + b"a" * 40 + b"\r\n":
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                if self.server.stop.wait(0.2):
                    return
            body = page(MAPLE)
            self.wfile.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        elif path.startswith("/to/"):  # /to/<port>/<path>: a redirect to another server on this machine
            _, _, port, rest = path.split("/", 3)
            self.send(302, headers={"Location": f"http://127.0.0.1:{port}/{rest}"})
        elif path == "/loop-a":
            self.send(302, headers={"Location": "/loop-b"})
        elif path == "/loop-b":
            self.send(302, headers={"Location": "/loop-a"})
        else:
            self.send(404, b"not here")


@pytest.fixture(scope="module")
def faults():
    with serving(LoopbackServer(_Faults)) as server:
        yield server


def settings_file(tmp_path: Path, batch_size: int = 3, server: LoopbackServer | None = None) -> str:
    """Settings for a test run; `server`'s port (and no other) is allow-listed past the SSRF guard."""
    allow = f'allow_hosts = ["127.0.0.1:{server.server_address[1]}"]\n' if server else ""
    path = tmp_path / "awardex.toml"
    path.write_text(f'[fetch]\ntimeout = 1.0\nretries = 1\nbackoff = 0.05\nhost_delay = 0.02\n{allow}'
                    f'max_bytes = {MAX_BYTES}\nraw_dir = "{tmp_path / "raw"}"\n[run]\nbatch_size = {batch_size}\n')
    return str(path)


def rejects(db: Path, run_id: str) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT source, stage || ': ' || reason FROM rejects WHERE run_id = ?", [run_id]).fetchall()
    finally:
        con.close()
    assert len(rows) == len(dict(rows)), "one reject per bad source"
    return dict(rows)


def test_every_fault_is_one_reject_with_its_reason_and_the_good_pages_load(prefect_harness, tmp_path, faults):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "pine-valley.txt").write_text(LOCAL)
    good = [faults.url(p) for p in ("/maple", "/cedar", "/plain", "/bad-utf8")]
    bad = {
        faults.url("/error500"): "fetch: HTTP 500 (2 attempts)",
        faults.url("/hang"): "fetch: timed out after 1s (2 attempts)",
        faults.url("/big"): f"fetch: body larger than {MAX_BYTES} bytes",
        faults.url("/image"): "fetch: content type image/png is not HTML or text",
        faults.url("/binary"): "text: binary content (NUL bytes)",
        faults.url("/empty"): "fetch: empty body",
        faults.url("/loop-a"): f"fetch: too many redirects (loop back to {faults.url('/loop-a')})",
        faults.url("/missing"): "fetch: HTTP 404",
        "ftp://127.0.0.1/award.html": "source: unsupported URL scheme 'ftp' (only http and https)",
        "file:///etc/passwd": "source: file:// URLs are not accepted: give the path itself",
        str(tmp_path / "articles" / "gone.txt"): "source: no such file or directory",
    }
    listing = tmp_path / "sources.list"  # any name: --sources FILE is a list whatever it is called
    listing.write_text("# award pages, one per line\n\n" + "\n".join(good) + "\n  # local files, relative to this list\n"
                       "articles/pine-valley.txt\narticles/gone.txt\n# faults\n"
                       + "\n".join(u for u in bad if not u.startswith("/")) + "\n")
    db, settings = tmp_path / "awards.duckdb", settings_file(tmp_path, server=faults)

    first = ingest(sources_file=str(listing), db=str(db), settings_path=settings)
    assert (first.status, first.seen, first.loaded, first.unchanged, first.rejected) == ("completed", 16, 5, 0, 11)
    assert rejects(db, first.run_id) == bad
    names = {n for (n,) in query(db, "SELECT name_as_written FROM district_mentions")}
    assert {"Maple Ridge Unified School District", "Cedar Falls Community School District",
            "Birchwood School District", "Pine Valley School District"} <= names
    (text,) = query(db, f"SELECT text FROM articles WHERE source = '{faults.url('/bad-utf8')}'")[0]
    assert "reading \ufffd\ufffd program" in text  # bad bytes decoded, the page kept
    # raw snapshots: one file per distinct body fetched (the binary one too), content-addressed
    snapshots = sorted(p.name for p in (tmp_path / "raw").rglob("*.html"))
    assert len(snapshots) == 5

    second = ingest(sources_file=str(listing), db=str(db), settings_path=settings)
    assert (second.status, second.seen, second.loaded, second.unchanged, second.rejected) == ("completed", 16, 0, 5, 11)
    assert rejects(db, second.run_id) == bad
    assert sorted(p.name for p in (tmp_path / "raw").rglob("*.html")) == snapshots
    assert query(db, "SELECT status, seen, loaded, unchanged, rejected FROM runs ORDER BY started_at") == [
        ("completed", 16, 5, 0, 11), ("completed", 16, 0, 5, 11)]
    assert query(db, "SELECT count(*), count(DISTINCT run_id) FROM articles") == [(5, 1)]  # not re-loaded


def test_unchanged_is_not_reextracted_and_a_new_extractor_version_reextracts_once(
        prefect_harness, tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    for name, text in (("maple", MAPLE), ("cedar", CEDAR), ("pine", LOCAL)):
        (src / f"{name}.txt").write_text(f"{name} award\n\n{text}")
    # one chunk, run in this process: the monkeypatches below do not reach worker processes
    db, settings = tmp_path / "awards.duckdb", settings_file(tmp_path, batch_size=10)
    assert ingest([str(src)], db=str(db), settings_path=settings).loaded == 3

    calls = []

    def counting(articles, *args):
        articles = list(articles)
        calls.append(len(articles))
        return extract(articles, *args)

    monkeypatch.setattr("extractors.records.extract", counting)
    again = ingest([str(src)], db=str(db), settings_path=settings)
    assert (again.loaded, again.unchanged) == (0, 3) and sum(calls) == 0  # nothing extracted again

    old = version.extractor_version()
    monkeypatch.setattr(version, "extractor_version", lambda: old + ".next")
    bumped = ingest([str(src)], db=str(db), settings_path=settings)
    assert (bumped.loaded, bumped.unchanged) == (3, 0) and sum(calls) == 3
    assert query(db, "SELECT DISTINCT extractor_version FROM articles") == [(old + ".next",)]
    once = ingest([str(src)], db=str(db), settings_path=settings)
    assert (once.loaded, once.unchanged) == (0, 3) and sum(calls) == 3
    assert query(db, "SELECT count(*) FROM articles") == [(3,)]


def test_an_unexpected_error_in_one_step_is_a_reject_not_a_failed_run(prefect_harness, tmp_path, monkeypatch):
    import extractors.records
    import pipeline.read

    src = tmp_path / "in"
    src.mkdir()
    for name, text in (("maple", MAPLE), ("boom", CEDAR + " BOOM"), ("odd", LOCAL)):
        (src / f"{name}.txt").write_text(f"{name} award\n\n{text}")

    real_read, real_extract = pipeline.read.read_file, extractors.records.extract

    def read_file(path):
        if path.endswith("odd.txt"):
            raise RuntimeError("a bug in the text step")
        return real_read(path)

    def extract(articles, *args):
        articles = list(articles)
        if any("BOOM" in a.text for a in articles):
            raise ZeroDivisionError("a bug in the extractor")
        return real_extract(articles, *args)

    monkeypatch.setattr(pipeline.read, "read_file", read_file)
    monkeypatch.setattr(extractors.records, "extract", extract)
    db = tmp_path / "awards.duckdb"
    summary = ingest([str(src)], db=str(db), settings_path=settings_file(tmp_path))
    assert (summary.status, summary.loaded, summary.rejected) == ("completed", 1, 2)
    assert rejects(db, summary.run_id) == {
        str(src / "boom.txt"): "extract: extractor failed: ZeroDivisionError: a bug in the extractor",
        str(src / "odd.txt"): "text: unexpected RuntimeError: a bug in the text step"}


class _Inside(Handler):
    """An internal service: any request it sees is a failure of the SSRF guard."""
    server: LoopbackServer

    def do_GET(self) -> None:  # noqa: N802
        self.server.seen.append(self.path)
        self.send(200, page(CEDAR))


def test_redirects_inward_and_slow_headers_are_rejects_and_the_inside_sees_nothing(prefect_harness, tmp_path, faults):
    inside = LoopbackServer(_Inside)
    inside.seen = []
    with serving(inside):
        port = inside.server_address[1]
        bad = {
            faults.url(f"/to/{port}/admin"): f"fetch: redirect to http://127.0.0.1:{port}/admin refused: "
                                             "127.0.0.1 is a loopback address (not in [fetch] allow_hosts)",
            f"http://localhost:{faults.server_address[1]}/maple": "fetch: refused: localhost resolves to 127.0.0.1, "
                                                                 "a loopback address (not in [fetch] allow_hosts)",
            f"http://2130706433:{port}/admin": "fetch: refused: 2130706433 resolves to 127.0.0.1, a loopback address "
                                               "(not in [fetch] allow_hosts)",
            faults.url("/slow-headers"): "fetch: timed out after 1s (2 attempts)",
        }
        listing = tmp_path / "sources.list"
        listing.write_text("\n".join([faults.url("/maple"), *bad]) + "\n")
        db = tmp_path / "awards.duckdb"
        summary = ingest(sources_file=str(listing), db=str(db), settings_path=settings_file(tmp_path, server=faults))
        assert (summary.status, summary.loaded, summary.rejected) == ("completed", 1, 4)
        assert rejects(db, summary.run_id) == bad
        assert inside.seen == []
        assert query(db, "SELECT count(*) FROM articles WHERE text LIKE '%Cedar Falls%'") == [(0,)]


# --- fuzz: the extractor never raises on what the text step can hand it -------------------------
WORDS = ["Unified", "School", "District", "Schools", "Public", "County", "ISD", "USD", "CISD", "Independent",
         "of", "the", "in", "and", ",", ".", ";", ":", "(", ")", "\u201c", "\u201d", "'s", "-", "\u2013", "\n", "\n\n",
         "California", "CA", "Texas", "TX", "New York", "Washington, D.C.", "Pomona", "St.", "Mt.",
         "serves", "students", "schools", "enrollment", "of about", "more than", "4,900", "23,000", "0",
         "2,000,001", "12", "41", "one", "three", "award", "District of Distinction", "STEM", "dual-language",
         "career pathways", "1:1 devices", "mental health", "\u2022", "*", "#", "K-12", "PUSD", "LAUSD"]
texts = st.one_of(st.text(max_size=3000),
                  st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=300).map(" ".join))
tags = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<article>", "</article>", "<h1>", "</h1>", "<br>",
                        "<li>", "<ul>", "</ul>", "<table><tr><td>", "</td></tr></table>", "<script>", "</script>",
                        "<!--", "-->", "<nav>", "</nav>", "<title>", "</title>", "<meta charset='latin-1'>",
                        "&amp;", "&nbsp;", "&#0;", "&#xD800;", "<![CDATA[", "]]>", "<html>", "<body>", "<"])
pages = st.lists(st.one_of(tags, texts), max_size=40).map("".join)
FUZZ = hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _extract_one(text: str) -> None:
    article = RawArticle(article_id="fuzz", source="fuzz", text=text)
    ((got, record, rejected),) = list(extract([article]))
    assert got is article
    if record is not None:  # whatever was emitted is grounded in the text
        for district in record.districts:
            for ev in district.evidence:
                assert text[ev.start:ev.end] == ev.text


@FUZZ
@given(texts)
def test_extractor_never_raises_on_any_text(text):
    _extract_one(normalize(text))


@FUZZ
@given(pages)
def test_extractor_never_raises_on_any_html(html):
    try:
        article = html_to_article(html, source="fuzz")
    except TextError:
        return  # unusable input: a reject with a reason, which is allowed
    _extract_one(article.text)


def test_many_articles_extract_on_worker_processes_in_order_and_one_fault_stays_one_reject(monkeypatch):
    """`awardex extract` and `eval` on a big batch: the same records as one process, in the same order;
    an article that breaks the extractor inside a worker's chunk is the only one rejected."""
    import extractors.records
    from extractors.records import PARALLEL_FROM, extract_all

    texts = [f"Award {i}\n\n{(MAPLE, CEDAR, BIRCH, PLAIN, LOCAL)[i % 5]}" for i in range(PARALLEL_FROM + 7)]
    articles = [RawArticle(article_id=f"a{i}", source=f"a{i}.txt", text=t) for i, t in enumerate(texts)]
    one_process = [(a.article_id, r.as_dict()) for a, r, _ in extract(articles)]
    articles[101] = RawArticle(article_id="a101", source="a101.txt", text=texts[101] + " BOOM")
    real = extractors.records.raw_record

    def raw_record(article, doc):
        if "BOOM" in article.text:
            raise ZeroDivisionError("a bug in the extractor")
        return real(article, doc)

    monkeypatch.setattr(extractors.records, "raw_record", raw_record)  # the forked workers inherit it
    pooled = list(extract_all(articles, workers=2))
    assert [a.article_id for a, _, _ in pooled] == [a.article_id for a in articles]
    assert [(a.article_id, r.as_dict()) for a, r, _ in pooled if r is not None] == one_process[:101] + one_process[102:]
    assert [(a.article_id, [j.reason for j in bad]) for a, r, bad in pooled if r is None] == [
        ("a101", ["extractor failed: ZeroDivisionError: a bug in the extractor"])]
