"""The PDF, judged by what a reader gets: text, outline, contents, footnotes, metadata, bytes.

The sample analysis is laid out and written once per session (about 2 s)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import BRIEF_SAMPLE, SAMPLE
from pypdf import PdfReader

from reportkit.errors import RenderError
from reportkit.inline import Citation, Text, iter_nodes
from reportkit.loader import load_report
from reportkit.models.analysis import Context, Drivers, Limits, Trajectory
from reportkit.render import RenderJob
from reportkit.render.pdf import (
    footnote_pages,
    layout_warnings,
    render_document,
    render_pdf,
    write_pdf,
)
from reportkit.theme import TemplateSet

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")

BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
DATA = Path(__file__).resolve().parent / "data"
CORPUS, EN_REPORT = DATA / "rtl-corpus.yaml", DATA / "en-analysis.yaml"
PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels; pdftotext crops in points at 72 dpi


@pytest.fixture(scope="session")
def sample_job() -> RenderJob:
    return RenderJob(load_report(SAMPLE), SAMPLE, TemplateSet())


@pytest.fixture(scope="session")
def rendered(sample_job):
    return render_document(sample_job)


@pytest.fixture(scope="session")
def sample_pdf(rendered, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    path.write_bytes(write_pdf(rendered))
    return path


def normalize(text: str) -> str:
    """Collapse whitespace and drop bidi marks and pdftotext's embedding controls."""
    return re.sub(r"\s+", " ", BIDI_MARKS.sub("", text).replace("\f", " ")).strip()


