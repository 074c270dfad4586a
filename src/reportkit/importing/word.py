"""A Word file written by any program (Word, LibreOffice, Google Docs, python-docx) → a Draft.

python-docx opens the package (parts, relationships, core properties); the body, the styles,
numbering, footnotes, endnotes and comments are read from their XML with lxml, because
python-docx has no API for most of them and the reading has to see tracked changes.

What a paragraph is comes from its style, never from how it looks: a heading is a paragraph
whose style (or a style it is based on) is one of Word's built-in headings — by its `w:name`,
which Word keeps in English whatever the language of its menus — or has an outline level.
Pending tracked changes are read as the document was before them (insertions left out,
deletions kept) and reported, as are comments; `check_word_file` refuses what is not a .docx.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from reportkit.i18n import _, isolate
from reportkit.importing.draft import (
    Draft,
    DraftBlock,
    DraftHeading,
    DraftImage,
    DraftList,
    DraftParagraph,
    DraftTable,
)
from reportkit.importing.word_file import SAFE_PARSER, WordFileError, check_word_file
from reportkit.importing.word_inline import escape_markup
from reportkit.importing.word_parts import Styles, W, read_numbering, w
from reportkit.importing.word_text import ParagraphReader, R

__all__ = ["WordFileError", "check_word_file", "read_word"]

# The image formats a report can show in every output, by their first bytes.
IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg", b"GIF8": ".gif"}
# "Figure 2: ", "Table 1. ", "شكل (3) -": the label and number Word's caption inserts; the
# report numbers its figures and tables itself.
CAPTION_LABEL = re.compile(
    r"^\s*(figure|fig\.|table|image|illustration|chart|الشكل|شكل|الجدول|جدول|صورة|الصورة)"
    r"\s*\(?[0-9٠-٩][0-9٠-٩.\-]*\)?(?:\s*[:.\-–—]\s*|\s+)",
    re.IGNORECASE,
)
# A label that names a table: its caption is not the next image's (Word puts a table's caption
# above it and an image's below, so one stands between a table and the image after it).
TABLE_LABEL = re.compile(r"^\s*(table|الجدول|جدول)\b", re.IGNORECASE)
LANGUAGE_CODES = ("ar", "en")
ARABIC_LETTER = re.compile("[\u0621-\u064a]")
LATIN_LETTER = re.compile("[A-Za-z]")
CORE_PROPERTIES = "application/vnd.openxmlformats-package.core-properties+xml"


def read_word(path: Path) -> Draft:
    """Return what the Word file at `path` holds, in reading order; raise WordFileError (a
    UsageError) when it is not a .docx reportkit can read or holds an image it cannot take."""
    check_word_file(path)
    try:
        document = docx.Document(str(path))
    except (ValueError, KeyError, etree.XMLSyntaxError) as error:
        raise WordFileError(
            _(
                "{path} cannot be read as a Word document ({error}); open it in Word and save "
                "it again as .docx",
                path=isolate(path),
                error=error,
            )
        ) from error
    return _WordReader(document, path).read()


class _WordReader:
    def __init__(self, document, path: Path):
        self.document = document
        self.draft = Draft(source=path, format="docx")
        part = document.part
        self.styles = Styles(document.styles.element)
        numbering = _related_xml(part, RT.NUMBERING)
        self.numbering = read_numbering(numbering[1] if numbering else None)
        self.text = ParagraphReader(
            part,
            self.styles,
            footnotes=_related_xml(part, RT.FOOTNOTES),
            endnotes=_related_xml(part, RT.ENDNOTES),
            comments=_related_xml(part, RT.COMMENTS),
            warnings=self.draft.warnings,
        )
        self.pending_caption: str | None = None
        self.caption_names_table = False  # the waiting caption's label says "Table"

    def read(self) -> Draft:
        self._read_body(self.document.element.body)
        self.draft.notes = self.text.notes()
        self._read_properties()
        _normalize_heading_levels(self.draft.blocks)
        return self.draft

    # ------------------------------------------------------------------ the body, in order

    def _read_body(self, container) -> None:
        for element in container:
            if element.tag == w("p"):
                self._paragraph(element)
            elif element.tag == w("tbl"):
                self._table(element)
            elif element.tag == w("sdt") and not _is_contents(element):
                # A content control: its content is body content.
                for content in element.iterchildren(w("sdtContent")):
                    self._read_body(content)
        self._flush_caption()

    def _paragraph(self, p) -> None:
        style = self.styles.paragraph_style(p)
        read = self.text.read(p)
        role = self.styles.role(p, style)
        if role == "contents":
            return
        if role == "caption":
            self._caption(read.markup)
        elif role == "title" and self.draft.title is None and read.markup:
            self.draft.title = read.markup
        elif role == "subtitle" and self.draft.subtitle is None and read.markup:
            self.draft.subtitle = read.markup
        elif isinstance(role, int) and read.markup:
            self._add(DraftHeading(level=role, text=read.markup))
        elif role == "title" and read.markup:  # a second Title: a top heading
            self._add(DraftHeading(level=0, text=read.markup))
        elif read.markup:
            self._body_paragraph(p, style, read.markup)
        for blip, docpr in read.images:
            self._image(blip, docpr)
        for box in read.text_boxes:  # read where it is anchored, after its paragraph
            self._read_body(box)

    def _body_paragraph(self, p, style, markup: str) -> None:
        numbered = self.styles.list_kind(p, style, self.numbering)
        if numbered is None:
            self._add(DraftParagraph(text=markup))
            return
        last = self.draft.blocks[-1] if self.draft.blocks else None
        if isinstance(last, DraftList) and last.numbered == numbered and not self.pending_caption:
            last.items.append(markup)
        else:
            self._add(DraftList(items=[markup], numbered=numbered))

    def _add(self, block: DraftBlock) -> None:
        self._flush_caption()
        self.draft.blocks.append(block)

    # ------------------------------------------------------------------ captions

    def _caption(self, markup: str) -> None:
        """A caption belongs to the table or image right after it, else to the one before."""
        text = CAPTION_LABEL.sub("", markup, count=1).strip() or markup
        self._flush_caption()
        self.pending_caption = text
        self.caption_names_table = text != markup and bool(TABLE_LABEL.match(markup))

    def _flush_caption(self) -> None:
        """Give a waiting caption to the block before it, or keep it as a paragraph."""
        text, self.pending_caption = self.pending_caption, None
        if text is None:
            return
        last = self.draft.blocks[-1] if self.draft.blocks else None
        if isinstance(last, (DraftTable, DraftImage)) and last.caption is None:
            last.caption = text
        else:
            self.draft.blocks.append(DraftParagraph(text=text))

    def _take_caption(self, for_table: bool) -> str | None:
        """Return the waiting caption for the table or image that follows it; one labelled as a
        table's goes to the block before an image instead."""
        if self.caption_names_table and not for_table:
            self._flush_caption()
        text, self.pending_caption = self.pending_caption, None
        return text

    # ------------------------------------------------------------------ tables and images

    def _table(self, tbl) -> None:
        caption = self._take_caption(for_table=True)
        rows = [self._row(tr) for tr in tbl.iterchildren(w("tr"))]
        rows = [row for row in rows if any(cell.strip() for cell in row)]
        if not rows:
            return
        header = sum(1 for _ in _leading_header_rows(tbl)) or 1
        self._add(DraftTable(rows=rows, header_rows=min(header, len(rows)), caption=caption))

    def _row(self, tr) -> list[str]:
        """Return a row's cells; a cell merged across columns is followed by empty ones, so
        every row has as many cells as the table has columns."""
        cells = []
        for tc in tr.iterchildren(w("tc")):
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            width = (
                int(span.get(w("val")))
                if span is not None and span.get(w("val"), "").isdigit()
                else 1
            )
            cells += [self._cell(tc)] + [""] * (width - 1)
        return cells

    def _cell(self, tc) -> str:
        texts = [self.text.read(p).markup for p in tc.iter(w("p"))]
        return " ".join(text for text in texts if text)

    def _image(self, blip, docpr) -> None:
        rid = blip.get(f"{R}embed") or blip.get(f"{R}id")
        part = self.document.part.related_parts.get(rid) if rid else None
        if part is None:
            return
        name = (docpr.get("name") if docpr is not None else None) or part.partname.split("/")[-1]
        suffix = _image_suffix(part.blob)
        if suffix is None:
            raise WordFileError(_unsupported_image(self.draft.source, name, part.partname))
        alt = (docpr.get("descr") or None) if docpr is not None else None
        caption = self._take_caption(for_table=False)
        self._add(DraftImage(data=part.blob, suffix=suffix, alt=alt, caption=caption))

    # ------------------------------------------------------------------ core properties

    def _read_properties(self) -> None:
        properties = _core_properties(self.document.part.package)
        draft = self.draft
        if draft.title is None and properties.get("title"):
            draft.title = escape_markup(properties["title"])
        draft.authors = [a.strip() for a in properties.get("creator", "").split(";") if a.strip()]
        draft.date = _iso_date(properties.get("modified") or properties.get("created"))
        draft.keywords = _keywords(properties.get("keywords", ""))
        summary = properties.get("subject") or properties.get("description")
        draft.summary = escape_markup(summary) if summary else None
        draft.language = _language_code(properties.get("language")) or self._styles_language()

    def _styles_language(self) -> str | None:
        """Return the language of the document's default runs, when it is Arabic or English
        and the text agrees: Word writes `w:bidi="ar-SA"` into many English documents, and
        LibreOffice its own locale into Arabic ones."""
        val, bidi = self.styles.default_languages()
        text = " ".join(_block_text(block) for block in self.draft.blocks)
        arabic, latin = len(ARABIC_LETTER.findall(text)), len(LATIN_LETTER.findall(text))
        by_text = "ar" if arabic > latin else "en" if latin else None
        for candidate in (_language_code(bidi), _language_code(val)):
            if candidate and candidate == by_text:
                return candidate
        return None


