"""The `awardex` command line: one entry point, one small function per subcommand."""
from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from rich.console import Console
from rich.table import Table

from schemas.articles import RawArticle
from pipeline.text import TextError, read_file

console = Console(stderr=True, soft_wrap=True)


EXIT_BUSY = 75  # EX_TEMPFAIL: another run is writing the database; try again later


def cmd_run(args) -> int:
    """Run the ingest flow once. Exit status: 0 the run completed (rejects included), 1 it could
    not complete, 2 bad arguments or settings, 75 another run is writing the database."""
    from pipeline.settings import load_settings
    from warehouse.db import DatabaseBusy, db_path, writer_lock

    if args.sources_file and not Path(args.sources_file).is_file():
        raise FileNotFoundError(f"sources file {args.sources_file} does not exist")
    settings = load_settings(args.settings)  # a bad settings file stops here, before Prefect starts
    try:
        if not args.wait:
            with writer_lock(db_path(args.db or settings.db)):
                pass  # fail fast: no need to start Prefect to learn that the database is busy
        _prefect_environment()
        from flows import progress, with_runner  # Prefect is imported only by the commands that run a flow

        ingest = with_runner(args.runner, args.workers, args.dask_address)
        with _progress_bar() as listener, progress(listener):
            summary = ingest(args.sources or None, db=args.db, settings_path=args.settings,
                             sources_file=args.sources_file, wait=args.wait)
    except DatabaseBusy as exc:
        console.print(f"[red]awardex run:[/red] {exc}; try again later, or wait for it with --wait SECONDS",
                      highlight=False)
        return EXIT_BUSY
    except Exception as exc:
        console.print(f"[red]awardex run: the run could not complete:[/red] {type(exc).__name__}: {exc}",
                      highlight=False)
        return 1
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


def _read(path: str) -> RawArticle:
    return replace(read_file(path), article_id=Path(path).stem)


def cmd_extract(args) -> int:
    from extractors.records import extract

    articles, failed = [], 0
    for path in args.paths:
        try:
            articles.append(_read(path))
        except (TextError, OSError) as exc:
            console.print(f"[red]{path}[/red]: {getattr(exc, 'reason', exc)}", highlight=False)
            failed += 1
    out = Console()
    for article, record, rejects in extract(articles):
        for r in rejects:
            console.print(f"[yellow]{r.source}[/yellow]: {r.stage}: {r.reason}", highlight=False)
        if record is None:
            failed += 1
        elif args.format == "jsonl":
            print(json.dumps(record.as_dict(), ensure_ascii=False))
        else:
            table = Table(title=f"{article.source}  program: {record.program}")
            for col in ("name", "aliases", "city", "state", "enrollment", "schools", "initiatives"):
                table.add_column(col)
            for d in record.districts:
                table.add_row(d.name, ", ".join(d.aliases), d.city or "", d.state or "",
                              str(d.enrollment or ""), str(d.schools or ""), ", ".join(d.initiatives))
            out.print(table)
    return 1 if failed else 0


def cmd_eval(args) -> int:
    from extractors.records import extract
    from review import evaluate

    gold_dir = Path(args.gold)
    gold = evaluate.load_gold(gold_dir)
    if not gold:
        console.print(f"[red]no gold records in {gold_dir}[/red]")
        return 2
    articles = [evaluate.gold_article(gold_dir, rec) for rec in gold.values()]
    pred = {a.article_id: r.as_dict() for a, r, _ in extract(articles) if r is not None}
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
    from warehouse.query import run_query

    print(run_query(args.sql, db=args.db, fmt=args.format))
    return 0


def cmd_export(args) -> int:
    from warehouse.export import export

    for path in export(args.dir, db=args.db):
        print(path)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="awardex", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the ingest flow once (default: the bundled raw/samples)",
                         description="Run the ingest flow once. Exit status: 0 completed (rejects "
                                     "included), 1 could not complete, 2 bad arguments, 75 database busy.")
    run.add_argument("sources", nargs="*", help="URL, .html/.htm/.txt file, directory, or a .txt list of URLs")
    run.add_argument("--sources", dest="sources_file", metavar="FILE",
                     help="file listing URLs and paths, one per line (# comments allowed)")
    run.add_argument("--db", help="DuckDB file (default: $AWARDEX_DB or warehouse/awards.duckdb)")
    run.add_argument("--settings", help="settings file (default: ./awardex.toml when present)")
    run.add_argument("--runner", choices=["default", "process", "dask"], default="default",
                     help="task runner: threads (default), a process pool, or a Dask cluster")
    run.add_argument("--workers", type=int, help="processes for --runner process/dask (default: one per core)")
    run.add_argument("--dask-address", metavar="ADDR",
                     help="scheduler of an existing Dask cluster, e.g. tcp://10.0.0.5:8786 (--runner dask)")
    run.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                     help="wait up to this long for another run writing the database (default: fail at once)")
    run.set_defaults(func=cmd_run)
    srv = sub.add_parser("serve", help="serve the ingest flow as a Prefect deployment on a cron schedule",
                         description="Serve the ingest flow as a Prefect deployment on a cron schedule until "
                                     "stopped. Uses the Prefect server PREFECT_API_URL names, else starts one.")
    srv.add_argument("--sources", dest="sources_file", metavar="FILE", required=True,
                     help="file listing URLs and paths, one per line (# comments allowed); read at every run")
    srv.add_argument("--cron", required=True, help='schedule in cron syntax, UTC (e.g. "0 6 * * *")')
    srv.add_argument("--name", default="scheduled", help="deployment name (default: scheduled)")
    srv.add_argument("--db", help="DuckDB file (default: $AWARDEX_DB or warehouse/awards.duckdb)")
    srv.add_argument("--settings", help="settings file (default: ./awardex.toml when present)")
    srv.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                     help="how long a scheduled run waits for another run writing the database")
    srv.set_defaults(func=cmd_serve)
    ex = sub.add_parser("extract", help="extract records from article files, no database")
    ex.add_argument("paths", nargs="+")
    ex.add_argument("--format", choices=["jsonl", "table"], default="jsonl")
    ex.set_defaults(func=cmd_extract)
    ev = sub.add_parser("eval", help="precision / recall / F1 per field against gold records")
    ev.add_argument("--gold", default=str(Path(__file__).resolve().parent.parent / "shared" / "corpus"),
                    help="directory with gold*.jsonl and <article_id>.txt, or fixture .json files")
    ev.add_argument("--by-rule", action="store_true", help="hits and precision per rule")
    ev.add_argument("--errors", action="store_true", help="list every miss")
    ev.add_argument("--json", action="store_true")
    ev.set_defaults(func=cmd_eval)
    q = sub.add_parser("query", help="run SQL against the warehouse (read-only)")
    q.add_argument("sql")
    q.add_argument("--db")
    q.add_argument("--format", choices=["table", "csv", "json"], default="table")
    q.set_defaults(func=cmd_query)
    x = sub.add_parser("export", help="write every table and view to Parquet")
    x.add_argument("dir")
    x.add_argument("--db")
    x.set_defaults(func=cmd_export)
    from review import fixtures
    from warehouse import nces

    fixtures.add_parser(sub)
    nces.add_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (FileNotFoundError, ValueError) as exc:
        console.print(f"[red]awardex {args.command}:[/red] {exc}", highlight=False)
        return 2


if __name__ == "__main__":
    sys.exit(main())
