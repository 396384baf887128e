"""`awardex review`: its options (`add_parser`, the one way cli.py registers it) and handlers.

Paths come from the arguments, else from `[review]` in awardex.toml (pipeline.settings):
`fixtures` (default tests/fixtures) is where fixtures are read and written, `texts`
(default: the working directory) is what a fixture's relative text_path is relative to.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.settings import load_settings
from pipeline.text import TextError
from review import evaluate
from review.diff import article_scores, diff
from review.extraction import extract_records, read_article
from review.fixtures import fixture_text, load_gold_record, merge, to_fixture, write_fixture
from review.page import page_name, render_index, render_page
from review.terminal import print_review
from schemas.articles import RawArticle


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register `awardex review` on an argparse sub-parsers object; its handler is cmd_review."""
    p = subparsers.add_parser("review", help="extraction vs fixture, evidence highlighted; write fixtures; workbench",
                              description="Review one article against its fixture, --all fixtures in a directory, "
                                          "or --serve the reviewer's workbench on 127.0.0.1.")
    p.add_argument("path", nargs="?", metavar="PATH", help="article file (.txt/.html/.htm)")
    p.add_argument("--gold", metavar="FILE", help="fixture .json, or a .jsonl gold file (the record whose article_id is "
                                                  "the file's stem); default: <fixtures>/<stem>.json. With --serve: "
                                                  "the fixtures directory")
    p.add_argument("--html", metavar="OUT", help="write a self-contained HTML page (with --all: the index)")
    p.add_argument("--write", action="store_true", help="create or update the fixture from this extraction "
                                                        "(keeps reviewed values, adds what is missing)")
    p.add_argument("--force", action="store_true", help="with --write: the extraction overwrites fixture values")
    p.add_argument("--all", metavar="DIR", help="every fixture in DIR: per-article F1, worst first")
    p.add_argument("--serve", nargs="?", const="", metavar="DIR",
                   help="serve the workbench for the fixtures and the articles in DIR (default: the fixtures "
                        "directory) on http://127.0.0.1:PORT/")
    p.add_argument("--port", type=int, default=8765, help="with --serve: the port (default 8765; 0 picks a free one)")
    p.add_argument("--settings", metavar="FILE", help="settings file (default: ./awardex.toml when present)")
    p.set_defaults(func=cmd_review)
    return p


def cmd_review(args) -> int:
    out, err = Console(), Console(stderr=True)
    modes = [bool(args.path), bool(args.all), args.serve is not None]
    if sum(modes) != 1:
        err.print("[red]awardex review:[/red] give one of an article PATH, --all DIR or --serve [DIR]")
        return 2
    if args.force and not args.write:
        err.print("[red]awardex review:[/red] --force only goes with --write")
        return 2
    settings = load_settings(args.settings)
    if args.serve is not None:
        if args.write or args.html:
            err.print("[red]awardex review:[/red] --serve takes neither --write nor --html")
            return 2
        from review.app import serve  # FastAPI and uvicorn load only for the workbench

        fixtures = Path(args.gold or settings.fixtures)
        return serve(Path(args.serve) if args.serve else fixtures, fixtures, Path(settings.texts), args.port, out)
    if args.all:
        if args.write or args.gold:
            err.print("[red]awardex review:[/red] --all takes neither --write nor --gold")
            return 2
        return review_all(Path(args.all), Path(args.html) if args.html else None, Path(settings.texts), out, err)
    return review_one(args, Path(settings.fixtures), Path(settings.texts), out, err)


def review_one(args, fixtures: Path, texts: Path, out: Console, err: Console) -> int:
    try:
        article = read_article(args.path)
    except (TextError, OSError) as exc:
        err.print(f"[red]{escape(args.path)}[/red]: {escape(str(getattr(exc, 'reason', exc)))}")
        return 2
    fixture_path = Path(args.gold) if args.gold else fixtures / f"{article.article_id}.json"
    if args.write and fixture_path.suffix != ".json":
        err.print(f"[red]awardex review:[/red] --write writes a .json fixture, not {escape(str(fixture_path))}")
        return 2
    gold = load_gold_record(fixture_path, article.article_id) if fixture_path.exists() else None
    if args.gold and gold is None and not args.write:
        err.print(f"[red]awardex review:[/red] no such gold file {escape(args.gold)}")
        return 2
    _, pred, rejects = extract_records([article])[article.article_id]
    for reason in rejects:
        err.print(f"[yellow]rejected[/yellow] {escape(reason)}")
    if pred is None:
        return 1
    label = str(fixture_path) if gold is not None else f"none at {fixture_path}; --write creates it"
    print_review(out, article, pred, gold, label)
    if args.html:
        Path(args.html).write_text(render_page(article, pred, gold, str(fixture_path)), encoding="utf-8")
        out.print(f"wrote {escape(args.html)}")
    if args.write:
        write_from(fixture_path, gold, to_fixture(pred, args.path, texts), args.force, out)
    return 0


