"""Plain text (a copied web article, a saved e-mail) → Draft.

The text is kept letter for letter: a paragraph's hard-wrapped lines are joined with one space
and nothing else changes (no quote, dash or space normalization). What the reader decides:

- paragraphs: blocks between blank lines; in a file whose lines are whole paragraphs (a copied
  web page), every line;
- headings, conservatively: one short line without final punctuation, standing alone between
  blank lines (or, in a text whose lines are its paragraphs, alone on its line);
- the title: a first short line; a byline (`By …`, «بقلم …», `Name - role`) right after it;
- notes: numbered `[1] …` at the end, or `1. …` after a notes heading («الهوامش», Notes);
  their calls `[1]` in the text become `[^1]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reportkit import inline
from reportkit.i18n import _, isolate
from reportkit.importing.draft import (
    Draft,
    DraftBlock,
    DraftHeading,
    DraftList,
    DraftNote,
    DraftParagraph,
    UnreadableDraft,
)

# Hard-wrapped text wraps at a fixed width; a line longer than this is a whole paragraph.
WRAP_MAX = 120
# A wrapped line fills at least this much of the width (shorter: the paragraph ends there).
WRAP_FILL = 0.6
HEADING_MAX_CHARS = 80
HEADING_MAX_WORDS = 12
TITLE_MAX_CHARS = 160
# Sentence ends and clause marks, Latin and Arabic: a line ending so is prose, not a heading.
FINAL_PUNCTUATION = ".!?؟:;؛,،…"
NOTES_HEADINGS = (
    "الهوامش",
    "هوامش",
    "المراجع",
    "مراجع",
    "المصادر",
    "مصادر",
    "الإحالات",
    "الحواشي",
    "notes",
    "endnotes",
    "footnotes",
    "references",
    "sources",
    "bibliography",
)
_NOTE_START = re.compile(r"^\s*(?:\[(\d{1,3})\]|\((\d{1,3})\)|(\d{1,3})[.)-])\s*(.*)$", re.S)
_BRACKET_NOTE = re.compile(r"^\s*\[(\d{1,3})\]\s*(.*)$", re.S)
_CALL = re.compile(r"\[(\d{1,3})\]")
_BULLET = re.compile(r"^\s*[-•*▪◦]\s+(.*)$", re.S)
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+(.*)$", re.S)
_BYLINE_START = re.compile(
    r"^\s*(?:by|written by|بقلم|إعداد|اعداد|كتبه|كتبته|تأليف)\b\s*[:：]?\s*", re.I
)
_ROLE_WORDS = re.compile(
    r"باحث|محلل|أستاذ|استاذ|زميل|مدير|محرر|صحفي|كاتب|researcher|analyst|professor|fellow|"
    r"director|editor|journalist|writer|correspondent",
    re.I,
)
_ISO_DAY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*$")


@dataclass
class Unit:
    """A paragraph candidate: its text (lines joined), first line number, and line count."""

    text: str
    line: int
    lines: int = 1
    # Alone between blank lines, or a whole line of a text whose lines are its paragraphs
    # (a web page's): only such a unit may be a heading.
    alone: bool = False


def read_text(path: Path) -> Draft:
    """Return the draft a plain-text file holds."""
    text = _decode(path)
    draft = Draft(source=path, format="txt")
    units = _units(text)
    units = _take_head(units, draft)
    body, notes = _split_notes(units)
    draft.notes = notes
    known = {note.id for note in notes}
    draft.blocks = _blocks(body, known)
    return draft


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableDraft(
            _(
                "{file} is not UTF-8 text (byte 0x{byte:02x}); save it as UTF-8 and import again",
                file=isolate(path),
                byte=raw[error.start],
            )
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadableDraft(_("{file} is empty; there is nothing to import", file=isolate(path)))
    return text


# --------------------------------------------------------------------------- lines → units


def _units(text: str) -> list[Unit]:
    units: list[Unit] = []
    for start, lines in _blank_line_blocks(text.split("\n")):
        block = _block_units(start, lines)
        wrapped = len(lines) > 1 and max(len(line.strip()) for line in lines) <= WRAP_MAX
        for unit in block:
            unit.alone = len(block) == 1 or not wrapped
        units += block
    return units


def _blank_line_blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not current:
                blocks.append((number, current))
            current.append(line)
        else:
            current = []
    return blocks


def _block_units(start: int, lines: list[str]) -> list[Unit]:
    """Split a block into paragraphs: a hard-wrapped block's lines join; otherwise (a web
    page's text, one paragraph per line) every line is one."""
    width = max(len(line.strip()) for line in lines)
    wrapped = len(lines) > 1 and width <= WRAP_MAX
    units: list[Unit] = []
    for offset, line in enumerate(lines):
        text = line.strip()
        if units and wrapped and _continues(lines[offset - 1], line, width):
            units[-1].text += " " + text
            units[-1].lines += 1
        else:
            units.append(Unit(text, start + offset))
    return units


def _continues(previous: str, line: str, width: int) -> bool:
    """Return whether `line` continues the paragraph `previous` started (hard wrapping)."""
    filled = len(previous.strip()) >= max(40, WRAP_FILL * width)
    return filled and not _BULLET.match(line) and not _NOTE_START.match(line)


# --------------------------------------------------------------------------- head: title, byline


