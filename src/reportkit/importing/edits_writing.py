"""Writing an editor's edits into the report file: spliced, checked, then written.

The changes are spliced into the file's text (`splice.py`); the new text must load to exactly
the data the changes describe and validate as the report did, or nothing is written.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import replace
from pathlib import Path
from tempfile import mkstemp
from typing import Any

from reportkit.i18n import _
from reportkit.importing.edits import Change, Edits, EditsError, Refusal, plain_values, value_at
from reportkit.importing.ours import ReportPath
from reportkit.importing.splice import Splice, SpliceError, YamlText, apply_splices
from reportkit.source import SourceFile, parse_source


def refuse_unwritable(edits: Edits) -> None:
    """Move the changes that cannot be spliced into this file's text to the refused ones."""
    yaml_text = YamlText(edits.text)
    writable = []
    for change in edits.changes:
        try:
            list(_splices(yaml_text, [change]))
        except SpliceError as error:
            reason = _("cannot be written into the file: {problem}; make it by hand", problem=error)
            edits.refused.append(Refusal(change.path, change.old, change.new, reason))
        else:
            writable.append(change)
    edits.changes = writable


def spliced_text(edits: Edits) -> str:
    """Return the report file's text with the changes spliced in."""
    try:
        yaml_text = YamlText(edits.text)
        splices = list(_splices(yaml_text, edits.changes))
    except SpliceError as error:
        raise EditsError(
            _("nothing written: {problem}; make the changes by hand", problem=error)
        ) from error
    if "\r\n" in edits.text:  # a file written on Windows keeps its line endings
        splices = [replace(s, text=s.text.replace("\n", "\r\n")) for s in splices]
    try:
        return apply_splices(edits.text, splices)
    except SpliceError as error:
        raise EditsError(
            _("nothing written: {problem}; make the changes by hand", problem=error)
        ) from error


def _splices(yaml_text: YamlText, changes: list[Change]) -> Iterator[Splice]:
    added: dict[tuple[str, ReportPath], list[str]] = {}
    for change in changes:
        if change.action == "change":
            yield yaml_text.replace_value(change.path, change.new or "")
        elif change.action == "delete":
            yield yaml_text.delete_item(change.path)
        else:
            added.setdefault((change.action, change.path), []).append(change.new or "")
    for (action, path), values in added.items():
        if action == "add":
            yield yaml_text.insert_after(path, values)
        else:
            yield yaml_text.insert_before(path, values)


def expected_data(data: dict[str, Any], changes: list[Change]) -> dict[str, Any]:
    """Return the report data with `changes` made (what the spliced file must load to)."""
    result = deepcopy(data)
    for change in changes:
        if change.action == "change":
            parent = value_at(result, change.path[:-1])
            parent[change.path[-1]] = change.new
    for parent_path in {c.path[:-1] for c in changes if c.action != "change"}:
        items = value_at(data, parent_path)
        value_at(result, parent_path[:-1])[parent_path[-1]] = _new_items(
            items, value_at(result, parent_path), parent_path, changes
        )
    return result


def _new_items(original: list, current: list, parent: ReportPath, changes: list[Change]) -> list:
    mine = [c for c in changes if c.path[:-1] == parent]
    deleted = {c.path[-1] for c in mine if c.action == "delete"}
    items = []
    for index in range(len(original)):
        items += [c.new for c in mine if c.action == "add-before" and c.path[-1] == index]
        if index not in deleted:
            items.append(current[index])
        items += [c.new for c in mine if c.action == "add" and c.path[-1] == index]
    return items


def check_spliced(edits: Edits, new_text: str) -> None:
    """Raise EditsError unless `new_text` validates and loads to exactly the expected data."""
    problems = _validation_errors(edits.report, new_text)
    if problems:
        raise EditsError(
            _(
                "nothing written: with these changes the report would not validate:\n{problems}",
                problems="\n".join(problems),
            )
        )
    source = parse_source(new_text.encode("utf-8"), SourceFile(str(edits.report)))
    if plain_values(source.data) != plain_values(expected_data(edits.data, edits.changes)):
        raise EditsError(
            _("nothing written: the changes could not be written exactly; make them by hand")
        )


def _validation_errors(report: Path, text: str) -> list[str]:
    """Return the errors of `text` as the report file, checked from a temporary file beside
    it (house rules and images are found relative to the report's folder)."""
    from reportkit.loader import check_report

    handle, temporary = mkstemp(prefix=f".{report.name}.", suffix=".check.yaml", dir=report.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        result = check_report(temporary, display_name=str(report))
    finally:
        Path(temporary).unlink(missing_ok=True)
    return [d.format() for d in result.diagnostics if d.is_error]
