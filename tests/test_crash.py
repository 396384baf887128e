"""Crash safety and one writer at a time, with real processes: `python -m cli run`
killed with SIGKILL mid-run, and two runs on one database. The subprocesses use the test
harness's Prefect server (PREFECT_API_URL), so none of them starts its own."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from runs_helpers import PAGE, rows
from loopback import Handler, LoopbackServer, serving

from warehouse.db import DatabaseBusy, writer_lock

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "raw" / "samples"
TIMEOUT = 180  # seconds: a bound on any one subprocess, never reached when things work


# --- a loopback server whose /gate/NAME answers only once the test opens that gate -------------
class _Gates(Handler):
    server: "_GateServer"

    def do_GET(self) -> None:  # noqa: N802
        requested, opened = self.server.gate(self.path.rsplit("/", 1)[-1])
        requested.set()
        opened.wait(TIMEOUT)
        self.send(200, PAGE)


class _GateServer(LoopbackServer):
    def __init__(self) -> None:
        super().__init__(_Gates)
        self._gates: dict[str, tuple[threading.Event, threading.Event]] = {}
        self._lock = threading.Lock()

    def gate(self, name: str) -> tuple[threading.Event, threading.Event]:
        """(requested, opened) events of the gate `name`."""
        with self._lock:
            return self._gates.setdefault(name, (threading.Event(), threading.Event()))

    def url(self, name: str) -> str:
        return super().url(f"/gate/{name}")


@pytest.fixture(scope="module")
def gates():
    with serving(_GateServer()) as server:
        yield server
        for _, opened in list(server._gates.values()):
            opened.set()


@pytest.fixture(scope="module")
def env(prefect_harness, tmp_path_factory) -> dict[str, str]:
    from prefect.settings import PREFECT_API_URL

    return dict(os.environ, PREFECT_API_URL=PREFECT_API_URL.value(), PREFECT_SERVER_ANALYTICS_ENABLED="false",
                PREFECT_HOME=str(tmp_path_factory.mktemp("prefect-home")))


def awardex(env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cli", "run", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    return process.returncode, out, err


def kill9(process: subprocess.Popen) -> None:
    assert process.poll() is None, f"the run ended before it could be killed: {process.communicate()}"
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL


def settings_file(tmp_path: Path) -> str:
    path = tmp_path / "awardex.toml"
    path.write_text(f'[fetch]\ntimeout = {TIMEOUT}\nretries = 0\nhost_delay = 0.0\nraw_dir = "{tmp_path / "raw"}"\n'
                    # the gate server is on 127.0.0.1 (past the SSRF guard); its gates would hold robots.txt
                    f'allow_hosts = ["127.0.0.1"]\nobey_robots = false\n'
                    f'[run]\nbatch_size = 1\n')
    return str(path)


def assert_consistent(db: Path) -> None:
    """Opens, has whole migrations only, and every row hangs together: nothing half-loaded."""
    from warehouse.db import migrations

    con = duckdb.connect(str(db), read_only=True)
    try:
        def zero(sql: str) -> None:
            assert con.execute(sql).fetchall() == [(0,)], sql

        tables = {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "schema_version" not in tables:  # killed inside the first migration: it left nothing at all
            assert not tables, tables
            return
        applied = sorted(v for (v,) in con.execute("SELECT version FROM schema_version").fetchall())
        assert applied == [v for v, _ in migrations()][:len(applied)]  # a killed migration left nothing
        if len(applied) < len(migrations()):
            return  # killed while migrating: the next connect applies the rest
        for table in ("district_mentions", "initiatives", "evidence"):
            zero(f"SELECT count(*) FROM {table} WHERE article_id NOT IN (SELECT article_id FROM articles)")
        zero("SELECT count(*) FROM district_mentions WHERE district_id NOT IN (SELECT district_id FROM districts)")
        zero("SELECT count(*) FROM districts WHERE district_id NOT IN (SELECT district_id FROM district_mentions)")
        zero("SELECT count(*) FROM articles WHERE run_id NOT IN (SELECT run_id FROM runs)")
        zero("SELECT count(*) FROM rejects WHERE run_id NOT IN (SELECT run_id FROM runs)")
        zero("""SELECT count(*) FROM evidence e JOIN articles a USING (article_id)
                WHERE substr(a.text, e.start_char + 1, e.end_char - e.start_char) <> e.text""")
        zero("SELECT count(*) - count(DISTINCT source) FROM articles")
        # an article is loaded whole: one that names a district has its mentions and evidence
        zero("""SELECT count(*) FROM district_mentions m
                WHERE NOT EXISTS (SELECT 1 FROM evidence e WHERE e.article_id = m.article_id
                                  AND e.district_id = m.district_id AND e.field = 'name')""")
    finally:
        con.close()


def wait_for(condition, what: str, process: subprocess.Popen | None = None, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process is not None and process.poll() is not None:
            pytest.fail(f"the run ended while waiting for {what}: {process.communicate()}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.001)


# --- kill -9 -------------------------------------------------------------------------------------
def test_kill_9_while_a_page_is_being_fetched_and_the_next_run_completes_the_work(env, gates, tmp_path):
    db, settings = tmp_path / "awards.duckdb", settings_file(tmp_path)
    listing = tmp_path / "sources.txt"
    listing.write_text(f"# the samples load one batch at a time, then the last page hangs\n{SAMPLES}\n"
                       f"{gates.url('fetch-kill')}\n")
    args = ("--sources", str(listing), "--db", str(db), "--settings", settings)
    requested, opened = gates.gate("fetch-kill")
    run = awardex(env, *args)
    wait_for(requested.is_set, "the hanging page to be requested", run)
    time.sleep(1.0)  # the samples' batches are loading or loaded, the last one is hanging
    kill9(run)

    assert_consistent(db)
    assert rows(db, "SELECT status FROM runs") == [("running",)]
    committed = rows(db, "SELECT count(*) FROM articles")[0][0]

    opened.set()
    code, out, err = finish(awardex(env, *args))
    assert code == 0, err
    assert "earlier runs marked abandoned" in out
    assert_consistent(db)
    assert rows(db, "SELECT status, loaded, unchanged FROM runs ORDER BY started_at") == [
        ("abandoned", None, None), ("completed", 13 - committed, committed)]
    assert rows(db, "SELECT count(*) FROM articles") == [(13,)]


def test_kill_9_at_any_moment_leaves_the_database_consistent(env, tmp_path):
    src = tmp_path / "in"
    shutil.copytree(SAMPLES, src)
    for i in range(6):  # more small batches: more moments to be killed in
        (src / f"extra-{i:02}.txt").write_text(
            f"Award {i}\n\nDistrict {i} School District in Salem, Oregon, won award number {i}. "
            f"The district serves {1000 + i} students in {i + 2} schools and runs a STEM program.\n")
    db, settings = tmp_path / "awards.duckdb", settings_file(tmp_path)
    wal = Path(f"{db}.wal")
    args = (str(src), "--db", str(db), "--settings", settings)

    def nth_write(n: int):
        """A condition: the database's WAL has appeared for the n-th time (a connection is writing)."""
        seen, present = [0], [False]

        def check() -> bool:
            now = wal.exists()
            if now and not present[0]:
                seen[0] += 1
            present[0] = now
            return seen[0] >= n
        return check

    for n in (1, 4):  # the first write (migrations), a later one (a batch)
        run = awardex(env, *args)
        wait_for(nth_write(n), f"write {n}", run)
        kill9(run)
        assert_consistent(db)

    code, out, err = finish(awardex(env, *args))
    assert code == 0, err
    assert_consistent(db)
    statuses = [s for (s,) in rows(db, "SELECT status FROM runs ORDER BY started_at")]
    assert statuses[-1] == "completed" and set(statuses[:-1]) <= {"abandoned"}
    assert rows(db, "SELECT count(*) FROM articles") == [(18,)]
    (loaded, unchanged), = rows(db, "SELECT loaded, unchanged FROM runs WHERE status = 'completed'")
    assert loaded + unchanged == 18


