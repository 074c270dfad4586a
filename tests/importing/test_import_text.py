"""Plain text in: the seed piece imports as an analysis, letter for letter; the reader's rules."""

from __future__ import annotations

import shutil

from conftest import seed_file

from reportkit.importing.command import import_file
from reportkit.importing.draft import DraftHeading, DraftList, DraftParagraph
from reportkit.importing.text import read_text
from reportkit.loader import load_report
from reportkit.models.analysis import Conclusion, Context, Drivers, Limits, Trajectory
from reportkit.source import read_source


def seed_paragraphs() -> list[str]:
    """Return the seed's paragraphs as the seed file has them: its lines that end a sentence
    (the title, the byline and the headings do not)."""
    lines = seed_file().read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip().endswith(".")]


def seed_headings() -> list[str]:
    lines = [line for line in seed_file().read_text(encoding="utf-8").splitlines() if line]
    return [line for line in lines[2:] if not line.endswith(".")]


def report_paragraphs(report) -> list[str]:
    """Return every paragraph of an analysis in reading order, as a reader reads it."""
    texts = []
    for section in report.sections:
        if isinstance(section, Drivers):
            texts += [p.plain for p in section.intro]
            texts += [p.plain for pv in section.perspectives for p in pv.paragraphs]
            texts += [p.plain for p in section.synthesis]
        elif isinstance(section, Limits):
            texts += [p.plain for p in section.paragraphs]
            texts += [p.plain for o in section.outlooks for p in o.paragraphs]
            texts += [p.plain for p in section.constraints]
        else:
            texts += [p.plain for p in section.paragraphs]
    return texts


