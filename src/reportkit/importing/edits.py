"""An editor's Word edits, back into the report file (`reportkit import --into REPORT EDITED`).

The Word file that `build` wrote says, for each of its texts, which field of the report it
came from and what it printed there (`ours.py`). Comparing what each text says now with what
was printed gives the editor's changes; `apply()` splices them into the YAML (`splice.py`).

Only what can be placed exactly is applied: a footnote built from a source's fields (publisher,
«title», date) changes the one field whose words changed, or is listed to make by hand; a field
that also changed in the report file since the build is refused rather than overwritten.
Tracked changes the editor has not accepted are listed, never applied, and so are comments.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass, field, replace
from pathlib import Path
from tempfile import mkstemp
from typing import Any, Literal

from reportkit.atomic_write import write_atomically
from reportkit.diagnostics import format_path
from reportkit.errors import ReportkitError
from reportkit.i18n import _, isolate, ngettext
from reportkit.importing.ours import OurDocx, PendingChange, ReadText, ReportPath, WordComment
from reportkit.importing.splice import Splice, SpliceError, YamlText, apply_splices
from reportkit.source import SourceFile, parse_source, read_source

_MISSING = object()
# Fields of a note or source that build never prints as they are written.
# The call of a footnote added in Word (the reader names it after Word's id): not a source.
_WORD_NOTE = re.compile(r"\[\^word-\d+\]")
_UNPRINTED = frozenset({"id", "type", "kind", "section"})


class EditsError(ReportkitError):
    """The edits cannot be written into the report file; nothing was written."""


@dataclass(frozen=True)
class Change:
    """One change to make in the report file.

    `change`: the text field at `path` becomes `new`; `delete`: the list item at `path` goes;
    `add`: `new` becomes a list item right after the one at `path`; `add-before`: right
    before it (a paragraph added between a heading and the first paragraph under it).
    """

    action: Literal["change", "delete", "add", "add-before"]
    path: ReportPath
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Refusal:
    """An edit that is listed, not applied: the reason says what to do."""

    path: ReportPath | None
    old: str | None
    new: str | None
    reason: str


@dataclass(frozen=True)
class Remark:
    """A pending tracked change or a Word comment, and the report field it is in."""

    path: ReportPath | None
    item: PendingChange | WordComment


@dataclass
class Edits:
    """The edits a Word file brings to a report file, to show (`lines`) and to write (`apply`)."""

    report: Path
    docx: Path
    text: str  # the report file as it is now
    data: dict[str, Any]  # its data
    positions: dict[tuple, tuple[int, int]]
    bom: bytes = b""  # the file's byte order mark, written back as it was
    changes: list[Change] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    pending: list[Remark] = field(default_factory=list)
    comments: list[Remark] = field(default_factory=list)
    report_changed: bool = False  # the report file changed since the build

    def lines(self) -> Iterator[str]:
        """Yield the edits as a readable diff, then what is not applied and why."""
        from reportkit.importing.edits_view import edit_lines

        yield from edit_lines(self)

    def apply(self) -> str:
        """Write the changes into the report file and return what was done.

        Raise EditsError, writing nothing, when the changed report would not validate.
        """
        if not self.changes:
            return _("nothing to write into {file}", file=self.report)
        new_text = spliced_text(self)
        check_spliced(self, new_text)
        write_atomically(self.report, self.bom + new_text.encode("utf-8"))
        return ngettext(
            "wrote {count} change into {file}",
            "wrote {count} changes into {file}",
            len(self.changes),
            file=self.report,
        )


def compare_edits(report: Path, docx: Path) -> Edits:
    """Return the edits the Word file `docx` (which build wrote) brings to `report`."""
    from reportkit.importing.ours import is_ours, read_ours

    if not is_ours(docx):
        raise EditsError(
            _(
                "{docx} is not a Word file that `reportkit build` wrote (or Word dropped what "
                "build stored in it), so its edits cannot be traced to the report; to start a "
                "report from it, run `reportkit import {docx}`",
                docx=docx,
            )
        )
    return edits_between(report, read_ours(docx))


def edits_between(report: Path, ours: OurDocx) -> Edits:
    """Return the edits `ours`, a Word file read back, brings to the report file `report`."""
    source = read_source(report)
    if not source.is_readable:
        problems = "\n".join(d.format() for d in source.diagnostics if d.is_error)
        raise EditsError(_("cannot read the report file:\n{problems}", problems=problems))
    raw = report.read_bytes()  # as bytes: the file's own line endings stay as they are
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    text = raw[len(bom) :].decode("utf-8")
    edits = Edits(report, ours.source, text, source.data, dict(source.positions), bom=bom)
    edits.report_changed = _plain(source.data) != _plain(ours.report)
    _Comparison(edits, ours).run()
    _refuse_unwritable(edits)
    return edits


def _refuse_unwritable(edits: Edits) -> None:
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


class _Comparison:
    """Go through the Word file's texts once, sorting each edit into a change or a refusal."""

    def __init__(self, edits: Edits, ours: OurDocx):
        self.edits = edits
        self.built = ours.report
        self.ours = ours
        self.new_values: dict[ReportPath, list[str]] = {}  # per field, from each place

    def run(self) -> None:
        for index, read in enumerate(self.ours.texts):
            place = read.path or read.after  # added text: where it follows
            self.edits.pending += [Remark(place, p) for p in read.pending]
            self.edits.comments += [Remark(place, c) for c in read.comments]
            if read.path is None:
                self._added(read, self._next_field(index))
            elif not _words(read.text) and _is_list_item(self.built, read.path):
                self._deleted(read.path)
            elif _words(read.text) != _words(read.printed or ""):
                self._changed(read)
        for path in self._missing_items():
            self._deleted(path)
        self._settle_changed_fields()

    def _changed(self, read: ReadText) -> None:
        assert read.path is not None
        if _WORD_NOTE.search(read.text):
            self._refuse(read.path, read.printed, read.text, _word_note_reason())
            return
        placed = place_edit(value_at(self.built, read.path), read.printed or "", read.text)
        if placed is None:
            self._refuse(read.path, read.printed, read.text, _by_hand_reason())
            return
        key, new = placed
        target = (*read.path, key) if key is not None else read.path
        self.new_values.setdefault(target, []).append(new)

    def _settle_changed_fields(self) -> None:
        """Turn the new values into changes: one per field, unless two places in the Word file
        give a field different values or the field also changed in the report file."""
        for path, values in self.new_values.items():
            new = values[0]
            old = value_at(self.built, path)
            if any(other != new for other in values):
                self._refuse(path, str(old), new, _("edited differently in two places"))
            elif self._changed_in_file(path):
                if _plain(value_at(self.edits.data, path)) != _plain(new):
                    self._refuse(path, str(old), new, _changed_in_both_reason())
            else:
                self._record(Change("change", path, _as_text(old), new))

    def _deleted(self, path: ReportPath) -> None:
        old = value_at(self.built, path)
        if self._changed_in_file(path):
            self._refuse(path, _as_text(old), None, _changed_in_both_reason())
        else:
            self._record(Change("delete", path, _as_text(old), None))

    def _added(self, read: ReadText, following: ReportPath | None) -> None:
        """Place a paragraph the editor added: after the list item it follows, else before
        the first item of a list it precedes (right after a heading), else nowhere."""
        new = _words(read.text)
        if not new:
            return
        after = read.after
        if after is not None and _is_list_item(self.built, after):
            change = Change("add", after, None, new)
        elif following is not None and _is_list_item(self.built, following) and following[-1] == 0:
            change = Change("add-before", following, None, new)
        else:
            self._refuse(after, None, new, _("added where no list of paragraphs continues"))
            return
        if _WORD_NOTE.search(new):
            self._refuse(change.path, None, new, _word_note_reason())
        elif self._changed_in_file(change.path):
            self._refuse(change.path, None, new, _changed_in_both_reason())
        else:
            self._record(change)

    def _next_field(self, index: int) -> ReportPath | None:
        """Return the field of the first text after `index` that build wrote."""
        return next((t.path for t in self.ours.texts[index + 1 :] if t.path is not None), None)

    def _missing_items(self) -> list[ReportPath]:
        """Return the paragraphs build printed whose mark is gone from the Word file: the
        texts of lists of the kinds the Word file still holds items of (`paragraphs`,
        `items`, ...) that it no longer holds."""
        present = {read.path for read in self.ours.texts if read.path is not None}
        printed_lists = {path[-2] for path in present if _is_list_item(self.built, path)}
        return [
            path
            for path, _value in _leaves(self.built, ())
            if _is_list_item(self.built, path) and path[-2] in printed_lists and path not in present
        ]

    def _changed_in_file(self, path: ReportPath) -> bool:
        """Return True when the field at `path` is not what build read: its value differs, or
        a list on the way has gained or lost items (so its indexes no longer match)."""
        for end in range(1, len(path)):
            if isinstance(path[end], int):
                built, now = value_at(self.built, path[:end]), value_at(self.edits.data, path[:end])
                if not (isinstance(built, list) and isinstance(now, list)) or len(built) != len(
                    now
                ):
                    return True
        return _plain(value_at(self.built, path)) != _plain(value_at(self.edits.data, path))

    def _record(self, change: Change) -> None:
        self.edits.changes.append(change)

    def _refuse(self, path: ReportPath | None, old: str | None, new: str | None, why: str) -> None:
        self.edits.refused.append(Refusal(path, old, new, why))


