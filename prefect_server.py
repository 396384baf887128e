"""Which Prefect server a run talks to, and the lifetime of one started here.

`awardex run` reuses a running server: the one PREFECT_API_URL names, else a local one
answering on 127.0.0.1:PREFECT_SERVER_API_PORT (default 4200; `awardex serve` starts it there).
Without either it starts a temporary one (`temporary()`), Prefect's own ASGI app under uvicorn
on a free port, with the Prefect home's database (so the schema is already migrated from the
last run: it stays warm between runs). That child dies with this process, however it ends:
  - a normal exit or an exception stops it (terminate, then kill);
  - kill -9 of this process: the kernel sends the child SIGKILL (Linux prctl PR_SET_PDEATHSIG,
    armed between fork and exec), and a child whose parent died before that exits at once.
A temporary server registers no block types, and its slow first requests (route tables, the
database's first connection) are sent to it from a thread as soon as it answers, while the run
still warms up. It runs in its own session, so a Ctrl-C at the terminal reaches the run (which
then marks itself stopped through this server) and not the server.

Worker processes (the flow's process pool) call `exit_with_parent(flow process)` at start: a
thread that ends the worker when the flow process is gone (the workers are forked by a fork
server, not by the flow process, and PR_SET_PDEATHSIG follows the parent thread anyway).

No Prefect import here: starting the server overlaps with the flow's own imports.
"""
from __future__ import annotations

import ctypes
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

START_SECONDS = 120   # how long to wait for a server this process starts
STOP_SECONDS = 10     # how long a stopped server may take before it is killed
DEFAULT_PORT = 4200   # Prefect's own default for PREFECT_SERVER_API_PORT
_PR_SET_PDEATHSIG = 1


def healthy(api: str, timeout: float = 2.0) -> bool:
    """Does a Prefect API answer at `api` (".../api")?"""
    try:
        with urllib.request.urlopen(f"{api.rstrip('/')}/health", timeout=timeout) as response:
            return response.status == 200
    except (OSError, ValueError):
        return False


def running_api() -> str | None:
    """The API URL of a server to reuse: PREFECT_API_URL, else a local server on the API port."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    api = local_api()
    return api if healthy(api, timeout=1.0) else None


def local_api(port: int | None = None) -> str:
    port = port or int(os.environ.get("PREFECT_SERVER_API_PORT") or DEFAULT_PORT)
    return f"http://127.0.0.1:{port}/api"


def _libc_prctl():
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux: the watchdog thread of exit_with_parent is all there is
        return None


def _die_with(parent: int):
    """A preexec_fn for Popen: the child gets SIGKILL when `parent` (the thread that forks) ends."""
    prctl = _libc_prctl() if sys.platform.startswith("linux") else None

    def arm() -> None:
        if prctl is not None:
            prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the signal was armed
            os._exit(1)
    return arm


def exit_with_parent(parent: int | None = None, interval: float = 0.5) -> None:
    """End this process soon after `parent` (a pid; default: this process's parent) ends: a daemon
    thread that waits on a pidfd of it (Linux), else polls. The flow's pool workers are forked by a
    fork server, so the process they must not outlive is not their parent but the flow process."""
    parent = parent or os.getppid()
    try:
        fd = os.pidfd_open(parent)
    except ProcessLookupError:  # gone already
        os._exit(1)
    except (AttributeError, OSError):  # no pidfds here (not Linux, or a kernel before 5.3)
        fd = None

    def watch() -> None:
        if fd is not None:
            select.select([fd], [], [])  # readable once the process has ended (reaped or not)
        else:
            while _alive(parent):
                time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _alive(pid: int) -> bool:
    if pid == os.getppid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process now has that pid: ours is gone
        return False
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(port: int | None = None, full: bool = False) -> tuple[str, subprocess.Popen]:
    """Start a Prefect API server on 127.0.0.1 (a free port unless `port`) and return (API URL,
    process) at once, without waiting for it to answer (`wait_until_up`). `full`: the whole
    `prefect server start` (UI, scheduler and other services, for `awardex serve`); otherwise just
    the API, as Prefect's own temporary server runs it."""
    port = port or _free_port()
    env = dict(os.environ)
    env.pop("PREFECT_API_URL", None)
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    if full:
        command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    else:
        env.update(PREFECT_UI_ENABLED="0", PREFECT__SERVER_EPHEMERAL="1", PREFECT__SERVER_FINAL="1")
        # No block auto-registration: its check alone imports every installed Prefect collection
        # (prefect-dask, hence dask and distributed; the boot took 5.0 s with it, 3.8 s without).
        # Block types are for the UI's block catalogue, which a temporary server does not serve,
        # and no awardex flow uses a block; the full server (`awardex serve`, same database)
        # registers them when it starts.
        env.setdefault("PREFECT_SERVER_REGISTER_BLOCKS_ON_START", "false")
        env.setdefault("PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION", "false")
        command = [sys.executable, "-m", "uvicorn", "--factory", "prefect.server.api.server:create_app",
                   "--host", "127.0.0.1", "--port", str(port), "--log-level", "error", "--lifespan", "on"]
    process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               preexec_fn=_die_with(os.getpid()), start_new_session=True)
    return f"http://127.0.0.1:{port}/api", process


