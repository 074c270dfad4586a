"""Speed fixes in drawing (5, 8): lines drawn with the glyphs shaped during layout, and
glyphs written from pieces kept per font."""

from __future__ import annotations

import inspect
import logging

from reportkit.render.weasyprint_fixes.patching import edited_source, redefine, shortcuts

log = logging.getLogger(__name__)


_FIRST_LINE_METRICS_END = """    layout.deactivate()
    return layout, length, resume_at, width, height, baseline"""

# Where Pango starts a new paragraph (pango_find_paragraph_boundary).
_PARAGRAPH_SEPARATORS = ("\n", "\r", "\u2029")


def keep_shaped_lines() -> bool:
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
    source = edited_source(
        line_break,
        "first_line_metrics",
        {_FIRST_LINE_METRICS_END: "    _reportkit_keep(layout)\n" + _FIRST_LINE_METRICS_END},
    )
    if source is None or not all(
        hasattr(layout_class, name) for name in ("set_text", "deactivate", "reactivate", "setup")
    ):
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
        if (
            kept is not None
            and kept[2] is style
            and kept[3] == self.text
            and not self.justification_spacing
        ):
            self.layout, self.language, self.style = kept[:3]
            return
        original_reactivate(self, style)

    line_break._reportkit_keep = keep
    redefine(line_break, "first_line_metrics", source)
    layout_class.set_text = set_text
    layout_class.reactivate = reactivate
    return True


# One PangoGlyphInfo: glyph id, then its geometry (width, x and y offsets), then 4 bytes of
# visual attributes we do not read.
_GLYPH_INFO = "=Iiii4x"

# Glyph ids from here up are Pango's "unknown glyph" codes (flag | code point).
_UNKNOWN_GLYPHS = 0x10000000


def draw_glyphs_in_bulk() -> bool:
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
    if (
        original is None
        or ffi.sizeof("PangoGlyphInfo") != glyph_info.size
        or pango.PANGO_GLYPH_UNKNOWN_FLAG != _UNKNOWN_GLYPHS
        or pango.PANGO_GLYPH_EMPTY >= _UNKNOWN_GLYPHS
        or list(inspect.signature(original).parameters)
        != ["stream", "textbox", "text_overflow", "block_ellipsis", "matrix"]
    ):
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
            infos = list(
                glyph_info.iter_unpack(
                    ffi.buffer(glyphs.glyphs, glyphs.num_glyphs * glyph_info.size)
                )
            )
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
        return textbox.pango_layout.text.encode()[item.offset + start : item.offset + end].decode()

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
                    pango_font, glyph, stream.ink_rect, stream.logical_rect
                )
                logical_width = widths[glyph] = round(
                    stream.logical_rect.width * 1000 * FROM_UNITS / font_size
                )
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
        if text_overflow == "ellipsis" or block_ellipsis != "none" or not shortcuts.get():
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
