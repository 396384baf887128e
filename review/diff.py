"""Fixture vs extraction: the field-level differences, one article's scores, and the rule
behind each wrong value. The terminal, both HTML pages and tests/test_fixtures.py show this
one list."""
from __future__ import annotations

from typing import NamedTuple

from review import evaluate
from review.fixtures import label

SCALARS = ("city", "state", "enrollment", "schools")


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
    for f in (*SCALARS, "role"):
        gv, pv = g.get(f), p.get(f)
        if gv is not None and pv is None:
            out.append(Mismatch("missing value", name, f, gv, None))
        elif gv is None and pv is not None and f != "role":  # an unannotated role is not scored
            out.append(Mismatch("extra value", name, f, None, pv))
        elif gv is not None and not (gv == pv if f == "role" else evaluate._same(f, gv, pv)):
            out.append(Mismatch("wrong value", name, f, gv, pv))
    g_in, p_in = g.get("initiatives") or [], p.get("initiatives") or []
    out += [Mismatch("missing initiative", name, "initiatives", i, None) for i in g_in if i not in p_in]
    out += [Mismatch("extra initiative", name, "initiatives", None, i) for i in p_in if i not in g_in]
    return out


def diff(gold: dict, pred: dict) -> list[Mismatch]:
    """Every field-level difference between a fixture and an extracted record."""
    out = []
    g, p = gold.get("program"), pred.get("program")
    if (g or p) and not (g and p and evaluate.same_program(g, p)):
        kind = "wrong value" if g and p else "missing value" if g else "extra value"
        out.append(Mismatch(kind, None, "program", g, p))
    for gd, pd in pair_up(gold, pred):
        out += district_diff(gd, pd)
    return out


def format_diff(mismatches: list[Mismatch]) -> str:
    return "\n".join(f"  {m}" for m in mismatches) or "  no differences"


def article_scores(gold: dict, pred: dict) -> dict:
    """review.evaluate.score for one article: {'record_f1', 'district_f1', 'gold', 'pred'}."""
    aid = str(gold["article_id"])
    result = evaluate.score({aid: gold}, {aid: pred})
    return {"record_f1": result["record_f1"], "district_f1": result["district"]["f1"],
            "gold": result["district"]["gold"], "pred": result["district"]["pred"]}


def floor_of(scores: dict) -> dict:
    """The floor a fixture records: today's district and record F1, rounded down to the hundredth."""
    down = lambda x: int(x * 100 + 1e-9) / 100  # noqa: E731
    return {"district": down(scores["district_f1"]), "record": down(scores["record_f1"])}


def rules_behind(gold: dict, pred: dict) -> list[tuple[Mismatch, list[str]]]:
    """Each difference with the ids of the rules whose evidence produced the extracted value
    (empty for a value the extractor did not give)."""
    out = []
    pairs = pair_up(gold, pred)
    by_label = {label(g if g is not None else p): p for g, p in pairs if p is not None}
    for m in diff(gold, pred):
        district = {} if m.field == "program" else by_label.get(m.district) or {}
        evidence = (pred if m.field == "program" else district).get("evidence") or []
        if m.kind == "spurious district":
            rules = [e["rule"] for e in evidence if e["field"] == "name"]
        elif m.extracted is None:
            rules = []
        else:
            rules = [e["rule"] for e in evidence
                     if e["field"] == m.field and str(e["value"]) == str(m.extracted)]
        out.append((m, sorted(set(rules))))
    return out
