"""An editor's edits, made in the Word file build wrote, reach the report file.

The test builds the sample analysis's DOCX, edits it the way Word saves an editor's work (at
the XML level: a sentence changed, a paragraph deleted, a footnote edited, a tracked insertion
not accepted, a comment), then runs `reportkit import --into` and `--apply`.
"""

from __future__ import annotations

import copy
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE
from lxml import etree
from test_edits import value_lines

from reportkit.cli import cli
from reportkit.importing.edits import compare_edits
from reportkit.loader import load_report
from reportkit.render import RenderJob
from reportkit.render.docx import render_docx
from reportkit.source import read_source
from reportkit.theme import TemplateSet

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"

BLOCKS_REPORT = Path(__file__).resolve().parent.parent / "data" / "blocks-analysis.yaml"
EN_REPORT = Path(__file__).resolve().parent.parent / "render" / "data" / "en-analysis.yaml"
TRAJECTORY_2 = ("sections", 1, "paragraphs", 1)  # ends «أسوأ من أي وقت مضى.[^un-rapporteur-2025]»
FACTOR_2 = ("sections", 0, "factors", "items", 1)  # «وثاني تلك العوامل …»
NEW_PHASE_3 = ("sections", 4, "paragraphs", 2)  # «وتسهم إعادة الانخراط …»
CONCLUSION = ("sections", 6, "paragraphs", 0)  # «ختامًا، يتبين …»
ADDED = "فقرة أضافها المحرر في Word."
TREASURY_TITLE = ("sources", 3, "title")  # «إعلان تخفيف العقوبات عن شركة Belavia والطائرة الرئاسية»


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def paragraph_with(root, words: str):
    """Return the first paragraph whose text holds `words` (not the contents' entry)."""
    found = [
        p
        for p in root.iter(w("p"))
        if words in "".join(p.itertext())
        and not p.xpath("w:pPr/w:pStyle[starts-with(@w:val, 'TOC')]", namespaces=NS)
    ]
    assert len(found) >= 1, words
    return found[0]


def replace_words(paragraph, old: str, new: str) -> None:
    """Change `old` to `new` in the run text that holds it (as Word does for a typed edit)."""
    texts = [t for t in paragraph.iter(w("t")) if old in (t.text or "")]
    assert texts, old
    texts[0].text = texts[0].text.replace(old, new)


def new_paragraph_after(paragraph, words: str) -> None:
    """Add a paragraph the editor typed after `paragraph`, in its style."""
    added = etree.Element(w("p"))
    properties = paragraph.find(w("pPr"))
    if properties is not None:
        added.append(copy.deepcopy(properties))
    etree.SubElement(etree.SubElement(added, w("r")), w("t")).text = words
    paragraph.addnext(added)


def tracked_insertion(paragraph, words: str) -> None:
    """Append `words` as an insertion Word tracks and the editor has not accepted."""
    insertion = etree.SubElement(
        paragraph,
        w("ins"),
        {w("id"): "901", w("author"): "Editor", w("date"): "2026-01-05T10:00:00Z"},
    )
    run = etree.SubElement(insertion, w("r"))
    etree.SubElement(
        run, w("t"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}
    ).text = words


def comment_on(paragraph, words: str, body: str) -> bytes:
    """Put a comment on the run holding `words`; return the comments part."""
    run = next(r for r in paragraph.iter(w("r")) if words in "".join(r.itertext()))
    run.addprevious(etree.Element(w("commentRangeStart"), {w("id"): "0"}))
    run.addnext(etree.Element(w("commentRangeEnd"), {w("id"): "0"}))
    reference = etree.Element(w("r"))
    etree.SubElement(reference, w("commentReference"), {w("id"): "0"})
    run.getnext().addnext(reference)
    comments = etree.Element(w("comments"), nsmap={"w": W})
    comment = etree.SubElement(
        comments,
        w("comment"),
        {w("id"): "0", w("author"): "Editor", w("date"): "2026-01-05T10:00:00Z"},
    )
    etree.SubElement(
        etree.SubElement(etree.SubElement(comment, w("p")), w("r")), w("t")
    ).text = body
    return etree.tostring(comments, xml_declaration=True, encoding="UTF-8", standalone=True)


def with_comments_part(parts: dict[str, bytes], comments: bytes) -> None:
    """Add the comments part with its content type and relationship, as Word writes them."""
    parts["word/comments.xml"] = comments
    types = etree.fromstring(parts["[Content_Types].xml"])
    etree.SubElement(
        types,
        "{http://schemas.openxmlformats.org/package/2006/content-types}Override",
        PartName="/word/comments.xml",
        ContentType=COMMENTS_TYPE,
    )
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8")
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    etree.SubElement(
        rels,
        "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship",
        Id="rIdComments1",
        Type=COMMENTS_REL,
        Target="comments.xml",
    )
    parts["word/_rels/document.xml.rels"] = etree.tostring(
        rels, xml_declaration=True, encoding="UTF-8"
    )


