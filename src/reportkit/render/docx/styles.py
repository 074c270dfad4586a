"""Word styles from the theme: templates/*/docx/styles.yaml says which style uses which font,
size and colour of theme.yaml; this module turns that into w:style elements, written in the
schema's order, and cleans the styles of python-docx's template or a reference document.

Every style gets both font slots (Latin `ascii`/`hAnsi` and complex-script `cs`) and both sizes
(`sz`, `szCs`): Word and LibreOffice format Arabic through the complex-script ones only. Bold is
written as `b` + `bCs`; italic only as `i`, because there is no Arabic italic face and
LibreOffice would slant Arabic letters synthetically.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportkit.errors import RenderError
from reportkit.render.docx.ooxml import (
    clark,
    get_or_add_child,
    set_child,
    set_w_attrs,
    w_element,
)
from reportkit.theme import TemplateSet, Theme

STYLE_SHEET = "docx/styles.yaml"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 50 ms faster here
_STYLE_KINDS = ("paragraph", "character", "table")
_THEME_FONT_ATTRS = tuple(
    clark(a) for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
)
_KEYS = {
    "name",
    "based_on",
    "next",
    "font",
    "size",
    "color",
    "bold",
    "italic",
    "underline",
    "superscript",
    "before",
    "after",
    "line",
    "align",
    "indent",
    "keep_next",
    "keep_lines",
    "outline",
    "shading",
    "rule",
}


def load_style_sheet(templates: TemplateSet) -> dict[str, Any]:
    """Return the style definitions merged over the template folders.

    Like theme.yaml, an organization's docx/styles.yaml lists only what it changes: a style's
    settings override the built-in ones key by key, and new styles are added.
    """
    merged: dict[str, Any] = {"defaults": {}, **{kind: {} for kind in _STYLE_KINDS}}
    for folder in reversed(templates.folders):  # built-in first, overrides on top
        path = folder / STYLE_SHEET
        if path.is_file():
            data = _read_sheet(path)
            merged["defaults"] = {**merged["defaults"], **(data.get("defaults") or {})}
            for kind in _STYLE_KINDS:
                for style_id, definition in (data.get(kind) or {}).items():
                    merged[kind][style_id] = {**merged[kind].get(style_id, {}), **definition}
    return merged


def _read_sheet(path: Path) -> dict[str, Any]:
    """Return one styles.yaml, checked: every style a mapping of known settings."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
    except yaml.YAMLError as error:
        raise RenderError(f"{path}: invalid YAML: {error}") from None
    for kind in _STYLE_KINDS:
        for style_id, definition in (data.get(kind) or {}).items():
            if not isinstance(definition, dict):
                raise RenderError(
                    f"{path}: style {style_id}: write its settings as a mapping, "
                    "such as {name: Body Text, size: body}"
                )
            unknown = set(definition) - _KEYS
            if unknown:
                known = ", ".join(sorted(_KEYS))
                raise RenderError(
                    f"{path}: style {style_id}: unknown setting "
                    f"{', '.join(sorted(unknown))} (known: {known})"
                )
    return data


def apply_defaults(document, theme: Theme, sheet: dict, *, rtl: bool, lang: str) -> None:
    """Write the document defaults: fonts, sizes, languages, and w:bidi for RTL reports."""
    styles = document.styles.element
    defaults = get_or_add_child(styles, "w:docDefaults")
    rpr = get_or_add_child(get_or_add_child(defaults, "w:rPrDefault"), "w:rPr")
    for child in list(rpr):
        rpr.remove(child)
    for tag, attrs in run_properties(sheet.get("defaults", {}), theme):
        set_child(rpr, tag, **attrs)
    set_child(rpr, "w:lang", val=lang, eastAsia=lang, bidi="ar-SA")
    ppr = get_or_add_child(get_or_add_child(defaults, "w:pPrDefault"), "w:pPr")
    for child in list(ppr):
        ppr.remove(child)
    # Widow and orphan control: no paragraph leaves a single line alone at the foot or the
    # head of a page (Word omits it unless a style says so; LibreOffice follows the file).
    set_child(ppr, "w:widowControl")
    if rtl:
        set_child(ppr, "w:bidi")
    set_child(ppr, "w:spacing", after=0, line=240, lineRule="auto")


