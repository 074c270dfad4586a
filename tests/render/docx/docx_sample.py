"""A small Arabic document built with the low-level helpers alone (no report model)."""

from docx import Document
from docx.shared import Mm

from reportkit.render.docx import fields, ooxml, styles

CS_FONT = "Amiri"
LATIN_FONT = "Liberation Serif"

PARA_1 = "وقّعت شركة Belavia Airlines عقداً جديداً في عام 2025 لشراء 1200 مقعد."
PARA_2 = "بلغت قيمة الصفقة 1200 مليون، وتقول Belavia Airlines إنها الأكبر منذ 2025."
HEADING_1 = "مقدمة التقرير"
HEADING_2 = "تفاصيل الصفقة"
FOOTNOTE_1 = "المصدر: بيان صحفي من Belavia Airlines."
FOOTNOTE_2 = "الأرقام تقريبية حتى نهاية 2025."
BULLETS = ["البند الأول", "البند الثاني مع Belavia Airlines", "البند الثالث 1200"]
TABLE = [
    ["البند", "القيمة", "السنة"],
    ["المقاعد", "1200", "2025"],
    ["الشركة", "Belavia Airlines", "2025"],
]
HEADER_TEXT = "تقرير تجريبي"


def build_sample_document():
    """Return a python-docx Document exercising the helpers of ooxml.py and fields.py."""
    fmt = {"cs_font": CS_FONT, "latin_font": LATIN_FONT}
    doc = Document()
    set_rtl_defaults(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    ooxml.set_section_rtl(section)

    header_p = section.header.paragraphs[0]
    ooxml.set_paragraph_rtl(header_p)
    ooxml.add_script_runs(header_p, HEADER_TEXT, **fmt)
    footer_p = section.footer.paragraphs[0]
    ooxml.set_paragraph_rtl(footer_p)
    ooxml.set_child(ooxml.get_or_add_ppr(footer_p), "w:jc", val="center")
    fields.add_complex_field(footer_p, "PAGE", "1", **fmt)

    toc_p = doc.add_paragraph()
    add_paragraph(doc, HEADING_1, style="Heading 1", **fmt)
    p1 = add_paragraph(doc, PARA_1, **fmt)
    ooxml.set_child(ooxml.get_or_add_ppr(p1), "w:jc", val="lowKashida")
    fields.add_footnote(p1, [FOOTNOTE_1], **fmt)
    p2 = add_paragraph(doc, PARA_2, **fmt)
    fields.add_footnote(p2, [FOOTNOTE_2], **fmt)

    add_paragraph(doc, HEADING_2, style="Heading 2", **fmt)
    for item in BULLETS:
        add_paragraph(doc, item, style="List Bullet", **fmt)
    table = doc.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    for r, row in enumerate(TABLE):
        for c, text in enumerate(row):
            ooxml.add_script_runs(table.cell(r, c).paragraphs[0], text, bold=(r == 0), **fmt)
    ooxml.set_table_rtl(table, header_rows=1)
    add_paragraph(doc, "نهاية التقرير.", **fmt)

    fields.add_toc(toc_p, doc, update_on_open=True, **fmt)
    return doc


def set_rtl_defaults(doc) -> None:
    """Make right-to-left, Amiri and 12 pt the document defaults, keeping the template's
    spacing; clean the template's styles as the renderer does."""
    styles_element = doc.styles.element
    defaults = ooxml.get_or_add_child(styles_element, "w:docDefaults")
    rpr = ooxml.get_or_add_child(ooxml.get_or_add_child(defaults, "w:rPrDefault"), "w:rPr")
    fonts = {"ascii": LATIN_FONT, "hAnsi": LATIN_FONT, "eastAsia": LATIN_FONT, "cs": CS_FONT}
    ooxml.set_child(rpr, "w:rFonts", **fonts)
    ooxml.set_child(rpr, "w:sz", val=24)
    ooxml.set_child(rpr, "w:szCs", val=24)
    ooxml.set_child(rpr, "w:lang", val="en-US", eastAsia="en-US", bidi="ar-SA")
    ppr = ooxml.get_or_add_child(ooxml.get_or_add_child(defaults, "w:pPrDefault"), "w:pPr")
    ooxml.set_child(ppr, "w:bidi")
    styles.normalize_styles(styles_element)
    styles.fix_template_settings(doc)


def add_paragraph(doc, text: str, style: str | None = None, **fmt):
    """Return a new right-to-left paragraph of `doc` holding `text` as script runs."""
    paragraph = doc.add_paragraph(style=style)
    ooxml.set_paragraph_rtl(paragraph)
    ooxml.add_script_runs(paragraph, text, **fmt)
    return paragraph
