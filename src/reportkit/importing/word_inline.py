"""Runs of a Word paragraph → the report's inline markup (`**strong**`, `*emphasis*`, links).

A paragraph is read into `Segment`s (text with its marks); adjacent segments with the same marks
are merged, bold and italic spans are nested, and whitespace and punctuation at the edges of a
span are left outside its markers — CommonMark only closes `**` after a letter when a letter
follows, so `**(a)**b` would stay literal while `(**a**)b` is strong.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from itertools import groupby, pairwise
from urllib.parse import quote

from reportkit.inline import Citation, Emphasis, Link, Strong, Text, escape, parse_inline


@dataclass(frozen=True)
class Segment:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    raw: bool = False  # already markup (a note call `[^fn1]`): never escaped or marked


def to_markup(segments: list[Segment]) -> str:
    """Return the report inline markup of a paragraph's segments.

    A change of marks inside a word (`a` bold, `b` bold italic, `c` italic, no space between)
    has no CommonMark spelling; the markup is read back, and when it does not say the same,
    italic yields to bold inside that paragraph, and then both go, rather than leave stray `*`.
    """
    segments = _normalized(segments)
    if not any(segment.bold or segment.italic for segment in segments):
        return _written(segments)  # escaped text and links only: nothing to be ambiguous
    for attempt in (segments, _bold_only(segments), _unmarked(segments)):
        markup = _written(attempt)
        if _read_back(markup) == _marks_of(attempt):
            return markup
    return markup


def _written(segments: list[Segment]) -> str:
    pieces = []
    for href, group in groupby(segments, key=lambda segment: segment.href):
        inner = _bold_spans(list(group))
        pieces.append(f"[{inner}]({_destination(href)})" if href and inner.strip() else inner)
    return "".join(pieces)


def _bold_only(segments: list[Segment]) -> list[Segment]:
    return [replace(s, italic=s.italic and not s.bold) for s in segments]


def _unmarked(segments: list[Segment]) -> list[Segment]:
    return [replace(s, bold=False, italic=False) for s in segments]


Marked = list[tuple[str, bool, bool]]  # text with its (bold, italic), adjacent pieces merged


def _marks_of(segments: list[Segment]) -> Marked:
    """Return the text of the segments with their marks, note calls as text."""
    return _merged((s.text, s.bold, s.italic) for s in segments)


def _read_back(markup: str) -> Marked:
    """Return what the report's inline parser reads in `markup`, as `_marks_of` does."""
    out: list[tuple[str, bool, bool]] = []

    def walk(nodes, bold: bool, italic: bool) -> None:
        for node in nodes:
            if isinstance(node, Text):
                out.append((node.text, bold, italic))
            elif isinstance(node, Citation):
                out.append((f"[^{node.source_id}]", False, False))
            elif isinstance(node, (Strong, Emphasis, Link)):
                walk(
                    node.children,
                    bold or isinstance(node, Strong),
                    italic or isinstance(node, Emphasis),
                )

    walk(parse_inline(markup), False, False)
    return _merged(out)


def _merged(pieces) -> Marked:
    merged: Marked = []
    for text, bold, italic in pieces:
        if merged and merged[-1][1:] == (bold, italic):
            merged[-1] = (merged[-1][0] + text, bold, italic)
        elif text:
            merged.append((text, bold, italic))
    return merged


def plain(segments: list[Segment]) -> str:
    """Return the text of the segments without any markup (for messages)."""
    return "".join(segment.text for segment in segments if not segment.raw)


def _destination(href: str) -> str:
    # A link destination ends at a space or an unbalanced parenthesis: percent-encode them.
    return quote(href, safe="/:?#[]@!$&'*+,;=%~-._")


def _bold_spans(segments: list[Segment]) -> str:
    return "".join(
        _wrap(_italic_spans(list(span)), "**") if bold else _italic_spans(list(span))
        for bold, span in groupby(segments, key=lambda segment: segment.bold)
    )


def _italic_spans(segments: list[Segment]) -> str:
    return "".join(
        _wrap(_text(span), "*") if italic else _text(span)
        for italic, span in groupby(segments, key=lambda segment: segment.italic)
    )


def _text(segments) -> str:
    return "".join(s.text if s.raw else escape(s.text) for s in segments)


def _wrap(text: str, marker: str) -> str:
    return f"{marker}{text}{marker}" if text else text


def _normalized(segments: list[Segment]) -> list[Segment]:
    """Return the segments with each mark taken off the edges of its spans where those edges are
    whitespace or punctuation, and with empty segments dropped."""
    segments = [segment for segment in segments if segment.text]
    for mark in ("bold", "italic"):
        segments = _trim_mark(segments, mark)
    return segments


def _trim_mark(segments: list[Segment], mark: str) -> list[Segment]:
    out: list[Segment] = []

    # Italic spans are trimmed within each bold span, as they are written (nested in it).
    def span_of(segment: Segment) -> tuple:
        return getattr(segment, mark), segment.href, mark == "italic" and segment.bold

    for (marked, *_outer), group in groupby(segments, key=span_of):
        span = list(group)
        out.extend(_trimmed_span(span, mark) if marked else span)
    return out


def _trimmed_span(span: list[Segment], mark: str) -> list[Segment]:
    """Return a marked span with its leading and trailing edge characters unmarked."""
    text = "".join(segment.text for segment in span)
    start = len(text) - len(text.lstrip(_EDGE_CHARS))
    end = len(text.rstrip(_EDGE_CHARS))
    if start >= end:  # only whitespace and punctuation: not worth marking
        start = end = 0
    out: list[Segment] = []
    position = 0
    for segment in span:
        out.extend(_split(segment, position, start, end, mark))
        position += len(segment.text)
    return out


def _split(segment: Segment, position: int, start: int, end: int, mark: str) -> list[Segment]:
    """Return `segment` (at `position` in its span) cut where the span's marked core starts
    (`start`) and ends (`end`), the pieces outside the core without `mark`."""
    if segment.raw:
        return [segment]
    cuts = sorted({0, len(segment.text), *(c - position for c in (start, end))})
    cuts = [c for c in cuts if 0 <= c <= len(segment.text)]
    pieces = []
    for left, right in pairwise(cuts):
        inside = start <= position + left and position + right <= end
        text = segment.text[left:right]
        if mark == "bold":
            pieces.append(replace(segment, text=text, bold=inside))
        else:
            pieces.append(replace(segment, text=text, italic=inside))
    return pieces


# What `str.strip` takes off a span's edges: whitespace, punctuation and symbols (CommonMark's
# "Unicode punctuation"), up to the CJK block.
_EDGE_CHARS = "".join(
    chr(code)
    for code in range(0x3000)
    if chr(code).isspace() or unicodedata.category(chr(code)).startswith(("P", "S"))
)
