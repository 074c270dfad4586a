"""A real office suite opens the DOCX: LibreOffice converts it to PDF, and the PDF's text and
line positions show the reading order and the right-to-left layout.

One soffice call converts every document of the module (session fixture): starting
LibreOffice costs more than converting.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections import Counter

import docx_sample
import pytest
from conftest import SAMPLE, seed_file
from docx_testing import render
from lxml import etree

from reportkit.document import plain
from reportkit.loader import load_report
from reportkit.models.common import InlineText, walk_text
from reportkit.render import RenderJob
from reportkit.render.docx import package
from reportkit.resolve import resolve
from reportkit.theme import TemplateSet

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (shutil.which("soffice") and shutil.which("pdftotext")),
        reason="LibreOffice (soffice) or poppler-utils (pdftotext) missing",
    ),
]

# Bidi controls: pdftotext wraps Arabic lines in RLE … PDF; our text carries LRM/RLM marks.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
A4_WIDTH_PT = 595.3
INNER_MARGIN_PT = 22 / 25.4 * 72  # theme margin_inner, on the right in an RTL document
OUTER_MARGIN_PT = 20 / 25.4 * 72


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory):
    """Return {name: PDF path} for the sample analysis and the layer's hand-built document."""
    out = tmp_path_factory.mktemp("libreoffice")
    (out / "analysis.docx").write_bytes(render(SAMPLE))
    (out / "layer.docx").write_bytes(package.save_reproducible(docx_sample.build_sample_document()))
    # A private profile keeps the run independent of any other LibreOffice instance.
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{out}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(out / "analysis.docx"),
            str(out / "layer.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {name: out / f"{name}.pdf" for name in ("analysis", "layer")}


def squash(text: str) -> str:
    """Return only the letters and digits of `text`, in order.

    pdftotext emits tanween and shadda as separate "words" and moves spaces and neutral
    punctuation across direction boundaries ("Airlinesعقدا", "منذ .2025"), so spacing,
    punctuation and combining marks are ignored; the sequence of letters and digits still
    proves the reading order. Tatweel is dropped (a justification filler, not a letter).
    """
    text = BIDI_CONTROLS.sub("", unicodedata.normalize("NFC", text))
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN" and ch != "\u0640")


def letters(text: str) -> str:
    """Return the squashed text without digits (footnote marks are digits in the text)."""
    return re.sub(r"\d", "", squash(text))


def body_text(pdf, title: str, notes: list[str]) -> str:
    """Return the letters of the pages without running headers, page numbers and footnotes.

    A paragraph broken over two pages is otherwise interrupted by the footnotes of the first
    page, its page number and the next page's header. Footnote lines are recognised by their
    letters: pdftotext moves the digits of a mixed Arabic/Latin line around.
    """
    raw = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    header, note_lines = letters(title), {letters(n) for n in notes}
    kept = []
    for page in raw.split("\f"):
        lines = [line for line in map(letters, page.splitlines()) if line]
        if lines and lines[0] == header:
            lines = lines[1:]
        kept += [line for line in lines if line not in note_lines]
    return "".join(kept)


def reading_pieces(seed_lines: list[str]) -> list[str]:
    """Return the seed's lines, each perspective line cut into its heading and paragraph.

    The seed writes a perspective as "(&) heading: first paragraph" on one line; the
    document puts the heading, the perspective's dimensions and the paragraph apart.
    """
    pieces = []
    for line in seed_lines:
        if line.startswith("(&) "):
            pieces += line[4:].split(": ", 1)
        else:
            pieces.append(line)
    return pieces


def test_every_seed_paragraph_in_order(pdfs):
    """Each seed paragraph starts after the previous one, and all its letters follow.

    Compared on letters only (see `squash`; digits go too, because footnote marks are digits
    in the extracted text). pdftotext also splits a line where combining marks sit (يُرجَّح,
    اتُّخذ) and prints the piece a line or two later, sometimes after the paragraph's end. So
    a paragraph is located by its first letters, in order, and every one of its letters must
    occur between its start and the next paragraph's start.
    """
    report = load_report(SAMPLE)
    document = resolve(RenderJob(report, SAMPLE, TemplateSet()))
    notes = [plain(note.content) for note in document.notes]
    flat = body_text(pdfs["analysis"], plain(document.running_title), notes)
    seed = [line for line in seed_file().read_text(encoding="utf-8").splitlines() if line.strip()]
    pieces = [letters(piece) for piece in reading_pieces(seed)]
    starts, position = [], 0
    for piece in pieces:
        start = flat.find(piece[:16], position)
        assert start >= 0, f"not found after position {position}: {piece[:40]}…"
        starts.append(start)
        position = start + min(16, len(piece))
    for piece, start, end in zip(pieces, starts, [*starts[1:], len(flat)], strict=True):
        missing = Counter(piece) - Counter(flat[start:end])
        assert not missing, (piece[:40], missing)


def bbox_lines(pdf):
    """Yield (page, words in logical order, xMin, xMax) for every text line of the PDF.

    pdftotext -bbox-layout lists an Arabic line's words from left to right, each with its
    letters in visual order too; both are reversed back here.
    """
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    root = etree.fromstring(html, etree.HTMLParser(encoding="utf-8"))
    for number, page in enumerate(root.iter("page"), start=1):
        for line in page.iter("line"):
            words = [word.text or "" for word in line.iter("word")]
            if any(re.search("[\u0600-\u06ff]", word) for word in words):
                words = [word[::-1] for word in reversed(words)]
            yield number, words, float(line.get("xmin")), float(line.get("xmax"))


def first_letters(text: str, count: int = 14) -> str:
    """Return the first letters of a text (pdftotext splits some words, so not words)."""
    return letters(text)[:count]


def test_arabic_paragraphs_start_at_the_right_margin(pdfs):
    """The first line of every body paragraph ends at the right margin (the start of Arabic)."""
    right_edge = A4_WIDTH_PT - INNER_MARGIN_PT
    report = load_report(SAMPLE)
    lines = [
        (first_letters("".join(words)), x_min, x_max)
        for _, words, x_min, x_max in bbox_lines(pdfs["analysis"])
    ]
    checked = 0
    for _, text in walk_text(report):
        if not isinstance(text, InlineText) or len(text.plain) < 200:
            continue  # body paragraphs only: long enough to fill their first line
        matches = [line for line in lines if line[0] == first_letters(text.plain)]
        assert len(matches) == 1, text.plain[:40]
        _, _, x_max = matches[0]
        assert abs(x_max - right_edge) < 2, (text.plain[:40], x_max, right_edge)
        checked += 1
    assert checked >= 25  # the sample has 25 paragraphs of 200 characters or more


def test_short_last_lines_stay_on_the_right(pdfs):
    """Justified paragraphs end with a short line that hugs the right margin, not the left."""
    right_edge = A4_WIDTH_PT - INNER_MARGIN_PT
    left_edge = OUTER_MARGIN_PT
    short = [
        (x_min, x_max)
        for _, words, x_min, x_max in bbox_lines(pdfs["analysis"])
        if re.search("[\u0621-\u064a]", " ".join(words))
        and x_max - x_min < (right_edge - left_edge) / 3
        and abs(x_max - right_edge) < 2
    ]
    assert len(short) > 10


def test_layer_document_order_and_alignment(pdfs):
    """The hand-built document of the layer tests: Latin names intact, lines at the right."""
    raw = subprocess.run(
        ["pdftotext", str(pdfs["layer"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert BIDI_CONTROLS.sub("", raw).count("Belavia Airlines") >= 5
    flat = squash(raw)
    for sentence in (
        docx_sample.PARA_1,
        docx_sample.PARA_2,
        docx_sample.FOOTNOTE_1,
        docx_sample.FOOTNOTE_2,
        *docx_sample.BULLETS,
    ):
        assert squash(sentence) in flat, sentence
    toc = squash(docx_sample.HEADING_1 + docx_sample.HEADING_2)
    assert flat.index(toc) < flat.index(squash(docx_sample.HEADING_1 + docx_sample.PARA_1))
    # A4 page, python-docx's template margins: 1800 twips (90 pt) left and right.
    right_edge = A4_WIDTH_PT - 90
    ends = [
        x_max
        for _, words, _, x_max in bbox_lines(pdfs["layer"])
        if {"شركة", "قيمة", "مقدمة"} & set(words)
    ]
    assert len(ends) >= 4 and all(abs(x - right_edge) < 3 for x in ends), ends