def apply_styles(document, theme: Theme, sheet: dict, *, rtl: bool, keep_existing: bool) -> None:
    """Create every style of the sheet; replace the template's own unless `keep_existing`."""
    existing = {s.get(qn("w:styleId")): s for s in document.styles.element.iter(qn("w:style"))}
    for kind in _STYLE_KINDS:
        for style_id, definition in (sheet.get(kind) or {}).items():
            old = existing.get(style_id)
            if old is not None and keep_existing:
                continue
            # A template's list styles lose their Word numbering too: list markers are text,
            # in the report's digits, decided with the resolved document (resolve.py).
            if old is not None:
                old.getparent().remove(old)
            _build_style(document, kind, style_id, definition, theme, rtl)
    normalize_styles(document.styles.element)


def _build_style(document, kind: str, style_id: str, definition: dict, theme: Theme, rtl: bool):
    """Return a new w:style built from one definition of the sheet."""
    based_on = definition.get("based_on", _default_base(kind, style_id))
    ppr = paragraph_properties(definition, theme, rtl) if kind == "paragraph" else ()
    style = ensure_style(
        document,
        style_id,
        definition.get("name", style_id),
        kind,
        based_on=based_on,
        next_style=definition.get("next"),
        ui_priority=9 if "outline" in definition else 20,
        ppr=ppr,
        rpr=run_properties(definition, theme),
    )
    set_child(style, "w:qFormat")
    if kind == "paragraph" and definition.get("rule"):
        _add_rules(style, colour(theme, definition["rule"]))
    if kind == "table":
        _add_table_properties(style, definition, theme)
    return style


def _add_rules(style, color: str) -> None:
    """Put a rule above and below a paragraph style (pull-quotes)."""
    borders = get_or_add_child(get_or_add_child(style, "w:pPr"), "w:pBdr")
    for edge in ("top", "bottom"):
        borders.append(w_element(f"w:{edge}", val="single", sz=8, space=4, color=color))


def _default_base(kind: str, style_id: str) -> str | None:
    if kind == "paragraph":
        return None if style_id == "Normal" else "Normal"
    return "DefaultParagraphFont" if kind == "character" else "TableNormal"


def run_properties(definition: dict, theme: Theme) -> list[tuple[str, dict]]:
    """Return the (tag, attributes) rPr children of a style definition."""
    props: list[tuple[str, dict]] = []
    font = definition.get("font")
    if font:
        latin, arabic = _fonts(theme, font)
        props.append(
            ("w:rFonts", {"ascii": latin, "hAnsi": latin, "eastAsia": latin, "cs": arabic})
        )
    if definition.get("bold"):
        props += [("w:b", {}), ("w:bCs", {})]
    if definition.get("italic"):
        props.append(("w:i", {}))
    if definition.get("color"):
        props.append(("w:color", {"val": colour(theme, definition["color"])}))
    if definition.get("size"):
        half_points = half_points_of(theme, definition["size"])
        props += [("w:sz", {"val": half_points}), ("w:szCs", {"val": half_points})]
    if definition.get("underline"):
        props.append(("w:u", {"val": "single"}))
    if definition.get("superscript"):
        props.append(("w:vertAlign", {"val": "superscript"}))
    return props


