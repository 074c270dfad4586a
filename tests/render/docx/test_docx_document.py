"""The sample reports as Word documents: direction, styles, footnotes, fields, properties.

Assertions are on the XML (XPath) and on the file read back with python-docx, never on pixels.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator

import docx
import pytest
from conftest import BRIEF_SAMPLE, SAMPLE
from docx_testing import (
    ARABIC_LETTER,
    LATIN,
    NS,
    Styles,
    is_rtl_paragraph,
    normalize,
    paragraph_style,
    read_parts,
    render,
    text_of,
    w,
    xml,
)
from lxml import etree
from ooxml_validation import validate_docx

from reportkit.document import Document, Group, ItemList, Paragraph, plain
from reportkit.loader import load_report
from reportkit.render import RenderJob
from reportkit.resolve import resolve
from reportkit.theme import TemplateSet


@pytest.fixture(scope="module")
def report():
    return load_report(SAMPLE)


@pytest.fixture(scope="module")
def sample_docx():
    return render(SAMPLE)


@pytest.fixture(scope="module")
def brief_docx():
    return render(BRIEF_SAMPLE)


@pytest.fixture(scope="module")
def parts(sample_docx):
    return read_parts(sample_docx)


@pytest.fixture(scope="module")
def body(parts):
    return xml(parts, "word/document.xml").find("w:body", NS)


@pytest.fixture(scope="module")
def styles(parts):
    return Styles(xml(parts, "word/styles.xml"))


def resolved(path=SAMPLE) -> Document:
    return resolve(RenderJob(load_report(path), path, TemplateSet()))


def blocks_of(blocks) -> Iterator:
    """Yield every block of the resolved document in reading order, groups opened."""
    for block in blocks:
        if isinstance(block, Group):
            yield from blocks_of(block.blocks)
        else:
            yield block


def expected_headings(document: Document) -> list[tuple[int, str]]:
    """Return (level, text) of every heading of the resolved document, sources included."""
    headings = [
        (b.level, plain(b.content)) for b in blocks_of(document.body) if b.name == "heading"
    ]
    return [*headings, (1, plain(document.labels.sources))]


def expected_body(document: Document) -> list[str]:
    """Return the plain text of every body paragraph and list item, in reading order."""
    texts: list[str] = []
    for block in blocks_of(document.body):
        if isinstance(block, Paragraph) and block.role in ("body", "factors-lead"):
            texts.append(plain(block.content))
        elif isinstance(block, ItemList):
            texts += [
                f"{plain(m)} {plain(i)}" for m, i in zip(block.markers, block.items, strict=True)
            ]
    return texts


def test_every_wordprocessingml_part_validates(sample_docx, brief_docx):
    names = set(read_parts(sample_docx))
    assert {
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
        "word/footnotes.xml",
        "word/numbering.xml",
        "word/header1.xml",
        "word/footer1.xml",
    } <= names
    assert validate_docx(sample_docx) == []
    assert validate_docx(brief_docx) == []


def test_two_builds_are_identical(sample_docx):
    assert render(SAMPLE) == sample_docx


def test_section_is_right_to_left_on_a4(body):
    sect = body.find("w:sectPr", NS)
    assert sect.find("w:bidi", NS) is not None and sect.find("w:rtlGutter", NS) is not None
    size = sect.find("w:pgSz", NS)
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")
    assert sect.find("w:titlePg", NS) is not None  # no header or page number on the cover


def test_every_paragraph_is_right_to_left(body, styles):
    paragraphs = [p for p in body.iter(w("p")) if text_of(p).strip()]
    assert len(paragraphs) > 60
    assert [text_of(p)[:30] for p in paragraphs if not is_rtl_paragraph(p, styles)] == []
    assert styles.root.find("w:docDefaults/w:pPrDefault/w:pPr/w:bidi", NS) is not None
    for style_id in ("BodyText", "Heading1", "Title", "FootnoteText", "TOC1", "PullQuote"):
        assert styles.by_id[style_id].find("w:pPr/w:bidi", NS) is not None, style_id


def test_body_paragraphs_use_named_styles_and_kashida(body, styles):
    used = Counter(paragraph_style(p) for p in body.iter(w("p")) if text_of(p).strip())
    assert None not in used
    assert used["BodyText"] > 20 and used["ListNumber"] == 3
    assert styles.find("BodyText", "w:pPr/w:jc").get(w("val")) == "lowKashida"
    assert body.xpath(".//w:p/w:pPr/w:jc", namespaces=NS) == []  # alignment lives in styles


def test_headings_use_heading_styles_in_order(body):
    found = [
        (int(paragraph_style(p)[-1]), text_of(p))
        for p in body.iter(w("p"))
        if (paragraph_style(p) or "").startswith("Heading")
    ]
    assert found == expected_headings(resolved())


def test_subtitle_and_quote_styles_are_upright(styles):
    for style_id in ("Title", "Subtitle", "Quote", "PullQuote", "Caption"):
        for style in styles.chain(style_id):
            assert style.find("w:rPr/w:i", NS) is None and style.find("w:rPr/w:iCs", NS) is None


def test_arabic_runs_are_rtl_with_language_latin_runs_are_not(parts):
    header = referenced_part(parts, "header", "default")
    for name in ("word/document.xml", "word/footnotes.xml", header):
        for run in xml(parts, name).iter(w("r")):
            text = text_of(run)
            rtl = run.find("w:rPr/w:rtl", NS) is not None
            if ARABIC_LETTER.search(text):
                assert rtl, text
                assert run.xpath("w:rPr/w:lang/@w:bidi", namespaces=NS) == ["ar-SA"], text
                assert run.xpath("w:rPr/w:rFonts/@w:hint", namespaces=NS) == ["cs"], text
            if LATIN.search(text):
                assert not rtl, text


def test_styles_give_arabic_its_complex_script_font_and_size(parts, styles, body):
    theme_fonts = {"Amiri", "Noto Naskh Arabic"}
    used = {paragraph_style(p) for p in body.iter(w("p"))} - {None}
    for style_id in used | {"FootnoteText", "Header", "Footer"}:
        fonts = styles.find(style_id, "w:rPr/w:rFonts")
        assert fonts is not None and fonts.get(w("cs")) in theme_fonts, style_id
        assert styles.find(style_id, "w:rPr/w:szCs") is not None, style_id
        if styles.find(style_id, "w:rPr/w:b") is not None:
            assert styles.find(style_id, "w:rPr/w:bCs") is not None, style_id
    assert styles.find("Heading1", "w:rPr/w:rFonts").get(w("cs")) == "Noto Naskh Arabic"
    assert styles.find("BodyText", "w:rPr/w:szCs").get(w("val")) == "25"  # theme: 12.5 pt
    theme_attrs = "//@w:asciiTheme | //@w:cstheme | //@w:hAnsiTheme"
    assert styles.root.xpath(theme_attrs, namespaces=NS) == []
    lang = styles.root.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(w("bidi")) == "ar-SA"


def test_one_footnote_per_citation_holding_its_note(parts):
    """Every citation is a note, `source:` fields included: 9, as in the PDF."""
    document = resolved()
    notes = xml(parts, "word/footnotes.xml").xpath("w:footnote[not(@w:type)]", namespaces=NS)
    assert len(notes) == len(document.notes) == 9
    assert [normalize(text_of(n)) for n in notes] == [
        normalize(plain(note.content)) for note in document.notes
    ]
    assert normalize(text_of(notes[2])) == "المصدر نفسه."  # repeats note 2's source
    references = xml(parts, "word/document.xml").xpath("//w:footnoteReference/@w:id", namespaces=NS)
    assert sorted(references, key=int) == references == [n.get(w("id")) for n in notes]


def test_sources_list_at_the_end_in_order_of_first_citation(body, report):
    entries = [text_of(p) for p in body.iter(w("p")) if paragraph_style(p) == "SourceEntry"]
    assert len(entries) == len(report.sources)
    assert entries[0].startswith("مجلس حقوق الإنسان")  # cited first, defined third
    assert entries[1].startswith("U.S. Congress")


def test_timeline_is_a_visually_rtl_table(body, report):
    tables = body.findall("w:tbl", NS)
    assert len(tables) == 1
    table = tables[0]
    assert table.find("w:tblPr/w:bidiVisual", NS) is not None
    assert table.xpath("w:tblPr/w:tblStyle/@w:val", namespaces=NS) == ["ReportTable"]
    timeline = report.sections[1].timeline
    assert len(table.findall("w:tr", NS)) == len(timeline)  # no header row: as in the PDF
    assert normalize(text_of(table.findall("w:tr", NS)[0])) == "1994" + timeline[0].text.plain


def test_contents_field_is_filled_with_hyperlinked_entries(body, parts):
    entries = [p for p in body.iter(w("p")) if (paragraph_style(p) or "").startswith("TOC")]
    document = resolved()
    assert [text_of(e) for e in entries] == [plain(e.content) for e in document.contents]
    anchors = [e.xpath("w:hyperlink/@w:anchor", namespaces=NS)[0] for e in entries]
    bookmarks = body.xpath(
        ".//w:p[starts-with(w:pPr/w:pStyle/@w:val, 'Heading')]"
        "/w:bookmarkStart[starts-with(@w:name, '_Toc')]/@w:name",
        namespaces=NS,
    )
    assert anchors == bookmarks
    instruction = "".join(body.xpath(".//w:instrText/text()", namespaces=NS))
    assert 'TOC \\o "1-1" \\h \\z \\u' in instruction
    # no w:updateFields: the cached entries show as they are, with no prompt on opening
    assert xml(parts, "word/settings.xml").find("w:updateFields", NS) is None


def referenced_part(parts, kind: str, type_: str) -> str:
    """Return the part name of the section's `kind` (header/footer) reference of `type_`."""
    body = xml(parts, "word/document.xml").find("w:body", NS)
    rid = body.xpath(f"w:sectPr/w:{kind}Reference[@w:type='{type_}']/@r:id", namespaces=NS)[0]
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    return "word/" + next(r.get("Target") for r in rels if r.get("Id") == rid)


