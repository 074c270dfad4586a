"""Fixes 1, 2 and 10, for what the reader gets: footnote bodies on their call's page, the
source text back when a PDF's text is extracted (/ActualText), and contents entries that
follow their target's page."""

from __future__ import annotations

import inspect
import logging
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar

from reportkit.render.weasyprint_fixes.patching import edited_source, redefine

log = logging.getLogger(__name__)


_FOOTNOTE_BRANCH = "report = not context.in_column and can_break_now and not could_break_before"
_RLM = "\u200f"
# Characters poppler's reorderText puts into a left-to-right section (letters, numbers and
# the separators it treats as numbers: . , : - % …), as measured with pdftotext.
_POPPLER_LTR = frozenset({"L", "EN", "AN", "ES", "ET", "CS"})
# How the current render writes /ActualText: "poppler", "logical" or "none".
actual_text_mode: ContextVar[str] = ContextVar("actual_text_mode", default="poppler")
_inside_island: ContextVar[bool] = ContextVar("inside_island", default=False)


def visual_for_poppler(text: str) -> str:
    """Return `text` arranged so that poppler's bidi reordering gives `text` back.

    Runs of left-to-right characters stay as they are, preceded by an RLM (which poppler
    counts as right-to-left, so the run stops there); everything else is one atom per
    character; the atoms are then reversed into visual order.
    """
    atoms: list[str] = []
    run = ""
    for char in text:
        if unicodedata.bidirectional(char) in _POPPLER_LTR:
            run += char
            continue
        if run:
            atoms.append(_RLM + run)
            run = ""
        atoms.append(char)
    if run:
        atoms.append(_RLM + run)
    return "".join(reversed(atoms))


@contextmanager
def actual_text(mode: str):
    """Write /ActualText in `mode` ("poppler", "logical", "none") inside this block."""
    if mode not in ("poppler", "logical", "none"):
        raise ValueError(f"unknown ActualText mode {mode!r}")
    token = actual_text_mode.set(mode)
    try:
        yield
    finally:
        actual_text_mode.reset(token)


def patch_footnote_reporting() -> bool:
    """Redefine block._linebox_layout without the branch that moves footnotes away."""
    from weasyprint.layout import block

    source = edited_source(
        block, "_linebox_layout", {_FOOTNOTE_BRANCH: "report = False  # reportkit: keep footnotes"}
    )
    if source is None:
        log.warning("WeasyPrint's _linebox_layout changed: footnote placement fix not applied")
        return False
    redefine(block, "_linebox_layout", source)
    return True


def _is_leader(textbox) -> bool:
    """Return whether a text box is one of the dots a `leader()` repeats."""
    tag = getattr(textbox, "element_tag", "") or ""
    return tag.endswith(("::after", "::before")) and not set(textbox.text) - set(". \u00b7\u2026")


def _is_ltr_island(box) -> bool:
    """Return whether `box` is a `dir="ltr"` inline element (a Latin phrase, a number, a URL)."""
    element = getattr(box, "element", None)
    return (
        type(box).__name__ == "InlineBox"
        and element is not None
        and element.get("dir") == "ltr"
        and "::" not in (box.element_tag or "")
    )


def _box_text(box) -> str:
    if type(box).__name__ == "TextBox":
        return box.text
    return "".join(_box_text(child) for child in getattr(box, "children", ()))


def _replacement(text: str, mode: str, rtl_context: bool) -> str | None:
    """Return the ActualText for `text`, or None when the glyphs should speak for themselves.

    In "poppler" mode only right-to-left lines need it: left-to-right text extracts correctly
    from its glyphs, and an arrangement meant for RTL lines would reverse an LTR line.
    """
    text = text.replace("\u2060", "")  # our word joiners, not the author's
    if mode == "none" or not text.strip():
        return None
    if mode == "logical":
        return text
    return visual_for_poppler(text) if rtl_context else None


