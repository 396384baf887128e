"""Stages, one process, one core: what each step of the flow costs on the same pages, the floors
(bare trafilatura, bare spacy.blank) beside them, and a profile of the two costly stages."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path


def _words(text: str) -> int:
    return len(text.split())


def _rate(count: float, seconds: float) -> float:
    return round(count / seconds, 1) if seconds > 0 else 0.0



def measure_stages(paths: list[Path], batch_size: int, workdir: str | Path, clock=time.process_time) -> dict:
    """Seconds per stage over `paths`, run one after the other in this process (one core).

    Each stage is what the flow runs for it: read = `Path.read_bytes` + `pipeline.text.decode`;
    html_to_text = `pipeline.text.html_to_article` (as `read_file` calls it); rules = the spaCy
    pipeline (`extractors.nlp.build().pipe`) + `extractors.records.raw_record` (assembly);
    validation = `schemas.records.validate_article`; load = `warehouse.load.load_batches`, a chunk of
    MAX_CHUNK_BATCHES batches of `batch_size` per transaction as flows._load_chunk, into a fresh
    DuckDB file. `clock` is CPU time of this process by default (a
    per-core rate that other work on the machine does not disturb); pass time.perf_counter for wall.
    """
    from dataclasses import replace

    from extractors import nlp
    from extractors.records import raw_record
    from schemas.articles import sha256
    from pipeline.text import TextError, decode, html_to_article
    from schemas.records import Reject, validate_article
    from warehouse import load, runs
    from warehouse.db import connect
    from flows import MAX_CHUNK_BATCHES  # a large run's batches per chunk (and transaction)

    t = clock()
    pipeline = nlp.build()
    version = nlp.extractor_version()
    warm_s = clock() - t

    t = clock()
    raws = [decode(p.read_bytes()) for p in paths]
    read_s = clock() - t

    t = clock()
    articles, rejects = [], []
    for p, raw in zip(paths, raws):
        try:
            a = html_to_article(raw, source=str(p))
        except TextError as exc:
            rejects.append(Reject(source=str(p), stage="text", reason=exc.reason))
            continue
        articles.append(replace(a, article_id=sha256(a.text)))
    text_s = clock() - t
    texts = [a.text for a in articles]
    words = sum(map(_words, texts))

    t = clock()
    docs = list(pipeline.pipe(texts, batch_size=64))
    match_s = clock() - t
    tokens = sum(len(d) for d in docs)
    t = clock()
    raw_records = [raw_record(a, d) for a, d in zip(articles, docs)]
    assemble_s = clock() - t
    del docs

    t = clock()
    records = []
    for a, r in zip(articles, raw_records):
        record, reasons = validate_article(r, a.text)
        records.append(record)
        rejects += [Reject(source=a.source, stage="validate", reason=x) for x in reasons]
    validate_s = clock() - t

    db = Path(tempfile.mkdtemp(prefix="stages-", dir=workdir)) / "stages.duckdb"
    con = connect(db)
    try:
        run_id, _ = runs.begin(con, version)
        batches = [records[i:i + batch_size] for i in range(0, len(records), batch_size)]
        t = clock()
        for i in range(0, len(batches), MAX_CHUNK_BATCHES):  # a chunk per transaction, as flows._load_chunk
            load.load_batches(con, run_id, batches[i:i + MAX_CHUNK_BATCHES], rejects if i == 0 else [])
        load_s = clock() - t
        mentions = con.execute("SELECT count(*) FROM district_mentions").fetchone()[0]
    finally:
        con.close()

    n = len(paths)
    seconds = {"read": read_s, "html_to_text": text_s, "rules": match_s + assemble_s,
               "validation": validate_s, "load": load_s}
    total = sum(seconds.values())
    stages = {}
    for name, s in seconds.items():
        stages[name] = {"seconds": round(s, 6), "articles_per_s": _rate(n, s), "words_per_s": _rate(words, s),
                        "ms_per_article": round(1000 * s / n, 3) if n else 0.0,
                        "share": round(s / total, 3) if total else 0.0}
    stages["rules"]["match_seconds"] = round(match_s, 3)
    stages["rules"]["assemble_seconds"] = round(assemble_s, 3)
    rule_pipeline = match_s + assemble_s + validate_s
    return {"pages": n, "articles": len(articles), "words": words, "tokens": tokens,
            "bytes": sum(p.stat().st_size for p in paths), "mentions": mentions,
            "rejects": len(rejects), "warm_up_seconds": round(warm_s, 3), "stages": stages,
            "total_seconds": round(total, 3), "ms_per_article": round(1000 * total / n, 3) if n else 0.0,
            "rule_pipeline": {"seconds": round(rule_pipeline, 3), "words_per_s": _rate(words, rule_pipeline),
                              "articles_per_s": _rate(n, rule_pipeline)},
            "_raws": raws, "_texts": texts}


def measure_floors(raws: list[str], texts: list[str], clock=time.process_time) -> dict:
    """The floors on the same pages: bare `trafilatura.extract(html)`, bare `spacy.blank("en")`."""
    import spacy
    import trafilatura

    t = clock()
    out_words = 0
    for raw in raws:
        out_words += _words(trafilatura.extract(raw) or "")
    traf_s = clock() - t
    blank = spacy.blank("en")
    words = sum(map(_words, texts))
    t = clock()
    tokens = sum(len(doc) for doc in blank.pipe(texts, batch_size=64))
    blank_s = clock() - t
    return {"trafilatura_extract": {"seconds": round(traf_s, 3), "articles_per_s": _rate(len(raws), traf_s),
                                    "words_out": out_words},
            "spacy_blank_pipe": {"seconds": round(blank_s, 3), "words_per_s": _rate(words, blank_s),
                                 "tokens_per_s": _rate(tokens, blank_s), "articles_per_s": _rate(len(texts), blank_s)}}


def profile_stages(paths: list[Path], top: int = 12) -> dict:
    """cProfile of HTML -> text and of the rules on `paths`: the functions that cost the most."""
    import cProfile
    import pstats

    from extractors import nlp
    from extractors.records import raw_record
    from pipeline.text import html_to_article

    raws = [p.read_text(encoding="utf-8") for p in paths]
    nlp.build()
    out = {}

    def html_stage():
        return [html_to_article(r, source="bench") for r in raws]

    articles = html_stage()

    def rules_stage():
        for a, d in zip(articles, nlp.build().pipe([a.text for a in articles], batch_size=64)):
            raw_record(a, d)

    for name, fn in (("html_to_text", html_stage), ("rules", rules_stage)):
        prof = cProfile.Profile()
        prof.enable()
        fn()
        prof.disable()
        stats = pstats.Stats(prof)
        total = stats.total_tt
        rows = []
        for (filename, line, func), (cc, nc, tt, ct, _) in stats.stats.items():
            rows.append({"function": f"{_short_path(filename)}:{line}({func})", "calls": nc,
                         "self_s": round(tt, 4), "cumulative_s": round(ct, 4),
                         "cumulative_share": round(ct / total, 3) if total else 0.0})
        rows = [r for r in rows if not r["function"].startswith("bench/")]
        out[name] = {"pages": len(paths), "seconds": round(total, 3),
                     "by_self": sorted(rows, key=lambda r: -r["self_s"])[:top],
                     "by_cumulative": sorted(rows, key=lambda r: -r["cumulative_s"])[:top + 8]}
    out["rules_components"] = component_seconds([a.text for a in articles])
    return out


def component_seconds(texts: list[str], clock=time.process_time) -> dict:
    """Seconds per spaCy pipeline component (tokenizer first) over `texts`, no profiler."""
    from extractors import nlp

    pipeline = nlp.build()
    t = clock()
    docs = [pipeline.make_doc(x) for x in texts]
    seconds = {"tokenizer": clock() - t}
    for name, proc in pipeline.pipeline:
        t = clock()
        docs = list(proc.pipe(docs, batch_size=64)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        seconds[name] = clock() - t
    words = sum(map(_words, texts))
    total = sum(seconds.values())
    return {"pages": len(texts), "words": words, "total_seconds": round(total, 3),
            "components": {k: {"seconds": round(v, 3), "share": round(v / total, 3) if total else 0.0,
                               "words_per_s": _rate(words, v)} for k, v in seconds.items()}}


def _short_path(filename: str) -> str:
    for marker in ("site-packages/", f"{Path.cwd()}/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename.rsplit("/", 1)[-1] if filename.startswith("/") else filename


# =============================================================================================
# 4. End to end, through the Prefect flow (in a child process: clean RSS and CPU accounting)
