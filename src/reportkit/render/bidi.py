"""Direction of text inside a right-to-left paragraph: script runs, digits and signed numbers.

Both renderers use this: the HTML/PDF renderer wraps each left-to-right run in one
`<span dir="ltr">` (WeasyPrint reverses a Latin phrase split over several inline boxes), and
the DOCX renderer gives right-to-left runs `w:rtl` and complex-script fonts, Latin runs none.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import groupby
from typing import NamedTuple


class ScriptRun(NamedTuple):
    """A piece of text and whether it belongs in an RTL (w:rtl) run."""

    text: str
    rtl: bool


_LRM = "\u200e"
_RLM = "\u200f"
# A sign, digits with inner separators and a trailing % or per-mille sign; a sign glued to
# a Latin word or digit is a hyphen or an operator, not a sign.
_SIGNED_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])[-+\u2212]\d+(?:[.,\u066b\u066c]\d+)*[%\u066a\u2030]?"
)
# Separators that keep a number together when they sit between two digits (UBA W4).
_NUMBER_SEPARATORS = set(",.:/\u066b\u066c")


def protect_signed_numbers(text: str) -> str:
    """Return `text` with each signed number after Arabic wrapped in LRM … RLM.

    Inside Arabic text "-55%" otherwise shows as "%55-". The LEFT-TO-RIGHT MARK before the
    sign fixes that; the RIGHT-TO-LEFT MARK after the number stops the LRM from also pulling
    a following Latin word into the same left-to-right block (which would put that word
    before the number for a right-to-left reader). Numbers in Latin context are untouched.
    """
    out, last = [], 0
    for match in _SIGNED_NUMBER.finditer(text):
        if _last_strong(text[: match.start()]) == "L":
            continue
        out += [text[last : match.start()], _LRM, match.group(), _RLM]
        last = match.end()
    return "".join(out) + text[last:]


def _last_strong(text: str) -> str:
    """Return "L" or "R" for the last strong character of `text` ("R" if none: RTL paragraph)."""
    for ch in reversed(text):
        bidi = unicodedata.bidirectional(ch)
        if bidi == "L":
            return "L"
        if bidi in ("R", "AL"):
            return "R"
    return "R"


@cache  # a text has few distinct characters; unicodedata looks each one up every time
def _char_class(ch: str) -> str:
    """Return "R" (RTL letter or Arabic digit), "L" (Latin letter), "D" (digit) or "N"."""
    bidi = unicodedata.bidirectional(ch)
    if bidi in ("R", "AL", "AN") or "\u06f0" <= ch <= "\u06f9":
        return "R"
    if bidi == "L":
        return "L"
    if bidi == "EN":
        return "D"
    if bidi in ("NSM", "BN"):
        return "M"  # combining mark / joiner: stays with the previous character
    return "N"


def _classify(text: str) -> list[str]:
    """Return the class of each character, with marks and number separators resolved."""
    classes = [_char_class(ch) for ch in text]
    for i, cls in enumerate(classes):
        if cls == "M":
            classes[i] = classes[i - 1] if i else "N"
    for i in range(1, len(text) - 1):
        if text[i] in _NUMBER_SEPARATORS and classes[i - 1] == "D" and classes[i + 1] == "D":
            classes[i] = "D"
    _absorb_terminators(text, classes)
    return classes


def _absorb_terminators(text: str, classes: list[str]) -> None:
    """Make %, currency signs and the like that touch a number part of it (UBA W5)."""
    for order in (range(1, len(text)), range(len(text) - 2, -1, -1)):
        for i in order:
            neighbour = i - 1 if order.step == 1 else i + 1
            if classes[neighbour] == "D" and unicodedata.bidirectional(text[i]) == "ET":
                classes[i] = "D"


def _resolve_digits(classes: list[str]) -> list[str]:
    """Return classes with digits turned into "L" after Latin text, else kept as "D" (UBA W7)."""
    out, last_strong = [], "R"  # paragraph direction is RTL
    for cls in classes:
        if cls in ("R", "L"):
            last_strong = cls
        out.append("L" if cls == "D" and last_strong == "L" else cls)
    return out


def _resolve_neutrals(classes: list[str]) -> list[str]:
    """Return classes where each neutral is "L" between Latin on both sides, else "R".

    This mirrors UBA rules N1/N2 in an RTL paragraph: neutrals between two Latin letters
    take L; anywhere else (next to Arabic, next to a number, at the paragraph edge) they
    take the paragraph direction, R. Digits count as R here, as UBA N1 says.
    """
    out = list(classes)
    i = 0
    while i < len(out):
        if out[i] != "N":
            i += 1
            continue
        j = i
        while j < len(out) and out[j] == "N":
            j += 1
        before = out[i - 1] if i else "R"
        after = out[j] if j < len(out) else "R"
        fill = "L" if before == "L" and after == "L" else "R"
        out[i:j] = [fill] * (j - i)
        i = j
    return out


# Characters whose class can only be "R", "N" or "M": the Arabic blocks (whose Eastern digits
# count as Arabic), spaces, ASCII and typographic punctuation, ZWNJ/ZWJ, RLM and the word
# joiner. A text made only of them is one right-to-left run: no left-to-right letter or
# Western digit means no left-to-right island.
_ONLY_RIGHT_TO_LEFT = re.compile(
    "[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
    r"\s!-/:-@\[-`{-~"
    "\u00a0\u00ab\u00bb\u200b-\u200d\u200f\u2010-\u2027\u2060]*"
)


def split_script_runs(text: str) -> list[ScriptRun]:
    """Return `text` cut into RTL runs (Arabic + neutrals) and LTR runs (Latin, numbers).

    Policy (checked in LibreOffice, see NOTES.md): spaces and punctuation join the Arabic
    run unless they sit between two Latin letters, so "Belavia Airlines" stays one LTR run
    while the spaces around it and a final full stop stay Arabic. Western digits form their
    own LTR run (or join a directly preceding Latin run); Arabic-Indic digits count as
    Arabic.
    """
    if not text:
        return []
    if _ONLY_RIGHT_TO_LEFT.fullmatch(text):  # most Arabic paragraphs: no per-letter work
        return [ScriptRun(text, True)]
    return _split_mixed(text)


def _split_mixed(text: str) -> list[ScriptRun]:
    """Return the runs of a text that may hold left-to-right letters or Western digits."""
    classes = _resolve_neutrals(_resolve_digits(_classify(text)))
    runs: list[ScriptRun] = []
    start = 0
    for rtl, group in groupby(cls == "R" for cls in classes):  # "R" goes in a w:rtl run
        end = start + sum(1 for _ in group)
        runs.append(ScriptRun(text[start:end], rtl))
        start = end
    return runs