def write_from(path: Path, old: dict | None, new: dict, force: bool, out: Console) -> None:
    """Create or update the fixture at `path`, printing every value added, kept or overwritten."""
    merged, notes = merge(old, new, force)
    for note in notes:
        colour = "red" if note.startswith(("overwrote", "removed")) else "yellow" if note.startswith("kept") else "green"
        out.print(f"  [{colour}]{escape(note)}[/]")
    if old is not None and fixture_text(merged) == fixture_text(old):
        out.print(f"fixture {escape(str(path))} unchanged")
        return
    write_fixture(path, merged)
    out.print(f"wrote fixture {escape(str(path))}")


def review_all(gold_dir: Path, index: Path | None, texts: Path, out: Console, err: Console) -> int:
    """Every fixture in `gold_dir` against its extraction: a table, and with `index` the pages."""
    gold = evaluate.load_gold(gold_dir)
    if not gold:
        err.print(f"[red]awardex review:[/red] no fixtures in {escape(str(gold_dir))}")
        return 2
    articles, rows = [], []
    for aid, rec in gold.items():
        try:
            articles.append(evaluate.gold_article(gold_dir, rec, texts))
        except (TextError, OSError) as exc:
            rows.append({"article_id": aid, "error": str(getattr(exc, "reason", exc))})
    preds = {}
    for aid, (article, pred, rejects) in extract_records(articles).items():
        if pred is None:
            rows.append({"article_id": aid, "error": "; ".join(rejects) or "no record"})
            continue
        preds[aid] = pred
        rows.append(_index_row(article, pred, gold[aid], index, str(gold_dir)))
    overall = evaluate.score({aid: gold[aid] for aid in preds}, preds)
    summary = (f"{len(rows)} articles, worst record F1 first · all articles: district F1 "
               f"{overall['district']['f1']:.2f}, record F1 {overall['record_f1']:.2f}")
    out.print(_index_table(rows, gold_dir))
    out.print(summary)
    if index is not None:
        index.write_text(render_index(rows, f"awardex review: {gold_dir}", summary), encoding="utf-8")
        out.print(f"wrote {escape(str(index))} and {sum('page' in r for r in rows)} article pages beside it")
    return 1 if any("error" in r for r in rows) else 0


def _index_row(article: RawArticle, pred: dict, gold: dict, index: Path | None, label: str) -> dict:
    """One article's scores for the index; its page written beside the index."""
    page = page_name(article.article_id)
    if index is not None and page == index.name:
        page = "article-" + page  # never overwrite the index itself
    if index is not None:
        index.parent.mkdir(parents=True, exist_ok=True)
        (index.parent / page).write_text(render_page(article, pred, gold, label), encoding="utf-8")
    return {"article_id": article.article_id, **article_scores(gold, pred),
            "differences": len(diff(gold, pred)), "page": page}


def _index_table(rows: list[dict], gold_dir: Path) -> Table:
    table = Table(title=f"{len(rows)} articles in {escape(str(gold_dir))}, worst first")
    for col in ("article", "record F1", "district F1", "fixture/extracted", "differences"):
        table.add_column(col, justify="left" if col == "article" else "right")
    for r in sorted(rows, key=lambda r: (r.get("record_f1", -1), r["article_id"])):
        if "error" in r:
            table.add_row(escape(r["article_id"]), f"[red]{escape(r['error'])}[/red]", "", "", "")
        else:
            table.add_row(escape(r["article_id"]), f"{r['record_f1']:.2f}", f"{r['district_f1']:.2f}",
                          f"{r['gold']}/{r['pred']}", str(r["differences"]))
    return table
