"""Load validated records into the warehouse: one transaction per batch (or per several batches
that give the rows they would one by one: `load_batches`), set-based, idempotent.

An article stored with the same text_sha256 and extractor_version is left alone (not a single
value changes); a new or changed article replaces every row it had (and any older article from
the same source). Districts are resolved across articles by `district_key` (rules below), against the
stored districts with the same name key only, and the `districts` and `programs` rows touched by a
batch are recomputed from what remains (warehouse/sql/recompute_*.sql). A record that cannot be
stored (a string that is not valid Unicode, e.g. a file name with non-UTF-8 bytes) becomes a reject.
"""
from __future__ import annotations

import hashlib
import itertools
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


def resolve(records: Sequence[ArticleRecord], existing: Iterable[tuple[str, str]] = (),
            sizes: Sequence[int] = ()) -> tuple[list[list[str]], dict[str, str]]:
    """district_id for every district of every record (same shape as records[i].districts), and
    the name key of every id given. `sizes`: the records are batches of these sizes, resolved one
    after the other (rule 3 sees the districts of a batch and the ones before it); default one batch.

    `existing` is (district_id, name_key) of stored districts that have a state, at least those
    whose key is in `lookup_keys(records)`. Rules, in order:
    1. An acronym-only district ("PUSD", no full alias) takes the id of the one other district
       in the same article whose full name has those initials (and a compatible state).
    2. A district with a state: `district_key(name, aliases, state)`.
    3. A district without a state joins the district with the same name key and a known state
       (among `existing`, this batch's and earlier batches' districts) if there is exactly one;
       otherwise it gets `district_key(name, aliases, None)`.
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
    ends = list(itertools.accumulate(sizes or [len(records)]))
    for start, end in zip([0, *ends], ends):
        for i in range(start, end):
            for j, d in enumerate(records[i].districts):
                if (i, j) not in alias_of and d.state is not None:
                    key = name_key(d.name, d.aliases)
                    ids[i][j] = _id(key, d.state)
                    keys[ids[i][j]] = key
                    stated.setdefault(key, set()).add(ids[i][j])
        for i in range(start, end):
            for j, d in enumerate(records[i].districts):
                if (i, j) not in alias_of and d.state is None:
                    key = name_key(d.name, d.aliases)
                    same = stated.get(key, set())
                    ids[i][j] = next(iter(same)) if len(same) == 1 else _id(key, None)
                    keys[ids[i][j]] = key
    for (i, j), k in alias_of.items():
        ids[i][j] = ids[i][k]
    return ids, keys  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------------
# Tables (explicit Arrow schemas: no type guessing from all-null columns)
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
TOUCHED = pa.schema([("district_id", pa.string()), ("name_key", pa.string()), ("replaced", pa.bool_()),
                     ("forms", pa.list_(pa.string()))])
PROGRAM_IDS = pa.schema([("program_id", pa.string())])


def _table(rows: Sequence[tuple], schema: pa.Schema) -> pa.Table:
    """`rows` (tuples in the schema's column order) as an Arrow table, built column by column."""
    columns = list(zip(*rows)) or [()] * len(schema)
    return pa.Table.from_arrays([pa.array(c, f.type) for c, f in zip(columns, schema)], schema=schema)


def _evidence_rows(article_id: str, district_id: str | None, evidence) -> list[tuple]:
    return [(article_id, district_id, e.field, e.value, e.start, e.end, e.text, e.rule) for e in evidence]


def _role(ds: Sequence[DistrictRecord]) -> str:
    """One mention's role: recognised if any of its records is."""
    return "recognized" if any(d.role == "recognized" for d in ds) else "mentioned"


def _first(ds: Sequence[DistrictRecord], attr: str):
    """One mention's `attr`: the first of its records that gives one."""
    return next((v for v in (getattr(d, attr) for d in ds) if v is not None), None)


def _rows(run_id: str, records: Sequence[ArticleRecord], ids: list[list[str]]) -> dict[str, list[tuple]]:
    """Rows for every table; districts of one article that resolve to one id become one mention."""
    out: dict[str, list[tuple]] = {"articles": [], "district_mentions": [], "initiatives": [], "evidence": []}
    for rec, rec_ids in zip(records, ids):
        a = rec.article_id
        out["articles"].append((a, rec.source, rec.title, rec.published, rec.program, rec.text, rec.text_sha256,
                                rec.fetched_at, rec.extractor_version, run_id, program_id(rec.program)))
        evidence = _evidence_rows(a, None, rec.evidence)
        groups: dict[str, list[DistrictRecord]] = {}
        for d, district_id in zip(rec.districts, rec_ids):
            groups.setdefault(district_id, []).append(d)
        for district_id, ds in groups.items():
            out["district_mentions"].append((a, district_id, max((d.name for d in ds), key=len), _first(ds, "city"),
                                             _first(ds, "state"), _first(ds, "enrollment"), _first(ds, "schools"),
                                             _role(ds)))
            out["initiatives"] += [(a, district_id, i) for i in dict.fromkeys(i for d in ds for i in d.initiatives)]
            for d in ds:
                evidence += _evidence_rows(a, district_id, d.evidence)
        out["evidence"] += dict.fromkeys(evidence)  # drop exact repeats
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
def _stored(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str],
            sources: Sequence[str] = ()) -> list[tuple[str, str, str, str, str | None]]:
    """(article_id, source, text_sha256, extractor_version, program_id) of the stored articles with
    one of `article_ids` or one of `sources`."""
    return con.execute("SELECT article_id, source, text_sha256, extractor_version, program_id FROM articles "
                       "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) OR source IN (SELECT unnest(?::VARCHAR[]))",
                       [list(article_ids), list(sources)]).fetchall()


