"""The static review pages (`awardex review ARTICLE --html OUT`, `review --all DIR --html OUT`):
self-contained HTML, no script, every text escaped; the evidence marks shared with the workbench."""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from review.diff import article_scores, district_diff, pair_up, rules_behind
from review.extraction import word_span
from review.fixtures import DISTRICT_KEYS, label
from schemas.articles import RawArticle

COLOURS = {"name": "#ffd966", "alias": "#fff0b3", "city": "#b6e3c6", "state": "#a9d6f5",
           "enrollment": "#f7c1dc", "schools": "#dccbf5", "initiatives": "#ffc89e", "role": "#e6e6a1",
           "program": "#d9d9d9"}

STATIC = Path(__file__).with_name("static")
# base.css (shared with the workbench) and what only the static pages need
CSS = (STATIC / "base.css").read_text(encoding="utf-8") + """
h1{font-size:20px;margin:0 0 4px} .meta{color:#555;margin:0}
main{display:grid;grid-template-columns:minmax(0,1.1fr) minmax(0,1fr);gap:20px;padding:16px 20px}
.text{align-self:start;white-space:pre-wrap;background:#fff;border:1px solid #ddd;border-radius:6px;padding:14px 18px;margin:0}
table{border-collapse:collapse;width:100%;background:#fff;margin-bottom:14px;font-size:14px}
th.district{background:#f0f0f0} td.field{color:#555} table.article,table.district{table-layout:fixed}
col.c-field{width:7.5em} tr.cols td{color:#777;font-size:12px;background:#fafafa;padding:1px 6px}
td.wrong,td.missing{background:#fde2e0} td.extra{background:#fff4d6}
tr.spurious th{background:#fde2e0} tr.missing-district th{background:#fde2e0}
.tag{font-size:12px;font-weight:normal;color:#a8322d;margin-left:6px}
main.index{display:block} .diff li{margin:2px 0} .rule{color:#777;font-size:13px} .ok{color:#1e7b34} a{color:inherit}
"""

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


def highlight(text: str, marks: list[Span], offsets: bool = False) -> str:
    """The escaped text with a <mark class="f-FIELD"> per span, each moved onto word
    boundaries (review.extraction.word_span). Overlapping spans are split at every boundary;
    a piece that several spans cover gets nested marks, outermost span first. `offsets`
    (the workbench): one <p> per line of the text, and every piece of text in a
    <span data-o="N"> giving its offset in the text, so a selection maps back to offsets."""
    shown = [(s, *word_span(text, s.start, s.end)) for s in marks]
    breaks = [m.start() for m in re.finditer("\n", text)] if offsets else []
    cuts = sorted({0, len(text), *(a for _, a, _ in shown), *(b for _, _, b in shown),
                   *breaks, *(b + 1 for b in breaks)})
    out = ["<p>"] if offsets else []
    for a, b in zip(cuts, cuts[1:]):
        if offsets and text[a:b] == "\n":
            out.append("</p><p>")
            continue
        piece = html.escape(text[a:b])
        if offsets:
            piece = f'<span data-o="{a}">{piece}</span>'
        covering = sorted(((s, sa, sb) for s, sa, sb in shown if sa <= a and b <= sb),
                          key=lambda x: (x[1], -x[2], x[0].field))
        for s, sa, _ in reversed(covering):
            classes = f"f-{s.field}" + (" bad" if s.bad else "")
            anchor = f' id="ev-{s.start}-{s.end}-{s.field}"' if a == sa else ""
            piece = (f'<mark class="{classes}"{anchor} title="{html.escape(chr(10).join(s.labels))}">'
                     f"{piece}</mark>")
        out.append(piece)
    return "".join(out + (["</p>"] if offsets else []))


def render_page(article: RawArticle, pred: dict, gold: dict | None, fixture_label: str = "") -> str:
    """One self-contained page: marked article text, the records table beside it, the diff."""
    text = highlight(article.text, spans(pred, gold))
    if gold is None:
        summary = f"no fixture ({html.escape(fixture_label)})"
        diff_html = ""
    else:
        s, mismatches = article_scores(gold, pred), rules_behind(gold, pred)
        summary = (f"fixture {html.escape(fixture_label)}: district F1 {s['district_f1']:.2f}, "
                   f"record F1 {s['record_f1']:.2f}, {len(mismatches)} differences")
        items = "".join(f"<li>{html.escape(str(m))}"
                        + (f' <span class="rule">(rule {html.escape(", ".join(rules))})</span>' if rules else "")
                        + "</li>" for m, rules in mismatches)
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


