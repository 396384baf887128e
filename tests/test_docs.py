"""Every command and query in README.md and docs/*.md runs here, and prints what the docs show.

A fresh warehouse is built once from raw/samples with `awardex run`, then, in document order:
- each `awardex query` of a sh block runs (as a real process, 80 columns wide) and its output is
  compared with the ```text block right after it, when there is one;
- each ```sql block runs through the analyst sandbox and is compared the same way;
- each ```python block that uses warehouse.analysts (the notebook examples) runs and its printed
  output is compared; other Python blocks (Dask / Kubernetes set-ups) are compiled only;
- `awardex extract` commands run; every other `awardex` command is parsed by the real parser
  (its options must exist); other commands (make, prefect, cd, ...) are in NOT_RUN with the reason.

When the extractor changes what the samples give, regenerate the shown output with
`AWARDEX_WRITE_DOCS=1 .venv/bin/python -m pytest tests/test_docs.py`, read the diff, commit it.
"""
from __future__ import annotations

import contextlib
import difflib
import io
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
WRITE = os.environ.get("AWARDEX_WRITE_DOCS") == "1"
WIDTH = "80"
RUN = ("query", "extract")  # awardex subcommands run for real; the others are parsed
# First words of commands that are not run here, and why.
NOT_RUN = {
    "make": "set-up and the test suite itself (this test runs inside it)",
    "prefect": "needs a Prefect server and a work pool",
    "cd": "a directory of a deployment",
    "export": "an environment variable of a deployment",
    "python": "the benchmark (make bench), minutes long",
    "crontab": "a scheduler on a server",
    "systemctl": "a scheduler on a server",
}
FENCE = re.compile(r"^```(\w*)\s*$")


@dataclass
class Block:
    path: Path
    lang: str
    start: int  # index of the first content line
    lines: list[str]
    output: "Block | None" = None  # the ```text block right after it