def pdftotext(path: Path, page: int, box: tuple[float, float, float, float] | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page)]
    if box:
        x, y, width, height = (str(int(v)) for v in box)
        args += ["-r", "72", "-x", x, "-y", y, "-W", width, "-H", height]
    return subprocess.run(
        [*args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def page_areas(page) -> tuple[tuple, tuple]:
    """Return the (x, y, w, h) in points of a page's body area and of its footnote area."""
    from weasyprint.formatting_structure import boxes

    box = page._page_box
    top, bottom = box.margin_top, box.margin_height() - box.margin_bottom
    footnotes = next((b for b in box.descendants() if isinstance(b, boxes.FootnoteAreaBox)), None)
    notes_top = footnotes.position_y if footnotes is not None and footnotes.children else bottom
    width = box.margin_width()
    body = (0, top, width, notes_top - top)
    notes = (0, notes_top, width, bottom - notes_top)
    return tuple(v * PX_TO_PT for v in body), tuple(v * PX_TO_PT for v in notes)


def body_text(pdf: Path, document) -> str:
    """Return the text of every page's body area (no running header, footer or footnotes)."""
    return normalize(
        " ".join(pdftotext(pdf, n, page_areas(page)[0]) for n, page in enumerate(document.pages, 1))
    )


def unit_pattern(text) -> str:
    """Return a regex for one paragraph: its text exactly, a footnote number at each citation."""
    if isinstance(text, str):
        return re.escape(normalize(text))
    parts = []
    for node in iter_nodes(text.nodes):
        if isinstance(node, Text):
            parts.append(re.escape(normalize(node.text) if node.text.strip() else " "))
        elif isinstance(node, Citation):
            parts.append(r" ?\d{1,2} ?")
    return "".join(parts).strip()


def body_units(report) -> list:
    """Return the headings and paragraphs of the analysis in reading order."""
    units: list = []
    for section in report.sections:
        if getattr(section, "heading", None):
            units.append(section.heading)
        if isinstance(section, Context):
            units += section.paragraphs
            if section.factors:
                units += [section.factors.lead, *section.factors.items]
        elif isinstance(section, Drivers):
            units += section.intro
            for perspective in section.perspectives:
                units += [perspective.heading, *perspective.paragraphs]
            units += section.synthesis
        elif isinstance(section, Limits):
            units += section.paragraphs
            for outlook in section.outlooks:
                units += outlook.paragraphs
            units += section.constraints
        else:
            units += section.paragraphs
            if isinstance(section, Trajectory):
                units += [event.text for event in section.timeline]
    return units


def test_extracted_text_holds_every_paragraph_letter_for_letter_in_order(
    rendered, sample_pdf, sample_job
):
    """Every heading and paragraph of the seed piece (test_sample_reports proves the model
    carries it word for word) comes out of pdftotext exactly, in order, with a footnote
    number where a citation stands; only bidi marks and whitespace are normalized."""
    text = body_text(sample_pdf, rendered.document)
    position = 0
    for unit in body_units(sample_job.report):
        match = re.compile(unit_pattern(unit)).search(text, position)
        context = text[position : position + 300]
        assert match, f"not found after offset {position}: {str(unit)[:80]}…\n{context}"
        position = match.end()


def structure_text(reader: PdfReader) -> str:
    """Return the tag tree's text as a screen reader gets it: /ActualText in tree order."""
    parts: list[str] = []

    def walk(element) -> None:
        element = element.get_object()
        if "/ActualText" in element:
            parts.append(element["/ActualText"])
            return
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            target = kid.get_object() if hasattr(kid, "get_object") else None
            if isinstance(target, dict) and "/S" in target:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return normalize("".join(parts))


def test_screen_readers_get_the_logical_text_from_the_tag_tree(rendered, sample_pdf, sample_job):
    """Content-stream /ActualText is arranged for poppler; the structure elements carry the
    logical text the PDF specification asks for, so both readers get the source."""
    from lxml import html as lxml_html

    text = structure_text(PdfReader(sample_pdf))
    # The tag tree follows the pages: a page's footnotes come where the page ends.
    for note in lxml_html.fromstring(rendered.page.html).find_class("footnote"):
        number = note.get("id").removeprefix("fn-")
        text = text.replace(f"{number}. {normalize(note.text_content())} ", "", 1)
    position = 0
    for unit in body_units(sample_job.report):
        match = re.compile(unit_pattern(unit)).search(text, position)
        assert match, f"{str(unit)[:80]}…\n{text[position : position + 300]}"
        position = match.end()


def test_actual_text_changes_no_pixel(rendered, sample_pdf, tmp_path):
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(write_pdf(rendered, actual_text="none"))
    assert plain.read_bytes() != sample_pdf.read_bytes()

    def pixels(pdf: Path) -> bytes:
        return subprocess.run(
            ["pdftoppm", "-r", "40", "-f", "3", "-l", "3", str(pdf)],
            capture_output=True,
            check=True,
        ).stdout

    assert pixels(plain) == pixels(sample_pdf)


def test_outline_lists_the_section_headings_in_order(sample_pdf, sample_job):
    reader = PdfReader(sample_pdf)
    top = [item for item in reader.outline if not isinstance(item, list)]
    headings = [s.heading for s in sample_job.report.sections if getattr(s, "heading", None)]
    assert [item.title for item in top] == [*headings, "المصادر"]
    nested = [item.title for group in reader.outline if isinstance(group, list) for item in group]
    assert "منظور الولايات المتحدة" in nested and "على المدى القريب" in nested


def test_contents_page_numbers_are_the_pages_of_the_headings(sample_pdf, sample_job):
    reader = PdfReader(sample_pdf)
    heading_pages = {
        item.title: reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }
    contents = normalize(pdftotext(sample_pdf, 2))
    for title, page in heading_pages.items():
        match = re.search(re.escape(title) + r" (\d+)", contents)
        assert match and int(match.group(1)) == page, (title, page, contents)
        assert title in normalize(pdftotext(sample_pdf, page))


def test_each_contents_entry_gets_a_rule_naming_its_heading_by_url(sample_job):
    """The rules render_document adds: one an entry, its selector the entry's link, its
    number the page of the heading the link goes to (named by url(), which WeasyPrint
    follows when the heading moves: tests/render/test_weasyprint_fixes.py)."""
    from lxml import html as lxml_html

    from reportkit.render.html import page_html
    from reportkit.render.pdf import contents_rules

    page = lxml_html.fromstring(page_html(sample_job, "print").html)
    links = page.xpath("//*[contains(concat(' ', @class, ' '), ' toc ')]//a/@href")
    assert len(links) > 3 and all(page.get_element_by_id(href[1:]) is not None for href in links)
    rules = contents_rules([href[1:] for href in links], "arabic-indic")
    found = re.findall(
        r'\.toc a\[href="(#[^"]+)"\]::after \{ content: leader\(dotted\) '
        r'target-counter\(url\("(#[^"]+)"\), page, arabic-indic\); \}',
        rules,
    )
    assert found == [(href, href) for href in links]


def test_contents_leaders_fill_the_gap_as_one_run_of_dots(rendered):
    """Each contents line's dot leader is drawn as one run (weasyprint_fixes merges
    WeasyPrint's box-per-dot copies) that still fills the gap between title and number."""
    from weasyprint.formatting_structure import boxes

    leaders = [
        box
        for box in rendered.document.pages[1]._page_box.descendants()
        if isinstance(box, boxes.InlineBox) and box.is_leader
    ]
    assert len(leaders) == 6
    for leader in leaders:
        (dots,) = leader.children
        assert isinstance(dots, boxes.TextBox) and set(dots.text) == {"."}
        assert len(dots.text) > 20
        dot = dots.width / len(dots.text)
        assert leader.position_x - 0.01 <= dots.position_x < leader.position_x + dot
        leader_end, dots_end = (leader.position_x + leader.width, dots.position_x + dots.width)
        assert leader_end - dot < dots_end <= leader_end + 0.01


def test_the_version_pinned_fixes_are_active_and_warn_of_nothing():
    import weasyprint

    from reportkit.render import weasyprint_fixes

    state = weasyprint_fixes.install()
    if weasyprint.__version__.split(".")[0] == weasyprint_fixes.SUPPORTED_MAJOR:
        assert state == dict.fromkeys(
            ["footnotes", "actual_text", "leaders", "rtl_lines", "tagging"],
            True,
        )
        assert weasyprint_fixes.warnings() == []


@pytest.mark.parametrize("report", [SAMPLE, CORPUS, EN_REPORT], ids=["sample", "rtl-corpus", "en"])
def test_right_to_left_lines_laid_out_once_give_the_bytes_of_twice(report):
    """weasyprint_fixes lays each right-to-left line out once; WeasyPrint lays it out twice
    (without the shortcut) and gets the same PDF, byte for byte."""
    from reportkit.render import weasyprint_fixes

    job = RenderJob(load_report(report), report, TemplateSet())
    with weasyprint_fixes.without("rtl_lines"):
        alone = write_pdf(render_document(job))
    assert write_pdf(render_document(job)) == alone


def test_streams_compressed_before_pydyf_writes_give_its_own_bytes(rendered, monkeypatch):
    """write_pdf compresses every stream once before pydyf writes (pydyf compresses each
    again to hash the file) and leaves the bytes pydyf's own compression gives."""
    import pydyf

    from reportkit.render import pdf

    compress = pdf.compress_streams_once
    left: list = []

    def compress_and_look(written) -> None:
        compress(written)
        left.extend(o for o in written.objects if isinstance(o, pydyf.Stream) and o.compress)

    monkeypatch.setattr(pdf, "compress_streams_once", compress_and_look)
    ours = write_pdf(rendered)
    assert left == []  # none left for pydyf to compress twice
    monkeypatch.setattr(pdf, "compress_streams_once", lambda written: None)
    assert write_pdf(rendered) == ours


def test_the_font_configuration_is_shared_unless_the_page_brings_its_own_fonts():
    from reportkit.render.pdf import _font_config

    plain = _font_config("<style>p { color: red }</style>")
    assert _font_config("<style>h1 { color: blue }</style>") is plain  # system fonts only
    own = "<style>@font-face { font-family: X; src: local(Amiri) }</style>"
    with_font = _font_config(own)
    assert with_font is not plain and _font_config(own) is with_font
    assert _font_config('<link rel="stylesheet" href="fonts.css">') not in (plain, with_font)


def test_the_stylesheet_is_parsed_once_for_the_same_css_and_folders(sample_job, tmp_path):
    from reportkit.render.html import page_html
    from reportkit.render.pdf import RestrictedFetcher, _font_config, _stylesheet

    page = page_html(sample_job, "print")
    assert "<style>" not in page.html and "@page" in page.css  # given to WeasyPrint apart
    fetcher = RestrictedFetcher(sample_job, page)
    sheet = _stylesheet(page.css, page.base_url, _font_config(page.css), fetcher)
    assert _stylesheet(page.css, page.base_url, _font_config(page.css), fetcher) is sheet
    other = RestrictedFetcher(
        RenderJob(sample_job.report, sample_job.report_path, TemplateSet(tmp_path)), page
    )
    assert _stylesheet(page.css, page.base_url, _font_config(page.css), other) is not sheet


def test_each_footnote_sits_on_the_page_of_its_call(rendered, sample_pdf, sample_job):
    pages = footnote_pages(rendered.document)
    assert len(pages) == 9 and all(call == body for call, body in pages.values()), pages
    report = sample_job.report
    notes = rendered.page.html.count('class="footnote"')
    assert notes == len(pages)
    un_note = normalize(
        "مجلس حقوق الإنسان التابع للأمم المتحدة، «تقرير المقرر الخاص للأمم المتحدة "
        "حول حالة حقوق الإنسان في بيلاروسيا»، 2025."
    )
    call_page = pages["fn-1"][0]
    notes_area = page_areas(rendered.document.pages[call_page - 1])[1]
    assert un_note in normalize(pdftotext(sample_pdf, call_page, notes_area))
    assert report.sources[0].id == "un-rapporteur-2025"


@pytest.mark.parametrize("report", [SAMPLE, CORPUS, EN_REPORT], ids=lambda path: path.stem)
def test_our_reports_lay_out_without_warnings(report, sample_job, rendered):
    """No false alarm: the contents page's leaders are laid out wider than their lines, and
    WeasyPrint's justification pushes a line of the corpus 1.3 mm out; neither is a word
    too long for its line."""
    if report == SAMPLE:
        job, laid_out = sample_job, rendered
    else:
        job = RenderJob(load_report(report), report, TemplateSet())
        laid_out = render_document(job)
    assert laid_out.warnings == []
    assert layout_warnings(job, laid_out.document) == []


def margin_text(pdf: Path, page) -> tuple[str, str]:
    """Return the text of the top and bottom page margins of 1-based `page`."""
    box = page._page_box
    width, height = box.margin_width() * PX_TO_PT, box.margin_height() * PX_TO_PT
    top, bottom = box.margin_top * PX_TO_PT, box.margin_bottom * PX_TO_PT
    number = page.__dict__.get("_number")
    return (
        normalize(pdftotext(pdf, number, (0, 0, width, top))),
        normalize(pdftotext(pdf, number, (0, height - bottom, width, bottom))),
    )


def test_running_header_and_page_numbers_everywhere_but_on_the_cover(rendered, sample_pdf):
    for number, page in enumerate(rendered.document.pages, 1):
        page._number = number
        header, footer = margin_text(sample_pdf, page)
        if number == 1:
            assert (header, footer) == ("", "")
        else:
            assert footer == str(number)
            assert "دلالات التقارب الأمريكي البيلاروسي" in header or number == 2


def test_running_header_shows_the_documents_running_title(sample_job, tmp_path):
    """The header's title is the resolved document's running title, which the DOCX's header
    shows too (not a text the template picks from the cover)."""
    import dataclasses

    from reportkit.document import Span

    job = RenderJob(sample_job.report, sample_job.report_path, sample_job.templates)
    ours = "عنوان الترويسة المختصر"
    retitled = dataclasses.replace(job.document, running_title=(Span(ours, rtl=True),))
    vars(job)["document"] = retitled  # the job's resolved document (a cached property)
    rendered = render_document(job)
    pdf = tmp_path / "header.pdf"
    pdf.write_bytes(write_pdf(rendered))
    page = rendered.document.pages[3]
    page._number = 4
    header = margin_text(pdf, page)[0]
    assert ours in header and "دلالات التقارب" not in header


def test_running_header_names_the_section_current_at_the_top_of_the_page(
    rendered, sample_pdf, sample_job
):
    """A section that starts mid-page is named from the next page on: the page it starts on
    still belongs, at its top, to the section before."""
    headings = [s.heading for s in sample_job.report.sections if getattr(s, "heading", None)]
    headings.append("المصادر")
    current, mid_page_starts = None, 0
    for number, page in enumerate(rendered.document.pages[2:], 3):
        page._number = number
        header = margin_text(sample_pdf, page)[0]
        body = normalize(pdftotext(sample_pdf, number, page_areas(page)[0]))
        starting = sorted((body.index(h), h) for h in headings if h in body)
        if starting and starting[0][0] == 0:  # the page opens with a section's heading
            current = starting[0][1]
        elif starting:
            mid_page_starts += 1
        assert [h for h in headings if h in header] == ([current] if current else []), number
        current = starting[-1][1] if starting else current
    assert mid_page_starts >= 3  # the sample has sections starting mid-page to test this on


def test_metadata_and_language(sample_pdf, sample_job):
    reader = PdfReader(sample_pdf)
    info = reader.metadata
    assert info.title == sample_job.report.display_title
    assert info.author == "سلمى محمد"
    assert "بيلاروسيا" in info["/Keywords"]
    assert info["/Subject"].startswith("تقرأ هذه الورقة")
    assert info["/CreationDate"].startswith("D:20251120")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "ar"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # pdf/ua-1 tagging


def test_two_builds_are_byte_identical(sample_job, sample_pdf):
    assert render_pdf(sample_job) == sample_pdf.read_bytes()


def test_builds_in_other_processes_are_byte_identical(tmp_path):
    """Hash randomization or font-subset names must not leak into the bytes."""
    import os
    import sys

    code = (
        "import sys; from pathlib import Path; from reportkit.loader import load_report;"
        "from reportkit.render import RenderJob; from reportkit.render.pdf import render_pdf;"
        "from reportkit.theme import TemplateSet; p = Path(sys.argv[1]);"
        "sys.stdout.buffer.write(render_pdf(RenderJob(load_report(p), p, TemplateSet())))"
    )
    outputs = [
        subprocess.run(
            [sys.executable, "-c", code, str(BRIEF_SAMPLE)],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert outputs[0] == outputs[1] and outputs[0].startswith(b"%PDF")


def test_source_date_epoch_sets_the_dates(rendered, monkeypatch, sample_job):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    info = PdfReader(_bytes_file(render_pdf(sample_job))).metadata
    assert info["/CreationDate"].startswith("D:20231114")


def _bytes_file(data: bytes):
    import io

    return io.BytesIO(data)


def test_fonts_are_the_theme_fonts_embedded_and_subset(sample_pdf):
    fonts = subprocess.run(["pdffonts", str(sample_pdf)], capture_output=True, text=True).stdout
    assert "Amiri" in fonts and "DejaVu" not in fonts
    assert all(" yes yes yes " in line for line in fonts.splitlines()[2:])


def test_brief_renders_without_cover_and_with_its_footnotes():
    job = RenderJob(load_report(BRIEF_SAMPLE), BRIEF_SAMPLE, TemplateSet())
    result = render_document(job)
    assert result.warnings == []
    assert all(call == body for call, body in footnote_pages(result.document).values())
    assert len(result.document.pages) == 1


# ------------------------------------------------------------------ resources and failures

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
    "53de0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082"
)

IMAGE_REPORT = """\
kind: brief
language: ar
label: سياسة دولية
headline: خبر مع صورة
date: 2025-11-05
image:
  file: {file}
  caption: مطار مينسك الدولي
  credit: وكالة الصور
lead: فقرة افتتاحية قصيرة.
"""


def write_image_report(folder: Path, file: str = "photo.png") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "photo.png").write_bytes(PNG_1PX)
    path = folder / "with-image.yaml"
    path.write_text(IMAGE_REPORT.format(file=file), encoding="utf-8")
    return path


def test_image_with_caption_and_credit_is_drawn(tmp_path):
    path = write_image_report(tmp_path)
    job = RenderJob(load_report(path), path, TemplateSet())
    result = render_document(job)
    assert result.warnings == []
    images = [
        b
        for b in result.document.pages[0]._page_box.descendants()
        if type(b).__name__.endswith("ReplacedBox")
    ]
    assert len(images) == 1
    text = normalize(pdftotext(_pdf_file(tmp_path, write_pdf(result)), 1))
    assert "مطار مينسك الدولي" in text and "المصدر: وكالة الصور" in text


def _pdf_file(folder: Path, data: bytes) -> Path:
    path = folder / "out.pdf"
    path.write_bytes(data)
    return path


def test_missing_image_is_refused_naming_the_report_line_and_nothing_is_written(tmp_path):
    from click.testing import CliRunner

    from reportkit.cli import cli

    path = write_image_report(tmp_path / "report")
    job = RenderJob(load_report(path), path, TemplateSet())
    (tmp_path / "report" / "photo.png").unlink()  # removed after validation
    with pytest.raises(RenderError, match=r"with-image\.yaml:7:\d+: image\.file: .*photo\.png"):
        render_pdf(job)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(path), "--format", "pdf", "--out", str(out)])
    assert result.exit_code != 0
    assert not list(out.glob("*.pdf")) and not list(out.glob(".*.tmp"))


