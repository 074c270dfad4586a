"""Arabic typography checks: punctuation, quotes, digits, pairs, tatweel, glyphs, detached و."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from reportkit.checks import CheckInput, check
from reportkit.diagnostics import Problem
from reportkit.fonts import covered_characters, default_families
from reportkit.i18n import _, isolate

ARABIC_LETTER = "\u0621-\u063a\u0641-\u064a\u066e-\u06d3\u06fa-\u06ff"
ARABIC_MARK = "\u064b-\u065f\u0670"
_HAS_ARABIC = re.compile(f"[{ARABIC_LETTER}]")
_LATIN_PUNCTUATION = re.compile(
    f"(?<=[{ARABIC_LETTER}{ARABIC_MARK}])\\s?([,;?])(?=\\s*(?:[{ARABIC_LETTER}]|$))", re.M
)
_ARABIC_FOR = {",": "،", ";": "؛", "?": "؟"}
_STRAIGHT_QUOTE = re.compile(f"(?<=[{ARABIC_LETTER}{ARABIC_MARK}])[\"']|[\"'](?=[{ARABIC_LETTER}])")
_MIXED_DIGITS = re.compile("[0-9][.,٫٬]?[٠-٩۰-۹]|[٠-٩۰-۹][.,٫٬]?[0-9]")
# Starts with a literal so the regex engine can skip ahead; the word start is checked in code.
_DETACHED_WAW = re.compile(f"و\\s+(?=[{ARABIC_LETTER}])")
# Cheap first searches: the characters each check is about, absent from most reports.
_ANY_LATIN_PUNCTUATION = re.compile("[,;?]")
_ANY_STRAIGHT_QUOTE = re.compile("[\"']")
_ANY_ARABIC_INDIC_DIGIT = re.compile("[٠-٩۰-۹]")
# Letters that join to the following letter; tatweel after any other letter cannot join.
_DUAL_JOINING = re.compile(
    "[\u0626\u0628\u062a-\u062e\u0633-\u063a\u0641-\u0647\u064a"
    "\u066e\u066f\u0678-\u0687\u069a-\u06bf\u06c1\u06cc\u06ce\u06d0]"
)
_PAIRS = {"(": ")", "[": "]", "{": "}", "«": "»", "“": "”", "‹": "›"}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}
_PAIR_CHAR = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_CLOSERS)) + "]")
_TATWEEL_RUN = re.compile("\u0640+")
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def _has_arabic(text: str) -> bool:
    return bool(_HAS_ARABIC.search(text))


def _excerpt(text: str, start: int, end: int, margin: int = 12) -> str:
    left, right = max(0, start - margin), min(len(text), end + margin)
    return ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")


def _count_note(matches: list) -> str:
    return " " + _("({count} times)", count=len(matches)) if len(matches) > 1 else ""


def _one_per_text(
    given: CheckInput, prefilter: re.Pattern, pattern: re.Pattern, code: str, advice
) -> Iterator[Problem]:
    """Yield one warning per text, on its first match, saying how many times it occurs."""
    for path, text in given.texts_matching(prefilter):
        matches = list(pattern.finditer(text))
        if matches:
            first = matches[0]
            yield Problem(
                path,
                code,
                f"{advice(first)}{_count_note(matches)}: "
                f"«{isolate(_excerpt(text, first.start(), first.end()))}»",
            )


@check("RK210")
def latin_punctuation(given: CheckInput) -> Iterator[Problem]:
    yield from _one_per_text(
        given,
        _ANY_LATIN_PUNCTUATION,
        _LATIN_PUNCTUATION,
        "RK210",
        lambda m: _(
            "Latin `{latin}` in Arabic text; write `{arabic}`",
            latin=m.group(1),
            arabic=_ARABIC_FOR[m.group(1)],
        ),
    )


@check("RK211")
def straight_quotes(given: CheckInput) -> Iterator[Problem]:
    yield from _one_per_text(
        given,
        _ANY_STRAIGHT_QUOTE,
        _STRAIGHT_QUOTE,
        "RK211",
        lambda m: _("straight quote {quote} around Arabic text; use «…»", quote=m.group()),
    )


@check("RK212")
def mixed_digits(given: CheckInput) -> Iterator[Problem]:
    for path, text in given.texts_matching(_ANY_ARABIC_INDIC_DIGIT):
        for match in _MIXED_DIGITS.finditer(text):
            yield Problem(
                path,
                "RK212",
                _(
                    "number mixes Western and Arabic-Indic digits: «{excerpt}»",
                    excerpt=isolate(_excerpt(text, match.start(), match.end(), 6)),
                ),
            )


@check("RK213")
def unbalanced_pairs(given: CheckInput) -> Iterator[Problem]:
    for path, text in given.texts_matching(_PAIR_CHAR):
        problem = _first_unbalanced(text)
        if problem:
            yield Problem(path, "RK213", problem)


def _first_unbalanced(text: str) -> str | None:
    stack: list[tuple[str, int]] = []
    for match in _PAIR_CHAR.finditer(text):
        char, index = match.group(), match.start()
        if char in _PAIRS:
            stack.append((char, index))
        elif not stack or stack[-1][0] != _CLOSERS[char]:
            return _(
                "`{char}` closes nothing (expected `{opener}` before it): «{excerpt}»",
                char=char,
                opener=_CLOSERS[char],
                excerpt=isolate(_excerpt(text, index, index + 1)),
            )
        else:
            stack.pop()
    if stack:
        char, index = stack[-1]
        return _(
            "`{char}` is never closed with `{closer}`: «{excerpt}»",
            char=char,
            closer=_PAIRS[char],
            excerpt=isolate(_excerpt(text, index, index + 1)),
        )
    return None


@check("RK214")
def tatweel(given: CheckInput) -> Iterator[Problem]:
    for path, text in given.texts_matching(_TATWEEL_RUN):
        for match in _TATWEEL_RUN.finditer(text):
            start, end = match.span()
            previous = text[start - 1] if start else ""
            if end - start > 1:
                reason = _("repeated tatweel stretches words; justification does this in print")
            elif not _DUAL_JOINING.match(previous):
                reason = _("tatweel after a letter that does not join forward (or at a word start)")
            else:
                continue
            yield Problem(path, "RK214", f"{reason}: «{isolate(_excerpt(text, start, end))}»")


@check("RK216")
def detached_waw(given: CheckInput) -> Iterator[Problem]:
    for path, text in given.texts_matching(_DETACHED_WAW):
        for match in _DETACHED_WAW.finditer(text):
            if match.start() and not text[match.start() - 1].isspace():
                continue  # the last letter of a word, not the conjunction
            yield Problem(
                path,
                "RK216",
                _(
                    "the conjunction و is written apart from the next word; join them: «{excerpt}»",
                    excerpt=isolate(_excerpt(text, match.start(), match.end())),
                ),
            )


@lru_cache(maxsize=1)
def _families() -> tuple[str, ...]:
    return default_families()


@check("RK215")
def missing_glyphs(given: CheckInput) -> Iterator[Problem]:
    covered = covered_characters(_families())
    if covered is None:  # no font found: `reportkit doctor` explains how to install them
        return
    missing = {
        c
        for c in set(given.joined).difference(covered)
        if unicodedata.category(c) not in _INVISIBLE
    }
    if not missing:
        return
    for path, text in given.plain_texts:
        here = sorted(missing.intersection(text))
        if here:
            names = ", ".join(
                f"U+{ord(c):04X} {unicodedata.name(c, '?')} «{isolate(c)}»" for c in here[:3]
            )
            yield Problem(
                path,
                "RK215",
                _missing_glyph_message(names, len(here) > 3),
            )


def _missing_glyph_message(names: str, more: bool) -> str:
    if more:
        return _("the report's fonts cannot draw {names} and more", names=names)
    return _("the report's fonts cannot draw {names}", names=names)
