"""End to end: the flow in a child process (clean RSS and CPU accounting) against one Prefect
server, and the command line as a user runs it (`awardex run` with its own temporary server,
`awardex extract`), wall clock including start-up."""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

RUNNERS = ("process", "threads", "dask")


def _flow_child(argv: list[str]) -> int:
    """`python -m bench _flow ...`: one `flows.ingest` run; writes its numbers as JSON."""
    import resource

    p = argparse.ArgumentParser(prog="bench _flow")
    p.add_argument("--dir", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--runner", choices=RUNNERS, default="process")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--dask-address")
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    t = time.perf_counter()
    import flows
    if args.runner == "dask" and not args.dask_address:
        from prefect_dask import DaskTaskRunner
        flow = flows.ingest.with_options(task_runner=DaskTaskRunner(cluster_kwargs={
            "n_workers": args.workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None}))
    else:
        flow = flows.with_runner(args.runner, args.workers, args.dask_address)
    import_s = time.perf_counter() - t
    self0 = resource.getrusage(resource.RUSAGE_SELF)
    t = time.perf_counter()
    summary = flow([args.dir], db=args.db)
    wall = time.perf_counter() - t
    self1 = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {"runner": args.runner, "workers": args.workers, "import_seconds": round(import_s, 3),
              "wall_seconds": round(wall, 3), "flow_seconds": summary.seconds, "status": summary.status,
              "seen": summary.seen, "loaded": summary.loaded, "unchanged": summary.unchanged,
              "rejected": summary.rejected, "districts": summary.districts,
              "cpu_flow_process_seconds": round((self1.ru_utime + self1.ru_stime) - (self0.ru_utime + self0.ru_stime), 3),
              "cpu_workers_seconds": round(kids.ru_utime + kids.ru_stime, 3)}
    Path(args.out).write_text(json.dumps(result))
    return 0 if summary.status == "completed" else 1


def run_flow(directory: Path, db: Path, runner: str, workers: int, workdir: Path, env: dict,
             server_pid: int | None = None, dask_address: str | None = None, label: str = "run") -> dict:
    """Run the flow in a child process; sample the RSS of it and its workers; add the server's CPU."""
    import psutil

    out = workdir / f"{label}.json"
    log = workdir / f"{label}.log"
    cmd = [sys.executable, "-m", "bench", "_flow", "--dir", str(directory), "--db", str(db),
           "--runner", runner, "--workers", str(workers), "--out", str(out)]
    if dask_address:
        cmd += ["--dask-address", dask_address]
    server = _process(server_pid)
    server_cpu0 = _cpu(server)
    load0 = os.getloadavg()[0]
    started = time.perf_counter()
    with open(log, "wb") as fh:
        proc = subprocess.Popen(cmd, env=env, stdout=fh, stderr=subprocess.STDOUT, cwd=Path.cwd())
        root = psutil.Process(proc.pid)
        peak = peak_pss = peak_procs = peak_root = peak_child = 0
        samples = []
        while proc.poll() is None:  # RSS of the whole family (getrusage's ru_maxrss survives exec: useless here)
            total, total_pss, count = 0, 0, 0
            try:
                family = [root, *root.children(recursive=True)]
            except psutil.Error:
                family = []
            for p in family:
                try:
                    rss = p.memory_info().rss
                    total_pss += _pss(p, rss)
                except psutil.Error:
                    continue
                total += rss
                count += 1
                if p is root:
                    peak_root = max(peak_root, rss)
                else:
                    peak_child = max(peak_child, rss)
            if total > peak:
                peak = total
            peak_pss = max(peak_pss, total_pss)
            peak_procs = max(peak_procs, count)
            samples.append((round(time.perf_counter() - started, 2), round(total / 2**20, 1)))
            time.sleep(0.05)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0 or not out.exists():
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"flow run {label} failed (exit {proc.returncode}); log {log}:\n{tail}")
    result = json.loads(out.read_text())
    result.update({"process_seconds": round(elapsed, 3), "peak_rss_mb": round(peak / 2**20, 1),
                   "peak_pss_mb": round(peak_pss / 2**20, 1),
                   "peak_rss_flow_process_mb": round(peak_root / 2**20, 1),
                   "peak_rss_one_worker_mb": round(peak_child / 2**20, 1),
                   "peak_processes": peak_procs, "server_cpu_seconds": round(_cpu(server) - server_cpu0, 3),
                   "rss_timeline_mb": _thin(samples, 40), "log": str(log),
                   "loadavg_1m_before_after": [round(load0, 2), round(os.getloadavg()[0], 2)]})
    cpu = result["cpu_flow_process_seconds"] + result["cpu_workers_seconds"]
    result["busy_cores"] = round(cpu / result["wall_seconds"], 2) if result["wall_seconds"] else 0.0
    return result


def _pss(p, rss: int) -> int:
    """A process's proportional set size (its pages, a shared page divided among the processes
    that share it: a family's PSS adds up to the memory it uses, where RSS counts a page each time;
    the pool's workers share the pages of the fork server they were forked from). RSS where the
    system has no PSS."""
    import psutil
    try:
        return getattr(p.memory_full_info(), "pss", rss)
    except (psutil.AccessDenied, AttributeError, NotImplementedError):
        return rss


