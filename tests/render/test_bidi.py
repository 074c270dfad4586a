"""Script runs (render/bidi.py) against a real implementation of the Unicode Bidi Algorithm.

The oracle is python-bidi, which wraps the Rust `unicode-bidi` crate (conformance-tested
against the Unicode reference). Every character's run direction must equal the oracle's
resolved level, read the way `split_script_runs` documents: the paragraph's level is the
paragraph's direction, a higher level the other direction.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from bidi import get_display
from conftest import REPORTS
from pydantic import BaseModel

from reportkit.loader import load_report
from reportkit.models.common import InlineText
from reportkit.render.bidi import (
    ScriptRun,
    _split_mixed,
    join_fields,
    protect_signed_numbers,
    split_script_runs,
)

DATA = Path(__file__).resolve().parent / "data"
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
EXTENDED_ARABIC_INDIC = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_DIGIT = "[\u0660-\u0669\u06f0-\u06f9]"
_NUMBER_CLASSES = {"EN", "AN", "ES", "CS", "ET", "NSM", "BN"}


# ----------------------------------------------------------------------------- the oracle


def oracle_levels(text: str, rtl: bool) -> list[int]:
    """Return the UBA's resolved level of each character (before line rule L1)."""
    # python-bidi 0.6 returns the crate's BidiInfo as its Debug text; levels are per UTF-8 byte.
    info = get_display(text, base_dir="R" if rtl else "L", debug=True)
    listed = info.split("levels:")[1].split("paragraphs:")[0]
    byte_levels = [int(n) for n in re.findall(r"Level\(\s*(\d+)", listed)]
    levels, offset = [], 0
    for ch in text:
        levels.append(byte_levels[offset])
        offset += len(ch.encode())
    assert offset == len(byte_levels), info
    return levels


def oracle_directions(text: str, rtl: bool) -> list[bool]:
    """Return, per character, whether the oracle puts it in a right-to-left run.

    A left-to-right paragraph: level 0 is LTR, levels 1 and 2 RTL. Level 2 there is a number
    inside Arabic text; it is laid out left to right *inside* the Arabic run, and a run of its
    own would swap the Arabic words around it (our policy, see `split_script_runs`).
    A right-to-left paragraph: level 1 is RTL, level 2 LTR, except that a level-2 island made
    only of a number in Arabic-Indic digits counts as RTL: Word, LibreOffice and WeasyPrint
    lay such digits out inside an RTL run (our policy, deliberately not the level's parity).
    LRM and RLM need no exception: they are strong characters and resolve like letters.
    """
    levels = oracle_levels(text, rtl)
    if not rtl:
        return [level >= 1 for level in levels]
    directions = [level == 1 for level in levels]
    for start, end in _islands(levels):
        island = text[start:end]
        classes = {unicodedata.bidirectional(ch) for ch in island}
        if classes <= _NUMBER_CLASSES and re.search(_DIGIT, island):
            directions[start:end] = [True] * (end - start)
    return directions


def _islands(levels: list[int]):
    """Yield (start, end) of each stretch of levels above 1."""
    start = None
    for i, level in enumerate([*levels, 1]):
        if level > 1 and start is None:
            start = i
        elif level <= 1 and start is not None:
            yield start, i
            start = None


def our_directions(text: str, rtl: bool) -> list[bool]:
    return [run.rtl for run in split_script_runs(text, rtl) for _ in run.text]


def mismatches(text: str, rtl: bool) -> list[tuple[int, str, bool]]:
    """Return (position, character, our direction) wherever we differ from the oracle."""
    ours, theirs = our_directions(text, rtl), oracle_directions(text, rtl)
    return [
        (i, ch, o) for i, (ch, o, t) in enumerate(zip(text, ours, theirs, strict=True)) if o != t
    ]


# ---------------------------------------------------------------------------- the corpora


def _strings(value):
    """Yield every string a report model holds (plain text of inline markup)."""
    if isinstance(value, InlineText):
        yield value.plain
    elif isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def report_paragraphs() -> list[tuple[str, bool]]:
    paths = [*sorted(REPORTS.glob("*.yaml")), DATA / "rtl-corpus.yaml", DATA / "en-analysis.yaml"]
    out: list[tuple[str, bool]] = []
    for path in paths:
        report = load_report(path)
        rtl = report.direction == "rtl"
        for text in dict.fromkeys(_strings(report)):
            out.append((text, rtl))
            if rtl:  # as the renderers write it: marks around signed numbers, other digits
                out.append((protect_signed_numbers(text), rtl))
                out.append((text.translate(ARABIC_INDIC), rtl))
    return out


