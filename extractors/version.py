"""The extractor's version: code version plus a digest of the extractor's code and rule files.

Kept apart from extractors/nlp.py so that the flow process can stamp its run without importing
spaCy (~95 MB); nothing heavy is imported here.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

__version__ = "0.2.0"
HERE = Path(__file__).parent


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """Any change to the extractor's code or rule files re-extracts everything once."""
    digest = hashlib.sha256()
    for path in sorted([*HERE.glob("*.py"), *(HERE / "patterns").glob("*.yaml")]):
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:8]}"
