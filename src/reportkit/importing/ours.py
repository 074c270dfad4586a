"""A DOCX that `reportkit build` wrote, read back: where each text came from, and what it says now.

(Interface shared by the round trip and by `edits.py`; the reading itself is filled in here.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

ReportPath = tuple[str | int, ...]  # a field of the report: ("sections", 2, "paragraphs", 0)


@dataclass
class PendingChange:
    """A tracked change in Word not accepted yet: reported, never applied."""

    kind: Literal["insertion", "deletion"]
    text: str
    author: str | None = None


@dataclass
class WordComment:
    author: str | None
    text: str
    anchor: str  # the commented words


@dataclass
class ReadText:
    """One text of the Word file that build wrote from a field of the report (a paragraph, a
    heading, a list item, a cell, a footnote), or one an editor added."""

    path: ReportPath | None  # the report field it came from; None for text added in Word
    text: str  # now, in report markup; pending insertions left out, pending deletions kept
    printed: str | None  # what build wrote there (None for added text)
    after: ReportPath | None = None  # for added text: the field it follows
    pending: list[PendingChange] = field(default_factory=list)
    comments: list[WordComment] = field(default_factory=list)


@dataclass
class OurDocx:
    source: Path
    report: dict[str, Any]  # the report data as build read it (YAML loaded as plain data)
    texts: list[ReadText]  # in document order


def is_ours(path: Path) -> bool:
    """Return True when the DOCX at `path` was written by `reportkit build`."""
    raise NotImplementedError


def read_ours(path: Path) -> OurDocx:
    """Read a DOCX that build wrote."""
    raise NotImplementedError


def report_data(path: Path) -> dict[str, Any]:
    """Return the report a DOCX that build wrote holds: its fields as the document says them."""
    raise NotImplementedError