class StructureTexts:
    """The logical text of every tagged text box, written as /ActualText on its structure
    element once the PDF's structure tree exists (a `write_pdf` finisher).

    This is what makes both readers right: pdftotext uses the content stream's /ActualText
    (arranged for poppler), while screen readers and other consumers of the tag tree get the
    structure element's /ActualText, which is the logical text the specification asks for.
    """

    def __init__(self):
        self.pages: dict[int, int] = {}  # id of a page's MCID table → page index
        self.boxes: dict[tuple[int, int], object] = {}  # (page index, MCID) → text box

    def record(self, tags: dict, textbox) -> None:
        mark = tags.get(textbox)
        if mark is not None:  # list markers are drawn without a structure element
            page = self.pages.setdefault(id(tags), len(self.pages))
            self.boxes[(page, mark["mcid"])] = textbox

    def finish(self, document, pdf) -> None:
        """Add /ActualText to each text box's /Span structure element."""
        import pydyf

        line_ends = _line_final_boxes(document)
        pages = {str(reference): index for index, reference in enumerate(pdf.page_references)}
        for obj in pdf.objects:
            if not isinstance(obj, pydyf.Dictionary) or obj.get("Type") != "/StructElem":
                continue
            if obj.get("S") not in ("/Span", "/Link"):
                continue
            page = pages.get(str(obj.get("Pg")))
            mcids = [kid for kid in obj.get("K") if isinstance(kid, int)]
            boxes = [self.boxes.get((page, mcid)) for mcid in mcids]  # type: ignore[arg-type]  # a missing page gives no box, as intended
            if boxes and None not in boxes:  # a span, or a link made only of text
                obj["ActualText"] = pydyf.String(
                    "".join(_logical_text(box, id(box) in line_ends) for box in boxes)
                )


def _logical_text(textbox, ends_line: bool) -> str:
    """Return a box's text for readers; a line-final box gets back the space the break ate."""
    if _is_leader(textbox):
        return " "  # read as a pause between a contents entry's heading and its page number
    text = textbox.text.replace("\u2060", "")
    return text + " " if ends_line and not text.endswith(" ") else text


def _line_final_boxes(document) -> set[int]:
    """Return the ids of the last text box of every line in the document."""
    ends = set()
    for page in document.pages:
        for box in page._page_box.descendants():
            if type(box).__name__ == "LineBox":
                leaves = [b for b in box.descendants() if type(b).__name__ == "TextBox"]
                if leaves:
                    ends.add(id(leaves[-1]))
    return ends


_structure_texts: ContextVar[StructureTexts | None] = ContextVar("structure_texts", default=None)


@contextmanager
def structure_actual_text():
    """Collect the logical text of tagged text boxes while a PDF is drawn; yields the finisher."""
    collector = StructureTexts()
    token = _structure_texts.set(collector)
    try:
        yield collector.finish
    finally:
        _structure_texts.reset(token)


def _record_structure_text(stream, textbox) -> None:
    collector = _structure_texts.get()
    tags = getattr(stream, "_tags", None)
    if collector is not None and tags is not None:
        collector.record(tags, textbox)


def wrap_draw_text() -> bool:
    """Wrap WeasyPrint's draw_text and draw_inline_level so that they write /ActualText.

    Each text box gets its own span, except inside a left-to-right island (`dir="ltr"`):
    a Latin phrase drawn as several boxes (`<strong>Belavia</strong> Airlines`) gets one span
    for the whole island, because a mark between its boxes would split the phrase and
    poppler would then swap its words.
    """
    import pydyf
    import weasyprint.draw as draw

    original_text = getattr(draw, "draw_text", None)
    original_inline = getattr(draw, "draw_inline_level", None)
    if (
        original_text is None
        or original_inline is None
        or "textbox" not in inspect.signature(original_text).parameters
    ):
        log.warning("WeasyPrint's drawing functions changed: text-extraction fix not applied")
        return False

    @contextmanager
    def actual_text_span(stream, replacement: str | None):
        if replacement is None:
            yield
            return
        stream.begin_marked_content(
            "Span", pydyf.Dictionary({"ActualText": pydyf.String(replacement)})
        )
        try:
            yield
        finally:
            stream.end_marked_content()

    def draw_text_with_actual_text(stream, textbox, *args, **kwargs):
        _record_structure_text(stream, textbox)
        if _inside_island.get():
            return original_text(stream, textbox, *args, **kwargs)
        rtl = textbox.style["direction"] == "rtl"
        replacement = _replacement(textbox.text, actual_text_mode.get(), rtl)
        if replacement is not None and _is_leader(textbox):
            replacement = ""  # a ToC's dot leader is decoration: extract nothing for it
        with actual_text_span(stream, replacement):
            return original_text(stream, textbox, *args, **kwargs)

    def draw_inline_level_with_islands(stream, page, box, *args, **kwargs):
        if _inside_island.get() or not _is_ltr_island(box):
            return original_inline(stream, page, box, *args, **kwargs)
        replacement = _replacement(_box_text(box), actual_text_mode.get(), rtl_context=True)
        token = _inside_island.set(replacement is not None)
        try:
            with actual_text_span(stream, replacement):
                return original_inline(stream, page, box, *args, **kwargs)
        finally:
            _inside_island.reset(token)

    draw.draw_text = draw_text_with_actual_text
    draw.draw_inline_level = draw_inline_level_with_islands
    return True


