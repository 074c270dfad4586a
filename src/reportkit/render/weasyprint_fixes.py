"""Version-pinned corrections to WeasyPrint 70.x, installed once before the first render: two
for what the reader gets (1, 2) and nine for speed that change nothing a reader sees (3-11).

1. Footnote bodies stay on their call's page. In `layout.block._linebox_layout`, when a line
   overflows the page where breaking before it is not allowed (widows/orphans), WeasyPrint 70
   moves the page's footnote bodies to the next page to squeeze the line in; the calls stay
   behind (Kozea/WeasyPrint#2502, #1564). We switch that branch off: the line is pushed to
   the next page instead, and its footnote travels with it. Measured: 136/136 bodies on their
   call's page over 17 page geometries, against 117/136 unpatched.

2. Text extraction gives back the source text. WeasyPrint's ToUnicode map is font-wide and
   decides each glyph's text at its first use, so a ligature glyph met first as the silent
   member of a cluster loses its letters everywhere (مفاجئًا → مفاجًا) and one met first with a
   two-letter cluster doubles them (ألكسندر → أللكسندر). On top of that, poppler's pdftotext
   reorders glyphs with its own bidi rules and moves spaces next to commas and digits. We wrap
   the text WeasyPrint draws on right-to-left lines in marked-content spans whose /ActualText
   is the text, which pdftotext uses instead of the glyphs.

   The trade-off, and how we meet both sides: poppler reads /ActualText as *visual* order
   and then runs its bidi reordering over it, so logical ActualText comes out of pdftotext
   reversed. The content stream's ActualText is therefore pre-arranged for poppler
   (`visual_for_poppler`: atoms reversed, a RIGHT-TO-LEFT MARK before each left-to-right
   run; one span per Latin island, so a phrase drawn as several boxes is not split), and
   pdftotext returns the source letter for letter plus RLM marks, which consumers strip along
   with pdftotext's own embedding controls. The PDF specification means ActualText to be
   logical text, and a reader that honours the content-stream spans literally would read
   those lines reversed. So, in tagged PDFs (pdf/ua-1, our default), every text box's
   structure element also gets /ActualText with its *logical* text (`StructureTexts`):
   screen readers and other tag-tree consumers take the structure element's ActualText,
   which overrides what is inside it, and get the source in reading order. What remains:
   a viewer that extracts from the content stream, honours ActualText and ignores the tag
   tree (Acrobat's plain copy and search may) gets right-to-left lines reversed; pypdf
   honours neither and extracts from the glyphs (WeasyPrint's ToUnicode problems remain).
   `render_pdf(job, actual_text="logical")` writes spec-order ActualText everywhere (right
   for such viewers, reversed in pdftotext); `actual_text="none"` writes none in the
   content stream. Rendering is unchanged in every mode (identical pixels).

3. Each right-to-left line is laid out once (`_patch_rtl_line_relayout`): WeasyPrint 70 lays
   every RTL line out twice because of a wrong test, a third of the layout time here.

4. A `leader()` is one text box per line (`_merge_leader_dots`), not one box per dot, each
   shaped, wrapped and tagged when drawn: the contents page's ~800 dots were a third of the
   time spent writing the PDF.

5. A line is drawn with the glyphs shaped when it was laid out (`_keep_shaped_lines`), not
   shaped again, unless it is justified (its spacing changes the shaping): 0.02 s of the
   time spent writing the sample report; the PDF is byte-identical.

6. A line is shaped once while it is broken, not three times (`_measure_wrapped_lines`):
   WeasyPrint shapes a paragraph's next line and a word more to find the break, shapes the
   line plus the next word again to see whether that word fits after all, and shapes the
   line alone a third time to measure it. The line's width, height and baseline are read
   from the first shaping instead (the trailing space Pango hangs at a break has no width),
   and the second is skipped when the next word's own glyphs already overflow the line.
   Measured: byte-identical PDFs; ~0.05 s of the sample report's layout.

7. What a style gives a box is worked out once per style, not once per box
   (`_reuse_per_style_work`): the strut (line height and baseline, looked up in WeasyPrint's
   cache under a key built from 16 style values on every call), the Pango font description
   each layout is given, and the used margins, paddings, borders and sizes for a given
   containing block. Measured: byte-identical PDFs; ~0.05 s of the sample report's layout.

8. A line's glyphs are written from pieces kept per font (`_draw_glyphs_in_bulk`): the text
   a glyph adds to the PDF depends only on the font, its size and the glyph's id, width and
   offset, and WeasyPrint worked it out again, reading each field through cffi, for each of
   the sample report's 16,600 glyphs. Measured: byte-identical PDFs; ~0.02 s of writing.

9. A property no rule sets gets its inherited or initial value directly
   (`_compute_unset_properties_directly`), not through the general path that looks for
   variables and math functions: ~19,000 of the ~22,000 properties computed for the sample
   report. Measured: byte-identical PDFs; ~0.01 s.

10. The contents page is laid out twice, not three times (`_lay_out_contents_twice`):
    WeasyPrint files the targets of `target-counter(attr(href url), page)` under "None",
    so the numbers only came right on a third layout triggered by the page total changing.
    Measured: byte-identical PDFs; ~0.01 s.

11. The page is parsed by `render/html_tree.py` (`html_document`), which builds the tree
    WeasyPrint's HTML5 parser would build for the shape our templates give, in 2.5 ms
    instead of 15 ms; other pages are parsed by WeasyPrint. Measured: byte-identical PDFs.

When WeasyPrint is not 70.x, or its code no longer contains what the patches expect, nothing
is patched and `installed()` reports it: rendering still works, with WeasyPrint's own
footnote placement, text extraction and speed. (`stream_compression`, which sets pydyf's zlib
level, and `objects_serialized_once`, which has pydyf serialize each object once, do not
depend on WeasyPrint's version.)
"""

