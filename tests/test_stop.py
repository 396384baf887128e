"""Stopping a run, with real processes: SIGTERM and Ctrl-C (SIGINT) while a page hangs end
`python -m cli run` within seconds with the run marked 'stopped' and the next run doing the rest;
kill -9 of a run takes its temporary Prefect server (a uvicorn child) down with it."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import fields
from pathlib import Path

import psutil
import pytest
from runs_helpers import PAGE, rows
from loopback import Handler, LoopbackServer, serving

from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "raw" / "samples"
HANG = 600      # seconds a held page waits: far longer than any stop may take
BOUND = 60      # seconds a stopped run may take to leave in this test (the run says STOP_SECONDS)


class _Held(Handler):
    server: "_HeldServer"

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/robots.txt":
            self.send(404, b"")
            return
        self.server.requested.set()
        self.server.release.wait(HANG)
        self.send(200, PAGE)


class _HeldServer(LoopbackServer):
    def __init__(self) -> None:
        super().__init__(_Held)
        self.requested, self.release = threading.Event(), threading.Event()


@pytest.fixture
def held():
    with serving(_HeldServer()) as server:
        yield server
        server.release.set()


@pytest.fixture(scope="module")
def env(prefect_harness, tmp_path_factory) -> dict[str, str]:
    from prefect.settings import PREFECT_API_URL

    return dict(os.environ, PREFECT_API_URL=PREFECT_API_URL.value(), PREFECT_SERVER_ANALYTICS_ENABLED="false",
                PREFECT_HOME=str(tmp_path_factory.mktemp("prefect-home")))


def settings_file(tmp_path: Path, batch_size: int = 50) -> str:
    known = {f.name for f in fields(Settings)}
    extra = "".join(line for key, line in (("allow_hosts", 'allow_hosts = ["127.0.0.1"]\n'),
                                           ("obey_robots", "obey_robots = false\n")) if key in known)
    path = tmp_path / "awardex.toml"
    path.write_text(f'[fetch]\ntimeout = {HANG}\nretries = 0\nhost_delay = 0.0\nraw_dir = "{tmp_path / "raw"}"\n'
                    f'{extra}[run]\nbatch_size = {batch_size}\n')
    return str(path)


def awardex(env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cli", "run", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(condition, what: str, process: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the run ended while waiting for {what}: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.mark.parametrize("signum, batch_size", [(signal.SIGTERM, 50), (signal.SIGINT, 1)],
                         ids=["sigterm-in-process", "ctrl-c-process-pool"])
def test_a_signal_stops_the_run_it_is_marked_stopped_and_the_next_run_resumes(env, held, tmp_path, signum,
                                                                                batch_size):
    db, settings = tmp_path / "awards.duckdb", settings_file(tmp_path, batch_size)
    listing = tmp_path / "sources.txt"
    listing.write_text(f"{SAMPLES}\n{held.url('/held')}\n")
    args = ("--sources", str(listing), "--db", str(db), "--settings", settings)
    run = awardex(env, *args)
    wait_for(held.requested.is_set, "the held page to be requested", run)
    time.sleep(0.5)
    run.send_signal(signum)
    try:
        out, err = run.communicate(timeout=BOUND)
    except subprocess.TimeoutExpired:
        run.kill()
        pytest.fail(f"the run was still going {BOUND}s after {signum.name}: {run.communicate()}")
    assert run.returncode == 128 + signum, err
    assert "stopped" in err
    assert rows(db, "SELECT status FROM runs") == [("stopped",)]
    (stored,), = rows(db, "SELECT count(*) FROM articles")

    held.release.set()
    done = subprocess.run([sys.executable, "-m", "cli", "run", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert rows(db, "SELECT status FROM runs ORDER BY started_at") == [("stopped",), ("completed",)]
    (loaded, unchanged), = rows(db, "SELECT loaded, unchanged FROM runs WHERE status = 'completed'")
    assert (loaded + unchanged, unchanged) == (13, stored)
    assert rows(db, "SELECT count(*) FROM articles") == [(13,)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_kill_9_of_a_run_takes_its_temporary_prefect_server_with_it(held, tmp_path):
    """No PREFECT_API_URL and nothing on the local API port: the run starts its own server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_API_PORT=str(_free_port()),
               PREFECT_SERVER_ANALYTICS_ENABLED="false")
    run = awardex(env, held.url("/held"), "--db", str(tmp_path / "awards.duckdb"),
                  "--settings", settings_file(tmp_path))
    wait_for(held.requested.is_set, "the held page to be requested", run, timeout=300)
    servers = [p for p in psutil.Process(run.pid).children(recursive=True)
               if "uvicorn" in " ".join(p.cmdline())]
    assert len(servers) == 1, [p.cmdline() for p in psutil.Process(run.pid).children(recursive=True)]
    port = int(servers[0].cmdline()[servers[0].cmdline().index("--port") + 1])
    run.send_signal(signal.SIGKILL)
    run.communicate(timeout=30)
    gone, alive = psutil.wait_procs(servers, timeout=30)
    assert not alive, "the temporary Prefect server outlived its run"
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0  # nothing listens on its port any more
