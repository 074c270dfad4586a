"""Building blocks in running text: plain sections, lists, tables, free notes and sources that
are only an address or a reference written out. What `validate` says (with the line), and
what the resolved document holds (what every writer prints)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, line_of, located

from reportkit.document import Group, Heading, ItemList, Table, plain
from reportkit.loader import load_report
from reportkit.render import RenderJob
from reportkit.resolve import resolve
from reportkit.theme import TemplateSet

BLOCKS = DATA / "blocks-analysis.yaml"
TEXT = BLOCKS.read_text(encoding="utf-8")


def changed(write_report, old: str, new: str) -> tuple[Path, str]:
    assert old in TEXT, old
    text = TEXT.replace(old, new, 1)
    return write_report(text), text


def errors(path: Path) -> list[tuple[str, int, str]]:
    return [d for d in located(path) if not d[0].startswith("RK2")]


def cells(row) -> list[str]:
    """Return a row's cells as read (without the marks that keep a sign with its number)."""
    return [plain(cell).strip("\u200e\u200f") for cell in row]


def document_of(path: Path, **update):
    report = load_report(path)
    if update:
        report = report.model_copy(update=update)
    return resolve(RenderJob(report, path, TemplateSet()))


def blocks_of(document, kind):
    """Yield every block of type `kind`, groups opened, in reading order."""
    for block in document.body if hasattr(document, "body") else document:
        if isinstance(block, Group):
            yield from blocks_of(block.blocks, kind)
        elif isinstance(block, kind):
            yield block


# --------------------------------------------------------------------------- validation


def test_the_blocks_report_is_valid():
    assert errors(BLOCKS) == []


def test_a_row_with_a_missing_cell_is_an_error_on_its_line(write_report):
    path, text = changed(
        write_report, "[الدولة الثانية, 18.5, 17.1, 1.4]", "[الدولة الثانية, 18.5, 17.1]"
    )
    [(code, line, message)] = errors(path)
    assert (code, line) == ("RK120", line_of(text, "الدولة الثانية,"))
    assert "3 cells" in message and "4 columns" in message


def test_an_align_list_of_the_wrong_length_is_an_error_on_its_line(write_report):
    path, text = changed(
        write_report,
        "          source: basin-commission\n",
        "          align: [start, number]\n          source: basin-commission\n",
    )
    [(code, line, message)] = errors(path)
    assert (code, line) == ("RK120", line_of(text, "align: [start, number]"))
    assert "`align` has 2 entries" in message


def test_a_table_too_wide_for_the_page_is_an_error_on_its_line(write_report):
    long_heading = "مؤشر_الإنفاق_العسكري_بالدولار_الأمريكي_الثابت"
    path, text = changed(
        write_report,
        "[الدولة, المتاح, الطلب 2030, الفجوة]",
        f"[الدولة, {long_heading}, {long_heading}, الفجوة]",
    )
    [(code, line, message)] = errors(path)
    assert (code, line) == ("RK121", line_of(text, "- table:"))
    assert "168 mm" in message and "column 2" in message


def test_a_wide_table_of_short_words_fits(write_report):
    path, _ = changed(
        write_report,
        "[الدولة, المتاح, الطلب 2030, الفجوة]",
        "[الدولة, المتاح, الطلب 2030, الفجوة الكبيرة جدا بين العرض والطلب في هذه الدولة]",
    )
    assert errors(path) == []


def test_a_source_without_title_text_or_url_is_an_error_on_its_line(write_report):
    path, text = changed(
        write_report, "    url: https://www.fao.org/aquastat/en/\n", "    publisher: الفاو\n"
    )
    [(code, line, message)] = errors(path)
    assert (code, line) == ("RK101", line_of(text, "- id: fao-page"))
    assert "`title`, a `text`" in message and "`url`" in message


def test_a_note_id_that_is_a_source_id_is_an_error_on_its_line(write_report):
    path, text = changed(write_report, "  - id: rain-note", "  - id: water-atlas")
    found = errors(path)
    assert ("RK112", line_of(text, "  - id: water-atlas")) in [(c, n) for c, n, _ in found]
    assert any("already a source's id" in message for *_, message in found)


def test_a_citation_of_a_note_is_known_and_an_undefined_one_is_not(write_report):
    assert not [d for d in errors(BLOCKS) if d[0] == "RK111"]
    path, text = changed(write_report, "الأخيرين.[^rain-note]", "الأخيرين.[^rain-notes]")
    assert [(c, n) for c, n, _ in errors(path)] == [("RK111", line_of(text, "[^rain-notes]"))]


def test_a_note_cannot_cite(write_report):
    path, text = changed(
        write_report,
        "تختلف الأرقام من محطة رصد إلى أخرى.",
        "تختلف الأرقام من محطة رصد إلى أخرى.[^water-atlas]",
    )
    assert [(c, n) for c, n, _ in errors(path)] == [("RK103", line_of(text, "    text: >-"))]


def test_a_mapping_that_is_no_block_says_what_a_paragraph_can_be(write_report):
    path, text = changed(write_report, "      - bullets:\n", "      - bulets:\n")
    [(code, line, message)] = errors(path)
    assert (code, line) == ("RK103", line_of(text, "- bulets:"))
    assert "`bullets:`, `numbers:` or `table:`" in message


