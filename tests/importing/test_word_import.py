"""Reading a Word file written by another program into a Draft, and refusing bad Word input."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.shared import Pt
from hypothesis import given
from hypothesis import strategies as st
from word_docs import W_NS, Notes, image_bytes, run, word_document

from reportkit.errors import UsageError
from reportkit.importing.draft import (
    DraftHeading,
    DraftImage,
    DraftList,
    DraftParagraph,
    DraftTable,
)
from reportkit.importing.word import check_word_file, read_word
from reportkit.importing.word_inline import Segment, to_markup
from reportkit.inline import Emphasis, Strong, iter_nodes, parse_inline, plain_text


def blocks_of(draft, kind):
    return [block for block in draft.blocks if isinstance(block, kind)]


def note_texts(draft) -> dict[str, str]:
    return {note.id: note.text for note in draft.notes}


# ------------------------------------------------------------------ Word's built-in styles


@pytest.fixture(scope="module")
def word_draft(tmp_path_factory):
    return read_word(word_document(tmp_path_factory.mktemp("word") / "draft.docx"))


def test_title_subtitle_and_headings_come_from_the_styles(word_draft):
    assert (word_draft.title, word_draft.subtitle) == (
        "Belarus and the West",
        "A thaw under sanctions",
    )
    headings = [(h.level, h.text) for h in blocks_of(word_draft, DraftHeading)]
    assert headings == [(1, "Drivers of the rapprochement"), (2, "Economic motives"), (1, "Limits")]


def test_footnotes_keep_their_texts_and_call_points(word_draft):
    first, second = (p.text for p in blocks_of(word_draft, DraftParagraph))
    assert first.endswith("12 \\[sic\\].[^fn1]")
    assert second == "Potash exports fell by half.[^fn2]"
    assert note_texts(word_draft) == {
        "fn1": "Reuters, 11 September 2025.",
        "fn2": "Belstat, annual report 2024.",
    }
    assert {note.kind for note in word_draft.notes} == {"footnote"}


def test_bold_italic_and_links_become_the_reports_markup(word_draft):
    first = blocks_of(word_draft, DraftParagraph)[0].text
    assert first == (
        "Minsk released **52 prisoners** in *September* 2025, according to "
        "[Reuters](https://www.reuters.com/world/); 3 \\* 4 = 12 \\[sic\\].[^fn1]"
    )
    # What the report's own parser reads there: the text as written in Word.
    assert plain_text(parse_inline(first)) == (
        "Minsk released 52 prisoners in September 2025, according to Reuters; 3 * 4 = 12 [sic]."
    )


def test_list_styles_give_bulleted_and_numbered_lists(word_draft):
    lists = [(block.numbered, block.items) for block in blocks_of(word_draft, DraftList)]
    assert lists == [
        (False, ["Sanctions relief on Belavia", "Access to spare parts"]),
        (True, ["First, talks", "Second, an agreement"]),
    ]


def test_table_keeps_its_header_row_and_caption(word_draft):
    (table,) = blocks_of(word_draft, DraftTable)
    assert table.rows == [["Year", "Prisoners"], ["2024", "30"], ["2025", "52"]]
    assert (table.header_rows, table.caption) == (1, "Prisoners released")


def test_image_keeps_its_bytes_caption_and_alt_text(word_draft):
    (image,) = blocks_of(word_draft, DraftImage)
    assert (image.data, image.suffix) == (image_bytes(), ".png")
    assert (image.caption, image.alt) == ("The route of the talks", "A red square")
    assert not any("route of the talks" in p.text for p in blocks_of(word_draft, DraftParagraph))


@pytest.mark.parametrize(
    ("caption", "kept"),
    [
        ("Table 1: Prisoners released", "Prisoners released"),
        ("Figure 2. Route", "Route"),
        ("شكل (3) - الطريق", "الطريق"),
        ("جدول ٢: السجناء", "السجناء"),
        ("Tablets sold in 2024", "Tablets sold in 2024"),
        ("Figure 10", "Figure 10"),
    ],
)
def test_a_captions_label_and_number_are_left_to_the_report(tmp_path, caption, kept):
    document = docx.Document()
    document.add_table(rows=1, cols=1).cell(0, 0).text = "x"
    document.add_paragraph(caption, style="Caption")
    document.save(tmp_path / "caption.docx")
    assert blocks_of(read_word(tmp_path / "caption.docx"), DraftTable)[0].caption == kept


def test_core_properties(word_draft):
    assert word_draft.authors == ["Layla Haddad", "Omar Saleh"]
    assert (word_draft.date, word_draft.language) == ("2025-10-03", "en")
    assert word_draft.keywords == ["Belarus", "sanctions", "potash"]
    assert word_draft.summary == "How sanctions relief follows prisoner releases."
    assert word_draft.warnings == []


def test_core_title_stands_in_when_no_paragraph_has_the_title_style(tmp_path):
    document = docx.Document()
    document.add_paragraph("Body text only.")
    document.core_properties.title = "From the properties"
    document.save(tmp_path / "untitled.docx")
    assert read_word(tmp_path / "untitled.docx").title == "From the properties"


@pytest.mark.parametrize(
    ("text", "language"), [("تراجعت صادرات البوتاس إلى النصف.", "ar"), ("Exports fell.", "en")]
)
def test_language_from_the_default_run_language_when_the_properties_have_none(
    tmp_path, text, language
):
    """Word's template says `w:val="en-US" w:bidi="ar-SA"` whatever the document's language:
    the one of the two the text is written in is taken."""
    document = docx.Document()
    document.add_paragraph(text)
    assert document.core_properties.language == ""
    document.save(tmp_path / "language.docx")
    assert read_word(tmp_path / "language.docx").language == language


def test_headings_by_localized_style_base_and_outline_level(tmp_path):
    """Style ids and names differ by language and program; the base style (Word keeps built-in
    names in English) and the outline level still say what is a heading."""
    document = docx.Document()
    chapitre = document.styles.add_style("Chapitre", 1)  # WD_STYLE_TYPE.PARAGRAPH
    chapitre.base_style = document.styles["Heading 1"]
    chapitre.element.set(f"{{{W_NS}}}styleId", "Titre1perso")
    section = document.styles.add_style("Abschnitt", 1)
    section.element.get_or_add_pPr().append(
        parse_xml(f'<w:outlineLvl xmlns:w="{W_NS}" w:val="1"/>')
    )
    document.add_paragraph("Un chapitre", style="Chapitre")
    document.add_paragraph("Ein Abschnitt", style="Abschnitt")
    direct = document.add_paragraph("Direct outline level")
    direct._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl xmlns:w="{W_NS}" w:val="0"/>'))
    document.add_paragraph("Just text.")
    document.save(tmp_path / "localized.docx")
    draft = read_word(tmp_path / "localized.docx")
    assert [(b.level, b.text) for b in blocks_of(draft, DraftHeading)] == [
        (1, "Un chapitre"),
        (2, "Ein Abschnitt"),
        (1, "Direct outline level"),
    ]
    assert [p.text for p in blocks_of(draft, DraftParagraph)] == ["Just text."]


def test_numbering_formats_decide_numbered_or_bulleted(tmp_path):
    """A list made with a custom style and direct numbering: numbering.xml's numFmt decides."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90"><w:lvl w:ilvl="0">'
            '<w:numFmt w:val="arabicAbjad"/></w:lvl></w:abstractNum>'
        )
    )
    numbering.append(
        parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    for text in ("أولًا", "ثانيًا"):
        item = document.add_paragraph(text)
        item._p.get_or_add_pPr().append(
            parse_xml(
                f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'
            )
        )
    document.save(tmp_path / "numbered.docx")
    (items,) = blocks_of(read_word(tmp_path / "numbered.docx"), DraftList)
    assert (items.numbered, items.items) == (True, ["أولًا", "ثانيًا"])


def test_endnotes_get_their_own_ids(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Claim")
    Notes(document, "endnote").call(paragraph, "An endnote.", word_id=7)
    Notes(document, "footnote").call(paragraph, "A footnote.", word_id=3)
    document.save(tmp_path / "notes.docx")
    draft = read_word(tmp_path / "notes.docx")
    assert blocks_of(draft, DraftParagraph)[0].text == "Claim[^en1][^fn1]"
    assert [(n.id, n.kind, n.text) for n in draft.notes] == [
        ("en1", "endnote", "An endnote."),
        ("fn1", "footnote", "A footnote."),
    ]


# ------------------------------------------------------------------ tracked changes, comments


def tracked_document(path):
    document = docx.Document()
    paragraph = document.add_paragraph("The talks ")
    paragraph._p.append(
        parse_xml(
            f'<w:ins xmlns:w="{W_NS}" w:id="1" w:author="Editor A" w:date="2025-10-04T00:00:00Z">'
            '<w:r><w:t xml:space="preserve">quickly </w:t></w:r></w:ins>'
        )
    )
    run(paragraph, "resumed ")
    paragraph._p.append(
        parse_xml(
            f'<w:del xmlns:w="{W_NS}" w:id="2" w:author="Editor B" w:date="2025-10-04T00:00:00Z">'
            '<w:r><w:delText xml:space="preserve">in Minsk </w:delText></w:r></w:del>'
        )
    )
    run(paragraph, "in October.")
    commented = document.add_paragraph()
    words = run(commented, "Potash exports")
    run(commented, " fell by half.")
    document.add_comment(words, text="Source for this figure?", author="Editor C")
    document.save(path)
    return path


def test_pending_tracked_changes_are_read_as_before_and_reported(tmp_path):
    draft = read_word(tracked_document(tmp_path / "tracked.docx"))
    first = blocks_of(draft, DraftParagraph)[0]
    assert first.text == "The talks resumed in Minsk in October."
    insertion, deletion, _comment = draft.warnings
    assert "pending tracked insertion by \u2068Editor A\u2069: «\u2068quickly\u2069»" in insertion
    assert "accept or reject it in Word and import again" in insertion
    assert "pending tracked deletion by \u2068Editor B\u2069: «\u2068in Minsk\u2069»" in deletion


def test_comments_are_listed_with_the_paragraph_they_refer_to(tmp_path):
    draft = read_word(tracked_document(tmp_path / "tracked.docx"))
    comment = draft.warnings[-1]
    assert "Word comment by \u2068Editor C\u2069" in comment
    assert "on «\u2068Potash exports\u2069»" in comment
    assert "in the paragraph «\u2068Potash exports fell by half.\u2069»" in comment
    assert "«\u2068Source for this figure?\u2069»" in comment
    assert blocks_of(draft, DraftParagraph)[1].text == "Potash exports fell by half."


# ------------------------------------------------------------------ inline markup


def test_marks_changing_inside_a_word_never_leave_stray_asterisks():
    segments = [
        Segment("a", bold=True),
        Segment("b", bold=True, italic=True),
        Segment("c", italic=True),
    ]
    markup = to_markup(segments)
    assert plain_text(parse_inline(markup)) == "abc"
    assert any(isinstance(node, Strong) for node in iter_nodes(parse_inline(markup)))


def test_edge_punctuation_stays_outside_the_markers():
    markup = to_markup([Segment("("), Segment("(see)", bold=True), Segment("x")])
    assert markup == "((**see**)x"
    assert [type(n) for n in parse_inline(markup)] == [
        type(parse_inline("t")[0]),
        Strong,
        type(parse_inline("t")[0]),
    ]


TEXT = st.text(alphabet="ab *_[]\\()«».،ك1", min_size=1, max_size=6)
SEGMENTS = st.lists(st.builds(Segment, TEXT, st.booleans(), st.booleans()), max_size=6)


@given(SEGMENTS)
def test_any_runs_read_back_as_the_same_text(segments):
    markup = to_markup(segments)
    assert plain_text(parse_inline(markup)) == "".join(s.text for s in segments)


@given(SEGMENTS)
def test_emphasis_is_only_where_word_had_it(segments):
    nodes = parse_inline(to_markup(segments))
    if not any(s.italic for s in segments):
        assert not any(isinstance(node, Emphasis) for node in iter_nodes(nodes))
    if not any(s.bold for s in segments):
        assert not any(isinstance(node, Strong) for node in iter_nodes(nodes))


# ------------------------------------------------------------------ LibreOffice

FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta><dc:title>التقارب البيلاروسي الأمريكي</dc:title><dc:language>ar</dc:language>
  <meta:initial-creator>ليلى حداد</meta:initial-creator></office:meta>
 <office:automatic-styles><style:style style:name="B" style:family="text">
  <style:text-properties fo:font-weight="bold" style:font-weight-complex="bold"/>
 </style:style></office:automatic-styles>
 <office:body><office:text>
  <text:h text:outline-level="1">دوافع التقارب</text:h>
  <text:p>أفرجت مينسك عن <text:span text:style-name="B">اثنين وخمسين</text:span> سجينًا<text:note
   text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation>
   <text:note-body><text:p>رويترز، 11 أيلول 2025.</text:p></text:note-body></text:note> في أيلول.</text:p>
  <text:h text:outline-level="2">الدوافع الاقتصادية</text:h>
  <text:p>تراجعت صادرات البوتاس<text:note text:id="ftn2" text:note-class="footnote"><text:note-citation
   >2</text:note-citation><text:note-body><text:p>بيلستات، التقرير السنوي.</text:p></text:note-body
   ></text:note>.</text:p>
  <table:table table:name="T1"><table:table-column table:number-columns-repeated="2"/>
   <table:table-header-rows><table:table-row><table:table-cell><text:p>السنة</text:p></table:table-cell
   ><table:table-cell><text:p>السجناء</text:p></table:table-cell></table:table-row></table:table-header-rows>
   <table:table-row><table:table-cell><text:p>2024</text:p></table:table-cell><table:table-cell
   ><text:p>30</text:p></table:table-cell></table:table-row>
  </table:table>
  <text:p>وتبقى حدود هذا التقارب واضحة<text:note text:id="edn1" text:note-class="endnote"><text:note-citation
   >i</text:note-citation><text:note-body><text:p>ملاحظة ختامية.</text:p></text:note-body></text:note>.</text:p>
 </office:text></office:body>
</office:document>
"""


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) missing")
def test_a_docx_libreoffice_wrote_imports_with_headings_footnotes_and_table(tmp_path):
    (tmp_path / "arabic.fodt").write_text(FODT, encoding="utf-8")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "arabic.fodt"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    draft = read_word(tmp_path / "arabic.docx")
    assert [(h.level, h.text) for h in blocks_of(draft, DraftHeading)] == [
        (1, "دوافع التقارب"),
        (2, "الدوافع الاقتصادية"),
    ]
    assert [p.text for p in blocks_of(draft, DraftParagraph)] == [
        "أفرجت مينسك عن **اثنين وخمسين** سجينًا[^fn1] في أيلول.",
        "تراجعت صادرات البوتاس[^fn2].",
        "وتبقى حدود هذا التقارب واضحة[^en1].",
    ]
    assert note_texts(draft) == {
        "fn1": "رويترز، 11 أيلول 2025.",
        "fn2": "بيلستات، التقرير السنوي.",
        "en1": "ملاحظة ختامية.",
    }
    (table,) = blocks_of(draft, DraftTable)
    assert (table.rows, table.header_rows) == ([["السنة", "السجناء"], ["2024", "30"]], 1)
    assert (draft.title, draft.authors, draft.language) == (
        "التقارب البيلاروسي الأمريكي",
        ["ليلى حداد"],
        "ar",
    )


# ------------------------------------------------------------------ bad input

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in members.items():
            package.writestr(name, data)
    return buffer.getvalue()


BAD_FILES = {
    "binary.doc": (
        OLE + "WordDocument".encode("utf-16-le"),
        "save it as .docx in Word (File › Save As › Word Document)",
    ),
    "locked.docx": (
        OLE + "EncryptedPackage".encode("utf-16-le"),
        "is protected by a password; remove it in Word",
    ),
    "empty.docx": (b"", "is empty"),
    "notzip.docx": (b"PK\x03\x04 this is not really a zip", "it is not a readable zip package"),
    "nodocument.docx": (zip_of({"word/styles.xml": b"<x/>"}), "it has no word/document.xml inside"),
    "badxml.docx": (
        zip_of({"word/document.xml": b'<w:document xmlns:w="urn:w">\n<w:body></w:document>'}),
        "its part word/document.xml is not well-formed XML (line 2",
    ),
    "letter.docx": (b"{\\rtf1\\ansi hello}", "is a Rich Text (RTF) file"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_word_input_says_what_to_do(tmp_path, name):
    data, message = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UsageError) as raised:
        check_word_file(path)
    assert message in str(raised.value)
    assert name in str(raised.value)
    assert raised.value.exit_code == 2
    with pytest.raises(UsageError, match=r"Word|docx|empty"):
        read_word(path)


def test_a_good_docx_passes_the_check(tmp_path):
    assert check_word_file(word_document(tmp_path / "good.docx")) is None


def test_an_image_in_a_format_we_cannot_take_is_named(tmp_path):
    document = docx.Document()
    document.add_paragraph("Before the picture.")
    document.add_paragraph().add_run().add_picture(io.BytesIO(image_bytes("TIFF")), width=Pt(40))
    document.save(tmp_path / "tiff.docx")
    with pytest.raises(UsageError) as raised:
        read_word(tmp_path / "tiff.docx")
    message = str(raised.value)
    assert "\u2068Picture 1\u2069 (image1.tiff) is in a format reportkit cannot show" in message
    assert "save it as PNG or JPEG" in message


def test_header_rows_caption_before_and_the_table_of_contents(tmp_path):
    """Rows marked to repeat as a header all count; a caption right before a table is its own;
    Word's table of contents (in its content control, or by the TOC styles) is not text."""
    document = docx.Document()
    contents = document.add_paragraph("Contents", style="TOC Heading")
    entry = document.add_paragraph("Drivers\t3", style=document.styles.add_style("toc 1", 1))
    assert contents.style.name == "TOC Heading" and entry.style.name.lower() == "toc 1"
    document.add_paragraph("Table 2 – Exports by year", style="Caption")
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(
        table.rows, [("", "Exports"), ("Year", "Mt"), ("2024", "7")], strict=True
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    for tr in table._tbl.tr_lst[:2]:
        tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader xmlns:w="{W_NS}"/>'))
    document.add_paragraph("After the table.")
    document.save(tmp_path / "tables.docx")
    draft = read_word(tmp_path / "tables.docx")
    (table_block,) = blocks_of(draft, DraftTable)
    assert table_block.rows == [["", "Exports"], ["Year", "Mt"], ["2024", "7"]]
    assert (table_block.header_rows, table_block.caption) == (2, "Exports by year")
    assert [p.text for p in blocks_of(draft, DraftParagraph)] == ["After the table."]
    assert blocks_of(draft, DraftHeading) == []


def test_fields_hidden_text_arabic_bold_and_merged_cells(tmp_path):
    """A link written as a HYPERLINK field (as Word does when pasting), hidden text, Arabic
    bold set only for complex scripts (`w:bCs`), a note with a custom mark and a cell merged
    across two columns."""
    document = docx.Document()
    paragraph = document.add_paragraph("بحسب ")
    paragraph._p.extend(
        parse_xml(
            f'<w:p xmlns:w="{W_NS}"><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText'
            ' xml:space="preserve"> HYPERLINK "https://example.org/a b" </w:instrText></w:r><w:r>'
            '<w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>رويترز</w:t></w:r><w:r>'
            '<w:fldChar w:fldCharType="end"/></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>مخفي'
            '</w:t></w:r><w:r><w:t xml:space="preserve"> أفرجت عن </w:t></w:r><w:r><w:rPr>'
            '<w:bCs/><w:rtl/></w:rPr><w:t>52</w:t></w:r><w:r><w:t xml:space="preserve"> سجينًا'
            "</w:t></w:r></w:p>"
        ).getchildren()
    )
    # A note with a custom mark: the mark follows the call in the same run.
    Notes(document).call(paragraph, "بيلستات.")
    call = paragraph._p[-1]
    call[-1].set(f"{{{W_NS}}}customMarkFollows", "1")
    call.append(parse_xml(f'<w:t xmlns:w="{W_NS}">*</w:t>'))
    call.find(f"{{{W_NS}}}rPr").remove(call.find(f"{{{W_NS}}}rPr")[0])  # no reference style
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text, table.cell(0, 2).text = "المدة", "العدد"
    for cell, text in zip(table.rows[1].cells, ("2024", "2025", "30"), strict=True):
        cell.text = text
    document.save(tmp_path / "fields.docx")
    draft = read_word(tmp_path / "fields.docx")
    assert blocks_of(draft, DraftParagraph)[0].text == (
        "بحسب [رويترز](https://example.org/a%20b) أفرجت عن **52** سجينًا[^fn1]"
    )
    assert note_texts(draft) == {"fn1": "بيلستات."}
    assert blocks_of(draft, DraftTable)[0].rows == [["المدة", "", "العدد"], ["2024", "2025", "30"]]


def test_a_chart_is_left_out_with_a_warning_naming_it(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Exports fell.")
    paragraph._p.append(
        parse_xml(
            f'<w:r xmlns:w="{W_NS}" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
            'wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<w:drawing><wp:inline><wp:extent cx="100" cy="100"/><wp:docPr id="5" name="Chart 5"/>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"/>'
            "</a:graphic></wp:inline></w:drawing></w:r>"
        )
    )
    document.save(tmp_path / "chart.docx")
    draft = read_word(tmp_path / "chart.docx")
    assert blocks_of(draft, DraftImage) == []
    assert [p.text for p in blocks_of(draft, DraftParagraph)] == ["Exports fell."]
    (warning,) = draft.warnings
    assert "the chart or diagram \u2068Chart 5\u2069 was left out" in warning
    assert "Save as Picture (PNG)" in warning


def test_a_text_box_is_read_after_the_paragraph_it_is_anchored_in(tmp_path):
    """A pull quote in a text box, as Word 2010+ writes it: the shape in `mc:Choice`, the
    same text again in a VML fallback, which must not be read twice."""
    document = docx.Document()
    paragraph = document.add_paragraph("The talks resumed.")
    box = (
        "<w:txbxContent><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Minsk wants</w:t></w:r><w:r>"
        '<w:t xml:space="preserve"> a seat at the table.</w:t></w:r></w:p></w:txbxContent>'
    )
    paragraph._p.append(
        parse_xml(
            f'<w:r xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility'
            '/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
            'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps">'
            f"<w:drawing><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></w:drawing></mc:Choice>"
            f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
            "</mc:Fallback></mc:AlternateContent></w:r>"
        )
    )
    document.add_paragraph("Then a second paragraph.")
    document.save(tmp_path / "textbox.docx")
    assert [p.text for p in blocks_of(read_word(tmp_path / "textbox.docx"), DraftParagraph)] == [
        "The talks resumed.",
        "**Minsk wants** a seat at the table.",
        "Then a second paragraph.",
    ]


def test_the_import_command_refuses_a_locked_docx_and_writes_nothing(tmp_path):
    pytest.importorskip("reportkit.importing.command")
    locked = tmp_path / "draft.docx"
    locked.write_bytes(BAD_FILES["locked.docx"][0])
    result = subprocess.run(
        [sys.executable, "-m", "reportkit", "import", str(locked)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "is protected by a password; remove it in Word" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.docx"]


def test_a_tables_caption_below_it_is_not_the_next_images(tmp_path):
    """Word's Insert Caption puts a table's caption above it and an image's below: a caption
    labelled as a table's, between a table and an image, is the table's."""
    document = docx.Document()
    document.add_table(rows=1, cols=1).cell(0, 0).text = "x"
    document.add_paragraph("جدول 1: العجز المائي", style="Caption")
    document.add_picture(io.BytesIO(image_bytes()))
    document.add_paragraph("صورة المحطة", style="Caption")
    document.save(tmp_path / "captions.docx")
    draft = read_word(tmp_path / "captions.docx")
    assert blocks_of(draft, DraftTable)[0].caption == "العجز المائي"
    assert blocks_of(draft, DraftImage)[0].caption == "صورة المحطة"
    assert blocks_of(draft, DraftParagraph) == []


def test_python_docx_template_properties_are_not_the_drafts(tmp_path):
    """python-docx's default template says author python-docx, 23 December 2013 and "generated
    by python-docx": a draft whose program set none of them has no author, date or summary."""
    document = docx.Document()
    document.add_paragraph("Text.")
    document.save(tmp_path / "plain.docx")
    draft = read_word(tmp_path / "plain.docx")
    assert (draft.authors, draft.date, draft.summary) == ([], None, None)


def test_a_language_property_the_text_does_not_bear_out_is_not_the_drafts(tmp_path):
    """LibreOffice writes its own locale (`en-US`) as the language of every file it saves."""
    document = docx.Document()
    document.core_properties.language = "en-US"
    document.add_paragraph("تواجه المدن الساحلية أزمة مياه متفاقمة منذ عقد.")
    document.save(tmp_path / "language.docx")
    assert read_word(tmp_path / "language.docx").language == "ar"
