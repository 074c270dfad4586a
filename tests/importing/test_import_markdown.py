"""Markdown in: front matter, footnotes, a table, a list and a heading per analysis section
kind, in English and Arabic; `--kind` forcing; images extracted; guesses shown and written."""

from __future__ import annotations

import io
import shutil

import pytest
from conftest import DATA
from PIL import Image as PillowImage

from reportkit.errors import UsageError
from reportkit.i18n import without_isolates
from reportkit.importing.command import import_file
from reportkit.importing.markdown import read_markdown
from reportkit.loader import check_report, load_report
from reportkit.models.common import InlineText, walk_text
from reportkit.source import read_source

IMPORT = DATA / "import"
SECTION_KINDS = ["context", "trajectory", "drivers", "limits", "conclusion"]


def imported(tmp_path, name: str, **options):
    draft = tmp_path / name
    shutil.copy(IMPORT / name, draft)
    result = import_file(draft, **options)
    assert not result.has_errors, result.lines()
    return result


def fill_caption(path, caption: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('caption: ""', f"caption: {caption}", 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "language", "actors"),
    [
        ("grid-analysis-en.md", "en", ["utilities", "governments"]),
        ("grid-analysis-ar.md", "ar", ["الشركات", "الحكومات"]),
    ],
)
def test_markdown_analysis_maps_each_heading_onto_its_section_kind(
    tmp_path, name, language, actors
):
    result = imported(tmp_path, name)
    data = read_source(result.out).data
    assert data["kind"] == "analysis" and data["language"] == language
    assert [s["kind"] for s in data["sections"]] == SECTION_KINDS
    kind_guesses = [g.message for g in result.guesses if g.path.endswith("].kind")]
    assert len(kind_guesses) == len(SECTION_KINDS)
    drivers, limits = data["sections"][2], data["sections"][3]
    assert [p["actor"] for p in drivers["perspectives"]] == actors
    assert len(drivers["synthesis"]) == 1
    assert [o["horizon"] for o in limits["outlooks"]] == ["near-term", "medium-term"]
    assert limits["constraints"][1]["bullets"][1] in ("grid codes differ", "قواعد الشبكات مختلفة")
    table = data["sections"][1]["paragraphs"][1]["table"]
    assert table["header"][0][0] in ("Year", "السنة")
    assert table["rows"] == [["2023", "250"], ["2025", "600"]]
    assert [todo.path for todo in result.todos] == ["sections[1].paragraphs[1].table.caption"]

    fill_caption(result.out, "Capacity")
    report = load_report(result.out)
    assert report.date.isoformat() == "2026-01-15"
    assert report.kicker and report.title
    source_ids = [s.id for s in report.sources]
    note_ids = [n.id for n in report.notes]
    texts = [text for _, text in walk_text(report) if isinstance(text, InlineText)]
    cited = {citation.source_id for text in texts for citation in text.citations()}
    assert set(source_ids) | set(note_ids) == cited
    assert report.sources[0].url == "https://example.org/protocol"


def test_front_matter_fills_the_metadata(tmp_path):
    result = imported(tmp_path, "grid-analysis-en.md")
    data = read_source(result.out).data
    assert data["authors"] == [{"name": "Jane Doe", "role": "Energy analyst"}]
    assert data["date"] == "2026-01-15"
    assert data["keywords"] == ["electricity", "trade"]
    assert data["subtitle"] == "A note on regional electricity trade"
    assert data["summary"].startswith("Three utilities began trading power")
    assert (data["kicker"], data["title"]) == ("Grid links", "why three utilities now share power")


def test_inline_markup_and_footnote_calls_are_kept(tmp_path):
    data = read_source(imported(tmp_path, "grid-analysis-en.md").out).data
    context = data["sections"][0]["paragraphs"][0]
    assert "[^protocol]" in context and "*ten years*" in context
    assert "**financing**" in data["sections"][1]["paragraphs"][0]
    medium = data["sections"][3]["outlooks"][1]["paragraphs"][0]
    assert "[the plan](https://example.org/plan)" in medium
    assert data["sections"][4]["paragraphs"] == ["The link is a beginning, not a market.[^caveat]"]


