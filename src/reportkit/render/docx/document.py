"""The resolved document (reportkit/document.py) as a native, editable Word document.

`DocxWriter` walks the `Document` once, top to bottom: cover, contents (a TOC field whose
entries are filled in), body blocks (one method per block type, named as the block), sources,
core properties, and the payload of where each text came from (marks.py). It takes no
decision of its own about numbering, placement, digits, labels or direction: those come
resolved. Paragraphs are written with named styles through the
helpers of `ooxml.py` (direction, runs) and `fields.py` (footnotes, fields, TOC). Every
paragraph carries `w:bidi` itself as well as through its style, so an organization's
reference document without RTL styles still gives a right-to-left file.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from pathlib import Path
from typing import Any

from docx import Document as Document_
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Mm, Pt

from reportkit.document import (
    Content,
    Cover,
    Document,
    Group,
    Heading,
    ItemList,
    KeyFigure,
    NoteRef,
    Paragraph,
    Picture,
    Quote,
    Span,
    Table,
    Tags,
    Timeline,
)
from reportkit.errors import RenderError
from reportkit.render import RenderJob
from reportkit.render.docx import fields, marks, styles
from reportkit.render.docx.ooxml import (
    get_or_add_child,
    get_or_add_ppr,
    make_run,
    set_child,
    set_paragraph_rtl,
    set_section_rtl,
    set_table_rows,
    set_table_rtl,
    w_element,
)
from reportkit.render.docx.package import save_reproducible

_LANGUAGE_TAGS = {"ar": "ar-SA", "en": "en-GB"}
# python-docx refuses longer text in a core property (title, author, subject, keywords).
_CORE_PROPERTY_LIMIT = 255
_PAGE_SIZES = {"A4": (Mm(210), Mm(297)), "Letter": (Emu(7772400), Emu(10058400))}
_UNITS = {"mm": Mm(1), "cm": Mm(10), "in": Emu(914400), "pt": Pt(1)}


class DocxWriter:
    """Write the resolved document of one report as a Word document; `write()` returns its
    bytes. One method per block type, named as the block (`Paragraph.name` → `paragraph`)."""

    def __init__(self, job: RenderJob, document: Document):
        self.job = job
        self.doc = document
        self.theme = job.templates.theme
        self.rtl = document.rtl
        check_picture_formats(job, document)
        reference = styles.reference_document(job.templates)
        self.document = open_reference(reference) if reference else Document_()
        self.lang = _LANGUAGE_TAGS["ar"]
        self.marks = marks.Marks()
        self._set_up(reference is not None)

    def write(self) -> bytes:
        """Return the document's bytes: cover, contents, body, sources."""
        if self.doc.cover_page:
            self.cover(self.doc.cover)
        else:
            self.head(self.doc.cover)
        self.header_and_footer()
        placeholder = None
        if self.doc.contents is not None:
            placeholder = self.contents_placeholder()
        elif self.doc.cover_page:
            self.page_break()  # the body starts on the page after the cover
        self.blocks(self.doc.body)
        self.sources()
        if placeholder is not None:
            fields.add_toc(
                placeholder, self.document, max_level=1, rtl=self.rtl, **self._run_format()
            )
            self._renumber_toc_bookmarks()
        self.set_properties()
        marks.add_payload(self.document, self.marks.payload(report_data(self.job), self.doc))
        return save_reproducible(
            self.document, dt.datetime.fromisoformat(self.doc.metadata.iso_date)
        )

    # --- document setup ------------------------------------------------------------------

    def _set_up(self, has_reference: bool) -> None:
        sheet = styles.load_style_sheet(self.job.templates)
        lang = _LANGUAGE_TAGS[self.doc.language]
        if not has_reference:
            styles.apply_defaults(self.document, self.theme, sheet, rtl=self.rtl, lang=lang)
            self._set_up_page()
        else:
            _set_default_direction(self.document, self.rtl)
        styles.apply_styles(
            self.document, self.theme, sheet, rtl=self.rtl, keep_existing=has_reference
        )
        styles.fix_template_settings(self.document)
        if self.rtl:
            set_section_rtl(self.document.sections[0])

    def _set_up_page(self) -> None:
        section, page = self.document.sections[0], self.theme.page
        section.page_width, section.page_height = _PAGE_SIZES[page.size]
        inner, outer = length(page.margin_inner), length(page.margin_outer)
        section.right_margin, section.left_margin = (inner, outer) if self.rtl else (outer, inner)
        section.top_margin = length(page.margin_top)
        section.bottom_margin = length(page.margin_bottom)
        section.header_distance = section.footer_distance = Mm(10)

    @property
    def text_width(self) -> Length:
        section = self.document.sections[0]
        width, left, right = section.page_width, section.left_margin, section.right_margin
        if width is None or left is None or right is None:
            raise RenderError(
                "the Word reference document sets no page size or margins; "
                "set them in Word (Layout, Margins and Size) and save it again"
            )
        return Emu(width - left - right)

    def _run_format(self) -> dict[str, Any]:
        """Keyword arguments of ooxml.add_script_runs for text the writer adds itself."""
        return {"lang": self.lang, "paragraph_rtl": self.rtl}

    # --- inline content -----------------------------------------------------------------

    def styled(self, style: str, content: Content = (), container=None):
        """Append a paragraph in style `style` holding `content`; return the proxy."""
        paragraph = (container or self.document).add_paragraph()
        set_child(get_or_add_ppr(paragraph), "w:pStyle", val=style)
        if self.rtl:
            set_paragraph_rtl(paragraph)
        self.content(paragraph._p, content, whole=True)
        return paragraph

    def content(
        self, parent, content: Content, style: str | None = None, whole: bool = False
    ) -> None:
        """Append inline content: runs in their resolved direction, links, notes, breaks;
        the text of each field of the report inside a hidden bookmark (see marks.py).
        `whole`: `content` is all its paragraph holds."""
        if not any(item.origin for item in content):
            if whole and content:
                self.marks.generated.append(marks.markup(marks.pieces_of(content, self.doc)))
            self._items(parent, content, style)
            return
        groups = [(origin, tuple(items)) for origin, items in groupby(content, _origin)]
        for origin, items in groups:
            if origin is None:
                self._items(parent, items, style)
                continue
            printed = marks.markup(
                marks.pieces_of(items, self.doc), plain=origin in self.doc.plain_fields
            )
            plain = origin in self.doc.plain_fields
            bookmark_id, name = self.marks.new(origin, printed, plain, whole and len(groups) == 1)
            parent.append(w_element("w:bookmarkStart", id=bookmark_id, name=name))
            self._items(parent, items, style)
            parent.append(w_element("w:bookmarkEnd", id=bookmark_id))

    def _items(self, parent, content: Content, style: str | None) -> None:
        for item in content:
            if isinstance(item, Span):
                self.span(parent, item, style)
            elif isinstance(item, NoteRef):
                self.footnote(parent, item)
            else:
                parent.append(OxmlElement("w:r"))
                parent[-1].append(OxmlElement("w:br"))

    def span(self, parent, span: Span, style: str | None = None) -> None:
        if span.href is not None:
            parent = self._hyperlink(parent, span.href)
            style = "Hyperlink"
        elif span.strong:
            style = "Strong"
        elif span.emphasis:
            style = "Emphasis"
        parent.append(make_run(span.text, rtl=span.rtl, lang=self.lang, style=style))

    def _hyperlink(self, parent, url: str):
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), self.document.part.relate_to(url, RT.HYPERLINK, is_external=True))
        link.set(qn("w:history"), "1")
        parent.append(link)
        return link

    def footnote(self, parent, call: NoteRef) -> None:
        """A native footnote; its mark is written out when the digits are Arabic-Indic, which
        no numbering format gives in LibreOffice."""
        note = self.doc.notes[call.number - 1]
        holder = OxmlElement("w:p")
        self.content(holder, note.content)
        mark = call.label if self.doc.digits == "arabic-indic" else None
        note_id = fields.add_footnote(
            parent, list(holder), self.document, rtl=self.rtl, mark=mark, **self._run_format()
        )
        printed = marks.markup(marks.pieces_of(note.content, self.doc))
        self._mark_footnote(note_id, note.cites, note.form, printed)
        if not any(item.origin for item in note.content):  # "Ibid.": no field of the report
            self.marks.generated.append(printed)

    def _mark_footnote(self, note_id: int, cites: str | None, form: str, printed: str) -> None:
        """Put the bookmark that names the footnote's citation around the space after its
        number (LibreOffice drops an empty bookmark)."""
        notes = fields.get_or_add_footnotes_part(self.document).element
        note = next(n for n in reversed(notes) if n.get(qn("w:id")) == str(note_id))
        bookmark_id, name = self.marks.new_footnote(cites, form, printed)
        space = note.find(qn("w:p")).findall(qn("w:r"))[1]  # after the number's run
        space.addprevious(w_element("w:bookmarkStart", id=bookmark_id, name=name))
        space.addnext(w_element("w:bookmarkEnd", id=bookmark_id))

    # --- header, footer, contents -------------------------------------------------------

    def header_and_footer(self) -> None:
        """Title in the header, PAGE in the footer; the first page (cover) has neither."""
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        for part in (section.first_page_header, section.first_page_footer):
            if self.rtl:
                set_paragraph_rtl(part.paragraphs[0])
        header = section.header.paragraphs[0]
        self._style_existing(header, "Header")
        self.content(header._p, self.doc.running_title)
        footer = section.footer.paragraphs[0]
        self._style_existing(footer, "Footer")
        first_page = "1"
        if self.doc.digits == "arabic-indic":  # Word shows ١٢٣; LibreOffice maps no format
            set_child(section._sectPr, "w:pgNumType", fmt="hindiNumbers")
            first_page = "١"  # the cached value, as characters
        fields.add_complex_field(footer, "PAGE", first_page, **self._run_format())

    def _style_existing(self, paragraph, style: str) -> None:
        set_child(get_or_add_ppr(paragraph), "w:pStyle", val=style)
        if self.rtl:
            set_paragraph_rtl(paragraph)

    def contents_placeholder(self):
        """Write the contents heading and a placeholder the TOC field replaces at the end."""
        self.page_break()
        self.styled("ContentsHeading", self.doc.labels.contents)
        placeholder = self.styled("Normal")
        self.page_break()
        return placeholder

    def page_break(self) -> None:
        paragraph = self.styled("Normal")
        paragraph._p.append(OxmlElement("w:r"))
        paragraph._p[-1].append(w_element("w:br", type="page"))

    # --- cover ---------------------------------------------------------------------------

    def cover(self, cover: Cover) -> None:
        if cover.logo:
            self.picture_file(cover.logo, Mm(35), self.doc.metadata.publisher or "")
        if cover.topic:
            self.styled("Topic", cover.topic)
        if cover.kicker:
            self.styled("Kicker", cover.kicker)
        self.styled("Title", cover.title)
        if cover.subtitle:
            self.styled("Subtitle", cover.subtitle)
        for author in cover.authors:
            self.styled("CoverAuthor", author.name)
            if author.details:
                self.styled("CoverRole", author.details)
        if cover.publisher:
            self.styled("CoverMeta", cover.publisher)
        self.styled("CoverMeta", cover.date)
        if cover.summary:
            self.styled("SummaryTitle", cover.summary_label)
            self.styled("Summary", cover.summary)

    def head(self, cover: Cover) -> None:
        """A brief's head: no cover page, the sizes of the PDF's first page (theme.yaml)."""
        if cover.logo:
            self.picture_file(cover.logo, Mm(35), self.doc.metadata.publisher or "")
        if cover.kicker:
            self.styled("Label", cover.kicker)
        self.styled("Headline", cover.title)
        if cover.subtitle:
            self.styled("Standfirst", cover.subtitle)
        dateline = [part for part in (cover.publisher, cover.date) if part]
        self.styled("Dateline", self._joined(dateline, " · "))

    def _joined(self, parts: list[Content], separator: str | None = None) -> Content:
        """Return contents joined by the language's comma (or `separator`), as one content."""
        glue = Span(separator or ("، " if self.rtl else ", "), self.rtl)
        out: list = []
        for part in parts:
            if out:
                out.append(glue)
            out.extend(part)
        return tuple(out)

    # --- blocks --------------------------------------------------------------------------

    def blocks(self, blocks) -> None:
        for block in blocks:
            getattr(self, block.name)(block)

    def group(self, block: Group) -> None:
        self.blocks(block.blocks)

    def heading(self, block: Heading) -> None:
        self.styled(f"Heading{block.level}", block.content)

    def paragraph(self, block: Paragraph) -> None:
        self.styled(_PARAGRAPH_STYLES.get(block.role, "BodyText"), block.content)

    def item_list(self, block: ItemList) -> None:
        style = _LIST_STYLES.get(block.role) or ("ListNumber" if block.ordered else "ListBullet")
        for marker, item in zip(block.markers, block.items, strict=True):
            self.styled(style, (*marker, Span(" ", self.rtl), *item))

    def tags(self, block: Tags) -> None:
        self.styled("Dimensions", self._joined(list(block.items), block.separator))

    def quote(self, block: Quote) -> None:
        self.styled("PullQuote", block.content)
        self.styled("QuoteAttribution", block.attribution)

    def key_figure(self, block: KeyFigure) -> None:
        parts = [p for p in (block.qualifier, block.number, block.unit) if p]
        self.styled("KeyFigure", self._joined(parts, " "))
        self.styled("KeyFigureLabel", block.label)

    def picture(self, block: Picture) -> None:
        self.picture_file(block.file, self.text_width, block.alt)
        if block.caption:
            self.styled("Caption", block.caption)
        if block.credit:
            self.styled("ImageCredit", block.credit)

    def picture_file(self, path: Path, max_width: Length, description: str) -> None:
        paragraph = self.styled("Figure")
        shape = paragraph.add_run().add_picture(str(path))
        if shape.width > max_width:
            shape.height = int(shape.height * max_width / shape.width)
            shape.width = max_width
        shape._inline.docPr.set("descr", description)

    def timeline(self, block: Timeline) -> None:
        self.styled("TableCaption", block.title)
        self.table([(event.date, event.text) for event in block.events])

    def sources(self) -> None:
        """The sources list at the end, in order of first citation, with addresses."""
        if not self.doc.sources:
            return
        self.styled("Heading1", self.doc.labels.sources)
        for source in self.doc.sources:
            paragraph = self.styled("SourceEntry", source.content)
            if source.url:
                self.content(paragraph._p, (Span(" ", self.rtl),))
                url = Span(source.url, False, href=source.url, origin=source.url_origin)
                self.content(paragraph._p, (url,))

    def table(self, rows: list[tuple[Content, Content]]) -> None:
        """A two-column table (narrow first column), visually right-to-left in RTL reports."""
        widths = [int(self.text_width * 0.22), int(self.text_width * 0.78)]
        table = self.new_table(len(rows), widths)
        for index, (first, second) in enumerate(rows):
            self._fill_cell(table.cell(index, 0), "TableDate", first)
            self._fill_cell(table.cell(index, 1), "TableText", second)
        if self.rtl:
            set_table_rtl(table, header_rows=0)
        self.styled("Normal")  # Word needs a paragraph between a table and what follows

    def data_table(self, block: Table) -> None:
        """A table of data: caption above; header rows repeated at the top of each page; rows
        kept whole; numbers end-aligned; columns right-to-left in RTL reports."""
        self.styled("TableCaption", block.caption)
        rows = [*block.header, *block.rows]
        columns = len(block.align)
        table = self.new_table(len(rows), [int(self.text_width / columns)] * columns)
        for index, row in enumerate(rows):
            style = "TableHeading" if index < len(block.header) else "TableText"
            for column, content in enumerate(row):
                paragraph = self._fill_cell(table.cell(index, column), style, content)
                justification = _CELL_JUSTIFICATION[block.align[column]]
                if justification:
                    set_child(get_or_add_ppr(paragraph), "w:jc", val=justification)
        set_table_rows(table, header_rows=len(block.header))
        if self.rtl:
            set_table_rtl(table, header_rows=0)
        # Word needs a paragraph between a table and what follows: the note, or an empty one.
        if block.note:
            self.styled("TableNote", block.note)
        else:
            self.styled("Normal")

    def new_table(self, rows: int, widths: list[int]):
        """Return an empty full-width table in the report's table style, columns `widths`."""
        table = self.document.add_table(rows=rows, cols=len(widths))
        tblpr = table._tbl.tblPr
        set_child(tblpr, "w:tblStyle", val="ReportTable")
        set_child(tblpr, "w:tblW", w=5000, type="pct")
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
            for cell in column.cells:
                cell.width = width
        return table

    def _fill_cell(self, cell, style: str, content: Content):
        paragraph = cell.paragraphs[0]
        self._style_existing(paragraph, style)
        self.content(paragraph._p, content, whole=True)
        return paragraph

    def _renumber_toc_bookmarks(self) -> None:
        """Move the contents' `_Toc` bookmarks past the ids of the origin marks: fields.py
        numbers them after the body's, and the footnotes' marks share the same ids."""
        body = self.document.element.body
        toc_ids = {
            start.get(qn("w:id"))
            for start in body.iter(qn("w:bookmarkStart"))
            if start.get(qn("w:name"), "").startswith("_Toc")
        }
        offset = self.marks.next_id
        for element in body.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd")):
            if element.get(qn("w:id")) in toc_ids:
                element.set(qn("w:id"), str(int(element.get(qn("w:id"))) + offset))

    # --- core properties -----------------------------------------------------------------

    def set_properties(self) -> None:
        meta = self.doc.metadata
        props = self.document.core_properties
        props.title = _core_property(meta.title)
        props.author = _core_property("; ".join(meta.authors))
        props.subject = _core_property(meta.subject or "")
        props.keywords = _core_property(", ".join(meta.keywords))
        props.language = _LANGUAGE_TAGS[meta.language]
        props.comments = _core_property(meta.description or "")
        props.category = self.doc.kind
        props.last_modified_by = "reportkit"
        props.identifier = meta.identifier


