"""`awardex review`: the reviewer loop. Extraction vs fixture, evidence highlighted, fixtures written.

- `load_fixture` / `write_fixture`: one fixture per article (ANNOTATION.md format plus
  "text_path"), written as `json.dumps(indent=2)`; what one writes the other reads back unchanged.
- `diff`: the field-level differences between a fixture and an extraction (missing / spurious
  district, wrong / missing / extra value, missing / extra initiative). The terminal, the HTML
  page and tests/test_fixtures.py all show this one list.
- `merge`: an existing fixture updated from an extraction; reviewed values are kept unless
  `force`, and every value added, kept against the extraction or overwritten is reported.
- `render_page` / `render_index`: self-contained HTML (no script, every text escaped).
"""
from __future__ import annotations

import argparse
import html
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from review import evaluate
from schemas.articles import RawArticle
from pipeline.text import TextError, read_file

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
DISTRICT_KEYS = ("name", "aliases", "city", "state", "enrollment", "schools", "initiatives")
SCALARS = ("city", "state", "enrollment", "schools")
COLOURS = {"name": "#ffd966", "alias": "#fff0b3", "city": "#b6e3c6", "state": "#a9d6f5",
           "enrollment": "#f7c1dc", "schools": "#dccbf5", "initiatives": "#ffc89e", "program": "#d9d9d9"}
RICH_COLOURS = {"name": "yellow", "alias": "yellow", "city": "green", "state": "cyan",
                "enrollment": "magenta", "schools": "blue", "initiatives": "dark_orange", "program": "white"}
CONTEXT_WORDS = 6


class Mismatch(NamedTuple):
    """One difference between fixture and extraction; `district` is None for article fields."""
    kind: str  # missing district, spurious district, wrong value, missing value, extra value,
    #            missing initiative, extra initiative
    district: str | None
    field: str | None
    fixture: object = None
    extracted: object = None

    def __str__(self) -> str:
        where = " ".join(x for x in (repr(self.district) if self.district else None, self.field) if x)
        if self.kind.endswith("district"):
            return f"{self.kind}: {where}"
        if self.kind.endswith("initiative"):
            return f"{self.kind}: {where} {self.fixture or self.extracted}"
        return f"{self.kind}: {where}: fixture={self.fixture!r} extraction={self.extracted!r}"


# ---------------------------------------------------------------- fixtures

def load_fixture(path: str | Path) -> dict:
    """One fixture file (.json, one object), as written by write_fixture."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def fixture_text(fixture: dict) -> str:
    """A fixture's file contents: two-space indented JSON, UTF-8 as is, final newline."""
    return json.dumps(fixture, indent=2, ensure_ascii=False) + "\n"


def write_fixture(path: str | Path, fixture: dict) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(fixture_text(fixture), encoding="utf-8")
    return path


def load_gold_record(path: str | Path, article_id: str) -> dict:
    """The gold record for `article_id`: a .json fixture, or the matching line of a .jsonl file."""
    path = Path(path)
    if path.suffix != ".jsonl":
        return load_fixture(path)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and str((rec := json.loads(line)).get("article_id")) == article_id:
            return rec
    raise ValueError(f"no record with article_id {article_id!r} in {path}")


def repo_relative(path: str | Path) -> str:
    """What a fixture's text_path holds: `path` relative to the repository root when it is
    inside it, else absolute (review.evaluate.article_path reads either)."""
    path = Path(path).resolve()
    return path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else path.as_posix()


def to_fixture(pred: dict, text_path: str | Path) -> dict:
    """A fixture from an extracted record (a record's as_dict()): the annotated fields only."""
    rel = repo_relative(text_path)
    return {"article_id": pred["article_id"], "source": rel, "text_path": rel,
            "program": pred.get("program"),
            "districts": [{k: d.get(k, [] if k in ("aliases", "initiatives") else None)
                           for k in DISTRICT_KEYS} for d in pred.get("districts") or []]}


