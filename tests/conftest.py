"""Shared fixtures. Keep each one small; add yours below with a comment saying who uses it."""
from __future__ import annotations

import pytest

# A news page as published: menu, article, footer (used by test_text and test_fetch).
ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Pomona Unified Named a District of Distinction | District Administration</title>
<meta property="og:title" content="Pomona Unified named a District of Distinction">
<meta property="article:published_time" content="2024-03-12T09:00:00Z">
</head>
<body>
<header><nav class="menu"><ul>
<li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/subscribe">Subscribe to our newsletter</a></li>
</ul></nav></header>
<main><article>
<h1>Pomona Unified named a District of Distinction</h1>
<p>Pomona Unified School District in Pomona, California, has been recognized as a District of
Distinction for its dual-language immersion program, which now reaches more than 4,000 students
across 12 elementary schools.</p>
<p>The district, which serves about 23,000 students in 41 schools, expanded the program in 2019
after a pilot at two campuses. Teachers received training and new bilingual materials.</p>
<p>“Our students are becoming bilingual and biliterate,” said the superintendent.</p>
</article></main>
<footer class="site-footer"><p>Copyright 2024 District Administration. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/terms">Terms of use</a></p></footer>
</body></html>
"""

# Menu and footer, no article (used by test_text).
BOILERPLATE_HTML = """<html><head><title>Home</title></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/about">About us</a></li></ul></nav></header>
<footer><p>Copyright 2024 Example. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


@pytest.fixture(scope="session")
def article_html() -> str:
    return ARTICLE_HTML


@pytest.fixture(scope="session")
def boilerplate_html() -> str:
    return BOILERPLATE_HTML


# A Prefect test server for the whole session (used by test_flow).
@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


# Where ../shared is, or a skip that says why (used by evaluations against the real corpus).
@pytest.fixture(scope="session")
def corpus():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    if not (path / "gold-dev.jsonl").exists():
        pytest.skip(f"no development set at {path}: real-article evaluations need ../shared beside the clone")
    return path