def built_parts(report: Path) -> dict[str, bytes]:
    """Return the parts of the report's DOCX, as build writes it."""
    built = render_docx(RenderJob(load_report(report), report, TemplateSet()))
    with zipfile.ZipFile(io.BytesIO(built)) as package:
        return {name: package.read(name) for name in package.namelist()}


def write_parts(parts: dict[str, bytes], out: Path) -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out


def edited_docx(report: Path, out: Path) -> Path:
    """Build the report's DOCX and make an editor's edits in it."""
    parts = built_parts(report)
    document = etree.fromstring(parts["word/document.xml"])
    replace_words(paragraph_with(document, "أسوأ من أي وقت"), "مضى.", "مضى تمامًا.")
    factor = paragraph_with(document, "وثاني تلك العوامل")
    factor.getparent().remove(factor)
    new_paragraph_after(paragraph_with(document, "وتسهم إعادة الانخراط"), ADDED)
    conclusion = paragraph_with(document, "ختامًا، يتبين")
    tracked_insertion(conclusion, " كلمات مقترحة")
    comments = comment_on(paragraph_with(document, "ففي السنوات الأخيرة"), "ففي", "مصدر آخر؟")
    parts["word/document.xml"] = etree.tostring(document, xml_declaration=True, encoding="UTF-8")
    footnotes = etree.fromstring(parts["word/footnotes.xml"])
    replace_words(paragraph_with(footnotes, "والطائرة الرئاسية"), "الرئاسية", "الرئاسي")
    parts["word/footnotes.xml"] = etree.tostring(footnotes, xml_declaration=True, encoding="UTF-8")
    with_comments_part(parts, comments)
    return write_parts(parts, out)


def expected_lines(report: Path, before: list[str]) -> list[str]:
    """Return the report's lines with the edits made by hand: two lines changed, the deleted
    item's lines gone, the added item's two lines in; every other line as it was."""
    expected = list(before)
    title = "    title: إعلان تخفيف العقوبات عن شركة Belavia والطائرة الرئاسية\n"
    expected[before.index(title)] = title.replace("الرئاسية", "الرئاسي")
    added = value_lines(report, NEW_PHASE_3).stop
    expected[added:added] = ["      - >-\n", f"        {ADDED}\n"]
    sentence = "        مضى.[^un-rapporteur-2025]\n"
    expected[before.index(sentence)] = "        مضى تمامًا.[^un-rapporteur-2025]\n"
    deleted = value_lines(report, FACTOR_2)
    del expected[deleted.start : deleted.stop]
    return expected


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("edited")
    report = Path(shutil.copy(SAMPLE, folder / SAMPLE.name))
    return report, edited_docx(report, folder / "edited.docx")


def test_import_into_lists_exactly_the_editors_edits(edited):
    report, docx = edited
    edits = compare_edits(report, docx)
    data = read_source(report).data
    trajectory = data["sections"][1]["paragraphs"][1]
    title = data["sources"][3]["title"]
    assert {(c.action, c.path): c.new for c in edits.changes} == {
        ("change", TRAJECTORY_2): trajectory.replace("مضى.", "مضى تمامًا."),
        ("delete", FACTOR_2): None,
        ("change", TREASURY_TITLE): title.replace("الرئاسية", "الرئاسي"),
        ("add", NEW_PHASE_3): ADDED,
    }
    assert len(edits.changes) == 4
    assert edits.refused == [] and not edits.report_changed
    [pending] = edits.pending
    assert (pending.path, pending.item.kind, pending.item.text.strip(), pending.item.author) == (
        CONCLUSION,
        "insertion",
        "كلمات مقترحة",
        "Editor",
    )
    [comment] = edits.comments
    assert comment.path == ("sections", 1, "paragraphs", 1)
    assert (comment.item.author, comment.item.text) == ("Editor", "مصدر آخر؟")


