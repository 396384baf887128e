"""`make bench` (`python -m bench`): a synthetic corpus, stage-by-stage and end-to-end throughput, and the floors.

Modules: bench/corpus.py (+ phrases.py, its words) the corpus, bench/stages.py the stages,
floors and profile, bench/e2e.py the flow and the command line end to end, bench/report.py
the derived figures, issue 12's table and the markdown; this module the command line.

What it does, in order (`main`):

1. **Corpus** (`generate`): N award pages as .html files, written from this module's own
   templates (no real article is copied). Page i depends only on (seed, i), so the first 1,000
   pages of the 10,000-page corpus are the 1,000-page corpus. Thousands of districts (city and
   state pairs from the `zipcodes` package, named the way each state names its districts),
   three article shapes (a feature on one district, a round-up of several honorees, a press
   release) with varied phrasing, and the boilerplate a real page has: cookie banner, menus,
   breadcrumbs, share buttons, a "most read" sidebar, a newsletter box, comments, a footer.
2. **Stages** (`measure_stages`), one process, one core, on the first `--stage-sample` pages:
   read (bytes from disk + decode), HTML -> text (`pipeline.text.html_to_article`), rules (the
   spaCy pipeline `extractors.nlp.build()` + record assembly), validation (pydantic), load
   (`warehouse.load.load_batch`, batches of `batch_size`, into a fresh DuckDB file).
3. **Floors** on the same pages: bare `trafilatura.extract(html)` and bare
   `spacy.blank("en")` tokenisation (`nlp.pipe`), printed as ratios against the stages.
4. **End to end** (`run_flow`): `flows.ingest([dir], db=...)` in a child process against one
   Prefect server started up front (its start-up is timed apart), on the flow's process pool
   (and/or threads, Dask): a cold run into a fresh DuckDB file, then a re-run of the same
   unchanged pages. Peak RSS is sampled over the child and its workers; CPU time is taken from
   the child and its reaped workers. Then the command line as a user runs it, wall clock
   including start-up: `awardex run one.txt` and `awardex run DIR` (cold, re-run) with the
   temporary Prefect server they start, `awardex extract` on the stage sample's texts and on one.
5. **Report**: issue 12's table (each row beside its target, both as multiples of the floors),
   JSON (`--out`, default build/bench.json) and a markdown block in
   docs/benchmarks.md between the `<!-- bench:begin -->` / `<!-- bench:end -->` markers.

Orchestration share (end to end) = 1 - ideal / wall, where ideal = N x (the per-article stage
seconds measured in step 2) / the cores the runner can use (2 for the process pool, 1 for the
thread runner: the stages hold the GIL). It lumps Prefect's engine and API calls,
pickling between processes, worker start-up and imbalance.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from bench.corpus import DEFAULT_SEED, corpus_paths, generate, page  # noqa: F401  (the bench's API)
from bench.e2e import RUNNERS, _flow_child, _Server, cli_extract, cli_run, cli_run_one, run_flow
from bench.report import (MD_BEGIN, MD_END, STAGES, TARGETS, _corpus_words, _save, derive,  # noqa: F401
                          machine, markdown, print_summary, write_markdown)
from bench.stages import component_seconds, measure_floors, measure_stages, profile_stages  # noqa: F401

DEFAULT_PAGES = (1000, 10000)
DEFAULT_OUT = "build/bench.json"
DEFAULT_MD = "docs/benchmarks.md"
DEFAULT_WORKDIR = "build/bench"


def _runner_spec(text: str) -> tuple[str, int | None]:
    name, _, cap = text.partition(":")
    if name not in RUNNERS:
        raise argparse.ArgumentTypeError(f"unknown runner {name!r} ({', '.join(RUNNERS)})")
    try:
        return name, int(cap) if cap else None
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad page cap in {text!r} (expected RUNNER[:MAX_PAGES])") from None


def configure(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p.add_argument("--pages", type=int, nargs="+", default=list(DEFAULT_PAGES),
                   help="corpus sizes to run end to end (default: 1000 10000)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--workdir", default=DEFAULT_WORKDIR, help="corpora, DuckDB files and logs (default: build/bench)")
    p.add_argument("--out", default=DEFAULT_OUT, help="JSON report (default: build/bench.json)")
    p.add_argument("--md", default=DEFAULT_MD, help="markdown file whose generated block is replaced "
                   "(default: docs/benchmarks.md); '' for none")
    p.add_argument("--stage-sample", type=int, default=2000,
                   help="pages for the per-stage and floor measurements (default: 2000)")
    p.add_argument("--profile-sample", type=int, default=300, help="pages under cProfile; 0 for no profile")
    p.add_argument("--runners", type=_runner_spec, nargs="+", default=[("process", None)],
                   metavar="RUNNER[:MAX_PAGES]",
                   help="task runners end to end: process (the flow's own process pool), threads, dask "
                        "(DaskTaskRunner); ':N' runs it only up to N pages (default: process)")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="process pool / Dask workers")
    p.add_argument("--dask-address", help="scheduler address for the dask runner (default: a LocalCluster)")
    p.add_argument("--no-rerun", action="store_true", help="skip the re-run of unchanged pages")
    p.add_argument("--no-flow", action="store_true", help="stages and floors only")
    p.add_argument("--no-cli", action="store_true", help="skip the command-line runs (awardex run / extract)")
    p.add_argument("--settings", help="settings file for the batch size (default: ./awardex.toml)")
    p.add_argument("--clock", choices=["cpu", "wall"], default="cpu",
                   help="clock for stages and floors: CPU seconds of the process (default; robust to other "
                        "load on the machine) or wall seconds")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_flow"]:
        return _flow_child(argv[1:])
    args = configure(argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])).parse_args(argv)
    return run(args)


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def run(args) -> int:
    from pipeline.settings import load_settings

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    settings = load_settings(args.settings)
    workdir = Path(args.workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    sizes = sorted(set(args.pages))
    report: dict = {"seed": args.seed, "batch_size": settings.batch_size, "machine": machine(),
                    "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "corpora": {}, "end_to_end": []}
    corpora = {}
    for n in sizes:
        d = workdir / f"corpus-{n}"
        say(f"corpus of {n:,} pages in {d}")
        report["corpora"][str(n)] = generate(d, n, args.seed)
        corpora[n] = d
    sample_n = min(args.stage_sample, sizes[-1])
    sample = corpus_paths(next(corpora[n] for n in sizes if n >= sample_n), sample_n)
    say(f"stages on {len(sample):,} pages (one process)")
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    report["clock"] = args.clock
    stages = measure_stages(sample, settings.batch_size, workdir, clock)
    raws, texts = stages.pop("_raws"), stages.pop("_texts")
    report["stages"] = stages
    say("floors: bare trafilatura.extract, bare spacy.blank('en').pipe")
    report["floors"] = measure_floors(raws, texts, clock)
    del raws
    if args.profile_sample:
        say(f"cProfile on {min(args.profile_sample, len(sample))} pages")
        report["profile"] = profile_stages(sample[:args.profile_sample])
    if not args.no_flow:
        flow_runs(args, report, corpora, sizes, workdir)
    if not args.no_cli:
        cli_runs(args, report, corpora, sizes, workdir, texts)
    _save(report, args.out, final=True)
    if args.md:
        write_markdown(args.md, markdown(report))
    print_summary(report)
    say(f"report: {args.out}" + (f", {args.md}" if args.md else ""))
    return 0


def flow_runs(args, report: dict, corpora: dict, sizes: list[int], workdir: Path) -> None:
    """`flows.ingest` per size and runner, cold then re-run, against one Prefect server."""
    with _Server() as server:
        report["server"] = {"kind": server.kind, "startup_seconds": server.startup_seconds, "url": server.url}
        env = {**os.environ, "PREFECT_API_URL": server.url, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
        for n in sizes:
            for runner, cap in args.runners:
                if cap is not None and n > cap:
                    continue
                tag = f"{runner}-{n}"
                db = workdir / f"e2e-{tag}.duckdb"
                for stale in (db, db.with_name(db.name + ".wal")):
                    stale.unlink(missing_ok=True)
                say(f"end to end: {n:,} pages, {runner} runner, cold")
                cold = run_flow(corpora[n], db, runner, args.workers, workdir, env, server.pid,
                                args.dask_address, label=f"{tag}-cold")
                entry = {"pages": n, "runner": runner, "workers": args.workers, "cold": cold,
                         "words": _corpus_words(db)}
                if not args.no_rerun:
                    say(f"end to end: {n:,} pages, {runner} runner, re-run (unchanged)")
                    entry["rerun"] = run_flow(corpora[n], db, runner, args.workers, workdir, env, server.pid,
                                              args.dask_address, label=f"{tag}-rerun")
                report["end_to_end"].append(entry)
                _save(report, args.out)  # a long run leaves its numbers so far
                say(f"  cold {cold['wall_seconds']:.1f} s ({n / cold['wall_seconds']:.0f} articles/s), "
                    f"peak RSS {cold['peak_rss_mb']:.0f} MB, busy cores {cold['busy_cores']:.2f}"
                    + (f"; re-run {entry['rerun']['wall_seconds']:.1f} s" if "rerun" in entry else ""))


def cli_runs(args, report: dict, corpora: dict, sizes: list[int], workdir: Path, texts: list[str]) -> None:
    """The command line as a user runs it: wall clock including start-up and its own Prefect server."""
    cli: dict = {"runs": {}}
    report["cli"] = cli
    say(f"awardex extract on {len(texts):,} texts, then on one")
    cli["extract"] = cli_extract(texts, workdir)
    say("awardex run one.txt (temporary Prefect server)")
    cli["run_one"] = cli_run_one(cli["extract"]["one_path"], workdir)
    for n in sizes:
        say(f"awardex run DIR: {n:,} pages, cold then re-run")
        cli["runs"][str(n)] = cli_run(corpora[n], workdir / f"cli-{n}.duckdb", workdir, f"cli-{n}")
        _save(report, args.out)
        r = cli["runs"][str(n)]
        say(f"  cold {r['cold']['wall_seconds']:.1f} s, re-run {r['rerun']['wall_seconds']:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
