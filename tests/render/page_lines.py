"""The lines of a PDF's pages as a reader's tools see them: poppler's pdftohtml gives every
piece of text with its position, font, size and colour, so headings, footnotes and the
running header can be told apart without trusting the text extraction of Arabic ligatures."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from lxml import etree

from reportkit.theme import Theme

ZOOM = 3  # pdftohtml's largest: positions and sizes in thirds of a point
TOLERANCE = 0.4  # points: sizes come rounded to a third of a point
_PARSER = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
_POINTS_PER = {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pt": 1.0}


@dataclass(frozen=True)
class Line:
    """One line of text: pieces whose tops lie within half a line of each other."""

    top: float  # points from the top of the page
    size: float  # the largest font size on the line, in points
    fonts: frozenset[str]
    colors: frozenset[str]


def pdf_pages(pdf: Path) -> list[list[Line]]:
    """Return the lines of each page of `pdf`, top to bottom."""
    command = ["pdftohtml", "-xml", "-i", "-q", "-stdout", "-zoom", str(ZOOM), str(pdf)]
    root = etree.fromstring(
        subprocess.run(command, capture_output=True, check=True).stdout, _PARSER
    )
    fonts: dict[str, tuple[str, float, str]] = {}
    pages = []
    for page in root.iter("page"):
        for spec in page.iter("fontspec"):  # ids run on across pages
            family = spec.get("family").split("+")[-1].replace("-", " ")  # "ABCDEF+Noto-Sans"
            fonts[spec.get("id")] = (family, int(spec.get("size")) / ZOOM, spec.get("color"))
        pieces = sorted((int(t.get("top")) / ZOOM, fonts[t.get("font")]) for t in page.iter("text"))
        pages.append(_lines(pieces))
    return pages


def _lines(pieces: list[tuple[float, tuple[str, float, str]]]) -> list[Line]:
    lines: list[Line] = []
    current: list = []
    for piece in pieces:
        # A footnote call sits a little lower than its line: it joins it.
        if current and piece[0] - current[0][0] > 0.5 * max(p[1][1] for p in current):
            lines.append(_line(current))
            current = []
        current.append(piece)
    if current:
        lines.append(_line(current))
    return lines


def _line(pieces) -> Line:
    return Line(
        top=pieces[0][0],
        size=max(font[1] for _, font in pieces),
        fonts=frozenset(font[0] for _, font in pieces),
        colors=frozenset(font[2] for _, font in pieces),
    )


class PageReader:
    """Classify a page's lines with the theme the PDF was made with."""

    def __init__(self, theme: Theme):
        self.theme = theme
        fonts = theme.fonts
        self.heading_fonts = {fonts.arabic_headings, fonts.latin_headings}
        self.heading_sizes = (theme.sizes.heading2, theme.sizes.heading3)
        page_height = {"A4": 841.89, "Letter": 792.0}[theme.page.size]
        self.body_top = points(theme.page.margin_top)
        self.body_bottom = page_height - points(theme.page.margin_bottom)

    def is_heading(self, line: Line) -> bool:
        """A section, perspective, outlook, constraints or timeline heading."""
        return line.fonts <= self.heading_fonts and any(
            abs(line.size - size) < TOLERANCE for size in self.heading_sizes
        )

    def is_label(self, line: Line) -> bool:
        """A line of small accent-coloured labels: dimensions, a timeline's dates."""
        small = line.size < self.theme.sizes.small + TOLERANCE
        return small and line.colors == {self.theme.colors.accent}

    def is_text(self, line: Line) -> bool:
        """A line of what a heading introduces: not a heading, label, footnote or margin."""
        in_body = self.body_top < line.top < self.body_bottom
        footnote = line.size < self.theme.sizes.small - TOLERANCE / 2
        return in_body and not (footnote or self.is_heading(line) or self.is_label(line))

    def stranded_headings(self, pages: list[list[Line]]) -> list[tuple[int, float, int]]:
        """Return (page, top, lines after it) of every heading followed on its page by fewer
        than two lines of text while what it introduces goes on over the page (the next
        page opens with text, not with a heading of its own)."""
        stranded = []
        for number, (lines, following) in enumerate(pairwise(pages), 1):
            if self._opens_with_heading(following):
                continue
            for index, line in enumerate(lines):
                if self.is_heading(line):
                    after = sum(1 for later in lines[index + 1 :] if self.is_text(later))
                    if after < 2:
                        stranded.append((number, round(line.top), after))
        return stranded

    def _opens_with_heading(self, lines: list[Line]) -> bool:
        first = next((line for line in lines if self.is_text(line) or self.is_heading(line)), None)
        return first is not None and self.is_heading(first)


def points(css_length: str) -> float:
    """Return a theme length ("24mm", "1in") in points."""
    return float(css_length[:-2]) * _POINTS_PER[css_length[-2:]]
