"""Prefect wiring, and nothing else: the steps live in pipeline/, extractors/ and warehouse/.

ingest: resolve sources -> skip the files whose raw bytes are stored already -> (per chunk of
sources, in a task on a process pool sized to the machine) read or fetch, extract text, extract
and validate records -> load in the flow process, one writer, one transaction per chunk (its
batches of `batch_size` records give the rows they would one by one: warehouse.load.load_batches;
a plain function, not a task: Prefect never walks the records). A few chunks per worker
are in flight at a time (the next ones queued while this process loads, never all of them), and
the last chunks are small so that the workers finish together. The pool's workers are forked from
a fork server that has imported Prefect, the steps and the rules once (ForkServerPool), and they
end with the flow process.
serve: the ingest flow as a deployment on a cron schedule (`awardex serve`).

Crash safety: a run holds the database's writer lock (warehouse.db.writer_lock) from start
to finish, and commits each chunk (or batch) in one transaction. A run killed at any moment leaves
the chunks it committed and a `runs` row still 'running'; the next run marks that row
'abandoned' and loads the rest. SIGTERM or Ctrl-C marks the run 'stopped' and ends the
process within STOP_SECONDS, whatever its workers are doing.
"""
from __future__ import annotations

import collections
import contextlib
import itertools
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from prefect import flow, get_run_logger, task
from prefect.context import FlowRunContext
from prefect.exceptions import TerminationSignal
from prefect.task_runners import ProcessPoolTaskRunner

import prefect_server
import extractors.version
from pipeline import discover
from pipeline.fetch import FetchError
from pipeline.read import file_sha256, read_source
from pipeline.settings import Settings, load_settings
from pipeline.sources import Source, resolve
from pipeline.text import TextError
from schemas.records import ArticleRecord, Reject

# The warehouse (DuckDB, Arrow: ~70 MB a process) is imported where the flow process uses it, not
# here: the pool's workers import this module to run extract_batch and never touch the database.

DEFAULT_SOURCES = ["raw/samples"]
DEPLOYMENT = "scheduled"      # served as 'awardex-ingest/scheduled' unless named otherwise
SHUTDOWN_SECONDS = 20         # how long `serve` may take to stop once told to
STOP_SECONDS = 5              # how long a stopped run may take to leave once its row says 'stopped'
TASKS_PER_WORKER = 4          # chunks per worker: large enough to keep Prefect's per-task cost small,
MAX_CHUNK_BATCHES = 8         # ... and at most this many batches per chunk (memory: 20 gave 1.2 GB at 10k pages)
IN_FLIGHT_PER_WORKER = 2      # chunks submitted and not yet loaded, per worker (memory stays flat)
RECORDS_PER_CONNECTION = 2000  # records the loader writes through one DuckDB connection (flows._Loader)


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


@dataclass
class Chunk:
    """What one extract task gives back."""
    records: list[ArticleRecord]
    rejects: list[Reject]
    unchanged: int                      # sources whose raw bytes were known: not parsed
    hashes: dict[str, tuple[str, str]]  # source -> (raw_sha256, article_id) of every record


# --- progress: who wants to hear about it (the CLI's progress bar on a terminal) ----------------
# A listener is called as listener(total=n) once the sources are known, listener(advance=k) as
# sources are read (in this process; from a worker process only the loads arrive) and
# listener(completed=n) after each chunk is loaded.
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


