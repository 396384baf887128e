"""`awardex review` (review/): fixtures round-trip, diff, merge, the static HTML pages in a real browser."""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html

from review import evaluate
from review import command, extraction
from review import fixtures as fx
from review import page as rpage
from review import diff as rdiff
from schemas.articles import RawArticle

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "raw" / "samples" / "pomona-golden-bell-2024.txt"
SAMPLE_FIXTURE = REPO / "tests" / "fixtures" / "pomona-golden-bell-2024.json"

HOSTILE = """Springfield district wins <script>document.title='PWNED';document.body.insertAdjacentHTML('beforeend','<p id="pwned">script ran</p>')</script> award

SPRINGFIELD, Ill. — Springfield Public School District 186 in Springfield, Illinois, has won the Lincoln Innovation Award for its robotics program. The district serves about 13,500 students in 33 schools.
Note for reviewers: <img src=x onerror="document.title='PWNED'"> & "quotes" stay text.
Nearby, Peoria Public Schools in Peoria, Illinois, was recognized for its dual-language program.
"""


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="awardex")
    command.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["review", *argv])
    return args.func(args)


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "220")  # rich wraps table cells at the terminal width
    monkeypatch.chdir(REPO)  # the default [review] paths are relative to the working directory


@pytest.fixture
def hostile(tmp_path) -> tuple[Path, Path]:
    """A hostile article and a fixture that disagrees with its extraction in each way."""
    article = tmp_path / "hostile.txt"
    article.write_text(HOSTILE, encoding="utf-8")
    fixture = {"article_id": "hostile", "source": str(article), "text_path": str(article),
               "program": "Lincoln Innovation Award", "districts": [
                   {"name": "Springfield Public School District 186", "aliases": [], "city": "Springfield",
                    "state": "IL", "enrollment": 13000, "schools": 33, "initiatives": ["stem"]},
                   {"name": "Decatur Public Schools", "aliases": [], "city": "Decatur", "state": "IL",
                    "enrollment": None, "schools": None, "initiatives": []}]}
    gold = fx.write_fixture(tmp_path / "hostile.json", fixture)
    return article, gold


# ---------------------------------------------------------------- fixtures round-trip

def test_write_creates_a_fixture_the_loaders_read_back_unchanged(tmp_path, capsys):
    out = tmp_path / "fixtures" / "pomona-golden-bell-2024.json"
    assert run(str(SAMPLE), "--gold", str(out), "--write") == 0
    assert "created with" in capsys.readouterr().out
    written = out.read_text(encoding="utf-8")
    loaded = fx.load_fixture(out)
    _, pred, _ = extraction.extract_records([extraction.read_article(SAMPLE)])["pomona-golden-bell-2024"]
    assert loaded == fx.to_fixture(pred, SAMPLE)
    assert loaded["text_path"] == "raw/samples/pomona-golden-bell-2024.txt"
    assert evaluate.load_gold(out.parent) == {"pomona-golden-bell-2024": loaded}
    assert evaluate.article_path(out.parent, loaded, REPO) == SAMPLE
    assert fx.fixture_text(loaded) == written

    assert run(str(SAMPLE), "--gold", str(out), "--write") == 0  # nothing new: file untouched
    assert "unchanged" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8") == written


def test_fixture_text_round_trips_every_value_kind(tmp_path):
    fixture = {"article_id": "x", "source": "s", "text_path": "t.txt", "program": None,
               "districts": [{"name": "Cañon City Schools “D1”", "aliases": ["<b>&"], "city": None,
                              "state": "CO", "enrollment": 3800, "schools": 0, "initiatives": []}],
               "floor": {"district": 0.5, "record": 0.25}}
    path = fx.write_fixture(tmp_path / "x.json", fixture)
    assert fx.load_fixture(path) == fixture
    assert evaluate.load_gold(tmp_path)["x"] == fixture


def test_gold_jsonl_chooses_the_record_named_by_the_file_stem(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps({"article_id": a, "districts": [], "program": a})
                              for a in ("seed-001", "seed-002")) + "\n", encoding="utf-8")
    assert fx.load_gold_record(gold, "seed-002")["program"] == "seed-002"
    with pytest.raises(ValueError, match="seed-009"):
        fx.load_gold_record(gold, "seed-009")


