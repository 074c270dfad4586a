"""Word files for the import tests, written the way other programs write them.

`word_document` uses python-docx and Word's built-in styles only; what python-docx has no API
for (hyperlinks, footnotes, endnotes, tracked changes) is added at the XML level, as Word
writes it. Nothing here uses reportkit's own DOCX writer.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt
from PIL import Image

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
ENDNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"


def image_bytes(fmt: str = "PNG", color=(200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), color).save(buffer, format=fmt)
    return buffer.getvalue()


def run(paragraph, text: str, *, bold: bool = False, italic: bool = False):
    r = paragraph.add_run(text)
    r.bold, r.italic = bold or None, italic or None
    return r


def add_hyperlink(paragraph, text: str, url: str) -> None:
    """Append a w:hyperlink to `url`, as Word writes it (an external relationship)."""
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships" r:id="{rid}"><w:r><w:rPr>'
            f'<w:rStyle w:val="Hyperlink"/></w:rPr><w:t xml:space="preserve">{text}</w:t>'
            "</w:r></w:hyperlink>"
        )
    )


class Notes:
    """A footnotes or endnotes part added to a python-docx document by hand."""

    def __init__(self, document, kind: str = "footnote"):
        self.kind = kind
        content_type, reltype = (
            (FOOTNOTES_CT, RT.FOOTNOTES) if kind == "footnote" else (ENDNOTES_CT, RT.ENDNOTES)
        )
        separators = "".join(
            f'<w:{kind} w:type="{t}" w:id="{i}"><w:p><w:r><w:{t}/></w:r></w:p></w:{kind}>'
            for i, t in ((-1, "separator"), (0, "continuationSeparator"))
        )
        self.part = XmlPart(
            PackURI(f"/word/{kind}s.xml"),
            content_type,
            parse_xml(f'<w:{kind}s xmlns:w="{W_NS}">{separators}</w:{kind}s>'),
            document.part.package,
        )
        document.part.relate_to(self.part, reltype)
        self.next_id = 1

    def call(self, paragraph, text: str, word_id: int | None = None) -> int:
        """Add a note saying `text` and its call at the end of `paragraph`; return its id."""
        kind, note_id = self.kind, word_id or self.next_id
        self.next_id = note_id + 1
        style = "FootnoteReference" if kind == "footnote" else "EndnoteReference"
        self.part.element.append(
            parse_xml(
                f'<w:{kind} xmlns:w="{W_NS}" w:id="{note_id}"><w:p><w:r><w:rPr><w:vertAlign '
                f'w:val="superscript"/></w:rPr><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve">'
                f" {text}</w:t></w:r></w:p></w:{kind}>"
            )
        )
        paragraph._p.append(
            parse_xml(
                f'<w:r xmlns:w="{W_NS}"><w:rPr><w:rStyle w:val="{style}"/><w:vertAlign '
                f'w:val="superscript"/></w:rPr><w:{kind}Reference w:id="{note_id}"/></w:r>'
            )
        )
        return note_id


def word_document(path: Path) -> Path:
    """Write a DOCX the way a researcher writes one in Word, with built-in styles only."""
    document = docx.Document()
    document.add_paragraph("Belarus and the West", style="Title")
    document.add_paragraph("A thaw under sanctions", style="Subtitle")
    document.add_heading("Drivers of the rapprochement", level=1)
    intro = document.add_paragraph("Minsk released ")
    run(intro, "52 prisoners", bold=True)
    run(intro, " in ")
    run(intro, "September", italic=True)
    run(intro, " 2025, according to ")
    add_hyperlink(intro, "Reuters", "https://www.reuters.com/world/")
    run(intro, "; 3 * 4 = 12 [sic].")
    notes = Notes(document)
    notes.call(intro, "Reuters, 11 September 2025.")
    document.add_heading("Economic motives", level=2)
    motives = document.add_paragraph("Potash exports fell by half.")
    notes.call(motives, "Belstat, annual report 2024.")
    document.add_paragraph("Sanctions relief on Belavia", style="List Bullet")
    document.add_paragraph("Access to spare parts", style="List Bullet")
    document.add_paragraph("First, talks", style="List Number")
    document.add_paragraph("Second, an agreement", style="List Number")
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(
        table.rows, [("Year", "Prisoners"), ("2024", "30"), ("2025", "52")], strict=True
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader xmlns:w="{W_NS}"/>'))
    document.add_paragraph("Table 1: Prisoners released", style="Caption")
    document.add_heading("Limits", level=1)
    picture = document.add_paragraph()
    picture.add_run().add_picture(io.BytesIO(image_bytes()), width=Pt(40))
    picture._p.find(".//" + qn("wp:docPr")).set("descr", "A red square")
    document.add_paragraph("Figure 1: The route of the talks", style="Caption")
    properties = document.core_properties
    properties.title = "Core title"
    properties.author = "Layla Haddad; Omar Saleh"
    properties.created = datetime(2025, 10, 1, 9, 0, tzinfo=UTC)
    properties.modified = datetime(2025, 10, 3, 17, 30, tzinfo=UTC)
    properties.language = "en-GB"
    properties.keywords = "Belarus; sanctions, potash"
    properties.subject = "How sanctions relief follows prisoner releases."
    document.save(path)
    return path