def merge(old: dict | None, new: dict, force: bool = False) -> tuple[dict, list[str]]:
    """`old` updated from `new`, and a note per value added, kept against `new`, or overwritten.

    Default: every value already in `old` stays (a null or an absent key is filled; list
    items are added, never removed; districts only `new` has are added). `force`: `new`
    wins everywhere, and each value that changes or disappears is reported.
    """
    if old is None:
        return new, [f"created with {len(new['districts'])} districts"]
    notes: list[str] = []
    out = dict(old)  # keeps keys a reviewer added (text_path, floor, ...)
    out["program"] = _merge_value("program", old.get("program"), new.get("program"), force, notes)
    olds, news = old.get("districts") or [], new.get("districts") or []
    pairs = dict(evaluate.match(olds, news))
    matched_new = set(pairs.values())
    districts = []
    for gi, g in enumerate(olds):
        if gi in pairs:
            districts.append(_merge_district(g, news[pairs[gi]], force, notes))
        elif force:
            notes.append(f"removed district {label(g)!r} (not extracted)")
        else:
            districts.append(g)
    for pi, p in enumerate(news):
        if pi not in matched_new:
            districts.append(p)
            notes.append(f"added district {label(p)!r}")
    out["districts"] = districts
    return out, notes


def _merge_district(old: dict, new: dict, force: bool, notes: list[str]) -> dict:
    name = label(old)
    out = {}
    for key in DISTRICT_KEYS:
        if key in ("aliases", "initiatives"):
            out[key] = _merge_list(f"{name!r} {key}", old.get(key), new.get(key) or [], force, notes)
        else:
            out[key] = _merge_value(f"{name!r} {key}", old.get(key), new.get(key), force, notes)
    return out | {k: v for k, v in old.items() if k not in out}


def _merge_value(where: str, old, new, force: bool, notes: list[str]):
    if old == new:
        return old
    if old is None:
        notes.append(f"added {where} = {new!r}")
        return new
    if force:
        notes.append(f"overwrote {where}: {old!r} -> {new!r}")
        return new
    if new is not None:
        notes.append(f"kept {where} = {old!r} (extraction: {new!r}; --force to overwrite)")
    return old


def _merge_list(where: str, old: list | None, new: list, force: bool, notes: list[str]) -> list:
    old = list(old or [])
    if force:
        if set(old) != set(new) and old:
            notes.append(f"overwrote {where}: {old!r} -> {new!r}")
        elif set(old) != set(new):
            notes.append(f"added {where} = {new!r}")
        return list(new)
    added = [x for x in new if x not in old]
    if added:
        notes.append(f"added {where}: {', '.join(map(str, added))}")
    return old + added


# ---------------------------------------------------------------- comparison

def pair_up(gold: dict | None, pred: dict) -> list[tuple[dict | None, dict | None]]:
    """(fixture district, extracted district) pairs: extraction order, then districts it missed."""
    g_ds, p_ds = (gold or {}).get("districts") or [], pred.get("districts") or []
    if gold is None:
        return [(None, p) for p in p_ds]
    by_pred = {pi: gi for gi, pi in evaluate.match(g_ds, p_ds)}
    rows = [(g_ds[by_pred[pi]] if pi in by_pred else None, p) for pi, p in enumerate(p_ds)]
    return rows + [(g, None) for gi, g in enumerate(g_ds) if gi not in by_pred.values()]


def district_diff(g: dict | None, p: dict | None) -> list[Mismatch]:
    """What differs between one fixture district and the extracted district it matched."""
    if p is None:
        return [Mismatch("missing district", label(g), None)]
    if g is None:
        return [Mismatch("spurious district", label(p), None)]
    out, name = [], label(g)
    for f in SCALARS:
        gv, pv = g.get(f), p.get(f)
        if gv is not None and pv is None:
            out.append(Mismatch("missing value", name, f, gv, None))
        elif gv is None and pv is not None:
            out.append(Mismatch("extra value", name, f, None, pv))
        elif gv is not None and not evaluate._same(f, gv, pv):
            out.append(Mismatch("wrong value", name, f, gv, pv))
    g_in, p_in = g.get("initiatives") or [], p.get("initiatives") or []
    out += [Mismatch("missing initiative", name, "initiatives", i, None) for i in g_in if i not in p_in]
    out += [Mismatch("extra initiative", name, "initiatives", None, i) for i in p_in if i not in g_in]
    return out


def label(d: dict) -> str:
    """A district's name, with its state when it has one (two districts may share a name)."""
    return f"{d['name']} ({d['state']})" if d.get("state") else d["name"]


def diff(gold: dict, pred: dict) -> list[Mismatch]:
    """Every field-level difference between a fixture and an extracted record."""
    out = []
    if gold.get("program") != pred.get("program"):
        kind = "wrong value" if gold.get("program") and pred.get("program") else \
            "missing value" if gold.get("program") else "extra value"
        out.append(Mismatch(kind, None, "program", gold.get("program"), pred.get("program")))
    for g, p in pair_up(gold, pred):
        out += district_diff(g, p)
    return out