def test_fetcher_refuses_the_network_and_files_outside_the_allowed_folders(tmp_path):
    from reportkit.render.html import page_html
    from reportkit.render.pdf import ResourceRefused, RestrictedFetcher

    path = write_image_report(tmp_path / "report")
    job = RenderJob(load_report(path), path, TemplateSet())
    fetcher = RestrictedFetcher(job, page_html(job, "print"))
    for url in (
        "https://example.com/x.png",
        "file:///etc/passwd",
        (tmp_path / "report" / ".." / "elsewhere.png").as_uri(),
    ):
        with pytest.raises(ResourceRefused, match=re.escape("with-image.yaml")):
            fetcher.fetch(url)
    assert fetcher.fetch((tmp_path / "report" / "photo.png").as_uri()).read() == PNG_1PX


def test_a_css_url_outside_the_allowed_folders_stops_the_render(tmp_path):
    override = tmp_path / "theme"
    override.mkdir()
    default_css = TemplateSet().find("print.css").read_text(encoding="utf-8")
    (override / "print.css").write_text(
        default_css + '\nbody { background: url("file:///etc/hostname"); }', encoding="utf-8"
    )
    job = RenderJob(load_report(BRIEF_SAMPLE), BRIEF_SAMPLE, TemplateSet(override))
    with pytest.raises(RenderError, match="outside the report's folder and the template folders"):
        render_pdf(job)


