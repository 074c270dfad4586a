"""Speed fixes in layout (3, 4, 6, 7, 9, 12): lines laid out, shaped and measured once,
per-style work done once per style, unset properties given directly, no used lengths for
empty margin boxes."""

from __future__ import annotations

import inspect
import itertools
import logging
import re
import textwrap

from reportkit.render.weasyprint_fixes.patching import edited_source, redefine, shortcuts

log = logging.getLogger(__name__)


_RTL_LINE_CONDITION = """condition = (position_x + line.width, position_y) == (
                original_position_x + original_width, original_position_y)"""


def patch_rtl_line_relayout() -> bool:
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

    source = edited_source(
        inline,
        "get_next_linebox",
        {
            _RTL_LINE_CONDITION: "condition = (position_x, position_y) == ("
            "original_position_x, original_position_y)  # reportkit"
        },
    )
    if source is None:
        log.warning("WeasyPrint's get_next_linebox changed: right-to-left lines are laid out twice")
        return False
    redefine(inline, "get_next_linebox", source)
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


def measure_wrapped_lines() -> bool:
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

    split = edited_source(
        line_break,
        "split_first_line",
        {
            _NEXT_WORD_RETRY: (
                "            if not _reportkit_next_word_overflows(\n"
                "                    layout, first_line_text, next_word, max_width):\n"
                + textwrap.indent(_NEXT_WORD_RETRY, "    ")
            )
        },
    )
    metrics = edited_source(
        line_break,
        "first_line_metrics",
        {
            _MEASURE_BROKEN_LINE: (
                "    elif resume_at and (metrics := _reportkit_measure_broken_line(\n"
                "            first_line, text, layout, resume_at, space_collapse, style)):\n"
                "        return metrics\n" + _MEASURE_BROKEN_LINE
            )
        },
    )
    if (
        split is None
        or metrics is None
        or inline.split_first_line is not line_break.split_first_line
        or preferred.split_first_line is not line_break.split_first_line
    ):
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
        if not shortcuts.get() or not first_line_text or second == ffi.NULL:
            return False
        start = len(first_line_text.encode())
        word, count = glyph_advance(second, start, start + len(next_word.encode()))
        first = pango.pango_layout_get_line_readonly(layout.layout, 0)
        return count > 0 and (line_extents(first)[0] + word) * FROM_UNITS > (
            max_width + _OVERFLOW_SLACK
        )

    def measure_broken_line(first_line, text, layout, resume_at, space_collapse, style):
        """Return what `first_line_metrics` returns for a broken line, or None to let it
        shape the line alone."""
        if not shortcuts.get() or not space_collapse or first_line.start_index:
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
    redefine(line_break, "split_first_line", split)
    redefine(line_break, "first_line_metrics", metrics)
    inline.split_first_line = preferred.split_first_line = line_break.split_first_line
    return True


# What WeasyPrint's resolve_percentages sets on a box: its used lengths.
_USED_LENGTHS = (
    tuple(
        f"{kind}_{side}"
        for kind in ("margin", "padding")
        for side in ("left", "right", "top", "bottom")
    )
    + tuple(f"border_{side}_width" for side in ("top", "right", "bottom", "left"))
    + ("width", "min_width", "max_width", "height", "min_height", "max_height")
)

_LAYOUT_MODULES = ("absolute", "block", "column", "float", "grid", "inline", "page", "table")


def reuse_per_style_work() -> bool:
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
    percentage_users = [
        importlib.import_module(f"weasyprint.layout.{name}") for name in _LAYOUT_MODULES
    ]
    percentage_users = [
        module
        for module in percentage_users
        if getattr(module, "resolve_percentages", None) is original_percentages
    ]
    if original_description is None or any(
        getattr(module, "strut", None) is not original_strut for module in strut_users
    ):
        log.warning(
            "WeasyPrint's text setup changed: struts, font descriptions and used "
            "lengths are worked out for every box"
        )
        return False

    def strut(style):
        if not shortcuts.get():
            return original_strut(style)
        size = (style["font_size"], style["line_height"])
        kept = style.__dict__.get("_reportkit_strut")
        if kept is None or kept[0] != size:
            kept = style._reportkit_strut = (size, original_strut(style))
        return kept[1]

    def font_description(style):
        if not shortcuts.get():
            return original_description(style)
        key = (
            tuple(style["font_family"]),
            style["font_style"],
            style["font_stretch"],
            style["font_weight"],
            style["font_size"],
            style["font_variant_caps"],
            style["font_variation_settings"],
        )
        kept = style.font_config.__dict__.setdefault("_reportkit_font_descriptions", {})
        if key not in kept:
            kept[key] = original_description(style)
        return kept[key]

    def resolve_percentages(box, containing_block, *args, **kwargs):
        style = box.style
        if args or kwargs or not shortcuts.get() or style["border_collapse"] == "collapse":
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
            for name, value in zip(_USED_LENGTHS, lengths, strict=True):
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


def compute_unset_properties_directly() -> bool:
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
    if (
        original is None
        or check_math is None
        or "cascaded" not in inspect.signature(computed_style).parameters  # type: ignore[arg-type]  # checked for None on the line above
    ):
        log.warning("WeasyPrint's computed styles changed: every property takes the general path")
        return False
    logical_names: dict[tuple[str, str], str] = {}

    def __missing__(self, key):
        if (
            key in self.cascaded
            or key in _SPECIAL_PROPERTIES
            or key[:2] == "__"
            or key[:16] == "text_decoration_"
            or not shortcuts.get()
        ):
            return original(self, key)
        if key in PHYSICAL_FUNCTIONS:
            direction = self["direction"]
            logical = logical_names.get((key, direction))
            if logical is None:
                logical = logical_names[(key, direction)] = PHYSICAL_FUNCTIONS[key](
                    block="ttb", inline=direction
                )
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

    computed_style.__missing__ = __missing__  # type: ignore[union-attr]  # checked for None at install
    return True


def merge_leader_dots() -> bool:
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
        unit = copies[0]  # type: ignore[misc]  # len(copies) >= 2 was checked above
        copies = sorted(copies, key=lambda box: box.position_x)
        if any(
            box.text != unit.text
            or box.pango_layout is not unit.pango_layout
            or abs(box.position_x - before.position_x - unit.width) > 1e-3
            for before, box in itertools.pairwise(copies)
        ):
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


_EMPTY_MARGIN_BOX = """        resolve_percentages(box, containing_block)
        if not box.is_generated:
"""


def skip_empty_margin_boxes() -> bool:
    """Give a margin box without content no used lengths.

    WeasyPrint makes all 16 margin boxes of every page; for each one without content (13 of
    the 16 here) it works out margins, paddings, borders and sizes from its style, then sets
    them to zero because the box is not generated. We skip the first step for those boxes
    (~0.008 s of the sample report's layout). Measured: byte-identical PDFs.
    """
    import weasyprint.layout
    from weasyprint.layout import page

    source = edited_source(
        page,
        "make_margin_boxes",
        {
            _EMPTY_MARGIN_BOX: (
                "        if box.is_generated or not _reportkit_shortcuts():\n"
                "            resolve_percentages(box, containing_block)\n"
                "        if not box.is_generated:\n"
            )
        },
    )
    if source is None or weasyprint.layout.make_margin_boxes is not page.make_margin_boxes:
        log.warning("WeasyPrint's margin boxes changed: empty ones get used lengths")
        return False
    page._reportkit_shortcuts = shortcuts.get
    redefine(page, "make_margin_boxes", source)
    weasyprint.layout.make_margin_boxes = page.make_margin_boxes
    return True