def place_edit(value: Any, printed: str, now: str) -> tuple[str | None, str] | None:
    """Return which field of `value` an edit of its printed text changes, and to what.

    `value` is a field of the report (a text), or a note or source whose fields build
    composed into `printed`. The edit belongs to a field when everything before and after
    that field's words in `printed` is still there, unchanged, in `now`. Return None when no
    field, or more than one, can take it (a date printed in words, a change across fields).
    """
    printed, now = _words(printed), _words(now)
    if not isinstance(value, dict) and _words(str(value)) == printed:
        return None, now  # the text is the field's, all of it (a cell may even be emptied)
    fields = value.items() if isinstance(value, dict) else [(None, value)]
    placed = []
    for key, field_value in fields:
        if key in _UNPRINTED or isinstance(field_value, (dict, list, bool)) or field_value is None:
            continue
        new = _new_field_text(_words(str(field_value)), printed, now)
        if new is not None and new != _words(str(field_value)):
            placed.append((key, new))
    return placed[0] if len(placed) == 1 else None


def _new_field_text(old: str, printed: str, now: str) -> str | None:
    """Return what stands in `now` where `old` stood in `printed`, when all else is the same."""
    start = printed.find(old)
    if not old or start < 0 or printed.find(old, start + 1) >= 0:
        return None  # not printed as written, or printed twice: cannot tell which
    before, after = printed[:start], printed[start + len(old) :]
    if len(now) < len(before) + len(after) or not now.startswith(before):
        return None
    if not now.endswith(after):
        return None
    new = now[len(before) : len(now) - len(after)].strip()
    return new or None


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
    if _plain(source.data) != _plain(expected_data(edits.data, edits.changes)):
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


