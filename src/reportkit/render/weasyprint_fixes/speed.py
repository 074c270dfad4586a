"""Speed fixes, each worth at least 10 % of the sample's warm render on its own (switched
off alone, interleaved with renders with every fix on: benchmarks/bench_render.py)."""

from __future__ import annotations

import itertools

from reportkit.render.weasyprint_fixes.patching import is_on, redefine, require, target


def lay_out_rtl_lines_once() -> None:
    """Lay out each right-to-left line once, not twice (no upstream issue found; RTL in
    general: Kozea/WeasyPrint#106).

    `get_next_linebox` lays a line out again unless `avoid_collisions` leaves its place as
    it was. For a right-to-left line it compares `position_x + line.width` with
    `original_position_x + original_width`, but the right bound already is `position_x` and
    without floats the original width is 0, so every such line is shaped twice. We compare
    the place itself, as for left-to-right lines: same bytes. Switched off alone, the warm
    render takes 15-26 % longer (0.17-0.35 s; bench_render.py, 2026-12-01).
    """
    from weasyprint.layout import inline

    old = "condition = (position_x + line.width, position_y) == ("
    new = (
        "condition = (position_x, position_y) == (original_position_x, original_position_y)"
        ' if _reportkit_on("rtl_lines") else (position_x + line.width, position_y) == ('
    )
    inline._reportkit_on = is_on
    redefine((inline, "get_next_linebox", {old: new}))


def merge_leader_dots() -> None:
    """Make a `leader()` one text box a line, not one box a dot (no upstream issue found).

    WeasyPrint fills a leader with one copy of its text box per dot: ~130 boxes a contents
    line, each shaped, wrapped in a marked-content span and tagged when drawn. Once it has
    placed them, a contiguous run of copies becomes one box at the first one's place: the
    same dots, none moved by more than a pixel at 200 dpi. Switched off alone, the warm
    render takes 11-30 % longer (0.11-0.34 s; bench_render.py, 2026-12-01).
    """
    from weasyprint.layout import inline, leader
    from weasyprint.text.line_break import Layout

    handle, leader_index = target(inline, "handle_leader"), target(leader, "leader_index")
    require(handle is target(leader, "handle_leader"), "inline.handle_leader changed")

    def handle_leader(context, line, containing_block):
        handle(context, line, containing_block)
        _, leader_box = leader_index(line)
        copies = list(leader_box.children) if leader_box is not None and is_on("leaders") else []
        if len(copies) < 2 or any(type(copy).__name__ != "TextBox" for copy in copies):
            return
        unit = copies[0]
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

    handle_leader.__wrapped__ = handle  # type: ignore[attr-defined]
    inline.handle_leader = handle_leader
