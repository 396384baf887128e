"""The initiative vocabulary (a copy of ../shared/taxonomy.yaml; a test keeps them equal)."""
from functools import lru_cache
from pathlib import Path

import yaml

TAXONOMY_FILE = Path(__file__).with_name("taxonomy.yaml")


@lru_cache(maxsize=1)
def taxonomy() -> dict[str, dict]:
    """id -> {label, covers} for every initiative type."""
    data = yaml.safe_load(TAXONOMY_FILE.read_text(encoding="utf-8"))
    return {item["id"]: item for item in data["initiative_types"]}


def initiative_ids() -> frozenset[str]:
    return frozenset(taxonomy())
