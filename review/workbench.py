"""The workbench's state and rules, without the web framework (review/app.py serves them).

A `Workbench` covers one directory: the fixtures in `fixtures` (scored against their
extraction, worst F1 first) and the article files (.txt/.html/.htm) under `root` that no
fixture covers yet (ordered by risk: the lowest precision, measured on the fixtures with
`eval --by-rule`, of the rules that fired in them). Articles are addressed by article_id
only; a file outside `root`, `fixtures` and `texts` is never read, a fixture is only written
to `<fixtures>/<article_id>.json`. `save` checks the reviewer's record against the article
text, records the floor the extractor reaches on it, and writes it atomically.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.text import TextError
from review import evaluate
from review.diff import article_scores, floor_of, rules_behind
from review.extraction import ARTICLE_SUFFIXES, extract_records, read_article
from review.fixtures import DISTRICT_KEYS, LISTS, PREVIOUS, load_fixture, text_path_for, to_fixture, write_fixture
from schemas.articles import RawArticle
from schemas.records import ROLES, USPS
from schemas.taxonomy import taxonomy

ARTICLE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,200}")
REVIEWABLE = DISTRICT_KEYS  # a reviewer may mark any field of a fixture district as reviewed
LIMITS = {"enrollment": (1, 2_000_000), "schools": (1, 2_000)}


class Refused(ValueError):
    """A request naming something outside the workbench's directories, or no article of it."""


@dataclass
class Entry:
    article_id: str
    path: Path | None                  # the article file
    fixture: Path | None = None        # its fixture, when there is one
    article: RawArticle | None = None
    pred: dict | None = None
    error: str | None = None
    rules: list[str] = field(default_factory=list)