def fill_todos(path, values: dict[str, str]) -> None:
    """Fill the TODO fields the import left, as a researcher would: the value on its line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for index, line in enumerate(lines):
        key = line.strip().partition(":")[0]
        if key in values and line.rstrip().endswith('""'):
            lines[index] = line.replace('""', values[key])
    path.write_text("\n".join(lines), encoding="utf-8")


def test_seed_imports_as_an_analysis_with_the_seed_text_letter_for_letter(tmp_path):
    draft_file = tmp_path / "seed.txt"
    shutil.copy(seed_file(), draft_file)
    result = import_file(draft_file)
    assert not result.has_errors
    assert result.kind == "analysis"
    assert [todo.path for todo in result.todos] == ["date"]
    fill_todos(result.out, {"date": "2025-11-20"})
    report = load_report(result.out)

    assert report_paragraphs(report) == seed_paragraphs()
    headings = [s.heading for s in report.sections if getattr(s, "heading", None)]
    assert headings == seed_headings()
    assert report.display_title == seed_file().read_text(encoding="utf-8").splitlines()[0]
    assert (report.authors[0].name, report.authors[0].role) == ("سلمى محمد", "باحثة مساعدة")
    kinds = [type(section) for section in report.sections]
    assert kinds[:3] == [Context, Trajectory, Drivers]
    assert kinds[-2:] == [Limits, Conclusion]
    drivers = report.sections[2]
    assert [p.actor for p in drivers.perspectives] == ["الولايات المتحدة", "بيلاروسيا"]
    assert [o.horizon for o in report.sections[-2].outlooks] == ["near-term", "medium-term"]


def test_hard_wrapped_paragraphs_join_with_one_space(tmp_path):
    path = tmp_path / "wrapped.txt"
    path.write_text(
        "A title\n\n"
        "The first paragraph is wrapped at a fixed width, as e-mail and\n"
        "plain-text editors do, and its lines join with a single space —\n"
        "quotes “as typed”, dashes and  double  spaces stay.\n\n"
        "Background\n\n"
        "A second paragraph.\n",
        encoding="utf-8",
    )
    draft = read_text(path)
    assert draft.title == "A title"
    assert [type(b) for b in draft.blocks] == [DraftParagraph, DraftHeading, DraftParagraph]
    assert draft.blocks[0].text == (
        "The first paragraph is wrapped at a fixed width, as e-mail and plain-text editors do, "
        "and its lines join with a single space — quotes “as typed”, dashes and  double  "
        "spaces stay."
    )
    assert draft.blocks[1].text == "Background"


def test_numbered_notes_at_the_end_become_notes_and_their_calls_note_calls(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(
        "عنوان المقال\n\nفقرة أولى فيها إحالة[1] وأخرى[2].\n\nفقرة ثانية [3] بلا هامش.\n\n"
        "[1] هامش أول.\n[2] https://example.org/x\n",
        encoding="utf-8",
    )
    draft = read_text(path)
    assert [(n.id, n.text) for n in draft.notes] == [
        ("1", "هامش أول."),
        ("2", "https://example.org/x"),
    ]
    texts = [b.text for b in draft.blocks]
    assert texts == ["فقرة أولى فيها إحالة[^1] وأخرى[^2].", "فقرة ثانية [3] بلا هامش."]


def test_notes_after_a_notes_heading_may_be_numbered_with_a_dot(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(
        "Title\n\nText with a call[1].\n\nNotes\n\n1. The first note,\ncontinued.\n2. Second.\n",
        encoding="utf-8",
    )
    draft = read_text(path)
    assert [(n.id, n.text) for n in draft.notes] == [
        ("1", "The first note, continued."),
        ("2", "Second."),
    ]
    assert [b.text for b in draft.blocks] == ["Text with a call[^1]."]


def test_headings_are_recognized_conservatively(tmp_path):
    path = tmp_path / "headings.txt"
    path.write_text(
        "Title\n\nA short sentence.\n\n(a bracketed aside)\n\nShort line\nfollowed directly.\n\n"
        "A heading alone\n\nIts text.\n\n"
        "- first item\n- second item\n\nThe end.\n",
        encoding="utf-8",
    )
    draft = read_text(path)
    kinds = [(type(b).__name__, getattr(b, "text", None)) for b in draft.blocks]
    assert kinds == [
        ("DraftParagraph", "A short sentence."),
        ("DraftParagraph", "(a bracketed aside)"),
        ("DraftParagraph", "Short line"),
        ("DraftParagraph", "followed directly."),
        ("DraftHeading", "A heading alone"),
        ("DraftParagraph", "Its text."),
        ("DraftList", None),
        ("DraftParagraph", "The end."),
    ]
    assert isinstance(draft.blocks[6], DraftList)
    assert draft.blocks[6].items == ["first item", "second item"]


def test_text_that_would_read_as_markup_is_escaped_and_reads_the_same(tmp_path):
    from reportkit.importing.text import as_plain

    path = tmp_path / "stars.txt"
    line = "Prices rose *sharply* in_the_north and [see](here) too."
    path.write_text(f"Title\n\n{line}\n", encoding="utf-8")
    (paragraph,) = read_text(path).blocks
    assert paragraph.text != line
    assert as_plain(paragraph.text) == line


def test_a_required_section_the_draft_lacks_is_a_todo_unless_the_house_rules_relax_it(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("A title\n\nAn opening.\n\nA part\n\nIts text.\n", encoding="utf-8")
    result = import_file(path)
    data = read_source(result.out).data
    assert [s["kind"] for s in data["sections"]] == ["context", "analysis", "conclusion"]
    assert data["sections"][2]["paragraphs"] == [""]
    todo = next(t for t in result.todos if t.path == "sections[2].paragraphs")
    assert "`conclusion`" in todo.message

    (tmp_path / "reportkit.yaml").write_text(
        "analysis:\n  sections: {conclusion: optional}\n", encoding="utf-8"
    )
    result = import_file(path, force=True)
    kinds = [s["kind"] for s in read_source(result.out).data["sections"]]
    assert kinds == ["context", "analysis"]
    assert {d.path for d in result.diagnostics if d.is_error} == {"date", "authors"}
