"""Version-pinned corrections to WeasyPrint 70.x, installed once before the first render: three
for what the reader gets (1, 2, 10) and nine for speed that change nothing a reader sees
(3-9, 11, 12). `reading.py` holds 1, 2 and 10, `layout.py` 3, 4, 6, 7, 9 and 12,
`drawing.py` 5 and 8, `parsing.py` 11; `writing.py` sets how pydyf writes, `patching.py` how
a fix is applied.

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

3. Each right-to-left line is laid out once (`patch_rtl_line_relayout`): WeasyPrint 70 lays
   every RTL line out twice because of a wrong test, a third of the layout time here.

4. A `leader()` is one text box per line (`merge_leader_dots`), not one box per dot, each
   shaped, wrapped and tagged when drawn: the contents page's ~800 dots were a third of the
   time spent writing the PDF.

5. A line is drawn with the glyphs shaped when it was laid out (`keep_shaped_lines`), not
   shaped again, unless it is justified (its spacing changes the shaping): 0.02 s of the
   time spent writing the sample report; the PDF is byte-identical.

6. A line is shaped once while it is broken, not three times (`measure_wrapped_lines`):
   WeasyPrint shapes a paragraph's next line and a word more to find the break, shapes the
   line plus the next word again to see whether that word fits after all, and shapes the
   line alone a third time to measure it. The line's width, height and baseline are read
   from the first shaping instead (the trailing space Pango hangs at a break has no width),
   and the second is skipped when the next word's own glyphs already overflow the line.
   Measured: byte-identical PDFs; ~0.05 s of the sample report's layout.

7. What a style gives a box is worked out once per style, not once per box
   (`reuse_per_style_work`): the strut (line height and baseline, looked up in WeasyPrint's
   cache under a key built from 16 style values on every call), the Pango font description
   each layout is given, and the used margins, paddings, borders and sizes for a given
   containing block. Measured: byte-identical PDFs; ~0.05 s of the sample report's layout.

8. A line's glyphs are written from pieces kept per font (`draw_glyphs_in_bulk`): the text
   a glyph adds to the PDF depends only on the font, its size and the glyph's id, width and
   offset, and WeasyPrint worked it out again, reading each field through cffi, for each of
   the sample report's 16,600 glyphs. Measured: byte-identical PDFs; ~0.02 s of writing.

9. A property no rule sets gets its inherited or initial value directly
   (`compute_unset_properties_directly`), not through the general path that looks for
   variables and math functions: ~19,000 of the ~22,000 properties computed for the sample
   report. Measured: byte-identical PDFs; ~0.01 s.

10. A contents entry follows its target's page (`track_contents_targets`). WeasyPrint files
    the targets of `target-counter(attr(href url), page)` under "None": the numbers only
    came right on a third layout of the contents page, triggered by the page total
    changing, and stayed one page low when the real numbers made the contents longer and
    pushed the targets on. Now a target that moves updates its entries, and the contents
    page is laid out twice. Byte-identical PDFs where WeasyPrint's numbers were right
    (every report we ship); ~0.01 s.

11. The page is parsed by `render/html_tree.py` (`html_document`), which builds the tree
    WeasyPrint's HTML5 parser would build for the shape our templates give, in 3.5 ms
    instead of 15 ms; other pages are parsed by WeasyPrint. Measured: byte-identical PDFs.

12. A margin box without content gets no used lengths (`skip_empty_margin_boxes`):
    WeasyPrint worked them out for the 13 empty margin boxes of every page, then set them
    to zero. Measured: byte-identical PDFs; ~0.008 s.

When WeasyPrint is not 70.x, or its code no longer contains what a fix expects (or a target
is missing altogether), that fix is not applied: rendering still works, with WeasyPrint's own
footnote placement, text extraction or speed. `installed()` says which fixes are active, and
`warnings()` says which are off and why; every PDF build shows those as warnings (RK304).
(`stream_compression`, which sets pydyf's zlib level, and `objects_serialized_once`, which
has pydyf serialize each object once, do not depend on WeasyPrint's version.)
"""

from __future__ import annotations

import logging