# ---------------------------------------------------------------- merge (--write on a fixture)

OLD = {"article_id": "a", "source": "s", "text_path": "t", "program": "Reviewed Award", "floor": {"district": 1},
       "districts": [{"name": "Alpha School District", "aliases": [], "city": "Reviewed City", "state": "TX",
                      "enrollment": None, "schools": 9, "initiatives": ["stem"]},
                     {"name": "Beta ISD", "aliases": [], "city": None, "state": "TX", "enrollment": None,
                      "schools": None, "initiatives": []}]}
NEW = {"article_id": "a", "source": "s", "text_path": "t", "program": "Extracted Award",
       "districts": [{"name": "Alpha School District", "aliases": ["ASD"], "city": "Alpha", "state": "TX",
                      "enrollment": 4100, "schools": 9, "initiatives": ["edtech"]},
                     {"name": "Gamma CSD", "aliases": [], "city": None, "state": "NY", "enrollment": None,
                      "schools": None, "initiatives": []}]}


def test_merge_keeps_reviewed_values_adds_what_is_missing_and_says_so():
    merged, notes = fx.merge(OLD, NEW)
    alpha, beta, gamma = merged["districts"]
    assert merged["program"] == "Reviewed Award" and merged["floor"] == {"district": 1}
    assert alpha["city"] == "Reviewed City"                       # reviewed value kept
    assert alpha["enrollment"] == 4100 and alpha["aliases"] == ["ASD"]  # missing values added
    assert alpha["initiatives"] == ["stem", "edtech"]             # list items added, none removed
    assert beta["name"] == "Beta ISD"                             # not extracted: kept
    assert gamma["name"] == "Gamma CSD"                           # new district added
    text = "\n".join(notes)
    assert "kept 'Alpha School District (TX)' city = 'Reviewed City' (extraction: 'Alpha'" in text
    assert "kept program = 'Reviewed Award'" in text
    assert "added 'Alpha School District (TX)' enrollment = 4100" in text
    assert "added district 'Gamma CSD (NY)'" in text
    assert not any(n.startswith(("overwrote", "removed")) for n in notes)


def test_merge_force_overwrites_and_reports_every_overwritten_value():
    merged, notes = fx.merge(OLD, NEW, force=True)
    assert [d["name"] for d in merged["districts"]] == ["Alpha School District", "Gamma CSD"]
    assert merged["districts"][0]["city"] == "Alpha" and merged["program"] == "Extracted Award"
    assert merged["floor"] == {"district": 1}  # reviewer's own keys stay
    text = "\n".join(notes)
    assert "overwrote 'Alpha School District (TX)' city: 'Reviewed City' -> 'Alpha'" in text
    assert "overwrote 'Alpha School District (TX)' initiatives: ['stem'] -> ['edtech']" in text
    assert "overwrote program: 'Reviewed Award' -> 'Extracted Award'" in text
    assert "removed district 'Beta ISD (TX)' (not extracted)" in text


def test_cli_write_prints_kept_values_and_force_overwrites(tmp_path, capsys):
    _, pred, _ = extraction.extract_records([extraction.read_article(SAMPLE)])["pomona-golden-bell-2024"]
    fixture = fx.to_fixture(pred, SAMPLE)
    first = fixture["districts"][0]
    extracted_state, first["state"] = first["state"], "WY"  # the reviewer's value differs
    who = fx.label(first)
    path = fx.write_fixture(tmp_path / "pomona-golden-bell-2024.json", fixture)
    assert run(str(SAMPLE), "--gold", str(path), "--write") == 0
    out = capsys.readouterr().out
    assert f"kept {who!r} state = 'WY' (extraction: {extracted_state!r}; --force to overwrite)" in out
    assert "fixture" in out and "unchanged" in out
    assert fx.load_fixture(path)["districts"][0]["state"] == "WY"

    assert run(str(SAMPLE), "--gold", str(path), "--write", "--force") == 0
    assert f"overwrote {who!r} state: 'WY' -> {extracted_state!r}" in capsys.readouterr().out
    assert fx.load_fixture(path)["districts"][0]["state"] == extracted_state


# ---------------------------------------------------------------- diff