# --- tasks and the flow --------------------------------------------------------------------
@task(name="extract-batch")
def extract_batch(sources: list[Source], settings: Settings, known: frozenset[tuple[str, str]]) -> Chunk:
    """Sources -> records and rejects. `known`: the (source, raw_sha256) pairs of these sources
    that are stored already; a source whose bytes match is counted unchanged and not parsed."""
    from extractors.records import extract_each  # spaCy (~95 MB): only where extraction runs

    articles, rejects, hashes, unchanged = [], [], {}, 0
    for source in sources:
        try:
            read = read_source(source, settings, known)
        except (FetchError, TextError) as exc:
            stage = "fetch" if isinstance(exc, FetchError) else "text"
            rejects.append(Reject(source=source.location, stage=stage, reason=exc.reason))
        else:
            if read.article is None:
                unchanged += 1
            else:
                articles.append(read.article)
                hashes[read.article.source] = (read.raw_sha256, read.article.article_id)
        _report(advance=1)
    records = []
    for _, record, bad in extract_each(articles):
        rejects += bad
        if record is not None:
            records.append(record)
    return Chunk(records, rejects, unchanged, hashes)


# What every pool worker imports before its first task (Prefect's task engine, this module and the
# steps, spaCy and the rules, trafilatura: ~1.5 CPU s), imported once by the pool's fork server;
# prefect_dask because a task's first run context loads every installed Prefect collection.
WORKER_PRELOAD = ["flows", "prefect.task_engine", "extractors.records", "trafilatura", "prefect_dask"]


class ForkServerPool(ProcessPoolTaskRunner):
    """Prefect's ProcessPoolTaskRunner with its workers forked from a multiprocessing fork server
    that has imported WORKER_PRELOAD once, instead of each worker being a fresh interpreter
    ('spawn', which Prefect 3.8 hard-codes) that imports all of it again and, at the end, tears it
    all down (interpreter finalisation: seconds at the end of every run; a forked worker leaves
    with os._exit once its results are sent). The fork server is single-threaded when it forks
    (Prefect's threads start in each worker, after the fork) and lives as long as the pool: it
    starts with the first task and is stopped, and reaped, when the pool closes, so that the
    run's CPU time is all accounted to the process that ran it. Workers end with the flow process
    (`prefect_server.exit_with_parent`). Where there is no fork server (Windows), it is the
    plain spawning pool."""

    def __enter__(self):
        self._initializer, self._initargs = prefect_server.exit_with_parent, (os.getpid(),)
        super().__enter__()
        if "forkserver" not in multiprocessing.get_all_start_methods():
            return self
        from concurrent.futures import ProcessPoolExecutor

        spawning = self._executor  # has started no process yet: the executor starts them with the first tasks
        context = _fork_server_context()
        self._executor = ProcessPoolExecutor(max_workers=self._max_workers, mp_context=context,
                                             initializer=spawning._initializer, initargs=spawning._initargs)
        spawning.shutdown()
        with _POOLS_LOCK:
            _POOLS["open"] += 1
            self._forks = True
        return self

    def __exit__(self, *exc) -> None:
        try:
            super().__exit__(*exc)  # shuts the executor down: its workers have exited, the fork server reaped them
        finally:
            if getattr(self, "_forks", False):
                self._forks = False
                with _POOLS_LOCK:
                    _POOLS["open"] -= 1
                    if not _POOLS["open"]:  # the last pool of this process that forks from it
                        _stop_fork_server()


_POOLS = {"open": 0}  # ForkServerPools open in this process (flow runs in threads may share the fork server)
_POOLS_LOCK = threading.Lock()


def _no_pool_no_fork_server() -> None:
    """In a flow run on another task runner: stop the fork server warm_up may have started for the pool."""
    if not isinstance(getattr(FlowRunContext.get(), "task_runner", None), ForkServerPool):
        with _POOLS_LOCK:
            if not _POOLS["open"]:
                _stop_fork_server()


def _fork_server_context():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(WORKER_PRELOAD)  # for a fork server not started yet
    return context