def _not_up(api: str, process: subprocess.Popen, seconds: float) -> str | None:
    """Poll until `api` answers (None), or say why it never will: the process exited, or the time ran out."""
    deadline = time.monotonic() + seconds
    while not healthy(api, timeout=1.0):
        if process.poll() is not None:
            return f"exited with status {process.returncode}"
        if time.monotonic() > deadline:
            return f"did not answer within {seconds:.0f}s"
        time.sleep(0.1)
    return None


def wait_until_up(api: str, process: subprocess.Popen, seconds: float = START_SECONDS) -> None:
    """Return once `api` answers; RuntimeError (and the server stopped) if the process exits or the
    time runs out."""
    why = _not_up(api, process, seconds)
    if why is not None:
        stop(process)
        raise RuntimeError(f"the temporary Prefect server {why}")


def stop(process: subprocess.Popen, seconds: float = STOP_SECONDS) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class RunServer:
    """The server a run talks to: `api`, and `process` when it is a temporary one started here."""
    api: str
    process: subprocess.Popen | None = None

    @property
    def temporary(self) -> bool:
        return self.process is not None

    def ready(self) -> str:
        """The API URL, once the server answers (a temporary one may still be booting)."""
        if self.process is not None:
            wait_until_up(self.api, self.process)
        return self.api


def _first_request(api: str, process: subprocess.Popen, seconds: float = START_SECONDS) -> None:
    """As soon as a server started here answers its health check, send it the requests that are
    slow only the first time: an API request (FastAPI builds its route tables: ~0.3 s) and a read
    of the database (the engine and its first connection, ~0.2 s). Sent from a thread while the
    run still imports and warms up, so that the flow run's own first requests find them done.
    Read-only and best effort: `ready()` is what waits for the server and reports failures."""
    if _not_up(api, process, seconds) is not None:
        return
    base = api.rstrip("/")
    try:
        urllib.request.urlopen(f"{base}/admin/version", timeout=10).close()
        urllib.request.urlopen(urllib.request.Request(f"{base}/flow_runs/filter", data=b'{"limit": 1}', method="POST",
                                                      headers={"Content-Type": "application/json"}),
                               timeout=10).close()
    except (OSError, ValueError):
        pass


@contextmanager
def for_run() -> Iterator[RunServer]:
    """Point PREFECT_API_URL at a server for the duration of the block: a running one when there
    is one, else a temporary one started here (at once, so that it boots while the caller imports
    Prefect and the flow) and stopped on the way out. Yields a RunServer; its `ready()` returns the
    API URL once the server answers. Enter it before Prefect is imported, so that Prefect never
    starts its own."""
    api = running_api()
    if api is not None:
        os.environ["PREFECT_API_URL"] = api
        yield RunServer(api)
        return
    api, process = start()
    os.environ["PREFECT_API_URL"] = api
    threading.Thread(target=_first_request, args=(api, process), name="prefect-server-warm-up", daemon=True).start()
    try:
        yield RunServer(api, process)
    finally:
        _drain_prefect()  # logs and events still queued for this server go out before it stops
        os.environ.pop("PREFECT_API_URL", None)
        stop(process)


def _drain_prefect(seconds: float = 5.0) -> None:
    """Send what Prefect's log and event workers still hold (they would retry a stopped server
    for a minute at exit); nothing to do when Prefect was never imported."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        try:
            worker.drain_all(timeout=seconds)
        except Exception:  # best effort: a log line lost at exit must not fail the run
            pass


@contextmanager
def temporary() -> Iterator[tuple[str, subprocess.Popen]]:
    """A temporary server for the block (waited for), stopped on the way out."""
    api, process = start()
    try:
        wait_until_up(api, process)
        yield api, process
    finally:
        stop(process)


def local(port: int) -> tuple[str, subprocess.Popen | None]:
    """The API URL of a full Prefect server (UI, scheduler) on 127.0.0.1:`port`, starting one
    there when none answers (then its process is returned, for the caller to stop). Used by
    `awardex serve`: schedules need the server's scheduler service, which a temporary one lacks."""
    api = local_api(port)
    if healthy(api):
        return api, None
    print(f"starting a Prefect server on http://127.0.0.1:{port} (PREFECT_API_URL is not set)",
          file=sys.stderr, flush=True)
    api, process = start(port, full=True)
    wait_until_up(api, process)
    return api, process