def format_diff(mismatches: list[Mismatch]) -> str:
    return "\n".join(f"  {m}" for m in mismatches) or "  no differences"


def article_scores(gold: dict, pred: dict) -> dict:
    """review.evaluate.score for one article: {'record_f1', 'district_f1', ...}."""
    aid = str(gold["article_id"])
    result = evaluate.score({aid: gold}, {aid: pred})
    return {"record_f1": result["record_f1"], "district_f1": result["district"]["f1"],
            "gold": result["district"]["gold"], "pred": result["district"]["pred"]}


# ---------------------------------------------------------------- extraction

def read_article(path: str | Path) -> RawArticle:
    """An article file, its article_id the file's stem (as `awardex extract` does)."""
    return replace(read_file(path), article_id=Path(path).stem)


def extract_records(articles: list[RawArticle]) -> dict[str, tuple[RawArticle, dict | None, list[str]]]:
    """article_id -> (article, record as a dict or None, reject reasons)."""
    from extractors.records import extract  # spaCy loads only when something is extracted

    return {a.article_id: (a, r.as_dict() if r is not None else None, [f"{j.stage}: {j.reason}" for j in rejects])
            for a, r, rejects in extract(articles)}


def context(text: str, start: int, end: int, words: int = CONTEXT_WORDS) -> tuple[str, str, str]:
    """(before, evidence, after): a few words either side of text[start:end], one line each."""
    before = re.search(r"(?:\S+\s+){0,%d}\S*\Z" % words, text[max(0, start - 300):start]).group()
    after = re.match(r"\S*(?:\s+\S+){0,%d}" % words, text[end:end + 300]).group()
    flat = lambda s: re.sub(r"\s+", " ", s)  # noqa: E731
    cut_before, cut_after = start - len(before) > 0, end + len(after) < len(text)
    return ("…" * cut_before + flat(before), flat(text[start:end]), flat(after) + "…" * cut_after)


# ---------------------------------------------------------------- terminal

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
    mismatches = diff(gold, pred)
    s = article_scores(gold, pred)
    out.print(f"\n[bold]against the fixture[/bold]: district F1 {s['district_f1']:.2f}, "
              f"record F1 {s['record_f1']:.2f}, {len(mismatches)} differences")
    if mismatches:
        out.print(_diff_table(mismatches))


def _evidence_line(text: str, ev: dict) -> str:
    before, span, after = context(text, ev["start"], ev["end"])
    colour = RICH_COLOURS.get(ev["field"], "white")
    return (f"  {ev['field']} = {escape(str(ev['value']))}: {escape(before)}"
            f"[bold black on {colour}]{escape(span)}[/]{escape(after)} [dim]({escape(ev['rule'])})[/dim]")


def _district_table(text: str, d: dict, spurious: bool) -> Table:
    title = escape(label(d)) + ("  [red](not in the fixture)[/red]" if spurious else "")
    table = Table(title=title, title_justify="left", show_lines=False)
    for col in ("field", "value", "evidence in context", "rule"):
        table.add_column(col, overflow="fold")
    for ev in _ordered(d.get("evidence") or []):
        before, span, after = context(text, ev["start"], ev["end"])
        colour = RICH_COLOURS.get(ev["field"], "white")
        table.add_row(ev["field"], escape(str(ev["value"])),
                      f"{escape(before)}[bold black on {colour}]{escape(span)}[/]{escape(after)}",
                      f"[dim]{escape(ev['rule'])}[/dim]")
    return table


def _ordered(evidence: list[dict]) -> list[dict]:
    order = {f: i for i, f in enumerate(COLOURS)}
    return sorted(evidence, key=lambda e: (order.get(e["field"], 99), e["start"]))


def _diff_table(mismatches: list[Mismatch]) -> Table:
    table = Table(title="differences (fixture vs extraction)", title_justify="left")
    for col in ("kind", "district", "field", "fixture", "extraction"):
        table.add_column(col, overflow="fold")
    for m in mismatches:
        colour = "red" if m.kind.startswith(("missing", "wrong")) else "yellow"
        table.add_row(f"[{colour}]{m.kind}[/]", escape(m.district or ""), m.field or "",
                      escape("" if m.fixture is None else str(m.fixture)),
                      escape("" if m.extracted is None else str(m.extracted)))
    return table


