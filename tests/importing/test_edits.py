"""An editor's Word edits back into the report file: which edits are found, how they read on
the terminal, and that writing them changes only the lines of the changed values.

These tests build the read-back of a Word file (`OurDocx`) themselves, from the report's data:
one text per paragraph, heading and source note, as build prints them.
"""

from __future__ import annotations

import shutil
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pytest
from conftest import BRIEF_SAMPLE, ROOT, SAMPLE

from reportkit.importing.edits import Change, EditsError, edits_between
from reportkit.importing.ours import OurDocx, PendingChange, ReadText, WordComment
from reportkit.loader import load_report
from reportkit.source import read_source

EN_REPORT = ROOT / "tests" / "render" / "data" / "en-analysis.yaml"
TEXT_LISTS = {"paragraphs", "items", "intro", "constraints", "body"}

# In the sample analysis.
TRAJECTORY_2 = ("sections", 1, "paragraphs", 1)
FACTOR_2 = ("sections", 0, "factors", "items", 1)
TREASURY = ("sources", 3)  # title «إعلان تخفيف العقوبات عن شركة Belavia والطائرة الرئاسية»


def printed_note(source: dict[str, Any]) -> str:
    """Return a source's first note as build prints it in an Arabic report."""
    return f"{source['publisher']}، «{source['title']}»، {source['date']}."


def texts_of(data: dict[str, Any]) -> list[ReadText]:
    """Return the texts build prints from `data`: headings, paragraphs, list items, notes."""
    texts: list[ReadText] = []

    def walk(value: Any, path: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "heading" and isinstance(item, str):
                    texts.append(ReadText((*path, key), item, item))
                walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str) and path[-1] in TEXT_LISTS:
                    texts.append(ReadText((*path, index), item, item))
                else:
                    walk(item, (*path, index))

    walk({k: v for k, v in data.items() if k != "sources"}, ())
    for index, source in enumerate(data.get("sources", [])):
        note = printed_note(source)
        texts.append(ReadText(("sources", index), note, note))
    return texts


def word_file(report: Path, edit=None) -> OurDocx:
    """Return the read-back of the Word file build wrote from `report`, after `edit` (a
    function changing the list of texts in place)."""
    data = read_source(report).data
    texts = texts_of(data)
    marked = [text.path for text in texts if text.path is not None]
    if edit:
        edit(texts)
    return OurDocx(report.with_suffix(".docx"), data, texts, marked)


def text_at(texts: list[ReadText], path: tuple) -> ReadText:
    return next(t for t in texts if t.path == path)


def rewrite(path: tuple, old: str, new: str):
    """Return an edit that replaces `old` with `new` in the text at `path`."""

    def edit(texts: list[ReadText]) -> None:
        read = text_at(texts, path)
        assert old in read.text
        read.text = read.text.replace(old, new)

    return edit


def delete(path: tuple):
    def edit(texts: list[ReadText]) -> None:
        texts.remove(text_at(texts, path))

    return edit


def add_after(path: tuple, *new: str):
    def edit(texts: list[ReadText]) -> None:
        index = texts.index(text_at(texts, path))
        texts[index + 1 : index + 1] = [ReadText(None, text, None, after=path) for text in new]

    return edit


def both(*edits):
    def edit(texts: list[ReadText]) -> None:
        for one in edits:
            one(texts)

    return edit


@pytest.fixture
def sample(tmp_path) -> Path:
    return Path(shutil.copy(SAMPLE, tmp_path / SAMPLE.name))


@pytest.fixture
def english(tmp_path) -> Path:
    return Path(shutil.copy(EN_REPORT, tmp_path / EN_REPORT.name))


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def value_lines(path: Path, field: tuple) -> range:
    """Return the 0-based line numbers of a list item or value, as the file has them now."""
    from reportkit.importing.splice import YamlText, _content_end

    text = path.read_text(encoding="utf-8")
    node = YamlText(text).node_at(field)
    first = text.count("\n", 0, node.start_mark.index)
    last = text.count("\n", 0, _content_end(text, node))
    return range(first, last + 1)


def line_diff(before: list[str], after: list[str]) -> tuple[list[str], list[str]]:
    """Return the lines `after` lacks and the lines it gained, in order."""
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after).get_opcodes():
        if tag != "equal":
            removed += before[i1:i2]
            added += after[j1:j2]
    return removed, added


def data_of(path: Path) -> dict[str, Any]:
    return read_source(path).data


