"""The ingest flow end to end: a real Prefect flow (test harness), real DuckDB file, real HTTP."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from loopback import Handler, LoopbackServer, serving

from flows import ingest

SAMPLES = Path(__file__).resolve().parents[1] / "raw" / "samples"
TABLES = ("articles", "districts", "district_mentions", "initiatives", "evidence", "rejects")
GOOD = ("Maple Ridge Unified School District in Maple Ridge, California, won the Example Award.\n\n"
        "The district serves approximately 4,900 students in 12 schools and runs a dual-language program.\n")


def snapshot(db: Path) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in TABLES}
    finally:
        con.close()


def settings_file(tmp_path: Path) -> str:
    path = tmp_path / "awardex.toml"
    path.write_text(f'[fetch]\ntimeout = 2.0\nretries = 0\nhost_delay = 0.0\nraw_dir = "{tmp_path / "raw"}"\n'
                    f'allow_hosts = ["127.0.0.1"]\n')  # the test server is on 127.0.0.1 (past the SSRF guard)
    return str(path)


def test_samples_load_and_rerun_changes_no_row(prefect_harness, tmp_path):
    db = tmp_path / "awards.duckdb"
    first = ingest([str(SAMPLES)], db=str(db))
    assert (first.status, first.seen, first.loaded, first.rejected) == ("completed", 12, 12, 0)
    assert first.districts >= 20
    before = snapshot(db)
    second = ingest([str(SAMPLES)], db=str(db))
    assert (second.loaded, second.unchanged, second.rejected) == (0, 12, 0)
    assert snapshot(db) == before
    con = duckdb.connect(str(db), read_only=True)
    runs = con.execute("SELECT status, seen, loaded, unchanged FROM runs ORDER BY started_at").fetchall()
    assert runs == [("completed", 12, 12, 0), ("completed", 12, 0, 12)]
    # every evidence row points at its article's text
    bad = con.execute("""SELECT count(*) FROM evidence e JOIN articles a USING (article_id)
                         WHERE substr(a.text, e.start_char + 1, e.end_char - e.start_char) <> e.text""").fetchone()
    assert bad == (0,)


def test_bad_inputs_become_rejects_and_good_ones_load(prefect_harness, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("Maple Ridge award\n\n" + GOOD)
    (src / "empty.txt").write_text("")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (src / "menu.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    db = tmp_path / "awards.duckdb"
    summary = ingest([str(src), str(tmp_path / "missing.txt"), "ftp://example.org/a.html",
                      "file:///etc/passwd"], db=str(db), settings_path=settings_file(tmp_path))
    assert (summary.status, summary.loaded, summary.rejected) == ("completed", 1, 6)
    con = duckdb.connect(str(db), read_only=True)
    rejects = dict(con.execute("SELECT source, stage || ': ' || reason FROM rejects").fetchall())
    assert rejects[str(src / "empty.txt")] == "text: empty file"
    assert rejects[str(src / "binary.txt")].startswith("text: binary content")
    assert rejects[str(src / "menu.html")] == "text: no article text found"
    assert rejects[str(tmp_path / "missing.txt")].startswith("source: no such file")
    assert rejects["ftp://example.org/a.html"].startswith("source: unsupported URL scheme 'ftp'")
    assert rejects["file:///etc/passwd"].startswith("source: file:// URLs are not accepted")
    assert con.execute("SELECT name_as_written, state, enrollment FROM district_mentions").fetchall() == [
        ("Maple Ridge Unified School District", "CA", 4900)]


class _Page(Handler):
    body = b""

    def do_GET(self):  # noqa: N802
        self.send(200, type(self).body) if self.path == "/award" else self.send(404, b"gone")


@pytest.fixture
def server():
    with serving(LoopbackServer(_Page)) as httpd:
        yield httpd.url("")


def page(paragraphs: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs.split("\n\n"))
    return (f"<html><head><title>Example Award</title></head><body><nav>Home | News</nav>"
            f"<article><h1>Example Award winners</h1>{body}</article><footer>(c) 2024</footer></body></html>").encode()


def test_urls_are_fetched_snapshotted_and_a_changed_page_replaces_its_rows(prefect_harness, tmp_path, server):
    db, settings = tmp_path / "awards.duckdb", settings_file(tmp_path)
    _Page.body = page(GOOD)
    first = ingest([f"{server}/award", f"{server}/nothing"], db=str(db), settings_path=settings)
    assert (first.loaded, first.rejected) == (1, 1)
    assert len(list((tmp_path / "raw").rglob("*.html"))) == 1  # the raw page, content-addressed
    _Page.body = page(GOOD.replace("4,900", "5,200"))
    second = ingest([f"{server}/award"], db=str(db), settings_path=settings)
    assert (second.loaded, second.unchanged) == (1, 0)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    assert con.execute("SELECT enrollment FROM district_mentions").fetchall() == [(5200,)]
    assert con.execute("SELECT source, stage, reason FROM rejects").fetchall() == [
        (f"{server}/nothing", "fetch", "HTTP 404")]


def test_a_process_pool_loads_the_same_rows_as_threads(prefect_harness, tmp_path):
    from flows import with_runner

    small = tmp_path / "small.toml"
    small.write_text("[run]\nbatch_size = 2\n")  # six batches: the chunks go to the worker processes
    threads, processes = tmp_path / "threads.duckdb", tmp_path / "processes.duckdb"
    with_runner("threads")([str(SAMPLES)], db=str(threads))
    assert with_runner("process", workers=2)([str(SAMPLES)], db=str(processes), settings_path=str(small)).loaded == 12
    keep = ("district_mentions", "initiatives", "evidence", "districts")
    assert {t: v for t, v in snapshot(processes).items() if t in keep} == \
        {t: v for t, v in snapshot(threads).items() if t in keep}
    with pytest.raises(ValueError, match="unknown task runner"):
        with_runner("fibres")


def test_chunks_are_whole_batches_a_few_per_worker():
    from flows import MAX_CHUNK_BATCHES, chunk_size

    assert chunk_size(12, 50, 2) == 50               # one chunk: run in the flow process
    assert chunk_size(4000, 50, 2) == 400            # 10 chunks, at most MAX_CHUNK_BATCHES batches each
    assert chunk_size(50_000, 50, 2) == 50 * MAX_CHUNK_BATCHES
    assert chunk_size(0, 50, 2) == 50


def test_chunks_shrink_towards_the_end_so_the_workers_finish_together():
    from flows import MAX_CHUNK_BATCHES, chunk_sizes

    assert chunk_sizes(12, 50, 2) == [12]
    assert chunk_sizes(0, 50, 2) == []
    assert chunk_sizes(101, 50, 2) == [50, 50, 1]
    for n in (1000, 10_000, 50_000):
        sizes = chunk_sizes(n, 50, 2)
        assert sum(sizes) == n
        assert all(s % 50 == 0 for s in sizes[:-1])                    # whole batches (the last one: what is left)
        assert sizes == sorted(sizes, reverse=True)                     # never a bigger chunk after a smaller one
        assert sizes[-4:-1] == [50, 50, 50]                             # the workers' last chunks are one batch each
    assert chunk_sizes(50_000, 50, 2)[0] == 50 * MAX_CHUNK_BATCHES


def test_unchanged_bytes_are_not_read_again(prefect_harness, tmp_path):
    """A file whose bytes are stored is skipped before parsing; new bytes with the same text are
    parsed once more, change no article row, and their hash replaces the stored one."""
    from pipeline.read import file_sha256

    src = tmp_path / "in"
    src.mkdir()
    article = src / "maple.txt"
    article.write_text("Maple Ridge award\n\n" + GOOD)
    db = tmp_path / "awards.duckdb"
    assert ingest([str(src)], db=str(db)).loaded == 1
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT source, raw_sha256 FROM source_hashes").fetchall() == [
        (str(article), file_sha256(str(article)))]
    con.close()
    before = snapshot(db)
    again = ingest([str(src)], db=str(db))
    assert (again.loaded, again.unchanged) == (0, 1)
    assert snapshot(db) == before

    article.write_text("Maple Ridge award\n\n" + GOOD + "\n\n\n")  # other bytes, the same normalised text
    third = ingest([str(src)], db=str(db))
    assert (third.loaded, third.unchanged) == (0, 1)
    assert snapshot(db) == before
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT raw_sha256 FROM source_hashes").fetchall() == [(file_sha256(str(article)),)]


def test_the_read_step_skips_known_bytes_without_parsing(tmp_path):
    """Known (source, raw hash): no parsing at all, so even bytes the text step refuses pass."""
    from pipeline.read import file_sha256, read_source
    from pipeline.settings import Settings
    from pipeline.sources import Source
    from pipeline.text import TextError

    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    source = Source("file", str(binary))
    with pytest.raises(TextError, match="binary content"):
        read_source(source, Settings())
    read = read_source(source, Settings(), known={(str(binary), file_sha256(str(binary)))})
    assert (read.article, read.raw_sha256) == (None, file_sha256(str(binary)))


WORKERS_OF_A_KILLED_RUN = """
import sys, time
import psutil
from prefect import task
import flows

