"""An editor's Word edits, back into the report file (`reportkit import --into REPORT EDITED`).

The Word file that `build` wrote says, for each of its texts, which field of the report it
came from and what it printed there (`ours.py`). Comparing what each text says now with what
was printed gives the editor's changes. `edits_view.py` shows them as a diff of words
(`wording.py`); `apply()` writes them (`edits_writing.py`), spliced into the YAML's text
(`splice.py`) so that every other line of the file stays as it was.

Only what can be placed exactly is applied: a footnote built from a source's fields (publisher,
«title», date) changes the fields whose words changed; an edit to its other words (a date
printed in words, a short title, the punctuation between fields) is listed to make by hand, and
so is a footnote the editor added. A field that also changed in the report file since the build
is refused rather than overwritten.
Tracked changes the editor has not accepted are listed, never applied, and so are comments.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from reportkit.atomic_write import write_atomically
from reportkit.errors import ReportkitError
from reportkit.i18n import _, ngettext
from reportkit.importing.ours import OurDocx, PendingChange, ReadText, ReportPath, WordComment
from reportkit.source import read_source

_MISSING = object()
# The call of a footnote added in Word (the reader names it after Word's id): not a source.
_WORD_NOTE = re.compile(r"\[\^word-\d+\]")
# Fields of a note or source that build never prints as they are written.
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
        from reportkit.importing.edits_writing import check_spliced, spliced_text

        if not self.changes:
            return _("nothing to write into {file}", file=self.report)
        new_text = spliced_text(self)
        check_spliced(self, new_text)
        if self.report.read_bytes() != self.bom + self.text.encode("utf-8"):
            raise EditsError(
                _(
                    "nothing written: {file} changed meanwhile; run the command again",
                    file=self.report,
                )
            )
        write_atomically(self.report, self.bom + new_text.encode("utf-8"))
        return ngettext(
            "wrote {count} change into {file}",
            "wrote {count} changes into {file}",
            len(self.changes),
            file=self.report,
        )


def compare_edits(report: Path, docx: Path) -> Edits:
    """Return the edits the Word file `docx` (which build wrote) brings to `report`."""
    from reportkit.importing.ours import read_ours  # refuses a file build did not write

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
    edits.report_changed = plain_values(source.data) != plain_values(ours.report)
    if edits.report_changed and not _is_same_report(source.data, ours.report):
        raise EditsError(
            _(
                "{docx} was built from another report than {file} (most of its fields differ); "
                "give the report file it was built from",
                docx=ours.source,
                file=report,
            )
        )
    _Comparison(edits, ours).run()
    from reportkit.importing.edits_writing import refuse_unwritable

    refuse_unwritable(edits)
    return edits


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
            elif not words_of(read.text) and _is_list_item(self.built, read.path):
                self._deleted(read.path)
            elif words_of(read.text) != words_of(read.printed or ""):
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
        for key, new in placed:
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
                if plain_values(value_at(self.edits.data, path)) != plain_values(new):
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
        new = words_of(read.text)
        if not new:
            return
        if read.in_footnote:  # a footnote the editor added: never a paragraph of the body
            self._added_footnote(new)
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

    def _added_footnote(self, new: str) -> None:
        """List a footnote the editor added with its call `[^word-N]`, at the text that calls
        it, so the two can be matched."""
        note_id = next((i for i, t in self.ours.added_notes.items() if words_of(t) == new), None)
        if note_id is None:
            self._refuse(None, None, new, _word_note_reason())
            return
        call = f"[^{note_id}]"
        where = next((t.path for t in self.ours.texts if t.path and call in t.text), None)
        self._refuse(where, None, f"{call} {new}", _word_note_reason())

    def _next_field(self, index: int) -> ReportPath | None:
        """Return the field of the first text after `index` that build wrote."""
        return next((t.path for t in self.ours.texts[index + 1 :] if t.path is not None), None)

    def _missing_items(self) -> list[ReportPath]:
        """Return the paragraphs build printed whose mark is gone from the Word file."""
        present = {read.path for read in self.ours.texts if read.path is not None}
        gone = dict.fromkeys(p for p in self.ours.marked if p not in present)
        return [path for path in gone if _is_list_item(self.built, path)]

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
        return plain_values(value_at(self.built, path)) != plain_values(
            value_at(self.edits.data, path)
        )

    def _record(self, change: Change) -> None:
        self.edits.changes.append(change)

    def _refuse(self, path: ReportPath | None, old: str | None, new: str | None, why: str) -> None:
        self.edits.refused.append(Refusal(path, old, new, why))


def place_edit(value: Any, printed: str, now: str) -> list[tuple[str | None, str]] | None:
    """Return which fields of `value` an edit of its printed text changes, and to what.

    `value` is a field of the report (a text), or a note or source whose fields build
    composed into `printed` with words of its own (punctuation, a date in words, a short
    title). The edit is placed when those other words all stand, unchanged and in order, in
    `now`: each field takes what stands between them where its words stood. Return None when
    they changed (the change must be made by hand).
    """
    printed, now = words_of(printed), words_of(now)
    if not isinstance(value, dict) and words_of(str(value)) == printed:
        return [(None, now)]  # the text is the field's, all of it (a cell may even be emptied)
    fields = value.items() if isinstance(value, dict) else [(None, value)]
    spans = _printed_fields(fields, printed)
    pattern, end = "", 0
    for start, stop, _key in spans:
        pattern += re.escape(printed[end:start]) + "(.+?)"
        end = stop
    match = re.fullmatch(pattern + re.escape(printed[end:]), now) if spans else None
    if match is None:
        return None
    return [
        (key, match.group(number).strip())
        for number, (start, stop, key) in enumerate(spans, start=1)
        if match.group(number).strip() != printed[start:stop]
    ]


def _printed_fields(fields: Any, printed: str) -> list[tuple[int, int, str | None]]:
    """Return where each field stands in `printed` (start, end, key), in order: a field
    printed as written, once, not inside another (else its words are left as they are)."""
    spans: list[tuple[int, int, str | None]] = []
    for key, field_value in fields:
        if key in _UNPRINTED or isinstance(field_value, (dict, list, bool)) or field_value is None:
            continue
        old = words_of(str(field_value))
        start = printed.find(old)
        if not old or start < 0 or printed.find(old, start + 1) >= 0:
            continue  # not printed as written, or printed twice: cannot tell which
        spans.append((start, start + len(old), key))
    spans.sort()
    return [
        span
        for index, span in enumerate(spans)
        if not any(o[0] < span[1] and span[0] < o[1] for o in spans[:index] + spans[index + 1 :])
    ]


def value_at(data: Any, path: ReportPath) -> Any:
    """Return the value at `path` in report data, or _MISSING."""
    for part in path:
        in_mapping = isinstance(data, dict) and isinstance(part, str) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (in_mapping or in_list):
            return _MISSING
        data = data[part]
    return data


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


def _is_same_report(now: dict[str, Any], built: dict[str, Any]) -> bool:
    """Return True when most fields of the report build read are still in the file as they
    were (a report edited since the build), False for another report altogether."""
    if now.get("kind") != built.get("kind"):
        return False
    fields = dict(_leaves(plain_values(built), ()))
    kept = sum(1 for path, value in _leaves(plain_values(now), ()) if fields.get(path) == value)
    return kept * 2 >= len(fields)


def _is_list_item(data: Any, path: ReportPath) -> bool:
    """Return True for a text that is an item of a named list (`paragraphs`, `items`, ...):
    one that can be deleted or followed by a new one. A table cell is not: its row keeps it."""
    return (
        len(path) >= 2
        and isinstance(path[-1], int)
        and isinstance(path[-2], str)
        and isinstance(value_at(data, path), str)
    )


def words_of(text: str) -> str:
    """Return `text` NFC-normalized with its white space closed up (as a paragraph reads)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def plain_values(value: Any) -> Any:
    """Return `value` with every scalar as text: a YAML `2025` and a "2025" from a Word
    file's stored report are the same date."""
    if isinstance(value, dict):
        return {key: plain_values(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_values(item) for item in value]
    return None if value is None or value is _MISSING else str(value)


def _as_text(value: Any) -> str | None:
    return None if value is _MISSING or value is None else str(value)


def _by_hand_reason() -> str:
    return _(
        "the change is to words no field of the report holds as printed (a date printed in "
        "words, a short title, the punctuation between fields); make it in the report file "
        "by hand"
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
