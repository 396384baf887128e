"""The `awardex` command line: parse, call, print. Nothing else lives here.

One way to add a subcommand: a function `add_parser(subparsers)` that declares it (every option
with help text) and sets `func` to its handler; `SUBCOMMANDS` lists them (the reviewer's and the
NCES linker's live in their own modules). One place maps errors to exit statuses: `main`.
Exit statuses: 0 done, 1 could not complete, 2 bad input (arguments, files, SQL), 75 the
database is busy (a run is writing it), 130 interrupted. AWARDEX_DEBUG=1 shows tracebacks.
(A little over 400 lines because `run` and `serve` keep their progress bar and Prefect set-up here.)
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imports that cost time (trafilatura) happen in the commands that need them
    from schemas.articles import RawArticle

console = Console(stderr=True, soft_wrap=True)


EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_BUSY = 75  # EX_TEMPFAIL: another run is writing the database; try again later
EXIT_INTERRUPTED = 130
# Exceptions that mean "the input is wrong" (QueryError and settings errors are ValueErrors)
USAGE_ERRORS = (FileNotFoundError, NotADirectoryError, IsADirectoryError, ValueError)
DESCRIPTION = ("Award and recognition articles about US K-12 school districts -> validated records in DuckDB. "
               "Exit status: 0 done, 1 could not complete, 2 bad input, 75 database busy, 130 interrupted.")
DB_HELP = "DuckDB file (default: $AWARDEX_DB or warehouse/awards.duckdb)"


def cmd_run(args) -> int:
    """Run the ingest flow once. Exit status: 0 the run completed (rejects included), 1 it could
    not complete, 2 bad arguments or settings, 75 another run is writing the database."""
    from pipeline.settings import load_settings
    from warehouse.db import db_path, writer_lock

    if args.sources_file and not Path(args.sources_file).is_file():
        raise FileNotFoundError(f"sources file {args.sources_file} does not exist")
    settings = load_settings(args.settings)  # a bad settings file stops here, before Prefect starts
    # wait for (or fail fast on) another run here, before Prefect starts: a busy database is then
    # one line and 75 (main), never a failed flow run's traceback
    with writer_lock(db_path(args.db or settings.db), wait=args.wait):
        pass
    _prefect_environment()
    import prefect_server

    try:
        with prefect_server.for_run() as server:  # a running server, else a temporary one, booting now
            from flows import one_shot, progress, stop_on_signals, warm_up, with_runner  # Prefect: only here

            stop_on_signals()  # SIGTERM / Ctrl-C: the run is marked 'stopped', the process ends within seconds
            ingest = with_runner(args.runner, args.workers, args.dask_address)
            if server.temporary:  # it boots on the other core meanwhile: the flow's own set-up, done now
                warm_up(args.sources or None, args.sources_file, args.settings, args.db)
            server.ready()
            with _progress_bar() as listener, progress(listener), one_shot(server.temporary):
                summary = ingest(args.sources or None, db=args.db, settings_path=args.settings,
                                 sources_file=args.sources_file, wait=args.wait)
    except KeyboardInterrupt as exc:  # flows.Stopped for SIGTERM
        console.print(f"awardex run: stopped ({exc or 'SIGINT'}); the next run does the rest", highlight=False)
        return getattr(exc, "code", EXIT_INTERRUPTED)
    except Exception as exc:
        if exit_status(exc) == EXIT_BUSY:  # another run won the race since the check above
            raise
        say("run", f"the run could not complete: {type(exc).__name__}: {exc}")
        return EXIT_FAILED
    table = Table(title=f"awardex run {summary.run_id[:8]}: {summary.status}", show_header=False)
    for label, value in (("articles seen", summary.seen), ("loaded", summary.loaded),
                         ("unchanged", summary.unchanged), ("rejected", summary.rejected),
                         ("districts in the warehouse", summary.districts),
                         ("seconds", summary.seconds), ("database", summary.db)):
        table.add_row(label, str(value))
    if summary.abandoned:
        table.add_row("earlier runs marked abandoned", str(summary.abandoned))
    Console().print(table)
    for reason in summary.reasons:
        console.print(f"[yellow]rejected[/yellow] {reason}", highlight=False)
    return 0 if summary.status == "completed" else 1


def cmd_serve(args) -> int:
    """Serve the ingest flow on a cron schedule until stopped (SIGTERM or Ctrl-C)."""
    from pipeline.settings import SETTINGS_FILE, load_settings
    from warehouse.db import db_path

    sources_file = Path(args.sources_file).expanduser().resolve()
    if not sources_file.is_file():
        raise FileNotFoundError(f"sources file {args.sources_file} does not exist")
    settings_file = Path(args.settings or SETTINGS_FILE).resolve()
    settings = load_settings(args.settings)
    # every path absolute: scheduled runs must not depend on where they happen to start
    db = str(db_path(args.db or settings.db).resolve())
    settings_path = str(settings_file) if args.settings or settings_file.is_file() else None
    _prefect_environment()
    from flows import check_cron, serve

    check_cron(args.cron)
    console.print(f"awardex serve: deployment 'awardex-ingest/{args.name}', cron '{args.cron}' (UTC); "
                  f"sources {sources_file}; database {db}", highlight=False)
    serve(str(sources_file), args.cron, name=args.name, db=db, settings_path=settings_path, wait=args.wait)
    return 0


def _prefect_environment() -> None:
    """Before Prefect is imported: no analytics, and only warnings and errors from Prefect's own
    console logs (the progress bar and the summary say the rest; the Prefect UI has it all).
    Either can be overridden from the environment."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")