_TARGET_ANCHOR_NAME = "anchor_name = targets.anchor_name_from_token(anchor_token)"
_COUNTER_CHANGE = """                if refresh_missing_counters and page_counter_values != \\
                        counter_lookup.cached_page_counter_values:"""


def track_contents_targets() -> bool:
    """Update a contents entry when its target page changes; lay the contents page out twice.

    The contents entries show `target-counter(attr(href url), page)`. WeasyPrint records
    which targets a page's content waits for under the target's anchor name, but takes the
    name from the `attr()` token without reading the attribute, so every entry waits for
    "None" and no target page ever asks for the contents page to be redone. Its numbers came
    right by accident: after the first pass the page total changes, and a page whose content
    shows page counters is redone when *any* page counter changed, so the contents page was
    laid out three times (zeros, zeros, numbers). And when the real numbers make the contents
    longer and push a target to a later page, the entries kept the earlier page: a contents
    page whose links wrap onto one more line showed every page one too low. We read the
    attribute as WeasyPrint's own target lookup does, so a target page that moves updates
    its entries, and redo a page only when a counter its content shows has changed: the
    right numbers, with the contents page laid out twice. Byte-identical PDFs where
    WeasyPrint's numbers were right (every report we ship); ~0.01 s less.
    """
    from weasyprint.css import targets
    from weasyprint.formatting_structure import build
    from weasyprint.layout import page

    content = edited_source(
        build,
        "compute_content_list",
        {_TARGET_ANCHOR_NAME: ("anchor_name = _reportkit_anchor_name(anchor_token, parent_box)")},
    )
    make_page = edited_source(
        page,
        "make_page",
        {
            _COUNTER_CHANGE: (
                "                if refresh_missing_counters and _reportkit_counters_changed(\n"
                "                        page_counter_values, counter_lookup):"
            )
        },
    )
    url_tuple = getattr(targets, "get_url_tuple", None)
    if content is None or make_page is None or url_tuple is None:
        log.warning(
            "WeasyPrint's target counters changed: contents entries are not "
            "updated when their target moves"
        )
        return False

    def anchor_name(anchor_token, box):
        """Return the anchor an `attr()` or literal target token names."""
        if anchor_token[0] == "attr()":
            name, kind, fallback = anchor_token[1]
            value = box.element.get(name, fallback)
            if kind == "string":
                anchor_token = ("string", value)
            elif kind == "url":
                anchor_token = ("url", url_tuple(value, box.style.base_url))
        return targets.anchor_name_from_token(anchor_token)

    def counters_changed(values: dict, lookup) -> bool:
        cached = lookup.cached_page_counter_values
        if cached is None:
            return True
        return any(values.get(name) != cached.get(name) for name in lookup.missing_counters)

    build._reportkit_anchor_name = anchor_name
    page._reportkit_counters_changed = counters_changed
    redefine(build, "compute_content_list", content)
    redefine(page, "make_page", make_page)
    return True