# Table.align → a cell paragraph's w:jc (left and right are logical in bidi paragraphs, so
# "right" is the end side in both directions; the start side needs none).
_CELL_JUSTIFICATION = {"start": None, "center": "center", "end": "right", "number": "right"}

# ItemList.role → Word style, where it is not the plain list's: key findings shaded;
# recommendations without Word's own numbering, which would run on across addressees
_LIST_STYLES = {"findings": "KeyFinding", "recommendations": "Recommendation"}

# Paragraph.role → Word style
_PARAGRAPH_STYLES = {"body": "BodyText", "lead": "Lead", "factors-lead": "BodyText"}
_PARAGRAPH_STYLES |= {"likelihood": "Likelihood", "list-title": "ListTitle"}  # an estimate's


def _origin(item) -> tuple | None:
    return item.origin


def report_data(job: RenderJob) -> Any:
    """Return the report data as build read it (the file's, as plain data), else the model's:
    the payload carries it so that importing the DOCX gives the report back."""
    from reportkit.source import read_source

    data = None
    if job.report_path.is_file():
        data = read_source(job.report_path).data
    if not isinstance(data, dict):
        data = job.report.model_dump(mode="json", exclude_none=True)
    return data


def _core_property(text: str) -> str:
    """Return `text` cut to the 255 characters python-docx allows in a document property
    (a long title or many authors would otherwise stop the DOCX)."""
    return text if len(text) <= _CORE_PROPERTY_LIMIT else text[: _CORE_PROPERTY_LIMIT - 1] + "…"