class Workbench:
    def __init__(self, root: Path, fixtures: Path, texts: Path = Path(".")):
        self.root, self.fixtures, self.texts = Path(root).resolve(), Path(fixtures).resolve(), Path(texts).resolve()
        if not self.root.is_dir():
            raise FileNotFoundError(f"no such directory: {root}")
        self.entries: dict[str, Entry] = {}
        self._scan()
        self._extract(list(self.entries.values()))

    # ------------------------------------------------------------ catalogue

    def _inside(self, path: Path) -> bool:
        path = path.resolve()
        return any(path.is_relative_to(d) for d in (self.root, self.fixtures, self.texts))

    def _scan(self) -> None:
        covered: set[Path] = set()
        for f in sorted(self.fixtures.glob("*.json")) if self.fixtures.is_dir() else []:
            try:
                rec = load_fixture(f)
                aid = str(rec["article_id"])
                path = evaluate.article_path(self.fixtures, rec, self.texts).resolve()
            except (ValueError, KeyError, TypeError, OSError) as exc:
                self.entries[f.stem] = Entry(f.stem, None, f, error=f"unreadable fixture: {exc}")
                continue
            entry = Entry(aid, path, f)
            if not self._inside(path):
                entry.error = "its text_path is outside the served directories: not read"
            covered.add(path)
            self.entries[aid] = entry
        for path in sorted(p for p in self.root.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file()):
            path = path.resolve()
            if path in covered or path.stem in self.entries or PREVIOUS in path.parts:
                continue
            self.entries[path.stem] = Entry(path.stem, path)

    def _extract(self, entries: list[Entry]) -> None:
        todo = []
        for e in entries:
            if e.error is not None or e.path is None:
                continue
            try:
                todo.append((e, read_article(e.path)))
            except (TextError, OSError) as exc:
                e.error = str(getattr(exc, "reason", exc))
        found = extract_records([replace(a, article_id=e.article_id) for e, a in todo])
        for e, _ in todo:
            article, pred, rejects = found[e.article_id]
            e.article, e.pred = article, pred
            if pred is None:
                e.error = "; ".join(rejects) or "no record"
            else:
                e.rules = sorted({ev["rule"] for ev in pred.get("evidence") or []} |
                                 {ev["rule"] for d in pred["districts"] for ev in d.get("evidence") or []})

    def entry(self, article_id: str) -> Entry:
        if not ARTICLE_ID.fullmatch(article_id) or ".." in article_id:
            raise Refused(f"refused: {article_id!r} is not an article id")
        entry = self.entries.get(article_id)
        if entry is None:
            raise Refused(f"no article {article_id!r} in {self.root}")
        return entry

    def gold(self, entry: Entry) -> dict | None:
        """The entry's fixture; None when it has none, or it could not be read (entry.error says why)."""
        if entry.fixture is None or entry.error is not None or not entry.fixture.exists():
            return None
        return load_fixture(entry.fixture)

    # ------------------------------------------------------------ index

    def by_rule(self, golds: dict[str, dict | None]) -> dict[str, dict]:
        """Per-rule precision over every fixture (what `awardex eval --by-rule` says); `golds` is
        article_id -> fixture (None: no fixture) for every entry."""
        gold = {aid: g for aid, g in golds.items() if g is not None and self.entries[aid].pred is not None}
        pred = {aid: self.entries[aid].pred for aid in gold}
        return evaluate.score(gold, pred)["by_rule"] if gold else {}

    def index(self) -> tuple[list[dict], list[dict]]:
        """(reviewed rows worst record F1 first, unreviewed rows riskiest first)."""
        golds = {aid: self.gold(e) for aid, e in self.entries.items()}  # each fixture read once
        measured = self.by_rule(golds)
        reviewed, fresh = [], []
        for e in self.entries.values():
            row = {"article_id": e.article_id, "error": e.error}
            gold = golds[e.article_id]
            if gold is not None and e.pred is not None:
                row.update(article_scores(gold, e.pred), differences=len(rules_behind(gold, e.pred)))
            if e.fixture is not None:
                reviewed.append(row)
                continue
            row.update(risk_of(e.rules, measured))
            fresh.append(row)
        reviewed.sort(key=lambda r: (r.get("record_f1", -1.0), r["article_id"]))
        fresh.sort(key=lambda r: (r["error"] is None, r["risk"], r["article_id"]))
        return reviewed, fresh

    # ------------------------------------------------------------ one article

    def view(self, article_id: str) -> dict:
        """What the article page edits: the working record (the fixture, else the extraction
        as a fixture), the extraction with the rule of each value, the differences."""
        e = self.entry(article_id)
        if e.error is not None or e.pred is None:
            raise Refused(f"{article_id}: {e.error}")
        gold = self.gold(e)
        working = gold or to_fixture(e.pred, e.path, self.texts)
        pairs = dict(evaluate.match(working["districts"], e.pred["districts"]))
        return {"article_id": e.article_id, "title": e.article.title, "source": e.article.source,
                "has_fixture": gold is not None, "fixture_file": f"{e.article_id}.json",
                "text": e.article.text,
                "working": {k: working.get(k) for k in ("program", "reviewed")} | {
                    "districts": [_editable(d) for d in working["districts"]]},
                "extracted": {"program": e.pred.get("program"), "program_rules": _rules(e.pred, "program"),
                              "districts": [_extracted(d) for d in e.pred["districts"]]},
                "pairs": [pairs.get(i) for i in range(len(working["districts"]))],
                "taxonomy": [{"id": k, "label": v["label"]} for k, v in taxonomy().items()],
                "result": self._result(gold, e.pred)}

    def _result(self, gold: dict | None, pred: dict) -> dict | None:
        if gold is None:
            return None
        return {"scores": article_scores(gold, pred), "floor": gold.get("floor"),
                "differences": [{"text": str(m), "rules": rules} for m, rules in rules_behind(gold, pred)]}

    def save(self, article_id: str, body: dict) -> dict:
        """Check the reviewer's record, write the fixture (atomically; the old one kept) with
        the floor the extractor reaches on it, and return the new scores."""
        e = self.entry(article_id)
        if e.pred is None:
            raise Refused(f"{article_id}: {e.error}")
        old = self.gold(e) or {}
        fixture = checked_fixture(body, e.article.text)
        base = {"article_id": e.article_id, "source": old.get("source") or text_path_for(e.path, self.texts),
                "text_path": old.get("text_path") or text_path_for(e.path, self.texts)}
        fixture = base | fixture | {k: v for k, v in old.items() if k not in base and k not in fixture
                                    and k not in ("floor", "districts", "program", "reviewed")}
        fixture["floor"] = floor_of(article_scores(fixture, e.pred))
        target = self.fixtures / f"{e.article_id}.json"
        if target.resolve().parent != self.fixtures:
            raise Refused(f"refused: {target} is outside {self.fixtures}")
        write_fixture(target, fixture)
        e.fixture = target
        return {"fixture_file": target.name, **self._result(fixture, e.pred)}



def risk_of(rules: list[str], measured: dict[str, dict]) -> dict:
    """How risky an unreviewed article is: the lowest measured precision among the rules that
    fired in it (a rule no fixture has measured counts as 0), and why, in one sentence."""
    if not rules:
        return {"risk": 1.0, "why": "no rule fired: nothing extracted"}
    unmeasured = [r for r in rules if r not in measured or not measured[r]["hits"]]
    if unmeasured:
        return {"risk": 0.0, "why": f"rule {unmeasured[0]} has never been checked against a fixture"
                                    + (f" (and {len(unmeasured) - 1} more)" if len(unmeasured) > 1 else "")}
    worst = min(rules, key=lambda r: (measured[r]["precision"], r))
    m = measured[worst]
    return {"risk": m["precision"],
            "why": f"rule {worst} fired here; it was right {m['correct']} of {m['hits']} times "
                   f"in the fixtures (precision {m['precision']:.2f})"}


