"""Prefect wiring, and nothing else: the steps live in pipeline/, extractors/ and warehouse/.

ingest: resolve sources -> (per batch, in a task) read or fetch, extract text, extract and
validate records -> load each batch into DuckDB (one writer, one transaction per batch).
serve: the ingest flow as a deployment on a cron schedule (`awardex serve`).

Crash safety: a run holds the database's writer lock (warehouse.db.writer_lock) from start
to finish, and commits each batch in one transaction. A run killed at any moment leaves the
batches it committed and a `runs` row still 'running'; the next run marks that row
'abandoned' and loads the rest (what is stored unchanged is skipped).
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from prefect import flow, get_run_logger, task

from extractors import nlp
from extractors.records import extract
from schemas.articles import RawArticle
from pipeline.fetch import FetchError, fetch, snapshot
from pipeline.settings import Settings, load_settings
from pipeline.sources import Source, resolve
from pipeline.text import TextError, from_fetched, read_file
from schemas.records import ArticleRecord, Reject
from warehouse import load
from warehouse.db import connect, db_path, writer_lock

DEFAULT_SOURCES = ["raw/samples"]
DEPLOYMENT = "scheduled"      # served as 'awardex-ingest/scheduled' unless named otherwise
SERVER_START_SECONDS = 120    # how long `serve` waits for the Prefect server it starts
SHUTDOWN_SECONDS = 20         # how long `serve` may take to stop once told to


@dataclass
class Summary:
    run_id: str
    db: str
    seen: int = 0
    loaded: int = 0
    unchanged: int = 0
    rejected: int = 0
    districts: int = 0
    abandoned: int = 0        # earlier runs found still 'running' (their process died)
    seconds: float = 0.0
    status: str = "running"
    reasons: list[str] = field(default_factory=list)


# --- progress: who wants to hear about it (the CLI's progress bar on a terminal) ----------------
# A listener is called as listener(total=n) once the sources are known, listener(advance=1) per
# source read (in this process: with a process or Dask task runner only the next call arrives)
# and listener(completed=n) after each batch is loaded.
_listeners: list[Callable[..., None]] = []


@contextlib.contextmanager
def progress(listener: Callable[..., None]) -> Iterator[None]:
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)


def _report(**event: int) -> None:
    for listener in list(_listeners):
        listener(**event)


# --- steps ---------------------------------------------------------------------------------
def read_source(source: Source, settings: Settings) -> RawArticle:
    """source -> raw -> text for one source; FetchError / TextError say why not. An unexpected
    error inside a step is that step's error too: one odd page never stops a run."""
    if source.kind == "file":
        return _step(TextError, read_file, source.location)
    fetched = _step(FetchError, fetch, source.location, settings)
    raw_path = snapshot(fetched.body, settings.raw_dir)  # a disk that cannot be written stops the run
    return _step(TextError, from_fetched, fetched, raw_path)


def _step(error: type[Exception], function, *args):
    try:
        return function(*args)
    except (FetchError, TextError):
        raise
    except Exception as exc:
        raise error(f"unexpected {type(exc).__name__}: {exc}") from exc


def _extract(articles: list[RawArticle]) -> list[tuple[RawArticle, ArticleRecord | None, list[Reject]]]:
    """extract() over a batch; should it raise, article by article, so that only the article
    that broke the extractor is rejected (stage 'extract')."""
    try:
        return list(extract(articles))
    except Exception:
        pass
    out = []
    for article in articles:
        try:
            out += list(extract([article]))
        except Exception as exc:
            stage = "text" if isinstance(exc, TextError) else "extract"
            reason = exc.reason if isinstance(exc, TextError) else f"extractor failed: {type(exc).__name__}: {exc}"
            out.append((article, None, [Reject(source=article.source, stage=stage, reason=reason)]))
    return out