def value_at(data: Any, path: ReportPath) -> Any:
    """Return the value at `path` in report data, or _MISSING."""
    for part in path:
        in_mapping = isinstance(data, dict) and isinstance(part, str) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (in_mapping or in_list):
            return _MISSING
        data = data[part]
    return data


def is_missing(value: Any) -> bool:
    return value is _MISSING


def _leaves(data: Any, path: ReportPath) -> Iterator[tuple[ReportPath, Any]]:
    """Yield every scalar of report data with its path, in the file's order."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, (*path, index))
    else:
        yield path, data


def _is_list_item(data: Any, path: ReportPath) -> bool:
    """Return True for a text that is an item of a named list (`paragraphs`, `items`, ...):
    one that can be deleted or followed by a new one. A table cell is not: its row keeps it."""
    return (
        len(path) >= 2
        and isinstance(path[-1], int)
        and isinstance(path[-2], str)
        and isinstance(value_at(data, path), str)
    )


def _words(text: str) -> str:
    """Return `text` NFC-normalized with its white space closed up (as a paragraph reads)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _plain(value: Any) -> Any:
    """Return `value` with every scalar as text: a YAML `2025` and a "2025" from a Word
    file's stored report are the same date."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return None if value is None or value is _MISSING else str(value)


def _as_text(value: Any) -> str | None:
    return None if value is _MISSING or value is None else str(value)


def _by_hand_reason() -> str:
    return _(
        "the change cannot be placed in one field of the report (a date printed in words, "
        "or a change across fields); make it in the report file by hand"
    )


def _word_note_reason() -> str:
    return _(
        "the editor added a footnote in Word; add it to the report's sources or notes and "
        "cite it there by hand"
    )


def _changed_in_both_reason() -> str:
    return _(
        "this field changed in the report file too since the Word file was built; "
        "compare the two and make the change by hand"
    )


def where(path: ReportPath | None, edits: Edits) -> str:
    """Return where a field is, for people: file and line, section, field and number."""
    if path is None:
        return str(edits.report)
    line = line_of(path, edits.positions)
    return f"{edits.report}:{line}: {describe_path(path, edits.data)}"


def line_of(path: ReportPath, positions: dict[tuple, tuple[int, int]]) -> int:
    for end in range(len(path), -1, -1):
        if path[:end] in positions:
            return positions[path[:end]][0]
    return 1


def describe_path(path: ReportPath, data: dict[str, Any]) -> str:
    """Return a field's place in words: the section's heading, then the field, numbered from
    1 (`«Drivers» perspectives 1 › paragraph 2`); the field path is what the YAML says."""
    parts = []
    rest: tuple = path
    if len(path) >= 2 and path[0] in ("sections", "sources", "notes"):
        parts.append(_item_label(path[:2], data))
        rest = path[2:]
    words: list[str] = []
    for part in rest:
        if isinstance(part, int) and words:
            words[-1] = f"{words[-1]} {part + 1}"
        else:
            words.append(str(part))
    parts.append(" › ".join(words))
    return " ".join(p for p in parts if p) + f" ({format_path(path)})"


def _item_label(path: ReportPath, data: dict[str, Any]) -> str:
    """Return a section by its heading (or kind), a source or note by its id."""
    item = value_at(data, path)
    if isinstance(item, dict):
        label = item.get("heading") or item.get("id") or item.get("kind")
        if label:
            return isolate(f"«{label}»")
    return f"{path[0]} {int(path[1]) + 1}"