def test_a_template_image_that_cannot_be_drawn_stops_the_render(tmp_path):
    override = tmp_path / "theme"
    override.mkdir()
    (override / "paper.png").write_text("not a picture", encoding="utf-8")
    default_css = TemplateSet().find("print.css").read_text(encoding="utf-8")
    paper = (override / "paper.png").as_uri()
    (override / "print.css").write_text(
        default_css + f'\nbody {{ background: url("{paper}"); }}', encoding="utf-8"
    )
    job = RenderJob(load_report(BRIEF_SAMPLE), BRIEF_SAMPLE, TemplateSet(override))
    with pytest.raises(RenderError, match=r"Failed to load image at .*paper\.png"):
        render_pdf(job)


def test_a_word_longer_than_a_line_is_broken_inside_the_page(tmp_path):
    word, arabic = "abcdefghij" * 500, "بتثجحخسشصضطظعغفقكلمن" * 10
    text = BRIEF_SAMPLE.read_text(encoding="utf-8").replace(
        "\nbody:\n", f"\nbody:\n  - فقرة فيها كلمة طويلة {word} ثم نهاية الفقرة.\n", 1
    )
    # A word that starts a pull-quote begins in the box of its opening quotation mark.
    text = re.sub(r"(?m)^(  - text: ).*$", rf"\g<1>{arabic}", text, count=1)
    assert arabic in text
    path = tmp_path / "long.yaml"
    path.write_text(text, encoding="utf-8")
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(render_pdf(RenderJob(load_report(path), path, TemplateSet())))
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    words = re.findall(r'xMin="([-\d.]+)" yMin="[-\d.]+" xMax="([-\d.]+)"[^>]*>([^<]*)<', boxes)
    assert all(float(x_min) >= 0 and float(x_max) <= width for x_min, x_max, _ in words)
    # The zero-width spaces reportkit puts into such a word (break opportunities) come out.
    pieces = [
        re.sub("[\u200b\u200e\u200f]", "", w) for _, _, w in words if "abc" in w or "efg" in w
    ]
    assert len(pieces) > 10 and "".join(pieces) == word


