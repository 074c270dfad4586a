"""Direction of text inside a paragraph: script runs, composed fields and signed numbers.

This module is the one place where reportkit decides which characters go in a right-to-left
run and which in a left-to-right one. Both renderers use it: the HTML/PDF renderer wraps each
run of the other direction in one `<span dir>` (WeasyPrint reverses a Latin phrase split over
several inline boxes), and the DOCX renderer gives right-to-left runs `w:rtl` and the
complex-script fonts, Latin runs none.

`split_script_runs` follows the Unicode Bidirectional Algorithm (UAX #9): classes from the
Unicode database, isolates (X5a–X6a, resolved as their own paragraphs), weak types W1–W7,
bracket pairs N0, neutrals N1–N2, and the levels of I1–I2; `split_script_runs` says how a
level becomes a run's direction and where that is deliberately not the level's parity. The
tests compare it, character by character, with the `unicode-bidi` crate (python-bidi), which
passes Unicode's conformance tests.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
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
    directions = _directions(text, rtl)
    return [
        ScriptRun(text[run.start() : run.end()], run.group()[0] == "1")
        for run in _SAME_DIRECTION.finditer(directions)
    ]


_SAME_DIRECTION = re.compile("1+|0+")


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
#
# Each character's Bidi_Class is written as one letter, so that the rules run as regular
# expressions over a string instead of Python loops over a list of characters:
#   L, R, A (AL), E (EN), N (AN), s (ES), t (ET), c (CS), m (NSM),
#   n (neutral: WS, S, ON), i (isolate initiator), p (PDI), B (paragraph separator),
#   x (removed by rule X9: BN, and the embeddings and overrides we do not honour).
# A resolved sequence is a string of "1" (right-to-left run) and "0" (left-to-right run).

_CODE_OF_CLASS = {
    "L": "L",
    "R": "R",
    "B": "B",
    "AL": "A",
    "EN": "E",
    "AN": "N",
    "ES": "s",
    "ET": "t",
    "CS": "c",
    "NSM": "m",
    **dict.fromkeys(["WS", "S", "ON"], "n"),
    **dict.fromkeys(["LRI", "RLI", "FSI"], "i"),
    "PDI": "p",
    **dict.fromkeys(["BN", "LRE", "RLE", "LRO", "RLO", "PDF"], "x"),
}


class _ClassCodes(dict):
    """Character → class letter, for `str.translate`, filled in as characters turn up."""

    def __missing__(self, code_point: int) -> str:
        cls = unicodedata.bidirectional(chr(code_point)) or "L"
        code = _CODE_OF_CLASS[cls]
        self[code_point] = code
        return code


_CLASS_CODES = _ClassCodes()
_ARABIC_INDIC_DIGITS = frozenset("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")
_MAX_DEPTH = 125  # deepest embedding level (BD2)
_STRONG = {"L": "L", "R": "R", "E": "R", "N": "R"}  # N0 and N1: numbers count as R
_NEEDS_SEQUENCES = re.compile("[ipBx]")  # isolates, paragraphs, removed characters

_W1_MARKS = re.compile("m+")
_W2_AFTER_ARABIC = re.compile("A[^LR]*")
_W4_EUROPEAN = re.compile("(?<=E)[sc](?=E)")
_W4_ARABIC = re.compile("(?<=N)c(?=N)")
_W5_TERMINATORS = re.compile("t+(?=E)|(?<=E)t+")
_W6_TO_NEUTRAL = str.maketrans("stc", "nnn")
_W7_AFTER_LATIN = re.compile("L[^R]*")
_W7_AT_START = re.compile("^[^LR]*")
# N1: neutrals between two strong types of the other direction than the embedding's take it.
_NEUTRALS_TO_OPPOSITE = {
    "R": (re.compile("(?<=L)[nip]+(?=L)"), "L"),
    "L": (re.compile("(?<=[REN])[nip]+(?=[REN])"), "R"),
}
_NEUTRALS_TO_EMBEDDING = {"R": str.maketrans("nip", "RRR"), "L": str.maketrans("nip", "LLL")}
_NUMBER_ISLAND = re.compile("(?<![^R])[EN]+(?![^R])")  # between two Rs or an R and an edge
_DIRECTION_IN_RTL = str.maketrans("LREN", "0100")
_DIRECTION_IN_LTR = str.maketrans("LREN", "0111")  # numbers inside Arabic stay in its run

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
_CLOSING_BRACKETS = frozenset(_CANONICAL_BRACKET.get(c, c) for c in _BRACKET_PAIRS[1::2])
_ANY_BRACKET = re.compile("[" + re.escape(_BRACKET_PAIRS) + "]")


def resolve_directions(text: str, rtl: bool = True) -> list[bool]:
    """Return, per character of `text`, whether it belongs in a right-to-left run."""
    return [d == "1" for d in _directions(text, rtl)]


def _directions(text: str, rtl: bool) -> str:
    """Return one "1" (right-to-left) or "0" per character of `text`."""
    codes = text.translate(_CLASS_CODES)
    if not _NEEDS_SEQUENCES.search(codes):  # one paragraph, one isolating run sequence
        return _resolve_sequence(text, codes, "R" if rtl else "L")
    directions = ["1" if rtl else "0"] * len(text)  # paragraph separators keep that
    start = 0
    for end in [i for i, code in enumerate(codes) if code == "B"] + [len(text)]:
        _resolve_paragraph(text, codes, start, end, rtl, directions)
        start = end + 1
    for i, code in enumerate(codes):
        if code == "x" and i:  # removed by X9: the level of the character before it
            directions[i] = directions[i - 1]
    return "".join(directions)


def _resolve_paragraph(
    text: str, codes: str, start: int, end: int, rtl: bool, directions: list[str]
) -> None:
    """Resolve the paragraph text[start:end] (no separator inside) into `directions`."""
    matching_pdi: dict[int, int] = {}
    open_isolates: list[int] = []
    for i in range(start, end):
        if codes[i] == "i":
            open_isolates.append(i)
        elif codes[i] == "p" and open_isolates:
            matching_pdi[open_isolates.pop()] = i
    _resolve_isolating(text, codes, start, end, int(rtl), matching_pdi, directions)


def _resolve_isolating(
    text: str,
    codes: str,
    start: int,
    end: int,
    level: int,
    matching_pdi: dict[int, int],
    directions: list[str],
) -> None:
    """Resolve text[start:end] at embedding `level`, each isolate inside it on its own (BD13).

    The characters of this isolating run sequence skip over the content of each isolate,
    whose initiator and matching PDI stand next to each other here as two neutrals.
    """
    sequence: list[int] = []
    i = start
    while i < end:
        if codes[i] != "x":
            sequence.append(i)
        if codes[i] == "i":
            inner_end = matching_pdi.get(i, end)
            inner_level = _isolate_level(text[i], codes, i + 1, inner_end, level, matching_pdi)
            if inner_level <= _MAX_DEPTH:
                _resolve_isolating(
                    text, codes, i + 1, inner_end, inner_level, matching_pdi, directions
                )
                i = inner_end
                continue
        i += 1
    resolved = _resolve_sequence(
        "".join(text[i] for i in sequence),
        "".join(codes[i] for i in sequence),
        "R" if level % 2 else "L",
    )
    for i, direction in zip(sequence, resolved, strict=True):
        directions[i] = direction


def _isolate_level(
    initiator: str, codes: str, start: int, end: int, level: int, matching_pdi: dict
) -> int:
    """Return the embedding level inside an isolate whose content is codes[start:end] (X5a–c)."""
    rtl = initiator == "\u2067" or (
        initiator == "\u2068" and _first_strong_is_rtl(codes, start, end, matching_pdi)
    )
    return (level + 1) | 1 if rtl else (level + 2) & ~1


def _first_strong_is_rtl(codes: str, start: int, end: int, matching_pdi: dict) -> bool:
    """Return True if the first strong character of codes[start:end] is right-to-left (P2)."""
    i = start
    while i < end:
        if codes[i] in "RA":
            return True
        if codes[i] == "L":
            return False
        i = matching_pdi.get(i, end) if codes[i] == "i" else i + 1
    return False


def _resolve_sequence(text: str, codes: str, embedding: str) -> str:
    """Return "1"/"0" per character of one isolating run sequence of direction `embedding`."""
    resolved = _resolve_weak(codes, embedding)
    if _ANY_BRACKET.search(text):
        resolved = _resolve_brackets(text, codes, resolved, embedding)
    resolved = _resolve_neutrals(resolved, embedding)
    if embedding == "L":  # I1/I2: R is odd; numbers are too, inside Arabic
        return resolved.translate(_DIRECTION_IN_LTR)
    directions = resolved.translate(_DIRECTION_IN_RTL)
    for island in _NUMBER_ISLAND.finditer(resolved):
        if _ARABIC_INDIC_DIGITS.intersection(text[island.start() : island.end()]):
            directions = _replace(directions, island.start(), island.end(), "1")
    return directions


def _resolve_weak(codes: str, embedding: str) -> str:
    """Apply rules W1–W7 to the class letters of one isolating run sequence."""

    def combining_marks(match: re.Match) -> str:  # W1: a mark takes its base's type
        base = codes[match.start() - 1] if match.start() else embedding
        return ("n" if base in "ip" else base) * len(match.group())

    def digits_to(number: str):
        return lambda match: match.group().replace("E", number)

    types = _W1_MARKS.sub(combining_marks, codes)
    types = _W2_AFTER_ARABIC.sub(digits_to("N"), types).replace("A", "R")  # W2, W3
    types = _W4_ARABIC.sub("N", _W4_EUROPEAN.sub("E", types))
    types = _W5_TERMINATORS.sub(lambda match: "E" * len(match.group()), types)
    types = types.translate(_W6_TO_NEUTRAL)
    if embedding == "L":
        types = _W7_AT_START.sub(digits_to("L"), types)
    return _W7_AFTER_LATIN.sub(digits_to("L"), types)


def _resolve_neutrals(types: str, embedding: str) -> str:
    """N1/N2: neutrals between two strong types of one direction take it, others the embedding's.

    Numbers count as R; the paragraph's edges count as the embedding direction.
    """
    pattern, opposite = _NEUTRALS_TO_OPPOSITE[embedding]
    types = pattern.sub(lambda match: opposite * len(match.group()), types)
    return types.translate(_NEUTRALS_TO_EMBEDDING[embedding])


def _resolve_brackets(text: str, codes: str, types: str, embedding: str) -> str:
    """N0: give both brackets of a pair the direction of what they enclose (or of the context)."""
    resolved = list(types)
    for opening, closing in _bracket_pairs(text, types):
        inside = {_STRONG.get(t) for t in resolved[opening + 1 : closing]}
        if embedding in inside:
            direction = embedding
        elif inside - {None}:  # only the opposite direction inside: follow the context
            before = (_STRONG[t] for t in reversed(resolved[:opening]) if t in _STRONG)
            direction = next(before, embedding)
        else:
            continue
        for k in (opening, closing):
            resolved[k] = direction
            k += 1
            while k < len(codes) and codes[k] == "m":  # combining marks on the bracket
                resolved[k] = direction
                k += 1
    return "".join(resolved)


def _bracket_pairs(text: str, types: str) -> list[tuple[int, int]]:
    """Return the positions of the bracket pairs, ordered by opening bracket (BD16)."""
    stack: list[tuple[str, int]] = []
    pairs = []
    for match in _ANY_BRACKET.finditer(text):
        k = match.start()
        if types[k] != "n":
            continue
        ch = _CANONICAL_BRACKET.get(text[k], text[k])
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


def _replace(text: str, start: int, end: int, char: str) -> str:
    return text[:start] + char * (end - start) + text[end:]