def _process(pid: int | None):
    import psutil
    try:
        return psutil.Process(pid) if pid else None
    except psutil.Error:
        return None


def _cpu(proc) -> float:
    if proc is None:
        return 0.0
    try:
        t = proc.cpu_times()
        return t.user + t.system
    except Exception:
        return 0.0


def _thin(samples: list, n: int) -> list:
    if len(samples) <= n:
        return samples
    step = len(samples) / n
    return [samples[int(i * step)] for i in range(n)] + [samples[-1]]


class _Server:
    """The Prefect API the flows report to: PREFECT_API_URL when set, else a temporary local
    server (prefect_test_harness: a subprocess server on a throw-away SQLite file), timed."""

    def __enter__(self):
        import psutil
        import prefect.settings

        url = os.environ.get("PREFECT_API_URL") or prefect.settings.PREFECT_API_URL.value()
        self.stack = None
        self.pid = None
        self.startup_seconds = 0.0
        self.kind = "existing"
        if not url:
            from contextlib import ExitStack

            from prefect.testing.utilities import prefect_test_harness
            before = {p.pid for p in psutil.Process().children()}
            t = time.perf_counter()
            self.stack = ExitStack()
            self.stack.enter_context(prefect_test_harness(server_startup_timeout=120))
            self.startup_seconds = round(time.perf_counter() - t, 2)
            url = prefect.settings.PREFECT_API_URL.value()
            new = [p.pid for p in psutil.Process().children() if p.pid not in before]
            self.pid = new[0] if new else None
            self.kind = "temporary"
        try:  # the subprocess server (ours, or a test harness's in this process), for its CPU time
            from prefect.server.api.server import SubprocessASGIServer
            running = SubprocessASGIServer._instances.get(None)
            if running is not None and running.server_process is not None:
                self.pid = running.server_process.pid
        except Exception:
            pass
        self.url = url
        return self

    def __exit__(self, *exc):
        if self.stack is not None:
            self.stack.close()
        return False


# =============================================================================================
# 5. Report


# --- the command line as a user runs it -------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli_env(workdir: Path) -> dict:
    """No PREFECT_API_URL and nothing on the local API port: `awardex run` starts its temporary
    server, as on a machine where no Prefect server runs. Its Prefect home is kept between the
    bench's runs (the server's database stays warm, as it does for a user)."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_SERVER_API_PORT=str(_free_port()), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_HOME=str(workdir / "prefect-home"))
    return env


def timed(cmd: list[str], env: dict, log: Path) -> dict:
    """Run `cmd` to the end: wall seconds, CPU seconds of it and its children, exit status."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load0 = os.getloadavg()[0]
    t = time.perf_counter()
    with open(log, "wb") as fh:
        code = subprocess.run(cmd, env=env, stdout=fh, stderr=subprocess.STDOUT, cwd=Path.cwd()).returncode
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if code != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} ... failed (exit {code}); log {log}:\n"
                           f"{log.read_text(errors='replace')[-2000:]}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"wall_seconds": round(wall, 3), "cpu_seconds": round(cpu, 3), "log": str(log),
            "loadavg_1m_before_after": [round(load0, 2), round(os.getloadavg()[0], 2)]}


def awardex(*args: str) -> list[str]:
    return [sys.executable, "-m", "cli", *args]


def cli_run(directory: Path, db: Path, workdir: Path, label: str) -> dict:
    """`awardex run DIR` cold into a fresh file, then again on the same unchanged pages."""
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    env = cli_env(workdir)
    cold = timed(awardex("run", str(directory), "--db", str(db)), env, workdir / f"{label}-cold.log")
    rerun = timed(awardex("run", str(directory), "--db", str(db)), env, workdir / f"{label}-rerun.log")
    return {"cold": cold, "rerun": rerun}


def cli_extract(texts: list[str], workdir: Path) -> dict:
    """`awardex extract` on every text of the stage sample (as .txt files), and on one of them."""
    folder = workdir / "texts"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    paths = []
    for i, text in enumerate(texts):
        path = folder / f"text-{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    env = dict(os.environ)
    many = timed(awardex("extract", *paths), env, workdir / "extract-many.log")
    timed(awardex("extract", paths[0]), env, workdir / "extract-one-warm-up.log")  # the gazetteer cache is built
    one = timed(awardex("extract", paths[0]), env, workdir / "extract-one.log")
    return {"texts": len(paths), "many": many, "one": one, "one_path": paths[0]}


def cli_run_one(path: str, workdir: Path) -> dict:
    """`awardex run one.txt` into a fresh file, with the temporary Prefect server it starts."""
    db = workdir / "run-one.duckdb"
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    env = cli_env(workdir)
    timed(awardex("run", path, "--db", str(workdir / "run-one-warm-up.duckdb")), env, workdir / "run-one-warm-up.log")
    return timed(awardex("run", path, "--db", str(db)), env, workdir / "run-one.log")
