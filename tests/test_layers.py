"""The design's layers: import-linter holds the packages (pyproject.toml); this checks the two
top-level modules it cannot see from inside, and that the contracts themselves hold."""
import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("module", ["flows.py", "cli.py", "prefect_server.py"])
def test_shipped_top_level_modules_never_import_bench_or_tests(module):
    assert not imported(REPO / module) & {"bench", "tests"}


def test_flows_is_the_only_module_that_imports_prefect_at_top_level():
    shipped = [p for d in ("schemas", "extractors", "pipeline", "warehouse", "review") for p in (REPO / d).rglob("*.py")]
    assert [p.name for p in shipped if "prefect" in imported(p)] == []


def test_import_contracts_hold():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is a test dependency (pyproject [test])"
    out = subprocess.run([lint], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:]
    assert "0 broken" in out.stdout


def test_the_pool_workers_module_leaves_the_database_libraries_to_the_flow_process():
    """Workers import flows to run extract_batch: DuckDB and Arrow (~70 MB a process) stay out."""
    code = "import sys, flows; print(sorted(m for m in ('duckdb', 'pyarrow', 'warehouse') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_flow_process_stamps_its_run_without_importing_spacy():
    """The extractor version is a digest of files: the flow process needs no spaCy (~95 MB) for it."""
    code = "import sys, flows, extractors.version as e; v = e.extractor_version(); print('spacy' in sys.modules, v.startswith('0.'))"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