# Publisher / title / date combinations as source notes and bibliography entries show them.
SOURCE_ENTRIES = [
    "Reuters، «US officials on Belarus talks»، 4 نوفمبر 2025.",
    "رويترز، «US officials on Belarus talks»، 2025.",
    "Reuters، «محادثات مينسك»، نوفمبر 2025.",
    "U.S. Department of the Treasury، «إعلان تخفيف العقوبات عن شركة Belavia»، 4 نوفمبر 2025.",
    "BBC News (Minsk bureau)، «تقرير» [مترجم]، ص. 12–14.",
    "وزارة الخارجية (Belarus MFA)، 2025-11-04، https://mfa.gov.by/en/press/news/",
    "Reuters, “محادثات مينسك”, 4 November 2025.",
    "رويترز, “US officials on Belarus talks”, 2025.",
    "تراجع الصادرات بنسبة -12.5% في Q3 2025 (مقابل +3% في Q2).",
    "ارتفع المؤشر 40% إلى 1,200.50 نقطة؛ $5M لـ Belavia و€3.2 مليون لـ Lukoil.",
    "The fund (صندوق الاستثمار) grew 12% to 1,200 in 2025 — حسب «رويترز».",
    "Belavia's fleet: 23 aircraft [بيانات 2024] and 4 «Embraer E195-E2».",
    "الرحلة 8 بين Minsk و Istanbul (انظر p. 4)",
    "«Belavia» و«Lukoil»: Belarus, Russia، والصين.",
    "ص 3/4 من التقرير A/RES/78/1 بتاريخ 1/12/2025",
    "See www.example.org/تقرير?id=5 and ١٢٣ pages.",
    "الجدول ٣ (Table 3) يبين ١٬٢٠٠ حالة، أي ٤٥٪ من Total.",
    "Belavia٢٠٢٥ و 2025Belavia و عقداً A\u0301B",
]

CORPUS = report_paragraphs() + [(t, rtl) for t in SOURCE_ENTRIES for rtl in (True, False)]
CORPUS += [(t.translate(EXTENDED_ARABIC_INDIC), True) for t in SOURCE_ENTRIES]


def test_the_corpus_is_large_and_mixed():
    assert len(CORPUS) > 400
    assert sum(not rtl for _, rtl in CORPUS) > 40  # the English report and LTR entries
    mixed = [t for t, rtl in CORPUS if len({r.rtl for r in split_script_runs(t, rtl)}) > 1]
    assert len(mixed) > 60


@pytest.mark.parametrize("rtl", [True, False], ids=["rtl", "ltr"])
def test_every_paragraph_resolves_as_the_unicode_bidi_algorithm_says(rtl):
    wrong = {t: mismatches(t, rtl) for t, paragraph_rtl in CORPUS if paragraph_rtl == rtl}
    assert {t: m for t, m in wrong.items() if m} == {}


def test_every_paragraph_in_the_other_direction_too():
    wrong = {t: mismatches(t, not rtl) for t, rtl in CORPUS}
    assert {t: m for t, m in wrong.items() if m} == {}


# ----------------------------------------------------------------- cases the UBA decides


def runs(text: str, rtl: bool = True) -> list[tuple[str, bool]]:
    return [tuple(run) for run in split_script_runs(text, rtl)]


def test_brackets_take_the_direction_of_what_they_enclose_n0():
    # "(" sits between two Latin words, ")" between Latin and Arabic: N1 alone would split them.
    assert runs("شركة Belavia (Minsk) اليوم") == [
        ("شركة ", True),
        ("Belavia (Minsk)", False),
        (" اليوم", True),
    ]
    assert mismatches("شركة Belavia (Minsk) اليوم", True) == []


def test_an_arabic_name_in_an_english_paragraph_is_a_right_to_left_run():
    assert runs("A statement by وزارة الخارجية on Monday.", rtl=False) == [
        ("A statement by ", False),
        ("وزارة الخارجية", True),
        (" on Monday.", False),
    ]