@task
def nap():
    time.sleep(600)

with flows._process_pool(2) as runner:
    futures = [runner.submit(nap, {}) for _ in range(2)]
    deadline = time.monotonic() + 120
    while len(psutil.Process().children(recursive=True)) < 3 and time.monotonic() < deadline:
        time.sleep(0.1)  # the fork server and the two workers it forks
    print(*[p.pid for p in psutil.Process().children(recursive=True)], flush=True)
    time.sleep(600)
"""


def test_the_pools_fork_server_and_workers_end_with_a_killed_flow_process(prefect_harness, tmp_path):
    """The workers are forked by a fork server, not by the flow process: killed -9, it still takes
    them (and the fork server) with it."""
    import os
    import signal
    import subprocess
    import sys

    import psutil
    from prefect.settings import PREFECT_API_URL

    env = dict(os.environ, PREFECT_API_URL=PREFECT_API_URL.value(), PREFECT_HOME=str(tmp_path / "prefect-home"))
    parent = subprocess.Popen([sys.executable, "-c", WORKERS_OF_A_KILLED_RUN], cwd=SAMPLES.parents[1], env=env,
                              stdout=subprocess.PIPE, text=True)
    try:
        family = [psutil.Process(int(pid)) for pid in parent.stdout.readline().split()]
        assert len(family) >= 3 and all(p.is_running() for p in family)
        assert any(p.ppid() != parent.pid for p in family)  # workers are the fork server's children
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=30)
    gone, alive = psutil.wait_procs(family, timeout=30)
    assert not alive, f"outlived the flow process: {[p.cmdline() for p in alive]}"


def test_a_fork_server_started_ahead_is_stopped_by_a_run_that_does_not_use_the_pool(prefect_harness, tmp_path):
    """`awardex run` starts the pool's fork server while its Prefect server boots (a first run into a
    new database); a run on another task runner, or a pool run once it closes, leaves none behind."""
    from multiprocessing import forkserver

    import flows

    db = tmp_path / "new.duckdb"
    flows.warm_up([str(SAMPLES)], db=str(db), settings_path=str(_small_batches(tmp_path)))
    assert forkserver._forkserver._forkserver_pid is not None  # 12 samples > one batch of 2, no database yet
    flows.with_runner("threads")([str(SAMPLES)], db=str(db))
    assert forkserver._forkserver._forkserver_pid is None
    flows.warm_up([str(SAMPLES)], db=str(db), settings_path=str(_small_batches(tmp_path)))
    assert forkserver._forkserver._forkserver_pid is None  # the database exists: the first task starts it
    more = tmp_path / "more.duckdb"
    assert flows.with_runner("process", workers=2)([str(SAMPLES)], db=str(more),
                                                   settings_path=str(_small_batches(tmp_path))).loaded == 12
    assert forkserver._forkserver._forkserver_pid is None


def _small_batches(tmp_path: Path) -> Path:
    small = tmp_path / "small.toml"
    small.write_text("[run]\nbatch_size = 2\n")
    return small
