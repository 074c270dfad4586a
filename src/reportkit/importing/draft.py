"""A draft: what a reader found in a file that is not a report yet.

Readers (`text.py`, `markdown.py`, `word.py`) only describe what the file holds, in reading
order; deciding what it means for a report (which kind, which heading is which section) is
`mapping.py`'s job. Inline text is already in the report's inline markup (`*emphasis*`,
`**strong**`, `[text](url)`, note calls `[^id]`), so it can go into a report as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from reportkit.errors import ReportkitError


class UnreadableDraft(ReportkitError):
    """The file cannot become a draft (empty, not text, damaged); nothing is written."""

    exit_code = 1


@dataclass
class DraftHeading:
    level: int  # 1 for the top level of the draft's own headings (the title is not one)
    text: str
    line: int | None = None  # where it is in the input, for messages (None when unknown)


@dataclass
class DraftParagraph:
    text: str  # report inline markup, note calls as [^id]
    line: int | None = None


@dataclass
class DraftList:
    items: list[str]  # report inline markup
    numbered: bool
    line: int | None = None


@dataclass
class DraftTable:
    rows: list[list[str]]  # cells as report inline markup
    header_rows: int = 1
    caption: str | None = None
    line: int | None = None


@dataclass
class DraftImage:
    data: bytes
    suffix: str  # ".png", ".jpg": the format the bytes are in
    caption: str | None = None
    alt: str | None = None
    line: int | None = None


DraftBlock = DraftHeading | DraftParagraph | DraftList | DraftTable | DraftImage


@dataclass
class DraftNote:
    """A footnote or endnote; `id` is what the calls in the text name ([^id])."""

    id: str
    text: str  # report inline markup
    kind: Literal["footnote", "endnote", "note"] = "note"


@dataclass
class Draft:
    source: Path
    format: Literal["docx", "md", "txt"]
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None  # ISO 8601 (YYYY-MM-DD) when known
    language: str | None = None  # "ar" or "en" when the file says; mapping.py guesses otherwise
    keywords: list[str] = field(default_factory=list)
    summary: str | None = None
    kind: str | None = None  # the report kind the file asks for (Markdown front matter `kind:`)
    blocks: list[DraftBlock] = field(default_factory=list)
    notes: list[DraftNote] = field(default_factory=list)  # in order of first call
    # What the reader met and could not keep (a pending tracked change, an unreadable image
    # caption, ...): shown to the user after the import.
    warnings: list[str] = field(default_factory=list)