from __future__ import annotations

import inspect
import linecache
import logging
import re
import textwrap
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar

log = logging.getLogger(__name__)

SUPPORTED_MAJOR = "70"
_FOOTNOTE_BRANCH = "report = not context.in_column and can_break_now and not could_break_before"
_RLM = "\u200f"
# Characters poppler's reorderText puts into a left-to-right section (letters, numbers and
# the separators it treats as numbers: . , : - % …), as measured in /tmp/pdf-research.
_POPPLER_LTR = frozenset({"L", "EN", "AN", "ES", "ET", "CS"})

# How the current render writes /ActualText: "poppler", "logical" or "none".
actual_text_mode: ContextVar[str] = ContextVar("actual_text_mode", default="poppler")
_inside_island: ContextVar[bool] = ContextVar("inside_island", default=False)
# Whether fixes 6-11 and `objects_serialized_once` take their shortcuts; off only to compare
# with WeasyPrint's own way.
_shortcuts: ContextVar[bool] = ContextVar("shortcuts", default=True)
_state: dict[str, bool] = {}


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


def install() -> dict[str, bool]:
    """Install both corrections once; return which are active."""
    if not _state:
        import weasyprint

        supported = weasyprint.__version__.split(".")[0] == SUPPORTED_MAJOR
        if not supported:
            log.warning("WeasyPrint %s is not %s.x: footnote and text-extraction fixes are off",
                        weasyprint.__version__, SUPPORTED_MAJOR)
        _state["footnotes"] = supported and _patch_footnote_reporting()
        _state["actual_text"] = supported and _wrap_draw_text()
        _state["leaders"] = supported and _merge_leader_dots()
        _state["rtl_lines"] = supported and _patch_rtl_line_relayout()
        _state["shaped_lines"] = supported and _keep_shaped_lines()
        _state["wrapped_lines"] = supported and _measure_wrapped_lines()
        _state["per_style_work"] = supported and _reuse_per_style_work()
        _state["bulk_glyphs"] = supported and _draw_glyphs_in_bulk()
        _state["unset_properties"] = supported and _compute_unset_properties_directly()
        _state["contents_layouts"] = supported and _lay_out_contents_twice()
        _state["parsed_html"] = supported and _html_from_parsed_tree()
    return dict(_state)


def installed() -> dict[str, bool]:
    """Return which corrections are active (empty before `install`)."""
    return dict(_state)


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


class _Zlib:
    """pydyf's view of zlib, with its streams compressed at `level` instead of 9."""

    def __init__(self, module, level: int):
        self._module = module
        self._level = level

    def compressobj(self, level: int = -1, *args, **kwargs):
        return self._module.compressobj(self._level, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._module, name)


@contextmanager
def stream_compression(level: int):
    """Compress the PDF's streams at zlib `level` inside this block.

    pydyf compresses every content and font stream at level 9; level 6 (zlib's default)
    writes the sample report about 0.07 s faster for 3 % more bytes. The output is still
    deterministic: the same input gives the same bytes.
    """
    import pydyf

    module = pydyf.zlib
    pydyf.zlib = _Zlib(module, level)
    try:
        yield
    finally:
        pydyf.zlib = module


# Each object's bytes for the PDF being written (id → (object, bytes)); None outside a write.
_serialized: ContextVar[dict | None] = ContextVar("serialized", default=None)


def _keep_serialized_bytes(cls) -> None:
    """Make `cls.data` (a property) return the bytes kept for this write, once worked out."""
    compute = cls.data.fget

    def data(self):
        kept = _serialized.get()
        if kept is None:
            return compute(self)
        entry = kept.get(id(self))
        if entry is None:
            # The object is kept alive with its bytes, so that its id is not reused by
            # another object (pydyf makes short-lived dictionaries) during the write.
            entry = kept[id(self)] = (self, compute(self))
        return entry[1]

    data._reportkit_kept = True
    cls.data = property(data)


@contextmanager
def objects_serialized_once():
    """Serialize each PDF object once while a PDF is written inside this block.

    With an identifier (ours is fixed, for reproducible output), pydyf hashes the whole file
    for the identifier's second half by serializing every object again, which compresses
    every content and font stream a second time (0.03 s of the sample report's 0.06 s in
    pydyf). Nothing changes an object while the file is written, so its bytes are kept for
    the rest of the write: the same bytes, made once.
    """
    import pydyf

    for cls in (pydyf.Stream, pydyf.Dictionary, pydyf.Array):
        if not getattr(cls.__dict__["data"].fget, "_reportkit_kept", False):
            _keep_serialized_bytes(cls)
    token = _serialized.set({} if _shortcuts.get() else None)
    try:
        yield
    finally:
        _serialized.reset(token)

