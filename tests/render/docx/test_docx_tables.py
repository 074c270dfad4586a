"""Tables in the Word file: header rows repeated at the top of each page (w:tblHeader), rows
never split across pages (w:cantSplit), columns in visual right-to-left order in an Arabic
report (w:bidiVisual), numbers end-aligned, and a file the OOXML schemas accept."""

from __future__ import annotations

import io
import zipfile

from conftest import DATA
from lxml import etree
from ooxml_validation import validate_docx

from reportkit.loader import load_report
from reportkit.render import RenderJob
from reportkit.render.docx import render_docx
from reportkit.theme import TemplateSet

BLOCKS = DATA / "blocks-analysis.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}


def render(**update) -> bytes:
    report = load_report(BLOCKS).model_copy(update=update)
    return render_docx(RenderJob(report, BLOCKS, TemplateSet()))


def docx_tables(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        document = etree.fromstring(package.read("word/document.xml"))
    return document.findall(".//w:tbl", NS)


def data_table(tables):
    """The table of data: the one whose first row is its header (the timeline has none)."""
    return next(t for t in tables if t.find("w:tr/w:trPr/w:tblHeader", NS) is not None)


def test_the_word_table_repeats_its_header_keeps_rows_whole_and_reads_right_to_left():
    data = render()
    assert validate_docx(data) == []
    table = data_table(docx_tables(data))
    rows = table.findall("w:tr", NS)
    assert len(rows) == 7
    assert [row.find("w:trPr/w:tblHeader", NS) is not None for row in rows] == [True] + [False] * 6
    assert all(row.find("w:trPr/w:cantSplit", NS) is not None for row in rows)
    assert table.find("w:tblPr/w:bidiVisual", NS) is not None
    first_row = ["".join(cell.itertext()) for cell in rows[1].findall("w:tc", NS)]
    assert first_row[:3] == ["الدولة الأولى", "٥٥٫٥", "٦١٫٢"]  # logical order: first = right
    # numbers are end-aligned: w:jc right, which in a right-to-left paragraph is its end
    jc = rows[1].findall("w:tc/w:p/w:pPr/w:jc", NS)
    assert [j.get(W + "val") for j in jc] == ["right"] * 3


def test_an_english_word_table_reads_left_to_right_with_its_header_repeated():
    data = render(language="en")
    assert validate_docx(data) == []
    table = data_table(docx_tables(data))
    assert table.find("w:tblPr/w:bidiVisual", NS) is None
    assert table.find("w:tr/w:trPr/w:tblHeader", NS) is not None