def test_guesses_are_shown_with_lines_and_written_as_comments(tmp_path):
    result = imported(tmp_path, "grid-analysis-ar.md")
    text = result.out.read_text(encoding="utf-8").splitlines()
    shown = without_isolates("\n".join(result.lines()))
    drivers = next(g for g in result.guesses if g.path == "sections[2].kind")
    assert "دوافع الاتفاق" in drivers.message
    assert f"{result.out}:{drivers.line}:{drivers.column}: sections[2].kind:" in shown
    assert text[drivers.line - 1].strip() == "- kind: drivers"
    assert text[drivers.line - 2].strip().startswith("# guess: `drivers` from the heading")
    todo = result.todos[0]
    assert text[todo.line - 2].strip() == "# TODO: what the table shows (its caption)"


def test_kind_given_is_not_guessed(tmp_path):
    result = imported(tmp_path, "grid-analysis-en.md", kind="brief")
    data = read_source(result.out).data
    assert data["kind"] == "brief"
    assert data["headline"] == "Grid links: why three utilities now share power"
    assert data["lead"].startswith("Three national utilities")
    assert "sections[0].kind" not in [g.path for g in result.guesses]
    assert "kind" not in [g.path for g in result.guesses]
    assert "**How the link developed**" in data["body"]
    assert result.todos[0].path == "label"


def test_front_matter_kind_is_used(tmp_path):
    draft = tmp_path / "paper.md"
    draft.write_text(
        "---\ntitle: Sharing a river\nkind: policy-paper\ndate: 2026-02-01\n---\n\n"
        "## Background\n\nThe basin has no joint body.\n\n"
        "## Recommendations\n\n### The upstream government\n\n- Publish flow data every day.\n\n"
        "## Conclusion\n\nStart with data.\n",
        encoding="utf-8",
    )
    result = import_file(draft)
    data = read_source(result.out).data
    assert data["kind"] == "policy-paper"
    assert data["recommendations"] == [
        {"addressee": "The upstream government", "text": "Publish flow data every day."}
    ]
    assert data["background"]["paragraphs"] == ["The basin has no joint body."]
    assert data["conclusion"] == ["Start with data."]


def test_scenarios_heading_makes_an_estimate(tmp_path):
    draft = tmp_path / "estimate.md"
    draft.write_text(
        "# Grain exports\n\nTwo ports will resume loading.\n\n## Scenarios\n\n"
        "### A steady resumption\n\nLoading resumes.\n\n### A further delay\n\nLoading starts late.\n",
        encoding="utf-8",
    )
    result = import_file(draft)
    data = read_source(result.out).data
    assert data["kind"] == "estimate"
    assert data["title"] == "Grain exports"
    assert [s["name"] for s in data["scenarios"]] == ["A steady resumption", "A further delay"]
    assert data["development"]["paragraphs"] == ["Two ports will resume loading."]
    assert "scenarios" in next(g.message for g in result.guesses if g.path == "kind")


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (8, 6), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_images_are_extracted_next_to_the_report(tmp_path):
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "lines.png").write_bytes(png_bytes())
    draft = tmp_path / "draft.md"
    draft.write_text(
        "---\ntitle: Lines\nauthor: Jane Doe\ndate: 2026-01-15\n---\n\nOpening text.\n\n"
        "## Conclusion\n\n![Three lines on a map](pictures/lines.png)\n\nThe end.\n",
        encoding="utf-8",
    )
    result = import_file(draft)
    data = read_source(result.out).data
    assert data["images"] == [
        {
            "file": "draft-images/figure-1.png",
            "caption": "Three lines on a map",
            "alt": "Three lines on a map",
            "section": "conclusion",
        }
    ]
    assert (tmp_path / "draft-images" / "figure-1.png").read_bytes() == png_bytes()
    assert result.images == [tmp_path / "draft-images" / "figure-1.png"]
    assert [d.code for d in check_report(result.out).diagnostics if d.is_error] == []