# ------------------------------------------------------------------ environment


def test_doctor_passes_here_and_names_the_fix_for_a_missing_font(tmp_path):
    from click.testing import CliRunner

    from reportkit.cli import cli

    assert CliRunner().invoke(cli, ["doctor"]).exit_code == 0
    (tmp_path / "theme.yaml").write_text("fonts:\n  arabic: No Such Naskh\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["doctor", "--template", str(tmp_path)])
    assert result.exit_code == 3
    assert "FAIL font (Arabic body): No Such Naskh is not installed" in result.output
    assert "apt-get install fonts-hosny-amiri" in result.output
    job = RenderJob(load_report(BRIEF_SAMPLE), BRIEF_SAMPLE, TemplateSet(tmp_path))
    with pytest.raises(RenderError, match="No Such Naskh is not installed"):
        render_pdf(job)


def test_a_running_title_with_quotes_and_backslashes_reaches_the_css_intact(sample_job):
    import dataclasses

    import tinycss2

    from reportkit.document import Span
    from reportkit.render.pdf import document_rules

    title = 'قال "لا" \\ ثم\nمضى'
    document = dataclasses.replace(sample_job.document, running_title=(Span(title, rtl=True),))
    [rule, *_] = tinycss2.parse_stylesheet(document_rules(document), skip_whitespace=True)
    [declaration] = tinycss2.parse_declaration_list(rule.content, skip_whitespace=True)
    strings = [token.value for token in declaration.value if token.type == "string"]
    assert (declaration.name, strings) == ("string-set", ['قال "لا" \\ ثم مضى'])
