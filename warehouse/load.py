"""Load validated records into the warehouse: one transaction per batch, set-based, idempotent.

An article stored with the same text_sha256 and extractor_version is left alone (not a single
value changes); a new or changed article replaces every row it had (and any older article from
the same source). Districts are resolved across articles by `district_key` (rules below), against the
stored districts with the same name key only, and the `districts` and `programs` rows touched by a
batch are recomputed from what remains (warehouse/sql/recompute_*.sql). A record that cannot be
stored (a string that is not valid Unicode, e.g. a file name with non-UTF-8 bytes) becomes a reject.
"""
from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable, Sequence

import duckdb
import pyarrow as pa

from schemas.names import is_acronym, strict_key
from schemas.records import ArticleRecord, DistrictRecord, Reject
from warehouse.db import rollback, sql
from warehouse.programs import program_id

# ---------------------------------------------------------------------------------------------
# District resolution (what "the same district" means: schemas.names.strict_key)
# ---------------------------------------------------------------------------------------------
_SMALL_WORDS = frozenset({"of", "the", "and"})  # left out of initials: "Board of Education" -> "BE"


def acronyms(form: str) -> set[str]:
    """Initials of a full name, with and without small words: "Houston ISD" -> {"HISD"}."""
    words = [re.sub(r"\W", "", w) for w in re.split(r"[\s\-/]+", form)]
    words = [w for w in words if w]

    def initials(ws: list[str]) -> str:
        return "".join(w.upper() if (w.isupper() and len(w) > 1) else w[0].upper() for w in ws)

    return {initials(words), initials([w for w in words if w.lower() not in _SMALL_WORDS])} - {""}


