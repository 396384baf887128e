"""`make bench`: the corpus generator, the report's shape and sanity (no timing asserted)."""
from __future__ import annotations

import argparse
import json
import re

from bench import harness as bench
from pipeline.text import read_file


def test_corpus_is_deterministic_prefix_stable_and_varied(tmp_path):
    big = bench.generate(tmp_path / "big", 40)
    small = bench.generate(tmp_path / "small", 20)
    assert (big["pages"], small["pages"]) == (40, 20)
    big_pages, small_pages = bench.corpus_paths(tmp_path / "big"), bench.corpus_paths(tmp_path / "small")
    assert [p.name for p in small_pages] == [p.name for p in big_pages[:20]]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(small_pages, big_pages))  # page i = f(seed, i)
    assert bench.page(3, seed=1) != bench.page(3, seed=2)

    html = [p.read_text(encoding="utf-8") for p in big_pages]
    assert len(set(html)) == 40
    for page in html:  # the boilerplate a real page has
        assert all(marker in page for marker in ('class="cookie-banner"', "<nav", "<footer", 'class="sidebar"'))
    names = {m for page in html for m in re.findall(r"[A-Z][\w ]+? (?:School District|Public Schools|"
                                                     r"Independent School District|City Schools)", page)}
    assert len(names) >= 40  # many districts, not one repeated
    articles = [read_file(p) for p in big_pages[:10]]
    for article in articles:  # the main text only: no cookie banner, menu or sidebar
        assert len(article.text.split()) >= 150
        assert "cookies" not in article.text and "Most read" not in article.text
        assert article.title and article.published


def test_bench_runs_every_stage_and_the_flow_and_writes_the_report(prefect_harness, tmp_path):
    out, md = tmp_path / "bench.json", tmp_path / "benchmarks.md"
    md.write_text("# Benchmarks\n\nintro kept\n\n<!-- bench:begin -->\nold numbers\n<!-- bench:end -->\n\n"
                  "## Scaling out\n\nkept too\n")
    rc = bench.main(["--pages", "6", "--stage-sample", "6", "--profile-sample", "3", "--runners", "process",
                     "--workers", "2", "--workdir", str(tmp_path / "work"), "--out", str(out), "--md", str(md)])
    assert rc == 0
    report = json.loads(out.read_text())

    stages = report["stages"]
    assert (stages["pages"], stages["articles"]) == (6, 6)  # every page has article text
    assert stages["words"] > 6 * 150 and stages["mentions"] >= 6
    assert set(stages["stages"]) == set(bench.STAGES)
    for name, s in stages["stages"].items():
        assert s["seconds"] > 0 and s["articles_per_s"] > 0 and s["words_per_s"] > 0, name
    assert abs(sum(s["share"] for s in stages["stages"].values()) - 1) < 0.01
    assert stages["rule_pipeline"]["words_per_s"] > 0
    assert report["floors"]["trafilatura_extract"]["articles_per_s"] > 0
    assert report["floors"]["spacy_blank_pipe"]["words_per_s"] > 0
    assert {"html_to_text", "rules", "rules_components"} <= set(report["profile"])

    [run] = report["end_to_end"]
    assert (run["pages"], run["runner"]) == (6, "process")
    cold, rerun = run["cold"], run["rerun"]
    assert (cold["status"], cold["seen"], cold["loaded"]) == ("completed", 6, 6)
    assert cold["rejected"] == stages["rejects"]  # the flow and the stage run reject the same districts
    assert (rerun["loaded"], rerun["unchanged"]) == (0, 6)
    assert run["words"] == stages["words"]  # the same pages, the same text, counted in DuckDB
    for r in (cold, rerun):
        assert r["wall_seconds"] > 0 and 50 < r["peak_rss_mb"] < 8192 and r["busy_cores"] > 0
        assert 0 < r["peak_pss_mb"] <= r["peak_rss_mb"]  # shared pages count once in PSS, in each process in RSS
        assert r["peak_processes"] >= 2  # the flow process and its pool's workers
    assert 0 <= run["orchestration_share"] <= 1 and cold["articles_per_s"] > 0

    machine = report["machine"]
    assert machine["nproc"] >= 1 and machine["cpu_model"] and machine["ram_gb"] > 0
    assert all(machine["versions"][k] for k in ("python", "spacy", "trafilatura", "prefect", "duckdb"))
    assert report["targets"] and all({"target", "goal", "measured", "holds"} <= set(t) for t in report["targets"])

    cli = report["cli"]  # the command line as a user runs it, start-up included
    assert cli["extract"]["texts"] == 6 and cli["extract"]["many"]["wall_seconds"] > 0
    assert cli["run_one"]["wall_seconds"] > 0 and set(cli["runs"]) == {"6"}
    rows = {r["what"]: r for r in report["issue_rows"]}
    for what in ("`awardex run DIR`, cold, wall incl. start-up", "the same run again, every page unchanged",
                 "`awardex extract one.txt`", "`awardex run one.txt` (temporary Prefect server)",
                 "peak memory, PSS (flow process + fork server + workers)", "orchestration share of wall (flow, process pool)",
                 "rule pipeline words/s per core"):
        assert what in rows, what
        assert rows[what]["measured"] > 0 and rows[what]["target"] > 0
    assert rows["`awardex run DIR`, cold, wall incl. start-up"]["measured_x_floor"] > 1  # never below the floor

    text = md.read_text()
    assert "### Issue 12's table" in text and "| `awardex run one.txt` (temporary Prefect server)" in text
    assert "intro kept" in text and "## Scaling out\n\nkept too" in text and "old numbers" not in text
    assert "| read |" in text and "| html to text |" in text and "| load |" in text
    assert "bare `trafilatura.extract(html)`" in text and "process x2" in text