# --- tasks and the flow --------------------------------------------------------------------
@task(name="extract-batch")
def extract_batch(sources: list[Source], settings: Settings, known: dict[str, str]
                  ) -> tuple[list[ArticleRecord], list[str], list[Reject]]:
    """A batch of sources -> (records, ids of unchanged articles, rejects).

    An article whose text hash is in `known` (stored by this extractor version) is unchanged:
    it is neither extracted nor loaded again.
    """
    articles, unchanged, rejects = [], [], []
    for source in sources:
        try:
            article = read_source(source, settings)
        except (FetchError, TextError) as exc:
            stage = "fetch" if isinstance(exc, FetchError) else "text"
            rejects.append(Reject(source=source.location, stage=stage, reason=exc.reason))
        else:
            if known.get(article.article_id) == article.text_sha256:
                unchanged.append(article.article_id)
            else:
                articles.append(article)
        _report(advance=1)
    records = []
    for _, record, bad in _extract(articles):
        rejects += bad
        if record is not None:
            records.append(record)
    return records, unchanged, rejects


@task(name="load-batch")
def load_records(db: str, run_id: str, records: list[ArticleRecord], rejects: list[Reject]) -> dict:
    con = connect(db)
    try:
        return load.load_batch(con, run_id, records, rejects)
    finally:
        con.close()


@flow(name="awardex-ingest")
def ingest(sources: list[str] | None = None, db: str | None = None, settings_path: str | None = None,
           sources_file: str | None = None, wait: float = 0.0) -> Summary:
    """Load the articles of `sources` and of the lines of `sources_file` (URLs, files,
    directories, URL lists; neither: the bundled samples) into DuckDB.

    `wait`: seconds to wait while another run writes the same database (then DatabaseBusy).
    Rejects do not fail a run; a run that cannot complete raises (the flow run fails).
    """
    log = get_run_logger()
    started = time.perf_counter()
    settings = load_settings(settings_path)
    path = str(db_path(db or settings.db))
    version = nlp.extractor_version()
    resolved, pending = resolve(list(sources or ([] if sources_file else DEFAULT_SOURCES)), sources_file)
    _report(total=len(resolved))
    with writer_lock(path, wait=wait):
        con = connect(path)
        try:
            abandoned = load.abandon_runs(con)
            run_id = load.start_run(con, version)
            known = dict(con.execute("SELECT article_id, text_sha256 FROM articles WHERE extractor_version = ?",
                                     [version]).fetchall())
        finally:
            con.close()
        if abandoned:
            log.warning("%s earlier run(s) left 'running' by a process that died are now 'abandoned'; "
                        "what they committed stays, this run does the rest", abandoned)
        summary = Summary(run_id=run_id, db=path, seen=len(resolved) + len(pending), abandoned=abandoned)
        try:
            size, done = settings.batch_size, 0
            futures = [extract_batch.submit(resolved[i:i + size], settings, known)
                       for i in range(0, len(resolved), size)]
            for i in range(len(futures)):  # one writer: batches load in order as they finish
                records, unchanged, bad = futures[i].result()
                futures[i] = None  # a loaded batch's records are not kept for the rest of the run
                counts = load_records(path, run_id, records, pending + bad)
                summary.loaded += counts["loaded"]
                summary.unchanged += counts["unchanged"] + len(unchanged)
                summary.rejected += len(pending) + len(bad)
                summary.reasons += [f"{r.source}: {r.stage}: {r.reason}" for r in pending + bad]
                pending = []
                done += len(resolved[i * size:(i + 1) * size])
                _report(completed=done)
            if pending:
                load_records(path, run_id, [], pending)
                summary.rejected += len(pending)
                summary.reasons += [f"{r.source}: {r.stage}: {r.reason}" for r in pending]
            summary.status = "completed"
        except BaseException:
            summary.status = "failed"
            with contextlib.suppress(Exception):  # the first error is the one to report
                _finish(summary, started)
            raise
        _finish(summary, started)
    log.info("run %s: %s seen, %s loaded, %s unchanged, %s rejected", run_id, summary.seen,
             summary.loaded, summary.unchanged, summary.rejected)
    return summary


def _finish(summary: Summary, started: float) -> None:
    summary.seconds = round(time.perf_counter() - started, 2)
    con = connect(summary.db)
    try:
        load.finish_run(con, summary.run_id, summary.status, summary.seen, summary.loaded,
                        summary.unchanged, summary.rejected)
        summary.districts = con.execute("SELECT count(*) FROM districts").fetchone()[0]
    finally:
        con.close()


