"""spaCy, imported without its command line.

`import spacy` runs `from .cli.info import info` (for the `spacy.info()` function), which imports
the package spacy.cli and every spaCy command with it: requests, typer, weasel, httpx, jinja2...
That is ~0.14 s of a ~1 s `awardex extract one.txt`, and the extractors use none of it. So while
spaCy's own package is imported, spacy.cli and spacy.cli.info are placeholders; they are taken
out of sys.modules right after, so a later `import spacy.cli` (or `spacy.info()`, which imports it
when called) gets the real package. If a spaCy version needs more of spacy.cli at import time,
it is imported again as usual: slower, never different.
"""
from __future__ import annotations

import sys
import types


def _info(*args, **kwargs):
    """spacy.info, importing spaCy's command line when it is called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> types.ModuleType:
    if "spacy" not in sys.modules:
        package = types.ModuleType("spacy.cli")
        package.__path__ = []  # a package with no submodules: any other spacy.cli import fails
        info = types.ModuleType("spacy.cli.info")
        info.info = _info
        placeholders = {"spacy.cli": package, "spacy.cli.info": info}
        for name, module in placeholders.items():
            sys.modules.setdefault(name, module)
        try:
            import spacy  # noqa: F401
        except ImportError:
            pass  # imported again below, with the real spacy.cli
        finally:
            for name, module in placeholders.items():
                if sys.modules.get(name) is module:
                    del sys.modules[name]
    import spacy

    return spacy


spacy = import_spacy()