# ---------------------------------------------------------------- HTML

CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{padding:12px 20px;background:#fff;border-bottom:1px solid #ddd}
h1{font-size:20px;margin:0 0 4px} .meta{color:#555;margin:0}
main{display:grid;grid-template-columns:minmax(0,1.1fr) minmax(0,1fr);gap:20px;padding:16px 20px}
.text{align-self:start;white-space:pre-wrap;background:#fff;border:1px solid #ddd;border-radius:6px;padding:14px 18px;margin:0}
aside{position:sticky;top:8px;align-self:start;max-height:calc(100vh - 16px);overflow:auto}
mark{color:inherit;border-radius:2px;padding:0}
mark mark{box-shadow:inset 0 -3px 0 rgba(0,0,0,.35)}
mark.bad{outline:2px dashed #c0392b;outline-offset:1px}
table{border-collapse:collapse;width:100%;background:#fff;margin-bottom:14px;font-size:14px}
th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th.district{background:#f0f0f0} td.field{color:#555} table.article,table.district{table-layout:fixed}
col.c-field{width:7.5em} tr.cols td{color:#777;font-size:12px;background:#fafafa;padding:1px 6px}
td.wrong,td.missing{background:#fde2e0} td.extra{background:#fff4d6}
tr.spurious th{background:#fde2e0} tr.missing-district th{background:#fde2e0}
.tag{font-size:12px;font-weight:normal;color:#a8322d;margin-left:6px}
.legend span{display:inline-block;padding:0 6px;margin:4px 4px 0 0;border-radius:3px;font-size:13px}
main.index{display:block} .diff li{margin:2px 0} .ok{color:#1e7b34} a{color:inherit}
""" + "".join(f".f-{f}{{background:{c}}}\n" for f, c in COLOURS.items())

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{title}</title>
<style>{css}</style></head>
<body><header><h1>{heading}</h1><p class="meta">{meta}</p><div class="legend">{legend}</div></header>
{body}
</body></html>
"""


COLS = '<colgroup><col class="c-field"><col class="c-value"><col class="c-value"></colgroup>'


class Span(NamedTuple):
    start: int
    end: int
    field: str
    labels: tuple[str, ...]
    bad: bool


def spans(pred: dict, gold: dict | None) -> list[Span]:
    """One span per distinct (start, end, field) of every evidence item, with its labels;
    `bad` when the value it gives differs from the fixture."""
    bad_keys = _bad_values(gold, pred) if gold is not None else set()
    found: dict[tuple, tuple[list[str], bool]] = {}
    items = [(None, ev) for ev in pred.get("evidence") or []]
    items += [(d, ev) for d in pred.get("districts") or [] for ev in d.get("evidence") or []]
    for d, ev in items:
        key = (ev["start"], ev["end"], ev["field"])
        labels, bad = found.setdefault(key, ([], False))
        who = id(d) if d else None
        wrong = (who, ev["field"], str(ev["value"])) in bad_keys or (who, None, None) in bad_keys
        labels.append(f"{ev['field']} = {ev['value']} ({label(d) if d else 'article'}; rule {ev['rule']})"
                      + (" - differs from the fixture" if wrong else ""))
        found[key] = (labels, bad or wrong)
    return [Span(s, e, f, tuple(labels), bad) for (s, e, f), (labels, bad) in sorted(found.items())]


def _bad_values(gold: dict, pred: dict) -> set[tuple]:
    """(id of the extracted district, field, value) of extracted values the fixture disagrees
    with; (id, None, None) for a spurious district; (None, "program", value) for the program."""
    out = set()
    for g, p in pair_up(gold, pred):
        if p is None:
            continue
        for m in district_diff(g, p):
            if m.kind == "spurious district":
                out.add((id(p), None, None))
            elif m.extracted is not None:
                out.add((id(p), m.field, str(m.extracted)))
    if gold.get("program") != pred.get("program") and pred.get("program"):
        out.add((None, "program", str(pred["program"])))
    return out


def highlight(text: str, marks: list[Span]) -> str:
    """The escaped text with a <mark class="f-FIELD"> per span. Overlapping spans are split at
    every boundary; a piece that several spans cover gets nested marks, outermost span first."""
    cuts = sorted({0, len(text), *(s.start for s in marks), *(s.end for s in marks)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = html.escape(text[a:b])
        covering = sorted((s for s in marks if s.start <= a and b <= s.end),
                          key=lambda s: (s.start, -s.end, s.field))
        for s in reversed(covering):
            classes = f"f-{s.field}" + (" bad" if s.bad else "")
            anchor = f' id="ev-{s.start}-{s.end}-{s.field}"' if a == s.start else ""
            piece = (f'<mark class="{classes}"{anchor} title="{html.escape(chr(10).join(s.labels))}">'
                     f"{piece}</mark>")
        out.append(piece)
    return "".join(out)


def render_page(article: RawArticle, pred: dict, gold: dict | None, fixture_label: str = "") -> str:
    """One self-contained page: marked article text, the records table beside it, the diff."""
    text = highlight(article.text, spans(pred, gold))
    if gold is None:
        summary = f"no fixture ({html.escape(fixture_label)})"
        diff_html = ""
    else:
        s, mismatches = article_scores(gold, pred), diff(gold, pred)
        summary = (f"fixture {html.escape(fixture_label)}: district F1 {s['district_f1']:.2f}, "
                   f"record F1 {s['record_f1']:.2f}, {len(mismatches)} differences")
        items = "".join(f"<li>{html.escape(str(m))}</li>" for m in mismatches)
        diff_html = (f'<h2>Differences</h2><ul class="diff">{items}</ul>' if mismatches
                     else '<p class="ok">Extraction matches the fixture.</p>')
    program = _program_row(pred, gold)
    tables = "".join(_district_html(g, p) for g, p in pair_up(gold, pred))
    body = (f'<main><div class="text">{text}</div><aside>'
            f'<table class="article">{program}</table>{tables}{diff_html}</aside></main>')
    meta = (f"{html.escape(article.source)} · {len(pred.get('districts') or [])} districts extracted · "
            f"{summary}")
    legend = "".join(f'<span class="f-{f}">{f}</span>' for f in COLOURS)
    return PAGE.format(title=html.escape(f"awardex review: {article.article_id}"), css=CSS,
                       heading=html.escape(article.title or article.article_id), meta=meta,
                       legend=legend, body=body)


def _program_row(pred: dict, gold: dict | None) -> str:
    cls = ""
    if gold is not None and gold.get("program") != pred.get("program"):
        cls = "wrong" if pred.get("program") else "missing"
    return (f'{COLS}<tr><th class="district" colspan="3">article</th></tr>'
            '<tr class="cols"><td></td><td>extracted</td><td>fixture</td></tr>'
            f'<tr><td class="field">program</td><td class="{cls}">{_cell(pred.get("program"))}</td>'
            f'<td>{"" if gold is None else _cell(gold.get("program"))}</td></tr>')


def _district_html(g: dict | None, p: dict | None) -> str:
    """One table per district: field, extracted value (linked to its evidence), fixture value."""
    status = {m.field: m.kind.split()[0] for m in district_diff(g, p)} if g and p else {}
    if p is None:
        head = f'<tr class="missing-district"><th colspan="3">{html.escape(label(g))}' \
               f'<span class="tag">missing: in the fixture, not extracted</span></th></tr>'
    elif g is None:
        head = f'<tr class="spurious"><th colspan="3">{html.escape(label(p))}' \
               f'<span class="tag">spurious: not in the fixture</span></th></tr>'
    else:
        head = f'<tr><th class="district" colspan="3">{html.escape(label(p))}</th></tr>'
    rows = ['<tr class="cols"><td></td><td>extracted</td><td>fixture</td></tr>']
    for f in DISTRICT_KEYS[1:]:
        pv, gv = (p or {}).get(f), (g or {}).get(f)
        if pv in (None, []) and gv in (None, []):
            continue  # nothing on either side: no row
        cls = status.get(f, "")
        rows.append(f'<tr><td class="field">{f}</td><td class="{cls}">{_linked(p, f, pv)}</td>'
                    f'<td>{"" if g is None else _cell(gv)}</td></tr>')
    return f'<table class="district">{COLS}{head}{"".join(rows)}</table>'


def _linked(p: dict | None, field: str, value) -> str:
    """The extracted value, each item linked to the first mark of its evidence."""
    if p is None:
        return ""
    items = value if isinstance(value, list) else [] if value is None else [value]
    ev_field = {"aliases": "alias"}.get(field, field)
    links = []
    for item in items:
        ev = next((e for e in p.get("evidence") or [] if e["field"] == ev_field and e["value"] == str(item)), None)
        shown = html.escape(str(item))
        links.append(f'<a href="#ev-{ev["start"]}-{ev["end"]}-{ev_field}">{shown}</a>' if ev else shown)
    return ", ".join(links) or '<span class="none">–</span>'


def _cell(value) -> str:
    if value is None or value == []:
        return "–"
    return html.escape(", ".join(map(str, value)) if isinstance(value, list) else str(value))


def render_index(rows: list[dict], title: str, summary: str = "") -> str:
    """The index page: one row per article, worst record F1 first, linking to its page."""
    rows = sorted(rows, key=lambda r: (r.get("record_f1", -1), r["article_id"]))
    body = ['<main class="index"><table><tr><th>article</th><th>record F1</th>'
            '<th>district F1</th><th>districts fixture / extracted</th><th>differences</th></tr>']
    for r in rows:
        name = html.escape(r["article_id"])
        if "error" in r:
            body.append(f'<tr><td>{name}</td><td class="wrong" colspan="4">{html.escape(r["error"])}</td></tr>')
            continue
        body.append(f'<tr><td><a href="{html.escape(quote(r["page"]))}">{name}</a></td>'
                    f'<td>{r["record_f1"]:.2f}</td><td>{r["district_f1"]:.2f}</td>'
                    f'<td>{r["gold"]} / {r["pred"]}</td><td>{r["differences"]}</td></tr>')
    body.append("</table></main>")
    return PAGE.format(title=html.escape(title), css=CSS, heading=html.escape(title),
                       meta=html.escape(summary), legend="", body="".join(body))


def page_name(article_id: str) -> str:
    return re.sub(r"[^\w.-]", "_", article_id) + ".html"


# ---------------------------------------------------------------- command

def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register `awardex review` on an argparse sub-parsers object; its handler is cmd_review."""
    p = subparsers.add_parser("review", help="extraction vs fixture, evidence highlighted; write fixtures",
                              description="Review one article against its fixture, or --all fixtures in a directory.")
    p.add_argument("path", nargs="?", metavar="PATH", help="article file (.txt/.html/.htm)")
    p.add_argument("--gold", metavar="FILE", help="fixture .json, or a .jsonl gold file (the record whose article_id is "
                                  "the file's stem); default: tests/fixtures/<stem>.json")
    p.add_argument("--html", metavar="OUT", help="write a self-contained HTML page (with --all: the index)")
    p.add_argument("--write", action="store_true", help="create or update the fixture from this extraction "
                                                        "(keeps reviewed values, adds what is missing)")
    p.add_argument("--force", action="store_true", help="with --write: the extraction overwrites fixture values")
    p.add_argument("--all", metavar="DIR", help="every fixture in DIR: per-article F1, worst first")
    p.set_defaults(func=cmd_review)
    return p


def cmd_review(args) -> int:
    out, err = Console(), Console(stderr=True)
    if bool(args.path) == bool(args.all):
        err.print("[red]awardex review:[/red] give an article PATH or --all DIR (not both)")
        return 2
    if args.force and not args.write:
        err.print("[red]awardex review:[/red] --force only goes with --write")
        return 2
    if args.all:
        if args.write or args.gold:
            err.print("[red]awardex review:[/red] --all takes neither --write nor --gold")
            return 2
        return review_all(Path(args.all), Path(args.html) if args.html else None, out, err)
    return review_one(args, out, err)


def review_one(args, out: Console, err: Console) -> int:
    try:
        article = read_article(args.path)
    except (TextError, OSError) as exc:
        err.print(f"[red]{escape(args.path)}[/red]: {escape(str(getattr(exc, 'reason', exc)))}")
        return 2
    fixture_path = Path(args.gold) if args.gold else FIXTURES / f"{article.article_id}.json"
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
        write_from(fixture_path, gold, to_fixture(pred, args.path), args.force, out)
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


def review_all(gold_dir: Path, index: Path | None, out: Console, err: Console) -> int:
    """Every fixture in `gold_dir` against its extraction: a table, and with `index` the pages."""
    gold = evaluate.load_gold(gold_dir)
    if not gold:
        err.print(f"[red]awardex review:[/red] no fixtures in {escape(str(gold_dir))}")
        return 2
    articles, rows = [], []
    for aid, rec in gold.items():
        try:
            articles.append(evaluate.gold_article(gold_dir, rec))
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