def test_diff_names_each_kind_of_difference():
    gold = {"article_id": "a", "program": "P", "districts": [
        {"name": "Alpha School District", "city": "Alpha", "state": "TX", "enrollment": 4100, "schools": None,
         "initiatives": ["stem", "edtech"]},
        {"name": "Beta ISD", "state": "TX", "initiatives": []}]}
    pred = {"article_id": "a", "program": None, "districts": [
        {"name": "Alpha SD", "city": None, "state": "OK", "enrollment": 4100, "schools": 12,
         "initiatives": ["stem", "leadership"]},
        {"name": "Delta School District", "state": None, "initiatives": []}]}
    got = [(m.kind, m.district, m.field, m.fixture, m.extracted) for m in rdiff.diff(gold, pred)]
    assert got == [
        ("missing value", None, "program", "P", None),
        ("missing value", "Alpha School District (TX)", "city", "Alpha", None),
        ("wrong value", "Alpha School District (TX)", "state", "TX", "OK"),
        ("extra value", "Alpha School District (TX)", "schools", None, 12),
        ("missing initiative", "Alpha School District (TX)", "initiatives", "edtech", None),
        ("extra initiative", "Alpha School District (TX)", "initiatives", None, "leadership"),
        ("spurious district", "Delta School District", None, None, None),
        ("missing district", "Beta ISD (TX)", None, None, None)]
    text = rdiff.format_diff(rdiff.diff(gold, pred))
    assert "wrong value: 'Alpha School District (TX)' state: fixture='TX' extraction='OK'" in text
    assert rdiff.format_diff([]) == "  no differences"


def test_cli_review_shows_evidence_in_context_and_the_diff(capsys):
    assert run(str(SAMPLE)) == 0  # default fixture: tests/fixtures/<stem>.json
    out = capsys.readouterr().out
    article, pred, _ = extraction.extract_records([extraction.read_article(SAMPLE)])["pomona-golden-bell-2024"]
    ev = pred["districts"][0]["evidence"][-1]
    before, span, after = extraction.context(article.text, ev["start"], ev["end"])
    assert before + span + after in out and ev["rule"] in out  # each value with its evidence in context
    assert f"{SAMPLE_FIXTURE.name}" in out and "district F1" in out
    for m in rdiff.diff(fx.load_fixture(SAMPLE_FIXTURE), pred):
        assert m.kind in out


def test_context_gives_a_few_words_either_side_on_one_line():
    text = "one two three four five six seven\neight nine ten eleven twelve thirteen fourteen"
    start = text.index("eight")
    assert extraction.context(text, start, start + 10, words=2) == ("…six seven ", "eight nine", " ten eleven…")
    assert extraction.context(text, 0, 3, words=2) == ("", "one", " two three…")
    assert extraction.context(text, len(text) - 8, len(text), words=1) == ("…thirteen ", "fourteen", "")


def test_cli_rejects_bad_argument_combinations(tmp_path, capsys):
    parser = argparse.ArgumentParser(prog="awardex")
    command.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["review"])
    assert args.func(args) == 2
    assert run(str(SAMPLE), "--force") == 2
    assert run(str(SAMPLE), "--gold", str(tmp_path / "missing.json")) == 2
    assert run(str(tmp_path / "nope.txt")) == 2


# ---------------------------------------------------------------- HTML

def S(start, end, field, bad=False):  # noqa: N802 - a short constructor for the tests below
    return rpage.Span(start, end, field, (f"{field} label",), bad)


def test_highlight_splits_overlapping_spans_and_nests_the_shared_part():
    text = "Alpha Beta Gamma Delta"
    out = rpage.highlight(text, [S(0, 10, "name"), S(6, 16, "city"), S(6, 10, "state", bad=True)])
    root = lxml_html.fragment_fromstring(out, create_parent="div")
    assert root.text_content() == text
    top = [(m.get("class"), m.text_content()) for m in root.findall("mark")]
    assert top == [("f-name", "Alpha "), ("f-name", "Beta"), ("f-city", " Gamma")]
    shared = root.findall("mark")[1]  # "Beta": name > city > state, outermost (earliest, longest) first
    assert [m.get("class") for m in shared.iter("mark")] == ["f-name", "f-city", "f-state bad"]
    assert root.xpath("//mark[@id='ev-6-16-city']")[0].text_content() == "Beta"  # anchor on the first piece


