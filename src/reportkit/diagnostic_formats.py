"""Writers for validation results: text for people, JSON, GitHub annotations and SARIF for tools.

Each writer takes the list of LoadResults and returns the whole output as one string.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from reportkit import __version__
from reportkit.diagnostics import CODES, Diagnostic, has_errors
from reportkit.i18n import _, ngettext
from reportkit.loader import LoadResult

JSON_FORMAT_VERSION = 1


def _all(results: Sequence[LoadResult]) -> list[Diagnostic]:
    return [d for result in results for d in result.diagnostics]


def summarize(results: Sequence[LoadResult]) -> dict:
    diagnostics = _all(results)
    errors = sum(d.is_error for d in diagnostics)
    return {"files": len(results), "errors": errors, "warnings": len(diagnostics) - errors}


def summary_line(results: Sequence[LoadResult]) -> str:
    counts = summarize(results)
    return _(
        "{reports} checked: {errors}, {warnings}",
        reports=ngettext("{count} report", "{count} reports", counts["files"]),
        errors=ngettext("{count} error", "{count} errors", counts["errors"]),
        warnings=ngettext("{count} warning", "{count} warnings", counts["warnings"]),
    )


def write_text(results: Sequence[LoadResult], strict: bool = False, color: bool = False) -> str:
    import click

    lines = []
    for diagnostic in _all(results):
        label = _("error") if diagnostic.is_error else _("warning")
        if color:
            label = click.style(label, fg="red" if diagnostic.is_error else "yellow", bold=True)
        lines.append(f"{diagnostic.format()} ({label})")
    lines.append(summary_line(results))
    return "\n".join(lines) + "\n"


def write_json(results: Sequence[LoadResult], strict: bool = False, color: bool = False) -> str:
    failed = any(result.failed(strict) for result in results)
    envelope = {
        "version": JSON_FORMAT_VERSION,
        "tool": {"name": "reportkit", "version": __version__},
        "status": "failed" if failed else "passed",
        "strict": strict,
        "summary": summarize(results),
        "files": [
            {"file": r.file, "valid": not has_errors(r.diagnostics), "kind": r.kind}
            for r in results
        ],
        "diagnostics": [d.to_dict() for d in _all(results)],
    }
    return json.dumps(envelope, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(results: Sequence[LoadResult], strict: bool = False, color: bool = False) -> str:
    lines = []
    for d in _all(results):
        level = "error" if d.is_error or strict else "warning"
        props = ",".join(
            f"{key}={_escape_property(str(value))}"
            for key, value in (
                ("file", d.file),
                ("line", d.line),
                ("col", d.column),
                ("title", f"{d.code} {d.name}"),
            )
        )
        where = f"{d.path}: " if d.path else ""
        lines.append(f"::{level} {props}::{_escape_data(where + d.message)}")
    lines.append(summary_line(results))
    return "\n".join(lines) + "\n"


def write_sarif(results: Sequence[LoadResult], strict: bool = False, color: bool = False) -> str:
    rules = [
        {
            "id": code,
            "name": name,
            "shortDescription": {"text": help_text},
            "defaultConfiguration": {"level": severity.value},
        }
        for code, (severity, name, help_text) in CODES.items()
    ]
    index = {code: position for position, code in enumerate(CODES)}
    findings = [
        {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": "error" if d.is_error or strict else "warning",
            "message": {"text": f"{d.path}: {d.message}" if d.path else d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": d.file.replace("\\", "/")},
                        "region": {"startLine": max(d.line, 1), "startColumn": max(d.column, 1)},
                    }
                }
            ],
        }
        for d in _all(results)
    ]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "reportkit", "version": __version__, "rules": rules}},
                "results": findings,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


WRITERS: dict[str, Callable[..., str]] = {
    "text": write_text,
    "json": write_json,
    "github": write_github,
    "sarif": write_sarif,
}
