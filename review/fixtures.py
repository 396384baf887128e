"""Fixtures read and written: one gold record per article, the JSON the tests read.

- `load_fixture` / `write_fixture`: one fixture per article (ANNOTATION.md format plus
  "text_path"), written as `json.dumps(indent=2)`; what one writes the other reads back
  unchanged. A write is atomic (temporary file in the same directory, then rename) and the
  file it replaces is kept as `.previous/<name>` beside it.
- `merge`: an existing fixture updated from an extraction; reviewed values are kept unless
  `force`, and every value added, kept against the extraction or overwritten is reported.
- A district's or the article's "reviewed" list names the fields a reviewer decided: a null
  there is "reviewed as absent", a null elsewhere is "not filled yet"; merge never fills a
  reviewed null.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from review import evaluate

DISTRICT_KEYS = ("name", "aliases", "city", "state", "enrollment", "schools", "initiatives", "role")
LISTS = ("aliases", "initiatives")
PREVIOUS = ".previous"


def load_fixture(path: str | Path) -> dict:
    """One fixture file (.json, one object), as written by write_fixture."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def fixture_text(fixture: dict) -> str:
    """A fixture's file contents: two-space indented JSON, UTF-8 as is, final newline."""
    return json.dumps(fixture, indent=2, ensure_ascii=False) + "\n"


def write_fixture(path: str | Path, fixture: dict) -> Path:
    """Write `fixture` to `path` atomically; an existing file is kept as .previous/<name> first."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = fixture_text(fixture)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            keep = previous_path(path)
            keep.parent.mkdir(exist_ok=True)
            keep.write_bytes(path.read_bytes())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def previous_path(path: str | Path) -> Path:
    """Where write_fixture keeps the version of `path` it replaced."""
    path = Path(path)
    return path.parent / PREVIOUS / path.name


def load_gold_record(path: str | Path, article_id: str) -> dict:
    """The gold record for `article_id`: a .json fixture, or the matching line of a .jsonl file."""
    path = Path(path)
    if path.suffix != ".jsonl":
        return load_fixture(path)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and str((rec := json.loads(line)).get("article_id")) == article_id:
            return rec
    raise ValueError(f"no record with article_id {article_id!r} in {path}")


def text_path_for(path: str | Path, texts: str | Path = ".") -> str:
    """What a fixture's text_path holds: `path` relative to `texts` (the directory relative
    text paths are read from, default the working directory) when inside it, else absolute."""
    path, root = Path(path).resolve(), Path(texts).resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def to_fixture(pred: dict, text_path: str | Path, texts: str | Path = ".") -> dict:
    """A fixture from an extracted record (a record's as_dict()): the annotated fields only."""
    rel = text_path_for(text_path, texts)
    return {"article_id": pred["article_id"], "source": rel, "text_path": rel,
            "program": pred.get("program"),
            "districts": [{k: d.get(k, [] if k in LISTS else None) for k in DISTRICT_KEYS}
                          for d in pred.get("districts") or []]}


def label(d: dict) -> str:
    """A district's name, with its state when it has one (two districts may share a name)."""
    return f"{d['name']} ({d['state']})" if d.get("state") else d["name"]


def merge(old: dict | None, new: dict, force: bool = False) -> tuple[dict, list[str]]:
    """`old` updated from `new`, and a note per value added, kept against `new`, or overwritten.

    Default: every value already in `old` stays (a null or an absent key is filled unless the
    reviewer marked it reviewed; list items are added, never removed; districts only `new`
    has are added). `force`: `new` wins everywhere, and each value that changes or
    disappears is reported.
    """
    if old is None:
        return new, [f"created with {len(new['districts'])} districts"]
    notes: list[str] = []
    out = dict(old)  # keeps keys a reviewer added (text_path, floor, reviewed, ...)
    out["program"] = _merge_value("program", old.get("program"), new.get("program"), force, notes,
                                  "program" in (old.get("reviewed") or []))
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
    name, reviewed = label(old), set(old.get("reviewed") or [])
    out = {}
    for key in DISTRICT_KEYS:
        if key not in old and key not in new:
            continue
        if key in LISTS:
            out[key] = _merge_list(f"{name!r} {key}", old.get(key), new.get(key) or [], force, notes)
        else:
            out[key] = _merge_value(f"{name!r} {key}", old.get(key), new.get(key), force, notes,
                                    key in reviewed)
    return out | {k: v for k, v in old.items() if k not in out}


def _merge_value(where: str, old, new, force: bool, notes: list[str], reviewed: bool = False):
    if old == new:
        return old
    if old is None and reviewed and not force:
        if new is not None:
            notes.append(f"kept {where} = None, reviewed as absent (extraction: {new!r}; --force to overwrite)")
        return None
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