def test_highlight_escapes_the_text_and_titles():
    text = 'x <script>alert(1)</script> & "q"'
    out = rpage.highlight(text, [rpage.Span(2, 10, "name", ('<b onclick="x">',), False)])
    assert "<script>" not in out and "&lt;script&gt;" in out
    root = lxml_html.fragment_fromstring(out, create_parent="div")
    assert root.text_content() == text
    assert root.find("mark").get("title") == '<b onclick="x">'


def test_page_escapes_every_value_and_marks_mismatches():
    article = RawArticle(article_id="a<b>", source="<src>", text="Evil <i>USD</i> in Town.",
                                title="<script>alert(1)</script>")
    ev = {"field": "name", "value": "Evil <i>USD</i>", "text": "Evil <i>USD</i>", "start": 0, "end": 15,
          "rule": "r<1>"}
    pred = {"article_id": "a", "program": "<img src=x>", "evidence": [],
            "districts": [{"name": "Evil <i>USD</i>", "aliases": [], "city": None, "state": None,
                           "enrollment": None, "schools": None, "initiatives": [], "evidence": [ev]}]}
    gold = {"article_id": "a", "program": None, "districts": [{"name": "<Other> SD", "initiatives": []}]}
    page = rpage.render_page(article, pred, gold, "fixture.json")
    assert "<script" not in page.lower() and "<img" not in page.lower() and "<i>" not in page
    doc = lxml_html.fromstring(page)
    assert doc.xpath("//h1")[0].text_content() == "<script>alert(1)</script>"
    assert doc.xpath("//tr[@class='spurious']/th")[0].text_content().startswith("Evil <i>USD</i>")
    assert doc.xpath("//tr[@class='missing-district']/th")[0].text_content().startswith("<Other> SD")
    assert doc.xpath("//mark[contains(@class,'f-name') and contains(@class,'bad')]")[0].text_content() \
        == "Evil <i>USD</i>"


def test_review_all_writes_an_index_worst_first_and_a_page_per_article(tmp_path, capsys):
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    shutil.copy(SAMPLE_FIXTURE, fixtures / SAMPLE_FIXTURE.name)
    bad = fx.load_fixture(REPO / "tests" / "fixtures" / "namm-music-2024.json")
    bad["districts"] = [{"name": "Nowhere School District", "aliases": [], "city": None, "state": None,
                         "enrollment": None, "schools": None, "initiatives": []}]
    fx.write_fixture(fixtures / "namm-music-2024.json", bad)
    index = tmp_path / "out" / "index.html"
    assert run("--all", str(fixtures), "--html", str(index)) == 0
    assert "namm-music-2024" in capsys.readouterr().out
    doc = lxml_html.fromstring(index.read_text(encoding="utf-8"))
    links = [a.get("href") for a in doc.xpath("//table//a")]
    assert links == ["namm-music-2024.html", "pomona-golden-bell-2024.html"]  # worst record F1 first
    first_f1 = float(doc.xpath("//table//tr[2]/td[2]")[0].text_content())
    assert first_f1 == pytest.approx(rdiff.article_scores(bad, extraction.extract_records(
        [extraction.read_article(REPO / bad["text_path"])])["namm-music-2024"][1])["record_f1"], abs=0.005)
    page = (index.parent / "namm-music-2024.html").read_text(encoding="utf-8")
    assert "missing: in the fixture, not extracted" in page and "<mark" in page


# ---------------------------------------------------------------- a real browser

def chromium(tmp_path: Path, url: str, *flags: str) -> str:
    """Run Debian's headless chromium on `url`; stdout (the DOM with --dump-dom)."""
    exe = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if exe is None:
        pytest.skip("no chromium at /usr/bin/chromium (apt-get install chromium): "
                    "the review page is not checked in a real browser")
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
           *flags, url]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_browser_runs_scripts_in_this_mode(tmp_path):
    """Control: the same browser call does run a page's script, so the next test means something."""
    page = tmp_path / "control.html"
    page.write_text("<html><head><title>clean</title></head><body>"
                    "<script>document.title='PWNED'</script></body></html>", encoding="utf-8")
    doc = lxml_html.fromstring(chromium(tmp_path, page.as_uri(), "--dump-dom"))
    assert doc.findtext(".//title") == "PWNED"


