"""`awardex review ARTICLE` in the terminal: each value with its evidence in context, then the diff."""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from review.diff import Mismatch, article_scores, pair_up, rules_behind
from review.extraction import context
from review.fixtures import label
from review.page import COLOURS
from schemas.articles import RawArticle

RICH_COLOURS = {"name": "yellow", "alias": "yellow", "city": "green", "state": "cyan", "enrollment": "magenta",
                "schools": "blue", "initiatives": "dark_orange", "role": "bright_yellow", "program": "white"}


def print_review(out: Console, article: RawArticle, pred: dict, gold: dict | None,
                 fixture_label: str) -> None:
    """The records found, each value with its evidence in context, then the diff."""
    out.print(f"[bold]{escape(article.article_id)}[/bold]  {escape(article.source)}")
    out.print(f"program: {escape(repr(pred.get('program')))}   fixture: {escape(fixture_label)}")
    for ev in pred.get("evidence") or []:
        out.print(_evidence_line(article.text, ev))
    for g, p in pair_up(gold, pred):
        if p is not None:
            out.print(_district_table(article.text, p, gold is not None and g is None))
    if gold is None:
        return
    mismatches = rules_behind(gold, pred)
    s = article_scores(gold, pred)
    out.print(f"\n[bold]against the fixture[/bold]: district F1 {s['district_f1']:.2f}, "
              f"record F1 {s['record_f1']:.2f}, {len(mismatches)} differences")
    if mismatches:
        out.print(_diff_table(mismatches))


def _in_context(text: str, ev: dict) -> str:
    """The evidence span in its context, the span marked in its field's colour (rich markup)."""
    before, span, after = context(text, ev["start"], ev["end"])
    colour = RICH_COLOURS.get(ev["field"], "white")
    return f"{escape(before)}[bold black on {colour}]{escape(span)}[/]{escape(after)}"


def _evidence_line(text: str, ev: dict) -> str:
    return (f"  {ev['field']} = {escape(str(ev['value']))}: {_in_context(text, ev)}"
            f" [dim]({escape(ev['rule'])})[/dim]")


def _district_table(text: str, d: dict, spurious: bool) -> Table:
    title = escape(label(d)) + ("  [red](not in the fixture)[/red]" if spurious else "")
    table = Table(title=title, title_justify="left", show_lines=False)
    for col in ("field", "value", "evidence in context", "rule"):
        table.add_column(col, overflow="fold")
    for ev in _ordered(d.get("evidence") or []):
        table.add_row(ev["field"], escape(str(ev["value"])), _in_context(text, ev), f"[dim]{escape(ev['rule'])}[/dim]")
    return table


def _ordered(evidence: list[dict]) -> list[dict]:
    order = {f: i for i, f in enumerate(COLOURS)}
    return sorted(evidence, key=lambda e: (order.get(e["field"], 99), e["start"]))


def _diff_table(mismatches: list[tuple[Mismatch, list[str]]]) -> Table:
    table = Table(title="differences (fixture vs extraction)", title_justify="left")
    for col in ("kind", "district", "field", "fixture", "extraction", "rule"):
        table.add_column(col, overflow="fold")
    for m, rules in mismatches:
        colour = "red" if m.kind.startswith(("missing", "wrong")) else "yellow"
        table.add_row(f"[{colour}]{m.kind}[/]", escape(m.district or ""), m.field or "",
                      escape("" if m.fixture is None else str(m.fixture)),
                      escape("" if m.extracted is None else str(m.extracted)), f"[dim]{escape(', '.join(rules))}[/dim]")
    return table