def _take_head(units: list[Unit], draft: Draft) -> list[Unit]:
    """Take the title, a byline and a date line off the start of the text."""
    if units and _is_title(units[0]):
        draft.title = units[0].text
        units = units[1:]
    while units:
        unit = units[0]
        if _ISO_DAY.match(unit.text) and draft.date is None:
            draft.date = unit.text.strip()
        elif _is_byline(unit) and not draft.authors:
            draft.authors = [_BYLINE_START.sub("", unit.text).strip()]
        else:
            break
        units = units[1:]
    return units


def _is_title(unit: Unit) -> bool:
    text = unit.text
    return unit.lines == 1 and len(text) <= TITLE_MAX_CHARS and not _ends_sentence(text)


def _is_byline(unit: Unit) -> bool:
    text = unit.text
    if unit.lines > 1 or len(text) > HEADING_MAX_CHARS or _ends_sentence(text):
        return False
    return bool(_BYLINE_START.match(text) or (_ROLE_WORDS.search(text) and _has_separator(text)))


def _has_separator(text: str) -> bool:
    return bool(re.search(r"\s[-–—]\s|[-–—،,(]", text))


def _ends_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in FINAL_PUNCTUATION


# --------------------------------------------------------------------------- notes


def _split_notes(units: list[Unit]) -> tuple[list[Unit], list[DraftNote]]:
    """Return the body and the notes: after a notes heading, or `[n]` lines at the end."""
    for index, unit in enumerate(units):
        if _is_notes_heading(unit) and index + 1 < len(units):
            notes = _notes(units[index + 1 :], _NOTE_START)
            if notes is not None:
                return units[:index], notes
    start = len(units)
    while start > 0 and _BRACKET_NOTE.match(units[start - 1].text):
        start -= 1
    if start < len(units):
        notes = _notes(units[start:], _BRACKET_NOTE)
        if notes is not None:
            return units[:start], notes
    return units, []


def _is_notes_heading(unit: Unit) -> bool:
    words = unit.text.strip().rstrip(":：").strip().lower()
    return unit.lines == 1 and words in NOTES_HEADINGS


def _notes(units: list[Unit], pattern: re.Pattern[str]) -> list[DraftNote] | None:
    """Return the numbered notes of `units` (a line without a number continues the note before
    it), or None when the first is not numbered."""
    notes: list[DraftNote] = []
    for unit in units:
        match = pattern.match(unit.text)
        if match:
            number = next(group for group in match.groups()[:-1] if group)
            notes.append(DraftNote(number, escape_markup(match.groups()[-1].strip()), "endnote"))
        elif notes:
            notes[-1].text += " " + escape_markup(unit.text.strip())
        else:
            return None
    return notes


# --------------------------------------------------------------------------- body


def _blocks(units: list[Unit], notes: set[str]) -> list[DraftBlock]:
    blocks: list[DraftBlock] = []
    for index, unit in enumerate(units):
        following = units[index + 1] if index + 1 < len(units) else None
        item = _list_item(unit)
        if item is not None:
            numbered, text = item
            previous = blocks[-1] if blocks else None
            if isinstance(previous, DraftList) and previous.numbered == numbered:
                previous.items.append(_with_calls(text, notes))
                continue
            if _starts_list(units, index, numbered):
                blocks.append(DraftList([_with_calls(text, notes)], numbered, unit.line))
                continue
        if following is not None and _is_heading(unit):
            blocks.append(DraftHeading(1, unit.text.strip(), unit.line))
        else:
            blocks.append(DraftParagraph(_with_calls(unit.text, notes), unit.line))
    return blocks


def _list_item(unit: Unit) -> tuple[bool, str] | None:
    for numbered, pattern in ((False, _BULLET), (True, _NUMBERED)):
        match = pattern.match(unit.text)
        if match:
            return numbered, match.group(1)
    return None


def _starts_list(units: list[Unit], index: int, numbered: bool) -> bool:
    """A list needs two items in a row: one line starting with `-` or `1.` may be a sentence."""
    following = units[index + 1] if index + 1 < len(units) else None
    item = _list_item(following) if following is not None else None
    return item is not None and item[0] == numbered


def _is_heading(unit: Unit) -> bool:
    text = unit.text.strip()
    return (
        unit.alone
        and unit.lines == 1
        and len(text) <= HEADING_MAX_CHARS
        and len(text.split()) <= HEADING_MAX_WORDS
        and not _ends_sentence(text)
        and text[:1] not in "([«\"“'"
    )


def _with_calls(text: str, notes: set[str]) -> str:
    """Return `text` in report markup, its note calls `[1]` written `[^1]`."""
    pieces = _CALL.split(text)

    def joined(convert) -> str:
        out = [convert(pieces[0])]
        for number, rest in zip(pieces[1::2], pieces[2::2], strict=True):
            out += [f"[^{number}]" if number in notes else convert(f"[{number}]"), convert(rest)]
        return "".join(out)

    unescaped = joined(lambda piece: piece)
    without_calls = _CALL.sub(lambda m: "" if m.group(1) in notes else m.group(), text)
    return unescaped if as_plain(unescaped) == without_calls else joined(inline.escape)


def as_plain(markup: str) -> str:
    """Return what a reader reads of report markup (no citation marks)."""
    return inline.plain_text(inline.parse_inline(markup))


def escape_markup(text: str) -> str:
    """Return plain `text` as report markup reading the same: escaped only where a `*`, `_`
    or bracket would otherwise become markup."""
    return text if as_plain(text) == text else inline.escape(text)
