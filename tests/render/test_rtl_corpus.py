"""Our templates against WeasyPrint's known right-to-left problems (data/rtl-corpus.yaml).

Each test names the upstream issue it guards. Positions come from WeasyPrint's layout boxes
(`render()` before writing); text from pdftotext. The corpus is laid out twice: with Western
digits (the report's default) and with Arabic-Indic digits (set by a theme override)."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reportkit.loader import load_report
from reportkit.render import RenderJob
from reportkit.render.pdf import render_document, write_pdf
from reportkit.theme import TemplateSet

CORPUS = Path(__file__).resolve().parent / "data" / "rtl-corpus.yaml"
TOLERANCE = 1.5  # CSS px


@pytest.fixture(scope="module", params=["latin", "arabic-indic"])
def corpus(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    (folder / "theme.yaml").write_text(f"digits: {request.param}\n", encoding="utf-8")
    job = RenderJob(load_report(CORPUS), CORPUS, TemplateSet(folder))
    rendered = render_document(job)
    pdf = folder / "corpus.pdf"
    pdf.write_bytes(write_pdf(rendered))
    return request.param, rendered, pdf


def leaves(box):
    """Yield the text boxes inside `box`, in box order."""
    for child in box.descendants():
        if type(child).__name__ == "TextBox":
            yield child


def paragraph(rendered, needle: str):
    """Return the <p> block box whose text contains `needle` (Arabic-Indic digits allowed)."""
    for page in rendered.document.pages:
        for box in page._page_box.descendants():
            if type(box).__name__ == "BlockBox" and box.element_tag == "p":
                text = "".join(leaf.text for leaf in leaves(box))
                if needle in _latin_digits(text):
                    return box
    raise AssertionError(f"no paragraph with {needle!r}")


def _latin_digits(text: str) -> str:
    return text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))


def lines(box):
    return [child for child in box.descendants() if type(child).__name__ == "LineBox"]


def x_of(line, needle: str) -> float:
    """Return the left edge of the first text box in `line` containing `needle`."""
    for leaf in leaves(line):
        if needle in _latin_digits(leaf.text):
            return leaf.position_x
    raise AssertionError(f"{needle!r} not on the line: {[leaf.text for leaf in leaves(line)]}")


def extents(line) -> tuple[float, float]:
    boxes = list(leaves(line))
    return (min(b.position_x for b in boxes), max(b.position_x + b.width for b in boxes))


def extracted(pdf: Path) -> str:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return _latin_digits(re.sub(r"\s+", " ", text))


def test_layout_has_no_warnings(corpus):
    assert corpus[1].warnings == []


def test_justified_lines_with_inline_spans_fill_the_measure(corpus):
    """Kozea/WeasyPrint#2372: justification with <strong>/<em> inside Arabic lines."""
    box = paragraph(corpus[1], "نصًا عربيًا مضبوطًا")
    left, right = box.content_box_x(), box.content_box_x() + box.width
    body_lines = lines(box)
    assert len(body_lines) >= 3
    for line in body_lines[:-1]:
        start, end = extents(line)
        assert abs(start - left) < TOLERANCE and abs(end - right) < TOLERANCE


def test_numbers_and_dates_keep_their_order_in_arabic_text(corpus):
    """#2386: '4 نوفمبر 2025' reads day, month, year from the right; -55% keeps its sign."""
    line = lines(paragraph(corpus[1], "4 نوفمبر 2025"))[0]
    if corpus[0] == "latin":  # each number is its own left-to-right island
        assert x_of(line, "4") > x_of(line, "نوفمبر") > x_of(line, "2025")
    else:  # Arabic-Indic digits are right-to-left text: no islands, Pango orders the line
        assert "٤ نوفمبر ٢٠٢٥" in "".join(leaf.text for leaf in leaves(line))
    assert "في 4 نوفمبر 2025 أن أكثر من 1200 محتجز" in extracted(corpus[2])
    assert "بنسبة -55% خلال عام واحد." in extracted(corpus[2])


def test_a_line_starting_with_latin_starts_at_the_right_margin(corpus):
    """#2298: a paragraph opening with a Latin phrase still starts on the right."""
    box = paragraph(corpus[1], "Belavia Airlines هي")
    first = lines(box)[0]
    latin = next(leaf for leaf in leaves(first) if leaf.text.startswith("Belavia"))
    assert abs(latin.position_x + latin.width - (box.content_box_x() + box.width)) < TOLERANCE
    assert "Belavia Airlines هي شركة الطيران الوطنية في بيلاروسيا" in extracted(corpus[2])


def test_a_latin_phrase_split_over_markup_is_not_reversed(corpus):
    """#106/#1711: '<b>Belavia</b> Airlines' must not become 'Airlines Belavia'."""
    line = lines(paragraph(corpus[1], "Airlines الوطنية"))[0]
    assert x_of(line, "شركة") > x_of(line, "Airlines") > x_of(line, "Belavia")
    assert x_of(line, "Belavia") > x_of(line, "الوطنية")
    assert "شركة Belavia Airlines الوطنية." in extracted(corpus[2])


def test_list_markers_sit_on_the_right_and_read_in_logical_order(corpus):
    """#1512, #1620, #2598: ordered-list markers on the start (right) side; '1.' not '.1'."""
    digits, rendered, pdf = corpus
    items = [
        box
        for page in rendered.document.pages
        for box in page._page_box.descendants()
        if box.element_tag == "li"
        and type(box).__name__ == "BlockBox"
        and any("العامل" in leaf.text for leaf in leaves(box))
    ]
    markers = [
        box
        for page in rendered.document.pages
        for box in page._page_box.descendants()
        if box.element_tag == "li::marker"
    ]
    assert len(markers) == 3 and items
    right = items[0].content_box_x() + items[0].width
    assert all(marker.position_x >= right - TOLERANCE for marker in markers)
    number = "١" if digits == "arabic-indic" else "1"
    raw = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    raw = re.sub(r"\s+", " ", re.sub("[\u200e\u200f\u202a-\u202e]", "", raw))
    assert f"{number}. العامل الأول." in raw


def test_dimensions_flow_right_to_left_without_overlap(corpus):
    """#2555 (gaps between items in RTL): a perspective's dimensions are inline text, not flex
    items: the first stands rightmost and none overlaps the next."""
    dimensions = [
        box
        for page in corpus[1].document.pages
        for box in page._page_box.descendants()
        if box.element_tag == "span"
        and type(box).__name__ == "InlineBox"
        and box.element.get("class") == "dimension"
    ]
    assert len(dimensions) == 3
    for first, second in itertools.pairwise(dimensions):
        assert first.position_x > second.position_x + second.margin_width() - TOLERANCE


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="needs poppler-utils")
def test_no_synthetic_italic_and_the_theme_fonts(corpus):
    fonts = subprocess.run(["pdffonts", str(corpus[2])], capture_output=True, text=True).stdout
    assert "Amiri" in fonts and "Italic" not in fonts and "Oblique" not in fonts
