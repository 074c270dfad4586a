"""JSON Schemas for editors, written from the models: `schemas/<kind>.schema.json`."""

from __future__ import annotations

import json
from pathlib import Path

from reportkit.models import REPORT_KINDS

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def build_schema(kind: str) -> dict:
    """Return the JSON Schema of report kind `kind`."""
    model = REPORT_KINDS[kind]
    schema = model.model_json_schema()
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"reportkit {kind} report",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def schema_text(kind: str) -> str:
    return json.dumps(build_schema(kind), ensure_ascii=False, indent=2) + "\n"


def schema_path(folder: Path, kind: str) -> Path:
    return folder / f"{kind}.schema.json"


def write_schemas(folder: Path) -> list[Path]:
    """Write one schema per report kind into `folder`; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in REPORT_KINDS:
        path = schema_path(folder, kind)
        path.write_text(schema_text(kind), encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(folder: Path) -> list[Path]:
    """Return the schema files in `folder` that are missing or differ from the models."""
    stale = []
    for kind in REPORT_KINDS:
        path = schema_path(folder, kind)
        if not path.is_file() or path.read_text(encoding="utf-8") != schema_text(kind):
            stale.append(path)
    return stale
