"""The edits a Word file brings, as the terminal shows them (`reportkit import --into`).

For each change: where it is (file and line, section heading, field and number), then `-` the
old text and `+` the new one with the changed words marked. Then what is not applied: edits to
make by hand (with the reason), tracked changes not accepted in Word, and Word's comments.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from reportkit.diagnostics import format_path
from reportkit.i18n import _, isolate
from reportkit.importing.edits import value_at
from reportkit.importing.ours import PendingChange, ReportPath, WordComment
from reportkit.importing.wording import marked_words

if TYPE_CHECKING:
    from reportkit.importing.edits import Change, Edits, Refusal, Remark

_INDENT = "    "
_ANCHOR_WORDS = 12  # words of a comment's marked text shown


def edit_lines(edits: Edits) -> Iterator[str]:
    """Yield the lines `import --into` prints for `edits`."""
    if edits.report_changed:
        yield _(
            "{file} changed since {docx} was built: compared with the file as it is now",
            file=edits.report,
            docx=edits.docx,
        )
    if not (edits.changes or edits.refused or edits.pending or edits.comments):
        yield _("no edits: {docx} says what {file} says", docx=edits.docx, file=edits.report)
        return
    for change in sorted(edits.changes, key=lambda c: _in_file_order(c, edits)):
        yield from _change_lines(change, edits)
    if edits.refused:
        yield _("Not applied, to make by hand:")
        for refusal in edits.refused:
            yield from _refusal_lines(refusal, edits)
    if edits.pending:
        yield _(
            "Not applied: tracked changes not accepted; accept or reject them in Word and import again:"
        )
        for remark in edits.pending:
            yield from _pending_lines(remark, edits)
    if edits.comments:
        yield _("Comments in the Word file:")
        for remark in edits.comments:
            yield from _comment_lines(remark, edits)


def _in_file_order(change: Change, edits: Edits) -> tuple[int, int]:
    order = ("add-before", "delete", "change", "add")
    return line_of(change.path, edits.positions), order.index(change.action)


def _change_lines(change: Change, edits: Edits) -> Iterator[str]:
    place = where(change.path, edits)
    if change.action == "change":
        yield _("changed: {place}", place=place)
        old, new = marked_words(change.old or "", change.new or "")
        yield f"{_INDENT}- {old}"
        yield f"{_INDENT}+ {new}"
    elif change.action == "delete":
        yield _("deleted: {place}", place=place)
        yield f"{_INDENT}- {change.old}"
    else:
        if change.action == "add":
            yield _("added after: {place}", place=place)
        else:
            yield _("added before: {place}", place=place)
        yield f"{_INDENT}+ {change.new}"


def _refusal_lines(refusal: Refusal, edits: Edits) -> Iterator[str]:
    yield f"  {where(refusal.path, edits)}: {refusal.reason}"
    if refusal.old is not None and refusal.new is not None:
        old, new = marked_words(refusal.old, refusal.new)
        yield f"{_INDENT}- {old}"
        yield f"{_INDENT}+ {new}"
    elif refusal.old is not None:
        yield f"{_INDENT}- {refusal.old}"
    elif refusal.new is not None:
        yield f"{_INDENT}+ {refusal.new}"


def _pending_lines(remark: Remark, edits: Edits) -> Iterator[str]:
    change = remark.item
    assert isinstance(change, PendingChange)
    kind = _("insertion") if change.kind == "insertion" else _("deletion")
    author = change.author or _("unknown author")
    yield f"  {where(remark.path, edits)}: {kind} ({isolate(author)})"
    yield f"{_INDENT}{'+' if change.kind == 'insertion' else '-'} {' '.join(change.text.split())}"


def _comment_lines(remark: Remark, edits: Edits) -> Iterator[str]:
    comment = remark.item
    assert isinstance(comment, WordComment)
    author = comment.author or _("unknown author")
    yield f"  {where(remark.path, edits)}: {isolate(author)}: {comment.text}"
    if comment.anchor:
        yield f"{_INDENT}" + _("on: {words}", words=isolate(_shortened(comment.anchor)))


def _shortened(text: str) -> str:
    """Return the first words of a long text (a comment may mark a whole paragraph)."""
    words = text.split()
    if len(words) <= _ANCHOR_WORDS:
        return " ".join(words)
    return " ".join(words[:_ANCHOR_WORDS]) + " …"


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
    for previous, part in zip((None, *rest), rest, strict=False):
        if isinstance(part, int) and isinstance(previous, str):
            words[-1] = f"{words[-1]} {part + 1}"  # `paragraphs 2`
        else:
            words.append(str(part + 1) if isinstance(part, int) else part)  # a row's cell
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
