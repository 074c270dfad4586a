"""The low-level layer on a small hand-built document: XML shape, schema validity, bytes."""

import io
import re
import zipfile

import docx_sample as sample_doc
import ooxml_validation
import pytest
from lxml import etree

from reportkit.render.docx import fields, ooxml, package, styles

NS = {"w": ooxml.W_NS, "r": ooxml.R_NS}
ARABIC = re.compile("[\u0600-\u06ff]")
LATIN = re.compile("[A-Za-z0-9]")


@pytest.fixture(scope="module")
def docx_bytes():
    return package.save_reproducible(sample_doc.build_sample_document())


@pytest.fixture(scope="module")
def parts(docx_bytes):
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def xml(parts, name):
    return etree.fromstring(parts[name])


def test_layer_every_wordprocessingml_part_validates(docx_bytes, parts):
    checked = [n for n in parts if any(rx.match(n) for rx, _ in ooxml_validation.PART_SCHEMAS)]
    assert {
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
        "word/footnotes.xml",
        "word/numbering.xml",
        "word/header1.xml",
        "word/footer1.xml",
    } <= set(checked)
    assert ooxml_validation.validate_docx(docx_bytes) == []


def test_layer_default_template_needs_the_zoom_fix():
    from docx import Document

    doc = Document()
    errors = ooxml_validation.validate_docx(package.save_reproducible(doc))
    assert len(errors) == 1 and "w:percent" in errors[0]
    styles.fix_template_settings(doc)
    assert ooxml_validation.validate_docx(package.save_reproducible(doc)) == []


def test_layer_validator_reports_misplaced_element(parts):
    doc = sample_doc.build_sample_document()
    ppr = next(
        p._p.pPr
        for p in doc.paragraphs
        if p._p.pPr is not None and p._p.pPr.find(f"{{{ooxml.W_NS}}}jc") is not None
    )
    bidi = ppr.find(f"{{{ooxml.W_NS}}}bidi")
    ppr.remove(bidi)
    ppr.append(bidi)  # after w:jc: wrong
    errors = ooxml_validation.validate_docx(package.save_reproducible(doc))
    assert errors and "w:bidi" in errors[0] and errors[0].startswith("word/document.xml:")


def test_layer_two_saves_are_identical():
    first = package.save_reproducible(sample_doc.build_sample_document())
    second = package.save_reproducible(sample_doc.build_sample_document())
    assert first == second


def test_layer_core_properties_dates_are_fixed(parts):
    core = parts["docProps/core.xml"].decode()
    assert "2000-01-01T00:00:00Z" in core


def test_layer_rtl_is_the_default_and_styles_are_clean(parts):
    styles = xml(parts, "word/styles.xml")
    assert styles.xpath("w:docDefaults/w:pPrDefault/w:pPr/w:bidi", namespaces=NS)
    fonts = styles.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", namespaces=NS)[0]
    assert fonts.get(f"{{{ooxml.W_NS}}}cs") == sample_doc.CS_FONT
    assert styles.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:szCs", namespaces=NS)
    theme_attrs = styles.xpath(
        "//w:rFonts/@w:asciiTheme | //w:rFonts/@w:cstheme"
        " | //w:rFonts/@w:hAnsiTheme | //w:rFonts/@w:eastAsiaTheme",
        namespaces=NS,
    )
    assert theme_attrs == []
    assert styles.xpath("//w:rPr[w:sz][not(w:szCs)]", namespaces=NS) == []
    assert styles.xpath("//w:rPr[w:b][not(w:bCs)]", namespaces=NS) == []
    for sid in ("FootnoteText", "FootnoteReference", "TOC1", "TOC2", "TOC3"):
        assert styles.xpath(f"w:style[@w:styleId='{sid}']", namespaces=NS), sid


def test_layer_body_paragraphs_are_bidi(parts):
    doc = xml(parts, "word/document.xml")
    paragraphs = doc.xpath("//w:body//w:p[.//w:t]", namespaces=NS)
    assert paragraphs
    for p in paragraphs:
        assert p.xpath("w:pPr/w:bidi[not(@w:val='0')]", namespaces=NS), etree.tostring(p)


def test_layer_rtl_only_on_arabic_runs(parts):
    for name in ("word/document.xml", "word/footnotes.xml", "word/header1.xml"):
        root = xml(parts, name)
        for r in root.xpath("//w:r[w:t]", namespaces=NS):
            text = "".join(r.xpath("w:t/text()", namespaces=NS))
            has_rtl = bool(r.xpath("w:rPr/w:rtl", namespaces=NS))
            if ARABIC.search(text):
                assert has_rtl, text
                assert r.xpath("w:rPr/w:rFonts/@w:cs", namespaces=NS) == [sample_doc.CS_FONT]
                assert r.xpath("w:rPr/w:lang/@w:bidi", namespaces=NS) == ["ar-SA"]
            if LATIN.search(text):
                assert not has_rtl, text


def test_layer_latin_name_is_one_run(parts):
    doc = xml(parts, "word/document.xml")
    texts = doc.xpath("//w:r/w:t/text()", namespaces=NS)
    assert texts.count("Belavia Airlines") >= 3
    assert "2025" in texts and "1200" in texts


