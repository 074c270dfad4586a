"""The PDF and the Word file of a report say the same thing: the same blocks in the same order,
the same notes with the same numbers and texts.

The PDF's text comes from pdftotext, cropped to each page's body area and footnote area (the
running header and page number are left out); the DOCX's from its document and footnotes
parts. Neither side is compared with the report model: only with each other and with the
count of notes the resolved document has.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import BRIEF_SAMPLE, SAMPLE

from reportkit.loader import load_report
from reportkit.render import RenderJob
from reportkit.render.docx import render_docx
from reportkit.render.pdf import render_document, write_pdf
from reportkit.resolve import resolve
from reportkit.theme import TemplateSet

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")

NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
EN_REPORT = Path(__file__).resolve().parent / "render" / "data" / "en-analysis.yaml"
BLOCKS_REPORT = Path(__file__).resolve().parent / "data" / "blocks-analysis.yaml"
ESTIMATE_SAMPLE = BRIEF_SAMPLE.parent / "red-sea-shipping-estimate.yaml"
PX_TO_PT = 0.75
# What the PDF may have beside the blocks: the contents page's page numbers.
PDF_ONLY = re.compile("[0-9٠-٩]*")


def squash(text: str) -> str:
    """Return only the letters and digits of `text`, in order.

    pdftotext moves neutral characters across direction boundaries (a closing guillemet after
    an Arabic phrase in English text comes out before it) and the CSS adds the quotation marks
    around a pull-quote, so spacing and punctuation are not compared; the sequence of letters
    and digits still proves the text and its order. Tatweel is a justification filler.
    """
    text = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN" and ch != "\u0640")


def reports() -> list[tuple[str, RenderJob]]:
    jobs = [
        (path.stem, RenderJob(load_report(path), path, TemplateSet()))
        for path in (SAMPLE, BRIEF_SAMPLE, EN_REPORT, BLOCKS_REPORT, ESTIMATE_SAMPLE)
    ]
    sample = load_report(SAMPLE)
    indic = sample.model_copy(update={"digits": "arabic-indic"})
    return [*jobs, ("arabic-indic", RenderJob(indic, SAMPLE, TemplateSet()))]


@pytest.fixture(scope="module", params=reports(), ids=lambda item: item[0])
def outputs(request, tmp_path_factory):
    """Return (resolved document, PDF body text, PDF note texts, DOCX blocks, DOCX notes)."""
    _, job = request.param
    rendered = render_document(job)
    pdf = tmp_path_factory.mktemp("parity") / "report.pdf"
    pdf.write_bytes(write_pdf(rendered))
    body, notes = pdf_text(pdf, rendered.document)
    blocks, footnotes = docx_text(render_docx(job))
    return resolve(job), body, notes, blocks, footnotes


def pdftotext(pdf: Path, page: int, box: tuple[float, ...]) -> str:
    x, y, width, height = (str(int(v)) for v in box)
    args = ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), "-r", "72"]
    args += ["-x", x, "-y", y, "-W", width, "-H", height, str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pdf_text(pdf: Path, laid_out) -> tuple[str, str]:
    """Return the text of the pages' body areas and of their footnote areas."""
    from weasyprint.formatting_structure import boxes

    body, notes = [], []
    for number, page in enumerate(laid_out.pages, start=1):
        box = page._page_box
        top, bottom = box.margin_top, box.margin_height() - box.margin_bottom
        area = next((b for b in box.descendants() if isinstance(b, boxes.FootnoteAreaBox)), None)
        notes_top = area.position_y if area is not None and area.children else bottom
        width = box.margin_width()
        body.append(
            pdftotext(pdf, number, [v * PX_TO_PT for v in (0, top, width, notes_top - top)])
        )
        notes_box = (0, notes_top, width, bottom - notes_top)
        notes.append(pdftotext(pdf, number, [v * PX_TO_PT for v in notes_box]))
    return "".join(body), "".join(notes)


def docx_text(data: bytes) -> tuple[list[str], list[str]]:
    """Return the DOCX's body paragraphs (tables included) and its footnotes, as text; a
    footnote reference reads as its number, as the PDF prints it."""
    import io
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        document = etree.fromstring(package.read("word/document.xml"))
        footnotes = etree.fromstring(package.read("word/footnotes.xml"))
    numbers: dict[str, int] = {}
    blocks = []
    for paragraph in document.iterfind(".//w:body//w:p", NS):
        text = []
        for element in paragraph.iter():
            if element.tag == f"{{{NS['w']}}}t":
                text.append(element.text or "")
            elif element.tag == f"{{{NS['w']}}}footnoteReference":
                numbers.setdefault(element.get(f"{{{NS['w']}}}id"), len(numbers) + 1)
                if element.get(f"{{{NS['w']}}}customMarkFollows") is None:
                    text.append(str(numbers[element.get(f"{{{NS['w']}}}id")]))
        if squash("".join(text)):
            blocks.append("".join(text))
    notes = []
    real = [n for n in footnotes.iterfind("w:footnote", NS) if n.get(f"{{{NS['w']}}}type") is None]
    for number, note in enumerate(real, start=1):
        text = []
        for element in note.iter():
            if element.tag == f"{{{NS['w']}}}t":
                text.append(element.text or "")
            elif element.tag == f"{{{NS['w']}}}footnoteRef":
                text.append(str(number))
        notes.append("".join(text))
    return blocks, notes


def test_the_pdf_has_the_word_files_blocks_in_order_and_nothing_else(outputs):
    _, body, _, blocks, _ = outputs
    pdf = squash(body)
    position, gaps = 0, []
    for block in blocks:
        found = pdf.find(squash(block), position)
        assert found >= 0, f"not in the PDF after position {position}: {block[:60]!r}"
        gaps.append(pdf[position:found])
        position = found + len(squash(block))
    gaps.append(pdf[position:])
    extra = [gap for gap in gaps if not PDF_ONLY.fullmatch(gap)]
    assert extra == [], "text in the PDF that the Word file does not have"


def test_the_same_notes_with_the_same_numbers_and_texts(outputs):
    document, _, pdf_notes, _, docx_notes = outputs
    assert len(docx_notes) == len(document.notes) > 0
    pdf = squash(pdf_notes)
    position = 0
    for number, (note, docx_note) in enumerate(zip(document.notes, docx_notes, strict=True), 1):
        text = squash(docx_note)
        assert text.startswith(note.label), (number, docx_note)
        found = pdf.find(text.removeprefix(note.label), position)
        assert found >= 0, f"note {number} is not in the PDF: {docx_note!r}"
        assert pdf[position:found].removesuffix(".") == note.label, (number, pdf[position:found])
        position = found + len(text.removeprefix(note.label))
    assert pdf[position:] == ""