def start_fork_server() -> None:
    """Start the pool's fork server now (it imports WORKER_PRELOAD, ~1.5 CPU s, meanwhile), not at
    the first task. The pool stops it when it closes; a run on another task runner stops it at its start."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        from multiprocessing import forkserver

        _fork_server_context()
        forkserver.ensure_running()


def _stop_fork_server() -> None:
    """Stop this process's fork server, if one runs, and reap it (its CPU time, and its workers',
    then count as this process's children's)."""
    from multiprocessing import forkserver

    server = forkserver._forkserver
    if getattr(server, "_forkserver_pid", None) is None:
        return
    with contextlib.suppress(Exception):
        server._stop()


def _process_pool(workers: int | None = None) -> ProcessPoolTaskRunner:
    return ForkServerPool(max_workers=workers or os.cpu_count() or 1)


@flow(name="awardex-ingest", task_runner=_process_pool())
def ingest(sources: list[str] | None = None, db: str | None = None, settings_path: str | None = None,
           sources_file: str | None = None, wait: float = 0.0) -> Summary:
    """Load the articles of `sources` and of the lines of `sources_file` (URLs, files,
    directories, URL lists; neither: the bundled samples) into DuckDB.

    `wait`: seconds to wait while another run writes the same database (then DatabaseBusy).
    Rejects do not fail a run; a run that cannot complete raises (the flow run fails).
    """
    from warehouse import runs, seen
    from warehouse.db import connect, db_path, writer_lock

    log = get_run_logger()
    started = time.perf_counter()
    _no_pool_no_fork_server()
    settings = load_settings(settings_path)
    path = str(db_path(db or settings.db))
    version = extractors.version.extractor_version()
    resolved, pending = _resolve(sources, sources_file)
    _report(total=len(resolved))
    with writer_lock(path, wait=wait):
        with contextlib.closing(connect(path)) as con:
            run_id, abandoned = runs.begin(con, version)
            known = runs.known_sources(con, version)
            seen_state = seen.state(con)  # issue 16: what each URL and feed answered last time
        if abandoned:
            log.warning("%s earlier run(s) left 'running' by a process that died are now 'abandoned'; "
                        "what they committed stays, this run does the rest", abandoned)
        summary = Summary(run_id=run_id, db=path, seen=len(resolved) + len(pending), abandoned=abandoned)
        try:
            with _stop_guard(summary, started, log):
                # issue 16 (pipeline/discover.py): feeds and sitemaps -> article URLs, conditional GETs,
                # pages fetched once and handed on as snapshots; its seen_urls rows are stored at once
                found = discover.plan(resolved, settings, seen_state, known)
                with contextlib.closing(connect(path)) as con:
                    seen.record(con, run_id, found.rows)
                summary.seen += len(found.sources) + len(found.rejects) - len(resolved)
                resolved, pending = found.sources, pending + found.rejects
                _report(total=len(resolved))
                todo = _changed(resolved, known)
                summary.unchanged += len(resolved) - len(todo)
                _report(advance=len(resolved) - len(todo))
                _run_chunks(todo, settings, known, summary, pending, version)
        except BaseException as exc:
            stopped = isinstance(exc, (KeyboardInterrupt, TerminationSignal))
            with contextlib.suppress(Exception):  # the first error is the one to report
                _finish(summary, started, "stopped" if stopped else "failed")
            raise
        _finish(summary, started, "completed")
    log.info("run %s: %s seen, %s loaded, %s unchanged, %s rejected", run_id, summary.seen,
             summary.loaded, summary.unchanged, summary.rejected)
    return summary


def _resolve(sources: list[str] | None, sources_file: str | None) -> tuple[list[Source], list[Reject]]:
    return resolve(list(sources or ([] if sources_file else DEFAULT_SOURCES)), sources_file)


def warm_up(sources: list[str] | None = None, sources_file: str | None = None,
            settings_path: str | None = None, db: str | None = None) -> None:
    """Do now, before the flow starts, the imports and set-up that a run of these arguments does
    first in this process: `awardex run` calls it while a temporary Prefect server boots (on the
    other core), so that they are off the run's critical path. Nothing is fetched, stored or
    decided here (the sources are only listed, to count them), and nothing fails: the flow does
    the run, and reports what is wrong with its arguments.

    Always: the loader's imports (DuckDB, Arrow, and pandas, which pyarrow imports at the loader's
    first `Table.from_pylist`: ~0.35 s), and fastapi.encoders (Prefect imports it at a flow's first
    call). A run of one chunk (at most `batch_size` sources) extracts in this process, not on the
    pool: then also the spaCy pipeline (~1.5 s to import and build), and trafilatura when a source
    is not a .txt file. A bigger run leaves those to the workers (spaCy is ~95 MB a process), and
    into a database that does not exist yet (a first run: every source is to be read) it starts the
    workers' fork server now, so that it imports on the core the booting server leaves idle (into
    an existing database, where the run may find nothing changed, the first task starts it)."""
    try:
        import fastapi.encoders  # noqa: F401
        import pandas  # noqa: F401
        from warehouse import load, runs, seen  # noqa: F401
        from warehouse.db import db_path

        resolved, _ = _resolve(sources, sources_file)
        settings = load_settings(settings_path)
        if len(resolved) > settings.batch_size:
            if not db_path(db or settings.db).exists():
                start_fork_server()
            return
        from extractors import nlp, records  # noqa: F401

        nlp.build()
        if any(s.kind != "file" or not s.location.lower().endswith(".txt") for s in resolved):
            import trafilatura  # noqa: F401
    except Exception:  # the run itself meets whatever went wrong here, and reports it
        pass


@contextlib.contextmanager
def one_shot(temporary: bool = True) -> Iterator[None]:
    """Flow runs in the block talk to a temporary server that dies with this process (`temporary`;
    otherwise nothing changes): they send no heartbeats. A heartbeat lets an automation of a lasting
    server mark a run whose process died as crashed; a temporary server has no automations and
    outlives no run, and stopping the heartbeat thread costs up to a second at the end of the run."""
    if not temporary:
        yield
        return
    from prefect.settings import temporary_settings

    with temporary_settings(updates={"flows.heartbeat_frequency": None}):
        yield


def _changed(sources: list[Source], known: dict[str, str]) -> list[Source]:
    """The sources still to read: URLs, and files whose bytes are not the ones stored."""
    return [s for s in sources if s.kind != "file" or s.location not in known
            or file_sha256(s.location) != known[s.location]]


def chunk_size(n: int, batch_size: int, workers: int) -> int:
    """Sources per extract task: a few tasks per worker, whole batches, at most MAX_CHUNK_BATCHES."""
    batches = math.ceil(n / batch_size / max(workers * TASKS_PER_WORKER, 1)) if n else 1
    return batch_size * min(max(batches, 1), MAX_CHUNK_BATCHES)


def chunk_sizes(n: int, batch_size: int, workers: int) -> list[int]:
    """The sizes of the chunks `n` sources are cut into, in order: `chunk_size` each until what is
    left runs short, then smaller (a share of what is left, whole batches, at least one batch) so
    that the workers finish together instead of one of them doing the last big chunk alone."""
    full, sizes, left = chunk_size(n, batch_size, workers), [], n
    while left > 0:
        share = math.ceil(left / (2 * max(workers, 1)) / batch_size) * batch_size
        sizes.append(min(full, max(share, batch_size), left))
        left -= sizes[-1]
    return sizes


def _workers() -> int:
    """How many tasks the flow's task runner runs at once (the process pool's size; else the cores)."""
    context = FlowRunContext.get()
    return getattr(context and context.task_runner, "_max_workers", None) or os.cpu_count() or 1


def _run_chunks(todo: list[Source], settings: Settings, known: dict[str, str], summary: Summary,
                pending: list[Reject], version: str) -> None:
    """Extract `todo` in chunks on the task runner and load them here, in order, as they finish.
    At most IN_FLIGHT_PER_WORKER chunks per worker are submitted and not yet loaded: the workers
    always have the next chunk queued while this process loads, and finished chunks waiting to be
    loaded never pile up (memory stays flat whatever the number of sources)."""
    workers = _workers()
    sizes = chunk_sizes(len(todo), settings.batch_size, workers)
    starts = itertools.accumulate(sizes, initial=0)
    chunks = (todo[start:start + size] for start, size in zip(starts, sizes))

    def known_of(chunk: list[Source]) -> frozenset[tuple[str, str]]:
        return frozenset((s.location, known[s.location]) for s in chunk if s.location in known)

    done = summary.unchanged
    with _Loader(summary, settings.batch_size, version) as load:
        if len(sizes) == 1:  # one task's worth: run it here, no worker to start
            chunk = next(chunks)
            load(extract_batch(chunk, settings, known_of(chunk)), pending)
            _report(completed=done + len(chunk))
            return
        in_flight: collections.deque = collections.deque()

        def submit_next() -> None:
            chunk = next(chunks, None)
            if chunk is not None:
                in_flight.append((len(chunk), extract_batch.submit(chunk, settings, known_of(chunk))))

        for _ in range(IN_FLIGHT_PER_WORKER * workers):
            submit_next()
        while in_flight:  # one writer: chunks load in order
            n, future = in_flight.popleft()
            result = future.result()
            del future  # a loaded chunk's records are not kept for the rest of the run
            submit_next()  # before loading: the workers are never left without a chunk
            load(result, pending)
            del result
            pending = []
            done += n
            _report(completed=done)
        if pending:
            load(Chunk([], [], 0, {}), pending)


class _Loader:
    """Loads chunks into the run's database through one connection for RECORDS_PER_CONNECTION
    records, then a new one. Opening a connection migrates and re-creates the views, closing one
    checkpoints: once per chunk, that was ~17% of the flow process's CPU at 1,000 pages. A
    connection is not kept for the whole run: DuckDB caches the blocks it reads until it closes
    (memory would grow with the database)."""

    def __init__(self, summary: Summary, batch_size: int, version: str):
        self.summary, self.batch_size, self.version = summary, batch_size, version
        self.con, self.records = None, 0

    def __call__(self, chunk: Chunk, pending: list[Reject]) -> None:
        from warehouse.db import connect

        if self.con is None:
            # one DuckDB thread: the loader's statements are small, a second thread would only take a core from the workers
            self.con, self.records = connect(self.summary.db, threads=1), 0
        _load_chunk(self.con, self.summary, chunk, pending, self.batch_size, self.version)
        self.records += len(chunk.records)
        if self.records >= RECORDS_PER_CONNECTION:
            self.close()

    def close(self) -> None:
        if self.con is not None:
            con, self.con = self.con, None
            con.close()

    def __enter__(self) -> "_Loader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _load_chunk(con, summary: Summary, chunk: Chunk, pending: list[Reject], batch_size: int, version: str) -> None:
    """Load a chunk's records as batches of `batch_size` (in one transaction when none changes what
    a later one finds: warehouse.load.load_batches), and remember their sources' bytes."""
    from warehouse import load, runs

    stored, unstorable = load.split_storable(chunk.records)  # e.g. a file name with non-UTF-8 bytes
    rejects = pending + chunk.rejects + unstorable
    summary.unchanged += chunk.unchanged
    batches = [stored[start:start + batch_size] for start in range(0, max(len(stored), 1), batch_size)]
    counts = load.load_batches(con, summary.run_id, batches, rejects)
    summary.loaded += counts["loaded"]
    summary.unchanged += counts["unchanged"]
    runs.remember_sources(con, summary.run_id, version,
                          [(r.source, *chunk.hashes[r.source]) for r in stored if r.source in chunk.hashes])
    summary.rejected += len(rejects)
    summary.reasons += [f"{r.source}: {r.stage}: {r.reason}" for r in rejects]


