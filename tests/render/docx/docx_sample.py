"""A small Arabic document built with the low-level helpers alone (no report model)."""

from docx import Document

from reportkit.render.docx import fields, ooxml, style_xml

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
    """Return a python-docx Document exercising every helper of xml.py and fields.py."""
    fmt = {"cs_font": CS_FONT, "latin_font": LATIN_FONT}
    doc = Document()
    style_xml.apply_rtl_defaults(doc, cs_font=CS_FONT, latin_font=LATIN_FONT, size_pt=12)
    section = doc.sections[0]
    ooxml.set_page_a4(section)
    ooxml.set_section_rtl(section)

    header_p = section.header.paragraphs[0]
    ooxml.set_paragraph_rtl(header_p)
    ooxml.add_script_runs(header_p, HEADER_TEXT, **fmt)
    footer_p = section.footer.paragraphs[0]
    ooxml.set_paragraph_rtl(footer_p)
    ooxml.set_justification(footer_p, "center")
    fields.add_page_number_field(footer_p, **fmt)

    toc_p = doc.add_paragraph()
    ooxml.add_paragraph_rtl(doc, HEADING_1, style="Heading 1", **fmt)
    p1 = ooxml.add_paragraph_rtl(doc, PARA_1, **fmt)
    ooxml.set_justification(p1, "lowKashida")
    fields.add_footnote(p1, [FOOTNOTE_1], **fmt)
    p2 = ooxml.add_paragraph_rtl(doc, PARA_2, **fmt)
    fields.add_footnote(p2, [FOOTNOTE_2], **fmt)
    link_p = ooxml.add_paragraph_rtl(doc, "الموقع الرسمي: ", **fmt)
    fields.add_hyperlink(link_p, "https://example.com/belavia", "Belavia Airlines", **fmt)

    ooxml.add_paragraph_rtl(doc, HEADING_2, style="Heading 2", **fmt)
    for item in BULLETS:
        ooxml.add_paragraph_rtl(doc, item, style="List Bullet", **fmt)
    table = doc.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    for r, row in enumerate(TABLE):
        for c, text in enumerate(row):
            ooxml.add_script_runs(table.cell(r, c).paragraphs[0], text, bold=(r == 0), **fmt)
    ooxml.set_table_rtl(table, header_rows=1)
    ooxml.add_paragraph_rtl(doc, "نهاية التقرير.", **fmt)

    fields.add_toc(toc_p, doc, update_on_open=True, **fmt)
    return doc
