"""`awardex run --sources FILE` and `awardex serve`, as a scheduler runs them: real subprocesses,
their exit statuses and output, and a real deployment on a local Prefect server."""
from __future__ import annotations

import json
import os
import pty
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from pipeline.sources import Source, resolve
from runs_helpers import ARTICLE

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 180  # seconds: a bound on any one subprocess, never reached when things work


@pytest.fixture(scope="module")
def env(prefect_harness, tmp_path_factory) -> dict[str, str]:
    """The environment of a scheduled `awardex run`: the harness's Prefect server, no terminal."""
    from prefect.settings import PREFECT_API_URL

    return dict(os.environ, PREFECT_API_URL=PREFECT_API_URL.value(), PREFECT_SERVER_ANALYTICS_ENABLED="false",
                PREFECT_HOME=str(tmp_path_factory.mktemp("prefect-home")))


def awardex(env: dict[str, str], *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, env=env, text=True,
                          capture_output=True, timeout=TIMEOUT, **kwargs)


@pytest.fixture
def sources(tmp_path) -> Path:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "maple.txt").write_text(ARTICLE)
    listing = tmp_path / "sources.conf"
    listing.write_text("# what to ingest\narticles/maple.txt\n\n  # gone since\narticles/gone.html\n")
    return listing


# --- the sources file ----------------------------------------------------------------------------
def test_sources_file_lines_comments_and_relative_paths(tmp_path):
    (tmp_path / "a.html").write_text("<p>x</p>")
    listing = tmp_path / "sources.conf"  # any name: named explicitly, it is a list
    listing.write_text("\ufeff# pages\nhttps://example.org/a  \n\n   # indented comment\na.html\n"
                       "https://example.org/a#top\nmissing.txt\nftp://example.org/b\n")
    found, rejected = resolve([], sources_file=listing)
    assert found == [Source("url", "https://example.org/a"), Source("file", str(tmp_path / "a.html"))]
    assert [(r.source, r.stage, r.reason) for r in rejected] == [
        (str(tmp_path / "missing.txt"), "source", "no such file or directory"),
        ("ftp://example.org/b", "source", "unsupported URL scheme 'ftp' (only http and https)")]
    assert resolve([str(tmp_path / "a.html")], sources_file=listing)[0] == found[::-1]  # no duplicates
    listing.write_text("# nothing yet\n")
    assert resolve([], sources_file=listing) == ([], [])
    with pytest.raises(FileNotFoundError, match="sources file .* does not exist"):
        resolve([], sources_file=tmp_path / "nope.txt")


# --- `awardex run` as a scheduler sees it ------------------------------------------------------------
def test_run_with_rejects_completes_quietly_and_exits_0(env, sources, tmp_path):
    db = tmp_path / "awards.duckdb"
    result = awardex(env, "run", "--sources", str(sources), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "completed" in result.stdout and "│ loaded" in result.stdout  # the summary table
    assert f"rejected {tmp_path / 'articles' / 'gone.html'}: source: no such file or directory" in result.stderr
    assert " | INFO " not in result.stderr  # quiet: Prefect's chatter stays in the Prefect UI
    assert "starting Prefect" not in result.stderr  # no progress bar without a terminal
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT status, seen, loaded, rejected FROM runs").fetchall() == [("completed", 2, 1, 1)]
    con.close()


def test_run_that_cannot_complete_exits_1_and_bad_arguments_exit_2(env, sources, tmp_path):
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"this is not a DuckDB file" * 100)
    result = awardex(env, "run", "--sources", str(sources), "--db", str(broken))
    assert result.returncode == 1
    assert "awardex run: the run could not complete:" in result.stderr

    result = awardex(env, "run", "--sources", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "x.duckdb"))
    assert result.returncode == 2
    assert f"sources file {tmp_path / 'nope.txt'} does not exist" in result.stderr
    assert not (tmp_path / "x.duckdb").exists()


def test_progress_bar_on_a_terminal(env, sources, tmp_path):
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "cli", "run", "--sources", str(sources),
                                "--db", str(tmp_path / "awards.duckdb")], cwd=ROOT, env=dict(env, COLUMNS="100"),
                               stdout=subprocess.PIPE, stderr=terminal, text=True)
    os.close(terminal)
    shown = bytearray()
    reader = threading.Thread(target=_drain, args=(controller, shown), daemon=True)
    reader.start()
    out, _ = process.communicate(timeout=TIMEOUT)
    reader.join(10)
    os.close(controller)
    assert process.returncode == 0
    assert b"starting Prefect" in shown and b"1/1" in shown  # the bar, then its count of sources
    assert "completed" in out


def _drain(fd: int, into: bytearray) -> None:
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the terminal closed with the process
            return
        if not chunk:
            return
        into += chunk


# --- `awardex serve` --------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _api(base: str, path: str, body: dict | None = None):
    request = urllib.request.Request(f"{base}{path}", method="POST" if body is not None else "GET",
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def test_serve_puts_a_scheduled_deployment_on_a_local_prefect_server(sources, tmp_path):
    port, db = _free_port(), tmp_path / "awards.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}  # no server configured
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_API_PORT=str(port),
               PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_RUNNER_POLL_FREQUENCY="1")
    process = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--sources", str(sources),
                                "--cron", "0 6 * * *", "--name", "nightly", "--db", str(db)],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)  # its own process group: the server goes with it
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()
    api = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + TIMEOUT
        while not any("is being served" in line for line in lines):
            assert process.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, "".join(lines)
            time.sleep(0.2)
        output = "".join(lines)
        assert "awardex serve: deployment 'awardex-ingest/nightly', cron '0 6 * * *' (UTC)" in output
        assert "prefect deployment run 'awardex-ingest/nightly'" in output

        (deployment,) = _api(api, "/deployments/filter", {})
        assert deployment["name"] == "nightly"
        assert [s["schedule"]["cron"] for s in deployment["schedules"]] == ["0 6 * * *"]
        assert deployment["parameters"]["sources_file"] == str(sources)
        assert deployment["parameters"]["db"] == str(db)

        scheduled = _scheduled_runs(api, deployment["id"], within=20)  # the server's scheduler at work

        # the deployment runs: start one now instead of waiting for 06:00
        run = _api(api, f"/deployments/{deployment['id']}/create_flow_run", {})
        while (state := _api(api, f"/flow_runs/{run['id']}")["state"]["type"]) not in (
                "COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
            assert time.monotonic() < deadline, (state, "".join(lines))
            time.sleep(0.5)
        assert state == "COMPLETED", "".join(lines)
        con = duckdb.connect(str(db), read_only=True)
        assert con.execute("SELECT status, loaded, rejected FROM runs").fetchall() == [("completed", 1, 1)]
        con.close()

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0, "".join(lines)
        with pytest.raises(OSError):  # the server it started stopped with it
            _api(api, "/health")
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert scheduled, "the Prefect server scheduled no runs for the cron schedule (sqlalchemy must be < 2.1)"


def _scheduled_runs(api: str, deployment_id: str, within: float) -> list[str]:
    """Start times of the runs the server scheduled for the deployment (waiting up to `within` s)."""
    deadline = time.monotonic() + within
    while True:
        runs = _api(api, "/flow_runs/filter", {"deployments": {"id": {"any_": [deployment_id]}},
                                                "limit": 10, "offset": 0, "sort": "EXPECTED_START_TIME_ASC"})
        found = [r["expected_start_time"] for r in runs if r["state"]["type"] == "SCHEDULED"]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(1)