def _related_xml(part, reltype: str):
    """Return the part `part` relates to by `reltype` and its root element (None without one)."""
    for relationship in part.rels.values():
        if relationship.reltype == reltype and not relationship.is_external:
            target = relationship.target_part
            return target, etree.fromstring(target.blob, SAFE_PARSER)
    return None


def _is_contents(sdt) -> bool:
    """Return True for the content control Word puts its table of contents in."""
    gallery = sdt.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
    return gallery is not None and gallery.get(w("val")) == "Table of Contents"


def _leading_header_rows(tbl):
    """Yield the table's first rows that repeat as a header on each page (`w:tblHeader`)."""
    for tr in tbl.iterchildren(w("tr")):
        flag = tr.find(f"{W}trPr/{W}tblHeader")
        if flag is None or flag.get(w("val"), "true") in ("0", "false", "off"):
            return
        yield tr


def _image_suffix(data: bytes) -> str | None:
    for signature, suffix in IMAGE_SIGNATURES.items():
        if data.startswith(signature):
            return suffix
    return None


def _unsupported_image(source: Path, name: str, partname: str) -> str:
    return _(
        "{path}: the image {name} ({part}) is in a format reportkit cannot show; in Word, "
        "right-click it, choose Save as Picture, save it as PNG or JPEG, insert that file in "
        "its place (Insert › Pictures) and import again",
        path=isolate(source),
        name=isolate(name),
        part=partname.rsplit("/", 1)[-1],
    )