def set_at(data: Any, path: tuple, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


# --------------------------------------------------------------------------- finding edits


def test_a_changed_sentence_is_one_change_of_that_paragraph(sample):
    edits = edits_between(sample, word_file(sample, rewrite(TRAJECTORY_2, "مضى.", "مضى تمامًا.")))
    old = data_of(sample)["sections"][1]["paragraphs"][1]
    assert edits.changes == [Change("change", TRAJECTORY_2, old, old.replace("مضى.", "مضى تمامًا."))]
    assert not edits.refused and not edits.report_changed


def test_an_unedited_word_file_brings_no_edits(sample):
    edits = edits_between(sample, word_file(sample))
    assert edits.changes == [] and edits.refused == []
    assert [line.startswith("no edits") for line in edits.lines()] == [True]


def test_a_paragraph_whose_mark_is_gone_is_deleted(sample):
    edits = edits_between(sample, word_file(sample, delete(FACTOR_2)))
    old = data_of(sample)["sections"][0]["factors"]["items"][1]
    assert edits.changes == [Change("delete", FACTOR_2, old, None)]


def test_a_paragraph_emptied_in_word_is_deleted_too(sample):
    old = data_of(sample)["sections"][0]["factors"]["items"][1]
    edits = edits_between(sample, word_file(sample, rewrite(FACTOR_2, old, " ")))
    assert edits.changes == [Change("delete", FACTOR_2, old, None)]


def test_a_source_title_edited_differently_in_two_notes_is_left_to_make_by_hand(sample):
    def twice(texts: list[ReadText]) -> None:
        note = text_at(texts, TREASURY)
        texts.append(ReadText(TREASURY, note.text.replace("الرئاسية", "الرسمية"), note.printed))
        note.text = note.text.replace("الرئاسية", "الرئاسي")

    edits = edits_between(sample, word_file(sample, twice))
    assert edits.changes == []
    [refusal] = edits.refused
    assert refusal.path == (*TREASURY, "title") and "two places" in refusal.reason


def test_a_paragraph_added_in_word_follows_the_one_before_it(sample):
    edits = edits_between(sample, word_file(sample, add_after(FACTOR_2, "فقرة جديدة.")))
    assert edits.changes == [Change("add", FACTOR_2, None, "فقرة جديدة.")]


def test_a_footnote_edit_changes_the_one_source_field_whose_words_changed(sample):
    edits = edits_between(sample, word_file(sample, rewrite(TREASURY, "الرئاسية»", "الرئاسي»")))
    title = data_of(sample)["sources"][3]["title"]
    assert edits.changes == [
        Change("change", (*TREASURY, "title"), title, title.replace("الرئاسية", "الرئاسي"))
    ]


def test_a_footnote_edit_across_two_fields_is_left_to_make_by_hand(sample):
    edit = rewrite(TREASURY, "Treasury، «إعلان", "Treasury «بيان")
    edits = edits_between(sample, word_file(sample, edit))
    assert edits.changes == []
    [refusal] = edits.refused
    assert refusal.path == TREASURY and "by hand" in refusal.reason


def test_a_footnote_added_in_word_is_left_to_make_by_hand(sample):
    edits = edits_between(
        sample, word_file(sample, rewrite(TRAJECTORY_2, "مضى.", "مضى.[^word-12]"))
    )
    assert edits.changes == []
    [refusal] = edits.refused
    assert refusal.path == TRAJECTORY_2 and "added a footnote in Word" in refusal.reason


def test_a_field_changed_in_the_file_since_the_build_is_not_overwritten(sample):
    word = word_file(sample, both(rewrite(TRAJECTORY_2, "مضى.", "مضى تمامًا."), delete(FACTOR_2)))
    text = sample.read_text(encoding="utf-8")
    changed = text.replace("للأمم المتحدة حول حالة", "للأمم المتحدة بشأن حالة", 1)
    assert changed != text
    sample.write_text(changed, encoding="utf-8")
    edits = edits_between(sample, word)
    assert edits.report_changed
    assert [c.action for c in edits.changes] == ["delete"]
    [refusal] = edits.refused
    assert refusal.path == TRAJECTORY_2 and "changed in the report file too" in refusal.reason


@pytest.mark.parametrize("other", [BRIEF_SAMPLE, EN_REPORT], ids=["brief", "analysis"])
def test_a_word_file_built_from_another_report_is_refused(sample, tmp_path, other):
    other = Path(shutil.copy(other, tmp_path / other.name))
    with pytest.raises(EditsError, match="built from another report"):
        edits_between(sample, word_file(other))


def test_the_diff_marks_the_changed_words_and_lists_pending_changes_and_comments(sample):
    def annotate(texts: list[ReadText]) -> None:
        read = text_at(texts, TRAJECTORY_2)
        read.pending.append(PendingChange("insertion", "كلمات مقترحة", "Editor"))
        read.comments.append(WordComment("Editor", "مصدر آخر؟", "المقرر الخاص"))

    word = word_file(sample, both(rewrite(TRAJECTORY_2, "مضى.", "مضى تمامًا."), annotate))
    lines = list(edits_between(sample, word).lines())
    place = next(i for i, line in enumerate(lines) if line.startswith("changed:"))
    assert "«تطورات و مسار التقارب»" in lines[place] and "paragraphs 2" in lines[place]
    assert lines[place + 1].endswith(
        "- … المتدهور بات أسوأ من أي وقت [-مضى.[^un-rapporteur-2025]-]"
    )
    assert lines[place + 2].endswith(
        "+ … المتدهور بات أسوأ من أي وقت {+مضى تمامًا.[^un-rapporteur-2025]+}"
    )
    text = "\n".join(lines)
    assert "accept or reject them in Word and import again" in text
    assert "+ كلمات مقترحة" in text and "مصدر آخر؟" in text and "المقرر الخاص" in text


# --------------------------------------------------------------------------- writing them


def test_a_changed_folded_paragraph_rewrites_only_its_own_lines(sample):
    span = value_lines(sample, TRAJECTORY_2)
    before = lines_of(sample)
    edits = edits_between(sample, word_file(sample, rewrite(TRAJECTORY_2, "مضى.", "مضى تمامًا.")))
    edits.apply()
    after = lines_of(sample)
    grown = len(after) - len(before)
    assert after[: span.start] == before[: span.start]
    assert after[span.stop + grown :] == before[span.stop :]
    changed = after[span.start : span.stop + grown]
    assert changed[0].endswith("- >-\n")
    width = max(len(line) for line in before[span.start + 1 : span.stop])
    assert all(line.startswith(" " * 8) and len(line) <= width + 1 for line in changed[1:])
    expected = data_of(SAMPLE)
    set_at(expected, TRAJECTORY_2, edits.changes[0].new)
    assert data_of(sample) == expected


def test_a_file_with_windows_line_endings_and_a_byte_order_mark_keeps_them(sample):
    raw = b"\xef\xbb\xbf" + sample.read_bytes().replace(b"\n", b"\r\n")
    sample.write_bytes(raw)
    before = raw.split(b"\r\n")
    edit = both(rewrite(TRAJECTORY_2, "مضى.", "مضى تمامًا."), add_after(FACTOR_2, "فقرة."))
    edits_between(sample, word_file(sample, edit)).apply()
    after = sample.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\n" not in after.replace(b"\r\n", b"")
    assert len(after.split(b"\r\n")) == len(before) + 2
    assert data_of(sample)["sections"][0]["factors"]["items"][2] == "فقرة."


def test_a_deleted_list_item_takes_exactly_its_lines(sample):
    span = value_lines(sample, FACTOR_2)
    before = lines_of(sample)
    edits_between(sample, word_file(sample, delete(FACTOR_2))).apply()
    assert lines_of(sample) == before[: span.start] + before[span.stop :]
    assert len(data_of(sample)["sections"][0]["factors"]["items"]) == 2


def test_an_added_paragraph_is_a_new_item_after_its_neighbour(sample):
    span = value_lines(sample, FACTOR_2)
    before = lines_of(sample)
    edit = add_after(FACTOR_2, "فقرة أولى جديدة.", "وفقرة ثانية: بعد النقطتين.")
    edits_between(sample, word_file(sample, edit)).apply()
    after = lines_of(sample)
    assert after[: span.stop] == before[: span.stop]
    assert after[span.stop + 4 :] == before[span.stop :]
    assert after[span.stop : span.stop + 4] == [
        "        - >-\n",
        "          فقرة أولى جديدة.\n",
        "        - >-\n",
        "          وفقرة ثانية: بعد النقطتين.\n",
    ]
    items = data_of(sample)["sections"][0]["factors"]["items"]
    assert items[2:4] == ["فقرة أولى جديدة.", "وفقرة ثانية: بعد النقطتين."]


def test_a_paragraph_added_under_a_heading_opens_the_list_that_follows(sample):
    heading, first = ("sections", 1, "heading"), ("sections", 1, "paragraphs", 0)
    span = value_lines(sample, first)
    before = lines_of(sample)
    edits = edits_between(sample, word_file(sample, add_after(heading, "فقرة افتتاحية.")))
    assert edits.changes == [Change("add-before", first, None, "فقرة افتتاحية.")]
    edits.apply()
    assert lines_of(sample) == [
        *before[: span.start],
        "      - >-\n",
        "        فقرة افتتاحية.\n",
        *before[span.start :],
    ]


def test_a_changed_source_field_rewrites_only_that_line(sample):
    before = lines_of(sample)
    edits_between(sample, word_file(sample, rewrite(TREASURY, "الرئاسية»", "الرئاسي»"))).apply()
    after = lines_of(sample)
    differing = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert [after[i] for i in differing] == [
        "    title: إعلان تخفيف العقوبات عن شركة Belavia والطائرة الرئاسي\n"
    ]


def test_all_kinds_of_edit_at_once_keep_every_other_line(sample):
    before = lines_of(sample)
    spans = [value_lines(sample, TRAJECTORY_2), value_lines(sample, FACTOR_2)]
    edit = both(
        rewrite(TRAJECTORY_2, "مضى.", "مضى تمامًا."),
        delete(FACTOR_2),
        add_after(("sections", 0, "factors", "items", 2), "عامل رابع."),
        rewrite(TREASURY, "الرئاسية»", "الرئاسي»"),
    )
    edits = edits_between(sample, word_file(sample, edit))
    assert len(edits.changes) == 4
    edits.apply()
    touched = {i for span in spans for i in span}
    kept = [line for i, line in enumerate(before) if i not in touched]
    after = lines_of(sample)
    assert [line for line in kept if line not in after] == [
        "    title: إعلان تخفيف العقوبات عن شركة Belavia والطائرة الرئاسية\n"
    ]
    load_report(sample)


def test_an_english_report_keeps_its_plain_and_flow_style_values(english):
    drivers = ("sections", 2, "heading")
    manoeuvre = ("sections", 2, "perspectives", 1, "paragraphs", 0)
    context = ("sections", 0, "paragraphs", 0)
    conclusion = ("sections", 4, "paragraphs", 0)
    edit = both(
        rewrite(drivers, "Drivers", "Drivers: why now"),
        rewrite(manoeuvre, "manoeuvre.", "manoeuvre, and money."),
        add_after(context, "A new paragraph, added by the editor."),
        add_after(conclusion, "A second one, in brackets."),
    )
    before = lines_of(english)
    edits_between(english, word_file(english, edit)).apply()
    removed, added = line_diff(before, lines_of(english))
    assert removed == [
        "    heading: Drivers\n",
        "        paragraphs: [Minsk wants room to manoeuvre.]\n",
        "    paragraphs: [The rapprochement remains tactical.]\n",
    ]
    assert added == [
        "      - >-\n",
        "        A new paragraph, added by the editor.\n",
        '    heading: "Drivers: why now"\n',
        '        paragraphs: ["Minsk wants room to manoeuvre, and money."]\n',
        '    paragraphs: [The rapprochement remains tactical., "A second one, in brackets."]\n',
    ]
    assert data_of(english)["sections"][4]["paragraphs"] == [
        "The rapprochement remains tactical.",
        "A second one, in brackets.",
    ]


def test_changes_that_would_not_validate_write_nothing(sample):
    conclusion = ("sections", 6, "paragraphs", 0)  # its only paragraph
    before = sample.read_bytes()
    edits = edits_between(sample, word_file(sample, delete(conclusion)))
    assert [c.action for c in edits.changes] == ["delete"]
    with pytest.raises(EditsError, match="would not validate"):
        edits.apply()
    assert sample.read_bytes() == before


def test_pending_changes_are_listed_never_applied(sample):
    def pending(texts: list[ReadText]) -> None:
        text_at(texts, TRAJECTORY_2).pending.append(PendingChange("insertion", "زيادة", "Ed"))

    before = sample.read_bytes()
    edits = edits_between(sample, word_file(sample, pending))
    assert edits.changes == [] and len(edits.pending) == 1
    assert edits.apply().startswith("nothing to write")
    assert sample.read_bytes() == before


@pytest.mark.parametrize(
    ("index", "left"),
    [(0, 'k: ["b, c", d]\n'), (1, "k: [a, d]\n"), (2, 'k: [a, "b, c"]\n')],
)
def test_an_item_of_a_bracketed_list_goes_with_one_comma(index, left):
    from reportkit.importing.splice import YamlText, apply_splices

    text = 'k: [a, "b, c", d]\n'
    assert apply_splices(text, [YamlText(text).delete_item(("k", index))]) == left


def test_a_report_file_changed_between_showing_and_writing_is_not_overwritten(sample):
    edits = edits_between(sample, word_file(sample, delete(FACTOR_2)))
    meanwhile = sample.read_text(encoding="utf-8") + "# a comment typed meanwhile\n"
    sample.write_text(meanwhile, encoding="utf-8")
    with pytest.raises(EditsError, match="changed meanwhile"):
        edits.apply()
    assert sample.read_text(encoding="utf-8") == meanwhile