# --- the scheduled deployment ----------------------------------------------------------------
def serve(sources_file: str, cron: str, name: str = DEPLOYMENT, db: str | None = None,
          settings_path: str | None = None, wait: float = 0.0) -> None:
    """Serve `ingest` as deployment 'awardex-ingest/<name>' on the `cron` schedule (UTC) until
    stopped (SIGTERM or Ctrl-C); each run reads `sources_file` afresh.

    Schedules need a Prefect server with its scheduler, not the temporary one a plain flow run
    starts: the server PREFECT_API_URL names, else one answering on 127.0.0.1 at
    PREFECT_SERVER_API_PORT (default 4200), else one started here on that port and stopped on exit.
    """
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_API_PORT, temporary_settings

    check_cron(cron)
    server = None
    api = PREFECT_API_URL.value()
    if not api:
        api, server = _local_server(int(PREFECT_SERVER_API_PORT.value()))
    os.environ["PREFECT_API_URL"] = api  # for the flow-run processes the runner starts
    parameters = {"sources_file": sources_file, "db": db, "settings_path": settings_path, "wait": wait}
    try:
        with temporary_settings(updates={PREFECT_API_URL: api}):
            ingest.serve(name=name, cron=cron, parameters=parameters)
    finally:
        # Prefect 3.8.8 stops a runner on SIGTERM by raising SystemExit inside its event loop
        # (Runner.stop's coroutine is never awaited); the interpreter can then wait for the
        # runner's threads for ever. Bound the exit, and stop what this process started: a run
        # still going is killed (the next run marks it 'abandoned' and does its work).
        _exit_within(SHUTDOWN_SECONDS)
        for child in multiprocessing.active_children():
            child.terminate()
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=SHUTDOWN_SECONDS / 2)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _exit_within(seconds: float) -> None:
    def leave() -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)

    timer = threading.Timer(seconds, leave)
    timer.daemon = True  # runs while the interpreter waits for other threads, never delays an exit
    timer.start()


def check_cron(cron: str) -> None:
    """ValueError with a readable message unless `cron` is a valid cron expression."""
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron)
    except ValueError:
        raise ValueError(f"invalid cron expression {cron!r} (five fields, e.g. '0 6 * * *')") from None


def _local_server(port: int) -> tuple[str, subprocess.Popen | None]:
    """The API URL of a Prefect server on 127.0.0.1:`port`, starting `prefect server start`
    there when none answers (then the process is returned, for the caller to stop)."""
    api = f"http://127.0.0.1:{port}/api"
    if _healthy(api):
        return api, None
    print(f"starting a Prefect server on http://127.0.0.1:{port} (PREFECT_API_URL is not set)",
          file=sys.stderr, flush=True)
    server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                               "--port", str(port)], stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + SERVER_START_SECONDS
    while not _healthy(api):
        if server.poll() is not None:
            raise RuntimeError(f"the Prefect server on port {port} did not start (exit status {server.returncode})")
        if time.monotonic() > deadline:
            server.kill()
            server.wait()
            raise RuntimeError(f"the Prefect server on port {port} did not answer within {SERVER_START_SECONDS}s")
        time.sleep(0.25)
    return api, server


def _healthy(api: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api}/health", timeout=2) as response:
            return response.status == 200
    except (OSError, ValueError):
        return False


def with_runner(runner: str = "default", workers: int | None = None, address: str | None = None):
    """The ingest flow on a task runner: "default" (threads), "process" (a process pool: the rules
    are CPU-bound) or "dask" (prefect-dask; `address` is an existing cluster's scheduler, without
    one a local cluster of `workers` processes is started)."""
    if runner == "default":
        return ingest
    if runner == "process":
        from prefect.task_runners import ProcessPoolTaskRunner

        return ingest.with_options(task_runner=ProcessPoolTaskRunner(max_workers=workers))
    if runner == "dask":
        from prefect_dask import DaskTaskRunner

        kwargs = {"cluster_kwargs": {"n_workers": workers or 2}} if address is None else {}
        return ingest.with_options(task_runner=DaskTaskRunner(address=address, **kwargs))
    raise ValueError(f"unknown task runner {runner!r}: default, process or dask")