# --- one writer ------------------------------------------------------------------------------------
def test_a_second_run_fails_fast_and_a_waiting_one_runs_after(env, gates, tmp_path):
    db, settings = tmp_path / "awards.duckdb", settings_file(tmp_path)
    listing = tmp_path / "sources.txt"
    listing.write_text(f"{gates.url('one-writer')}\n")
    args = ("--sources", str(listing), "--db", str(db), "--settings", settings)
    requested, opened = gates.gate("one-writer")
    first = awardex(env, *args)
    waiting = None
    try:
        wait_for(requested.is_set, "the first run to fetch", first)

        code, out, err = finish(awardex(env, *args))
        assert code == 75
        assert f"database {db} is being written by another run (pid {first.pid})" in err
        assert "--wait" in err

        waiting = awardex(env, *args, "--wait", str(TIMEOUT))
        time.sleep(3)
        assert waiting.poll() is None  # still waiting for the first run
        opened.set()
        assert finish(first)[0] == 0
        code, out, err = finish(waiting)
        assert code == 0, err
    finally:
        opened.set()
        for process in (first, waiting):
            if process is not None and process.poll() is None:
                process.kill()
    (first_end, second_start), = rows(db, "SELECT min(finished_at), max(started_at) FROM runs")
    assert rows(db, "SELECT status, loaded, unchanged FROM runs ORDER BY started_at") == [
        ("completed", 1, 0), ("completed", 0, 1)]
    assert second_start >= first_end


def test_writer_lock_in_one_process(tmp_path):
    db = tmp_path / "awards.duckdb"
    with writer_lock(db):
        with pytest.raises(DatabaseBusy, match=rf"being written by another run \(pid {os.getpid()}\)"):
            with writer_lock(db, wait=0.2):
                pass
    released = threading.Event()

    def hold() -> None:
        with writer_lock(db):
            released.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.2)
    threading.Timer(0.5, released.set).start()
    with writer_lock(db, wait=10):  # waits for the holder to let go
        assert released.is_set()
    holder.join()


def test_duckdb_file_lock_held_elsewhere_is_a_clear_error(tmp_path):
    db = tmp_path / "awards.duckdb"
    con = duckdb.connect(str(db))  # this process holds DuckDB's own lock on the file
    try:
        result = subprocess.run([sys.executable, "-c", "import sys; from warehouse.db import connect; connect(sys.argv[1])",
                                 str(db)], cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)
    finally:
        con.close()
    assert result.returncode != 0
    assert f"DatabaseBusy: database {db} is locked by another process (pid {os.getpid()})" in result.stderr
