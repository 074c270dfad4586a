"""Arabic typography checks: punctuation, quotes, digits, pairs, tatweel, glyphs, detached و."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

from reportkit.checks import CheckInput, check
from reportkit.diagnostics import Problem
from reportkit.fonts import covered_codepoints

ARABIC_LETTER = "\u0621-\u063a\u0641-\u064a\u066e-\u06d3\u06fa-\u06ff"
ARABIC_MARK = "\u064b-\u065f\u0670"
_HAS_ARABIC = re.compile(f"[{ARABIC_LETTER}]")
_LATIN_PUNCTUATION = re.compile(
    f"(?<=[{ARABIC_LETTER}{ARABIC_MARK}])\\s?([,;?])(?=\\s*(?:[{ARABIC_LETTER}]|$))")
_ARABIC_FOR = {",": "،", ";": "؛", "?": "؟"}
_STRAIGHT_QUOTE = re.compile(
    f"(?<=[{ARABIC_LETTER}{ARABIC_MARK}])[\"']|[\"'](?=[{ARABIC_LETTER}])")
_MIXED_DIGITS = re.compile("[0-9][.,٫٬]?[٠-٩۰-۹]|[٠-٩۰-۹][.,٫٬]?[0-9]")
_DETACHED_WAW = re.compile(f"(?:^|(?<=\\s))و\\s+(?=[{ARABIC_LETTER}])")
# Letters that join to the following letter; tatweel after any other letter cannot join.
_DUAL_JOINING = re.compile("[\u0626\u0628\u062a-\u062e\u0633-\u063a\u0641-\u0647\u064a"
                           "\u066e\u066f\u0678-\u0687\u069a-\u06bf\u06c1\u06cc\u06ce\u06d0]")
_PAIRS = {"(": ")", "[": "]", "{": "}", "«": "»", "“": "”", "‹": "›"}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def _has_arabic(text: str) -> bool:
    return bool(_HAS_ARABIC.search(text))


def _excerpt(text: str, start: int, end: int, margin: int = 12) -> str:
    left, right = max(0, start - margin), min(len(text), end + margin)
    return ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")


def _count_note(matches: list) -> str:
    return f" ({len(matches)} times)" if len(matches) > 1 else ""


@check("RK210")
def latin_punctuation(given: CheckInput) -> Iterator[Problem]:
    for path, text in given.plain_texts():
        matches = list(_LATIN_PUNCTUATION.finditer(text))
        if matches:
            first = matches[0]
            mark = first.group(1)
            yield Problem(path, "RK210", f"Latin `{mark}` in Arabic text; write `{_ARABIC_FOR[mark]}`"
                          f"{_count_note(matches)}: «{_excerpt(text, first.start(), first.end())}»")


@check("RK211")
def straight_quotes(given: CheckInput) -> Iterator[Problem]:
    for path, text in given.plain_texts():
        matches = list(_STRAIGHT_QUOTE.finditer(text))
        if matches:
            first = matches[0]
            yield Problem(path, "RK211", f"straight quote {first.group()} around Arabic text; "
                          f"use «…»{_count_note(matches)}: «{_excerpt(text, first.start(), first.end())}»")


@check("RK212")
def mixed_digits(given: CheckInput) -> Iterator[Problem]:
    for path, text in given.plain_texts():
        for match in _MIXED_DIGITS.finditer(text):
            yield Problem(path, "RK212", f"number mixes Western and Arabic-Indic digits: "
                                         f"«{_excerpt(text, match.start(), match.end(), 6)}»")


@check("RK213")
def unbalanced_pairs(given: CheckInput) -> Iterator[Problem]:
    for path, text in given.plain_texts():
        problem = _first_unbalanced(text)
        if problem:
            yield Problem(path, "RK213", problem)


def _first_unbalanced(text: str) -> str | None:
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(text):
        if char in _PAIRS:
            stack.append((char, index))
        elif char in _CLOSERS:
            if not stack or stack[-1][0] != _CLOSERS[char]:
                return (f"`{char}` closes nothing (expected `{_CLOSERS[char]}` before it): "
                        f"«{_excerpt(text, index, index + 1)}»")
            stack.pop()
    if stack:
        char, index = stack[-1]
        return f"`{char}` is never closed with `{_PAIRS[char]}`: «{_excerpt(text, index, index + 1)}»"
    return None


@check("RK214")
def tatweel(given: CheckInput) -> Iterator[Problem]:
    for path, text in given.plain_texts():
        for index, char in enumerate(text):
            if char != "\u0640":
                continue
            previous = text[index - 1] if index else ""
            if previous == "\u0640":
                continue  # reported with the first of the run
            run_end = index
            while run_end + 1 < len(text) and text[run_end + 1] == "\u0640":
                run_end += 1
            if run_end > index:
                reason = "repeated tatweel stretches words; justification does this in print"
            elif not _DUAL_JOINING.match(previous):
                reason = "tatweel after a letter that does not join forward (or at a word start)"
            else:
                continue
            yield Problem(path, "RK214", f"{reason}: «{_excerpt(text, index, run_end + 1)}»")


@check("RK216")
def detached_waw(given: CheckInput) -> Iterator[Problem]:
    for path, text in given.plain_texts():
        for match in _DETACHED_WAW.finditer(text):
            yield Problem(path, "RK216", "the conjunction و is written apart from the next word; "
                                         f"join them: «{_excerpt(text, match.start(), match.end())}»")


@check("RK215")
def missing_glyphs(given: CheckInput) -> Iterator[Problem]:
    covered = covered_codepoints()
    if covered is None:  # no font found: `reportkit doctor` explains how to install them
        return
    for path, text in given.plain_texts():
        missing = sorted({c for c in text if ord(c) not in covered
                          and unicodedata.category(c) not in _INVISIBLE})
        if missing:
            names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')} «{c}»" for c in missing[:3])
            yield Problem(path, "RK215", f"the report's fonts cannot draw {names}"
                                         f"{' and more' if len(missing) > 3 else ''}")
