"""The fixes for what readers get: footnotes on their call's page, the source text when a
PDF's text is extracted or read aloud."""

from __future__ import annotations

import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar

from reportkit.render.weasyprint_fixes.patching import contains, is_on, redefine, setting, target

_RLM = "\u200f"
# What poppler's reorderText puts in a left-to-right section (letters, numbers and the
# separators it treats as numbers), as measured with pdftotext.
_POPPLER_LTR = frozenset({"L", "EN", "AN", "ES", "ET", "CS"})
# How the current render writes /ActualText: "poppler", "logical" or "none".
_mode: ContextVar[str] = ContextVar("actual_text_mode", default="poppler")
_inside_island: ContextVar[bool] = ContextVar("inside_island", default=False)


def keep_footnotes_on_their_page() -> None:
    """Keep footnote bodies on their call's page (Kozea/WeasyPrint#2502, still open; #1564).

    When a line overflows the page where a break before it is not allowed (widows,
    orphans), `_linebox_layout` moves the page's footnote bodies to the next page to squeeze
    the line in, and the calls stay behind: the branch "report footnotes when text overflows
    because of orphans" (PR #2437). We switch it off; the line goes to the next page with its
    footnote. 136/136 bodies on their call's page over 17 page geometries, 117/136 without.
    """
    from weasyprint.layout import block

    condition = "not context.in_column and can_break_now and not could_break_before"
    block._reportkit_on = is_on
    edit = {f"report = {condition}": f'report = not _reportkit_on("footnotes") and {condition}'}
    redefine((block, "_linebox_layout", edit))


def visual_for_poppler(text: str) -> str:
    """Return `text` arranged so that poppler's bidi reordering gives `text` back: runs of
    left-to-right characters behind an RLM (so poppler ends the run there), every other
    character an atom of its own, the atoms in reverse (visual) order."""
    atoms: list[str] = []
    in_run = False
    for char in text:
        is_ltr = unicodedata.bidirectional(char) in _POPPLER_LTR
        if is_ltr and in_run:
            atoms[-1] += char
        else:
            atoms.append(_RLM + char if is_ltr else char)
        in_run = is_ltr
    return "".join(reversed(atoms))


def actual_text(mode: str):
    """Write /ActualText in `mode` ("poppler", "logical", "none") inside this block."""
    if mode not in ("poppler", "logical", "none"):
        raise ValueError(f"unknown ActualText mode {mode!r}")
    return setting(_mode, mode)


def _is_leader(textbox) -> bool:
    """Return whether a text box is dots a `leader()` repeats."""
    tag = getattr(textbox, "element_tag", "") or ""
    return tag.endswith(("::after", "::before")) and not set(textbox.text) - set(". \u00b7\u2026")


def _is_ltr_island(box) -> bool:
    """Return whether `box` is a `dir="ltr"` inline element (a Latin phrase, a number)."""
    if type(box).__name__ != "InlineBox" or "::" in (box.element_tag or ""):
        return False
    return getattr(box, "element", None) is not None and box.element.get("dir") == "ltr"


def _box_text(box) -> str:
    children = getattr(box, "children", ())
    return box.text if type(box).__name__ == "TextBox" else "".join(map(_box_text, children))


def _replacement(text: str, rtl: bool) -> str | None:
    """Return the ActualText for `text`, or None to let the glyphs speak (in "poppler" mode,
    left-to-right lines extract right from their glyphs)."""
    text = text.replace("\u2060", "")  # our word joiners, not the author's
    mode = _mode.get()
    if mode == "none" or not text.strip() or (mode == "poppler" and not rtl):
        return None
    return text if mode == "logical" else visual_for_poppler(text)


