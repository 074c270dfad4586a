"""One date grammar for every date field: YYYY, YYYY-MM, YYYY-MM-DD, Western or Arabic-Indic."""

from __future__ import annotations

import datetime as dt

import pytest

from reportkit.i18n import without_isolates
from reportkit.loader import check_report
from reportkit.models.common import PartialDate
from reportkit.models.dates import parse_date, parse_day

ACCEPTED = [
    ("2025", (2025, None, None)),
    ("2025-11", (2025, 11, None)),
    ("2025-11-20", (2025, 11, 20)),
    ("٢٠٢٥", (2025, None, None)),
    ("٢٠٢٥-١١", (2025, 11, None)),
    ("٢٠٢٥-١١-٢٠", (2025, 11, 20)),
    ("۲۰۲۵-۰۳-۰۱", (2025, 3, 1)),  # Eastern Arabic-Indic (Persian, Urdu keyboards)
    (" 2024-02-29 ", (2024, 2, 29)),
    (2025, (2025, None, None)),  # YAML reads a bare year as a number
    (dt.date(2025, 1, 31), (2025, 1, 31)),
]


@pytest.mark.parametrize(("value", "expected"), ACCEPTED)
def test_accepted_forms(value, expected):
    assert parse_date(value) == expected


# value -> what the message must tell the author to write
REFUSED = [
    ("نوفمبر 2025", "`2025-11`"),
    ("20 نوفمبر 2025", "`2025-11-20`"),
    ("20 نوفمبر، 2025", "`2025-11-20`"),
    ("تشرين الثاني 2025", "`2025-11`"),
    ("٣ أيار ٢٠٢٤", "`2024-05-03`"),
    ("November 2025", "`2025-11`"),
    ("November 20, 2025", "`2025-11-20`"),
    ("20 Nov 2025", "`2025-11-20`"),
    ("2025-13-05", "YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-11-20"),
    ("2025-02-29", "YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-11-20"),
    ("20/11/2025", "YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-11-20"),
    ("2025/11/20", "YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-11-20"),
    ("25-11-20", "YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-11-20"),
    ("2025-1-5", "YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-11-20"),
    ("قريبا", "YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-11-20"),
]


@pytest.mark.parametrize(("value", "advice"), REFUSED)
def test_refused_forms_say_what_to_write(value, advice):
    with pytest.raises(ValueError) as refused:
        parse_date(value)
    assert advice in without_isolates(str(refused.value))


@pytest.mark.parametrize(
    ("value", "advice"), [("2025", "e.g. 2025-01-01"), ("2025-11", "e.g. 2025-11-01")]
)
def test_a_publication_date_needs_the_day(value, advice):
    with pytest.raises(ValueError) as refused:
        parse_day(value)
    assert advice in str(refused.value)


def test_every_date_field_uses_the_grammar(skeleton, write_report):
    """The publication date takes Arabic-Indic digits as a source's date does."""
    text = skeleton("analysis").replace("date: 2025-01-31", "date: ٢٠٢٥-٠١-٣١", 1)
    assert "date: ٢٠٢٥-٠١-٣١" in text
    result = check_report(write_report(text))
    assert result.report is not None
    assert result.report.date == dt.date(2025, 1, 31)


def test_month_names_are_refused_in_every_date_field(skeleton, write_report):
    text = skeleton("brief").replace("date: 2025-01-31", "date: 31 يناير 2025", 1)
    text = text.replace("    type: news-article", "    type: news-article\n    date: يناير 2025")
    errors = [without_isolates(d.message) for d in check_report(write_report(text)).diagnostics]
    assert any("replace `31 يناير 2025` with `2025-01-31`" in e for e in errors)
    assert any("replace `يناير 2025` with `2025-01`" in e for e in errors)


def test_partial_dates_compare_by_what_they_know():
    assert PartialDate.parse("٢٠١٩-٠٦") < PartialDate.parse("2020")
    assert str(PartialDate.parse("٢٠٢٥-١١-٢٠")) == "2025-11-20"