def paragraph_properties(definition: dict, theme: Theme, rtl: bool) -> list[tuple[str, dict]]:
    """Return the (tag, attributes) pPr children of a paragraph style definition."""
    props: list[tuple[str, dict]] = []
    if definition.get("keep_next"):  # a heading-like paragraph: never last on a page
        props.append(("w:keepNext", {}))
    if definition.get("keep_next") or definition.get("keep_lines"):
        props.append(("w:keepLines", {}))
    if definition.get("shading"):
        props.append(
            (
                "w:shd",
                {"val": "clear", "color": "auto", "fill": colour(theme, definition["shading"])},
            )
        )
    props.append(("w:bidi", {} if rtl else {"val": "0"}))
    props.append(("w:spacing", _spacing(definition)))
    if "indent" in definition:  # 0 too: it cancels the indent of the style it derives from
        # In a bidi paragraph w:left is the start side (right) in Word and LibreOffice alike.
        props.append(("w:ind", {"left": _twips(definition["indent"])}))
    alignment = _alignment(definition.get("align", "start"), rtl)
    if alignment:
        props.append(("w:jc", {"val": alignment}))
    if "outline" in definition:
        props.append(("w:outlineLvl", {"val": definition["outline"]}))
    return props


def _alignment(align: str, rtl: bool) -> str | None:
    """Return the w:jc value; `start` needs none (w:jc left/right is logical in bidi text)."""
    return {"start": None, "center": "center", "justify": "lowKashida" if rtl else "both"}[align]


def _spacing(definition: dict) -> dict:
    spacing: dict[str, int | str] = {
        "before": _twips(definition.get("before", 0)),
        "after": _twips(definition.get("after", 6)),
    }
    if "line" in definition:
        spacing.update(line=round(240 * definition["line"]), lineRule="auto")
    return spacing


def _add_table_properties(style, definition: dict, theme: Theme) -> None:
    """Give a table style horizontal rules and cell margins."""
    tblpr = get_or_add_child(style, "w:tblPr")
    borders = set_child(tblpr, "w:tblBorders")
    color = colour(theme, definition.get("rule", "rule"))
    line = {"val": "single", "sz": 6, "space": 0, "color": color}
    for edge in ("top", "bottom", "insideH"):
        borders.append(w_element(f"w:{edge}", **line))
    margins = set_child(tblpr, "w:tblCellMar")
    for edge, width in (("top", 60), ("left", 100), ("bottom", 60), ("right", 100)):
        margins.append(w_element(f"w:{edge}", w=width, type="dxa"))


def _fonts(theme: Theme, role: str) -> tuple[str, str]:
    """Return (Latin font, Arabic font) of a font role: `body` or `headings`."""
    if role == "headings":
        return theme.fonts.latin_headings, theme.fonts.arabic_headings
    return theme.fonts.latin, theme.fonts.arabic


def colour(theme: Theme, key: str) -> str:
    """Return a theme colour as Word writes it: six hex digits, no #."""
    return _theme_value(theme.colors, "colors", key).lstrip("#").upper()


def half_points_of(theme: Theme, key: str) -> int:
    return round(_theme_value(theme.sizes, "sizes", key) * 2)


def _theme_value(group, group_name: str, key: str):
    """Return theme `group_name.key`, or a RenderError naming the keys styles.yaml may use."""
    if key not in type(group).model_fields:
        raise RenderError(
            f"docx/styles.yaml: `{key}` is not one of the theme's {group_name} "
            f"({', '.join(type(group).model_fields)})"
        )
    return getattr(group, key)


def _twips(points: float) -> int:
    return round(points * 20)


# ---------------------------------------------------------------------------------------------
# w:style elements in the schema's order; template styles made fit for Arabic
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
# Styles python-docx's template lacks, for footnotes and the table of contents
# ---------------------------------------------------------------------------------------------


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


def reference_document(templates: TemplateSet) -> Path | None:
    """Return an organization's reference.docx (--docx-template, else the first template
    folder holding one), or None."""
    if templates.reference_docx is not None:
        return templates.reference_docx
    for folder in templates.folders:
        for name in ("reference.docx", "docx/reference.docx"):
            if (folder / name).is_file():
                return folder / name
    return None