def blocks(path: Path) -> list[Block]:
    """Fenced blocks of a markdown file, each with the ```text block that follows it (if any)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m or m.group(1) == "":
            i += 1
            continue
        j = i + 1
        while j < len(lines) and lines[j].rstrip() != "```":
            j += 1
        found.append(Block(path, m.group(1), i + 1, lines[i + 1:j]))
        i = j + 1
    for a, b in zip(found, found[1:]):
        between = path.read_text(encoding="utf-8").splitlines()[a.start + len(a.lines) + 1:b.start - 1]
        if b.lang == "text" and not any(line.strip() for line in between):
            a.output = b
    return found


def commands(block: Block) -> list[list[str]]:
    """The shell commands of a sh block as argument lists (continuations and quoted newlines joined)."""
    out, pending = [], ""
    for line in block.lines:
        pending = f"{pending}\n{line}" if pending else line
        if pending.rstrip().endswith("\\"):
            pending = pending.rstrip()[:-1]
            continue
        try:
            words = shlex.split(pending, comments=True)
        except ValueError:  # an open quote: the command goes on on the next line
            continue
        if words:
            out.append(words)
        pending = ""
    assert not pending, f"{block.path.name}: unfinished command {pending!r}"
    return out


def awardex_args(words: list[str]) -> list[str] | None:
    if words and Path(words[0]).name == "awardex":
        return words[1:]
    return None


@pytest.fixture(scope="session")
def fresh(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("docs") / "awards.duckdb"
    out = subprocess.run([sys.executable, "-m", "cli", "run", "--db", str(db)], cwd=ROOT, capture_output=True,
                         text=True, timeout=900, env={**os.environ, "COLUMNS": WIDTH})
    assert out.returncode == 0, out.stdout + out.stderr
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:  # a run that loaded nothing (e.g. an extractor mid-edit) must not become the docs' output
        articles, mentions = con.execute("SELECT (SELECT count(*) FROM articles), "
                                         "(SELECT count(*) FROM district_mentions)").fetchone()
    finally:
        con.close()
    samples = [p for p in (ROOT / "raw" / "samples").iterdir() if p.suffix in (".txt", ".html") and p.stem != "README"]
    assert articles == len(samples) and mentions >= 2 * len(samples), (articles, mentions, out.stdout + out.stderr)
    return db


def with_db(args: list[str], db: Path) -> list[str]:
    """`--db X` pointed at the fresh warehouse; without one, AWARDEX_DB does it."""
    return [str(db) if i and args[i - 1] == "--db" else a for i, a in enumerate(args)]


def run_awardex(args: list[str], db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", *with_db(args, db)], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env={**os.environ, "COLUMNS": WIDTH, "AWARDEX_DB": str(db)})


def run_python(code: str, db: Path) -> str:
    out = io.StringIO()
    old = os.environ.get("AWARDEX_DB")
    os.environ["AWARDEX_DB"] = str(db)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "<docs example>", "exec"), {"__name__": "__docs__"})
    finally:
        if old is None:
            os.environ.pop("AWARDEX_DB", None)
        else:
            os.environ["AWARDEX_DB"] = old
    return out.getvalue()


def run_sql(sql: str, db: Path) -> str:
    from warehouse.query import run_query

    return run_query(sql, db=db, width=int(WIDTH))


class Shown:
    """Output blocks to compare, or (AWARDEX_WRITE_DOCS=1) to rewrite, per file."""

    def __init__(self) -> None:
        self.mismatches: list[str] = []
        self.rewrites: dict[Path, list[tuple[Block, list[str]]]] = {}

    def check(self, block: Block, got: str, what: str) -> None:
        if block.output is None:
            return
        lines = [line.rstrip() for line in got.rstrip("\n").splitlines()]
        if WRITE:
            self.rewrites.setdefault(block.path, []).append((block.output, lines))
        elif lines != [line.rstrip() for line in block.output.lines]:
            diff = difflib.unified_diff([line.rstrip() for line in block.output.lines], lines, "shown", "printed",
                                        lineterm="")
            self.mismatches.append(f"{block.path.name} line {block.output.start}: {what}\n" + "\n".join(diff))

    def write(self) -> None:
        for path, changes in self.rewrites.items():
            lines = path.read_text(encoding="utf-8").splitlines()
            for out, new in sorted(changes, key=lambda c: -c[0].start):
                lines[out.start:out.start + len(out.lines)] = new
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_every_command_and_query_in_the_docs(fresh):
    import cli

    shown, ran, parsed = Shown(), 0, 0
    for path in DOCS:
        for block in blocks(path):
            if block.lang in ("sh", "bash", "console"):
                for words in commands(block):
                    args = awardex_args(words)
                    if args is None:
                        assert Path(words[0]).name in NOT_RUN or "=" in words[0], f"{path.name}: what runs {words}?"
                        continue
                    with pytest.raises(SystemExit) if args[:1] == ["--help"] else contextlib.nullcontext():
                        cli.parser().parse_args(with_db(args, fresh))  # the options exist
                    parsed += 1
                    if args[0] in RUN:
                        out = run_awardex(args, fresh)
                        assert out.returncode == 0, f"{path.name}: {shlex.join(words)}\n{out.stderr}"
                        ran += 1
                        if args[0] == "query":
                            shown.check(block, out.stdout, shlex.join(words))
            elif block.lang == "sql":
                shown.check(block, run_sql("\n".join(block.lines), fresh), "sql block")
                ran += 1
            elif block.lang == "python":
                code = "\n".join(block.lines)
                compile(code, f"{path.name} line {block.start}", "exec")
                if "warehouse.analysts" in code:  # the notebook examples; others are cluster set-ups
                    shown.check(block, run_python(code, fresh), "python block")
                    ran += 1
    if WRITE:
        shown.write()
    assert not shown.mismatches, ("output differs from the docs (AWARDEX_WRITE_DOCS=1 regenerates it):\n\n"
                                  + "\n\n".join(shown.mismatches))
    assert ran >= 8 and parsed >= 10, (ran, parsed)


def test_the_readme_quick_start_query_works(fresh):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (first,) = [line for line in readme.splitlines() if line.startswith(".venv/bin/awardex query")][:1]
    out = run_awardex(awardex_args(shlex.split(first, comments=True)), fresh)
    assert out.returncode == 0 and out.stdout.strip(), out.stderr