def test_a_number_inside_arabic_text_stays_in_the_arabic_run_of_an_english_paragraph():
    assert runs("Quoted: «عام 2025 كان صعبا».", rtl=False) == [
        ("Quoted: «", False),
        ("عام 2025 كان صعبا", True),
        ("».", False),
    ]


def test_separators_and_terminators_join_a_number_as_w2_w4_w5_say():
    # After Arabic letters digits are Arabic numbers (W2): a comma or full stop between two of
    # them joins (W4), but not "+", "-", "$" or "%", which become neutrals and so Arabic. A
    # reader of Word, LibreOffice or a browser sees "%40" here, and we must cut the same runs.
    assert runs("زاد 1+2 و $5 و 40% و 1,200.5") == [
        ("زاد ", True),
        ("1", False),
        ("+", True),
        ("2", False),
        (" و $", True),
        ("5", False),
        (" و ", True),
        ("40", False),
        ("% و ", True),
        ("1,200.5", False),
    ]
    # Without an Arabic letter before them they are European numbers: all of these join.
    assert runs("1+2 $5 40% زاد") == [
        ("1+2", False),
        (" ", True),  # between two numbers, which count as right-to-left for N1
        ("$5", False),
        (" ", True),
        ("40%", False),
        (" زاد", True),
    ]
    assert mismatches("زاد 1+2 و $5 و 40% و 1,200.5", True) == []


def test_arabic_indic_numbers_are_right_to_left_runs_a_deliberate_policy():
    # The UBA gives ٢٠٢٥ level 2 (an LTR island) in an Arabic paragraph; we keep it in the
    # Arabic run, where Word, LibreOffice and WeasyPrint still lay its digits out correctly.
    assert runs("عام ٢٠٢٥ بنسبة ١٬٢٠٠ و۴۵") == [("عام ٢٠٢٥ بنسبة ١٬٢٠٠ و۴۵", True)]
    assert oracle_levels("عام ٢٠٢٥", True)[-1] == 2
    # ... but not where the digits belong to a Latin island: that would reorder it.
    assert runs("Belavia٢٠٢٥ اليوم") == [("Belavia٢٠٢٥", False), (" اليوم", True)]


def test_marks_and_joiners_follow_the_unicode_rules():
    assert runs("عقداً") == [("عقداً", True)]  # NSM takes its letter's type (W1)
    assert runs("\u200fBelavia\u200f") == [("\u200f", True), ("Belavia", False), ("\u200f", True)]
    assert runs("نص\u200e 2025") == [("نص", True), ("\u200e 2025", False)]
    assert runs("شركة\u200dBelavia") == [("شركة\u200d", True), ("Belavia", False)]


def test_isolates_are_resolved_as_paragraphs_of_their_own():
    # Inside an LRI, neutrals between Latin and Arabic take the isolate's direction (L), and
    # the isolate as a whole is a neutral for the text around it.
    assert runs("قال \u2066Reuters رويترز!\u2069 أمس") == [
        ("قال \u2066", True),
        ("Reuters ", False),
        ("رويترز", True),
        ("!", False),
        ("\u2069 أمس", True),
    ]
    assert runs("Belavia \u2067نص\u2069 Airlines") == [
        ("Belavia \u2067", False),
        ("نص", True),
        ("\u2069 Airlines", False),
    ]
    assert runs("x \u2068نص Latin\u2069", rtl=False) == [  # FSI: the first strong is Arabic
        ("x \u2068", False),
        ("نص ", True),
        ("Latin\u2069", False),  # the PDI is a neutral between two Latin letters outside
    ]


def test_a_paragraph_separator_starts_a_new_paragraph():
    assert runs("Belavia\n(Minsk) نص") == [
        ("Belavia", False),
        ("\n(", True),
        ("Minsk", False),
        (") نص", True),
    ]


def test_signed_numbers_keep_their_sign_on_the_left():
    text = protect_signed_numbers("تراجع بنسبة -55% في Belavia")
    assert runs(text) == [
        ("تراجع بنسبة ", True),
        ("\u200e-55%", False),
        ("\u200f في ", True),
        ("Belavia", False),
    ]
    assert mismatches(text, True) == []


# ---------------------------------------------------------------------------- fast paths


def test_the_fast_paths_give_what_the_full_rules_give():
    for text, rtl in CORPUS:
        assert split_script_runs(text, rtl) == _split_mixed(text, rtl), text
    assert split_script_runs("") == []
    assert split_script_runs("Belavia Airlines", rtl=False) == [
        ScriptRun("Belavia Airlines", False)
    ]