# --------------------------------------------------------------------------- the document


def test_a_plain_section_has_its_heading_in_the_contents_and_its_subsections():
    document = document_of(BLOCKS)
    section = next(g for g in document.body if isinstance(g, Group) and g.role == "section")
    assert isinstance(section.blocks[0], Heading) and section.blocks[0].level == 1
    assert plain(section.blocks[0].content) == "الموارد والطلب بالأرقام"
    assert "الموارد والطلب بالأرقام" in [plain(e.content) for e in document.contents or ()]
    subsections = [b for b in section.blocks if isinstance(b, Group)]
    assert [(s.role, plain(s.blocks[0].content)) for s in subsections] == [
        ("subsection", "الزراعة أولًا"),
        ("subsection", "المدن والصناعة"),
    ]
    assert all(s.blocks[0].level == 2 for s in subsections)


def test_lists_have_bullets_or_numbers_in_the_reports_digits():
    lists = [b for b in blocks_of(document_of(BLOCKS), ItemList) if b.role == "list"]
    assert [(b.ordered, [plain(m) for m in b.markers]) for b in lists] == [
        (False, ["•", "•", "•"]),
        (True, ["١.", "٢.", "٣."]),
    ]
    latin = list(blocks_of(document_of(BLOCKS, digits="latin"), ItemList))
    assert [plain(m) for m in latin[-1].markers] == ["1.", "2.", "3."]


def test_table_numbers_follow_the_digit_policy_and_columns_of_numbers_align_as_numbers():
    [table] = blocks_of(document_of(BLOCKS), Table)
    assert table.align == ("start", "number", "number", "number")
    assert cells(table.rows[0]) == ["الدولة الأولى", "٥٥٫٥", "٦١٫٢", "-٥٫٧"]
    assert cells(table.rows[2])[1] == "١٢٫٠"  # as written: 12.0
    assert cells(table.rows[5])[2:] == ["", ""]  # ~ is an empty cell
    assert cells(table.header[0])[2] == "الطلب ٢٠٣٠"
    [latin] = blocks_of(document_of(BLOCKS, digits="latin"), Table)
    assert cells(latin.rows[0])[1:] == ["55.5", "61.2", "-5.7"]


def test_notes_of_the_table_free_notes_and_sources_without_a_title():
    document = document_of(BLOCKS)
    notes = [plain(note.content) for note in document.notes]
    [table] = blocks_of(document, Table)
    caption_call = table.caption[-1]
    # the caption's source, a reference written out, printed as written
    assert (
        notes[caption_call.number - 1]
        == "لجنة الحوض المشترك، التقرير الفني السنوي، الإصدار الثالث، ٢٠٢٥."
    )
    # the free note's own text; it is not in the sources list
    assert "تستند هذه الملاحظة إلى متوسطات عشرين عامًا" in notes[1]
    assert [entry.source_id for entry in document.sources] == [
        "water-atlas",
        "basin-commission",
        "fao-page",
    ]
    # a source that is only an address: its note is the address, left to right
    url_note = next(note for note in document.notes if "fao.org" in plain(note.content))
    assert [(span.text, span.rtl) for span in url_note.content] == [
        ("https://www.fao.org/aquastat/en/", False)
    ]
    url_entry = document.sources[2]
    assert (url_entry.content, url_entry.url) == ((), "https://www.fao.org/aquastat/en/")


def test_a_free_note_between_two_notes_of_a_source_stops_ibid(write_report):
    path, _ = changed(
        write_report,
        "الزراعة المروية.[^water-atlas]",
        "الزراعة المروية.[^water-atlas][^rain-note][^water-atlas]",
    )
    notes = [plain(note.content) for note in document_of(path).notes]
    assert notes[2].startswith("مرصد المياه الإقليمي")  # the short form, not «المصدر نفسه»
    assert "المصدر نفسه" not in notes[2]


@pytest.mark.parametrize("kind", ["context", "trajectory", "analysis", "conclusion"])
def test_lists_and_tables_work_in_the_other_sections_paragraphs(write_report, kind):
    items = "    paragraphs:\n      - نص.\n      - numbers: [أول, ثان]\n"
    items += "      - table: {caption: جدول, header: [[أ, ب]], rows: [[ج, 1]]}\n"
    old = {
        "context": "    paragraphs:\n      - >-\n        تتقاسم ست دول",
        "trajectory": "    paragraphs:\n      - >-\n        مرت مفاوضات",
        "analysis": "    paragraphs:\n      - >-\n        يبين الجدول",
        "conclusion": "    paragraphs:\n      - >-\n        يبقى التعاون",
    }[kind]
    text = TEXT.replace(old, items + "      - >-\n        " + old.split("        ")[-1], 1)
    if kind == "analysis":
        text = text.replace("  - kind: section\n", "  - kind: analysis\n", 1)
        text = text.replace("    subsections:", "    unused:", 1)
        text = text[: text.index("    unused:")] + text[text.index("  - kind: trajectory") :]
    path = write_report(text)
    assert errors(path) == []
    tables = list(blocks_of(document_of(path), Table))
    assert "جدول" in [plain(t.caption) for t in tables]