# The source each patched function had before we redefined it, plus our edits so far: a
# function compiled from a string has no file lines of its own for `inspect` to read.
_sources: dict[tuple[str, str], str] = {}


def _edited_source(module, name: str, edits: dict[str, str]) -> str | None:
    """Return the source of `module.name` with each `old` text replaced by its `new` text, or
    None when an `old` text does not occur exactly once (WeasyPrint's code changed)."""
    key = (module.__name__, name)
    source = _sources.get(key) or _function_source(getattr(module, name))
    for old, new in edits.items():
        if source.count(old) != 1:
            return None
        source = source.replace(old, new)
    return source


def _function_source(function) -> str:
    """Return a function's source, from its code object's first line to the last line any of
    its instructions spans: what `inspect.getsource` returns for an undecorated function,
    without tokenizing the file (a third of the time spent installing these fixes)."""
    code = function.__code__
    last = max(end for _, end, _, _ in code.co_positions() if end is not None)
    lines = linecache.getlines(code.co_filename)[code.co_firstlineno - 1:last]
    return textwrap.dedent("".join(lines))


def _redefine(module, name: str, source: str) -> None:
    """Compile `source` in `module`'s namespace, replacing the function `name`."""
    exec(compile(source, module.__file__, "exec"), module.__dict__)  # noqa: S102
    _sources[(module.__name__, name)] = source


def _patch_footnote_reporting() -> bool:
    """Redefine block._linebox_layout without the branch that moves footnotes away."""
    from weasyprint.layout import block

    source = _edited_source(block, "_linebox_layout", {
        _FOOTNOTE_BRANCH: "report = False  # reportkit: keep footnotes"})
    if source is None:
        log.warning("WeasyPrint's _linebox_layout changed: footnote placement fix not applied")
        return False
    _redefine(block, "_linebox_layout", source)
    return True


_RTL_LINE_CONDITION = """condition = (position_x + line.width, position_y) == (
                original_position_x + original_width, original_position_y)"""


def _patch_rtl_line_relayout() -> bool:
    """Lay out each right-to-left line once, not twice.

    `layout.inline.get_next_linebox` lays a line out, asks `avoid_collisions` where the line
    may stand, and lays it out again at the new place unless the place is unchanged. For a
    right-to-left line it compares the right edges as `position_x + line.width` against
    `original_position_x + original_width`, but `avoid_collisions` already returns the right
    bound as a line's `position_x`, and without floats the original width is 0: the test
    always fails, so every right-to-left line was laid out (shaped) a second time, at the
    same place with the same width, giving the same line. We compare the place itself, as
    for left-to-right lines; a line still moves, and is laid out again, when floats push it.
    """
    from weasyprint.layout import inline

    source = _edited_source(inline, "get_next_linebox", {
        _RTL_LINE_CONDITION: "condition = (position_x, position_y) == ("
                             "original_position_x, original_position_y)  # reportkit"})
    if source is None:
        log.warning("WeasyPrint's get_next_linebox changed: right-to-left lines are laid "
                    "out twice")
        return False
    _redefine(inline, "get_next_linebox", source)
    return True



_TARGET_ANCHOR_NAME = "anchor_name = targets.anchor_name_from_token(anchor_token)"
_COUNTER_CHANGE = """                if refresh_missing_counters and page_counter_values != \\
                        counter_lookup.cached_page_counter_values:"""


def _lay_out_contents_twice() -> bool:
    """Lay the contents page out twice, not three times.

    The contents entries show `target-counter(attr(href url), page)`. WeasyPrint records
    which targets a page's content waits for under the target's anchor name, but takes the
    name from the `attr()` token without reading the attribute, so every entry waits for
    "None" and no target page ever asks for the contents page to be redone. The numbers
    came right by accident: after the first pass the page total changes, and a page whose
    content shows page counters is redone when *any* page counter changed, so the contents
    page was laid out three times (zeros, zeros, numbers). We read the attribute as
    WeasyPrint's own target lookup does, so the target pages update the entries, and redo a
    page only when a counter its content shows has changed. Measured: byte-identical PDFs;
    the contents page laid out twice (~0.01 s less).
    """
    from weasyprint.css import targets
    from weasyprint.formatting_structure import build
    from weasyprint.layout import page

    content = _edited_source(build, "compute_content_list", {_TARGET_ANCHOR_NAME: (
        "anchor_name = _reportkit_anchor_name(anchor_token, parent_box)")})
    make_page = _edited_source(page, "make_page", {_COUNTER_CHANGE: (
        "                if refresh_missing_counters and _reportkit_counters_changed(\n"
        "                        page_counter_values, counter_lookup):")})
    url_tuple = getattr(targets, "get_url_tuple", None)
    if content is None or make_page is None or url_tuple is None:
        log.warning("WeasyPrint's target counters changed: the contents page is laid out "
                    "three times")
        return False

    def anchor_name(anchor_token, box):
        """Return the anchor an `attr()` or literal target token names."""
        if anchor_token[0] == "attr()" and _shortcuts.get():
            name, kind, fallback = anchor_token[1]
            value = box.element.get(name, fallback)
            if kind == "string":
                anchor_token = ("string", value)
            elif kind == "url":
                anchor_token = ("url", url_tuple(value, box.style.base_url))
        return targets.anchor_name_from_token(anchor_token)

    def counters_changed(values: dict, lookup) -> bool:
        cached = lookup.cached_page_counter_values
        if not _shortcuts.get() or cached is None:
            return values != cached
        return any(values.get(name) != cached.get(name) for name in lookup.missing_counters)

    build._reportkit_anchor_name = anchor_name
    page._reportkit_counters_changed = counters_changed
    _redefine(build, "compute_content_list", content)
    _redefine(page, "make_page", make_page)
    return True