def test_the_fast_paths_accept_no_character_that_could_change_direction():
    from reportkit.render import bidi

    every_character = "".join(map(chr, range(0x110000)))

    def accepted(fast_path):
        return "".join(match.group() for match in fast_path.finditer(every_character))

    explicit = {"LRE", "LRO", "LRI", "RLE", "RLO", "RLI", "FSI", "PDI", "PDF"}
    for ch in accepted(bidi._ONLY_RIGHT_TO_LEFT):
        cls = unicodedata.bidirectional(ch)
        assert cls not in {"L", *explicit} and (cls != "EN" or "\u06f0" <= ch <= "\u06f9"), ch
    ltr_classes = {unicodedata.bidirectional(ch) for ch in accepted(bidi._ONLY_LEFT_TO_RIGHT)}
    assert not ltr_classes & {"R", "AL", "AN", *explicit}


# --------------------------------------------------------------------- composed fields


def test_a_separator_between_two_latin_fields_gets_a_right_to_left_mark():
    title = "«US officials on Belarus talks»"
    joined = join_fields(["Reuters", title, "4 نوفمبر 2025"], "، ", rtl=True)
    # Also before the date: W7 would otherwise make its "4" Latin and the second separator too.
    assert joined == f"Reuters، \u200f{title}، \u200f4 نوفمبر 2025"
    # The UBA puts the guillemets with the separators (between the RLM and a Latin letter, and
    # between a Latin letter and the Arabic comma), the title's words in their own LTR run.
    assert runs(joined) == [
        ("Reuters", False),
        ("، \u200f«", True),
        ("US officials on Belarus talks", False),
        ("»، \u200f", True),
        ("4", False),
        (" نوفمبر ", True),
        ("2025", False),
    ]
    assert mismatches(joined, True) == []


def test_without_the_mark_the_uba_makes_the_separator_latin():
    plain = "Reuters، «US officials on Belarus talks»"
    assert runs(plain) == [(plain[:-1], False), ("»", True)]  # publisher and title swap
    assert mismatches(plain, True) == []


def test_no_mark_where_the_fields_keep_their_direction_anyway():
    assert join_fields(["رويترز", "«محادثات»", "", "2025"], "، ", rtl=True) == (
        "رويترز، «محادثات»، 2025"
    )
    assert join_fields(["Reuters", "“US officials”"], ", ", rtl=False) == (
        "Reuters, “US officials”"
    )
    assert join_fields([], "، ", rtl=True) == ""


def test_a_date_after_an_arabic_title_in_an_english_paragraph_gets_a_left_to_right_mark():
    joined = join_fields(["Reuters", "“محادثات مينسك”", "4 November 2025"], ", ", rtl=False)
    assert joined == "Reuters, “محادثات مينسك”, \u200e4 November 2025"
    assert runs(joined, rtl=False) == [
        ("Reuters, “", False),
        ("محادثات مينسك", True),
        ("”, \u200e4 November 2025", False),
    ]


@pytest.mark.parametrize("rtl", [True, False], ids=["rtl", "ltr"])
@pytest.mark.parametrize(
    "parts",
    [
        ["Reuters", "«US officials on Belarus talks»", "2025"],
        ["رويترز", "«US officials»", "4 نوفمبر 2025"],
        ["BBC (Minsk)", "[تقرير]", "p. 4"],
        ["U.S. Treasury", "“محادثات”", "12%", "-5%"],
        ["Belavia", "Lukoil", "Minsk"],
    ],
)
def test_each_joined_field_resolves_as_it_would_alone(parts, rtl):
    separator = "، " if rtl else ", "
    joined = join_fields(parts, separator, rtl)
    pieces = joined.split(separator)
    alone = [our_directions(piece.lstrip("\u200e\u200f"), rtl) for piece in pieces]
    in_place = our_directions(joined, rtl)
    position = 0
    for piece, directions in zip(pieces, alone, strict=True):
        marks = len(piece) - len(piece.lstrip("\u200e\u200f"))
        start = position + marks
        assert in_place[start : start + len(directions)] == directions, piece
        position += len(piece) + len(separator)
    separators = [i for i in range(len(joined)) if joined.startswith(separator, i)]
    assert all(in_place[i] == rtl for i in separators)
    assert mismatches(joined, rtl) == []
