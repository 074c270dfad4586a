"""The package carries its own templates and schemas, and the top-level copies users take match.

`src/reportkit/templates/default/` is the source of the templates; the models are the source
of the schemas. `make templates` and `make schemas` rewrite the copies.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest
from conftest import ROOT

from reportkit.models import REPORT_KINDS
from reportkit.schema import schema_text
from reportkit.theme import BUILTIN_TEMPLATES

PACKAGED = resources.files("reportkit")


def tree_bytes(folder: Traversable, prefix: str = "") -> dict[str, bytes]:
    """Return {relative path: bytes} of every file below `folder` (caches left out)."""
    files: dict[str, bytes] = {}
    for entry in folder.iterdir():
        if entry.name == "__pycache__":
            continue
        if entry.is_dir():
            files |= tree_bytes(entry, f"{prefix}{entry.name}/")
        else:
            files[prefix + entry.name] = entry.read_bytes()
    return files


def differences(ours: dict[str, bytes], theirs: dict[str, bytes]) -> list[str]:
    return sorted(
        name for name in ours.keys() | theirs.keys() if ours.get(name) != theirs.get(name)
    )


def test_the_builtin_templates_are_the_packaged_ones():
    assert Path(str(PACKAGED / "templates" / "default")).resolve() == BUILTIN_TEMPLATES
    assert ROOT / "templates" not in BUILTIN_TEMPLATES.parents


def test_top_level_templates_are_a_copy_of_the_packaged_ones():
    packaged = tree_bytes(PACKAGED / "templates" / "default")
    copy = tree_bytes(ROOT / "templates" / "default")
    assert {"theme.yaml", "base.html", "report.css", "docx/styles.yaml"} <= packaged.keys()
    assert differences(packaged, copy) == [], (
        "templates/default/ differs from src/reportkit/templates/default/ (the source): edit the "
        "packaged files (copy a change made at the top level there first), then run make templates"
    )


@pytest.mark.parametrize("kind", sorted(REPORT_KINDS))
def test_packaged_and_top_level_schemas_match_the_models(kind):
    name = f"{kind}.schema.json"
    packaged = (PACKAGED / "schemas" / name).read_text(encoding="utf-8")
    top_level = (ROOT / "schemas" / name).read_text(encoding="utf-8")
    assert packaged == schema_text(kind), "src/reportkit/schemas/ is stale: run make schemas"
    assert top_level == schema_text(kind), "schemas/ is stale: run make schemas"