def _compact(form: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", form.upper())


def full_form(name: str, aliases: Sequence[str] = ()) -> str:
    """The form a key is computed from: the name, or the longest non-acronym alias if the name is one."""
    if not is_acronym(name):
        return name
    longer = [a for a in aliases if not is_acronym(a)]
    return max(longer, key=len) if longer else name


def name_key(name: str, aliases: Sequence[str] = ()) -> str:
    """The strict key a district id is made from: "Pomona USD" -> "pomona"."""
    return strict_key(full_form(name, aliases))


def _id(key: str, state: str | None) -> str:
    return hashlib.sha1(f"{key}|{state or ''}".encode("utf-8")).hexdigest()[:16]


def district_key(name: str, aliases: Sequence[str] = (), state: str | None = None) -> str:
    """Stable district_id: sha1 of name_key(name, aliases) + "|" + state, first 16 hex digits.

    - "Pomona Unified School District", "Pomona USD", "Pomona Unified" in CA: one key;
      ("PUSD", aliases=["Pomona Unified School District"]) in CA: the same key.
    - the same core name in two states: two keys; state None is its own key (see `resolve`).
    """
    return _id(name_key(name, aliases), state)


def lookup_keys(records: Sequence[ArticleRecord]) -> set[str]:
    """The name keys of the batch's districts without a state: what `resolve` needs from the table."""
    return {name_key(d.name, d.aliases) for r in records for d in r.districts if d.state is None}


def resolve(records: Sequence[ArticleRecord],
            existing: Iterable[tuple[str, str]] = ()) -> tuple[list[list[str]], dict[str, str]]:
    """district_id for every district of every record (same shape as records[i].districts), and
    the name key of every id given.

    `existing` is (district_id, name_key) of stored districts that have a state, at least those
    whose key is in `lookup_keys(records)`. Rules, in order:
    1. An acronym-only district ("PUSD", no full alias) takes the id of the one other district
       in the same article whose full name has those initials (and a compatible state).
    2. A district with a state: `district_key(name, aliases, state)`.
    3. A district without a state joins the district with the same name key and a known state
       (among `existing` and this batch's districts) if there is exactly one; otherwise it gets
       `district_key(name, aliases, None)`.
    """
    ids: list[list[str | None]] = [[None] * len(r.districts) for r in records]
    keys: dict[str, str] = {}
    alias_of: dict[tuple[int, int], int] = {}
    for i, rec in enumerate(records):
        for j, d in enumerate(rec.districts):
            if not all(is_acronym(f) for f in [d.name, *d.aliases]):
                continue
            targets = [k for k, o in enumerate(rec.districts)
                       if k != j and not is_acronym(full_form(o.name, o.aliases))
                       and _compact(d.name) in set().union(*(acronyms(f) for f in [o.name, *o.aliases]))
                       and d.state in (None, o.state)]
            if len(targets) == 1:
                alias_of[i, j] = targets[0]

    stated: dict[str, set[str]] = {}  # name key -> ids of districts with a known state
    for district_id, key in existing:
        stated.setdefault(key, set()).add(district_id)
    for i, rec in enumerate(records):
        for j, d in enumerate(rec.districts):
            if (i, j) not in alias_of and d.state is not None:
                key = name_key(d.name, d.aliases)
                ids[i][j] = _id(key, d.state)
                keys[ids[i][j]] = key
                stated.setdefault(key, set()).add(ids[i][j])
    for i, rec in enumerate(records):
        for j, d in enumerate(rec.districts):
            if (i, j) not in alias_of and d.state is None:
                key = name_key(d.name, d.aliases)
                same = stated.get(key, set())
                ids[i][j] = next(iter(same)) if len(same) == 1 else _id(key, None)
                keys[ids[i][j]] = key
    for (i, j), k in alias_of.items():
        ids[i][j] = ids[i][k]
    return ids, keys  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------------
# Frames (explicit Arrow schemas: no type guessing from all-null columns)
# ---------------------------------------------------------------------------------------------
TS = pa.timestamp("us", tz="UTC")
ARTICLES = pa.schema([("article_id", pa.string()), ("source", pa.string()), ("title", pa.string()),
                      ("published", pa.date32()), ("program", pa.string()), ("text", pa.string()),
                      ("text_sha256", pa.string()), ("fetched_at", TS),
                      ("extractor_version", pa.string()), ("run_id", pa.string()), ("program_id", pa.string())])
MENTIONS = pa.schema([("article_id", pa.string()), ("district_id", pa.string()),
                      ("name_as_written", pa.string()), ("city", pa.string()), ("state", pa.string()),
                      ("enrollment", pa.int32()), ("schools", pa.int32()), ("role", pa.string())])
INITIATIVES = pa.schema([("article_id", pa.string()), ("district_id", pa.string()),
                         ("initiative", pa.string())])
EVIDENCE = pa.schema([("article_id", pa.string()), ("district_id", pa.string()), ("field", pa.string()),
                      ("value", pa.string()), ("start_char", pa.int32()), ("end_char", pa.int32()),
                      ("text", pa.string()), ("rule_id", pa.string())])
REJECTS = pa.schema([("run_id", pa.string()), ("source", pa.string()), ("stage", pa.string()),
                     ("reason", pa.string()), ("rejected_at", TS)])
KEYS = pa.schema([("article_id", pa.string()), ("text_sha256", pa.string()),
                  ("extractor_version", pa.string())])
NAME_KEYS = pa.schema([("district_id", pa.string()), ("name_key", pa.string())])


def _frame(rows: list[dict], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema)


def _evidence_rows(article_id: str, district_id: str | None, evidence) -> list[dict]:
    return [dict(article_id=article_id, district_id=district_id, field=e.field, value=e.value,
                 start_char=e.start, end_char=e.end, text=e.text, rule_id=e.rule) for e in evidence]


def _role(ds: Sequence[DistrictRecord]) -> str:
    """One mention's role: recognised if any of its records is."""
    return "recognized" if any(d.role == "recognized" for d in ds) else "mentioned"


def _rows(run_id: str, records: Sequence[ArticleRecord], ids: list[list[str]]) -> dict[str, list[dict]]:
    """Rows for every table; districts of one article that resolve to one id become one mention."""
    out: dict[str, list[dict]] = {"articles": [], "mentions": [], "initiatives": [], "evidence": []}
    for rec, rec_ids in zip(records, ids):
        out["articles"].append(dict(article_id=rec.article_id, source=rec.source, title=rec.title,
                                    published=rec.published, program=rec.program, text=rec.text,
                                    text_sha256=rec.text_sha256, fetched_at=rec.fetched_at,
                                    extractor_version=rec.extractor_version, run_id=run_id,
                                    program_id=program_id(rec.program)))
        evidence = _evidence_rows(rec.article_id, None, rec.evidence)
        groups: dict[str, list[DistrictRecord]] = {}
        for d, district_id in zip(rec.districts, rec_ids):
            groups.setdefault(district_id, []).append(d)
        for district_id, ds in groups.items():
            def first(attr: str):
                return next((getattr(d, attr) for d in ds if getattr(d, attr) is not None), None)
            out["mentions"].append(dict(article_id=rec.article_id, district_id=district_id,
                                        name_as_written=max((d.name for d in ds), key=len),
                                        city=first("city"), state=first("state"),
                                        enrollment=first("enrollment"), schools=first("schools"),
                                        role=_role(ds)))
            inits = dict.fromkeys(i for d in ds for i in d.initiatives)
            out["initiatives"] += [dict(article_id=rec.article_id, district_id=district_id, initiative=i)
                                   for i in inits]
            for d in ds:
                evidence += _evidence_rows(rec.article_id, district_id, d.evidence)
        out["evidence"] += list({tuple(e.items()): e for e in evidence}.values())  # drop exact repeats
    return out


# ---------------------------------------------------------------------------------------------
# Runs
# ---------------------------------------------------------------------------------------------
def start_run(con: duckdb.DuckDBPyConnection, extractor_version: str) -> str:
    run_id = uuid.uuid4().hex
    con.execute("INSERT INTO runs (run_id, started_at, status, extractor_version) VALUES (?, now(), 'running', ?)",
                [run_id, extractor_version])
    return run_id


def abandon_runs(con: duckdb.DuckDBPyConnection) -> int:
    """Mark runs still 'running' as 'abandoned' (finished_at stays NULL); returns how many.

    Call it only while holding warehouse.db.writer_lock: then no other run is alive, and a
    'running' row is what a killed process left behind. What it committed stays (each batch
    is one transaction); what it did not is done again by the next run.
    """
    return len(con.execute("UPDATE runs SET status = 'abandoned' WHERE status = 'running' "
                           "RETURNING run_id").fetchall())


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str,
               seen: int, loaded: int, unchanged: int, rejected: int) -> None:
    n = con.execute("UPDATE runs SET finished_at = now(), status = ?, seen = ?, loaded = ?, unchanged = ?, "
                    "rejected = ? WHERE run_id = ? RETURNING run_id",
                    [status, seen, loaded, unchanged, rejected, run_id]).fetchall()
    if not n:
        raise KeyError(f"no run {run_id!r} (start_run first)")


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------
def _unchanged(con: duckdb.DuckDBPyConnection, keys: pa.Table) -> set[str]:
    con.register("_keys", keys)
    try:
        return {a for (a,) in con.execute(sql("unchanged")).fetchall()}
    finally:
        con.unregister("_keys")


