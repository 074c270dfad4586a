"""What Word's accessibility checker, screen readers and converters read from the DOCX's
styles: headings in Word's "heading N" styles with outline levels, captions derived from
Caption, the pull-quote from Quote, footnotes in "footnote text" and "footnote reference"."""

from __future__ import annotations

import pytest
from conftest import BRIEF_SAMPLE, SAMPLE
from docx_testing import NS, Styles, paragraph_style, read_parts, render, text_of, w, xml

from reportkit.loader import load_report

# The paragraph styles of the writer that are captions of something: an image, the timeline
# table, a key figure's number, a pull-quote.
CAPTION_STYLES = {"Caption", "TableCaption", "KeyFigureLabel", "QuoteAttribution"}


@pytest.fixture(scope="module", params=[SAMPLE, BRIEF_SAMPLE], ids=["analysis", "brief"])
def parts(request):
    return read_parts(render(request.param))


@pytest.fixture(scope="module")
def styles(parts) -> Styles:
    return Styles(xml(parts, "word/styles.xml"))


def names(styles: Styles, style_id: str) -> list[str]:
    """Return the names of a style and of the styles it derives from, nearest first."""
    return [style.find("w:name", NS).get(w("val")) for style in styles.chain(style_id)]


def used_paragraph_styles(parts) -> set[str | None]:
    return {paragraph_style(p) for p in xml(parts, "word/document.xml").iter(w("p"))}


@pytest.mark.parametrize("level", [1, 2, 3])
def test_headings_are_words_heading_styles_with_their_outline_level(styles, level):
    heading = styles.by_id[f"Heading{level}"]
    assert heading.find("w:name", NS).get(w("val")) == f"heading {level}"
    assert heading.find("w:pPr/w:outlineLvl", NS).get(w("val")) == str(level - 1)


def test_section_headings_are_in_heading_styles():
    document = xml(read_parts(render(SAMPLE)), "word/document.xml")
    headings = [section.heading for section in load_report(SAMPLE).sections if section.heading]
    styled = {text_of(p): paragraph_style(p) for p in document.iter(w("p"))}
    assert [styled.get(heading) for heading in headings] == ["Heading1"] * len(headings)


def test_every_caption_derives_from_caption(parts, styles):
    captions = CAPTION_STYLES & used_paragraph_styles(parts)
    assert captions  # both samples have pull-quotes, whose attribution is their caption
    for style_id in captions:
        assert "caption" in names(styles, style_id), f"{style_id} does not derive from Caption"


def test_pull_quotes_derive_from_quote(parts, styles):
    assert "PullQuote" in used_paragraph_styles(parts)
    assert "Quote" in names(styles, "PullQuote")


def test_footnotes_use_words_footnote_styles(parts, styles):
    notes = xml(parts, "word/footnotes.xml").xpath("w:footnote[not(@w:type)]", namespaces=NS)
    calls = xml(parts, "word/document.xml").xpath(".//w:r[w:footnoteReference]", namespaces=NS)
    assert notes and len(calls) == len(notes)
    assert {paragraph_style(p) for note in notes for p in note.iter(w("p"))} == {"FootnoteText"}
    marks = calls + [
        r for note in notes for r in note.xpath(".//w:r[w:footnoteRef]", namespaces=NS)
    ]
    assert {r.find("w:rPr/w:rStyle", NS).get(w("val")) for r in marks} == {"FootnoteReference"}
    assert names(styles, "FootnoteText")[0] == "footnote text"
    assert names(styles, "FootnoteReference")[0] == "footnote reference"
