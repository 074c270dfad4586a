"""Reading a DOCX that build wrote after an editor changed it in Word: the changes are edited
into the file's XML here as Word writes them (runs, paragraphs, w:ins/w:del, comments)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SAMPLE
from lxml import etree

from reportkit.errors import UsageError
from reportkit.importing.ours import is_ours, read_ours, report_data
from reportkit.loader import load_report
from reportkit.render import RenderJob
from reportkit.render.docx import render_docx
from reportkit.theme import TemplateSet

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
FIRST_PARAGRAPH = ("sections", 0, "paragraphs", 0)


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ours") / "sample.docx"
    path.write_bytes(render_docx(RenderJob(load_report(SAMPLE), SAMPLE, TemplateSet())))
    return path


def edited(source: Path, target: Path, edit: Callable, part: str = "word/document.xml") -> Path:
    """Write a copy of the DOCX whose `part` `edit(root)` changed."""
    with zipfile.ZipFile(source) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    root = etree.fromstring(parts[part])
    edit(root)
    parts[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(target, "w") as package:
        for name, blob in parts.items():
            package.writestr(name, blob)
    return target


def marked_paragraph(root, number: int = 0):
    """Return the paragraph of the n-th mark of a body paragraph (sections.0.paragraphs.0
    is the one after the cover's: found by its text)."""
    starts = [b for b in root.iter(f"{W}bookmarkStart") if b.get(f"{W}name").startswith("_rk")]
    return starts[number].getparent()


def paragraph_of(root, path_text: str):
    for paragraph in root.iter(f"{W}p"):
        if "".join(t.text or "" for t in paragraph.iter(f"{W}t")).startswith(path_text):
            return paragraph
    raise AssertionError(f"no paragraph starting with {path_text!r}")


def run(text: str, bold: bool = False):
    r = etree.Element(f"{W}r")
    if bold:
        etree.SubElement(etree.SubElement(r, f"{W}rPr"), f"{W}b")
    t = etree.SubElement(r, f"{W}t")
    t.text = text
    t.set(XML_SPACE, "preserve")
    return r


def text_at(docx: Path, path: tuple):
    return [t for t in read_ours(docx).texts if t.path == path]


@pytest.fixture(scope="module")
def first_text(sample_docx):
    return text_at(sample_docx, FIRST_PARAGRAPH)[0].text


def test_a_file_build_wrote_is_ours_and_another_is_not(sample_docx, tmp_path):
    assert is_ours(sample_docx)
    other = tmp_path / "other.docx"
    with zipfile.ZipFile(sample_docx) as source, zipfile.ZipFile(other, "w") as target:
        for name in source.namelist():
            if not name.startswith("customXml/"):
                target.writestr(name, source.read(name))
    assert not is_ours(other)
    assert not is_ours(tmp_path / "missing.docx")


def test_words_typed_at_the_end_of_a_paragraph_belong_to_it(sample_docx, first_text, tmp_path):
    """Word puts what is typed after a bookmark's end outside it: a mark that held its whole
    paragraph reads the whole paragraph."""
    docx = edited(
        sample_docx,
        tmp_path / "e.docx",
        lambda root: paragraph_of(root, first_text[:20]).append(run(" جملة مضافة.")),
    )
    assert text_at(docx, FIRST_PARAGRAPH)[0].text == first_text + " جملة مضافة."
    assert report_data(docx)["sections"][0]["paragraphs"][0] == first_text + " جملة مضافة."


def test_bold_typed_in_word_reads_as_strong_markup(sample_docx, first_text, tmp_path):
    docx = edited(
        sample_docx,
        tmp_path / "e.docx",
        lambda root: paragraph_of(root, first_text[:20]).append(run("مهم", bold=True)),
    )
    assert text_at(docx, FIRST_PARAGRAPH)[0].text == first_text + "**مهم**"


def test_a_deleted_paragraph_is_missing_and_an_added_one_follows_its_neighbour(
    sample_docx, first_text, tmp_path
):
    def edit(root):
        paragraph = paragraph_of(root, first_text[:20])
        added = etree.Element(f"{W}p")
        added.append(run("فقرة كتبها المحرر."))
        paragraph.addnext(added)
        following = marked_paragraph(root, 0)  # the topic on the cover goes
        following.getparent().remove(following)

    ours = read_ours(edited(sample_docx, tmp_path / "e.docx", edit))
    texts = ours.texts
    assert ("topic",) not in [t.path for t in texts]
    assert {p for p in ours.marked if p is not None} - {t.path for t in texts} == {("topic",)}
    added = [t for t in texts if t.path is None]
    assert [(t.text, t.after, t.printed) for t in added] == [
        ("فقرة كتبها المحرر.", FIRST_PARAGRAPH, None)
    ]


def test_pending_tracked_changes_are_listed_not_applied(sample_docx, first_text, tmp_path):
    def edit(root):
        paragraph = paragraph_of(root, first_text[:20])
        insertion = etree.SubElement(paragraph, f"{W}ins", {f"{W}id": "901", f"{W}author": "E"})
        insertion.append(run(" إضافة معلقة"))
        first_run = paragraph.find(f"{W}r")
        deletion = etree.Element(f"{W}del", {f"{W}id": "902", f"{W}author": "E"})
        first_run.addprevious(deletion)
        deletion.append(first_run)
        first_run.find(f"{W}t").tag = f"{W}delText"

    docx = edited(sample_docx, tmp_path / "e.docx", edit)
    [text] = text_at(docx, FIRST_PARAGRAPH)
    assert text.text == first_text == text.printed
    assert [(p.kind, p.author) for p in text.pending] == [("deletion", "E"), ("insertion", "E")]
    assert text.pending[1].text == " إضافة معلقة"
    assert first_text.startswith(text.pending[0].text)


def test_a_comment_is_listed_on_the_text_it_anchors(sample_docx, first_text, tmp_path):
    def edit(root):
        paragraph = paragraph_of(root, first_text[:20])
        first_run = paragraph.find(f"{W}r")
        first_run.addprevious(etree.Element(f"{W}commentRangeStart", {f"{W}id": "0"}))
        first_run.addnext(etree.Element(f"{W}commentRangeEnd", {f"{W}id": "0"}))

    docx = edited(sample_docx, tmp_path / "e.docx", edit)
    comments = (
        f'<w:comments xmlns:w="{W_NS}"><w:comment w:id="0" w:author="المحرر">'
        "<w:p><w:r><w:t>راجع التاريخ</w:t></w:r></w:p></w:comment></w:comments>"
    )
    with zipfile.ZipFile(docx, "a") as package:
        package.writestr("word/comments.xml", comments)
    [text] = text_at(docx, FIRST_PARAGRAPH)
    [comment] = text.comments
    assert (comment.author, comment.text) == ("المحرر", "راجع التاريخ")
    assert comment.anchor and first_text.startswith(comment.anchor)


def test_footnotes_read_with_their_citation_and_an_edited_title_comes_back(sample_docx, tmp_path):
    texts = read_ours(sample_docx).texts
    cited = next(t for t in texts if t.path and t.path[0] == "sections" and "[^" in t.text)
    assert cited.text == cited.printed and "[^un-rapporteur-2025]" in cited.text
    title = ("sources", 1, "title")
    old = "Belarus Democracy Act of 2004"

    def edit(root):
        for t in root.iter(f"{W}t"):
            if t.text and old in t.text:
                t.text = t.text.replace(old, "Belarus Democracy Act")
                return

    docx = edited(sample_docx, tmp_path / "e.docx", edit, "word/footnotes.xml")
    # the sources list (body) is read before the footnotes
    assert [t.text for t in text_at(docx, title)] == [old, "Belarus Democracy Act"]
    assert report_data(docx)["sources"][1]["title"] == "Belarus Democracy Act"


def test_arabic_indic_digits_typed_in_a_changed_text_read_as_the_reports(tmp_path):
    report = load_report(SAMPLE).model_copy(update={"digits": "arabic-indic"})
    path = tmp_path / "indic.docx"
    path.write_bytes(render_docx(RenderJob(report, SAMPLE, TemplateSet())))
    first = text_at(path, FIRST_PARAGRAPH)[0].text
    docx = edited(
        path,
        tmp_path / "e.docx",
        lambda root: paragraph_of(root, first[:20]).append(run(" في عام ٢٠٢٦.")),
    )
    assert text_at(docx, FIRST_PARAGRAPH)[0].text == first + " في عام 2026."


def test_a_quotes_speaker_and_role_are_two_marks_the_separator_none(tmp_path):
    brief = SAMPLE.with_name("belavia-sanctions-brief.yaml")
    path = tmp_path / "brief.docx"
    path.write_bytes(render_docx(RenderJob(load_report(brief), brief, TemplateSet())))
    report = load_report(brief)
    texts = {t.path: t.text for t in read_ours(path).texts}
    assert texts[("headline",)] == report.headline
    assert texts[("quotes", 0, "speaker")] == report.quotes[0].speaker
    assert texts[("quotes", 0, "role")] == report.quotes[0].role


def test_a_paragraph_inserted_as_a_pending_change_is_listed_with_it(
    sample_docx, first_text, tmp_path
):
    def edit(root):
        added = etree.Element(f"{W}p")
        insertion = etree.SubElement(added, f"{W}ins", {f"{W}id": "903", f"{W}author": "E"})
        insertion.append(run("فقرة مقترحة."))
        paragraph_of(root, first_text[:20]).addnext(added)

    texts = read_ours(edited(sample_docx, tmp_path / "e.docx", edit)).texts
    [added] = [t for t in texts if t.path is None]
    assert (added.text, added.after) == ("", FIRST_PARAGRAPH)
    assert [(p.kind, p.text) for p in added.pending] == [("insertion", "فقرة مقترحة.")]


def test_a_word_file_build_did_not_write_is_refused_with_what_to_do(sample_docx, tmp_path):
    other = tmp_path / "other.docx"
    with zipfile.ZipFile(sample_docx) as source, zipfile.ZipFile(other, "w") as target:
        for name in source.namelist():
            if not name.startswith("customXml/"):
                target.writestr(name, source.read(name))
    with pytest.raises(UsageError, match="without --into"):
        read_ours(other)


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) missing")
def test_a_file_libreoffice_opened_and_saved_reads_back_unchanged(sample_docx, tmp_path):
    """LibreOffice renumbers footnotes, renames the bookmarks in them (`…_Copy_1`), renames
    the contents' styles and drops empty bookmarks: the texts still read as printed."""
    out = tmp_path / "saved"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(sample_docx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    before = read_ours(sample_docx).texts
    after = read_ours(out / sample_docx.name).texts
    assert [(t.path, t.text) for t in after] == [(t.path, t.printed) for t in before]
    assert report_data(out / sample_docx.name) == read_ours(sample_docx).report