def unchanged_ids(con: duckdb.DuckDBPyConnection, pairs: Sequence[tuple[str, str]],
                  extractor_version: str) -> set[str]:
    """article_ids already stored with this text_sha256 and extractor_version (the flow can skip them)."""
    rows = [dict(article_id=a, text_sha256=h, extractor_version=extractor_version) for a, h in pairs]
    return _unchanged(con, _frame(rows, KEYS))


def _latest_per_key(records: Sequence[ArticleRecord]) -> list[ArticleRecord]:
    """One record per article_id and per source: the last one given wins."""
    by_id = {r.article_id: r for r in records}
    by_source = {r.source: r for r in by_id.values()}
    return list(by_source.values())


def unstorable(record: ArticleRecord) -> str | None:
    """Why `record` cannot be stored, or None. DuckDB stores UTF-8: a string with lone surrogates
    (what Python makes of a file name's non-UTF-8 bytes) cannot be. Every other value of a record
    (names, evidence) is cut from its text, so these fields are all there is to check."""
    for field in ("source", "article_id", "title", "program", "text"):
        value = getattr(record, field)
        if value is not None and not storable(value):
            return f"{field} is not valid Unicode text (non-UTF-8 bytes, shown as \\xNN): {printable(value)[:200]!r}"
    return None