_FIRST_LINE_METRICS_END = """    layout.deactivate()
    return layout, length, resume_at, width, height, baseline"""
# Where Pango starts a new paragraph (pango_find_paragraph_boundary).
_PARAGRAPH_SEPARATORS = ("\n", "\r", "\u2029")


def _keep_shaped_lines() -> bool:
    """Draw each line with the glyphs shaped during layout instead of shaping it again.

    WeasyPrint frees a text box's Pango layout once the box is laid out, and when the PDF is
    drawn it builds a new layout for the same text, in single-paragraph mode, and shapes it
    again (HarfBuzz with Amiri: a fifth of the time spent writing the sample report). We keep
    the laid-out layout when it holds the box's text on one line, and the drawing uses it as
    long as nothing the drawing adds would change the glyphs: the box has the same style and
    no justification spacing (justified lines are shaped again, with their spacing). Every
    layout is put in single-paragraph mode when its text has no paragraph separator, where
    the mode changes nothing, so that the drawing's own switch to it keeps the shaped lines.
    Measured: byte-identical PDF.
    """
    from weasyprint.text import line_break
    from weasyprint.text.ffi import ffi, pango

    layout_class = line_break.Layout
    source = _edited_source(line_break, "first_line_metrics", {
        _FIRST_LINE_METRICS_END: "    _reportkit_keep(layout)\n" + _FIRST_LINE_METRICS_END})
    if source is None or not all(hasattr(layout_class, name) for name in
                                 ("set_text", "deactivate", "reactivate", "setup")):
        log.warning("WeasyPrint's text layout changed: lines are shaped again when drawn")
        return False

    def keep(layout):
        """Keep a laid-out layout whose text stands on one line, for the drawing."""
        layout._reportkit_kept = None
        if pango.pango_layout_get_line_readonly(layout.layout, 1) == ffi.NULL:
            layout._reportkit_kept = (layout.layout, layout.language, layout.style, layout.text)

    original_set_text = layout_class.set_text
    original_reactivate = layout_class.reactivate

    def set_text(self, text, justify=False):
        original_set_text(self, text, justify)
        if not any(separator in self.text for separator in _PARAGRAPH_SEPARATORS):
            pango.pango_layout_set_single_paragraph_mode(self.layout, True)

    def reactivate(self, style):
        kept = getattr(self, "_reportkit_kept", None)
        self._reportkit_kept = None  # used once: a second drawing shapes again
        if (kept is not None and kept[2] is style and kept[3] == self.text
                and not self.justification_spacing):
            self.layout, self.language, self.style = kept[:3]
            return
        original_reactivate(self, style)

    line_break._reportkit_keep = keep
    _redefine(line_break, "first_line_metrics", source)
    layout_class.set_text = set_text
    layout_class.reactivate = reactivate
    return True



# One PangoGlyphInfo: glyph id, then its geometry (width, x and y offsets), then 4 bytes of
# visual attributes we do not read.
_GLYPH_INFO = "=Iiii4x"
# Glyph ids from here up are Pango's "unknown glyph" codes (flag | code point).
_UNKNOWN_GLYPHS = 0x10000000


