"""Editorial and Arabic-typography warnings: each fires on its mistake and stays quiet otherwise."""

from __future__ import annotations

import pytest

from reportkit.i18n import without_isolates
from reportkit.loader import check_report


def warnings_for(skeleton, write_report, old: str, new: str, kind: str = "brief"):
    text = skeleton(kind)
    assert old in text, old
    result = check_report(write_report(text.replace(old, new, 1)))
    assert not [d for d in result.diagnostics if d.is_error]
    return [d for d in result.diagnostics if not d.is_error]


LEAD = "lead: >-\n  الفقرة الافتتاحية تجيب عن أهم الأسئلة.[^example-source]"
BODY = "  - >-\n    فقرة من متن الخبر."


def test_skeletons_are_clean(skeleton, write_report):
    for kind in ("analysis", "brief"):
        assert check_report(write_report(skeleton(kind), f"{kind}.yaml")).diagnostics == []


@pytest.mark.parametrize(
    "paragraph, code, expected",
    [
        ("قال المتحدث, إن الاتفاق قريب.", "RK210", "Latin `,` in Arabic text; write `،`"),
        ("هل يصمد الاتفاق? لا أحد يعرف.", "RK210", "Latin `?` in Arabic text; write `؟`"),
        ('وصف الخطوة بأنها "صفقة" كبيرة.', "RK211", 'straight quote " around Arabic text; use «…»'),
        ("بلغ عدد المحتجزين 1٢00 شخص.", "RK212", "number mixes Western and Arabic-Indic digits"),
        ("قال (في بيان رسمي إن الاتفاق قريب.", "RK213", "`(` is never closed with `)`"),
        ("وصفها بـ”الشرفة” مجازًا.", "RK213", "`”` closes nothing"),
        ("هذا خبــــر عاجل.", "RK214", "repeated tatweel"),
        ("كتب اـلخبر.", "RK214", "does not join forward"),
        ("تطورات و مسار التقارب.", "RK216", "the conjunction و is written apart"),
        ("كلمة بحرف غريب ☃ هنا.", "RK215", "cannot draw U+2603 SNOWMAN"),
    ],
)
def test_typography_warning(skeleton, write_report, paragraph, code, expected):
    [warning] = warnings_for(skeleton, write_report, BODY, f"  - >-\n    {paragraph}")
    assert warning.code == code and expected in warning.message
    assert (warning.path, warning.line) == ("body[0]", 20)  # the text, not its `- >-` line


@pytest.mark.parametrize(
    "paragraph",
    [
        "أعلنت شركة Belavia, Inc. عن رحلات جديدة.",  # a Latin comma after Latin text is right
        "قال: «الاتفاق قريب»، وأضاف أن 2006 و2011 عاما تحول.",
        "لـ“فصل” بيلاروسيا (ولو جزئيًا) عن المحور.",
        "بلغ العدد ١٢٠٠ أو 1200 بحسب المصدر.",
    ],
)
def test_correct_typography_is_quiet(skeleton, write_report, paragraph):
    assert warnings_for(skeleton, write_report, BODY, f"  - >-\n    {paragraph}") == []


def test_unused_source(skeleton, write_report):
    [warning] = warnings_for(skeleton, write_report, LEAD, "lead: فقرة بلا إحالة.")
    assert (warning.code, warning.path) == ("RK201", "sources[0].id")


def test_source_cited_only_by_a_quote_counts_as_used(skeleton, write_report):
    new = "lead: فقرة بلا إحالة.\nquotes:\n  - text: قول.\n    speaker: قائل\n    source: example-source"
    text = skeleton("brief")
    assert LEAD in text
    text = text.replace(LEAD, new).replace(
        "quotes:                 # اقتباسات منسوبة · quotes with attribution\n  - text: >-\n"
        "      نص الاقتباس.\n    speaker: اسم القائل\n    role: صفة القائل\n",
        "",
    )
    assert check_report(write_report(text)).diagnostics == []


def test_timeline_out_of_order(skeleton, write_report):
    [warning] = warnings_for(skeleton, write_report, "date: 2024-06", "date: 2019-06", "analysis")
    assert (warning.code, warning.path) == ("RK202", "sections[1].timeline[1].date")
    assert "2019-06 comes after 2020" in warning.message


def test_long_word(skeleton, write_report):
    word = "abcdefghij" * 500
    [warning] = warnings_for(skeleton, write_report, BODY, f"  - >-\n    فقرة فيها {word} طويلة.")
    assert (warning.code, warning.severity.value) == ("RK217", "warning")
    assert "a word of 5000 characters (`abcdefghijabcdefghijabcd…`)" in without_isolates(
        warning.message
    )
    assert warning.path.startswith("body[") and warning.line > 1


def test_long_paragraph(skeleton, write_report):
    long = " ".join(["كلمة"] * 260)
    [warning] = warnings_for(skeleton, write_report, BODY, f"  - >-\n    {long}")
    assert warning.code == "RK203" and "260 words" in warning.message
