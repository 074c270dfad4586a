"""Corrections to WeasyPrint 70.x, installed once a process: for readers (`reading.py`,
`tagging.py`) and for speed (`speed.py`). Each names its upstream issue and checks
WeasyPrint's code before changing it; one whose target no longer matches stays off, and
`warnings()` says why (every PDF build shows it as RK304)."""

from __future__ import annotations

from collections.abc import Callable

from reportkit.render.weasyprint_fixes.patching import SUPPORTED_MAJOR, Mismatch, without
from reportkit.render.weasyprint_fixes.reading import (
    actual_text,
    keep_footnotes_on_their_page,
    structure_actual_text,
    write_actual_text,
)
from reportkit.render.weasyprint_fixes.speed import lay_out_rtl_lines_once, merge_leader_dots
from reportkit.render.weasyprint_fixes.tagging import tag_structure

__all__ = [
    "FIXES",
    "SUPPORTED_MAJOR",
    "actual_text",
    "install",
    "structure_actual_text",
    "warnings",
    "without",
]

# Each fix by the name `install()` and `warnings()` give it, with its upstream issue; it
# raises Mismatch when WeasyPrint's code is not what it was written for.
FIXES: dict[str, Callable[[], None]] = {
    "footnotes": keep_footnotes_on_their_page,  # Kozea/WeasyPrint#2502
    "actual_text": write_actual_text,  # Kozea/WeasyPrint#2841
    "tagging": tag_structure,  # Kozea/WeasyPrint#2550, #2482
    "leaders": merge_leader_dots,  # none found; speed
    "rtl_lines": lay_out_rtl_lines_once,  # none found (right-to-left: #106); speed
}
_active: dict[str, bool] = {}  # filled once by `install`
_switched_off: dict[str, str] = {}  # why each fix that is off is off


def install() -> dict[str, bool]:
    """Apply the fixes once a process; return which are active."""
    if not _active:
        for name, fix in FIXES.items():
            reason = _apply(fix)
            _active[name] = reason is None
            if reason is not None:
                _switched_off[name] = reason
    return dict(_active)


def _apply(fix: Callable[[], object]) -> str | None:
    """Apply one fix; return None, or why it is off: another major version, the code that no
    longer matches, or the error its check ran into (a target missing altogether)."""
    import weasyprint

    if weasyprint.__version__.split(".")[0] != SUPPORTED_MAJOR:
        return f"WeasyPrint {weasyprint.__version__} is not {SUPPORTED_MAJOR}.x"
    try:
        fix()
    except Mismatch as error:
        return str(error)
    except Exception as error:  # a check that fails turns its fix off, never the build
        return f"{type(error).__name__}: {error}"
    return None


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
