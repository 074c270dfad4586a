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
from conftest import SAMPLE

from reportkit.loader import load_report
from reportkit.render import RenderJob
from reportkit.render.docx import render_docx
from reportkit.render.html import render_standalone_html
from reportkit.render.pdf import render_document, write_pdf
from reportkit.resolve import resolve
from reportkit.theme import TemplateSet

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")

NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
EN_REPORT = Path(__file__).resolve().parent / "render" / "data" / "en-analysis.yaml"
BLOCKS_REPORT = Path(__file__).resolve().parent / "data" / "blocks-analysis.yaml"
SHORT_REPORT = Path(__file__).resolve().parent / "data" / "pages" / "short-analysis.yaml"
PX_TO_PT = 0.75
# Marks a numbered list item's paragraph in `docx_text`'s result (squash drops it).
NUMBERED = "\u2063"
NUMBERED_STYLES = {"ListNumber", "Recommendation"}  # Word styles of numbered list items
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
    """Every report in `reports/`, the test data's English, blocks and short analyses, and the
    sample analysis with Arabic-Indic digits."""
    paths = [
        *sorted(SAMPLE.parent.glob("*.yaml")),
        EN_REPORT,
        BLOCKS_REPORT,
        BLOCKS_REPORT.with_name("blocks-brief.yaml"),
        SHORT_REPORT,
    ]
    jobs = [(path.stem, RenderJob(load_report(path), path, TemplateSet())) for path in paths]
    sample = load_report(SAMPLE)
    indic = sample.model_copy(update={"digits": "arabic-indic"})
    return [*jobs, ("arabic-indic", RenderJob(indic, SAMPLE, TemplateSet()))]


@pytest.fixture(scope="module", params=reports(), ids=lambda item: item[0])
def outputs(request, tmp_path_factory):
    """Return (resolved document, PDF body text, PDF note texts, DOCX blocks, DOCX notes, web
    page text, web page notes)."""
    _, job = request.param
    rendered = render_document(job)
    pdf = tmp_path_factory.mktemp("parity") / "report.pdf"
    pdf.write_bytes(write_pdf(rendered))
    body, notes = pdf_text(pdf, rendered.document)
    blocks, footnotes = docx_text(render_docx(job))
    web, web_notes = web_text(render_standalone_html(job))
    return resolve(job), body, notes, blocks, footnotes, web, web_notes


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
    footnote reference reads as its number, as the PDF prints it. A numbered list item's
    paragraph starts with its number: "1. …"."""
    import io
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        document = etree.fromstring(package.read("word/document.xml"))
        names = package.namelist()
        footnotes = (
            etree.fromstring(package.read("word/footnotes.xml"))
            if "word/footnotes.xml" in names
            else etree.Element(f"{{{NS['w']}}}footnotes")
        )
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
            style = paragraph.find("w:pPr/w:pStyle", NS)
            numbered = style is not None and style.get(f"{{{NS['w']}}}val") in NUMBERED_STYLES
            blocks.append(NUMBERED + "".join(text) if numbered else "".join(text))
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


def web_text(page: bytes) -> tuple[str, list[str]]:
    """Return the web page's text without its skip link and notes, and the notes' texts."""
    from lxml import html

    tree = html.fromstring(page)
    notes = [
        item.text_content().replace("↩", "")
        for item in tree.xpath("//section[contains(@class, 'notes')]//li")
    ]
    for element in tree.xpath("//a[@class='skip-link'] | //section[contains(@class, 'notes')]"):
        element.getparent().remove(element)
    return tree.body.text_content(), notes


def test_the_pdf_has_the_word_files_blocks_in_order_and_nothing_else(outputs):
    _, body, _, blocks, *_ = outputs
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


def test_the_web_page_has_the_word_files_text_and_notes(outputs):
    """The web page says what the Word file says, in the same order, with nothing added; its
    notes, gathered at the end, are the Word file's footnotes."""
    document, _, _, blocks, docx_notes, web, web_notes = outputs
    # The web page numbers a list with <ol> (the browser's counter, in the report's digits):
    # the numbers are not part of its text.
    expected = [
        re.sub("^[0-9٠-٩]+", "", squash(block)) if block.startswith(NUMBERED) else squash(block)
        for block in blocks
    ]
    assert squash(web) == "".join(expected)
    assert [squash(note) for note in web_notes] == [
        squash(text).removeprefix(note.label)
        for note, text in zip(document.notes, docx_notes, strict=True)
    ]


def test_the_same_notes_with_the_same_numbers_and_texts(outputs):
    document, _, pdf_notes, _, docx_notes, *_ = outputs
    assert len(docx_notes) == len(document.notes)
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


def test_the_sample_analysis_has_a_note_for_every_citation():
    """9 notes: 6 citations in the text and the sources of 2 timeline events and a quote."""
    document = resolve(RenderJob(load_report(SAMPLE), SAMPLE, TemplateSet()))
    assert len(document.notes) == 9
