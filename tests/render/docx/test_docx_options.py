"""Variants of a report: English (LTR), Arabic-Indic digits, images, an organization's styles."""

from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import docx
import pytest
from conftest import BRIEF_SAMPLE, SAMPLE
from docx_testing import (
    NS,
    Styles,
    is_rtl_paragraph,
    paragraph_style,
    read_parts,
    render,
    text_of,
    w,
    xml,
)
from ooxml_validation import validate_docx

from reportkit.errors import RenderError
from reportkit.loader import load_report
from reportkit.models.common import Image
from reportkit.render import RenderJob
from reportkit.render.docx import render_docx
from reportkit.theme import TemplateSet

ENGLISH_BRIEF = """\
kind: brief
language: en
date: 2025-11-05
label: International politics
headline: Washington eases sanctions on Belavia
standfirst: A new step in the "step for step" approach between Washington and Minsk.
image: {file: photo.png, caption: Minsk airport, credit: Reportkit, alt: An aircraft}
lead: >-
  The U.S. Treasury eased some sanctions on 4 November 2025, among them those on
  Belavia.[^treasury]
body:
  - Minsk had released prisoners, says **Reuters**, and *others* agree; see
    [the notice](https://home.treasury.gov/news).
sources:
  - {id: treasury, title: Sanctions notice, publisher: U.S. Treasury, date: 2025-11-04,
     url: "https://home.treasury.gov/news"}
"""