def _run(pages, runner, wall, rerun, peak):
    cold = {"wall_seconds": wall, "peak_rss_mb": peak, "busy_cores": 1.9, "server_cpu_seconds": 1.0,
            "cpu_flow_process_seconds": pages * 0.002, "cpu_workers_seconds": pages * 0.018 - 1.0}
    return {"pages": pages, "runner": runner, "workers": 2, "words": pages * 400, "cold": cold,
            "rerun": {"wall_seconds": rerun, "peak_rss_mb": peak, "cpu_flow_process_seconds": 0.0,
                      "cpu_workers_seconds": pages * 0.005, "server_cpu_seconds": 0.0}}


def test_derived_rates_and_verdicts():
    per_stage = {"seconds": 1.0, "ms_per_article": 1.0, "articles_per_s": 1.0, "words_per_s": 1.0, "share": 0.2}
    report = {
        "stages": {"pages": 1000, "total_seconds": 10.0, "words": 400_000, "articles": 1000,
                   "ms_per_article": 10.0, "stages": {s: dict(per_stage) for s in bench.STAGES},
                   "rule_pipeline": {"seconds": 2.0, "words_per_s": 200_000, "articles_per_s": 500}},
        "floors": {"spacy_blank_pipe": {"words_per_s": 400_000, "seconds": 1.0}, "trafilatura_extract": {"seconds": 1.0}},
        "end_to_end": [_run(1000, "process", 10.0, 3.0, 500), _run(10000, "process", 46.0, 4.0, 520),
                       _run(50000, "process", 206.0, 9.0, 530), _run(1000, "threads", 20.0, 5.0, 400)],
    }
    bench.derive(report)
    runs = {(r["pages"], r["runner"]): r for r in report["end_to_end"]}
    assert runs[10000, "process"]["steady_articles_per_s"] == 250.0  # 9,000 pages in 36 s
    assert runs[50000, "process"]["steady_articles_per_s"] == 250.0
    assert runs[1000, "process"]["cold"]["articles_per_s"] == 100.0
    # ideal = 1,000 pages x 10 ms / 2 cores = 5 s of a 10 s wall
    assert runs[1000, "process"]["orchestration_share"] == 0.5
    assert runs[1000, "threads"]["orchestration_share"] == 0.5  # one core: 10 s of a 20 s wall
    # CPU: 20 ms per article in all (flow process + workers + server) against 10 ms of stage work
    assert runs[1000, "process"]["cpu_ms_per_article"] == 20.0
    assert runs[1000, "process"]["orchestration_cpu_share"] == 0.5
    verdict = {t["target"]: t["holds"] for t in report["targets"]}
    assert verdict["rule pipeline words/s per core"] is True
    assert verdict["rule pipeline vs bare spacy.blank tokenisation"] is True
    assert verdict["end to end articles/s, steady state"] is True
    assert verdict["10k pages cold, HTML files -> DuckDB"] is False  # 46 s > 40 s
    assert verdict["re-run of 10k unchanged pages"] is True
    assert verdict["peak memory (PSS)"] is True and verdict["cost linear in N"] is True
    rows = {r["what"]: r for r in report["issue_rows"]}
    assert rows["rule pipeline words/s per core"]["measured_x_floor"] == 0.5  # 200k of bare 400k words/s
    assert rows["peak memory, PSS (flow process + fork server + workers)"]["holds"] is True
    # floor per page = (1 s + 1 s) / 1,000 pages; the re-run costs 5 ms CPU per article at every size
    assert rows["re-run CPU per article"]["holds"] is True
    # a re-run whose CPU per article doubles with N is not linear
    report["end_to_end"][2]["rerun"]["cpu_workers_seconds"] = 50000 * 0.012
    bench.derive(report)
    assert {t["target"]: t["holds"] for t in report["targets"]}["cost linear in N"] is False


def test_bench_arguments_parse():
    args = bench.configure(argparse.ArgumentParser(prog="python -m bench")).parse_args(
        ["--pages", "500", "5000", "--runners", "process", "threads:1000"])
    assert args.pages == [500, 5000] and args.runners == [("process", None), ("threads", 1000)]
    assert args.out == "build/bench.json" and args.md == "docs/benchmarks.md"