def _normalize_heading_levels(blocks: list[DraftBlock]) -> None:
    """Make the draft's top heading level 1, whichever Word level it used."""
    levels = [block.level for block in blocks if isinstance(block, DraftHeading)]
    if not levels:
        return
    shift = min(levels) - 1
    for block in blocks:
        if isinstance(block, DraftHeading):
            block.level -= shift


def _core_properties(package) -> dict[str, str]:
    """Return the core properties (title, creator, language, …) by their element names.

    Read from the part itself: LibreOffice relates it with a type python-docx does not know
    (`officedocument` in lower case), so python-docx would show its own defaults instead.
    """
    part = next((p for p in package.iter_parts() if p.content_type == CORE_PROPERTIES), None)
    if part is None:
        return {}
    root = etree.fromstring(part.blob, SAFE_PARSER)
    return {
        etree.QName(element).localname: " ".join(element.text.split())
        for element in root
        if element.text and element.text.strip()
    }


def _iso_date(value: str | None) -> str | None:
    """Return the day of a W3CDTF date-time (`2025-10-03T17:30:00Z` → `2025-10-03`)."""
    match = re.match(r"\d{4}-\d{2}-\d{2}", value or "")
    return match.group() if match else None


def _keywords(text: str) -> list[str]:
    return [word.strip() for word in re.split(r"[;,،؛]", text) if word.strip()]


def _language_code(tag: str | None) -> str | None:
    code = (tag or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGE_CODES else None


def _block_text(block: DraftBlock) -> str:
    if isinstance(block, (DraftHeading, DraftParagraph)):
        return block.text
    if isinstance(block, DraftList):
        return " ".join(block.items)
    if isinstance(block, DraftTable):
        return " ".join(cell for row in block.rows for cell in row)
    return ""