def _rules(record: dict, fld: str) -> dict[str, list[str]]:
    """value -> rule ids, for the evidence of one field."""
    out: dict[str, list[str]] = {}
    for ev in record.get("evidence") or []:
        if ev["field"] == fld:
            out.setdefault(str(ev["value"]), []).append(ev["rule"])
    return out


def _extracted(d: dict) -> dict:
    fields = {"alias": "aliases"}
    return {k: d.get(k) for k in REVIEWABLE} | {"rules": {
        fields.get(f, f): _rules(d, f) for f in ("name", "alias", "city", "state", "enrollment", "schools",
                                                  "initiatives", "role")}}


def _editable(d: dict) -> dict:
    return {k: d.get(k, [] if k in LISTS else None) for k in REVIEWABLE} | {
        k: d[k] for k in ("reviewed", "span") if k in d}


def checked_fixture(body: dict, text: str) -> dict:
    """The reviewer's record as fixture keys, or a ValueError saying what is wrong with it."""
    if not isinstance(body, dict) or not isinstance(body.get("districts"), list):
        raise ValueError("expected a JSON object with a districts list")
    program = body.get("program")
    if program is not None and (not isinstance(program, str) or not program.strip()):
        raise ValueError("program must be text or null")
    reviewed = _reviewed(body.get("reviewed"), ("program",), "the article")
    districts = [_checked_district(i, d, text) for i, d in enumerate(body["districts"])]
    out = {"program": program.strip() if program else None, "districts": districts}
    return out | ({"reviewed": reviewed} if reviewed else {})


def _checked_district(i: int, d, text: str) -> dict:
    if not isinstance(d, dict):
        raise ValueError(f"district {i + 1} is not an object")
    name = d.get("name")
    if not isinstance(name, str) or len(name.strip()) < 2:
        raise ValueError(f"district {i + 1}: a name of at least two characters is needed")
    where = repr(name.strip())
    out: dict = {"name": name.strip()}
    aliases = d.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ValueError(f"{where}: aliases must be a list of names")
    out["aliases"] = [a.strip() for a in aliases]
    city = d.get("city")
    if city is not None and (not isinstance(city, str) or not city.strip()):
        raise ValueError(f"{where}: city must be text or null")
    out["city"] = city.strip() if city else None
    state = d.get("state")
    if state is not None and (not isinstance(state, str) or state.strip().upper() not in USPS):
        raise ValueError(f"{where}: state {state!r} is not a USPS code")
    out["state"] = state.strip().upper() if state else None
    for key, (low, high) in LIMITS.items():
        out[key] = _count(d.get(key), low, high, f"{where}: {key}")
    initiatives = d.get("initiatives") or []
    unknown = [x for x in initiatives if x not in taxonomy()] if isinstance(initiatives, list) else [initiatives]
    if unknown:
        raise ValueError(f"{where}: initiative ids not in the taxonomy: {unknown}")
    out["initiatives"] = list(dict.fromkeys(initiatives))
    role = d.get("role")
    if role is not None and role not in ROLES:
        raise ValueError(f"{where}: role must be one of {', '.join(ROLES)} or null")
    out["role"] = role
    out = {k: out[k] for k in DISTRICT_KEYS}
    if reviewed := _reviewed(d.get("reviewed"), REVIEWABLE, where):
        out["reviewed"] = reviewed
    if d.get("span") is not None:
        out["span"] = _span(d["span"], name.strip(), text, where)
    return out


def _count(value, low: int, high: int, where: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and re.fullmatch(r"\s*\d[\d,]*\s*", value):
        value = int(value.replace(",", ""))
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{where} must be a whole number from {low:,} to {high:,}, not {value!r}")
    return value


def _reviewed(value, allowed: tuple[str, ...], where: str) -> list[str]:
    value = value or []
    if not isinstance(value, list) or any(v not in allowed for v in value):
        raise ValueError(f"{where}: reviewed lists fields among {', '.join(allowed)}")
    return [f for f in allowed if f in value]


def _span(span, name: str, text: str, where: str) -> list[int]:
    """Where the reviewer selected the district's name: [start, end] with text[start:end] == name."""
    if (not isinstance(span, list) or len(span) != 2 or not all(isinstance(x, int) and not isinstance(x, bool)
                                                              for x in span)):
        raise ValueError(f"{where}: span must be [start, end]")
    start, end = span
    if not 0 <= start < end <= len(text) or text[start:end] != name:
        raise ValueError(f"{where}: the text at {start}..{end} is not the name")
    return [start, end]