def tiny_png(width: int = 40, height: int = 20) -> bytes:
    """Return a valid grey PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + checksum

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def english_brief(tmp_path) -> Path:
    (tmp_path / "photo.png").write_bytes(tiny_png())
    path = tmp_path / "english.yaml"
    path.write_text(ENGLISH_BRIEF, encoding="utf-8")
    return path


def test_english_report_is_left_to_right(english_brief):
    data = render(english_brief)
    parts = read_parts(data)
    styles = Styles(xml(parts, "word/styles.xml"))
    body = xml(parts, "word/document.xml").find("w:body", NS)
    assert body.find("w:sectPr/w:bidi", NS) is None
    assert styles.root.find("w:docDefaults/w:pPrDefault/w:pPr/w:bidi", NS) is None
    assert [text_of(p) for p in body.iter(w("p")) if is_rtl_paragraph(p, styles)] == []
    assert body.xpath(".//w:rtl", namespaces=NS) == []
    assert styles.find("BodyText", "w:pPr/w:jc").get(w("val")) == "both"
    assert validate_docx(data) == []


def test_inline_markup_becomes_character_styles_links_and_footnotes(english_brief):
    parts = read_parts(render(english_brief))
    document = xml(parts, "word/document.xml")
    styled = {
        text_of(r): r.xpath("w:rPr/w:rStyle/@w:val", namespaces=NS) for r in document.iter(w("r"))
    }
    assert styled["Reuters"] == ["Strong"] and styled["others"] == ["Emphasis"]
    link = document.xpath("//w:hyperlink[@r:id]", namespaces=NS)[0]
    assert text_of(link) == "the notice"
    rels = parts["word/_rels/document.xml.rels"].decode()
    assert 'Target="https://home.treasury.gov/news" TargetMode="External"' in rels
    note = xml(parts, "word/footnotes.xml").xpath("w:footnote[not(@w:type)]", namespaces=NS)
    assert [text_of(n).strip() for n in note] == [
        "U.S. Treasury, “Sanctions notice”, 4 November 2025."
    ]


def test_image_with_caption_credit_and_description(english_brief):
    data = render(english_brief)
    parts = read_parts(data)
    assert "word/media/image1.png" in parts
    body = xml(parts, "word/document.xml").find("w:body", NS)
    styles = [paragraph_style(p) for p in body.iter(w("p"))]
    figure = styles.index("Figure")
    assert styles[figure + 1 : figure + 3] == ["Caption", "ImageCredit"]
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    assert body.xpath(".//wp:docPr/@descr", namespaces={"wp": wp}) == ["An aircraft"]
    assert validate_docx(data) == []


def test_missing_image_is_refused_naming_the_field_and_line(english_brief):
    report = load_report(english_brief)
    (english_brief.parent / "photo.png").unlink()
    message = r"english\.yaml:7:\d+: image\.file: image file `photo\.png` does not exist"
    with pytest.raises(RenderError, match=message):
        render_docx(RenderJob(report, english_brief, TemplateSet()))


def test_image_outside_the_report_folder_is_refused(english_brief, tmp_path):
    report = load_report(english_brief)
    (tmp_path.parent / "secret.png").write_bytes(tiny_png())
    escaped = report.model_copy(update={"image": Image(file="../secret.png")})
    message = r"image\.file: image `\.\./secret\.png` is outside the report's folder"
    with pytest.raises(RenderError, match=message):
        render_docx(RenderJob(escaped, english_brief, TemplateSet()))


def test_arabic_indic_digits_are_written_as_characters(tmp_path):
    path = tmp_path / "brief.yaml"
    text = BRIEF_SAMPLE.read_text(encoding="utf-8")
    path.write_text(text.replace("digits: latin", "digits: arabic-indic"), encoding="utf-8")
    data = render(path)
    parts = read_parts(data)
    for name in ("word/document.xml", "word/footnotes.xml"):
        assert re.findall("[0-9]", text_of(xml(parts, name))) == [], name
    document = xml(parts, "word/document.xml")
    references = document.xpath("//w:r[w:footnoteReference/@w:customMarkFollows]", namespaces=NS)
    assert [text_of(r) for r in references] == ["١", "٢"]
    notes = xml(parts, "word/footnotes.xml").xpath("w:footnote[not(@w:type)]", namespaces=NS)
    assert [text_of(n)[0] for n in notes] == ["١", "٢"]
    assert document.xpath("//w:sectPr/w:pgNumType/@w:fmt", namespaces=NS) == ["hindiNumbers"]
    footers = [text_of(xml(parts, name)) for name in parts if name.startswith("word/footer")]
    assert "١" in footers  # the PAGE field's cached value, written as a character
    assert "٤ نوفمبر ٢٠٢٥" in text_of(document)
    assert validate_docx(data) == []


def test_an_organizations_reference_document_keeps_its_styles(tmp_path):
    reference = docx.Document(io.BytesIO(render(BRIEF_SAMPLE)))
    headline = reference.styles["Headline"].element
    headline.find("w:rPr/w:color", NS).set(w("val"), "00AA00")
    for style in list(reference.styles.element.iter(w("style"))):
        if style.get(w("styleId")) == "Lead":
            style.getparent().remove(style)
    org = tmp_path / "org"
    org.mkdir()
    reference.save(org / "reference.docx")
    data = render(BRIEF_SAMPLE, org)
    parts = read_parts(data)
    styles = Styles(xml(parts, "word/styles.xml"))
    assert styles.find("Headline", "w:rPr/w:color").get(w("val")) == "00AA00"
    assert "Lead" in styles.by_id  # a style the reference lacks comes from styles.yaml
    body = xml(parts, "word/document.xml").find("w:body", NS)
    titles = [text_of(p) for p in body.iter(w("p")) if paragraph_style(p) == "Headline"]
    assert len(titles) == 1  # the reference's own content is not kept
    assert all(is_rtl_paragraph(p, styles) for p in body.iter(w("p")))
    assert validate_docx(data) == []


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        ("paragraph:\n  Title: {colour: accent}\n", "style Title: unknown setting colour"),
        ("paragraph:\n  Title: {size: huge}\n", "`huge` is not one of the theme's sizes"),
    ],
    ids=["unknown setting", "unknown theme size"],
)
def test_a_bad_style_sheet_is_an_error(tmp_path, sheet, message):
    (tmp_path / "docx").mkdir()
    (tmp_path / "docx" / "styles.yaml").write_text(sheet, encoding="utf-8")
    with pytest.raises(RenderError, match=message):
        render(BRIEF_SAMPLE, tmp_path)


def test_a_reference_document_without_margins_is_refused(tmp_path):
    reference = docx.Document()
    section = reference.sections[0]._sectPr
    section.remove(section.find(w("pgMar")))
    reference.save(tmp_path / "reference.docx")
    with pytest.raises(RenderError, match="sets no page size or margins; set them in Word"):
        render(SAMPLE, tmp_path)  # its timeline table is as wide as the text


def test_a_broken_reference_document_is_refused(tmp_path):
    (tmp_path / "reference.docx").write_text("not a zip", encoding="utf-8")
    with pytest.raises(RenderError, match=re.escape("reference.docx: not a Word document")):
        render(BRIEF_SAMPLE, tmp_path)


def test_build_writes_the_docx_and_nothing_when_an_image_is_missing(english_brief, tmp_path):
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "reportkit",
        "build",
        str(english_brief),
        "--format",
        "docx",
        "--out",
        str(out),
        "--jobs",
        "1",
    ]
    assert subprocess.run(command, capture_output=True, text=True).returncode == 0
    written = out / "english.docx"
    assert docx.Document(written).core_properties.title == "Washington eases sanctions on Belavia"
    written.unlink()
    english_brief.with_name("photo.png").unlink()
    failed = subprocess.run([*command, "--force"], capture_output=True, text=True)
    assert failed.returncode != 0 and "photo.png" in failed.stdout + failed.stderr
    assert [p.name for p in out.iterdir() if p.suffix in (".docx", ".tmp")] == []


def test_one_theme_change_restyles_the_word_file(tmp_path):
    (tmp_path / "theme.yaml").write_text(
        "fonts: {arabic: Scheherazade New, latin: Liberation Serif}\n"
        "colors: {accent: '#112233'}\nsizes: {body: 11}\npage: {size: Letter}\n",
        encoding="utf-8",
    )
    parts = read_parts(render(BRIEF_SAMPLE, tmp_path))
    styles = Styles(xml(parts, "word/styles.xml"))
    fonts = styles.find("BodyText", "w:rPr/w:rFonts")
    assert (fonts.get(w("cs")), fonts.get(w("ascii"))) == ("Scheherazade New", "Liberation Serif")
    assert styles.find("BodyText", "w:rPr/w:szCs").get(w("val")) == "22"
    assert styles.find("Title", "w:rPr/w:color").get(w("val")) == "112233"
    # headings keep the theme's default headings font
    assert styles.find("Title", "w:rPr/w:rFonts").get(w("cs")) == "Noto Naskh Arabic"
    size = xml(parts, "word/document.xml").find("w:body/w:sectPr/w:pgSz", NS)
    assert (size.get(w("w")), size.get(w("h"))) == ("12240", "15840")


def test_an_organizations_style_sheet_overrides_settings_it_names(tmp_path):
    (tmp_path / "docx").mkdir()
    (tmp_path / "docx" / "styles.yaml").write_text(
        "paragraph:\n  Title: {color: muted, size: heading1}\n"
        "  Standfirst: {name: Standfirst, bold: true}\n",
        encoding="utf-8",
    )
    styles = Styles(xml(read_parts(render(BRIEF_SAMPLE, tmp_path)), "word/styles.xml"))
    assert styles.find("Title", "w:rPr/w:color").get(w("val")) == "5F5F5F"
    assert styles.find("Title", "w:rPr/w:szCs").get(w("val")) == "38"
    assert styles.find("Title", "w:rPr/w:bCs") is not None  # kept from the built-in sheet
    assert "Standfirst" in styles.by_id and "ContentsHeading" in styles.by_id


def test_the_themes_logo_opens_the_cover(tmp_path):
    (tmp_path / "logo.png").write_bytes(tiny_png())
    (tmp_path / "theme.yaml").write_text("logo: logo.png\n", encoding="utf-8")
    parts = read_parts(render(BRIEF_SAMPLE, tmp_path))
    assert "word/media/image1.png" in parts
    body = xml(parts, "word/document.xml").find("w:body", NS)
    first = body.find("w:p", NS)
    assert paragraph_style(first) == "Figure" and first.find(".//w:drawing", NS) is not None


def test_a_title_longer_than_a_document_property_is_shortened_there(tmp_path):
    headline = "عنوان " * 60  # 360 characters; python-docx takes at most 255 in a property
    path = tmp_path / "brief.yaml"
    path.write_text(
        re.sub(
            r"(?m)^headline: .*$",
            f"headline: {headline.strip()}",
            BRIEF_SAMPLE.read_text(encoding="utf-8"),
        ),
        encoding="utf-8",
    )
    parts = read_parts(render(path))
    title = xml(parts, "docProps/core.xml").find("{http://purl.org/dc/elements/1.1/}title").text
    assert len(title) == 255 and title.endswith("…") and headline.startswith(title[:-1])
    assert headline.strip() in "".join(xml(parts, "word/document.xml").itertext())
