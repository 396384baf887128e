"""The report: derived rates, the issue's table of targets (as ratios to the floors measured in
the same run), the verdicts, the JSON file and the generated block of docs/benchmarks.md."""
from __future__ import annotations

import json
import os
import platform
import subprocess
import time
from pathlib import Path

MD_BEGIN, MD_END = "<!-- bench:begin -->", "<!-- bench:end -->"
STAGES = ("read", "html_to_text", "rules", "validation", "load")
TARGETS = {"rules_words_per_s_per_core": 100_000, "rules_vs_blank": 0.40, "e2e_articles_per_s": 250,
           "e2e_10k_seconds": 40.0, "rerun_10k_seconds": 5.0, "peak_rss_mb": 1024}


def _peak_memory(r: dict) -> float:
    """Peak memory of a run's processes in MB, cold run or re-run: the sum of their PSS (a page
    shared by the fork server and the workers it forked counted once, split among them; the sum
    of RSS counts it in each), or RSS in a report from before PSS was sampled."""
    key = "peak_pss_mb" if "peak_pss_mb" in r["cold"] else "peak_rss_mb"
    return max(r["cold"][key], (r.get("rerun") or {}).get(key, 0))


def _rate(count: float, seconds: float) -> float:
    return round(count / seconds, 1) if seconds > 0 else 0.0