def printable(text: str) -> str:
    """`text` with every undecodable byte written as \\xNN: storable, and says what the bytes were."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that did not come from a byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def storable(text: str) -> bool:
    """True when DuckDB can store `text` (valid Unicode: no lone surrogates)."""
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def split_storable(records: Sequence[ArticleRecord]) -> tuple[list[ArticleRecord], list[Reject]]:
    """The records that can be stored, and a load reject (with its reason) for each one that cannot."""
    good, bad = [], []
    for r in records:
        reason = unstorable(r)
        if reason is None:
            good.append(r)
        else:
            bad.append(Reject(source=printable(r.source), stage="load", reason=reason))
    return good, bad


def _storable(records: Sequence[ArticleRecord], rejects: Sequence[Reject]) -> tuple[list[ArticleRecord], list[Reject]]:
    """Records that can be stored, and the rejects (made storable) plus one for each record that cannot."""
    good, bad = split_storable(records)
    clean = [r if storable(r.source + r.reason) else
             r.model_copy(update={"source": printable(r.source), "reason": printable(r.reason)}) for r in rejects]
    return good, clean + bad


def load_batch(con: duckdb.DuckDBPyConnection, run_id: str, records: Sequence[ArticleRecord],
               rejects: Sequence[Reject] = ()) -> dict[str, int]:
    """Load one batch in one transaction; returns {"loaded", "unchanged", "rejected"} counts.

    A record that cannot be stored is one more reject, not a failed batch."""
    records, rejects = _storable(_latest_per_key(records), rejects)
    con.begin()
    try:
        same = _unchanged(con, _frame([dict(article_id=r.article_id, text_sha256=r.text_sha256,
                                            extractor_version=r.extractor_version) for r in records], KEYS))
        fresh = [r for r in records if r.article_id not in same]
        con.register("_fresh", _frame([dict(article_id=r.article_id, source=r.source) for r in fresh],
                                      pa.schema([("article_id", pa.string()), ("source", pa.string())])))
        # Everything the fresh articles replace: their own old version and older ids of the same source.
        con.execute("CREATE OR REPLACE TEMP TABLE _gone AS SELECT article_id, program_id FROM articles "
                    "WHERE article_id IN (SELECT article_id FROM _fresh) OR source IN (SELECT source FROM _fresh)")
        # Districts that lose mentions (_replaced) are recomputed from all they have left; the others
        # only gain this batch's (recompute_districts.sql).
        con.execute("CREATE OR REPLACE TEMP TABLE _replaced AS SELECT DISTINCT district_id FROM district_mentions "
                    "WHERE article_id IN (SELECT article_id FROM _gone)")
        con.execute("CREATE OR REPLACE TEMP TABLE _touched AS SELECT * FROM _replaced")
        for table in ("articles", "district_mentions", "initiatives", "evidence"):
            con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM _gone)")

        con.register("_lookup", pa.table({"name_key": pa.array(sorted(lookup_keys(fresh)), pa.string())}))
        existing = con.execute("SELECT district_id, name_key FROM districts WHERE state IS NOT NULL "
                               "AND name_key IN (SELECT name_key FROM _lookup)").fetchall()
        ids, keys = resolve(fresh, existing)
        rows = _rows(run_id, fresh, ids)
        for table, key, schema in (("articles", "articles", ARTICLES),
                                   ("district_mentions", "mentions", MENTIONS),
                                   ("initiatives", "initiatives", INITIATIVES),
                                   ("evidence", "evidence", EVIDENCE)):
            con.register("_new", _frame(rows[key], schema))
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _new")
            con.unregister("_new")
        con.execute("INSERT INTO _touched SELECT DISTINCT district_id FROM district_mentions "
                    "WHERE article_id IN (SELECT article_id FROM _fresh)")
        con.register("_batch_keys", _frame([dict(district_id=i, name_key=k) for i, k in keys.items()], NAME_KEYS))
        con.register("_new_evidence", _frame(rows["evidence"], EVIDENCE))
        con.execute(sql("recompute_districts"))
        con.execute("CREATE OR REPLACE TEMP TABLE _touched_programs AS "
                    "SELECT program_id FROM _gone WHERE program_id IS NOT NULL UNION "
                    "SELECT program_id FROM articles WHERE article_id IN (SELECT article_id FROM _fresh) "
                    "AND program_id IS NOT NULL")
        con.execute(sql("recompute_programs"))

        con.register("_rejects", _frame([dict(run_id=run_id, source=r.source, stage=r.stage, reason=r.reason,
                                              rejected_at=r.rejected_at) for r in rejects], REJECTS))
        con.execute("INSERT INTO rejects BY NAME SELECT * FROM _rejects")
        con.commit()
    except BaseException:
        rollback(con)  # quietly: the error to report is the one that got us here
        raise
    finally:
        for name in ("_fresh", "_rejects", "_lookup", "_batch_keys", "_new_evidence"):
            try:
                con.unregister(name)
            except Exception:
                pass
        try:
            con.execute("DROP TABLE IF EXISTS _gone; DROP TABLE IF EXISTS _touched; DROP TABLE IF EXISTS _replaced; "
                        "DROP TABLE IF EXISTS _touched_programs")
        except duckdb.Error:
            pass  # the connection is unusable (e.g. the disk is full); the caller closes it
    return {"loaded": len(fresh), "unchanged": len(same), "rejected": len(rejects)}