def test_the_command_shows_the_edits_and_what_it_will_not_apply(edited):
    report, docx = edited
    result = CliRunner().invoke(cli, ["import", "--into", str(report), str(docx)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.count("changed: ") == 2 and out.count("deleted: ") == 1
    assert out.count("added after: ") == 1 and f"+ {ADDED}" in out
    assert "{+مضى تمامًا.[^un-rapporteur-2025]+}" in out
    assert "{+الرئاسي+}" in out
    assert "accept or reject them in Word and import again" in out
    assert "+ كلمات مقترحة" in out and "مصدر آخر؟" in out
    assert report.read_bytes() == SAMPLE.read_bytes()  # without --apply nothing is written


def test_apply_writes_them_keeping_every_other_line(edited, tmp_path):
    report, docx = edited
    target = Path(shutil.copy(report, tmp_path / report.name))
    before = target.read_text(encoding="utf-8").splitlines(keepends=True)
    result = CliRunner().invoke(cli, ["import", "--into", str(target), str(docx), "--apply"])
    assert result.exit_code == 0, result.output
    assert "wrote 4 changes" in result.output
    after = target.read_text(encoding="utf-8").splitlines(keepends=True)
    assert after == expected_lines(report, before)
    expected = read_source(SAMPLE).data
    items = expected["sections"][0]["factors"]["items"]
    del items[1]
    paragraphs = expected["sections"][1]["paragraphs"]
    paragraphs[1] = paragraphs[1].replace("مضى.", "مضى تمامًا.")
    expected["sections"][4]["paragraphs"].insert(3, ADDED)
    expected["sources"][3]["title"] = expected["sources"][3]["title"].replace("الرئاسية", "الرئاسي")
    assert read_source(target).data == expected
    assert "كلمات مقترحة" not in target.read_text(encoding="utf-8")
    load_report(target)


def test_an_english_report_takes_edits_to_a_heading_a_timeline_a_note_and_a_bracketed_list(
    tmp_path,
):
    report = Path(shutil.copy(EN_REPORT, tmp_path / EN_REPORT.name))
    parts = built_parts(report)
    document = etree.fromstring(parts["word/document.xml"])
    replace_words(paragraph_with(document, "Drivers"), "Drivers", "Drivers now")
    replace_words(paragraph_with(document, "room to manoeuvre"), "manoeuvre", "move")
    replace_words(paragraph_with(document, "Pompeo"), "visits", "visited")
    new_paragraph_after(paragraph_with(document, "cycles of cautious"), "An added paragraph.")
    parts["word/document.xml"] = etree.tostring(document)
    footnotes = etree.fromstring(parts["word/footnotes.xml"])
    replace_words(paragraph_with(footnotes, "Department"), "U.S. Department", "US Department")
    parts["word/footnotes.xml"] = etree.tostring(footnotes)
    docx = write_parts(parts, tmp_path / "edited.docx")
    before = report.read_text(encoding="utf-8").splitlines(keepends=True)
    edits = compare_edits(report, docx)
    assert {(c.action, c.path) for c in edits.changes} == {
        ("change", ("sections", 2, "heading")),
        ("change", ("sections", 2, "perspectives", 1, "paragraphs", 0)),
        ("change", ("sections", 1, "timeline", 0, "text")),
        ("change", ("sources", 0, "publisher")),
        ("add", ("sections", 0, "paragraphs", 0)),
    }
    assert edits.refused == [] and len(edits.changes) == 5 and not edits.report_changed
    edits.apply()
    expected = list(before)
    for old, new in [
        ("    heading: Drivers\n", "    heading: Drivers now\n"),
        (
            "        paragraphs: [Minsk wants room to manoeuvre.]\n",
            "        paragraphs: [Minsk wants room to move.]\n",
        ),
        (
            "        text: Secretary Pompeo visits Minsk.\n",
            "        text: Secretary Pompeo visited Minsk.\n",
        ),
        (
            "    publisher: U.S. Department of the Treasury\n",
            "    publisher: US Department of the Treasury\n",
        ),
    ]:
        expected[before.index(old)] = new
    context_end = before.index(
        "        engagement and long estrangement since 1991, as the phrase «التقارب المتحفظ» puts it.\n"
    )
    expected[context_end + 1 : context_end + 1] = ["      - >-\n", "        An added paragraph.\n"]
    assert report.read_text(encoding="utf-8").splitlines(keepends=True) == expected
    load_report(report)


def test_a_word_file_build_did_not_write_is_refused_with_what_to_do(tmp_path):
    report = Path(shutil.copy(SAMPLE, tmp_path / SAMPLE.name))
    other = tmp_path / "draft.docx"
    parts = built_parts(report)
    for name in [n for n, data in parts.items() if b"urn:reportkit:docx-origins" in data]:
        if name.startswith("customXml/item") and not name.startswith("customXml/itemProps"):
            del parts[name]  # what build stored: gone, as when another program wrote the file
    write_parts(parts, other)
    result = CliRunner().invoke(cli, ["import", "--into", str(report), str(other)])
    assert result.exit_code != 0
    assert "not a Word file that `reportkit build` wrote" in str(result.exception)
    assert report.read_bytes() == SAMPLE.read_bytes()


def test_a_report_changed_since_the_build_is_compared_as_it_is_now(edited, tmp_path):
    report, docx = edited
    target = Path(shutil.copy(report, tmp_path / report.name))
    text = target.read_text(encoding="utf-8")
    changed = text.replace(
        "        مضى.[^un-rapporteur-2025]\n", "        مضى كله.[^un-rapporteur-2025]\n"
    )
    assert changed != text
    target.write_text(changed, encoding="utf-8")
    edits = compare_edits(target, docx)
    assert edits.report_changed
    assert {(c.action, c.path) for c in edits.changes} == {
        ("delete", FACTOR_2),
        ("change", TREASURY_TITLE),
        ("add", NEW_PHASE_3),
    }
    [refused] = edits.refused
    assert refused.path == TRAJECTORY_2 and "changed in the report file too" in refused.reason
    lines = list(edits.lines())
    assert lines[0].endswith("compared with the file as it is now")


def test_a_table_cell_a_table_note_and_a_bullet_of_a_list_block(tmp_path):
    report = Path(shutil.copy(BLOCKS_REPORT, tmp_path / BLOCKS_REPORT.name))
    parts = built_parts(report)
    document = etree.fromstring(parts["word/document.xml"])
    replace_words(paragraph_with(document, "الدولة الثانية"), "الثانية", "الثانية (المعدّلة)")
    bullet = paragraph_with(document, "توسع الرقعة الزراعية")
    bullet.getparent().remove(bullet)
    replace_words(paragraph_with(document, "الأرقام تقديرية"), "تقديرية", "تقريبية")
    parts["word/document.xml"] = etree.tostring(document)
    docx = write_parts(parts, tmp_path / "edited.docx")
    before = report.read_text(encoding="utf-8").splitlines(keepends=True)
    table = ("sections", 1, "paragraphs", 1, "table")
    edits = compare_edits(report, docx)
    assert {(c.action, c.path) for c in edits.changes} == {
        ("change", (*table, "rows", 1, 0)),
        ("delete", ("sections", 0, "paragraphs", 1, "bullets", 1)),
        ("change", (*table, "note")),
    }
    assert len(edits.changes) == 3 and edits.refused == []
    assert "table › rows 2 › 1 (sections[1].paragraphs[1].table.rows[1][0])" in "\n".join(
        edits.lines()
    )
    edits.apply()
    expected = list(before)
    for old, new in [
        (
            "            - [الدولة الثانية, 18.5, 17.1, 1.4]\n",
            "            - [الدولة الثانية (المعدّلة), 18.5, 17.1, 1.4]\n",
        ),
        (
            "          note: الأرقام تقديرية، والخانة الفارغة تعني أن البيانات غير متاحة.\n",
            "          note: الأرقام تقريبية، والخانة الفارغة تعني أن البيانات غير متاحة.\n",
        ),
    ]:
        expected[before.index(old)] = new
    expected.remove("          - توسع الرقعة الزراعية المروية على حساب الزراعة المطرية.\n")
    assert report.read_text(encoding="utf-8").splitlines(keepends=True) == expected
    load_report(report)


def footnote_with(footnotes, words: str, nth: int = 0):
    """Return the `nth` footnote paragraph whose text holds `words`."""
    return [p for p in footnotes.iter(w("p")) if words in "".join(p.itertext())][nth]


def footnotes_edited(tmp_path: Path, edit) -> tuple[Path, Path]:
    """Return the sample report and its DOCX with `edit` made to its footnotes part."""
    report = Path(shutil.copy(SAMPLE, tmp_path / SAMPLE.name))
    parts = built_parts(report)
    footnotes = etree.fromstring(parts["word/footnotes.xml"])
    edit(footnotes)
    parts["word/footnotes.xml"] = etree.tostring(footnotes)
    return report, write_parts(parts, tmp_path / "edited.docx")


def test_edits_to_a_notes_words_no_field_holds_are_listed_to_make_by_hand(tmp_path):
    def edit(footnotes) -> None:
        # The date, printed in words; the title shortened in a later note; the punctuation.
        replace_words(footnote_with(footnotes, "نوفمبر"), "نوفمبر", "ديسمبر")
        replace_words(footnote_with(footnotes, "تخفيف العقوبات عن…"), "تخفيف", "رفع")
        replace_words(footnote_with(footnotes, "Reuters"), "،", ":")

    edits = compare_edits(*footnotes_edited(tmp_path, edit))
    assert edits.changes == []
    by_hand = [(r.path, r.new) for r in edits.refused if "by hand" in r.reason]
    assert [path for path, _ in by_hand] == [("sources", 3), ("sources", 3), ("sources", 4)]
    assert "ديسمبر" in by_hand[0][1] and "رفع العقوبات عن…" in by_hand[1][1]
    assert by_hand[2][1].startswith("Reuters:")
    assert "sources[3]" in "\n".join(edits.lines())


def test_an_edit_to_two_fields_of_a_note_changes_both(tmp_path):
    def edit(footnotes) -> None:
        note = footnote_with(footnotes, "والطائرة الرئاسية")
        replace_words(note, "the Treasury", "the US Treasury")
        replace_words(note, "الرئاسية", "الرئاسي")

    edits = compare_edits(*footnotes_edited(tmp_path, edit))
    assert {c.path: c.new for c in edits.changes} == {
        ("sources", 3, "publisher"): "U.S. Department of the US Treasury",
        TREASURY_TITLE: "إعلان تخفيف العقوبات عن شركة Belavia والطائرة الرئاسي",
    }
    assert edits.refused == []


def with_a_footnote_added_first(report: Path, out: Path) -> Path:
    """Build the report's DOCX and add a footnote in it before all the others."""
    parts = built_parts(report)
    footnotes = etree.fromstring(parts["word/footnotes.xml"])
    first = next(n for n in footnotes.iterfind(w("footnote")) if n.get(w("type")) is None)
    added = etree.Element(w("footnote"), {w("id"): "900"})
    run = etree.SubElement(etree.SubElement(added, w("p")), w("r"))
    etree.SubElement(run, w("t")).text = "مصدر أضافه المحرر."
    first.addprevious(added)
    parts["word/footnotes.xml"] = etree.tostring(footnotes)
    document = etree.fromstring(parts["word/document.xml"])
    call = etree.SubElement(paragraph_with(document, "ففي السنوات الأخيرة"), w("r"))
    etree.SubElement(call, w("footnoteReference"), {w("id"): "900"})
    parts["word/document.xml"] = etree.tostring(document)
    return write_parts(parts, out)


def test_a_footnote_added_before_all_others_is_listed_never_put_in_the_body(tmp_path):
    report = Path(shutil.copy(SAMPLE, tmp_path / SAMPLE.name))
    edits = compare_edits(report, with_a_footnote_added_first(report, tmp_path / "edited.docx"))
    assert not [c for c in edits.changes if c.new and "أضافه المحرر" in c.new]
    [added_note] = [r for r in edits.refused if r.new == "[^word-900] مصدر أضافه المحرر."]
    assert "added a footnote in Word" in added_note.reason
    assert added_note.path == ("sections", 1, "paragraphs", 1)  # the paragraph that calls it


def test_importing_a_word_file_with_an_added_footnote_keeps_it_as_a_note(tmp_path):
    report = Path(shutil.copy(SAMPLE, tmp_path / SAMPLE.name))
    docx = with_a_footnote_added_first(report, tmp_path / "edited.docx")
    result = CliRunner().invoke(cli, ["import", str(docx), "--out", str(tmp_path / "new.yaml")])
    assert result.exit_code == 0, result.output
    data = read_source(tmp_path / "new.yaml").data
    assert data["notes"][-1] == {"id": "word-900", "text": "مصدر أضافه المحرر."}
    assert "السنوات الأخيرة" in data["sections"][1]["paragraphs"][1]
    assert data["sections"][1]["paragraphs"][1].endswith("[^word-900]")
    assert "RK111" not in result.output  # the call names a note the report has


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("locked.docx", OLE + "EncryptedPackage".encode("utf-16-le"), "protected by a password"),
        ("old.doc", OLE + "WordDocument".encode("utf-16-le"), "save it as .docx in Word"),
        ("empty.docx", b"", "is empty"),
        ("draft.md", b"# A draft\n", "--into compares the Word file `reportkit build` wrote"),
    ],
)
def test_import_into_a_file_it_cannot_read_says_what_to_do(tmp_path, name, data, says):
    report = Path(shutil.copy(SAMPLE, tmp_path / SAMPLE.name))
    (tmp_path / name).write_bytes(data)
    result = CliRunner().invoke(cli, ["import", "--into", str(report), str(tmp_path / name)])
    assert result.exit_code != 0
    assert says in str(result.exception) and "zip" not in str(result.exception)
    assert report.read_bytes() == SAMPLE.read_bytes()