@contextmanager
def _progress_bar():
    """A progress listener for flows.progress: a bar on stderr when it is a terminal, else nothing."""
    if not sys.stderr.isatty():
        yield lambda **event: None
        return
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                               TimeElapsedColumn)

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("starting Prefect", total=None)

        def listener(total: int | None = None, advance: int = 0, completed: int | None = None) -> None:
            if total is not None:
                bar.update(task, total=total, description="sources")
            if advance:
                bar.advance(task, advance)
            if completed is not None:
                done = next(t.completed for t in bar.tasks if t.id == task)
                bar.update(task, completed=max(done, completed))

        yield listener


def _article_files(paths: list[str]) -> tuple[list[str], list[str]]:
    """Files to extract, as `run` resolves its arguments (directories, lists), and one message per
    argument that is not a readable article file (URLs included: extract reads no network)."""
    from pipeline.sources import resolve

    sources, rejects = resolve(paths)
    problems = [f"{r.source}: {r.reason}" for r in rejects]
    problems += [f"{s.location}: a URL (extract reads files only; `awardex run` fetches)"
                 for s in sources if s.kind == "url"]
    return [s.location for s in sources if s.kind == "file"], problems


def cmd_extract(args) -> int:
    from extractors.records import extract_all
    from pipeline.text import TextError
    from review.extraction import read_article

    files, problems = _article_files(args.paths)
    for problem in problems:
        console.print(Text(problem, style="red"))
    articles, failed = [], len(problems)
    for path in files:
        try:
            articles.append(read_article(path))
        except (TextError, OSError) as exc:
            console.print(Text(f"{path}: {getattr(exc, 'reason', exc)}", style="red"))
            failed += 1
    out = Console()
    for article, record, rejects in extract_all(articles):
        for r in rejects:
            console.print(Text(f"{r.source}: {r.stage}: {r.reason}", style="yellow"))
        if record is None:
            failed += 1
        elif args.format == "jsonl":
            print(json.dumps(record.as_dict(), ensure_ascii=False))
        else:
            out.print(_record_table(article, record))
    return EXIT_FAILED if failed else EXIT_OK


def _record_table(article: RawArticle, record) -> Table:
    """One article's districts in three columns, readable at 80: who (name, aliases, role), where and
    how big (city, state, students, schools), initiatives one per line."""
    table = Table(title=Text(f"{article.source}\nprogram: {record.program or '-'}"), show_lines=True)
    table.add_column("district", ratio=3)
    table.add_column("where, size", ratio=2)
    table.add_column("initiatives", no_wrap=True)
    for d in record.districts:
        who = Text(d.name)
        if d.aliases:
            who.append(f"\nalso: {', '.join(d.aliases)}")
        who.append(f"\n{d.role}", style="bold" if d.role == "recognized" else "dim")
        size = [", ".join(x for x in (d.city, d.state) if x)]
        size += [f"{d.enrollment:,} students"] if d.enrollment else []
        size += [f"{d.schools:,} schools"] if d.schools else []
        table.add_row(who, Text("\n".join(x for x in size if x)), Text("\n".join(d.initiatives)))
    return table


