"""Direction of text inside a paragraph: script runs, composed fields and signed numbers.

This module is the one place where reportkit decides which characters go in a right-to-left
run and which in a left-to-right one. Both renderers use it: the HTML/PDF renderer wraps each
run of the other direction in one `<span dir>` (WeasyPrint reverses a Latin phrase split over
several inline boxes), and the DOCX renderer gives right-to-left runs `w:rtl` and the
complex-script fonts, Latin runs none.

`split_script_runs` follows the Unicode Bidirectional Algorithm (UAX #9): classes from the
Unicode database, isolates (X5a–X6a, resolved as their own paragraphs), weak types W1–W7,
bracket pairs N0, neutrals N1–N2, and the levels of I1–I2. A run is a stretch whose level is
the paragraph's own level or one above it; see `split_script_runs` for the two places where a
run is not simply a level's parity. The tests compare it, character by character, with the
Unicode reference behaviour of the `unicode-bidi` crate (python-bidi).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
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


# ------------------------------------------------------------------------------ fast paths

# Characters that can only resolve to a right-to-left run in a right-to-left paragraph: the
# Arabic blocks (whose Eastern digits count as Arabic, see `split_script_runs`), spaces, ASCII
# and typographic punctuation, ZWNJ/ZWJ, RLM and the word joiner. No left-to-right letter or
# Western digit means no left-to-right island: the whole text is one run.
_ONLY_RIGHT_TO_LEFT = re.compile(
    "[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
    r"\s!-/:-@\[-`{-~"
    "\u00a0\u00ab\u00bb\u200b-\u200d\u200f\u2010-\u2027\u2060]*"
)
# Characters that can only resolve to a left-to-right run in a left-to-right paragraph: all
# but the right-to-left scripts (Hebrew to Arabic Extended-A, their presentation forms and
# the right-to-left blocks of the supplementary planes), RLM and the explicit formatting
# characters. Without a right-to-left letter or Arabic number nothing can resolve to R.
_ONLY_LEFT_TO_RIGHT = re.compile(
    "[^\u0590-\u08ff\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufefe"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]*"
)


def split_script_runs(text: str, rtl: bool = True) -> list[ScriptRun]:
    """Return `text` cut into right-to-left and left-to-right runs for a paragraph.

    `rtl` is the paragraph's direction. Under the UBA, neutrals (spaces, punctuation,
    brackets, quotation marks) between two strong characters of the same direction take that
    direction, anywhere else the paragraph's: in an Arabic paragraph "Belavia Airlines" is one
    left-to-right run while the spaces around it and a final full stop stay Arabic, and in an
    English paragraph an Arabic name gets its own right-to-left run. Western digits after
    Arabic letters are a left-to-right island of their own; after Latin letters they join the
    Latin run.

    A run is the paragraph's direction where the UBA level is the paragraph's, the other
    direction where the level is higher, with two deliberate differences from the levels'
    parity, for the renderers' sake:
    - In a left-to-right paragraph a number inside Arabic text (level 2) stays in the Arabic
      run: the renderer lays it out left to right inside that run, as the UBA does, and
      cutting it out would swap the Arabic words around it.
    - In a right-to-left paragraph a number written in Arabic-Indic digits (٠–٩ or ۰–۹) that
      stands alone as a left-to-right island goes in the right-to-left run: Word, LibreOffice
      and WeasyPrint lay such digits out correctly inside an RTL run and need no island.
    Isolates (LRI, RLI, FSI … PDI) are resolved as paragraphs of their own direction;
    embeddings and overrides (LRE, RLE, LRO, RLO, PDF), which the loader refuses (RK006), are
    ignored as rule X9 removes them. A paragraph separator (U+2029, a newline) starts a new
    paragraph of the same direction.
    """
    if not text:
        return []
    if (_ONLY_RIGHT_TO_LEFT if rtl else _ONLY_LEFT_TO_RIGHT).fullmatch(text):
        return [ScriptRun(text, rtl)]  # most paragraphs: no per-character work
    return _split_mixed(text, rtl)


def _split_mixed(text: str, rtl: bool = True) -> list[ScriptRun]:
    """Return the runs of a text that may hold characters of both directions."""
    runs: list[ScriptRun] = []
    start = 0
    for is_rtl, group in groupby(resolve_directions(text, rtl)):
        end = start + sum(1 for _ in group)
        runs.append(ScriptRun(text[start:end], is_rtl))
        start = end
    return runs


# --------------------------------------------------------------------- fields we compose


def join_fields(parts: Iterable[str], separator: str, rtl: bool) -> str:
    """Return the non-empty `parts` joined by `separator`, each keeping its own direction.

    Text we compose from fields (a source's publisher, «title» and date) reads in the
    paragraph's direction only if the separator does. Under the UBA a separator between two
    Latin fields in an Arabic paragraph ("Reuters، «US officials»") takes the Latin direction,
    and a reader of Word, LibreOffice or a PDF sees the fields swapped. Where that would happen
    a RIGHT-TO-LEFT MARK (LEFT-TO-RIGHT MARK in a left-to-right paragraph) goes after the
    separator: the separator then lies between a strong character of the paragraph's direction
    and whatever precedes it, and the next field starts as if it began the paragraph.
    """
    mark = _RLM if rtl else _LRM
    joined = ""
    for part in filter(None, parts):
        if not joined:
            joined = part
            continue
        plain = joined + separator + part
        apart = [resolve_directions(piece, rtl) for piece in (joined, separator, part)]
        keeps_directions = resolve_directions(plain, rtl) == [d for ds in apart for d in ds]
        joined = plain if keeps_directions else joined + separator + mark + part
    return joined


# ------------------------------------------------------------- the bidirectional algorithm

_EXPLICIT_EMBEDDINGS = frozenset({"LRE", "RLE", "LRO", "RLO", "PDF"})
_ISOLATE_INITIATORS = frozenset({"LRI", "RLI", "FSI"})
# Neutral and isolate formatting characters, as rules N1 and N2 group them.
_NEUTRALS = frozenset({"B", "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"})
# The strong direction of a resolved type for N0 and N1: numbers count as right-to-left.
_STRONG = {"L": "L", "R": "R", "EN": "R", "AN": "R"}
_ARABIC_INDIC_DIGITS = frozenset("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")
_MAX_DEPTH = 125  # deepest embedding level (BD2)
# Bidi_Paired_Bracket pairs (BidiBrackets.txt), opening then closing; U+2329/U+232A are
# canonically equivalent to U+3008/U+3009, which is how BD16 compares them.
_BRACKET_PAIRS = (
    "()[]{}\u0f3a\u0f3b\u0f3c\u0f3d\u169b\u169c\u2045\u2046\u207d\u207e\u208d\u208e"
    "\u2308\u2309\u230a\u230b\u2329\u232a\u2768\u2769\u276a\u276b\u276c\u276d\u276e\u276f"
    "\u2770\u2771\u2772\u2773\u2774\u2775\u27c5\u27c6\u27e6\u27e7\u27e8\u27e9\u27ea\u27eb"
    "\u27ec\u27ed\u27ee\u27ef\u2983\u2984\u2985\u2986\u2987\u2988\u2989\u298a\u298b\u298c"
    "\u298d\u2990\u298f\u298e\u2991\u2992\u2993\u2994\u2995\u2996\u2997\u2998\u29d8\u29d9"
    "\u29da\u29db\u29fc\u29fd\u2e22\u2e23\u2e24\u2e25\u2e26\u2e27\u2e28\u2e29\u2e55\u2e56"
    "\u2e57\u2e58\u2e59\u2e5a\u2e5b\u2e5c\u3008\u3009\u300a\u300b\u300c\u300d\u300e\u300f"
    "\u3010\u3011\u3014\u3015\u3016\u3017\u3018\u3019\u301a\u301b\ufe59\ufe5a\ufe5b\ufe5c"
    "\ufe5d\ufe5e\uff08\uff09\uff3b\uff3d\uff5b\uff5d\uff5f\uff60\uff62\uff63"
)
_CANONICAL_BRACKET = {"\u2329": "\u3008", "\u232a": "\u3009"}
_CLOSING_OF = {
    _CANONICAL_BRACKET.get(opening, opening): _CANONICAL_BRACKET.get(closing, closing)
    for opening, closing in zip(_BRACKET_PAIRS[::2], _BRACKET_PAIRS[1::2], strict=True)
}
_CLOSING_BRACKETS = frozenset(_BRACKET_PAIRS[1::2])


@cache  # a text has few distinct characters; unicodedata looks each one up every time
def _bidi_class(ch: str) -> str:
    """Return the character's Bidi_Class; embeddings and overrides count as removed (BN)."""
    bidi = unicodedata.bidirectional(ch) or "L"
    return "BN" if bidi in _EXPLICIT_EMBEDDINGS else bidi


def resolve_directions(text: str, rtl: bool = True) -> list[bool]:
    """Return, per character of `text`, whether it belongs in a right-to-left run."""
    classes = [_bidi_class(ch) for ch in text]
    directions = [rtl] * len(text)  # paragraph separators keep the paragraph's direction
    start = 0
    for end in [i for i, cls in enumerate(classes) if cls == "B"] + [len(text)]:
        _resolve_paragraph(text, classes, start, end, rtl, directions)
        start = end + 1
    for i, cls in enumerate(classes):
        if cls == "BN":  # removed by X9: the level of the character before it
            directions[i] = directions[i - 1] if i else rtl
    return directions


def _resolve_paragraph(
    text: str, classes: list[str], start: int, end: int, rtl: bool, directions: list[bool]
) -> None:
    """Resolve the paragraph text[start:end] (no separator inside) into `directions`."""
    matching_pdi: dict[int, int] = {}
    open_isolates: list[int] = []
    for i in range(start, end):
        if classes[i] in _ISOLATE_INITIATORS:
            open_isolates.append(i)
        elif classes[i] == "PDI" and open_isolates:
            matching_pdi[open_isolates.pop()] = i
    _resolve_isolating(text, classes, start, end, int(rtl), matching_pdi, directions)


def _resolve_isolating(
    text: str,
    classes: list[str],
    start: int,
    end: int,
    level: int,
    matching_pdi: dict[int, int],
    directions: list[bool],
) -> None:
    """Resolve text[start:end] at embedding `level`, each isolate inside it on its own (BD13).

    The characters of this isolating run sequence skip over the content of each isolate,
    whose initiator and matching PDI stand next to each other here as two neutrals.
    """
    sequence: list[int] = []
    i = start
    while i < end:
        cls = classes[i]
        if cls != "BN":
            sequence.append(i)
        if cls in _ISOLATE_INITIATORS:
            inner_end = matching_pdi.get(i, end)
            inner_level = _isolate_level(text, classes, i, inner_end, level, matching_pdi)
            if inner_level <= _MAX_DEPTH:
                _resolve_isolating(
                    text, classes, i + 1, inner_end, inner_level, matching_pdi, directions
                )
                i = inner_end
                continue
        i += 1
    _resolve_sequence(text, classes, sequence, level % 2 == 1, directions)


def _isolate_level(
    text: str, classes: list[str], initiator: int, end: int, level: int, matching_pdi: dict
) -> int:
    """Return the embedding level inside the isolate that starts at `initiator` (X5a–X5c)."""
    cls = classes[initiator]
    rtl = cls == "RLI" or (
        cls == "FSI" and _first_strong(classes, initiator + 1, end, matching_pdi)
    )
    return (level + 1) | 1 if rtl else (level + 2) & ~1


def _first_strong(classes: list[str], start: int, end: int, matching_pdi: dict) -> bool:
    """Return True if the first strong character of classes[start:end] is right-to-left (P2)."""
    i = start
    while i < end:
        cls = classes[i]
        if cls in ("R", "AL"):
            return True
        if cls == "L":
            return False
        i = matching_pdi.get(i, end) if cls in _ISOLATE_INITIATORS else i + 1
    return False


def _resolve_sequence(
    text: str, classes: list[str], sequence: list[int], rtl: bool, directions: list[bool]
) -> None:
    """Resolve one isolating run sequence of embedding direction `rtl` into `directions`."""
    embedding = "R" if rtl else "L"
    types = [classes[i] for i in sequence]
    _resolve_weak(types, embedding)
    _resolve_brackets(text, classes, sequence, types, embedding)
    _resolve_neutrals(types, embedding)
    # I1/I2 give R the odd level, and numbers the odd level in a left-to-right paragraph.
    opposite_of_ltr = ("R", "EN", "AN")
    for i, resolved in zip(sequence, types, strict=True):
        directions[i] = resolved == "R" if rtl else resolved in opposite_of_ltr
    if rtl:
        _keep_arabic_indic_numbers_right_to_left(text, sequence, types, directions)


def _resolve_weak(types: list[str], embedding: str) -> None:
    """Apply rules W1–W7 to the types of one isolating run sequence."""
    for k, cls in enumerate(types):  # W1: a combining mark takes its base's type
        if cls == "NSM":
            before = types[k - 1] if k else embedding
            types[k] = "ON" if before in _ISOLATE_INITIATORS or before == "PDI" else before
    last_strong = embedding
    for k, cls in enumerate(types):  # W2: digits after Arabic letters; W3: AL is R
        if cls in ("L", "R", "AL"):
            last_strong = cls
            if cls == "AL":
                types[k] = "R"
        elif cls == "EN" and last_strong == "AL":
            types[k] = "AN"
    for k in range(1, len(types) - 1):  # W4: one separator between two numbers
        before, cls, after = types[k - 1 : k + 2]
        if before == after and (
            (cls == "ES" and before == "EN") or (cls == "CS" and before in ("EN", "AN"))
        ):
            types[k] = before
    _absorb_terminators(types)
    for k, cls in enumerate(types):  # W6: other separators and terminators are neutral
        if cls in ("ES", "ET", "CS"):
            types[k] = "ON"
    last_strong = embedding
    for k, cls in enumerate(types):  # W7: digits after Latin letters are Latin
        if cls in ("L", "R"):
            last_strong = cls
        elif cls == "EN" and last_strong == "L":
            types[k] = "L"


def _absorb_terminators(types: list[str]) -> None:
    """W5: make a sequence of terminators (%, currency signs) that touches a number part of it."""
    k = 0
    while k < len(types):
        if types[k] != "ET":
            k += 1
            continue
        end = k
        while end < len(types) and types[end] == "ET":
            end += 1
        if (k and types[k - 1] == "EN") or (end < len(types) and types[end] == "EN"):
            types[k:end] = ["EN"] * (end - k)
        k = end


def _resolve_brackets(
    text: str, classes: list[str], sequence: list[int], types: list[str], embedding: str
) -> None:
    """N0: give both brackets of a pair the direction of what they enclose (or of the context)."""
    for opening, closing in _bracket_pairs(text, sequence, types):
        inside = {_STRONG.get(t) for t in types[opening + 1 : closing]}
        if embedding in inside:
            direction = embedding
        elif inside - {None}:  # only the opposite direction inside: follow the context
            direction = next(
                (_STRONG[t] for t in reversed(types[:opening]) if t in _STRONG), embedding
            )
        else:
            continue
        for k in (opening, closing):
            types[k] = direction
            k += 1
            while k < len(types) and classes[sequence[k]] == "NSM":  # marks on the bracket
                types[k] = direction
                k += 1


def _bracket_pairs(text: str, sequence: list[int], types: list[str]) -> list[tuple[int, int]]:
    """Return the bracket pairs of a sequence as positions in it, by opening bracket (BD16)."""
    stack: list[tuple[str, int]] = []
    pairs = []
    for k, i in enumerate(sequence):
        if types[k] != "ON":
            continue
        ch = _CANONICAL_BRACKET.get(text[i], text[i])
        if ch in _CLOSING_OF:
            if len(stack) == 63:
                break
            stack.append((_CLOSING_OF[ch], k))
        elif ch in _CLOSING_BRACKETS:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], k))
                    del stack[depth:]
                    break
    return sorted(pairs)


def _resolve_neutrals(types: list[str], embedding: str) -> None:
    """N1/N2: neutrals between two strong types of one direction take it, others the embedding's."""
    k = 0
    while k < len(types):
        if types[k] not in _NEUTRALS:
            k += 1
            continue
        end = k
        while end < len(types) and types[end] in _NEUTRALS:
            end += 1
        before = _STRONG[types[k - 1]] if k else embedding
        after = _STRONG[types[end]] if end < len(types) else embedding
        types[k:end] = [before if before == after else embedding] * (end - k)
        k = end


def _keep_arabic_indic_numbers_right_to_left(
    text: str, sequence: list[int], types: list[str], directions: list[bool]
) -> None:
    """Put an Arabic-Indic number that is a left-to-right island of its own in the RTL run."""
    k = 0
    while k < len(types):
        if types[k] not in ("EN", "AN"):
            k += 1
            continue
        end = k
        while end < len(types) and types[end] in ("EN", "AN"):
            end += 1
        alone = (not k or types[k - 1] == "R") and (end == len(types) or types[end] == "R")
        number = sequence[k:end]
        if alone and any(text[i] in _ARABIC_INDIC_DIGITS for i in number):
            for i in number:
                directions[i] = True
        k = end