_WORD_IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff")


def check_picture_formats(job: RenderJob, document: Document) -> None:
    """Raise RenderError naming the report line of a picture Word cannot take."""
    for picture in document.pictures:
        if picture.file.suffix.lower() not in _WORD_IMAGE_TYPES:
            raise RenderError(
                job.where((*picture.field_path, "file")) + f"image `{picture.file.name}`: Word "
                "documents take PNG, JPEG, GIF, BMP or TIFF images; convert it"
            )


def length(value: str) -> Length:
    """Return a CSS-style length of the theme ("22mm", "1in", "12pt") as a python-docx Length."""
    number, unit = value.strip()[:-2], value.strip()[-2:]
    try:
        return Emu(int(float(number) * _UNITS[unit]))
    except (KeyError, ValueError):
        raise RenderError(
            f"theme: length {value!r}: write a number and mm, cm, in or pt, such as 22mm"
        ) from None


def open_reference(path: Path):
    """Return an organization's reference document, emptied of its content but not its styles."""
    try:
        document = Document_(str(path))
    except Exception as error:  # python-docx raises several kinds for a file that is not a .docx
        raise RenderError(
            f"{path}: not a Word document that can be used as a reference "
            f"({error}); save it from Word or LibreOffice as .docx"
        ) from None
    _clear_body(document)
    return document


def _clear_body(document) -> None:
    """Remove a reference document's content, keeping its final section properties."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _set_default_direction(document, rtl: bool) -> None:
    ppr = get_or_add_child(
        get_or_add_child(
            get_or_add_child(document.styles.element, "w:docDefaults"), "w:pPrDefault"
        ),
        "w:pPr",
    )
    set_child(ppr, "w:bidi", **({} if rtl else {"val": "0"}))