def _same(pairs: Iterable[tuple[str, str, str]], stored: Sequence[tuple]) -> set[str]:
    """The article_ids of (article_id, text_sha256, extractor_version) `pairs` stored just so."""
    versions = {a: (sha, version) for a, _, sha, version, _ in stored}
    return {a for a, sha, version in pairs if versions.get(a) == (sha, version)}


def unchanged_ids(con: duckdb.DuckDBPyConnection, pairs: Sequence[tuple[str, str]],
                  extractor_version: str) -> set[str]:
    """article_ids already stored with this text_sha256 and extractor_version (the flow can skip them)."""
    return _same([(a, h, extractor_version) for a, h in pairs], _stored(con, [a for a, _ in pairs]))


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


def _clean(rejects: Sequence[Reject]) -> list[Reject]:
    """`rejects`, made storable."""
    return [r if storable(r.source + r.reason) else
            r.model_copy(update={"source": printable(r.source), "reason": printable(r.reason)}) for r in rejects]


def _independent(records: Sequence[ArticleRecord], stored: Sequence[tuple]) -> bool:
    """True when no batch of `records` changes what a later one finds: no article_id or source is in
    two of them, and no record replaces a `stored` article (nothing is deleted, no district loses a
    mention)."""
    ids, sources = [r.article_id for r in records], [r.source for r in records]
    if len(set(ids)) < len(ids) or len(set(sources)) < len(sources):
        return False
    same = _same(((r.article_id, r.text_sha256, r.extractor_version) for r in records), stored)
    return not _gone([r for r in records if r.article_id not in same], stored)


def _gone(fresh: Sequence[ArticleRecord], stored: Sequence[tuple]) -> list[tuple[str, str | None]]:
    """(article_id, program_id) of what the fresh articles replace: their own old version and older
    ids of the same source."""
    ids, sources = {r.article_id for r in fresh}, {r.source for r in fresh}
    return [(a, p) for a, source, _, _, p in stored if a in ids or source in sources]


def _delete(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> dict[str, list[str]]:
    """Delete the articles `article_ids` and every row they have. Returns the districts that lost
    mentions, each with the names and aliases the evidence it has left gives."""
    lost: dict[str, list[str]] = {d: [] for (d,) in con.execute(
        "SELECT DISTINCT district_id FROM district_mentions WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
        [article_ids]).fetchall()}
    for table in ("articles", "district_mentions", "initiatives", "evidence"):
        con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [article_ids])
    if lost:
        for district_id, form in con.execute("SELECT DISTINCT district_id, value FROM evidence "
                                             "WHERE field IN ('name', 'alias') "
                                             "AND district_id IN (SELECT unnest(?::VARCHAR[]))", [list(lost)]).fetchall():
            lost[district_id].append(form)
    return lost