_FINISHING = threading.Lock()


def _finish(summary: Summary, started: float, status: str) -> None:
    """Close the run's row once (the stop guard's thread and the flow may both try)."""
    from warehouse import runs
    from warehouse.db import connect

    with _FINISHING:
        if summary.status != "running":
            return
        summary.status = status
        summary.seconds = round(time.perf_counter() - started, 2)
        with contextlib.closing(connect(summary.db)) as con:
            runs.finish(con, summary.run_id, summary.status, summary.seen, summary.loaded,
                        summary.unchanged, summary.rejected)
            summary.districts = runs.district_count(con)


@contextlib.contextmanager
def _stop_guard(summary: Summary, started: float, log) -> Iterator[None]:
    """While the block runs, SIGTERM or SIGINT first marks the run 'stopped' (from a thread of its
    own: the main thread may be stuck joining a worker that waits on a slow page) and ends the
    process STOP_SECONDS later whatever holds it, then goes on to the handler it replaced
    (Prefect's SIGTERM bridge, Python's KeyboardInterrupt), which unwinds the flow if it can."""
    def on_signal(signum, frame):
        def mark() -> None:
            with contextlib.suppress(Exception):
                _finish(summary, started, "stopped")
                log.warning("run %s stopped (%s) after %s loaded; the next run does the rest", summary.run_id,
                            signal.Signals(signum).name, summary.loaded)
        threading.Thread(target=mark, name="stop-run", daemon=True).start()
        _exit_within(STOP_SECONDS, 128 + signum)
        previous = replaced.get(signum)
        if callable(previous):
            previous(signum, frame)
        elif signum == signal.SIGINT or previous == signal.SIG_DFL:
            raise Stopped(signum)

    replaced: dict[int, object] = {}
    try:
        for signum in (signal.SIGTERM, signal.SIGINT):
            replaced[signum] = signal.signal(signum, on_signal)
    except ValueError:  # not the main thread: no signals to catch here
        pass
    try:
        yield
    finally:
        for signum, previous in replaced.items():
            signal.signal(signum, previous)