def cmd_eval(args) -> int:
    from extractors.records import extract_all
    from review import evaluate

    from pipeline.settings import load_settings

    gold_dir = Path(args.gold or load_settings().corpus)
    gold = evaluate.load_gold(gold_dir)
    if not gold:
        console.print(f"[red]no gold records in {gold_dir}[/red]")
        return 2
    articles = [evaluate.gold_article(gold_dir, rec) for rec in gold.values()]
    pred = {a.article_id: r.as_dict() for a, r, _ in extract_all(articles) if r is not None}
    result = evaluate.score(gold, pred)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    table = Table(title=f"{len(gold)} articles in {gold_dir}")
    for col in ("field", "P", "R", "F1", "tp/pred/gold"):
        table.add_column(col, justify="left" if col == "field" else "right")
    for k in ("district", "city", "state", "enrollment", "schools", "initiatives"):
        r = result[k]
        table.add_row(k, f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}",
                      f"{r['tp']}/{r['pred']}/{r['gold']}")
    table.add_row("record F1", "", "", f"{result['record_f1']:.3f}", "")
    out = Console()
    out.print(table)
    worst = sorted(result["per_article"].items(), key=lambda kv: kv[1])[:5]
    out.print("worst articles: " + ", ".join(f"{a} {f:.2f}" for a, f in worst))
    if args.by_rule:
        rt = Table(title="per rule")
        for col in ("rule", "hits", "correct", "precision"):
            rt.add_column(col, justify="left" if col == "rule" else "right")
        for rule, r in result["by_rule"].items():
            rt.add_row(rule, str(r["hits"]), str(r["correct"]), f"{r['precision']:.2f}")
        out.print(rt)
    if args.errors:
        for e in result["errors"]:
            out.print(e, highlight=False)
    return 0


def cmd_query(args) -> int:
    from warehouse.query import fetch_query, render

    result = fetch_query(args.sql, db=args.db, limit=args.limit, wait=args.wait)
    sys.stdout.write(render(result, args.format))
    if result.truncated:
        console.print(f"awardex query: showing the first {args.limit} rows; --limit N for more", highlight=False)
    return EXIT_OK


def cmd_export(args) -> int:
    from warehouse.export import export

    for path in export(args.dir, db=args.db):
        print(path)
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# Subcommands: each add_* declares one (every option has help) and names its handler
# ---------------------------------------------------------------------------------------------
def add_run(sub) -> None:
    run = sub.add_parser("run", help="run the ingest flow once (default: the bundled raw/samples)",
                         description="Run the ingest flow once. Exit status: 0 completed (rejects "
                                     "included), 1 could not complete, 2 bad arguments, 75 database busy.")
    run.add_argument("sources", nargs="*", help="URL, .html/.htm/.txt file, directory, or a .txt list of URLs")
    run.add_argument("--sources", dest="sources_file", metavar="FILE",
                     help="file listing URLs and paths, one per line (# comments allowed)")
    _database_options(run, wait="wait up to this long for another run writing the database (default: fail at once)")
    run.add_argument("--runner", choices=["default", "process", "threads", "dask"], default="default",
                     help="task runner: a process pool, one worker per core (default, = process), threads, or a Dask cluster")
    run.add_argument("--workers", type=int, help="processes for --runner process/dask (default: one per core)")
    run.add_argument("--dask-address", metavar="ADDR",
                     help="scheduler of an existing Dask cluster, e.g. tcp://10.0.0.5:8786 (--runner dask)")
    run.set_defaults(func=cmd_run)


def _database_options(p: argparse.ArgumentParser, wait: str) -> None:
    """--db, --settings and --wait, as `run` and `serve` take them."""
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--settings", help="settings file (default: ./awardex.toml when present)")
    p.add_argument("--wait", type=float, default=0.0, metavar="SECONDS", help=wait)


def add_serve(sub) -> None:
    srv = sub.add_parser("serve", help="serve the ingest flow as a Prefect deployment on a cron schedule",
                         description="Serve the ingest flow as a Prefect deployment on a cron schedule until "
                                     "stopped. Uses the Prefect server PREFECT_API_URL names, else starts one.")
    srv.add_argument("--sources", dest="sources_file", metavar="FILE", required=True,
                     help="file listing URLs and paths, one per line (# comments allowed); read at every run")
    srv.add_argument("--cron", required=True, help='schedule in cron syntax, UTC (e.g. "0 6 * * *")')
    srv.add_argument("--name", default="scheduled", help="deployment name (default: scheduled)")
    _database_options(srv, wait="how long a scheduled run waits for another run writing the database")
    srv.set_defaults(func=cmd_serve)


def add_extract(sub) -> None:
    ex = sub.add_parser("extract", help="extract records from article files, no database",
                        description="Extract records from article files (no database, no network). Exit "
                                    "status 1 when any argument could not be read or extracted.")
    ex.add_argument("paths", nargs="+", metavar="PATH",
                    help=".html/.htm/.txt file, a directory of them, or a .txt list of paths")
    ex.add_argument("--format", choices=["jsonl", "table"], default="jsonl",
                    help="jsonl: one JSON record per article (default); table: one table per article")
    ex.set_defaults(func=cmd_extract)


