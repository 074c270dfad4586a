"""Tables as a reader gets them in the PDF (columns right to left in an Arabic report, the
header repeated on every page a long table runs over, numbers in the report's digits) and the
web page (the Word file: render/docx/test_docx_tables.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import DATA

from reportkit.loader import load_report
from reportkit.render import RenderJob
from reportkit.render.html import page_html
from reportkit.render.pdf import render_pdf
from reportkit.theme import TemplateSet

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")

BLOCKS = DATA / "blocks-analysis.yaml"


def job(path: Path, **update) -> RenderJob:
    report = load_report(path)
    if update:
        report = report.model_copy(update=update)
    return RenderJob(report, path, TemplateSet())


def pdf_file(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return path


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub("[\u200e\u200f\u202a-\u202e]", "", text).split("\f")


def words(pdf: Path) -> list[tuple[int, float, float, str]]:
    """Return (page, x, y, text) of every word pdftotext finds; poppler gives an Arabic
    phrase in visual order, so it is read reversed too when matching."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found, page = [], 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)".*>(.*)</word>', line)
        if match:
            text = re.sub("[\u200e\u200f]", "", match.group(3))
            found.append((page, float(match.group(1)), float(match.group(2)), text))
    return found


def x_of(found, needle: str, y: float | None = None) -> tuple[float, float]:
    for _page, x, top, text in found:
        if (needle in text or needle[::-1] in text) and (y is None or abs(top - y) < 1):
            return x, top
    raise AssertionError(f"{needle!r} is not in the PDF")


@pytest.fixture(scope="module")
def blocks_pdf(tmp_path_factory) -> Path:
    return pdf_file(tmp_path_factory.mktemp("tables"), render_pdf(job(BLOCKS)))


def test_the_pdf_shows_an_arabic_tables_columns_right_to_left(blocks_pdf):
    found = words(blocks_pdf)
    first, y = x_of(found, "الأولى")  # the first row's first cell
    second, _ = x_of(found, "٥٥٫٥", y)
    third, _ = x_of(found, "٦١٫٢", y)
    fourth, _ = x_of(found, "-٥٫٧", y)
    assert first > second > third > fourth


def test_the_pdfs_table_numbers_follow_the_digit_policy(blocks_pdf, tmp_path):
    arabic = "".join(page_texts(blocks_pdf))
    assert "٥٥٫٥" in arabic and "55.5" not in arabic
    latin = "".join(page_texts(pdf_file(tmp_path, render_pdf(job(BLOCKS, digits="latin")))))
    assert "55.5" in latin and "٥٥٫٥" not in latin


def long_table_report(tmp_path: Path) -> Path:
    rows = "".join(f"            - [البند رقم {n}, {n * 3}, {n * 7}]\n" for n in range(1, 61))
    text = BLOCKS.read_text(encoding="utf-8")
    table = (
        "      - table:\n"
        "          caption: جدول طويل\n"
        "          header:\n"
        "            - [العنصر المعدود, القيمة الأولى, القيمة الثانية]\n"
        "          rows:\n" + rows
    )
    anchor = "    subsections:\n"
    path = tmp_path / "long-table.yaml"
    path.write_text(text.replace(anchor, table + anchor, 1), encoding="utf-8")
    return path


def test_a_long_table_repeats_its_header_on_every_page_it_runs_over(tmp_path):
    pdf = pdf_file(tmp_path, render_pdf(job(long_table_report(tmp_path))))
    pages = [page for page in page_texts(pdf) if re.search(r"البند رقم", page)]
    assert len(pages) >= 2, "the 60 rows should need two pages"
    for page in pages:
        assert "العنصر المعدود" in page
    assert "البند رقم ١" in pages[0] and "البند رقم ٦٠" in pages[-1]


def test_the_web_page_has_the_header_in_thead_and_the_numbers_end_aligned():
    html = page_html(job(BLOCKS), "screen").html
    table = html[html.index('<figure class="data-table">') :]
    table = table[: table.index("</figure>")]
    assert re.search(r"<thead>\s*<tr><th class=\"align-start\" scope=\"col\">الدولة</th>", table)
    assert '<td class="align-number">٥٥٫٥</td>' in table
    assert '<p class="table-note">' in table