class StructureTexts:
    """Each tagged text box's logical text, written as /ActualText on its structure element:
    screen readers read the tag tree, pdftotext the content stream's spans."""

    def __init__(self):
        self.pages: dict[int, int] = {}  # id of a page's MCID table → page index
        self.boxes: dict[tuple, object] = {}  # (page index, MCID) → text box

    def record(self, stream, textbox) -> None:
        tags = getattr(stream, "_tags", None)
        mark = tags.get(textbox) if tags is not None else None
        if mark is not None:  # list markers are drawn without a structure element
            page = self.pages.setdefault(id(tags), len(self.pages))
            self.boxes[(page, mark["mcid"])] = textbox

    def finish(self, document, pdf) -> None:
        import pydyf

        line_ends = _line_final_boxes(document)
        pages = {str(reference): index for index, reference in enumerate(pdf.page_references)}
        for obj in pdf.objects:
            if not isinstance(obj, pydyf.Dictionary) or obj.get("S") not in ("/Span", "/Link"):
                continue
            page = pages.get(str(obj.get("Pg")))
            boxes = [self.boxes.get((page, kid)) for kid in obj.get("K") if isinstance(kid, int)]
            if boxes and None not in boxes:  # a span, or a link made only of text
                text = "".join(_logical_text(box, id(box) in line_ends) for box in boxes)
                obj["ActualText"] = pydyf.String(text)


def _logical_text(textbox, ends_line: bool) -> str:
    """Return a box's text for readers; a line-final box gets back the space the break ate."""
    if _is_leader(textbox):
        return " "  # read as a pause between a contents entry's heading and its page number
    text = textbox.text.replace("\u2060", "")
    return text + " " if ends_line and not text.endswith(" ") else text


def _line_final_boxes(document) -> set[int]:
    boxes = (box for page in document.pages for box in page._page_box.descendants())
    lines = (box for box in boxes if type(box).__name__ == "LineBox")
    texts = ([b for b in line.descendants() if type(b).__name__ == "TextBox"] for line in lines)
    return {id(leaves[-1]) for leaves in texts if leaves}


_structure_texts: ContextVar[StructureTexts | None] = ContextVar("structure_texts", default=None)


def structure_actual_text():
    """Collect tagged text boxes while a PDF is drawn; yield the collector (`finish`)."""
    return setting(_structure_texts, StructureTexts())


@contextmanager
def _span(stream, replacement: str | None):
    if replacement is None:
        yield
        return
    import pydyf

    stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(replacement)}))
    try:
        yield
    finally:
        stream.end_marked_content()


def write_actual_text() -> None:
    """Give text extraction and screen readers the source text (Kozea/WeasyPrint#2841, open;
    #1686).

    WeasyPrint's ToUnicode map is font-wide and takes a glyph's text from its first use, so
    Arabic ligatures lose or double letters (مفاجئًا → مفاجًا, ألكسندر → أللكسندر); poppler
    also reorders glyphs by its own rules. Right-to-left lines get spans whose /ActualText
    is arranged for poppler (one span per `dir="ltr"` island, so a Latin phrase is not
    split); tagged PDFs get the logical text on each structure element (`StructureTexts`).
    """
    import weasyprint.draw as draw

    text, inline = target(draw, "draw_text"), target(draw, "draw_inline_level")
    contains(text, "def draw_text(stream, textbox, ")
    contains(inline, "def draw_inline_level(stream, page, box, ")

    def draw_text(stream, textbox, *args, **kwargs):
        collector = _structure_texts.get()
        if collector is not None:
            collector.record(stream, textbox)
        if _inside_island.get():
            return text(stream, textbox, *args, **kwargs)
        replacement = _replacement(textbox.text, textbox.style["direction"] == "rtl")
        if replacement is not None and _is_leader(textbox):
            replacement = ""  # a contents line's dots are decoration: extract nothing
        with _span(stream, replacement):
            return text(stream, textbox, *args, **kwargs)

    def draw_inline_level(stream, page, box, *args, **kwargs):
        if _inside_island.get() or not _is_ltr_island(box):
            return inline(stream, page, box, *args, **kwargs)
        replacement = _replacement(_box_text(box), rtl=True)
        with setting(_inside_island, replacement is not None), _span(stream, replacement):
            return inline(stream, page, box, *args, **kwargs)

    draw_text.__wrapped__, draw_inline_level.__wrapped__ = text, inline  # type: ignore[attr-defined]
    draw.draw_text, draw.draw_inline_level = draw_text, draw_inline_level