class Stopped(KeyboardInterrupt):
    """SIGTERM (or SIGINT) arrived: the run stops. `code` is the shell's status for the signal."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.code = 128 + signum


def stop_on_signals() -> None:
    """SIGTERM and SIGINT raise Stopped in the main thread (call it from there). Inside a flow
    run Prefect turns SIGTERM into its TerminationSignal first; `ingest` marks the run 'stopped'
    either way, and Prefect then hands the signal on to this handler."""
    def stop(signum, frame):
        raise Stopped(signum)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)


def _exit_within(seconds: float, code: int = 0) -> None:
    """End the process after `seconds` even if threads (a hung fetch, a runner) still hold it."""
    def leave() -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)

    timer = threading.Timer(seconds, leave)
    timer.daemon = True  # runs while the interpreter waits for other threads, never delays an exit
    timer.start()


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
        api, server = prefect_server.local(int(PREFECT_SERVER_API_PORT.value()))
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
            prefect_server.stop(server, SHUTDOWN_SECONDS / 2)


def check_cron(cron: str) -> None:
    """ValueError with a readable message unless `cron` is a valid cron expression."""
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron)
    except ValueError:
        raise ValueError(f"invalid cron expression {cron!r} (five fields, e.g. '0 6 * * *')") from None


def with_runner(runner: str = "default", workers: int | None = None, address: str | None = None):
    """The ingest flow on a task runner: "default" / "process" (a process pool, one worker per core
    unless `workers`: the rules are CPU-bound), "threads" (one process) or "dask" (prefect-dask;
    `address` is an existing cluster's scheduler, without one a local cluster of `workers`
    processes is started)."""
    if runner in ("default", "process"):
        return ingest if workers is None else ingest.with_options(task_runner=_process_pool(workers))
    if runner == "threads":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ingest.with_options(task_runner=ThreadPoolTaskRunner(max_workers=workers))
    if runner == "dask":
        from prefect_dask import DaskTaskRunner

        kwargs = {"cluster_kwargs": {"n_workers": workers or 2}} if address is None else {}
        return ingest.with_options(task_runner=DaskTaskRunner(address=address, **kwargs))
    raise ValueError(f"unknown task runner {runner!r}: default, process, threads or dask")
