"""Corrections to WeasyPrint 70.x, installed once: for readers (`reading.py`) and for speed
(`speed.py`). Each names its upstream issue and checks WeasyPrint's code before changing
it; one whose target no longer matches stays off, and `warnings()` says so."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from reportkit.render.weasyprint_fixes.patching import SUPPORTED_MAJOR, Mismatch, without_shortcuts
from reportkit.render.weasyprint_fixes.reading import (
    actual_text,
    keep_footnotes_on_their_page,
    structure_actual_text,
    track_contents_targets,
    write_actual_text,
)
from reportkit.render.weasyprint_fixes.speed import lay_out_rtl_lines_once, merge_leader_dots

__all__ = [
    "FIXES",
    "SUPPORTED_MAJOR",
    "actual_text",
    "apply_fixes",
    "install",
    "structure_actual_text",
    "warnings",
    "without_shortcuts",
]


@dataclass(frozen=True)
class Fix:
    name: str
    apply: Callable[[], None]  # raises Mismatch when WeasyPrint's code is not as expected
    without: str  # what the reader gets when the fix is off


FIXES = (
    Fix("footnotes", keep_footnotes_on_their_page, "footnote bodies may move to a later page"),
    Fix("actual_text", write_actual_text, "copied Arabic text may lose or double letters"),
    Fix("contents_targets", track_contents_targets, "contents page numbers may be one too low"),
    Fix("leaders", merge_leader_dots, "the PDF is written more slowly"),
    Fix("rtl_lines", lay_out_rtl_lines_once, "right-to-left text is laid out more slowly"),
)


def apply_fixes(fixes=FIXES) -> dict[str, str]:
    """Apply each fix whose target matches; return {name: reason} for the others."""
    import weasyprint

    off = {}
    for fix in fixes:
        try:
            if weasyprint.__version__.split(".")[0] != SUPPORTED_MAJOR:
                raise Mismatch(f"WeasyPrint {weasyprint.__version__} is not {SUPPORTED_MAJOR}.x")
            fix.apply()
        except Mismatch as error:
            off[fix.name] = str(error)
    return off


@functools.cache
def _switched_off() -> dict[str, str]:
    """Apply the fixes, once a process; return {name: reason} for those that are off."""
    return apply_fixes()


def install() -> dict[str, bool]:
    """Install the fixes once; return which are active."""
    return {fix.name: fix.name not in _switched_off() for fix in FIXES}


def warnings() -> list[str]:
    """Return one line for each fix that is off: which, why, and what it changes."""
    off = _switched_off()
    return [
        f"WeasyPrint fix {fix.name} is off ({off[fix.name]}): {fix.without}; "
        'see "Upgrading WeasyPrint" in README.md'
        for fix in FIXES
        if fix.name in off
    ]