def test_header_has_the_title_and_footer_the_page_field(parts, report):
    header = xml(parts, referenced_part(parts, "header", "default"))
    assert text_of(header) == report.title  # the running title: no kicker
    assert text_of(xml(parts, referenced_part(parts, "header", "first"))) == ""
    footer = xml(parts, referenced_part(parts, "footer", "default"))
    assert footer.xpath("//w:instrText/text()", namespaces=NS) == [" PAGE "]
    assert footer.xpath("//w:pStyle/@w:val", namespaces=NS) == ["Footer"]


def test_pull_quotes_and_key_figures(body, report):
    by_style = {}
    for p in body.iter(w("p")):
        by_style.setdefault(paragraph_style(p), []).append(text_of(p))
    quotes = sorted(report.quotes, key=lambda q: _section_index(report, q.section))
    assert by_style["PullQuote"] == [normalize(q.text.plain) for q in quotes]
    assert "أكثر من 1,200" in by_style["KeyFigure"]
    assert "26 عامًا" in by_style["KeyFigure"]


def _section_index(report, section_id):
    return [s.id for s in report.sections].index(section_id)


def test_reading_back_gives_the_documents_headings_and_paragraphs(sample_docx, report):
    document = docx.Document(io.BytesIO(sample_docx))
    headings = [
        (int(p.style.name[-1]), p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading")
    ]
    assert headings == expected_headings(resolved())
    body = [
        normalize(p.text)
        for p in document.paragraphs
        if p.style.name in ("Body Text", "List Number")
    ]
    assert body == [normalize(t) for t in expected_body(resolved())]
    assert [p.style.name for p in document.paragraphs[:2]] == ["Topic", "Kicker"]
    assert document.core_properties.title == report.display_title


def test_core_properties(sample_docx, report):
    props = docx.Document(io.BytesIO(sample_docx)).core_properties
    assert props.author == "سلمى محمد"
    assert props.subject == report.topic
    assert props.keywords == ", ".join(report.keywords)
    assert props.language == "ar-SA"
    assert props.created.date() == props.modified.date() == report.date


def test_brief(brief_docx):
    parts = read_parts(brief_docx)
    body = xml(parts, "word/document.xml").find("w:body", NS)
    styles_used = [paragraph_style(p) for p in body.iter(w("p")) if text_of(p).strip()]
    assert styles_used[:4] == ["Label", "Headline", "Standfirst", "Dateline"]
    assert "Lead" in styles_used and "PullQuote" in styles_used
    notes = xml(parts, "word/footnotes.xml").xpath("w:footnote[not(@w:type)]", namespaces=NS)
    assert len(notes) == 2
    headline = next(text_of(p) for p in body.iter(w("p")) if paragraph_style(p) == "Headline")
    assert headline == "واشنطن تخفف عقوبات عن شركة الطيران البيلاروسية Belavia"


def runs_of(element) -> list[tuple[str, bool]]:
    """Return (text, is w:rtl) of every run with text, bidi marks kept."""
    return [
        ("".join(run.xpath("w:t/text()", namespaces=NS)), run.find("w:rPr/w:rtl", NS) is not None)
        for run in element.iter(w("r"))
        if run.xpath("w:t/text()", namespaces=NS)
    ]


def test_arabic_indic_digits_spare_latin_titles(tmp_path):
    """Under `digits: arabic-indic` a number in a Latin title stays as written; the note's
    date and the note numbers take Arabic-Indic digits, as in the PDF."""
    text = SAMPLE.read_text(encoding="utf-8").replace("digits: latin", "digits: arabic-indic")
    report = tmp_path / "indic.yaml"
    report.write_text(text, encoding="utf-8")
    parts = read_parts(render(report))
    notes = xml(parts, "word/footnotes.xml").xpath("w:footnote[not(@w:type)]", namespaces=NS)
    act = normalize(text_of(notes[1]))
    assert "Belarus Democracy Act of 2004" in act and act.endswith("٢٠٠٤.")
    assert notes[1].xpath(
        ".//w:r[w:rPr/w:rStyle/@w:val='FootnoteReference']/w:t/text()", namespaces=NS
    ) == ["٢"]


def test_a_latin_publisher_and_title_stay_two_runs_in_arabic_order(tmp_path):
    """`Reuters، «US officials on Belarus talks»`: the Arabic comma and the guillemet between
    the two Latin fields belong to the right-to-left paragraph, so a reader sees the publisher
    first (on the right) and the title after it."""
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "title: تغطية الإفراج عن سجناء سياسيين في بيلاروسيا",
        "title: US officials on Belarus talks",
    )
    report = tmp_path / "latin-source.yaml"
    report.write_text(text, encoding="utf-8")
    body = xml(read_parts(render(report)), "word/document.xml").find("w:body", NS)
    entry = next(
        p
        for p in body.iter(w("p"))
        if paragraph_style(p) == "SourceEntry" and "Reuters" in text_of(p)
    )
    runs = runs_of(entry)
    assert runs[:3] == [
        ("Reuters", False),
        ("، \u200f«", True),
        ("US officials on Belarus talks", False),
    ]


def test_list_items_carry_their_markers_as_text_and_no_word_numbering(styles, body):
    """Markers are written as text in the report's digits ("1.", "•"); Word's own numbering on
    top of them would show each item with two markers."""
    for style_id in ("ListNumber", "ListBullet"):
        assert styles.find(style_id, "w:pPr/w:numPr") is None, style_id
    assert body.xpath(".//w:numPr", namespaces=NS) == []
    items = [text_of(p) for p in body.iter(w("p")) if paragraph_style(p) == "ListNumber"]
    assert [item.split()[0] for item in items] == ["1.", "2.", "3."]
