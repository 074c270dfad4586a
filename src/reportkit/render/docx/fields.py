"""Word features python-docx has no API for: footnotes, complex fields (PAGE, TOC) and
bookmarks, each written in the schema's order with the helpers of `ooxml.py`."""

from __future__ import annotations

import re
from collections.abc import Iterable

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory, XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from reportkit.render.docx.ooxml import (
    NSMAP,
    R_NS,
    W_NS,
    add_script_runs,
    element_of,
    get_or_add_ppr,
    get_or_add_rpr,
    make_run,
    set_child,
    set_paragraph_rtl,
    w_element,
)
from reportkit.render.docx.styles import ensure_footnote_styles, ensure_toc_styles

# python-docx does not know the footnotes content type, so a saved document re-opened with
# Document() would carry footnotes.xml as an opaque blob. Registering the generic XmlPart
# makes the part parseable again, so add_footnote also works on re-opened files.
PartFactory.part_type_for.setdefault(CT.WML_FOOTNOTES, XmlPart)

# ---------------------------------------------------------------------------------------------
# 4. Footnotes
# ---------------------------------------------------------------------------------------------

_FOOTNOTES_XML = (
    f'<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)


def get_or_add_footnotes_part(document) -> XmlPart:
    """Return the document's footnotes part, creating /word/footnotes.xml if needed.

    A new part holds the separator (id -1) and continuation separator (id 0) notes, which
    settings' w:footnotePr names, as Word requires them.
    """
    doc_part = document.part
    for rel in doc_part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            return rel.target_part
    part = XmlPart(
        PackURI("/word/footnotes.xml"),
        CT.WML_FOOTNOTES,
        parse_xml(_FOOTNOTES_XML.encode()),
        doc_part.package,
    )
    doc_part.relate_to(part, RT.FOOTNOTES)
    settings = document.settings.element
    footnote_pr = set_child(settings, "w:footnotePr")
    set_child(footnote_pr, "w:footnote", id=-1)
    footnote_pr.append(w_element("w:footnote", id=0))
    ensure_footnote_styles(document)
    return part


def add_footnote(
    paragraph,
    content_runs: Iterable,
    document=None,
    *,
    rtl: bool = True,
    mark: str | None = None,
    **fmt,
) -> int:
    """Add a footnote whose reference ends `paragraph` (so far); return its id.

    `content_runs` is a sequence of strings (split into script runs with `fmt`) and/or
    ready w:r elements. `document` is found from the paragraph's part when omitted. `mark`
    replaces Word's automatic number by a custom mark written as characters
    (`w:customMarkFollows`), e.g. an Arabic-Indic number, which no numbering format gives in
    LibreOffice.
    """
    document = document or paragraph.part.document
    root = get_or_add_footnotes_part(document).element
    ids = [int(n.get(qn("w:id"))) for n in root.findall(qn("w:footnote"))]
    note_id = max([0, *ids]) + 1
    note = w_element("w:footnote", id=note_id)
    note.append(_note_paragraph(content_runs, rtl, mark, fmt))
    root.append(note)
    reference = _ref_mark_run(
        w_element("w:footnoteReference", id=note_id, customMarkFollows=True if mark else None), mark
    )
    element_of(paragraph).append(reference)
    return note_id


def _note_paragraph(content_runs: Iterable, rtl: bool, mark: str | None, fmt: dict):
    """Return the w:p of a footnote: its mark, a space, then the content."""
    note_p = OxmlElement("w:p")
    set_child(get_or_add_ppr(note_p), "w:pStyle", val="FootnoteText")
    set_paragraph_rtl(note_p, rtl)
    note_p.append(_ref_mark_run(None if mark else OxmlElement("w:footnoteRef"), mark))
    run_fmt = {k: v for k, v in fmt.items() if k != "paragraph_rtl"}
    note_p.append(make_run(" ", rtl=rtl, **run_fmt))
    for item in content_runs:
        if isinstance(item, str):
            add_script_runs(note_p, item, **fmt)
        else:
            note_p.append(element_of(item))
    return note_p


def _ref_mark_run(mark, text: str | None = None):
    """Return a w:r in the FootnoteReference style holding `mark` and/or a custom mark text."""
    r = OxmlElement("w:r")
    set_child(get_or_add_rpr(r), "w:rStyle", val="FootnoteReference")
    if mark is not None:
        r.append(mark)
    if text:
        t = OxmlElement("w:t")
        t.text = text
        r.append(t)
    return r


# ---------------------------------------------------------------------------------------------
# 5. Fields, bookmarks and the table of contents
# ---------------------------------------------------------------------------------------------


def _fld_char(kind: str, **attrs):
    """Return a w:r holding a w:fldChar of `kind` (begin, separate or end)."""
    r = OxmlElement("w:r")
    r.append(w_element("w:fldChar", fldCharType=kind, **attrs))
    return r


def _instr_run(instruction: str):
    """Return a w:r holding a field instruction (w:instrText, spaces preserved)."""
    r = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction.strip()} "
    r.append(instr)
    return r


