"""What both renderers share: localized words and digits, script runs, atomic output files."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SAMPLE

from reportkit.atomic_write import write_atomically
from reportkit.errors import UsageError
from reportkit.loader import load_report
from reportkit.models.common import PartialDate, Source
from reportkit.render import parse_formats
from reportkit.render.bidi import split_script_runs
from reportkit.render.text import Localizer
from reportkit.resolve import full_source_note, short_source_note


def test_dates_follow_language_precision_and_digits():
    assert Localizer("ar", "latin").date(dt.date(2025, 11, 4)) == "4 نوفمبر 2025"
    assert Localizer("ar", "arabic-indic").date(dt.date(2025, 11, 4)) == "٤ نوفمبر ٢٠٢٥"
    assert Localizer("ar", "latin").date(PartialDate.parse("2020-02")) == "فبراير 2020"
    assert Localizer("en", "latin").date(PartialDate.parse("2004")) == "2004"


def test_numbers_and_digit_policy():
    assert Localizer("ar", "latin").number(1200) == "1,200"
    assert Localizer("ar", "arabic-indic").number(1200) == "١٬٢٠٠"
    assert Localizer("ar", "latin").digits_of("عام ٢٠٢٠") == "عام 2020"


def test_report_digits_win_over_the_theme():
    report = load_report(SAMPLE)  # sets `digits: latin` explicitly
    assert Localizer.for_report(report, "arabic-indic").digits == "latin"
    unset = report.model_copy()
    object.__setattr__(unset, "__pydantic_fields_set__", report.model_fields_set - {"digits"})
    assert Localizer.for_report(unset, "arabic-indic").digits == "arabic-indic"


def test_source_notes_full_and_short():
    source = Source(
        id="t",
        title="إعلان تخفيف العقوبات عن شركة Belavia",
        publisher="U.S. Department of the Treasury",
        date=PartialDate.parse("2025-11-04"),
        type="official-statement",
    )
    arabic = Localizer("ar", "latin")
    assert full_source_note(source, arabic, rtl=True) == (
        "U.S. Department of the Treasury، «إعلان تخفيف العقوبات عن شركة Belavia»، "
        "\u200f4 نوفمبر 2025."
    )
    assert short_source_note(source, arabic, rtl=True) == (
        "U.S. Department of the Treasury، «إعلان تخفيف العقوبات عن…»."
    )


def test_latin_phrases_and_numbers_are_single_runs():
    runs = split_script_runs("شركة Belavia Airlines في 4 نوفمبر 2025.")
    assert [(r.text, r.rtl) for r in runs] == [
        ("شركة ", True),
        ("Belavia Airlines", False),
        (" في ", True),
        ("4", False),
        (" نوفمبر ", True),
        ("2025", False),
        (".", True),
    ]


def test_texts_without_latin_letters_or_digits_are_one_run_as_the_full_rules_say():
    from reportkit.render import bidi

    texts = [
        paragraph
        for line in SAMPLE.read_text(encoding="utf-8").splitlines()
        for paragraph in [line.strip(" -\"'")]
        if paragraph
    ]
    texts += ["«قال»: نعم، ولا؟ (٢٠٢٥) ۱۲ – …", "\u200fقبل\u2060\u00a0بعد", "نص \u200e"]
    one_run = [text for text in texts if bidi._ONLY_RIGHT_TO_LEFT.fullmatch(text)]
    assert len(one_run) > 50  # the shortcut is taken for most of the sample's lines
    for text in texts:
        assert split_script_runs(text) == bidi._split_mixed(text), text
    assert not bidi._ONLY_RIGHT_TO_LEFT.fullmatch("نص \u200e")  # LRM is L: no shortcut


def test_format_names():
    assert parse_formats("pdf, docx,pdf") == ["pdf", "docx"]
    with pytest.raises(UsageError, match="unknown output format odt"):
        parse_formats("pdf,odt")


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "report.pdf"
    write_atomically(target, b"good")

    with pytest.raises(TypeError):
        write_atomically(target, object())  # type: ignore[arg-type]
    assert target.read_bytes() == b"good"
    assert target.stat().st_mode & 0o044 == 0o044  # readable by others, e.g. a web server
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_a_build_in_several_formats_resolves_the_report_once(monkeypatch):
    from reportkit import resolve
    from reportkit.render import RenderJob, render
    from reportkit.theme import TemplateSet

    resolved = []
    document = resolve.Resolver.document

    def counted(resolver):
        resolved.append(resolver)
        return document(resolver)

    monkeypatch.setattr(resolve.Resolver, "document", counted)
    job = RenderJob(load_report(SAMPLE), SAMPLE, TemplateSet())
    html, docx = render(job, "html"), render(job, "docx")
    assert html.data and docx.data
    assert len(resolved) == 1
