"""`awardex review --serve`: the workbench as a reviewer uses it. A real server process on
127.0.0.1, real HTTP, and Debian's chromium driven by Selenium through Debian's chromedriver
(no browser download: without /usr/bin/chromium and /usr/bin/chromedriver the browser test
skips and says how to install them)."""
from __future__ import annotations

import http.client
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from review import evaluate, extraction
from review.diff import article_scores, floor_of
from review.fixtures import fixture_text, load_fixture, previous_path
from review.page import COLOURS
from test_fixtures import below_floor

REPO = Path(__file__).resolve().parent.parent
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
HOSTILE = """Springfield district wins <script>document.title='PWNED';document.body.insertAdjacentHTML('beforeend','<p id="pwned">ran</p>')</script> award

SPRINGFIELD, Ill. — Springfield Public School District 186 in Springfield, Illinois, has won the Lincoln Innovation Award for its robotics program. The district's roughly 13,500 students attend 33 schools.
Note for reviewers: <img src=x onerror="document.title='PWNED'"> & "quotes" stay text.
Nearby, Peoria Public Schools in Peoria, Illinois, was recognized for its dual-language program.
Coaches from Rochester 3A helped judge the entries.
"""
GOLDEN_BELL = "pomona-golden-bell-2024"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A working directory with one reviewed fixture (its text where its text_path says) and
    an articles directory of two articles without one; the workbench serving them."""
    root = tmp_path_factory.mktemp("workbench")
    (root / "fixtures").mkdir()
    (root / "articles").mkdir()
    shutil.copy(REPO / "tests" / "fixtures" / f"{GOLDEN_BELL}.json", root / "fixtures")
    text_path = load_fixture(root / "fixtures" / f"{GOLDEN_BELL}.json")["text_path"]
    (root / text_path).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / text_path, root / text_path)
    (root / "articles" / "springfield-award-2024.txt").write_text(HOSTILE, encoding="utf-8")
    shutil.copy(REPO / "raw" / "samples" / "pomona-dod-2024.html", root / "articles")
    outside = {"article_id": "outside", "source": "x", "text_path": "/etc/hostname", "program": None, "districts": []}
    (root / "fixtures" / "outside.json").write_text(fixture_text(outside), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "cli", "review", "--serve", "articles", "--gold", "fixtures",
                             "--port", "0"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "COLUMNS": "200"})
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    try:
        line = lines.get(timeout=180)  # spaCy and the extraction of every article come first
    except queue.Empty:
        proc.kill()
        pytest.fail(f"the workbench printed no URL: {proc.stderr.read()[-2000:]}")
    assert line.startswith("awardex workbench: http://127.0.0.1:"), line
    url = line.split()[2]
    yield {"url": url, "root": root, "fixtures": root / "fixtures"}
    proc.terminate()
    proc.wait(timeout=30)


def request(site, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    """One real HTTP request to the workbench: (status, headers, body text). `path` goes out as written."""
    parts = urlsplit(site["url"])
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request(method, path, body=body, headers={"Host": parts.netloc, **(headers or {})})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read().decode("utf-8")
    finally:
        conn.close()


def save(site, article_id: str, record: dict):
    return request(site, "POST", f"/api/article/{article_id}", json.dumps(record).encode(),
                   {"Content-Type": "application/json", "Origin": site["url"].rstrip("/")})


def extracted(root: Path, article_id: str, name: str) -> dict:
    article = extraction.read_article(root / "articles" / name)
    return extraction.extract_records([article])[article_id][1]


# ---------------------------------------------------------------- over HTTP

def test_index_lists_fixtures_worst_first_then_new_articles_by_risk_saying_why(site):
    status, headers, body = request(site, "GET", "/")
    assert status == 200
    doc = lxml_html.fromstring(body)
    reviewed = doc.xpath("//table[@id='reviewed']//tr[td]")
    assert [r.xpath("td[1]")[0].text_content() for r in reviewed] == ["outside", GOLDEN_BELL]
    assert "outside the served directories" in reviewed[0].text_content()  # its text was never read
    fresh = doc.xpath("//table[@id='fresh']//tr[td]")
    assert sorted(r.xpath("td[1]")[0].text_content() for r in fresh) == ["pomona-dod-2024", "springfield-award-2024"]
    risks = [float(r.xpath("td[2]")[0].text_content()) for r in fresh]
    assert risks == sorted(risks)
    for row in fresh:
        assert "rule " in row.xpath("td[3]")[0].text_content()  # why it is near the top


def test_article_page_is_inert_under_a_strict_policy_and_marks_whole_words(site):
    status, headers, body = request(site, "GET", "/article/springfield-award-2024")
    assert status == 200
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    doc = lxml_html.fromstring(body)
    assert [s.get("src") for s in doc.xpath("//script")] == ["/static/workbench.js"]
    assert not doc.xpath("//style") and not doc.xpath("//*[@style]") and not doc.xpath("//img")
    text_div = doc.get_element_by_id("text")
    assert "<script>document.title='PWNED'" in text_div.text_content()
    text = HOSTILE
    marks = text_div.xpath(".//mark[not(ancestor::mark)]")
    assert marks
    for mark in marks:  # every mark starts and ends on a word boundary
        pieces = mark.xpath(".//span[@data-o]")
        start = int(pieces[0].get("data-o"))
        end = int(pieces[-1].get("data-o")) + len(pieces[-1].text_content())
        assert text[start:end] == mark.text_content()
        assert start == 0 or not (text[start - 1].isalnum() and text[start].isalnum()), mark.text_content()
        assert not text[start] in "'’", mark.text_content()
        assert end == len(text) or not (text[end - 1].isalnum() and text[end].isalnum()), mark.text_content()


def test_html_article_keeps_its_paragraphs(site):
    status, _, body = request(site, "GET", "/article/pomona-dod-2024")
    assert status == 200
    paragraphs = lxml_html.fromstring(body).xpath("//div[@id='text']/p")
    article = extraction.read_article(site["root"] / "articles" / "pomona-dod-2024.html")
    assert len([p for p in paragraphs if p.text_content().strip()]) >= 5
    assert "\n".join(p.text_content() for p in paragraphs) == article.text


def test_refuses_paths_outside_the_directory_foreign_hosts_and_foreign_saves(site):
    assert request(site, "GET", "/article/..%2F..%2Fetc%2Fpasswd")[0] == 403
    assert request(site, "GET", "/api/article/..%2Ffixtures%2Fx")[0] == 403
    assert request(site, "GET", "/article/no-such-article")[0] == 404
    status, _, body = request(site, "GET", "/api/article/outside")      # a fixture naming /etc/hostname
    assert status == 404 and "outside the served directories" in body and "text" not in json.loads(body)
    assert request(site, "GET", "/static/..%2F..%2Fapp.py")[0] == 404
    assert request(site, "GET", "/", headers={"Host": "evil.example"})[0] == 400  # DNS rebinding
    record = json.dumps({"program": None, "districts": []}).encode()
    assert request(site, "POST", "/api/article/pomona-dod-2024", record,
                   {"Content-Type": "text/plain", "Origin": site["url"].rstrip("/")})[0] == 415
    assert request(site, "POST", "/api/article/pomona-dod-2024", record,
                   {"Content-Type": "application/json", "Origin": "http://evil.example"})[0] == 403
    assert not (site["fixtures"] / "pomona-dod-2024.json").exists()


def test_save_checks_the_record_writes_atomically_and_keeps_the_previous_version(site):
    status, _, body = request(site, "GET", "/api/article/pomona-dod-2024")
    working = json.loads(body)["working"]
    bad = json.loads(json.dumps(working))
    bad["districts"][0]["state"] = "XX"
    status, _, body = save(site, "pomona-dod-2024", bad)
    assert status == 422 and "USPS" in json.loads(body)["error"]
    target = site["fixtures"] / "pomona-dod-2024.json"
    assert not target.exists()

    first = working["districts"][0]
    first["city"], first["reviewed"] = None, ["city"]            # reviewed as absent
    working["districts"][1]["schools"] = None                   # not filled yet: no "reviewed"
    status, _, body = save(site, "pomona-dod-2024", working)
    assert status == 200, body
    answer = json.loads(body)
    saved = load_fixture(target)
    assert target.read_text(encoding="utf-8") == fixture_text(saved)  # canonical, as the tests read it
    assert saved["districts"][0]["city"] is None and saved["districts"][0]["reviewed"] == ["city"]
    assert "reviewed" not in saved["districts"][1]
    assert saved["text_path"] == "articles/pomona-dod-2024.html"
    pred = extracted(site["root"], "pomona-dod-2024", "pomona-dod-2024.html")
    assert answer["scores"] == article_scores(saved, pred)
    assert saved["floor"] == answer["floor"] == floor_of(answer["scores"])
    assert below_floor(target.name, saved, pred) is None           # a case of tests/test_fixtures.py

    working["program"] = "Districts of Distinction 2024"
    assert save(site, "pomona-dod-2024", working)[0] == 200
    assert load_fixture(previous_path(target)) == saved           # the version it replaced
    assert load_fixture(target)["program"] == "Districts of Distinction 2024"
    assert sorted(p.name for p in site["fixtures"].glob("*.json")) == sorted([f"{GOLDEN_BELL}.json", "outside.json", target.name])


def test_a_missing_directory_is_one_clear_line():
    out = subprocess.run([sys.executable, "-m", "cli", "review", "--serve", str(REPO / "no-such-dir")],
                         cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "no such directory" in out.stderr and "Traceback" not in out.stderr


def test_the_served_files_are_package_data():
    import tomllib

    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    shipped = {p for package, patterns in declared.items() if package.split(".")[0] == "review"
               for pattern in patterns for p in REPO.joinpath(*package.split(".")).glob(pattern)}
    assert {REPO / "review" / "static" / n for n in ("workbench.js", "workbench.css", "base.css")} <= shipped


def test_stylesheet_colours_are_the_static_pages_colours():
    css = (REPO / "review" / "static" / "base.css").read_text(encoding="utf-8")
    for field, colour in COLOURS.items():
        assert f".f-{field}{{background:{colour}}}" in css


# ---------------------------------------------------------------- in a real browser

@pytest.fixture
def browser():
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("no Debian chromium and chromedriver (apt-get install chromium chromium-driver): "
                    "the workbench is not checked in a real browser")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1400,1000", "--no-first-run", "--disable-background-networking"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


SELECT_TEXT = """
const [needle] = arguments;
const walker = document.createTreeWalker(document.getElementById("text"), NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const i = walker.currentNode.data.indexOf(needle);
  if (i >= 0) {
    const range = document.createRange();
    range.setStart(walker.currentNode, i);
    range.setEnd(walker.currentNode, i + needle.length);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    return true;
  }
}
return false;
"""


def test_review_an_article_in_the_browser_and_save_its_fixture(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    wait = WebDriverWait(browser, 60)
    browser.get(site["url"])
    browser.find_element(By.LINK_TEXT, "springfield-award-2024").click()
    wait.until(lambda d: d.find_element(By.ID, "workbench").get_attribute("data-ready") == "true")

    def district(prefix: str):
        return browser.find_element(By.CSS_SELECTOR, f"section.district[data-name^='{prefix}']")

    district("Peoria").find_element(By.CSS_SELECTOR, "tr[data-field='city'] button.reject").click()
    enrollment = district("Springfield").find_element(By.CSS_SELECTOR, "tr[data-field='enrollment'] input")
    enrollment.clear()
    enrollment.send_keys("13000")
    role = Select(district("Springfield").find_element(By.CSS_SELECTOR, "select.role"))
    new_role = "mentioned" if role.first_selected_option.get_attribute("value") == "recognized" else "recognized"
    role.select_by_value(new_role)  # the other role than the extractor's, so that it is a change
    assert browser.execute_script(SELECT_TEXT, "Rochester 3A")
    browser.find_element(By.ID, "add-district").click()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "section.district[data-name='Rochester 3A']"))
    browser.find_element(By.ID, "save").click()
    shown = wait.until(lambda d: d.find_elements(By.ID, "record-f1"))[0].text

    saved = load_fixture(site["fixtures"] / "springfield-award-2024.json")
    by_name = {d["name"]: d for d in saved["districts"]}
    springfield = next(d for n, d in by_name.items() if n.startswith("Springfield"))
    peoria = next(d for n, d in by_name.items() if n.startswith("Peoria"))
    assert springfield["enrollment"] == 13000 and springfield["role"] == new_role
    assert {"enrollment", "role"} <= set(springfield["reviewed"])
    assert peoria["city"] is None and peoria["reviewed"] == ["city"]   # reviewed as absent
    assert peoria["state"] == "IL"                                      # untouched values stay
    added = by_name["Rochester 3A"]
    start, end = added["span"]
    assert HOSTILE[start:end] == "Rochester 3A" and added["reviewed"] == ["name"]
    assert saved["text_path"] == "articles/springfield-award-2024.txt"

    pred = extracted(site["root"], "springfield-award-2024", "springfield-award-2024.txt")
    scores = article_scores(saved, pred)
    assert shown == f"{scores['record_f1']:.2f}"
    assert browser.find_element(By.ID, "district-f1").text == f"{scores['district_f1']:.2f}"
    assert saved["floor"] == floor_of(scores)
    assert evaluate.score({"x": saved}, {"x": pred})["record_f1"] < 1.0  # the corrections are differences now
    assert below_floor("springfield-award-2024.json", saved, pred) is None

    # the differences name the rule behind each wrong value; the article stayed text
    wrong = [li for li in browser.find_elements(By.CSS_SELECTOR, "#differences li")
             if "enrollment: fixture=13000 extraction=13500" in li.text]
    assert wrong and wrong[0].find_element(By.CSS_SELECTOR, ".rule").text.startswith("rule ")
    assert pred and any(e["field"] == "enrollment" and e["rule"] in wrong[0].text
                        for d in pred["districts"] for e in d["evidence"])
    assert browser.title == "awardex workbench: springfield-award-2024"
    assert not browser.find_elements(By.ID, "pwned") and not browser.find_elements(By.CSS_SELECTOR, "#text img")


def test_a_fixture_that_is_not_json_is_listed_with_its_reason_and_the_index_still_renders(tmp_path):
    from review.app import index_page
    from review.workbench import Workbench

    (tmp_path / "articles").mkdir()
    (tmp_path / "fixtures").mkdir()
    shutil.copy(REPO / "raw" / "samples" / "pomona-dod-2024.html", tmp_path / "articles")
    (tmp_path / "fixtures" / "broken.json").write_text("{not json", encoding="utf-8")
    bench = Workbench(tmp_path / "articles", tmp_path / "fixtures", tmp_path)
    reviewed, fresh = bench.index()
    assert [(r["article_id"], r["error"].startswith("unreadable fixture:")) for r in reviewed] == [("broken", True)]
    assert [r["article_id"] for r in fresh] == ["pomona-dod-2024"]
    assert "unreadable fixture" in index_page(bench)
