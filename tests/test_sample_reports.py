"""The sample reports validate, and the analysis carries the seed piece word for word, in order."""

from __future__ import annotations

import pytest
from conftest import BRIEF_SAMPLE, REPORTS, SAMPLE, seed_file

from reportkit.loader import check_report, load_report
from reportkit.models.analysis import Context, Drivers, Limits

# The published piece marks each actor's perspective with this bullet before its heading.
PERSPECTIVE_BULLET = "(&) "


def reading_units(report) -> list[str]:
    """Return the report's text as the seed lays it out: one string per seed line."""
    units = [report.display_title, f"{report.authors[0].name}-{report.authors[0].role}"]
    for section in report.sections:
        if getattr(section, "heading", None):
            units.append(section.heading)
        if isinstance(section, Context):
            units += [p.plain for p in section.paragraphs]
            if section.factors:
                units.append(
                    " ".join(t.plain for t in [section.factors.lead, *section.factors.items])
                )
        elif isinstance(section, Drivers):
            units += [p.plain for p in section.intro]
            for perspective in section.perspectives:
                first, *rest = [p.plain for p in perspective.paragraphs]
                units.append(f"{PERSPECTIVE_BULLET}{perspective.heading}: {first}")
                units += rest
            units += [p.plain for p in section.synthesis]
        elif isinstance(section, Limits):
            units += [p.plain for p in section.paragraphs]
            units += [p.plain for outlook in section.outlooks for p in outlook.paragraphs]
            units += [p.plain for p in section.constraints]
        else:
            units += [p.plain for p in section.paragraphs]
    return units


def test_sample_analysis_carries_every_seed_paragraph_word_for_word():
    seed_lines = [
        line for line in seed_file().read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    assert reading_units(load_report(SAMPLE)) == seed_lines


def test_sample_analysis_cites_its_sources():
    report = load_report(SAMPLE)
    cited = {
        c.source_id
        for section in report.sections
        for p in getattr(section, "paragraphs", [])
        for c in p.citations()
    }
    assert {
        "un-rapporteur-2025",
        "belarus-democracy-act",
        "treasury-belavia-2025",
        "reuters-prisoners-2025",
        "state-pompeo-visit-2020",
    } <= cited


@pytest.mark.parametrize("path", sorted(REPORTS.glob("*.yaml")), ids=lambda p: p.name)
def test_sample_reports_have_no_errors(path):
    result = check_report(path)
    assert result.report is not None, [d.format() for d in result.diagnostics]


def test_sample_warnings_are_the_seed_typos_only():
    """The seed as published has two unopened quotation marks and a detached و; nothing else."""
    warnings = [(d.code, d.path) for d in check_report(SAMPLE).diagnostics]
    assert warnings == [
        ("RK213", "sections[0].factors.items[2]"),
        ("RK216", "sections[1].heading"),
        ("RK213", "sections[2].perspectives[0].paragraphs[0]"),
    ]
    assert check_report(BRIEF_SAMPLE).diagnostics == []
