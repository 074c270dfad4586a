"""What every report kind's Word document is made of: page, styles, paragraphs of inline text,
footnotes, header and footer, contents, cover, quotes, figures, images, tables, sources.

`DocxBuilder` holds these blocks; `analysis.py` and `brief.py` subclass it and walk their
model once, top to bottom. Paragraphs are written with named styles through the helpers of
`ooxml.py` (direction, script runs) and `fields.py` (footnotes, fields, TOC). Every
paragraph carries `w:bidi` itself as well as through its style, so an organization's
reference document without RTL styles still gives a right-to-left file.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Mm, Pt

from reportkit import inline
from reportkit.errors import RenderError
from reportkit.models.common import Image, InlineText, ReportBase
from reportkit.render import RenderJob
from reportkit.render.bidi import protect_signed_numbers
from reportkit.render.docx import fields, styles
from reportkit.render.docx.ooxml import (
    add_script_runs,
    get_or_add_child,
    get_or_add_ppr,
    set_child,
    set_paragraph_rtl,
    set_section_rtl,
    set_table_rtl,
    w_element,
)
from reportkit.render.docx.package import save_reproducible
from reportkit.render.text import Localizer

_LANGUAGE_TAGS = {"ar": "ar-SA", "en": "en-GB"}
# python-docx refuses longer text in a core property (title, author, subject, keywords).
_CORE_PROPERTY_LIMIT = 255
_CHARACTER_STYLES = {inline.Strong: "Strong", inline.Emphasis: "Emphasis"}
_PAGE_SIZES = {"A4": (Mm(210), Mm(297)), "Letter": (Emu(7772400), Emu(10058400))}
_UNITS = {"mm": Mm(1), "cm": Mm(10), "in": Emu(914400), "pt": Pt(1)}


class DocxBuilder(ABC):
    """Build the Word document of one report; `build()` returns its bytes."""

    def __init__(self, job: RenderJob):
        self.job = job
        self.report: ReportBase = job.report
        self.theme = job.templates.theme
        self.localizer = Localizer.for_report(self.report, self.theme.digits)
        self.rtl = self.report.direction == "rtl"
        self.sources = self.report.source_by_id()
        self.images = resolved_images(job)
        reference = styles.reference_document(job.templates)
        self.document = open_reference(reference) if reference else Document()
        # keyword arguments of ooxml.add_script_runs for every run of the document
        self.run_format: dict[str, Any] = {"lang": _LANGUAGE_TAGS["ar"], "paragraph_rtl": self.rtl}
        self.footnotes = 0
        self._set_up(reference is not None)

    @abstractmethod
    def build(self) -> bytes:
        """Return the document's bytes, its blocks laid out in the report kind's order."""

    # --- document setup ------------------------------------------------------------------

    def _set_up(self, has_reference: bool) -> None:
        sheet = styles.load_style_sheet(self.job.templates)
        lang = _LANGUAGE_TAGS[self.report.language]
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

    # --- text ---------------------------------------------------------------------------

    def text(self, value: str) -> str:
        """Return text as printed: the report's digits, signed numbers kept in order."""
        value = self.localizer.digits_of(value)
        return protect_signed_numbers(value) if self.rtl else value

    def paragraph(self, style: str, content: InlineText | str | None = None, container=None):
        """Append a paragraph in style `style` holding `content`; return the proxy."""
        paragraph = (container or self.document).add_paragraph()
        set_child(get_or_add_ppr(paragraph), "w:pStyle", val=style)
        if self.rtl:
            set_paragraph_rtl(paragraph)
        if isinstance(content, InlineText):
            self.add_inline(paragraph._p, content.nodes)
        elif content:
            self.add_text(paragraph._p, content)
        return paragraph

    def add_text(self, parent, text: str, char_style: str | None = None) -> None:
        add_script_runs(parent, self.text(text), style=char_style, **self.run_format)

    def add_inline(self, parent, nodes, char_style: str | None = None) -> None:
        """Append inline nodes: styled runs, hyperlinks, footnote references, line breaks."""
        for node in nodes:
            if isinstance(node, inline.Text):
                self.add_text(parent, node.text, char_style)
            elif isinstance(node, (inline.Strong, inline.Emphasis)):
                self.add_inline(parent, node.children, _CHARACTER_STYLES[type(node)])
            elif isinstance(node, inline.Link):
                self.add_inline(self._hyperlink(parent, node.href), node.children, "Hyperlink")
            elif isinstance(node, inline.Citation):
                self.add_footnote(parent, node.source_id)
            elif isinstance(node, inline.LineBreak):
                parent.append(OxmlElement("w:r"))
                parent[-1].append(OxmlElement("w:br"))

    def _hyperlink(self, parent, url: str):
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), self.document.part.relate_to(url, RT.HYPERLINK, is_external=True))
        link.set(qn("w:history"), "1")
        parent.append(link)
        return link

    def add_footnote(self, parent, source_id: str) -> None:
        """Cite a source: a native footnote holding the source's publisher, title and date."""
        note = self.text(self.localizer.source_note(self.sources[source_id]))
        self.footnotes += 1
        arabic_indic = self.localizer.digits == "arabic-indic"
        mark = self.localizer.digits_of(str(self.footnotes)) if arabic_indic else None
        fields.add_footnote(
            parent, [note], self.document, rtl=self.rtl, mark=mark, **self.run_format
        )

    # --- header, footer, contents -------------------------------------------------------

    def add_header_and_footer(self) -> None:
        """Title in the header, PAGE in the footer; the first page (cover) has neither."""
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        for part in (section.first_page_header, section.first_page_footer):
            if self.rtl:
                set_paragraph_rtl(part.paragraphs[0])
        header = section.header.paragraphs[0]
        self._style_existing(header, "Header")
        self.add_text(header._p, self.report.display_title)
        footer = section.footer.paragraphs[0]
        self._style_existing(footer, "Footer")
        arabic_indic = self.localizer.digits == "arabic-indic"
        if arabic_indic:  # Word shows ١٢٣; LibreOffice maps no number format to them
            set_child(section._sectPr, "w:pgNumType", fmt="hindiNumbers")
        first_page = self.localizer.digits_of("1")  # the cached value, as characters
        fields.add_complex_field(footer, "PAGE", first_page, **self.run_format)

    def _style_existing(self, paragraph, style: str) -> None:
        set_child(get_or_add_ppr(paragraph), "w:pStyle", val=style)
        if self.rtl:
            set_paragraph_rtl(paragraph)

    def add_contents(self):
        """Write the contents heading and a placeholder the TOC field replaces at the end."""
        self.page_break()
        self.paragraph("ContentsHeading", self.localizer.label("contents"))
        placeholder = self.paragraph("Normal")
        self.page_break()
        return placeholder

    def fill_contents(self, placeholder) -> None:
        fields.add_toc(placeholder, self.document, rtl=self.rtl, **self.run_format)

    def page_break(self) -> None:
        paragraph = self.paragraph("Normal")
        paragraph._p.append(OxmlElement("w:r"))
        paragraph._p[-1].append(w_element("w:br", type="page"))

    # --- cover ---------------------------------------------------------------------------

    def add_logo(self) -> None:
        logo = self.job.templates.logo_path()
        if logo:
            self.add_picture(logo, Mm(35), description=self.report.publisher or "")

    def add_cover(self, kicker: str | None, title: str, subtitle: str | None) -> None:
        self.add_logo()
        if kicker:
            self.paragraph("Kicker", kicker)
        self.paragraph("Title", title)
        if subtitle:
            self.paragraph("Subtitle", subtitle)
        separator = "، " if self.rtl else ", "
        for author in self.report.authors:
            self.paragraph("CoverAuthor", author.name)
            details = [d for d in (author.role, author.affiliation) if d]
            if details:
                self.paragraph("CoverRole", separator.join(details))
        if self.report.publisher:
            self.paragraph("CoverMeta", self.report.publisher)
        self.paragraph("CoverMeta", self.localizer.date(self.report.date))

    # --- blocks --------------------------------------------------------------------------

    def paragraphs(self, items, style: str = "BodyText") -> None:
        for item in items:
            self.paragraph(style, item)

    def heading(self, text: str, level: int = 1) -> None:
        self.paragraph(f"Heading{level}", text)

    def add_quote(self, quote) -> None:
        self.paragraph("PullQuote", quote.text)
        separator = "، " if self.rtl else ", "
        attribution = separator.join(p for p in (quote.speaker, quote.role) if p)
        self.paragraph("QuoteAttribution", f"— {attribution}")

    def add_figure(self, figure) -> None:
        number = self.localizer.number(figure.value)
        value = " ".join(p for p in (figure.qualifier, number, figure.unit) if p)
        self.paragraph("KeyFigure", value)
        self.paragraph("KeyFigureLabel", figure.label)

    def add_image(self, image: Image) -> None:
        self.add_picture(self.images[id(image)], self.text_width, image.alt or "")
        if image.caption:
            self.paragraph("Caption", image.caption)
        if image.credit:
            label = self.localizer.label("credit")
            self.paragraph("ImageCredit", f"{label}: {image.credit}")

    def add_picture(self, path: Path, max_width: Length, description: str) -> None:
        paragraph = self.paragraph("Figure")
        shape = paragraph.add_run().add_picture(str(path))
        if shape.width > max_width:
            shape.height = int(shape.height * max_width / shape.width)
            shape.width = max_width
        shape._inline.docPr.set("descr", description)

    def add_sources(self) -> None:
        """The sources list at the end: one numbered entry per source, with its address."""
        if not self.report.sources:
            return
        self.heading(self.localizer.label("sources"))
        for number, source in enumerate(self.report.sources, start=1):
            paragraph = self.paragraph("SourceEntry")
            self.add_text(paragraph._p, f"{number}. {self.localizer.source_note(source)}")
            if source.url:
                self.add_text(paragraph._p, " ")
                link = self._hyperlink(paragraph._p, source.url)
                add_script_runs(link, source.url, style="Hyperlink", **self.run_format)

    def add_table(self, header: tuple[str, str], rows: list[tuple[str, InlineText]]) -> None:
        """A two-column table (narrow first column), visually right-to-left in RTL reports."""
        table = self.document.add_table(rows=len(rows) + 1, cols=2)
        tblpr = table._tbl.tblPr
        set_child(tblpr, "w:tblStyle", val="ReportTable")
        set_child(tblpr, "w:tblW", w=5000, type="pct")
        widths = (int(self.text_width * 0.22), int(self.text_width * 0.78))
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
            for cell in column.cells:
                cell.width = width
        for column, label in enumerate(header):
            self._fill_cell(table.cell(0, column), "TableHeading", label)
        for index, (first, second) in enumerate(rows, start=1):
            self._fill_cell(table.cell(index, 0), "TableText", first)
            self._fill_cell(table.cell(index, 1), "TableText", second)
        if self.rtl:
            set_table_rtl(table, header_rows=1)
        else:
            set_child(get_or_add_child(table.rows[0]._tr, "w:trPr"), "w:tblHeader")
        self.paragraph("Normal")  # Word needs a paragraph between a table and what follows

    def _fill_cell(self, cell, style: str, content) -> None:
        paragraph = cell.paragraphs[0]
        self._style_existing(paragraph, style)
        if isinstance(content, InlineText):
            self.add_inline(paragraph._p, content.nodes)
        else:
            self.add_text(paragraph._p, content)

    # --- core properties and output ------------------------------------------------------

    def set_properties(self, subject: str | None, comments: str | None) -> None:
        props = self.document.core_properties
        props.title = _core_property(self.report.display_title)
        props.author = _core_property("; ".join(author.name for author in self.report.authors))
        props.subject = _core_property(subject or "")
        props.keywords = _core_property(", ".join(self.report.keywords))
        props.language = _LANGUAGE_TAGS[self.report.language]
        props.comments = _core_property(comments or "")
        props.category = self.report.kind
        props.last_modified_by = "reportkit"
        props.identifier = self.job.report_path.stem

    def save(self) -> bytes:
        when = dt.datetime.combine(self.report.date, dt.time())
        return save_reproducible(self.document, when)


def _core_property(text: str) -> str:
    """Return `text` cut to the 255 characters python-docx allows in a document property
    (a long title or many authors would otherwise stop the DOCX)."""
    return text if len(text) <= _CORE_PROPERTY_LIMIT else text[: _CORE_PROPERTY_LIMIT - 1] + "…"


def resolved_images(job) -> dict[int, Path]:
    """Return each image's file by model identity; raise RenderError naming the report line."""
    from reportkit.rules import images

    found: dict[int, Path] = {}
    for path, image in images(job.report):
        target = job.image_file(image, path)
        if target.suffix.lower() not in (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff"):
            raise RenderError(
                job.where((*path, "file")) + f"image `{image.file}`: Word "
                "documents take PNG, JPEG, GIF, BMP or TIFF images; convert it"
            )
        found[id(image)] = target
    return found


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
        document = Document(str(path))
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
