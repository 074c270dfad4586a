"""What a Word paragraph's style and numbering say it is: a heading, a list item, a caption.

Style ids are localized (`berschrift1`, `Titre`) and some programs invent their own, but a
built-in style keeps its English `w:name` (`heading 1`, `Title`, `List Bullet`) in every
language of Word, and a custom heading style is based on one or carries an outline level.
"""

from __future__ import annotations

import re
from typing import Literal

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Outline level 9 is "body text"; 0–8 are heading levels 1–9.
BODY_TEXT_LEVEL = 9
HEADING_NAME = re.compile(r"^heading\s*([1-9])$")
Role = Literal["title", "subtitle", "caption", "contents"] | int | None
# Word's table of contents: its heading and entries, which the report makes itself.
CONTENTS_NAMES = re.compile(r"^(toc heading|toc [1-9]|table of figures)$")


def w(tag: str) -> str:
    return f"{W}{tag}"


def is_on(element) -> bool:
    """Return True when a toggle property (`<w:b/>`, `<w:b w:val="1"/>`) is on."""
    return element is not None and element.get(w("val"), "true") not in ("0", "false", "off")


class Styles:
    """The styles part, looked up by style id along each style's `w:basedOn` chain."""

    def __init__(self, root):
        self.by_id = {s.get(w("styleId")): s for s in root.iterchildren(w("style"))}
        self.root = root
        self.default_paragraph = next(
            (
                s.get(w("styleId"))
                for s in root.iterchildren(w("style"))
                if s.get(w("type")) == "paragraph" and is_on_attr(s.get(w("default")))
            ),
            None,
        )

    def chain(self, style_id: str | None):
        """Yield the style and every style it is based on, nearest first."""
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None

    def name(self, style) -> str:
        element = style.find(w("name"))
        return (element.get(w("val")) if element is not None else "").strip().lower()

    def paragraph_style(self, p) -> str | None:
        element = p.find(f"{W}pPr/{W}pStyle")
        return element.get(w("val")) if element is not None else self.default_paragraph

    def role(self, p, style_id: str | None) -> Role:
        """Return what the paragraph is: "title", "subtitle", "caption", "contents" (a table of
        contents), a heading level (an int, 1 for Heading 1) or None for body text."""
        for style in self.chain(style_id):
            name = self.name(style)
            if CONTENTS_NAMES.match(name):
                return "contents"
            if name in ("title", "subtitle", "caption"):
                return name  # type: ignore[return-value]
            match = HEADING_NAME.match(name)
            if match:
                return int(match.group(1))
        level = self._outline_level(p, style_id)
        return level + 1 if level is not None and level < BODY_TEXT_LEVEL else None

    def _outline_level(self, p, style_id: str | None) -> int | None:
        candidates = [p.find(f"{W}pPr/{W}outlineLvl")]
        candidates += [s.find(f"{W}pPr/{W}outlineLvl") for s in self.chain(style_id)]
        for element in candidates:
            if element is not None and (element.get(w("val")) or "").isdigit():
                return int(element.get(w("val")))
        return None

    def list_kind(self, p, style_id: str | None, numbering: Numbering) -> bool | None:
        """Return True for an item of a numbered list, False for a bulleted one, None when the
        paragraph is not a list item."""
        styles = list(self.chain(style_id))
        # The paragraph's own numbering wins; a style's list may give the list or the level.
        holders = [p, *styles]
        num_id = _first(holders, f"{W}pPr/{W}numPr/{W}numId")
        if num_id == "0":
            return None  # numId 0 switches a style's numbering off
        if num_id is not None:
            found = numbering.kind(num_id, _first(holders, f"{W}pPr/{W}numPr/{W}ilvl"))
            if found is not None:
                return found
        for style in styles:
            name = self.name(style)
            if name.startswith("list number"):
                return True
            if name.startswith("list bullet"):
                return False
        return None

    def run_marks(self, style_id: str | None) -> tuple[bool, bool]:
        """Return (bold, italic) as a character style and the styles it is based on set them."""
        bold = italic = None
        for style in self.chain(style_id):
            r_pr = style.find(w("rPr"))
            if r_pr is None:
                continue
            if bold is None:
                bold = _toggle(r_pr, "b", "bCs")
            if italic is None:
                italic = _toggle(r_pr, "i", "iCs")
        return bool(bold), bool(italic)

    def is_note_reference(self, style_id: str | None) -> bool:
        return any(
            self.name(style) in ("footnote reference", "endnote reference")
            for style in self.chain(style_id)
        )

    def default_languages(self) -> tuple[str | None, str | None]:
        """Return the default run language (`w:val`) and right-to-left language (`w:bidi`)."""
        lang = self.root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
        for style in self.chain(self.default_paragraph):
            lang = style.find(f"{W}rPr/{W}lang") if lang is None else lang
        if lang is None:
            return None, None
        return lang.get(w("val")), lang.get(w("bidi"))


class Numbering:
    """numbering.xml: for each list (`w:num`) and level, whether it counts or shows bullets."""

    def __init__(self, root=None):
        self.formats: dict[tuple[str, str], str] = {}
        if root is None:
            return
        abstract = {a.get(w("abstractNumId")): a for a in root.iterchildren(w("abstractNum"))}
        for num in root.iterchildren(w("num")):
            definition = abstract.get(_val(num.find(w("abstractNumId"))))
            if definition is None:
                continue
            for level in definition.iterchildren(w("lvl")):
                fmt = _val(level.find(w("numFmt"))) or "decimal"
                self.formats[(num.get(w("numId")), level.get(w("ilvl")))] = fmt
            for override in num.iterchildren(w("lvlOverride")):
                override_fmt = _val(override.find(f"{W}lvl/{W}numFmt"))
                if override_fmt:
                    self.formats[(num.get(w("numId")), override.get(w("ilvl")))] = override_fmt

    def kind(self, num_id: str | None, level: str | None) -> bool | None:
        fmt = self.formats.get((num_id or "", level or "0"))
        if fmt is None:
            return None
        return fmt not in ("bullet", "none")


def read_numbering(root) -> Numbering:
    return Numbering(root)


def _first(elements, path: str) -> str | None:
    """Return the `w:val` of the first of `elements` that has `path`."""
    for element in elements:
        found = element.find(path)
        if found is not None:
            return found.get(w("val"))
    return None


def _val(element) -> str | None:
    return element.get(w("val")) if element is not None else None


def _toggle(r_pr, *tags: str) -> bool | None:
    found = [r_pr.find(w(tag)) for tag in tags]
    if all(element is None for element in found):
        return None
    return any(is_on(element) for element in found if element is not None)


def is_on_attr(value: str | None) -> bool:
    return value in ("1", "true", "on")
