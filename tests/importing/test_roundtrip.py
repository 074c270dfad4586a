"""A DOCX that build wrote gives its report back: `build` → `report_data` → the same model.

Every report the repository renders (conftest.RENDERED_REPORTS: reports/, the English
analysis, the blocks analysis and brief; plus the other valid reports of tests/data and the
sample analysis printed with Arabic-Indic digits, as the parity test builds it). The model
could come back from the copy of the report the file embeds alone, so the texts are also
checked as the document says them: every field of text the report prints is marked, and the
text read at each mark is the report's value.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import BRIEF_SAMPLE, DATA, RENDERED_REPORTS, SAMPLE, write_png

from reportkit.importing.command import import_file
from reportkit.importing.ours import is_ours, read_ours, report_data
from reportkit.loader import load_report
from reportkit.models import REPORT_KINDS
from reportkit.render import RenderJob
from reportkit.render.docx import render_docx
from reportkit.source import read_source
from reportkit.theme import TemplateSet

OTHER_VALID = [DATA / "en-policy-paper.yaml", DATA / "estimate-en.yaml"]
REPORTS = [*RENDERED_REPORTS, *OTHER_VALID]

# Fields of a report that are not printed text: ids and references, settings, enumerations,
# addresses of files, dates, and what the writer puts only in properties or alt text.
NOT_PRINTED = {
    "$schema", "id", "kind", "language", "digits", "toc", "section", "source", "file",
    "alt", "date", "type", "horizon", "dimensions", "likelihood", "most_likely",
    "priority", "align", "keywords", "actor",
    "addressee",  # a group of recommendations is headed once: the first one's is marked
}  # fmt: skip
EMPTY_CELL = "~"
# An actor's name is printed inside a label ("Position of …"), unless its heading replaces it.


def jobs() -> list[tuple[str, RenderJob]]:
    out = [(path.stem, RenderJob(load_report(path), path, TemplateSet())) for path in REPORTS]
    indic = load_report(SAMPLE).model_copy(update={"digits": "arabic-indic"})
    return [*out, ("arabic-indic", RenderJob(indic, SAMPLE, TemplateSet()))]


@pytest.fixture(scope="module", params=jobs(), ids=lambda item: item[0])
def built(request, tmp_path_factory) -> tuple[RenderJob, Path]:
    _, job = request.param
    path = tmp_path_factory.mktemp("roundtrip") / "report.docx"
    path.write_bytes(render_docx(job))
    return job, path


def validated(data: dict):
    return REPORT_KINDS[data["kind"]].model_validate(data)


def test_the_report_comes_back_from_its_word_file(built):
    job, path = built
    assert is_ours(path)
    assert validated(report_data(path)) == load_report(job.report_path)


def test_every_printed_field_of_text_is_marked(built):
    """Every string of the report that the document prints has a mark (some, like an
    author's role on a brief, only where the kind prints them: see `printed_strings`)."""
    job, path = built
    marked = {text.path for text in read_ours(path).texts if text.path is not None}
    missing = [p for p in printed_strings(read_source(job.report_path).data) if p not in marked]
    assert missing == []


def test_each_marked_text_reads_as_the_report_has_it(built):
    """The text at each mark, as read from the document (not from the embedded copy), is the
    report's value of its field: digits, markup, notes and direction marks read back."""
    job, path = built
    data = read_source(job.report_path).data
    texts = [text for text in read_ours(path).texts if text.path is not None]
    assert texts
    wrong = []
    for text in texts:
        value = value_at(data, text.path)
        if text.path[-1] == "value":  # a key figure's number, printed with grouping
            continue
        if isinstance(value, str) and text.text != value.strip():
            wrong.append((text.path, text.text, value))
    assert wrong == []


def test_a_changed_text_is_the_one_the_report_data_takes(built, tmp_path):
    """The document, not the embedded copy, carries the text: change a marked text in the
    XML and report_data has the change."""
    _, path = built
    first = next(t for t in read_ours(path).texts if t.path and t.text == t.printed)
    edited = edit_first_text(path, tmp_path / "edited.docx", "CHANGED ")
    data = report_data(edited)
    assert value_at(data, first.path).startswith("CHANGED ")


# --------------------------------------------------------------------------- helpers


def value_at(data, path):
    for key in path:
        data = data[key]
    return data


def printed_strings(data, path=()):
    """Yield the path of every string in the report data that is printed text."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in NOT_PRINTED:
                yield from printed_strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from printed_strings(value, (*path, index))
    elif isinstance(data, str) and data != EMPTY_CELL and path[-1:] != ("url",):
        yield from [] if path[:1] == ("actors",) and path[-1] == "name" else [path]


def edit_first_text(source: Path, target: Path, prefix: str) -> Path:
    """Write a copy of the DOCX whose first marked text starts with `prefix`."""
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(source) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    start = next(b for b in root.iter(f"{w}bookmarkStart") if b.get(f"{w}name").startswith("_rk"))
    text = next(start.itersiblings(f"{w}r")).find(f"{w}t")
    text.text = prefix + text.text
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(target, "w") as package:
        for name, blob in parts.items():
            package.writestr(name, blob)
    return target


def test_the_marks_are_hidden_bookmarks_with_ids_unique_in_the_whole_file(built):
    """Word hides a bookmark whose name starts with an underscore and takes names of at most
    40 characters; an id may serve one bookmark of the document, its footnotes included."""
    import re
    import zipfile

    _, path = built
    with zipfile.ZipFile(path) as package:
        xml = b"".join(
            package.read(name)
            for name in ("word/document.xml", "word/footnotes.xml")
            if name in package.namelist()
        ).decode()
    starts = re.findall(r'<w:bookmarkStart w:id="(\d+)" w:name="([^"]+)"', xml)
    names = [name for _, name in starts if name.startswith("_rk")]
    assert names and all(len(name) <= 40 for name in names)
    ids = [bookmark_id for bookmark_id, _ in starts]
    assert len(ids) == len(set(ids))
    assert sorted(re.findall(r'<w:bookmarkEnd w:id="(\d+)"', xml)) == sorted(ids)


@pytest.fixture
def with_image(tmp_path) -> Path:
    """A brief whose main image is a PNG beside it, as a researcher keeps them."""
    folder = tmp_path / "reports"
    folder.mkdir()
    write_png(folder / "photo.png")
    text = BRIEF_SAMPLE.read_text(encoding="utf-8").replace(
        "date: 2025-11-05\n", "date: 2025-11-05\nimage:\n  file: photo.png\n  caption: صورة\n", 1
    )
    report = folder / "brief.yaml"
    report.write_text(text, encoding="utf-8")
    docx = tmp_path / "brief.docx"
    docx.write_bytes(render_docx(RenderJob(load_report(report), report, TemplateSet())))
    return docx


def test_a_report_imported_elsewhere_gets_its_images_out_of_the_word_file(with_image, tmp_path):
    out = tmp_path / "elsewhere" / "brief.yaml"
    result = import_file(with_image, out=out)
    assert not result.has_errors and result.diagnostics == []
    assert read_source(out).data["image"]["file"] == "brief-images/photo.png"
    extracted = out.parent / "brief-images" / "photo.png"
    assert result.images == [extracted]
    assert extracted.read_bytes() == (tmp_path / "reports" / "photo.png").read_bytes()


def test_a_report_imported_beside_its_images_names_them_as_it_did(with_image, tmp_path):
    out = tmp_path / "reports" / "again.yaml"
    result = import_file(with_image, out=out)
    assert not result.has_errors and result.diagnostics == []
    assert read_source(out).data["image"]["file"] == "photo.png"
    assert result.images == [] and not (out.parent / "again-images").exists()


def test_an_image_replaced_in_word_is_named_and_its_path_kept(with_image, tmp_path):
    edited = tmp_path / "edited.docx"
    with zipfile.ZipFile(with_image) as built, zipfile.ZipFile(edited, "w") as out:
        for name in built.namelist():
            data = built.read(name)
            out.writestr(name, data + b"\0" if name.startswith("word/media/") else data)
    result = import_file(edited, out=tmp_path / "elsewhere" / "brief.yaml")
    assert result.images == []
    assert read_source(result.out).data["image"]["file"] == "photo.png"
    [warning] = result.warnings
    assert "photo.png\u2069 is not in" in warning and "replaced or deleted in Word" in warning
