"""`reportkit new`: a commented starting file for a report kind."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from reportkit.errors import UsageError
from reportkit.i18n import _, isolate
from reportkit.models import REPORT_KINDS
from reportkit.schema import schema_path


def skeleton_text(kind: str, target: Path, schema_folder: Path) -> str:
    """Return the skeleton for `kind`, its first line pointing editors at the kind's schema."""
    if kind not in REPORT_KINDS:
        raise UsageError(f"unknown report kind `{kind}`; use one of: {', '.join(REPORT_KINDS)}")
    template = resources.files("reportkit.skeletons").joinpath(f"{kind}.yaml").read_text("utf-8")
    schema = schema_path(schema_folder, kind).resolve()
    relative = os.path.relpath(schema, target.resolve().parent)
    return template.replace("{schema}", Path(relative).as_posix(), 1)


def write_skeleton(kind: str, target: Path, schema_folder: Path, force: bool = False) -> Path:
    """Write a new report skeleton; refuse to overwrite an existing file unless `force`."""
    if target.suffix not in (".yaml", ".yml"):
        target = target.with_suffix(".yaml")
    if target.exists() and not force:
        raise UsageError(f"{target} already exists; choose another name or pass --force")
    text = skeleton_text(kind, target, schema_folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def unresolved_schema_note(kind: str, target: Path, schema_folder: Path) -> str | None:
    """Return how to make the new file's `$schema` line resolve, or None when it already does.

    The line is relative to the written file, so it resolves only if the schema exists there.
    """
    schema = schema_path(schema_folder, kind)
    if schema.is_file():
        return None
    return _(
        "{schema} does not exist, so editors cannot check {target} yet; write it with "
        "`reportkit schema --out {folder}`, or pass `--schemas DIR` pointing at your schemas",
        schema=isolate(schema),
        target=isolate(target),
        folder=schema_folder,
    )