def test_a_missing_image_is_a_warning_and_its_description_is_kept(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text("# T\n\nText.\n\n![A missing map](nowhere.png)\n", encoding="utf-8")
    read = read_markdown(draft)
    assert read.warnings == ["the image \u2068nowhere.png\u2069 does not exist"]
    assert [getattr(b, "text", None) for b in read.blocks] == ["Text.", "A missing map"]


def test_a_front_matter_kind_that_is_no_report_kind_is_said_and_guessed(tmp_path):
    draft = tmp_path / "memo.md"
    draft.write_text("---\nkind: memo\n---\n\nA short memo.\n", encoding="utf-8")
    result = import_file(draft)
    assert read_source(result.out).data["kind"] == "brief"
    messages = [g.message for g in result.guesses if g.path == "kind"]
    assert messages == [
        "the draft's kind `memo` is not a report kind",
        "`brief`, guessed: a short text without headings",
    ]


def test_a_table_keeps_its_header_row_and_inline_markup(tmp_path):
    draft = tmp_path / "table.md"
    draft.write_text(
        "| Year | *Capacity* |\n|---|---|\n| 2023 | **250** |\n| 2025 | 600 |\n",
        encoding="utf-8",
    )
    (table,) = read_markdown(draft).blocks
    assert table.header_rows == 1
    assert table.rows == [["Year", "*Capacity*"], ["2023", "**250**"], ["2025", "600"]]


@pytest.mark.parametrize(
    ("written", "code"), [("Arabic", "ar"), ("ar-EG", "ar"), ("English", "en")]
)
def test_the_front_matter_language_may_be_named(tmp_path, written, code):
    draft = tmp_path / "named.md"
    draft.write_text(f"---\nlanguage: {written}\n---\n\nA short text.\n", encoding="utf-8")
    result = import_file(draft)
    assert read_source(result.out).data["language"] == code
    assert "language" not in [g.path for g in result.guesses]


def test_an_arabic_estimate_takes_its_scenarios_actors_and_likelihoods(tmp_path):
    result = imported(tmp_path, "red-sea-estimate-ar.md")
    data = read_source(result.out).data
    assert data["kind"] == "estimate"
    assert data["kicker"] == "تقدير موقف"
    assert data["development"]["paragraphs"][0].startswith("أعلنت شركات الشحن")
    assert data["background"]["heading"] == "خلفية"
    assert [(a["name"], a["heading"]) for a in data["actors"]] == [
        ("شركات الشحن", "موقف شركات الشحن"),
        ("شركات التأمين", "موقف شركات التأمين"),
    ]
    assert [(s["name"], s["likelihood"]) for s in data["scenarios"]] == [
        ("عودة تدريجية (مرجّح)", "likely"),
        ("تأجيل جديد (مستبعد)", "unlikely"),
    ]
    assert data["conclusion"]["most_likely"] == "scenario-1"
    assert result.todos == []
    report = load_report(result.out)
    assert report.scenario(report.conclusion.most_likely).name == "عودة تدريجية (مرجّح)"


def test_inline_footnotes_become_notes_too(tmp_path):
    draft = tmp_path / "inline.md"
    draft.write_text(
        "# T\n\nA claim^[An *inline* note.] and another[^x].\n\n[^x]: A labelled note.\n",
        encoding="utf-8",
    )
    read = read_markdown(draft)
    assert [b.text for b in read.blocks] == ["A claim[^fn0] and another[^x]."]
    assert [(n.id, n.text) for n in read.notes] == [
        ("fn0", "An *inline* note."),
        ("x", "A labelled note."),
    ]


def test_an_image_in_a_format_a_report_cannot_show_stops_the_import(tmp_path):
    (tmp_path / "chart.emf").write_bytes(b"\x01\x00\x00\x00" + b"\x00" * 36 + b" EMF")
    draft = tmp_path / "draft.md"
    draft.write_text("# T\n\nText.\n\n![A chart](chart.emf)\n", encoding="utf-8")
    with pytest.raises(UsageError) as refused:
        import_file(draft)
    assert "draft.md\u2069:5: the image \u2068chart.emf\u2069 is in a format" in str(refused.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.emf", "draft.md"]