def _stated(con: duckdb.DuckDBPyConnection, keys: set[str]) -> list[tuple[str, str]]:
    """(district_id, name_key) of the stored districts with a state and one of the name `keys`."""
    if not keys:
        return []
    return con.execute("SELECT district_id, name_key FROM districts WHERE state IS NOT NULL "
                       "AND name_key IN (SELECT unnest(?::VARCHAR[]))", [sorted(keys)]).fetchall()


_BATCH_TABLES = (("articles", ARTICLES), ("district_mentions", MENTIONS), ("initiatives", INITIATIVES),
                 ("evidence", EVIDENCE))


def load_batch(con: duckdb.DuckDBPyConnection, run_id: str, records: Sequence[ArticleRecord],
               rejects: Sequence[Reject] = ()) -> dict[str, int]:
    """Load one batch in one transaction; returns {"loaded", "unchanged", "rejected"} counts.

    A record that cannot be stored is one more reject, not a failed batch."""
    return load_batches(con, run_id, [records], rejects)


def load_batches(con: duckdb.DuckDBPyConnection, run_id: str, batches: Sequence[Sequence[ArticleRecord]],
                 rejects: Sequence[Reject] = ()) -> dict[str, int]:
    """Load `batches` in one transaction, with the rows `load_batch` on each in turn would give
    (the SQL of a batch costs about as much for 400 records as for 50). When a batch could change
    what a later one finds (an article_id or a source in two batches, or a stored article that a
    record replaces), they are loaded that way, one transaction each; returns the counts' sums."""
    kept = [split_storable(_latest_per_key(b)) for b in batches]
    records = [r for good, _ in kept for r in good]
    # (read once, for both questions; the run's writer lock keeps it true inside the transaction)
    stored = _stored(con, [r.article_id for r in records], [r.source for r in records]) if records else []
    if len(kept) > 1 and not _independent(records, stored):
        counts = [load_batch(con, run_id, b, rejects if i == 0 else []) for i, b in enumerate(batches)]
        return {k: sum(c[k] for c in counts) for k in ("loaded", "unchanged", "rejected")}
    rejects = _clean(rejects) + [r for _, bad in kept for r in bad]
    registered = []

    def register(name: str, table: pa.Table) -> None:
        con.register(name, table)
        registered.append(name)

    con.begin()
    try:
        same = _same(((r.article_id, r.text_sha256, r.extractor_version) for r in records), stored)
        fresh = [r for r in records if r.article_id not in same]
        gone = _gone(fresh, stored)
        # Districts that lose mentions (replaced) are recomputed from all they have left; the others
        # only gain this batch's (recompute_districts.sql).
        replaced = _delete(con, [a for a, _ in gone]) if gone else {}

        sizes = [sum(r.article_id not in same for r in good) for good, _ in kept]
        ids, keys = resolve(fresh, _stated(con, lookup_keys(fresh)), sizes)
        rows = _rows(run_id, fresh, ids)
        for table, schema in _BATCH_TABLES:
            register(f"_new_{table}", _table(rows[table], schema))
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _new_{table}")
        if keys or replaced:
            register("_touched", _table([(i, keys.get(i), i in replaced, replaced.get(i))
                                         for i in sorted(keys.keys() | replaced.keys())], TOUCHED))
            con.execute(sql("recompute_districts"))
        programs = {p for _, p in gone} | {row[-1] for row in rows["articles"]}  # program_id: the last column
        programs.discard(None)
        if programs:
            register("_touched_programs", _table([(p,) for p in sorted(programs)], PROGRAM_IDS))
            con.execute(sql("recompute_programs"))
        if rejects:
            register("_rejects", _table([(run_id, r.source, r.stage, r.reason, r.rejected_at) for r in rejects],
                                        REJECTS))
            con.execute("INSERT INTO rejects BY NAME SELECT * FROM _rejects")
        con.commit()
    except BaseException:
        rollback(con)  # quietly: the error to report is the one that got us here
        raise
    finally:
        for name in registered:
            try:
                con.unregister(name)
            except Exception:
                pass
    return {"loaded": len(fresh), "unchanged": len(same), "rejected": len(rejects)}