def _draw_glyphs_in_bulk() -> bool:
    """Write a line's glyphs from pieces kept per font, not glyph by glyph.

    WeasyPrint's `draw_first_line` reads every glyph's id, width and offsets through cffi one
    attribute at a time, then formats its hexadecimal id, offset and kerning, ~3 µs a glyph
    (0.05 s for the sample report's 16,600 glyphs). The text each glyph adds to the TJ array
    depends only on the font, its size and the glyph's id, width and horizontal offset, and
    the same shaped glyphs come back all the time: we copy each run's glyph array out at once
    and join the pieces kept for those glyphs, working out (the way WeasyPrint does) only the
    ones not met before. Lines WeasyPrint treats specially (ellipsis, missing glyphs, bitmap
    and colour fonts) are left to WeasyPrint. Measured: byte-identical PDFs.
    """
    import struct

    from weasyprint.draw import text
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    original = getattr(text, "draw_first_line", None)
    glyph_info = struct.Struct(_GLYPH_INFO)
    if (original is None or ffi.sizeof("PangoGlyphInfo") != glyph_info.size
            or pango.PANGO_GLYPH_UNKNOWN_FLAG != _UNKNOWN_GLYPHS
            or pango.PANGO_GLYPH_EMPTY >= _UNKNOWN_GLYPHS
            or list(inspect.signature(original).parameters) != [
                "stream", "textbox", "text_overflow", "block_ellipsis", "matrix"]):
        log.warning("WeasyPrint's line drawing changed: glyphs are written one by one")
        return False
    empty = pango.PANGO_GLYPH_EMPTY
    size_from_style = pango.pango_version() < 14802

    def line_runs(stream, textbox, first_line):
        """Return each run's glyph item, font, font size, whether the font changes there and
        glyphs, or None when the line needs WeasyPrint's own drawing."""
        runs = []
        previous_font = font = font_size = None
        run = first_line.runs[0]
        while run != ffi.NULL:
            glyph_item, run = run.data, run.next
            glyphs = glyph_item.glyphs
            pango_font = glyph_item.item.analysis.font
            new_font = pango_font != previous_font
            if new_font:
                previous_font = pango_font
                font, font_size = stream.add_font(pango_font)
                if font.bitmap or font.png or font.svg or font.colr:
                    return None
                if size_from_style:
                    font_size = textbox.style["font_size"]
            infos = list(glyph_info.iter_unpack(
                ffi.buffer(glyphs.glyphs, glyphs.num_glyphs * glyph_info.size)))
            if infos and max(infos)[0] >= _UNKNOWN_GLYPHS:
                return None
            runs.append((glyph_item, pango_font, font, font_size, new_font, infos))
        return runs

    def glyph_text(textbox, glyph_item, index: int, count: int) -> str:
        """Return the text of glyph `index`'s cluster, as WeasyPrint maps it."""
        clusters = glyph_item.glyphs.log_clusters
        item = glyph_item.item
        start = clusters[index]
        if item.analysis.level % 2:  # right to left
            end = item.length if index == 0 else clusters[index - 1]
        else:
            end = item.length if index == count - 1 else clusters[index + 1]
        return textbox.pango_layout.text.encode()[item.offset + start:item.offset + end].decode()

    def write_glyphs(stream, textbox, run, pieces: dict, string: str) -> str:
        """Add one run's glyphs to `string`: the kept pieces, and the others worked out the
        way WeasyPrint does and kept; a glyph raised or lowered is shown on its own, with a
        text rise. (A justified line's spaces are each as wide as that line needs.)"""
        glyph_item, pango_font, font, font_size, _, infos = run
        widths, to_unicode = font.widths, font.to_unicode
        for index, info in enumerate(infos):
            piece = pieces.get(info)
            if piece is not None:
                string += piece
                continue
            glyph, width, x_offset, y_offset = info
            if glyph == empty:
                piece = pieces[info] = f">{-width / font_size}<"
                string += piece
                continue
            if glyph not in to_unicode:
                to_unicode[glyph] = glyph_text(textbox, glyph_item, index, len(infos))
            logical_width = widths.get(glyph)
            if logical_width is None:
                pango.pango_font_get_glyph_extents(
                    pango_font, glyph, stream.ink_rect, stream.logical_rect)
                logical_width = widths[glyph] = round(
                    stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
            offset = x_offset / font_size
            kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
            kerning = f">{int(kerning)}<" if kerning else ""
            if y_offset / 1000:
                string = string[:-1] if string[-1] == "<" else string + ">"
                if string:
                    stream.show_text(string)
                stream.set_text_rise(-(y_offset / 1000))
                stream.show_text((f"{-offset}" if offset else "") + f"<{glyph:04x}>")
                stream.set_text_rise(0)
                string = "<" + kerning
                continue
            piece = pieces[info] = (f">{-offset}<" if offset else "") + f"{glyph:04x}" + kerning
            string += piece
        return string

    def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
        if text_overflow == "ellipsis" or block_ellipsis != "none" or not _shortcuts.get():
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)
        if not textbox.text.strip() or textbox.style["font_size"] < 1e-6:
            return []
        pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
        first_line, _ = textbox.pango_layout.get_first_line()
        runs = line_runs(stream, textbox, first_line)
        if runs is None:
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)
        stream.set_text_matrix(*matrix.values)
        string = ""
        for run in runs:
            _, _, font, font_size, new_font, infos = run
            if new_font:
                if string:
                    stream.show_text(string)
                string = ""
                stream.set_font_size(font.hash, font_size)
            pieces = font.__dict__.setdefault("_reportkit_pieces", {}).setdefault(font_size, {})
            try:
                string += "<" + "".join([pieces[info] for info in infos])
            except KeyError:
                string = write_glyphs(stream, textbox, run, pieces, string + "<")
            string = string[:-1] if string[-1] == "<" else string + ">"
        stream.show_text(string)
        return []

    text.draw_first_line = draw_first_line
    return True

_NEXT_WORD_RETRY = """            new_first_line_text = first_line_text + next_word
            layout.set_text(new_first_line_text)
            first_line, resume_index = layout.get_first_line()
"""
_MEASURE_BROKEN_LINE = """    elif resume_at:
"""
# How much wider than the line the next word's glyphs must make it before the retry is
# skipped, in CSS px: room for shaping differences, though none were measured.
_OVERFLOW_SLACK = 1.0
# A letter: without one, a line's script (so its font) is taken from the text after it.
_LETTER = re.compile(r"[^\W\d_]")


@contextmanager
def without_shortcuts():
    """Inside this block lines are broken, measured and drawn the way WeasyPrint does it
    (fixes 6-11 off) and every PDF object is serialized each time pydyf asks for it,
    so that tests can compare both ways."""
    token = _shortcuts.set(False)
    try:
        yield
    finally:
        _shortcuts.reset(token)


