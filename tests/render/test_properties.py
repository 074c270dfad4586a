"""Property: any valid report renders to every format, and the PDF carries its letters.

Hypothesis writes reports of every kind from the `reportkit new` skeletons, with every text
replaced by generated text — random lengths, Arabic and Latin words mixed, combining marks,
emoji, digits, words longer than a line — and optional fields left out at random. Each report
must load without errors and render to PDF, DOCX and HTML without an exception; the letters of
each of its texts (whitespace, marks and punctuation removed) must come out, in order, of the
page WeasyPrint lays out, of the DOCX's text and of the web page; and the PDF's body
(pdftotext) must hold exactly the page's letters.
"""

from __future__ import annotations

import io
import tempfile
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html
from test_pdf import body_text

from reportkit.loader import check_report
from reportkit.models.common import NON_PROSE_FIELDS, walk_text
from reportkit.render import RenderJob, render
from reportkit.render.pdf import render_document, write_pdf
from reportkit.skeleton import skeleton_text
from reportkit.theme import TemplateSet

pytestmark = pytest.mark.slow

ARABIC_LETTERS = "".join(chr(c) for c in range(0x0621, 0x064B) if c != 0x0640)  # no tatweel
ARABIC_MARKS = "".join(chr(c) for c in range(0x064B, 0x0653))  # tanween, harakat, shadda, sukun
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüñçøß"
LATIN_MARKS = "\u0301\u0308\u0327"  # acute, diaeresis, cedilla
EMOJI = ["😀", "🌍", "✅", "👍🏽", "❤️"]
PUNCTUATION = [".", "،", "؟", "!", "«", "»", "(", ")", "-", "٪", "%"]
# Optional fields the skeletons fill in, which a report may leave out.
OPTIONAL = {"standfirst", "quotes", "sources", "kicker", "topic", "keywords", "factors", "timeline"}
# Fields that are document properties, not text, in a format (the DOCX's subject is the topic).
METADATA = {"page": {"keywords"}, "html": {"keywords"}, "docx": {"keywords", "topic"}}
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def word_of(letters: str, marks: str, max_size: int, composed: bool) -> st.SearchStrategy[str]:
    """Return words of `letters`, each letter followed now and then by one of `marks` (with
    `composed`, only where the two make one precomposed letter, such as é)."""

    def mark(letter: str, mark: str) -> str:
        if composed and len(unicodedata.normalize("NFC", letter + mark)) > 1:
            return letter
        return letter + mark

    letter = st.tuples(st.sampled_from(letters), st.sampled_from(["", "", "", *marks]))
    return st.lists(letter, min_size=1, max_size=max_size).map(
        lambda pairs: "".join(mark(*pair) for pair in pairs)
    )


WORDS = st.one_of(
    word_of(ARABIC_LETTERS, ARABIC_MARKS, 9, composed=False),
    word_of(ARABIC_LETTERS, ARABIC_MARKS, 9, composed=False),
    # A Latin letter with a mark that has no precomposed form (Z̧) is left out: in some lines
    # pdftotext reads the mark back as another cluster it was drawn in (ü̧), a letter too many.
    word_of(LATIN_LETTERS, LATIN_MARKS, 9, composed=True),
    st.integers(min_value=0, max_value=10**7).map(str),
    st.sampled_from(EMOJI),
    st.sampled_from(PUNCTUATION),
    st.text(LATIN_LETTERS, min_size=70, max_size=140),  # longer than a line
    st.text(ARABIC_LETTERS, min_size=70, max_size=100),
)
TEXTS = (
    st.lists(WORDS, min_size=1, max_size=14)
    .map(" ".join)
    .filter(lambda text: any(c.isalpha() for c in text))
)


def skeleton_data(kind: str, folder: Path) -> dict:
    return yaml.safe_load(skeleton_text(kind, folder / f"{kind}.yaml", ROOT / "schemas"))


@st.composite
def reports(draw) -> dict:
    """Return the data of a valid report of any kind, every text generated."""
    with tempfile.TemporaryDirectory() as folder:
        data = skeleton_data(draw(st.sampled_from(["analysis", "brief"])), Path(folder))
    data["language"] = draw(st.sampled_from(["ar", "en"]))
    data["digits"] = draw(st.sampled_from(["latin", "arabic-indic"]))
    for key in OPTIONAL & data.keys():
        if draw(st.booleans()):
            del data[key]
    for section in data.get("sections", []):
        for key in OPTIONAL & section.keys():
            if draw(st.booleans()):
                del section[key]
    return fill_texts(data, draw)


def fill_texts(value, draw, key: str | None = None):
    """Return `value` with every prose string replaced by a generated text."""
    if isinstance(value, dict):
        return {k: fill_texts(v, draw, k) for k, v in value.items()}
    if isinstance(value, list):
        return [fill_texts(item, draw, key) for item in value]
    if isinstance(value, str) and key not in NON_PROSE_FIELDS | {"date"}:
        return draw(TEXTS)
    return value


def letters(text: str) -> str:
    """Return what the comparison keeps: base letters, in order (no spaces, marks or digits).
    Decomposed first, because a letter with two marks (ü̧) comes out of the PDF composed in
    another way than NFC writes it."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if c.isalpha())


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return "".join(node.text or "" for node in root.iter(W_NS + "t"))


@settings(
    max_examples=12,
    deadline=None,
    database=None,
    # Shrinking a failing report re-renders it hundreds of times (minutes): the first failing
    # report is shown as generated instead.
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=reports())
def test_any_valid_report_renders_to_every_format_with_all_its_letters(data):
    check_renders_with_all_its_letters(data)


def check_renders_with_all_its_letters(data: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        result = check_report(path)
        assert result.report is not None, [d.format() for d in result.diagnostics]
        job = RenderJob(result.report, path, TemplateSet())
        rendered = render_document(job)
        pdf = Path(folder) / "report.pdf"
        pdf.write_bytes(write_pdf(rendered))
        pdf_letters = letters(body_text(pdf, rendered.document))
        outputs = {
            "page": letters(page_text(rendered.page.html)),
            "docx": letters(docx_text(render(job, "docx").data)),
            "html": letters(page_text(render(job, "html").data.decode("utf-8"))),
        }
    # The PDF holds the page's letters, no more, no fewer (labels and dates included); their
    # order is checked on the page, since pdftotext orders some mixed-direction lines its own way.
    assert Counter(pdf_letters) == Counter(outputs["page"])
    for field_path, text in walk_text(result.report):
        wanted = letters(getattr(text, "plain", text))
        for fmt, found in outputs.items():
            if field_path[0] in METADATA[fmt]:
                continue
            assert wanted in found, f"{fmt}: letters of {field_path} missing: {wanted[:60]}"


def page_text(html: str) -> str:
    """Return the text a reader sees in a page's body (not its <head>)."""
    return lxml_html.fromstring(html).find("body").text_content()