def machine() -> dict:
    import psutil

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    versions = {"python": platform.python_version()}
    from importlib.metadata import PackageNotFoundError, version
    for pkg in ("spacy", "trafilatura", "prefect", "duckdb", "prefect-dask", "distributed", "pydantic", "lxml"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = None
    return {"nproc": os.cpu_count(), "cpu_model": cpu, "code": _code(),
            "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "platform": platform.platform(), "versions": versions}


def _code() -> dict:
    """Which code was measured: the extractor's own digest, and the git commit when there is one."""
    from extractors.nlp import extractor_version
    out = {"extractor_version": extractor_version(), "git": None, "dirty_files": None}
    try:
        out["git"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                    timeout=10, check=True).stdout.strip() or None
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                                text=True, timeout=10, check=True).stdout.splitlines()
        out["dirty_files"] = [line[3:] for line in status]
    except (OSError, subprocess.SubprocessError):
        pass
    return out


def _corpus_words(db: Path) -> int:
    import duckdb
    con = duckdb.connect(str(db), read_only=True)
    try:
        return int(con.execute("SELECT coalesce(sum(len(regexp_split_to_array(trim(text), '\\s+'))), 0) "
                               "FROM articles").fetchone()[0])
    finally:
        con.close()


def _cores(runner: str, workers: int) -> int:
    return 1 if runner == "threads" else max(1, min(workers, os.cpu_count() or 1))


def derive(report: dict) -> None:
    """Fill in rates, orchestration shares, steady-state rates and the target verdicts."""
    st = report.get("stages")
    per_article = st["total_seconds"] / st["pages"] if st and st["pages"] else None
    by_runner: dict[str, list[dict]] = {}
    for run in report["end_to_end"]:
        cold, n = run["cold"], run["pages"]
        run["cold"]["articles_per_s"] = _rate(n, cold["wall_seconds"])
        run["cold"]["words_per_s"] = _rate(run.get("words", 0), cold["wall_seconds"])
        if per_article is not None:
            ideal = n * per_article / _cores(run["runner"], run["workers"])
            run["ideal_seconds"] = round(ideal, 2)
            run["orchestration_share"] = round(max(0.0, 1 - ideal / cold["wall_seconds"]), 3)
            run["orchestration_seconds"] = round(max(0.0, cold["wall_seconds"] - ideal), 2)
        for phase in ("cold", "rerun"):
            if run.get(phase) and "cpu_workers_seconds" in run[phase]:
                run[phase]["cpu_total_seconds"] = round(sum(run[phase].get(k, 0.0) for k in (
                    "cpu_flow_process_seconds", "cpu_workers_seconds", "server_cpu_seconds")), 3)
        cpu = cold.get("cpu_total_seconds", 0.0)
        run["cpu_ms_per_article"] = round(1000 * cpu / n, 2) if n else 0.0
        if per_article is not None and cpu > 0:  # in CPU terms: robust to other load on the machine
            run["orchestration_cpu_share"] = round(max(0.0, 1 - n * per_article / cpu), 3)
        if run.get("rerun"):
            run["rerun"]["articles_per_s"] = _rate(n, run["rerun"]["wall_seconds"])
        by_runner.setdefault(run["runner"], []).append(run)
    for runs in by_runner.values():
        runs.sort(key=lambda r: r["pages"])
        for a, b in zip(runs, runs[1:]):
            dw = b["cold"]["wall_seconds"] - a["cold"]["wall_seconds"]
            b["steady_articles_per_s"] = _rate(b["pages"] - a["pages"], dw) if dw > 0 else None
            b["steady_from_pages"] = a["pages"]
            if b.get("rerun") and a.get("rerun"):
                dr = b["rerun"]["wall_seconds"] - a["rerun"]["wall_seconds"]
                b["rerun_steady_articles_per_s"] = _rate(b["pages"] - a["pages"], dr) if dr > 0 else None
    report["targets"] = _verdicts(report, by_runner)
    report["issue_rows"] = issue_rows(report, by_runner)


def _verdicts(report: dict, by_runner: dict[str, list[dict]]) -> list[dict]:
    out = []

    def add(name, target, measured, ok, note=""):
        out.append({"target": name, "goal": target, "measured": measured,
                    "holds": None if ok is None else bool(ok), "note": note})

    st, fl = report.get("stages"), report.get("floors")
    if st and fl:
        rp = st["rule_pipeline"]["words_per_s"]
        blank = fl["spacy_blank_pipe"]["words_per_s"]
        add("rule pipeline words/s per core", ">= 100,000", f"{rp:,.0f}", rp >= TARGETS["rules_words_per_s_per_core"],
            "spaCy rules + assembly + validation, one process")
        add("rule pipeline vs bare spacy.blank tokenisation", ">= 0.40", f"{rp / blank:.2f}",
            rp / blank >= TARGETS["rules_vs_blank"])
    proc = by_runner.get("process", [])
    steady = [r["steady_articles_per_s"] for r in proc if r.get("steady_articles_per_s")]
    if steady:
        add("end to end articles/s, steady state", ">= 250", f"{steady[-1]:,.0f}", steady[-1] >= TARGETS["e2e_articles_per_s"],
            f"marginal rate {proc[-2]['pages']:,} -> {proc[-1]['pages']:,} pages, process pool")
    elif proc:
        r = proc[-1]["cold"]["articles_per_s"]
        add("end to end articles/s (average, incl. fixed costs)", ">= 250", f"{r:,.0f}", r >= TARGETS["e2e_articles_per_s"])
    ten = next((r for r in proc if r["pages"] == 10000), None)
    if ten:
        w = ten["cold"]["wall_seconds"]
        add("10k pages cold, HTML files -> DuckDB", "<= 40 s + server start-up", f"{w:.1f} s", w <= TARGETS["e2e_10k_seconds"])
        if ten.get("rerun"):
            w = ten["rerun"]["wall_seconds"]
            add("re-run of 10k unchanged pages", "<= 5 s + server start-up", f"{w:.1f} s", w <= TARGETS["rerun_10k_seconds"])
    if proc:
        busy = max(r["cold"]["busy_cores"] for r in proc)
        add("both cores busy (process pool, cold run)", "~2.0 cores", f"{busy:.2f} cores", busy >= 1.7,
            "CPU seconds of the flow process + workers / wall")
    runs = [r for rs in by_runner.values() for r in rs]
    if runs:
        peaks = [(r["pages"], _peak_memory(r)) for r in proc or runs]
        top = max(p for _, p in peaks)
        flat = len(peaks) < 2 or peaks[-1][1] <= 1.25 * peaks[0][1]
        add("peak memory (PSS)", "<= 1 GB, flat as N grows",
            ", ".join(f"{n:,}: {p:,.0f} MB" for n, p in peaks), top <= TARGETS["peak_rss_mb"] and flat)
    if len(proc) >= 3:  # in CPU seconds (flow process + workers + server): other load does not distort it
        parts, ok = [], True
        for phase in ("cold", "rerun"):
            costs = [r[phase]["cpu_total_seconds"] for r in proc if r.get(phase) and "cpu_total_seconds" in r[phase]]
            if len(costs) != len(proc):
                continue
            marginal = [1000 * (b - a) / (rb["pages"] - ra["pages"])
                        for a, b, ra, rb in zip(costs, costs[1:], proc, proc[1:])]
            ok = ok and min(marginal) > 0 and max(marginal) <= 1.25 * min(marginal)
            parts.append(f"{phase}: " + " -> ".join(f"{x:.1f}" for x in marginal) + " ms")
        add("cost linear in N", "constant marginal CPU per article", "; ".join(parts), ok if parts else None,
            "marginal CPU per article between successive sizes")
    elif len(proc) == 2:
        add("cost linear in N", "constant marginal cost", "two sizes only: see per-article seconds", None)
    return out


def markdown(report: dict) -> str:
    m = report["machine"]
    v = m["versions"]
    lines = [MD_BEGIN, f"_Generated by `make bench` on {report['finished_at']} (seed {report['seed']}, "
             f"batch size {report['batch_size']}). Re-run `make bench` to refresh this block._", "",
             f"**Machine:** {m['nproc']} cores, {m['cpu_model']}, {m['ram_gb']} GB RAM. "
             f"**Versions:** python {v['python']}, spacy {v['spacy']}, trafilatura {v['trafilatura']}, "
             f"prefect {v['prefect']}, duckdb {v['duckdb']}, prefect-dask {v.get('prefect-dask')}. "
             f"**Code:** extractor {m['code']['extractor_version']}"
             + (f", git {m['code']['git']}" if m["code"].get("git") else "")
             + (f" with {len(m['code']['dirty_files'])} modified files" if m["code"].get("dirty_files") else "")
             + ".", ""]
    st, fl = report.get("stages"), report.get("floors")
    if st:
        lines += [f"### Stages (one process, one core, {report.get('clock', 'cpu')} seconds; {st['pages']:,} pages, {st['words']:,} words, "
                  f"{st['words'] / max(1, st['articles']):.0f} words per article)", "",
                  "| stage | seconds | ms / article | articles/s | words/s | share |",
                  "|---|---:|---:|---:|---:|---:|"]
        for name in STAGES:
            s = st["stages"][name]
            label = name.replace("_", " ")
            if name == "rules":
                label += f" (match {s['match_seconds']:.2f} s + assemble {s['assemble_seconds']:.2f} s)"
            lines.append(f"| {label} | {s['seconds']:.2f} | {s['ms_per_article']:.2f} | {s['articles_per_s']:,.0f} | "
                         f"{s['words_per_s']:,.0f} | {s['share']:.0%} |")
        rp = st["rule_pipeline"]
        lines.append(f"| **all stages** | {st['total_seconds']:.2f} | {st['ms_per_article']:.2f} | "
                     f"{_rate(st['pages'], st['total_seconds']):,.0f} | {_rate(st['words'], st['total_seconds']):,.0f} | 100% |")
        lines.append(f"| rule pipeline (rules + validation) | {rp['seconds']:.2f} | | {rp['articles_per_s']:,.0f} | "
                     f"{rp['words_per_s']:,.0f} | |")
        lines.append("")
    if st and fl:
        t, b = fl["trafilatura_extract"], fl["spacy_blank_pipe"]
        html = st["stages"]["html_to_text"]
        lines += ["### Floors (same pages, same process)", "",
                  "| floor | seconds | articles/s | words/s | ours vs floor |", "|---|---:|---:|---:|---|",
                  f"| bare `trafilatura.extract(html)` | {t['seconds']:.2f} | {t['articles_per_s']:,.0f} | | "
                  f"HTML -> text takes {html['seconds'] / t['seconds']:.2f}x the floor's time |",
                  f"| bare `spacy.blank(\"en\").pipe` | {b['seconds']:.2f} | {b['articles_per_s']:,.0f} | "
                  f"{b['words_per_s']:,.0f} | rules run at {st['stages']['rules']['words_per_s'] / b['words_per_s']:.2f}x, "
                  f"rules + validation at {st['rule_pipeline']['words_per_s'] / b['words_per_s']:.2f}x its words/s |", ""]
    e2e = report.get("end_to_end") or []
    if e2e:
        srv = report.get("server", {})
        lines += [f"### End to end: HTML files -> DuckDB through `flows.ingest` "
                  f"(Prefect server start-up {srv.get('startup_seconds', 0):.1f} s, {srv.get('kind')}, not included)", "",
                  "| pages | runner | cold s | articles/s | words/s | steady articles/s | re-run s | peak RSS MB | peak PSS MB | "
                  "busy cores | orchestration share (wall) | CPU ms / article | orchestration share (CPU) |",
                  "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in e2e:
            c = r["cold"]
            steady = r.get("steady_articles_per_s")
            rerun = r.get("rerun")
            runner = r["runner"] if r["runner"] == "threads" else f"{r['runner']} x{r['workers']}"
            steady_s = f"{steady:,.0f}" if steady else "–"
            rerun_s = f"{rerun['wall_seconds']:.1f}" if rerun else "–"
            peak = max(c["peak_rss_mb"], rerun["peak_rss_mb"] if rerun else 0)
            pss = _peak_memory(r)
            lines.append(
                f"| {r['pages']:,} | {runner} | {c['wall_seconds']:.1f} | {c['articles_per_s']:,.0f} | "
                f"{c['words_per_s']:,.0f} | {steady_s} | {rerun_s} | {peak:,.0f} | {pss:,.0f} | {c['busy_cores']:.2f} | "
                f"{r.get('orchestration_share', 0):.0%} | {r.get('cpu_ms_per_article', 0):.1f} | "
                f"{r.get('orchestration_cpu_share', 0):.0%} |")
        lines += ["", "Where the CPU and the memory are (per process):", "",
                  "| pages | runner | run | flow process CPU s | workers CPU s | Prefect server CPU s | "
                  "CPU ms / article | flow process peak RSS MB | one worker peak RSS MB |",
                  "|---:|---|---|---:|---:|---:|---:|---:|---:|"]
        for r in e2e:
            for phase in ("cold", "rerun"):
                c = r.get(phase)
                if not c or "cpu_workers_seconds" not in c:
                    continue
                total = c.get("cpu_total_seconds", 0.0)
                lines.append(f"| {r['pages']:,} | {r['runner']} | {phase} | {c['cpu_flow_process_seconds']:.1f} | "
                             f"{c['cpu_workers_seconds']:.1f} | {c.get('server_cpu_seconds', 0):.1f} | "
                             f"{1000 * total / r['pages']:.1f} | {c.get('peak_rss_flow_process_mb', 0):,.0f} | "
                             f"{c.get('peak_rss_one_worker_mb', 0):,.0f} |")
        loads = [x for r in e2e for k in ("cold", "rerun") if r.get(k) for x in r[k].get("loadavg_1m_before_after", [])]
        if loads:
            lines += ["", f"Load average (1 min) around the runs: {min(loads):.1f} to {max(loads):.1f} on "
                      f"{m['nproc']} cores (above {m['nproc']}: other work shared the cores; wall-clock columns "
                      "suffer, CPU columns do not)."]
        lines += ["", "cold = first run into a fresh DuckDB file (the flow call only: imports and server start-up "
                  "apart); re-run = the same unchanged pages again; steady = marginal rate from the next smaller "
                  "size; orchestration share (wall) = 1 - (pages x stage seconds per article / cores usable) / cold "
                  "wall; CPU ms / article = CPU of the flow process, its workers and the Prefect server / pages; "
                  "orchestration share (CPU) = 1 - stage CPU / that CPU; busy cores = CPU seconds of the flow "
                  "process and its workers / wall. Load average (1 min) before / after each run is in the JSON: "
                  "other work on the machine slows the wall-clock columns, not the CPU ones.", ""]
    if report.get("issue_rows"):
        lines += issue_markdown(report["issue_rows"])
    if report.get("targets"):
        lines += ["### Targets", "", "| target | goal | measured | holds |", "|---|---|---|---|"]
        for t in report["targets"]:
            mark = "–" if t["holds"] is None else ("yes" if t["holds"] else "**no**")
            note = f" ({t['note']})" if t["note"] else ""
            lines.append(f"| {t['target']}{note} | {t['goal']} | {t['measured']} | {mark} |")
        lines.append("")
    prof = report.get("profile")
    if prof:
        lines += [f"### Profile (cProfile, {prof['rules']['pages']} pages; cumulative share of the stage)", ""]
        for stage, p in prof.items():
            if stage == "rules_components":
                continue
            lines.append(f"**{stage.replace('_', ' ')}** ({p['seconds']:.2f} s under the profiler):")
            lines.append("")
            for row in [r for r in p["by_cumulative"] if not r["function"].startswith("bench/")][:10]:
                lines.append(f"- {row['cumulative_share']:.0%} `{row['function']}` ({row['calls']:,} calls, "
                             f"self {row['self_s']:.2f} s)")
            lines.append("")
    comp = (prof or {}).get("rules_components")
    if comp:
        lines += [f"**rules, per spaCy component** ({comp['pages']} pages, no profiler): " + ", ".join(
            f"{k} {v['seconds']:.2f} s ({v['share']:.0%})" for k, v in comp["components"].items()), ""]
    lines.append(MD_END)
    return "\n".join(lines)


def write_markdown(path: str | Path, block: str) -> None:
    """Replace the generated block of `path` (between the markers), keeping the rest of the file."""
    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    if MD_BEGIN in text and MD_END in text:
        head, rest = text.split(MD_BEGIN, 1)
        _, tail = rest.split(MD_END, 1)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n## Measured\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _save(report: dict, out: str | Path, final: bool = False) -> None:
    report["finished_at"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    report["complete"] = final
    derive(report)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1, default=str))


def print_summary(report: dict) -> None:
    block = markdown(report)
    print("\n".join(line for line in block.splitlines() if not line.startswith("<!--")))


# =============================================================================================


# --- issue 12's table: every row, its target, both as multiples of the floors ------------------
def _row(what: str, pages, measured: float, target: float, unit: str, floor: float | None, holds,
         note: str = "", cpu: float | None = None) -> dict:
    return {"what": what, "pages": pages, "measured": round(measured, 3), "target": target, "unit": unit,
            "cpu_seconds": cpu, "cpu_x_floor": round(cpu / floor, 2) if cpu and floor else None,
            "measured_x_floor": round(measured / floor, 2) if floor else None,
            "target_x_floor": round(target / floor, 2) if floor else None,
            "holds": None if holds is None else bool(holds), "note": note}


def issue_rows(report: dict, by_runner: dict[str, list[dict]]) -> list[dict]:
    """Issue 12's rows. The floor of a run of N pages is N x (bare trafilatura + bare spacy.blank
    seconds per page, both measured above) / the machine's cores: what the two libraries alone
    would cost with every core busy. Rows without a floor (start-up, memory) say so."""
    st, fl, cli = report.get("stages"), report.get("floors"), report.get("cli") or {}
    if not st or not fl or not st["pages"]:
        return []
    cores = report.get("machine", {}).get("nproc") or os.cpu_count() or 1
    per_page = (fl["trafilatura_extract"]["seconds"] + fl["spacy_blank_pipe"]["seconds"]) / st["pages"]
    rows = []
    one = (cli.get("run_one") or {}).get("wall_seconds")
    for n, r in sorted(((int(k), v) for k, v in (cli.get("runs") or {}).items())):
        floor = n * per_page / cores
        rows.append(_row("`awardex run DIR`, cold, wall incl. start-up", n, r["cold"]["wall_seconds"], n / 100, "s",
                         floor, r["cold"]["wall_seconds"] <= n / 100, "40 s per 4,000 pages on 2 cores",
                         r["cold"]["cpu_seconds"] / cores))
        target = 5.0 + (one or 0.0)
        rows.append(_row("the same run again, every page unchanged", n, r["rerun"]["wall_seconds"], target, "s",
                         floor, r["rerun"]["wall_seconds"] <= target, "5 s + start-up (= `awardex run one.txt`)",
                         r["rerun"]["cpu_seconds"] / cores))
    ex = cli.get("extract")
    if ex:
        blank = fl["spacy_blank_pipe"]["seconds"] * ex["texts"] / max(st["articles"], 1)
        rows.append(_row(f"`awardex extract` on {ex['texts']:,} texts (wall) vs bare `spacy.blank` on them", ex["texts"],
                         ex["many"]["wall_seconds"], 3 * blank, "s", blank, ex["many"]["wall_seconds"] <= 3 * blank,
                         cpu=ex["many"]["cpu_seconds"]))
        rows.append(_row("`awardex extract one.txt`", 1, ex["one"]["wall_seconds"], 1.5, "s", None,
                         ex["one"]["wall_seconds"] <= 1.5, cpu=ex["one"]["cpu_seconds"]))
    if one:
        rows.append(_row("`awardex run one.txt` (temporary Prefect server)", 1, one, 8.0, "s", None, one <= 8.0,
                         "its server's CPU included", cli["run_one"]["cpu_seconds"] / cores))
    proc = by_runner.get("process", [])
    if proc:
        peaks = [_peak_memory(r) for r in proc]
        flat = len(peaks) < 2 or peaks[-1] <= 1.25 * peaks[0]
        rows.append(_row("peak memory, PSS (flow process + fork server + workers)", " / ".join(f"{r['pages']:,}" for r in proc), max(peaks),
                         1024, "MB", None, max(peaks) <= 1024 and flat,
                         "flat: " + " -> ".join(f"{p:,.0f}" for p in peaks)))
        reruns = [(r["pages"], r["rerun"]["cpu_total_seconds"] * 1000 / r["pages"]) for r in proc
                  if r.get("rerun") and "cpu_total_seconds" in r["rerun"]]
        if len(reruns) >= 2:
            first, last = reruns[0][1], reruns[-1][1]  # constant or falling (fixed costs spread): not superlinear
            rows.append(_row("re-run CPU per article", " -> ".join(f"{n:,}" for n, _ in reruns), last,
                             round(first, 2), "ms", per_page * 1000, last <= 1.25 * max(first, 0.1),
                             "constant or falling: " + " -> ".join(f"{x:.1f}" for _, x in reruns) + " ms"))
        big = proc[-1]
        if "orchestration_share" in big:
            rows.append(_row("orchestration share of wall (flow, process pool)", big["pages"],
                             big["orchestration_share"] * 100, 15, "%", None, big["orchestration_share"] <= 0.15))
    rp, blank_wps = st["rule_pipeline"]["words_per_s"], fl["spacy_blank_pipe"]["words_per_s"]
    rows.append(_row("rule pipeline words/s per core", st["pages"], rp, 100_000, "words/s", blank_wps,
                     rp >= 100_000 and rp / blank_wps >= 0.40, "target also >= 0.40x bare tokenisation"))
    return rows


def issue_markdown(rows: list[dict]) -> list[str]:
    lines = ["### Issue 12's table (targets beside the measurements; x floor = multiple of the floor "
             "measured in this run)", "",
             "| what | pages | measured | target | measured x floor | target x floor | CPU s / cores (x floor) | holds |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]

    def fmt(value: float, unit: str) -> str:
        return f"{value:,.0f} {unit}" if abs(value) >= 100 else f"{value:.2f} {unit}"
    for r in rows:
        mark = "–" if r["holds"] is None else ("yes" if r["holds"] else "**no**")
        note = f" ({r['note']})" if r["note"] else ""
        mx = "–" if r["measured_x_floor"] is None else f"{r['measured_x_floor']:.2f}x"
        tx = "–" if r["target_x_floor"] is None else f"{r['target_x_floor']:.2f}x"
        pages = f"{r['pages']:,}" if isinstance(r["pages"], int) else r["pages"]
        cpu = "–" if not r.get("cpu_seconds") else f"{r['cpu_seconds']:.2f} s" + (
            f" ({r['cpu_x_floor']:.2f}x)" if r.get("cpu_x_floor") else "")
        lines.append(f"| {r['what']}{note} | {pages} | {fmt(r['measured'], r['unit'])} | "
                     f"{fmt(r['target'], r['unit'])} | {mx} | {tx} | {cpu} | {mark} |")
    lines += ["", "Floor of a run of N pages = N x (bare `trafilatura.extract` + bare `spacy.blank(\"en\").pipe` "
              "CPU seconds per page) / cores; for words/s the floor is bare tokenisation's words/s (so x floor "
              "is the 0.40 goal). Wall-clock rows share the machine with whatever else runs on it; the CPU column "
              "(CPU seconds of the command and all its processes, Prefect server included, divided by the cores, "
              "except `extract`'s: all its processes' CPU seconds against the one-process floor, the cost of its rules "
              "whatever the cores) is what an idle machine would need at best. `awardex extract` runs on every core "
              "from 200 texts (`extractors.records.extract_all`), bare `spacy.blank` on one.", ""]
    return lines