def add_complex_field(paragraph, instruction: str, cached_text: str = "", **fmt) -> None:
    """Append a complex field (begin, instrText, separate, cached result, end) to a paragraph.

    Never reassign python-docx's `paragraph.text` afterwards: it deletes the field runs.
    """
    p = element_of(paragraph)
    p.append(_fld_char("begin"))
    p.append(_instr_run(instruction))
    p.append(_fld_char("separate"))
    if cached_text:
        add_script_runs(p, cached_text, **fmt)
    p.append(_fld_char("end"))


def _next_bookmark_id(root) -> int:
    """Return an unused w:bookmarkStart id for the tree of `root`."""
    ids = [int(b.get(qn("w:id"))) for b in root.iter(qn("w:bookmarkStart"))]
    return max([-1, *ids]) + 1


def add_bookmark(paragraph, name: str) -> str:
    """Wrap the whole content of a paragraph in a bookmark called `name`; return the name."""
    p = element_of(paragraph)
    existing = [b for b in p.iter(qn("w:bookmarkStart")) if b.get(qn("w:name")) == name]
    if existing:
        return name
    bid = _next_bookmark_id(p.getroottree().getroot())
    start = w_element("w:bookmarkStart", id=bid, name=name)
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(w_element("w:bookmarkEnd", id=bid))
    return name


_HEADING_STYLE = re.compile(r"^Heading([1-9])$")


def _heading_level(p) -> int | None:
    """Return the heading level of a w:p from its Heading<n> style id, or None."""
    pstyle = p.find("w:pPr/w:pStyle", NSMAP)
    match = _HEADING_STYLE.match(pstyle.get(qn("w:val"))) if pstyle is not None else None
    return int(match.group(1)) if match else None


def _paragraph_text(p) -> str:
    """Return the visible text of a w:p (w:t only, so field codes are left out)."""
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def add_toc(
    paragraph,
    document,
    *,
    max_level: int = 3,
    rtl: bool = True,
    update_on_open: bool = False,
    **fmt,
) -> list[str]:
    """Turn `paragraph` into a filled TOC field for the headings now in the body.

    Writes `TOC \\o "1-<max_level>" \\h \\z \\u` whose cached result is one TOC<n>
    paragraph per heading, each a w:hyperlink to a `_Toc…` bookmark put around the heading,
    so LibreOffice and Word show the entries without updating. Page numbers are left out of
    the cached entries; `update_on_open` sets w:updateFields, which makes Word fill them in
    but ask the reader first. Return the bookmark names. Call it after all headings exist.
    """
    ensure_toc_styles(document, max_level)
    if update_on_open:
        set_child(document.settings.element, "w:updateFields", val="true")
    toc_p = element_of(paragraph)
    body = toc_p.getparent()
    headings = [
        (lvl, p) for p in body.iter(qn("w:p")) if (lvl := _heading_level(p)) and lvl <= max_level
    ]
    entries, names = [], []
    for n, (level, heading) in enumerate(headings, start=1):
        name = add_bookmark(heading, f"_Toc{n:09d}")
        names.append(name)
        entries.append(_toc_entry(level, _paragraph_text(heading), name, rtl, **fmt))
    _fill_toc_paragraphs(toc_p, entries, max_level, rtl)
    return names


def _toc_entry(level: int, text: str, anchor: str, rtl: bool, **fmt):
    """Return a TOC<level> paragraph whose content is a hyperlink to `anchor`."""
    p = OxmlElement("w:p")
    set_child(get_or_add_ppr(p), "w:pStyle", val=f"TOC{level}")
    set_paragraph_rtl(p, rtl)
    link = w_element("w:hyperlink", anchor=anchor, history=True)
    add_script_runs(link, text, **fmt)
    p.append(link)
    return p


def _fill_toc_paragraphs(toc_p, entries: list, max_level: int, rtl: bool = True) -> None:
    """Replace `toc_p` by the entry paragraphs, the field begin in the first, end in the last."""
    instruction = f'TOC \\o "1-{max_level}" \\h \\z \\u'
    if not entries:
        entries = [OxmlElement("w:p")]
        set_paragraph_rtl(entries[0], rtl)
    first, last = entries[0], entries[-1]
    begin_at = 1 if first.find(qn("w:pPr")) is not None else 0
    for offset, run in enumerate(
        [_fld_char("begin"), _instr_run(instruction), _fld_char("separate")]
    ):
        first.insert(begin_at + offset, run)
    last.append(_fld_char("end"))
    for entry in reversed(entries):
        toc_p.addnext(entry)
    toc_p.getparent().remove(toc_p)
