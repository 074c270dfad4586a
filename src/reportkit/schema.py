"""JSON Schemas for editors, written from the models and the house rules:
`schemas/<kind>.schema.json`.

The house rules (house_rules.py) show where JSON Schema can say them: a required field is
`required` (a list, `minItems: 1`); a required section kind is a `contains` on `sections`;
the perspective count is `minItems`/`maxItems`. Recommended sections, the order of sections
and paragraph lengths are left to `reportkit validate`.
"""

from __future__ import annotations

import json
from pathlib import Path

from reportkit.house_rules import DEFAULT_RULES, HouseRules
from reportkit.models import REPORT_KINDS

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def build_schema(kind: str, rules: HouseRules = DEFAULT_RULES) -> dict:
    """Return the JSON Schema of report kind `kind` under the house `rules`."""
    model = REPORT_KINDS[kind]
    schema = model.model_json_schema()
    _require_fields(schema, kind, rules)
    _require_sections(schema, kind, rules)
    _limit_perspectives(schema, kind, rules)
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"reportkit {kind} report",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def _require_fields(schema: dict, kind: str, rules: HouseRules) -> None:
    levels = rules.field_levels(kind)
    required = set(schema.get("required", ())) | {n for n, lv in levels.items() if lv == "required"}
    # In the models' field order, as pydantic writes it.
    schema["required"] = [name for name in REPORT_KINDS[kind].model_fields if name in required]
    for name, level in levels.items():
        field = schema["properties"][name]
        if field.get("type") == "array":
            if level == "required":
                field["minItems"] = 1
            else:
                field.pop("minItems", None)
            _sort_keys(field)


def _require_sections(schema: dict, kind: str, rules: HouseRules) -> None:
    required = [k for k, level in rules.section_levels(kind).items() if level == "required"]
    if required:
        schema["properties"]["sections"]["allOf"] = [
            {"contains": {"properties": {"kind": {"const": k}}, "required": ["kind"]}}
            for k in required
        ]
        _sort_keys(schema["properties"]["sections"])


def _limit_perspectives(schema: dict, kind: str, rules: HouseRules) -> None:
    drivers = schema.get("$defs", {}).get("Drivers")
    if kind != "analysis" or drivers is None:
        return
    limits = rules.rules.analysis.perspectives
    field = drivers["properties"]["perspectives"]
    field["minItems"] = limits.min
    if limits.max is not None:
        field["maxItems"] = limits.max
    _sort_keys(field)


def _sort_keys(mapping: dict) -> None:
    """Put a changed schema's keys back in the alphabetical order pydantic writes."""
    items = sorted(mapping.items())
    mapping.clear()
    mapping.update(items)


def schema_text(kind: str, rules: HouseRules = DEFAULT_RULES) -> str:
    return json.dumps(build_schema(kind, rules), ensure_ascii=False, indent=2) + "\n"


def schema_path(folder: Path, kind: str) -> Path:
    return folder / f"{kind}.schema.json"


def write_schemas(folder: Path, rules: HouseRules = DEFAULT_RULES) -> list[Path]:
    """Write one schema per report kind into `folder`; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in REPORT_KINDS:
        path = schema_path(folder, kind)
        path.write_text(schema_text(kind, rules), encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(folder: Path, rules: HouseRules = DEFAULT_RULES) -> list[Path]:
    """Return the schema files in `folder` that are missing or differ from the models."""
    stale = []
    for kind in REPORT_KINDS:
        path = schema_path(folder, kind)
        if not path.is_file() or path.read_text(encoding="utf-8") != schema_text(kind, rules):
            stale.append(path)
    return stale
