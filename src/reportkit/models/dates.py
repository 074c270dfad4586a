"""The one date grammar of every date field: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.

Digits may be Western (2025-11-20) or Arabic-Indic (٢٠٢٥-١١-٢٠). Dates written with a month
name ("20 نوفمبر 2025", "تشرين الثاني 2025", "November 2025") are refused with the exact ISO
form to write instead: the report keeps one spelling, which editors (JSON Schema) check too,
and no reader has to guess which calendar's month names were meant.
"""

from __future__ import annotations

import datetime as dt
import re

from reportkit.i18n import _, isolate

# Western digits, Arabic-Indic digits (U+0660–0669) or Eastern Arabic-Indic ones (U+06F0–06F9).
DIGIT = "[0-9\u0660-\u0669\u06f0-\u06f9]"
ISO_PATTERN = f"^({DIGIT}{{4}})(?:-({DIGIT}{{2}})(?:-({DIGIT}{{2}}))?)?$"
DAY_PATTERN = f"^{DIGIT}{{4}}-{DIGIT}{{2}}-{DIGIT}{{2}}$"
_ISO = re.compile(ISO_PATTERN)
_TO_WESTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

_MONTHS = {
    1: ("يناير", "كانون الثاني", "january", "jan"),
    2: ("فبراير", "شباط", "february", "feb"),
    3: ("مارس", "آذار", "اذار", "march", "mar"),
    4: ("أبريل", "ابريل", "إبريل", "نيسان", "april", "apr"),
    5: ("مايو", "أيار", "ايار", "may"),
    6: ("يونيو", "يونيه", "حزيران", "june", "jun"),
    7: ("يوليو", "يوليه", "تموز", "july", "jul"),
    8: ("أغسطس", "اغسطس", "آب", "اب", "august", "aug"),
    9: ("سبتمبر", "أيلول", "ايلول", "september", "sep", "sept"),
    10: ("أكتوبر", "اكتوبر", "تشرين الأول", "تشرين الاول", "october", "oct"),
    11: ("نوفمبر", "تشرين الثاني", "november", "nov"),
    12: ("ديسمبر", "كانون الأول", "كانون الاول", "december", "dec"),
}
_MONTH_NAMES = sorted(
    ((name, month) for month, names in _MONTHS.items() for name in names),
    key=lambda pair: -len(pair[0]),
)
_NUMBER = re.compile(f"{DIGIT}+")


def grammar_hint() -> str:
    """Return the accepted forms with an example, for every date message."""
    return _("write the date as YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-11-20 or ٢٠٢٥-١١-٢٠)")


def parse_date(value: object) -> tuple[int, int | None, int | None]:
    """Return (year, month or None, day or None); raise ValueError with the form to write."""
    if isinstance(value, dt.date):
        return value.year, value.month, value.day
    text = str(value).strip()
    match = _ISO.match(text)
    if not match:
        raise ValueError(_not_a_date(text))
    year, month, day = (int(g.translate(_TO_WESTERN)) if g else None for g in match.groups())
    assert year is not None
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        raise ValueError(
            _(
                "`{value}` is not a day of the calendar (month 1–12, and a day the month has); "
                "{hint}",
                value=isolate(text),
                hint=grammar_hint(),
            )
        ) from None
    return year, month, day


def parse_day(value: object) -> dt.date:
    """Return a full date (a publication date); refuse a year or a month alone."""
    iso = _iso_from_month_name(str(value).strip())
    if iso and len(iso) == len("YYYY-MM"):
        raise ValueError(_needs_day(iso + "-01", str(value).strip()))
    year, month, day = parse_date(value)
    if month is None or day is None:
        raise ValueError(_needs_day(f"{year:04d}-{month or 1:02d}-01", str(value).strip()))
    return dt.date(year, month, day)


def _needs_day(example: str, value: str) -> str:
    return _(
        "a publication date needs the day: write YYYY-MM-DD (e.g. {example}), not `{value}`",
        example=example,
        value=isolate(value),
    )


def _not_a_date(text: str) -> str:
    iso = _iso_from_month_name(text)
    if iso:
        return _(
            "write dates with digits, not month names: replace `{value}` with `{iso}` "
            "(YYYY, YYYY-MM or YYYY-MM-DD)",
            value=isolate(text),
            iso=iso,
        )
    return _("`{value}` is not a date; {hint}", value=isolate(text), hint=grammar_hint())


def _iso_from_month_name(text: str) -> str | None:
    """Return the ISO form of "20 نوفمبر 2025", "November 20, 2025" or "تشرين الثاني 2025"."""
    lowered = text.lower()
    found = next(((name, month) for name, month in _MONTH_NAMES if name in lowered), None)
    if found is None:
        return None
    name, month = found
    numbers = [int(n.translate(_TO_WESTERN)) for n in _NUMBER.findall(lowered.replace(name, " "))]
    years = [n for n in numbers if n >= 1000]
    days = [n for n in numbers if 1 <= n <= 31]
    if len(years) != 1 or len(days) > 1:
        return None
    if days:
        return f"{years[0]:04d}-{month:02d}-{days[0]:02d}"
    return f"{years[0]:04d}-{month:02d}"
