"""pipeline.sources: arguments -> Sources and source-stage Rejects, on real files."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.sources import Source, resolve


def _files(*paths: Path) -> list[Source]:
    return [Source("file", str(p)) for p in paths]


def _reasons(rejects) -> dict[str, str]:
    assert all(r.stage == "source" for r in rejects)
    return {r.source: r.reason for r in rejects}


@pytest.fixture
def articles(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("b.html", "a.txt", "c.htm", "README.md", "notes.pdf", "logo.png", ".hidden.html"):
        (folder / name).write_text("Pomona Unified School District won an award.\n")
    (folder / "sub").mkdir()
    (folder / "sub" / "d.html").write_text("<p>nested</p>")
    return folder


def test_urls_and_files_in_order(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<p>x</p>")
    sources, rejects = resolve(["https://example.org/a", str(page), "http://example.org/b?x=1"])
    assert sources == [Source("url", "https://example.org/a"), Source("file", str(page)),
                       Source("url", "http://example.org/b?x=1")]
    assert rejects == []


def test_directory_keeps_its_articles_sorted_and_skips_the_rest(articles):
    sources, rejects = resolve([str(articles)])
    assert sources == _files(articles / "a.txt", articles / "b.html", articles / "c.htm")
    assert rejects == []


def test_directory_with_a_broken_link_among_good_files(articles):
    os.symlink(articles / "gone.html", articles / "broken.html")
    sources, rejects = resolve([str(articles)])
    assert sources == _files(articles / "a.txt", articles / "b.html", articles / "c.htm")
    assert _reasons(rejects) == {str(articles / "broken.html"): "broken symbolic link"}


def test_directory_without_articles(tmp_path):
    (tmp_path / "README.md").write_text("hello")
    sources, rejects = resolve([str(tmp_path)])
    assert sources == []
    assert _reasons(rejects) == {str(tmp_path): "directory has no .html, .htm or .txt files"}


def test_list_file(tmp_path, articles):
    listing = tmp_path / "sources.txt"
    listing.write_text(
        "# award pages\n\n"
        "https://example.org/award\n"
        "  articles/b.html  \n"               # relative to the list file
        f"{articles}\n"                       # a directory
        "ftp://example.org/x.html\n"
        "# https://example.org/commented-out\n"
        "https://example.org/award#top\n"     # same page as the first
    )
    sources, rejects = resolve([str(listing)])
    assert sources == [Source("url", "https://example.org/award"), *_files(
        tmp_path / "articles/b.html", articles / "a.txt", articles / "c.htm")]
    assert _reasons(rejects) == {"ftp://example.org/x.html": "unsupported URL scheme 'ftp' (only http and https)"}


def test_txt_article_is_not_a_list(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Pomona USD wins\nhttps://example.org/award\nThe district was recognised.\n")
    assert resolve([str(article)]) == (_files(article), [])


def test_list_that_includes_itself(tmp_path):
    listing = tmp_path / "self.txt"
    listing.write_text("self.txt\nhttps://example.org/a\n")
    sources, rejects = resolve([str(listing)])
    assert sources == [Source("url", "https://example.org/a")]
    assert _reasons(rejects) == {str(tmp_path / "self.txt"): "source list includes itself"}


@pytest.mark.parametrize("arg, reason", [
    ("ftp://example.org/a.html", "unsupported URL scheme 'ftp' (only http and https)"),
    ("file:///tmp/a.html", "file:// URLs are not accepted: give the path itself"),
    ("gopher://example.org/", "unsupported URL scheme 'gopher' (only http and https)"),
    ("https://", "URL has no host"),
    ("http://[::1/", "invalid URL: Invalid IPv6 URL"),
    ("/no/such/file.html", "no such file or directory"),
    ("", "empty source"),
])
def test_rejects(arg, reason):
    sources, rejects = resolve([arg])
    assert sources == []
    assert _reasons(rejects) == {arg: reason}


def test_unsupported_extension(tmp_path):
    pdf = tmp_path / "award.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert _reasons(resolve([str(pdf)])[1]) == {
        str(pdf): "unsupported file type '.pdf' (expected .html, .htm or .txt)"}


def test_duplicates_removed_first_kept(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.html").write_text("<p>x</p>")
    sources, rejects = resolve(["a.html", "https://Example.org/p", "./a.html", str(tmp_path),
                                "HTTPS://example.org/p", "https://example.org/p#frag", "ftp://x", "ftp://x"])
    assert sources == [Source("file", "a.html"), Source("url", "https://Example.org/p")]
    assert len(rejects) == 1


def test_bad_args_do_not_stop_good_ones(tmp_path):
    good = tmp_path / "good.html"
    good.write_text("<p>x</p>")
    sources, rejects = resolve(["/missing.html", str(good), "ftp://x/y"])
    assert sources == _files(good)
    assert [r.source for r in rejects] == ["/missing.html", "ftp://x/y"]