def test_review_page_in_a_real_browser(tmp_path, hostile, capsys):
    article, gold = hostile
    page = tmp_path / "review.html"
    assert run(str(article), "--gold", str(gold), "--html", str(page)) == 0
    doc = lxml_html.fromstring(chromium(tmp_path, page.as_uri(), "--dump-dom"))

    # no script ran, no element came from the article: it is all text
    assert doc.findtext(".//title") == "awardex review: hostile"
    assert not doc.xpath("//*[@id='pwned']") and not doc.xpath("//script") and not doc.xpath("//img")
    text = doc.xpath("//div[@class='text']")[0].text_content()
    assert text == article.read_text(encoding="utf-8").strip()
    assert "<script>document.title='PWNED'" in text and '<img src=x onerror="document.title' in text

    # every evidence span is a <mark> with its field's class
    marks = {(m.get("class"), m.text_content()) for m in doc.xpath("//div[@class='text']//mark")}
    assert ("f-name", "Springfield Public School District 186") in marks
    assert ("f-city", "Springfield") in marks
    assert any(c == "f-schools" and "33 schools" in t for c, t in marks)
    assert any(c == "f-program" and "Lincoln Innovation Award" in t for c, t in marks)
    assert any(c.startswith("f-name") for c, t in marks if t == "Peoria Public Schools")

    # mismatches against the fixture are marked, in the text and in the table
    bad = doc.xpath("//div[@class='text']//mark[contains(@class,'bad')]")
    assert any("13,500" in m.text_content() for m in bad)  # enrollment 13500 vs fixture 13000
    assert doc.xpath("//td[@class='wrong']")[0].text_content() == "13500"
    assert "Peoria Public Schools" in doc.xpath("//tr[@class='spurious']/th")[0].text_content()
    assert "Decatur Public Schools" in doc.xpath("//tr[@class='missing-district']/th")[0].text_content()
    # each wrong value names the rule that produced it
    wrong = [li.text_content() for li in doc.xpath("//ul[@class='diff']/li") if "enrollment" in li.text_content()]
    _, pred, _ = extraction.extract_records([extraction.read_article(article)])["hostile"]
    rule = next(e["rule"] for d in pred["districts"] for e in d["evidence"] if e["field"] == "enrollment")
    assert wrong and f"(rule {rule})" in wrong[0]
    # each table value links to its mark in the text
    href = doc.xpath("//td[@class='wrong']/a")[0].get("href")
    assert doc.xpath(f"//mark[@id='{href[1:]}']")

    shot = tmp_path / "review.png"
    chromium(tmp_path, page.as_uri(), f"--screenshot={shot}", "--window-size=1400,1000")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


# ---------------------------------------------------------------- agreement with ../shared/tools/score.py

SCORER = REPO.parent / "shared" / "tools" / "score.py"


@pytest.fixture(scope="module")
def shared_scorer():
    if not SCORER.is_file():
        pytest.skip(f"no shared scorer at {SCORER}")
    import runpy

    return runpy.run_path(str(SCORER))