from reportkit.render.weasyprint_fixes.drawing import draw_glyphs_in_bulk, keep_shaped_lines
from reportkit.render.weasyprint_fixes.layout import (
    compute_unset_properties_directly,
    measure_wrapped_lines,
    merge_leader_dots,
    patch_rtl_line_relayout,
    reuse_per_style_work,
    skip_empty_margin_boxes,
)
from reportkit.render.weasyprint_fixes.parsing import html_document, html_from_parsed_tree
from reportkit.render.weasyprint_fixes.patching import SUPPORTED_MAJOR, active, without_shortcuts
from reportkit.render.weasyprint_fixes.reading import (
    actual_text,
    patch_footnote_reporting,
    structure_actual_text,
    track_contents_targets,
    visual_for_poppler,
    wrap_draw_text,
)
from reportkit.render.weasyprint_fixes.tagging import tag_structure  # see tagging.py
from reportkit.render.weasyprint_fixes.writing import objects_serialized_once, stream_compression

__all__ = [
    "SUPPORTED_MAJOR",
    "actual_text",
    "html_document",
    "install",
    "installed",
    "objects_serialized_once",
    "stream_compression",
    "structure_actual_text",
    "visual_for_poppler",
    "warnings",
    "without_shortcuts",
]

log = logging.getLogger(__name__)

# Each fix, under the name `installed()` reports it by, in the order they are applied (fixes
# 5 and 6 both edit WeasyPrint's first_line_metrics, 6 on top of 5).
_FIXES = (
    ("footnotes", patch_footnote_reporting),
    ("actual_text", wrap_draw_text),
    ("leaders", merge_leader_dots),
    ("rtl_lines", patch_rtl_line_relayout),
    ("shaped_lines", keep_shaped_lines),
    ("wrapped_lines", measure_wrapped_lines),
    ("per_style_work", reuse_per_style_work),
    ("bulk_glyphs", draw_glyphs_in_bulk),
    ("unset_properties", compute_unset_properties_directly),
    ("contents_targets", track_contents_targets),
    ("parsed_html", html_from_parsed_tree),
    ("empty_margin_boxes", skip_empty_margin_boxes),
    ("tagging", tag_structure),
)


# Why each fix that is not active is off, by name (filled by `install`).
_switched_off: dict[str, str] = {}


def install() -> dict[str, bool]:
    """Install the fixes once; return which are active. A fix whose check fails, or that
    fails while checking, is left off; `warnings()` says why."""
    if not active:
        import weasyprint

        version = weasyprint.__version__
        for name, fix in _FIXES:
            if version.split(".")[0] != SUPPORTED_MAJOR:
                reason: str | None = f"WeasyPrint {version} is not {SUPPORTED_MAJOR}.x"
            else:
                reason = _apply(fix)
            active[name] = reason is None
            if reason is not None:
                _switched_off[name] = reason
    return dict(active)


def _apply(fix) -> str | None:
    """Apply one fix; return None, or why it is off: what it logged when its target no
    longer matched, or the error its check ran into (a target missing altogether)."""
    reasons: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: reasons.append(record.getMessage())  # type: ignore[method-assign]
    log.addHandler(handler)  # the fixes log on this logger's children
    propagate, log.propagate = log.propagate, False  # shown as build warnings instead
    try:
        applied = fix()
    except Exception as error:  # any failure of a check turns the fix off, never the build
        return f"{type(error).__name__}: {error}"
    finally:
        log.removeHandler(handler)
        log.propagate = propagate
    if applied:
        return None
    return "; ".join(reasons) or "WeasyPrint's code is not what the fix was written for"


def warnings() -> list[str]:
    """Return one line for each reason fixes are off, naming the fixes it turned off."""
    install()
    by_reason: dict[str, list[str]] = {}
    for name, reason in _switched_off.items():
        by_reason.setdefault(reason, []).append(f"`{name}`")
    return [
        f"WeasyPrint {'fix' if len(names) == 1 else 'fixes'} {', '.join(names)} "
        f"{'is' if len(names) == 1 else 'are'} off: {reason}"
        for reason, names in by_reason.items()
    ]


def installed() -> dict[str, bool]:
    """Return which fixes are active (empty before `install`)."""
    return dict(active)
