"""Start-up of `awardex extract one.txt` (a reviewer's loop): what a cold process imports and builds."""
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_extract_imports_neither_spacys_command_line_nor_duckdb():
    """spacy.cli (requests, typer, weasel, jinja2: ~0.14 s) and DuckDB (~40 ms) are not on the path."""
    code = ("import sys, cli; cli.parser(); import extractors.records; "
            "print(sorted(m for m in ('spacy.cli', 'duckdb', 'weasel', 'typer') if m in sys.modules))")
    assert _run(code) == "[]"


def test_spacys_command_line_still_imports_after_the_extractors():
    code = ("import extractors.nlp, spacy, spacy.cli, spacy.cli.info; "
            "print(callable(spacy.cli.download), spacy.info()['spacy_version'] == spacy.__version__)")
    assert _run(code).split() == ["True", "True"]


def test_the_tokenizer_is_built_with_our_special_cases_and_infixes():
    from extractors import nlp

    words = lambda text: [t.text for t in nlp.build().make_doc(text)]  # noqa: E731
    assert words("District No. 5 won") == ["District", "No.", "5", "won"]
    assert words("(Fountain-Fort Carson School District 8)")[-2:] == ["8", ")"]
    assert words("Department of EducationIdaho: x")[2:4] == ["Education", "Idaho"]
    assert words("Skagway School DistrictArizona")[-2:] == ["District", "Arizona"]


def test_a_line_break_is_no_special_case():
    """spaCy caches no chunk of a doc after the doc's first special case; a line break was one, so
    every chunk after a text's first line ran through the affix regexes again. A line break and a
    dash are still tokens of their own."""
    from extractors import nlp

    tokenizer = nlp.build().tokenizer.__wrapped__
    assert not set(nlp.NO_OP_SPECIALS) & set(tokenizer.rules)
    assert [t.text for t in nlp.build().make_doc("Elm School District\n\nwon \n a — 'b'")] == [
        "Elm", "School", "District", "\n\n", "won", "\n ", "a", "—", "'", "b", "'"]
