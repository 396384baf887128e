"""pipeline.text: bytes and files -> RawArticle, on real pages and fuzzed input."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from schemas.articles import sha256
from pipeline.text import TextError, decode, html_to_article, normalize, read_file

MENU_AND_FOOTER = ("Home", "Subscribe", "newsletter", "Copyright", "Privacy", "Terms of use")


def _text_error(path) -> str:
    with pytest.raises(TextError) as info:
        read_file(path)
    return info.value.reason


# --- files ----------------------------------------------------------------------------------

def test_real_page(tmp_path, article_html):
    page = tmp_path / "pomona.html"
    page.write_text(article_html, encoding="utf-8")
    article = read_file(page)
    assert article.title == "Pomona Unified named a District of Distinction"
    assert article.published == date(2024, 3, 12)
    assert "Pomona Unified School District in Pomona, California, has been recognized" in article.text
    assert "“Our students are becoming bilingual and biliterate,” said the superintendent." in article.text
    assert not any(word in article.text for word in MENU_AND_FOOTER)
    assert article.article_id == sha256(article.text) and article.source == str(page)
    assert article.text == normalize(article.text)


def test_page_with_url_gets_the_url_id(article_html):
    article = html_to_article(article_html, source="x", url="https://example.org/a")
    assert article.article_id == sha256("https://example.org/a")


def test_txt_file(tmp_path):
    path = tmp_path / "award.txt"
    path.write_bytes("Pomona USD wins\r\n\r\nPomona Unified School District won an award.\r\n".encode("utf-8"))
    article = read_file(path)
    assert article.text == "Pomona USD wins\n\nPomona Unified School District won an award."
    assert article.title == "Pomona USD wins"
    assert article.published is None and article.article_id == sha256(article.text)


def test_txt_title_only_when_short(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("word " * 60 + "\nsecond line\n")
    assert read_file(path).title is None
    path.write_text("Just one line of text.\n")
    assert read_file(path).title is None


def test_empty_file(tmp_path):
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \r\n\t\n")
    assert _text_error(tmp_path / "empty.html") == "empty file"
    assert _text_error(tmp_path / "blank.txt") == "empty file"


def test_binary_file(tmp_path):
    png = tmp_path / "logo.html"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(range(256)))
    assert _text_error(png) == "binary content (NUL bytes)"
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(range(1, 32)) * 20)
    assert _text_error(noise) == "binary content (control characters)"


def test_boilerplate_only(tmp_path, boilerplate_html):
    page = tmp_path / "home.html"
    page.write_text(boilerplate_html)
    assert _text_error(page) == "no article text found"


def test_missing_and_unsupported_files(tmp_path):
    assert _text_error(tmp_path / "gone.html").startswith("cannot read file")
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    assert _text_error(tmp_path / "a.pdf") == "unsupported file type '.pdf' (expected .html, .htm or .txt)"


# --- decoding -------------------------------------------------------------------------------

def test_decode_charsets():
    text = "The café in Zürich – “quoted”."
    assert decode(text.encode("utf-8")) == text
    assert decode(text.encode("cp1252"), "text/html; charset=windows-1252") == text
    assert decode(text.encode("cp1252")) == text  # no declaration: guessed
    assert decode(text.encode("cp1252"), "text/html; charset=utf-8") == text  # wrongly declared
    assert decode('<meta charset="iso-8859-1"><p>The café in Zürich</p>'.encode("latin-1")).endswith("Zürich</p>")
    assert decode(codecs_bom_utf16(text)) == text
    assert decode(b"caf\xc3\xa9 \xff ok", "text/html; charset=utf-8") == "café \ufffd ok"
    assert decode(b"caf\xc3\xa9 \xff ok") == "café \ufffd ok"
    assert decode(b"x", "text/html; charset=no-such-charset") == "x"


@pytest.mark.parametrize("declared", ["utf-16", "utf-16-le", "UTF-32"])
@pytest.mark.parametrize("pad", ["", " "])  # even and odd byte counts: UTF-16 "decodes" the even ones
def test_a_wide_charset_that_lies_does_not_lose_the_page(declared, pad):
    page = f"<html><body><p>The café in Zürich – “quoted”.{pad}</p></body></html>"
    assert decode(page.encode("utf-8"), f"text/html; charset={declared}") == page
    assert decode(f"<meta charset='{declared}'>{page}".encode("utf-8")).endswith(page)


def test_a_true_wide_charset_without_a_bom_still_decodes():
    page = "<html><body><p>The café in Zürich – “quoted”.</p></body></html>"
    assert decode(page.encode("utf-16-le"), "text/html; charset=utf-16-le") == page
    assert decode(page.encode("utf-32-be"), "text/html; charset=utf-32-be") == page


def codecs_bom_utf16(text: str) -> bytes:
    return text.encode("utf-16")  # with a BOM


def test_normalize():
    assert normalize("  a\r\nb\rc\u2028d\x00e\ufeff\n") == "a\nb\nc\nde"
    assert normalize("Cafe\u0301") == "Café"


# --- fuzz: only TextError ever escapes, and normalising is done once for good -------------

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ_HTML = settings(FUZZ, max_examples=80)  # trafilatura: ~15 ms a page
HTMLISH = st.lists(st.sampled_from(["<html>", "<body>", "<p>", "</p>", "<div>", "<nav>", "<script>",
                                    "<!--", "-->", "<meta charset=\"utf-16\">", "<?xml version='1.0'?>",
                                    "&amp;", "&#0;", "\x00", "\r\n", "Pomona Unified School District ",
                                    "won an award for its literacy program. "]) | st.text(max_size=40),
                   max_size=60).map("".join)


@FUZZ_HTML
@given(st.one_of(st.text(max_size=500), HTMLISH))
def test_html_to_article_returns_or_raises_text_error(html):
    try:
        article = html_to_article(html, source="fuzz")
    except TextError:
        return
    assert article.text and article.text == normalize(article.text)


@FUZZ
@given(st.binary(max_size=600),
       st.sampled_from([None, "", "text/html", "text/html; charset=utf-8", "text/plain; charset=utf-16",
                        "text/html; charset=base64", "text/html; charset=idna", "text/html; charset=\"",
                        "text/html; charset=utf-32-be"]))
def test_decode_returns_or_raises_text_error(body, content_type):
    try:
        assert isinstance(decode(body, content_type), str)
    except TextError:
        pass


@FUZZ
@given(st.text(max_size=300))
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once
    assert once.splitlines() == once.split("\n") or once == ""
