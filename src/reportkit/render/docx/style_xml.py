"""Style-part helpers: document defaults, cleaned template styles, and w:style elements.

`styles.py` decides what each style looks like (from the theme); these helpers write it in the
schema's order. They also supply the FootnoteText, FootnoteReference, Hyperlink and TOC
styles that python-docx's template lacks, for documents built without `styles.py`.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportkit.render.docx.ooxml import clark, get_or_add_child, set_child, set_w_attrs

_THEME_FONT_ATTRS = tuple(
    clark(a) for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
)


def normalize_styles(styles_element) -> None:
    """Strip theme font attributes and mirror sz/b into szCs/bCs in every style.

    Italic is deliberately not mirrored: LibreOffice has no Arabic italic face and slants
    the glyphs synthetically (the template's Subtitle/Quote styles already carry w:iCs).
    """
    for fonts in styles_element.iter(qn("w:rFonts")):
        for attr in _THEME_FONT_ATTRS:
            fonts.attrib.pop(attr, None)
        if not fonts.attrib:
            fonts.getparent().remove(fonts)
    for rpr in styles_element.iter(qn("w:rPr")):
        _mirror_cs(rpr, "w:sz", "w:szCs")
        _mirror_cs(rpr, "w:b", "w:bCs")


def _mirror_cs(rpr, tag: str, cs_tag: str) -> None:
    """Copy the `tag` element of an rPr to its complex-script twin when that is missing."""
    src = rpr.find(qn(tag))
    if src is None or rpr.find(qn(cs_tag)) is not None:
        return
    twin = set_child(rpr, cs_tag)
    for name, value in src.attrib.items():
        twin.set(name, value)


def fix_template_settings(document) -> None:
    """Give w:zoom the w:percent the schema requires (python-docx's template omits it)."""
    zoom = document.settings.element.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")


# ---------------------------------------------------------------------------------------------
# Styles used by footnotes, TOC and hyperlinks
# ---------------------------------------------------------------------------------------------


def ensure_style(
    document,
    style_id: str,
    name: str,
    style_type: str = "paragraph",
    *,
    based_on: str | None = None,
    next_style: str | None = None,
    ui_priority: int | None = None,
    ppr: Sequence[tuple] = (),
    rpr: Sequence[tuple] = (),
) -> object:
    """Return the w:style `style_id`, creating it with the given pPr/rPr children if missing.

    `ppr`/`rpr` are sequences of (tag, attrs-dict) pairs, inserted in schema order.
    """
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            return style
    style = OxmlElement("w:style")
    set_w_attrs(style, {"type": style_type, "styleId": style_id})
    set_child(style, "w:name", val=name)
    if based_on:
        set_child(style, "w:basedOn", val=based_on)
    if next_style:
        set_child(style, "w:next", val=next_style)
    if ui_priority is not None:
        set_child(style, "w:uiPriority", val=ui_priority)
        set_child(style, "w:unhideWhenUsed")
    if ppr:
        container = get_or_add_child(style, "w:pPr")
        for tag, attrs in ppr:
            set_child(container, tag, **attrs)
    if rpr:
        container = get_or_add_child(style, "w:rPr")
        for tag, attrs in rpr:
            set_child(container, tag, **attrs)
    styles.append(style)
    return style


def ensure_footnote_styles(document) -> None:
    """Create the FootnoteText paragraph and FootnoteReference character styles."""
    ensure_style(
        document,
        "FootnoteText",
        "footnote text",
        based_on="Normal",
        ui_priority=99,
        ppr=[("w:bidi", {}), ("w:spacing", {"after": 0, "line": 240, "lineRule": "auto"})],
        rpr=[("w:sz", {"val": 20}), ("w:szCs", {"val": 20})],
    )
    ensure_style(
        document,
        "FootnoteReference",
        "footnote reference",
        "character",
        based_on="DefaultParagraphFont",
        ui_priority=99,
        rpr=[("w:vertAlign", {"val": "superscript"})],
    )


def ensure_toc_styles(document, levels: int = 3) -> None:
    """Create the TOC 1..`levels` paragraph styles, each indented a step further."""
    for level in range(1, levels + 1):
        ppr = [("w:bidi", {}), ("w:spacing", {"after": 100})]
        if level > 1:
            # w:left is the start side in a bidi paragraph (Word and LibreOffice alike).
            ppr.append(("w:ind", {"left": 220 * (level - 1)}))
        ensure_style(
            document,
            f"TOC{level}",
            f"toc {level}",
            based_on="Normal",
            next_style="Normal",
            ui_priority=39,
            ppr=ppr,
        )