def _measure_wrapped_lines() -> bool:
    """Shape each broken line once: measure it in the layout that found the break.

    `split_first_line` shapes the text of a line and a bit more to find the break. When the
    line fits but a word follows, it shapes the line plus that word again, in case the word
    fits without its space; Pango has already put every word that fits on the line, so this
    never changed a break here. We skip it when the word's own glyphs, as shaped on the
    second line, overflow the line even before the space between them is counted.
    `first_line_metrics` then shapes the line alone to measure it. We read the width
    (without the trailing spaces, which Pango leaves at zero width when it breaks after
    them), height and baseline from the first line of the layout that found the break; the
    text box keeps the line's text, which the drawing shapes itself. Lines without a letter,
    with a soft hyphen, a newline or an unexpected cluster at the end are measured alone.
    """
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    split = _edited_source(line_break, "split_first_line", {
        _NEXT_WORD_RETRY: (
            "            if not _reportkit_next_word_overflows(\n"
            "                    layout, first_line_text, next_word, max_width):\n"
            + textwrap.indent(_NEXT_WORD_RETRY, "    "))})
    metrics = _edited_source(line_break, "first_line_metrics", {
        _MEASURE_BROKEN_LINE: (
            "    elif resume_at and (metrics := _reportkit_measure_broken_line(\n"
            "            first_line, text, layout, resume_at, space_collapse, style)):\n"
            "        return metrics\n" + _MEASURE_BROKEN_LINE)})
    if (split is None or metrics is None
            or inline.split_first_line is not line_break.split_first_line
            or preferred.split_first_line is not line_break.split_first_line):
        log.warning("WeasyPrint's line breaking changed: broken lines are shaped three times")
        return False

    def glyph_advance(line, start: int, end: int) -> tuple[int, int]:
        """Return the summed advance (Pango units) and number of the glyphs of `line` whose
        cluster starts within bytes `start`-`end` of the layout's text."""
        total = count = 0
        run = line.runs
        while run != ffi.NULL:
            item, glyphs = run.data.item, run.data.glyphs
            if item.offset < end and item.offset + item.length > start:
                for index in range(glyphs.num_glyphs):
                    if start <= item.offset + glyphs.log_clusters[index] < end:
                        total += glyphs.glyphs[index].geometry.width
                        count += 1
            run = run.next
        return total, count

    def line_extents(line) -> tuple[int, int]:
        rectangle = ffi.new("PangoRectangle *")
        pango.pango_layout_line_get_extents(line, ffi.NULL, rectangle)
        return rectangle.width, rectangle.height

    def next_word_overflows(layout, first_line_text: str, next_word: str, max_width) -> bool:
        second = pango.pango_layout_get_line_readonly(layout.layout, 1)
        if not _shortcuts.get() or not first_line_text or second == ffi.NULL:
            return False
        start = len(first_line_text.encode())
        word, count = glyph_advance(second, start, start + len(next_word.encode()))
        first = pango.pango_layout_get_line_readonly(layout.layout, 0)
        return count > 0 and (line_extents(first)[0] + word) * FROM_UNITS > (
            max_width + _OVERFLOW_SLACK)

    def measure_broken_line(first_line, text, layout, resume_at, space_collapse, style):
        """Return what `first_line_metrics` returns for a broken line, or None to let it
        shape the line alone."""
        if not _shortcuts.get() or not space_collapse or first_line.start_index:
            return None
        length = first_line.length
        line_text = text.encode()[:length].decode()
        kept = line_text.rstrip(" ")
        kept_length = len(kept.encode())
        if "\n" in line_text or kept.endswith("\xad") or not _LETTER.search(kept):
            return None
        hanging, count = glyph_advance(first_line, kept_length, length)
        if count != length - kept_length:  # one glyph per trailing space, or measure alone
            return None
        width, height = line_extents(first_line)
        width = (width - hanging) * FROM_UNITS
        if style["letter_spacing"] != "normal":
            width += style["letter_spacing"]
        baseline = pango.pango_layout_get_baseline(layout.layout) * FROM_UNITS
        layout.text = kept
        layout.deactivate()
        return layout, kept_length, resume_at, width, height * FROM_UNITS, baseline

    line_break._reportkit_next_word_overflows = next_word_overflows
    line_break._reportkit_measure_broken_line = measure_broken_line
    _redefine(line_break, "split_first_line", split)
    _redefine(line_break, "first_line_metrics", metrics)
    inline.split_first_line = preferred.split_first_line = line_break.split_first_line
    return True


# What WeasyPrint's resolve_percentages sets on a box: its used lengths.
_USED_LENGTHS = tuple(
    f"{kind}_{side}" for kind in ("margin", "padding") for side in
    ("left", "right", "top", "bottom")) + tuple(f"border_{side}_width" for side in (
        "top", "right", "bottom", "left")) + (
    "width", "min_width", "max_width", "height", "min_height", "max_height")
_LAYOUT_MODULES = ("absolute", "block", "column", "float", "grid", "inline", "page", "table")


