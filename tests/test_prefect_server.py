"""Which Prefect server `awardex run` uses (prefect_server.py), with real servers and processes:
a local one that is up (as `awardex serve` leaves it) is reused; a started one dies with its parent."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import psutil

import prefect_server
from runs_helpers import ARTICLE, rows

ROOT = Path(__file__).resolve().parents[1]


def flow_runs(api: str) -> list[dict]:
    request = urllib.request.Request(f"{api}/flow_runs/filter", data=b"{}", method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_a_run_reuses_the_local_server_on_the_api_port(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    os.environ["PREFECT_HOME"], saved = env["PREFECT_HOME"], os.environ.get("PREFECT_HOME")
    try:
        with prefect_server.temporary() as (api, server):
            port = api.rsplit(":", 1)[1].split("/")[0]
            (tmp_path / "maple.txt").write_text(ARTICLE)
            run = subprocess.run([sys.executable, "-m", "cli", "run", str(tmp_path / "maple.txt"),
                                  "--db", str(tmp_path / "awards.duckdb")], cwd=ROOT, capture_output=True,
                                 text=True, timeout=300, env=dict(env, PREFECT_SERVER_API_PORT=port))
            assert run.returncode == 0, run.stderr
            assert [r["state_type"] for r in flow_runs(api)] == ["COMPLETED"]  # the run reported here
            assert server.poll() is None  # and left the server it did not start running
    finally:
        os.environ.pop("PREFECT_HOME") if saved is None else os.environ.update(PREFECT_HOME=saved)


def test_nothing_to_reuse_without_an_api_url_or_a_local_server(monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_SERVER_API_PORT", "9")  # discard: nothing answers there
    assert prefect_server.running_api() is None
    monkeypatch.setenv("PREFECT_API_URL", "http://prefect.example:4200/api")
    assert prefect_server.running_api() == "http://prefect.example:4200/api"


def test_a_started_server_dies_with_the_process_that_started_it(tmp_path):
    """The parent here is a small Python process: it starts a server, prints its pid, and is killed -9."""
    code = ("import prefect_server, sys, time; api, p = prefect_server.start(); print(p.pid, flush=True); "
            "time.sleep(600)")
    parent = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                              env=dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect-home")))
    server = psutil.Process(int(parent.stdout.readline()))
    assert server.is_running() and server.ppid() == parent.pid
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=30)
    gone, alive = psutil.wait_procs([server], timeout=30)
    assert not alive, "the server outlived the process that started it"


def post(api: str, path: str, body: dict) -> dict | list:
    request = urllib.request.Request(f"{api}{path}", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_a_run_without_a_server_reports_to_a_temporary_one_that_ends_with_it(tmp_path):
    """No PREFECT_API_URL, nothing on the API port, a Prefect home never used: `awardex run` starts
    its temporary server (no block registration, warmed up while the run imports), loads the
    article, and stops the server; a second run does the same on the now warm database. The
    home's database then holds both flow runs and their task runs, completed, and every state
    event (the temporary server's flow runs send no heartbeats: nothing would read them)."""
    home = tmp_path / "prefect-home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_API_PORT="9", PREFECT_SERVER_ANALYTICS_ENABLED="false")
    (tmp_path / "maple.txt").write_text(ARTICLE)
    db = tmp_path / "awards.duckdb"
    for _ in range(2):
        run = subprocess.run([sys.executable, "-m", "cli", "run", str(tmp_path / "maple.txt"), "--db", str(db)],
                             cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
        assert run.returncode == 0, run.stderr
    assert rows(db, "SELECT d.name, d.state, m.enrollment, m.schools "
                    "FROM district_mentions m JOIN districts d USING (district_id)") \
        == [("Maple Ridge Unified School District", "CA", 4900, 12)]
    assert rows(db, "SELECT status, loaded, unchanged FROM runs ORDER BY started_at") \
        == [("completed", 1, 0), ("completed", 0, 1)]
    left = [p for p in psutil.process_iter(["cmdline"]) if "uvicorn" in " ".join(p.info["cmdline"] or [])
            and _environ(p).get("PREFECT_HOME") == str(home)]
    assert not left, "a temporary Prefect server outlived its run"
    os.environ["PREFECT_HOME"], saved = str(home), os.environ.get("PREFECT_HOME")
    try:
        with prefect_server.temporary() as (api, _):
            assert [r["state_type"] for r in flow_runs(api)] == ["COMPLETED", "COMPLETED"]
            # the second run read its file's bytes as known and ran no task
            assert [r["state_type"] for r in post(api, "/task_runs/filter", {})] == ["COMPLETED"]
            events = {e["event"] for e in post(api, "/events/filter", {"limit": 50})["events"]}
            assert {"prefect.flow-run.Running", "prefect.flow-run.Completed", "prefect.task-run.Completed"} <= events
            assert "prefect.flow-run.heartbeat" not in events
    finally:
        os.environ.pop("PREFECT_HOME") if saved is None else os.environ.update(PREFECT_HOME=saved)


def _environ(process: psutil.Process) -> dict:
    try:
        return process.environ()
    except (psutil.Error, OSError):
        return {}