def test_evaluate_agrees_with_the_shared_scorer_on_names_roles_and_programs(shared_scorer):
    gold = {"a": {"article_id": "a", "program": "AP District Honor Roll", "districts": [
                {"name": "Hawaiʻi State Department of Education", "state": "HI", "role": "recognized",
                 "initiatives": ["stem"], "enrollment": 170000},
                {"name": "Prince George’s County Public Schools", "state": "MD", "role": "mentioned"},
                {"name": "Jefferson County Board of Education", "state": "AL", "role": "recognized"}]},
            "b": {"article_id": "b", "program": "2024 PEAK Awards", "districts": [
                {"name": "Oxford Community Schools", "city": "Oxford", "state": "MI"}]},
            "c": {"article_id": "c", "program": "Magna Awards", "districts": []}}
    pred = {"a": {"article_id": "a", "program": "AP Honor Roll", "districts": [
                {"name": "Hawaii State Department of Education", "state": "HI", "role": "mentioned",
                 "initiatives": ["stem", "edtech"], "enrollment": 170000},
                {"name": "Prince Georges County Public Schools", "state": "MD", "role": "mentioned"},
                {"name": "Jefferson County Schools", "state": "AL", "role": None}]},
            "b": {"article_id": "b", "program": "Public Education Achieves in Kentucky (PEAK) Award",
                  "districts": [{"name": "Oxford Schools", "city": "Oxford", "state": "MI"}]},
            "c": {"article_id": "c", "program": "Golden Bell", "districts": [{"name": "Spurious USD"}]}}
    ours, theirs = evaluate.score(gold, pred), shared_scorer["score"](gold, pred)
    for key in ("district", "city", "state", "enrollment", "schools", "initiatives", "role", "program"):
        assert {k: ours[key][k] for k in theirs[key]} == pytest.approx(theirs[key]), key
    for key in ("record_f1", "errors", "role_errors", "program_errors", "missing_articles"):
        assert ours[key] == pytest.approx(theirs[key]) if key == "record_f1" else ours[key] == theirs[key], key
    assert ours["district"]["tp"] == 4  # the apostrophes and "Board of Education" matched
    assert ours["role"]["tp"] == 1 and ours["program"]["tp"] == 2
    assert evaluate.core("Hawaiʻi State Department of Education") == evaluate.core("Hawaii State") == "hawaii state"


# ---------------------------------------------------------------- reviewed values, marks on words

def test_merge_never_fills_a_value_reviewed_as_absent():
    old = {"article_id": "a", "program": None, "reviewed": ["program"], "districts": [
        {"name": "Alpha ISD", "aliases": [], "city": None, "state": "TX", "enrollment": None, "schools": None,
         "initiatives": [], "role": None, "reviewed": ["city"]}]}
    new = {"article_id": "a", "program": "Some Award", "districts": [
        {"name": "Alpha ISD", "aliases": [], "city": "Alpha", "state": "TX", "enrollment": 900, "schools": None,
         "initiatives": [], "role": "mentioned"}]}
    merged, notes = fx.merge(old, new)
    alpha = merged["districts"][0]
    assert alpha["city"] is None and merged["program"] is None        # confirmed absent: kept
    assert alpha["enrollment"] == 900 and alpha["role"] == "mentioned"  # not filled yet: filled
    assert alpha["reviewed"] == ["city"] and merged["reviewed"] == ["program"]
    assert "kept 'Alpha ISD (TX)' city = None, reviewed as absent (extraction: 'Alpha'" in "\n".join(notes)
    forced, _ = fx.merge(old, new, force=True)
    assert forced["districts"][0]["city"] == "Alpha"


def test_write_fixture_is_atomic_and_keeps_the_version_it_replaces(tmp_path):
    path = tmp_path / "a.json"
    fx.write_fixture(path, {"article_id": "a", "districts": []})
    assert not fx.previous_path(path).exists()
    fx.write_fixture(path, {"article_id": "a", "districts": [], "program": "P"})
    assert fx.load_fixture(fx.previous_path(path)) == {"article_id": "a", "districts": []}
    assert fx.load_fixture(path)["program"] == "P"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".previous", "a.json"]  # no temporary file left
    assert evaluate.load_gold(tmp_path) == {"a": fx.load_fixture(path)}           # .previous is not gold


def test_marks_move_onto_word_boundaries():
    text = "Pomona Unified and the district's roughly 2,200 students in Ridgecrest."
    start = text.index("'s roughly")
    end = text.index(" in Ridgecrest")
    a, b = extraction.word_span(text, start, end)
    assert text[a:b] == "roughly 2,200 students"
    a, b = extraction.word_span(text, text.index("nified"), text.index("nified") + 3)
    assert text[a:b] == "Unified"                       # inside one word: the whole word
    a, b = extraction.word_span(text, 0, text.index(" and") + 1)
    assert text[a:b] == "Pomona Unified"                # trailing space left out
    out = rpage.highlight(text, [rpage.Span(start, end, "enrollment", ("e",), False)])
    mark = lxml_html.fragment_fromstring(out, create_parent="div").find("mark")
    assert mark.text_content() == "roughly 2,200 students" and mark.get("id") == f"ev-{start}-{end}-enrollment"