def _reuse_per_style_work() -> bool:
    """Work out a style's strut, font description and used lengths once.

    `strut(style)` builds its cache key with `str()` over 16 style values at each of its
    ~1,000 calls a render; the result is kept on the style itself, with the two values it
    is computed from checked on each call (WeasyPrint only sets them while computing the
    style). `get_font_description(style)` makes a new Pango font description for each of
    the ~900 layouts; Pango copies a description into the layout, so one per font is kept
    in the font configuration and given to all. `resolve_percentages(box, containing_block)`
    sets ~20 used lengths on a box from its style and its containing block's size (~1,500
    calls); they are kept on the style per containing-block size and set again from there
    (except in tables with collapsed borders, whose border widths come from elsewhere).
    """
    import importlib

    from weasyprint.css import computed_values, units
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline, percent
    from weasyprint.text import line_break

    original_strut = line_break.strut
    original_description = getattr(line_break, "get_font_description", None)
    original_percentages = percent.resolve_percentages
    strut_users = (line_break, inline, units, computed_values)
    percentage_users = [importlib.import_module(f"weasyprint.layout.{name}")
                        for name in _LAYOUT_MODULES]
    percentage_users = [module for module in percentage_users
                        if getattr(module, "resolve_percentages", None) is original_percentages]
    if original_description is None or any(
            getattr(module, "strut", None) is not original_strut for module in strut_users):
        log.warning("WeasyPrint's text setup changed: struts, font descriptions and used "
                    "lengths are worked out for every box")
        return False

    def strut(style):
        if not _shortcuts.get():
            return original_strut(style)
        size = (style["font_size"], style["line_height"])
        kept = style.__dict__.get("_reportkit_strut")
        if kept is None or kept[0] != size:
            kept = style._reportkit_strut = (size, original_strut(style))
        return kept[1]

    def font_description(style):
        if not _shortcuts.get():
            return original_description(style)
        key = (tuple(style["font_family"]), style["font_style"], style["font_stretch"],
               style["font_weight"], style["font_size"], style["font_variant_caps"],
               style["font_variation_settings"])
        kept = style.font_config.__dict__.setdefault("_reportkit_font_descriptions", {})
        if key not in kept:
            kept[key] = original_description(style)
        return kept[key]

    def resolve_percentages(box, containing_block, *args, **kwargs):
        style = box.style
        if (args or kwargs or not _shortcuts.get()
                or style["border_collapse"] == "collapse"):
            return original_percentages(box, containing_block, *args, **kwargs)
        if isinstance(containing_block, boxes.Box):
            size = (containing_block.width, containing_block.height)
        else:
            size = tuple(containing_block)
        key = (size, isinstance(box, boxes.PageBox))
        kept = style.__dict__.setdefault("_reportkit_used_lengths", {})
        lengths = kept.get(key)
        if lengths is None:
            original_percentages(box, containing_block)
            kept[key] = tuple(getattr(box, name) for name in _USED_LENGTHS)
        else:
            for name, value in zip(_USED_LENGTHS, lengths):
                setattr(box, name, value)

    for module in strut_users:
        module.strut = strut
    line_break.get_font_description = font_description
    for module in (percent, *percentage_users):
        module.resolve_percentages = resolve_percentages
    return True

# Properties whose computed value WeasyPrint works out with special rules (or records as a
# specified value) even when no rule sets them.
_SPECIAL_PROPERTIES = frozenset({"float", "display", "position", "page"})


def _compute_unset_properties_directly() -> bool:
    """Give a property no rule sets its inherited or initial value without the general path.

    `ComputedStyle.__missing__` computes each property of each element on first use: it
    looks the property up in the cascade, resolves variables and math functions, and
    normalizes its name, even for the ~19,000 properties a render (of ~22,000) that no rule
    sets, whose value is simply the parent's (inherited) or the initial one. Those two cases
    are answered directly; everything else (a rule sets the property or its logical
    counterpart, values with functions, properties computed from their initial value, text
    decorations, custom properties and the four with special rules) takes WeasyPrint's path.
    """
    from weasyprint import css
    from weasyprint.css.computed_values import PHYSICAL_FUNCTIONS
    from weasyprint.css.properties import INHERITED, INITIAL_NOT_COMPUTED, INITIAL_VALUES

    computed_style = getattr(css, "ComputedStyle", None)
    original = getattr(computed_style, "__missing__", None)
    check_math = getattr(css, "check_math", None)
    if (original is None or check_math is None
            or "cascaded" not in inspect.signature(computed_style).parameters):
        log.warning("WeasyPrint's computed styles changed: every property takes the "
                    "general path")
        return False
    logical_names: dict[tuple[str, str], str] = {}

    def __missing__(self, key):
        if (key in self.cascaded or key in _SPECIAL_PROPERTIES or key[:2] == "__"
                or key[:16] == "text_decoration_" or not _shortcuts.get()):
            return original(self, key)
        if key in PHYSICAL_FUNCTIONS:
            direction = self["direction"]
            logical = logical_names.get((key, direction))
            if logical is None:
                logical = logical_names[(key, direction)] = PHYSICAL_FUNCTIONS[key](
                    block="ttb", inline=direction)
            if logical in self.cascaded:
                return original(self, key)
        parent = self.parent_style
        if key in INHERITED and parent is not None:
            value = parent[key]
        elif key in INITIAL_NOT_COMPUTED:
            return original(self, key)
        else:
            value = INITIAL_VALUES[key]
        if check_math(value):
            return original(self, key)
        self[key] = value
        return value

    computed_style.__missing__ = __missing__
    return True

# What WeasyPrint 70's HTML.__init__ sets up once tinyhtml5 has parsed the page.
_HTML_ATTRIBUTES = ("base_url", "url_fetcher", "media_type", "wrapper_element", "etree_element")