def test_layer_section_and_table_direction(parts):
    doc = xml(parts, "word/document.xml")
    sect = doc.xpath("w:body/w:sectPr", namespaces=NS)[0]
    assert sect.xpath("w:bidi and w:rtlGutter", namespaces=NS)
    names = [etree.QName(c).localname for c in sect]
    assert names.index("bidi") < names.index("docGrid")
    tbl = doc.xpath("//w:tbl", namespaces=NS)[0]
    assert tbl.xpath("w:tblPr/w:bidiVisual", namespaces=NS)
    assert tbl.xpath("w:tblPr/w:tblW[@w:type='pct'][@w:w='5000']", namespaces=NS)
    assert tbl.xpath("w:tr[1]/w:trPr/w:tblHeader", namespaces=NS)
    assert len(tbl.xpath("w:tr", namespaces=NS)) == 3
    assert len(tbl.xpath("w:tr/w:tc", namespaces=NS)) == 9


def test_layer_footnotes(parts):
    rels = parts["word/_rels/document.xml.rels"].decode()
    assert re.search(r'Type="[^"]*/relationships/footnotes" Target="footnotes.xml"', rels)
    types = parts["[Content_Types].xml"].decode()
    assert (
        'PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.footnotes+xml"'
    ) in types
    notes = xml(parts, "word/footnotes.xml")
    assert notes.xpath("w:footnote[@w:id='-1'][@w:type='separator']", namespaces=NS)
    assert notes.xpath("w:footnote[@w:id='0'][@w:type='continuationSeparator']", namespaces=NS)
    real = notes.xpath("w:footnote[not(@w:type)]", namespaces=NS)
    assert len(real) == 2
    texts = ["".join(n.xpath(".//w:t/text()", namespaces=NS)).strip() for n in real]
    assert texts == [sample_doc.FOOTNOTE_1, sample_doc.FOOTNOTE_2]
    for note in real:
        assert note.xpath("w:p/w:pPr/w:bidi", namespaces=NS)
        assert note.xpath("w:p/w:r/w:footnoteRef", namespaces=NS)
    doc = xml(parts, "word/document.xml")
    refs = doc.xpath(
        "//w:r[w:rPr/w:rStyle/@w:val='FootnoteReference']/w:footnoteReference/@w:id", namespaces=NS
    )
    assert refs == ["1", "2"]
    settings = xml(parts, "word/settings.xml")
    assert settings.xpath("w:footnotePr/w:footnote/@w:id", namespaces=NS) == ["-1", "0"]


def test_layer_toc_field_has_cached_hyperlinked_entries(parts):
    doc = xml(parts, "word/document.xml")
    instr = "".join(doc.xpath("//w:instrText/text()", namespaces=NS))
    assert 'TOC \\o "1-3" \\h \\z \\u' in instr
    entries = doc.xpath("//w:p[starts-with(w:pPr/w:pStyle/@w:val, 'TOC')]", namespaces=NS)
    assert len(entries) == 2
    anchors = [e.xpath("w:hyperlink/@w:anchor", namespaces=NS)[0] for e in entries]
    bookmarks = doc.xpath(
        "//w:p[starts-with(w:pPr/w:pStyle/@w:val, 'Heading')]/w:bookmarkStart/@w:name",
        namespaces=NS,
    )
    assert anchors == bookmarks and all(a.startswith("_Toc") for a in anchors)
    texts = ["".join(e.xpath(".//w:t/text()", namespaces=NS)) for e in entries]
    assert texts == [sample_doc.HEADING_1, sample_doc.HEADING_2]
    kinds = doc.xpath("//w:fldChar/@w:fldCharType", namespaces=NS)
    assert kinds == ["begin", "separate", "end"]
    assert entries[0].xpath("w:r/w:fldChar/@w:fldCharType", namespaces=NS) == ["begin", "separate"]
    assert entries[-1].xpath("w:r/w:fldChar/@w:fldCharType", namespaces=NS) == ["end"]
    settings = xml(parts, "word/settings.xml")
    assert settings.xpath("w:updateFields[@w:val='true']", namespaces=NS)


def test_layer_page_field_in_footer(parts):
    footer = xml(parts, "word/footer1.xml")
    assert footer.xpath("//w:fldChar/@w:fldCharType", namespaces=NS) == ["begin", "separate", "end"]
    assert footer.xpath("//w:instrText/text()", namespaces=NS) == [" PAGE "]
    header = xml(parts, "word/header1.xml")
    assert "".join(header.xpath("//w:t/text()", namespaces=NS)) == sample_doc.HEADER_TEXT


def test_layer_bulleted_list_is_rtl(parts):
    doc = xml(parts, "word/document.xml")
    items = doc.xpath("//w:p[w:pPr/w:pStyle/@w:val='ListBullet']", namespaces=NS)
    assert len(items) == 3
    assert all(p.xpath("w:pPr/w:bidi", namespaces=NS) for p in items)


def test_layer_reopened_document_keeps_footnotes(docx_bytes):
    from docx import Document

    doc = Document(io.BytesIO(docx_bytes))
    new_id = fields.add_footnote(doc.paragraphs[-1], ["حاشية ثالثة"])
    assert new_id == 3
    assert ooxml_validation.validate_docx(package.save_reproducible(doc)) == []