def add_eval(sub) -> None:
    ev = sub.add_parser("eval", help="precision / recall / F1 per field against gold records")
    ev.add_argument("--gold", help="directory with gold*.jsonl and <article_id>.txt, or fixture .json files "
                                   "(default: [review] corpus in awardex.toml, ../shared/corpus)")
    ev.add_argument("--by-rule", action="store_true", help="hits and precision per rule")
    ev.add_argument("--errors", action="store_true", help="list every miss")
    ev.add_argument("--json", action="store_true", help="print the scores as one JSON document")
    ev.set_defaults(func=cmd_eval)


def add_query(sub) -> None:
    from warehouse import DEFAULT_LIMIT  # not warehouse.sandbox: no DuckDB import for a parser

    q = sub.add_parser("query", help="run one SQL query against the warehouse (read-only, sandboxed)",
                       description="Run one SQL query (SELECT, WITH, FROM, DESCRIBE, SHOW, EXPLAIN) on a "
                                   "read-only connection with no file, network or extension access. Exit "
                                   "status: 0 done, 2 bad SQL or a missing database, 75 a run is loading.")
    q.add_argument("sql", metavar="SQL", help="the query; one statement")
    q.add_argument("--db", help=DB_HELP)
    q.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help="table (default, as wide as the terminal), csv with a header, or JSON lines")
    q.add_argument("--limit", type=_rows, default=DEFAULT_LIMIT, metavar="N",
                   help=f"print at most N rows (default: {DEFAULT_LIMIT}); a note on stderr says when there were more")
    q.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                   help="while a run is loading the database, retry for up to this long (default: fail at once)")
    q.set_defaults(func=cmd_query)


def add_export(sub) -> None:
    x = sub.add_parser("export", help="write every table and view to Parquet")
    x.add_argument("dir", metavar="DIR", help="directory to write <name>.parquet files into (created if needed)")
    x.add_argument("--db", help=DB_HELP)
    x.set_defaults(func=cmd_export)


def version() -> str:
    from importlib.metadata import PackageNotFoundError, version as installed

    try:
        return installed("awardex")
    except PackageNotFoundError:
        return "unknown (not installed: pip install -e .)"


def _rows(text: str) -> int:
    n = int(text)
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {n}")
    return n


def _more_subcommands():
    """The subcommands declared in their own modules (same add_parser protocol)."""
    from review import command as review
    from warehouse import nces

    return (review.add_parser, nces.add_parser)


SUBCOMMANDS = (add_run, add_serve, add_extract, add_eval, add_query, add_export)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="awardex", description=DESCRIPTION)
    p.add_argument("--version", action="version", version=f"awardex {version()}",
                   help="print the installed version (declared once, in pyproject.toml) and exit")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in SUBCOMMANDS + _more_subcommands():
        add(sub)
    return p


# ---------------------------------------------------------------------------------------------
# The one place where errors become exit statuses
# ---------------------------------------------------------------------------------------------
def say(command: str, message: str) -> None:
    """One line on stderr: `awardex COMMAND: message` (no rich markup in the message)."""
    line = " ".join(str(message).split()) or "error"
    console.print(Text.assemble((f"awardex {command}: ", "red"), line))


def exit_status(exc: BaseException) -> int:
    from warehouse.db import DatabaseBusy  # imported only when something went wrong

    if isinstance(exc, DatabaseBusy):
        return EXIT_BUSY
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    if isinstance(exc, USAGE_ERRORS):
        return EXIT_USAGE
    return EXIT_FAILED


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `awardex query ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except (Exception, KeyboardInterrupt) as exc:
        if os.environ.get("AWARDEX_DEBUG") == "1":
            raise  # the traceback, for whoever is debugging awardex itself
        status = exit_status(exc)
        if status == EXIT_INTERRUPTED:
            say(args.command, "interrupted")
        elif status == EXIT_BUSY and "--wait" not in str(exc) and "wait" in vars(args):
            say(args.command, f"{exc}; try again later, or wait for it with --wait SECONDS")
        elif status == EXIT_FAILED and not isinstance(exc, OSError):
            say(args.command, f"{type(exc).__name__}: {exc}")
        else:
            say(args.command, str(exc))
        return status


def entry() -> None:
    """The `awardex` program (the console script, `python -m cli`): `main()`, then the exit.

    The interpreter's own teardown frees every object of spaCy, Prefect, DuckDB and pandas one by
    one (0.2-0.6 s, for nothing: the process is ending). So once the output is flushed and the
    atexit handlers have run (Prefect's, multiprocessing's), the process leaves with os._exit,
    unless a non-daemon thread is still running (the interpreter would wait for it): then it
    exits as usual."""
    import atexit
    import threading

    status = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # e.g. a reader that went away: the interpreter reports it as always
        sys.exit(status)
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        sys.exit(status)
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(status)


if __name__ == "__main__":
    entry()