def _html_from_parsed_tree() -> bool:
    """Check that WeasyPrint's HTML object can be set up from a tree we parsed ourselves.

    WeasyPrint has no public way to take an element tree: `HTML(string=...)` always parses
    with tinyhtml5, 15 ms of the sample report's layout. `html_document` sets up the same
    object from the tree `render/html_tree.py` builds (2.5 ms; the same tree, compared in
    tests), the way `HTML.__init__` does after parsing.
    """
    import weasyprint

    init = _function_source(weasyprint.HTML.__init__)
    if (not hasattr(weasyprint, "_find_base_url") or "tinyhtml5.parse(" not in init
            or any(f"self.{name} =" not in init for name in _HTML_ATTRIBUTES)):
        log.warning("WeasyPrint's HTML set-up changed: pages are parsed by WeasyPrint")
        return False
    return True


def html_document(html: str, base_url: str, url_fetcher):
    """Return WeasyPrint's HTML object for `html`, parsed by `html_tree` when the page has
    the shape our templates give and by WeasyPrint (tinyhtml5) otherwise."""
    import cssselect2
    import weasyprint
    from weasyprint.urls import ensure_url

    from reportkit.render import html_tree

    tree = None
    if _state.get("parsed_html") and _shortcuts.get():
        tree = html_tree.parse(html)
    if tree is None:
        return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=url_fetcher)
    document = weasyprint.HTML.__new__(weasyprint.HTML)
    document.base_url = weasyprint._find_base_url(
        tree, None if base_url is None else ensure_url(base_url))
    document.url_fetcher = url_fetcher
    document.media_type = "print"
    document.wrapper_element = cssselect2.ElementWrapper.from_html_root(
        tree, content_language=None)
    document.etree_element = document.wrapper_element.etree_element
    return document

def _merge_leader_dots() -> bool:
    """Make a `leader()` one text box per line instead of one box per dot.

    WeasyPrint fills a leader with copies of its text box, one per repetition: a table of
    contents line gets ~130 boxes of ".", each of which is shaped again, wrapped in a marked
    content span and tagged when the PDF is drawn (a third of the time spent writing the
    sample report). After WeasyPrint has placed the copies, the run of copies becomes one box
    holding the repeated text, at the leftmost copy's position: the same dots at the same
    places (the copies stand one dot's advance apart), drawn at once. Measured: the same
    number of dots per line, none moved by more than one pixel at 200 dpi.
    """
    from weasyprint.layout import inline, leader
    from weasyprint.text.line_break import Layout

    original = getattr(inline, "handle_leader", None)
    if original is not leader.handle_leader or not hasattr(leader, "leader_index"):
        log.warning("WeasyPrint's leader layout changed: leader boxes are not merged")
        return False

    def handle_leader_merged(context, line, containing_block):
        original(context, line, containing_block)
        _, leader_box = leader.leader_index(line)
        copies = leader_box.children if leader_box is not None else ()
        if len(copies) < 2 or any(type(c).__name__ != "TextBox" for c in copies):
            return
        unit = copies[0]
        copies = sorted(copies, key=lambda box: box.position_x)
        if any(box.text != unit.text or box.pango_layout is not unit.pango_layout
               or abs(box.position_x - before.position_x - unit.width) > 1e-3
               for before, box in zip(copies, copies[1:])):
            return  # not one contiguous run of the same dots: leave WeasyPrint's boxes
        merged = copies[0].copy()
        merged.text = unit.text * len(copies)
        merged.width = copies[-1].position_x + unit.width - copies[0].position_x
        merged.pango_layout = Layout(unit.style, unit.pango_layout.justification_spacing)
        merged.pango_layout.set_text(merged.text)
        merged.pango_layout.deactivate()
        leader_box.children = (merged,)

    inline.handle_leader = handle_leader_merged
    return True


def _is_leader(textbox) -> bool:
    """Return whether a text box is one of the dots a `leader()` repeats."""
    tag = getattr(textbox, "element_tag", "") or ""
    return tag.endswith(("::after", "::before")) and not set(textbox.text) - set(". \u00b7\u2026")


def _is_ltr_island(box) -> bool:
    """Return whether `box` is a `dir="ltr"` inline element (a Latin phrase, a number, a URL)."""
    element = getattr(box, "element", None)
    return (type(box).__name__ == "InlineBox" and element is not None
            and element.get("dir") == "ltr" and "::" not in (box.element_tag or ""))


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
            boxes = [self.boxes.get((page, mcid)) for mcid in mcids]
            if boxes and None not in boxes:  # a span, or a link made only of text
                obj["ActualText"] = pydyf.String("".join(
                    _logical_text(box, id(box) in line_ends) for box in boxes))


def _logical_text(textbox, ends_line: bool) -> str:
    """Return a box's text for readers; a line-final box gets back the space the break ate."""
    if _is_leader(textbox):
        return ""
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


def _wrap_draw_text() -> bool:
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
    if (original_text is None or original_inline is None
            or "textbox" not in inspect.signature(original_text).parameters):
        log.warning("WeasyPrint's drawing functions changed: text-extraction fix not applied")
        return False

    @contextmanager
    def actual_text_span(stream, replacement: str | None):
        if replacement is None:
            yield
            return
        stream.begin_marked_content(
            "Span", pydyf.Dictionary({"ActualText": pydyf.String(replacement)}))
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
