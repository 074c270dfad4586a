"""Page quality, judged on what a reader gets: where the PDF's pages break (pdftohtml's lines,
fonts and sizes; pdfinfo's page count) and what the DOCX asks Word to keep together, both
set in the sizes of one theme."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import BRIEF_SAMPLE, DATA, SAMPLE
from lxml import etree
from page_lines import TOLERANCE, PageReader, pdf_pages

from reportkit.loader import check_report, load_report
from reportkit.render import RenderJob
from reportkit.render.docx import render_docx
from reportkit.render.docx.ooxml import NSMAP
from reportkit.render.pdf import render_pdf
from reportkit.render.text import contents_page_wanted
from reportkit.theme import BUILTIN_TEMPLATES, TemplateSet

pytestmark = pytest.mark.skipif(not shutil.which("pdftohtml"), reason="needs poppler-utils")

RENDER_DATA = Path(__file__).resolve().parent / "data"
SHORT_ANALYSIS = DATA / "pages" / "short-analysis.yaml"


def valid_reports(folder: Path) -> list[Path]:
    """Return the reports under `folder` that load (the test data holds broken ones too)."""
    return [path for path in sorted(folder.rglob("*.yaml")) if check_report(path).report]


REPORTS = [SAMPLE, BRIEF_SAMPLE, *valid_reports(RENDER_DATA), *valid_reports(DATA)]
W = "{" + NSMAP["w"] + "}"


def build_pdf(report: Path, folder: Path, templates: Path | None = None) -> Path:
    pdf = folder / f"{report.stem}.pdf"
    job = RenderJob(load_report(report), report, TemplateSet(templates))
    pdf.write_bytes(render_pdf(job))
    return pdf


def docx_part(report: Path, name: str, templates: Path | None = None):
    job = RenderJob(load_report(report), report, TemplateSet(templates))
    with zipfile.ZipFile(io.BytesIO(render_docx(job))) as docx:
        return etree.fromstring(docx.read(name))


# ------------------------------------------------------------------ no stranded headings


@pytest.mark.parametrize("report", REPORTS, ids=lambda path: path.stem)
def test_no_heading_ends_a_page_without_two_lines_of_what_it_introduces(report, tmp_path):
    pdf = build_pdf(report, tmp_path)
    reader = PageReader(TemplateSet().theme)
    pages = pdf_pages(pdf)
    model = load_report(report)
    has_headings = bool(getattr(model, "sections", None) or model.sources)
    assert any(reader.is_heading(line) for page in pages for line in page) == has_headings
    assert reader.stranded_headings(pages) == []


WORDS = str.split(
    "تواجه المدن الساحلية خطرا يتزايد ببطء لكنه لا يتراجع ويعيش فيها جزء كبير من السكان "
    "وفيها الموانئ والمصافي ومحطات التحلية"
)


def prose(words: int, offset: int = 0) -> str:
    """Return a paragraph of `words` words, as a YAML block at the indentation lists use here."""
    text = " ".join(WORDS[(i + offset) % len(WORDS)] for i in range(words))
    return f">-\n                {text}."


def padded_analysis(padding: int) -> str:
    """Return an analysis whose first paragraph (`padding` words) moves every later block
    down the pages: some lengths put a heading at the foot of a page."""
    block = prose(60)
    return f"""\
kind: analysis
title: تقرير اختبار فواصل الصفحات
authors:
  - name: فريق الاختبار
date: 2025-10-02
toc: never
sections:
  - kind: context
    paragraphs:
      - {prose(padding)}
  - kind: trajectory
    heading: عنوان قسم المسار
    paragraphs:
      - {block}
      - {prose(60, 3)}
    timeline:
      - date: 2020
        text: حدث أول في المسار الزمني.
      - date: 2021
        text: حدث ثان في المسار الزمني.
      - date: 2022
        text: حدث ثالث في المسار الزمني.
  - kind: drivers
    heading: عنوان قسم الدوافع
    intro:
      - {block}
    perspectives:
      - actor: الفاعل الأول
        dimensions: [economic, political]
        paragraphs:
          - {prose(60, 1)}
      - actor: الفاعل الثاني
        dimensions: [security]
        paragraphs:
          - {prose(60, 2)}
    synthesis:
      - {block}
  - kind: limits
    heading: عنوان قسم الحدود
    outlooks:
      - horizon: near-term
        paragraphs:
          - {block}
    constraints:
      - {block}
  - kind: conclusion
    heading: الخاتمة
    paragraphs:
      - {block}
"""


def without_keep_rules(folder: Path) -> Path:
    """Return a template folder whose print.css lacks the keep-together rules."""
    css = (BUILTIN_TEMPLATES / "print.css").read_text(encoding="utf-8")
    rule = "h2, h3, .dimensions, .timeline-title, .timeline li:first-child { break-after: avoid; }"
    assert rule in css, "the keep-together rule of print.css changed: update this test"
    folder.mkdir()
    (folder / "print.css").write_text(css.replace(rule, ""), encoding="utf-8")
    return folder


# Paddings (words) that, without the rules, leave at a page's foot: the first perspective's
# name and dimensions; the timeline's title with one event; the second perspective's name.
@pytest.mark.parametrize("padding", [100, 310, 534])
def test_keep_rules_move_a_heading_that_would_end_a_page(padding, tmp_path):
    report = tmp_path / f"padded-{padding}.yaml"
    report.write_text(padded_analysis(padding), encoding="utf-8")
    reader = PageReader(TemplateSet().theme)
    bare = build_pdf(report, tmp_path, without_keep_rules(tmp_path / "bare"))
    assert reader.stranded_headings(pdf_pages(bare)), "the padding no longer strands a heading"
    assert reader.stranded_headings(pdf_pages(build_pdf(report, tmp_path))) == []


def test_word_keeps_headings_with_what_follows_and_paragraphs_whole_enough():
    styles = docx_part(SAMPLE, "word/styles.xml")
    by_id = {style.get(W + "styleId"): style for style in styles.iter(W + "style")}

    def has(style_id: str, tag: str) -> bool:
        return by_id[style_id].find(f"w:pPr/w:{tag}", NSMAP) is not None

    keep_next = ["Heading1", "Heading2", "Dimensions", "TableCaption", "TableHeading"]
    keep_next += ["PullQuote", "Label", "Headline", "Standfirst", "ContentsHeading"]
    assert [s for s in keep_next if not (has(s, "keepNext") and has(s, "keepLines"))] == []
    assert has("QuoteAttribution", "keepLines") and not has("QuoteAttribution", "keepNext")
    assert not has("BodyText", "keepNext")
    defaults = styles.find("w:docDefaults/w:pPrDefault/w:pPr", NSMAP)
    assert defaults.find("w:widowControl", NSMAP) is not None  # no line alone on a page


def test_a_quote_is_followed_by_its_attribution_in_word():
    body = docx_part(SAMPLE, "word/document.xml").find("w:body", NSMAP)
    styles = [
        p.find("w:pPr/w:pStyle", NSMAP).get(W + "val")
        for p in body.iter(W + "p")
        if p.find("w:pPr/w:pStyle", NSMAP) is not None
    ]
    quotes = [i for i, style in enumerate(styles) if style == "PullQuote"]
    assert quotes and all(styles[i + 1] == "QuoteAttribution" for i in quotes)


# ------------------------------------------------------------------ short reports


def test_contents_page_only_for_reports_with_enough_headings():
    sample, short = load_report(SAMPLE), load_report(SHORT_ANALYSIS)
    assert contents_page_wanted(sample) and not contents_page_wanted(short)
    assert contents_page_wanted(short.model_copy(update={"toc": "always"}))
    assert not contents_page_wanted(sample.model_copy(update={"toc": "never"}))
    assert not contents_page_wanted(load_report(BRIEF_SAMPLE))


def test_a_250_word_analysis_takes_a_cover_and_its_text_and_no_contents_page(tmp_path):
    pdf = build_pdf(SHORT_ANALYSIS, tmp_path)
    pages = pdf_pages(pdf)
    assert len(pages) == 3  # cover, then the body; it was 4 with a contents page
    reader = PageReader(TemplateSet().theme)
    assert not any(reader.is_heading(line) for line in pages[1][:1])  # no contents title
    last = [line for line in pages[-1] if reader.is_text(line) or reader.is_heading(line)]
    assert not (reader.is_heading(last[0]) and len(last) <= 2)  # not a heading and a line
    assert reader.stranded_headings(pages) == []


def test_toc_always_gives_the_short_analysis_its_contents_page(tmp_path):
    text = SHORT_ANALYSIS.read_text(encoding="utf-8").replace("kind: analysis\n", "")
    report = tmp_path / "always.yaml"
    report.write_text("kind: analysis\ntoc: always\n" + text, encoding="utf-8")
    assert len(pdf_pages(build_pdf(report, tmp_path))) == 4


def toc_fields(report: Path) -> list:
    body = docx_part(report, "word/document.xml")
    return [t for t in body.iter(W + "instrText") if (t.text or "").strip().startswith("TOC")]


def test_word_gives_a_contents_page_only_where_the_pdf_does():
    assert toc_fields(SAMPLE) and toc_fields(SHORT_ANALYSIS) == []


# ------------------------------------------------------------------ one scale of sizes

SIZES = {"body": 12, "heading1": 21, "heading2": 16, "heading3": 14, "title": 27}


@pytest.fixture(scope="module")
def scaled_theme(tmp_path_factory) -> Path:
    """A template folder changing only the theme's sizes, to values of its own."""
    folder = tmp_path_factory.mktemp("scaled")
    lines = "".join(f"  {key}: {value}\n" for key, value in SIZES.items())
    (folder / "theme.yaml").write_text(f"sizes:\n{lines}", encoding="utf-8")
    return folder


def docx_size(styles, style_id: str) -> float:
    """Return a DOCX style's complex-script size (what Arabic text gets), in points; a style
    without one has the document default's."""
    style = styles.find(f"w:style[@w:styleId='{style_id}']", NSMAP)
    size = style.find("w:rPr/w:szCs", NSMAP)
    if size is None:
        size = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:szCs", NSMAP)
    return int(size.get(W + "val")) / 2


def close(a: float, b: float) -> bool:
    return abs(a - b) < TOLERANCE


def test_the_briefs_headline_has_the_same_size_in_pdf_word_and_theme(scaled_theme, tmp_path):
    [page] = pdf_pages(build_pdf(BRIEF_SAMPLE, tmp_path, scaled_theme))
    largest = max(line.size for line in page)
    styles = docx_part(BRIEF_SAMPLE, "word/styles.xml", scaled_theme)
    assert close(largest, SIZES["heading1"]) and docx_size(styles, "Headline") == SIZES["heading1"]
    assert docx_size(styles, "Standfirst") == SIZES["heading3"]


def test_the_analysis_title_and_headings_share_the_themes_sizes(scaled_theme, tmp_path):
    pages = pdf_pages(build_pdf(SAMPLE, tmp_path, scaled_theme))
    reader = PageReader(TemplateSet(scaled_theme).theme)
    assert close(max(line.size for line in pages[0]), SIZES["title"])
    heading_sizes = {line.size for page in pages[2:] for line in page if reader.is_heading(line)}
    # The sections' and the perspectives' headings, found at the theme's sizes and no other.
    assert [any(close(size, s) for s in heading_sizes) for size in reader.heading_sizes] == [
        True,
        True,
    ]
    styles = docx_part(SAMPLE, "word/styles.xml", scaled_theme)
    assert docx_size(styles, "Title") == SIZES["title"]
    assert docx_size(styles, "Heading1") == SIZES["heading2"]  # a section: PDF h2
    assert docx_size(styles, "Heading2") == SIZES["heading3"]  # a perspective: PDF h3
    assert docx_size(styles, "BodyText") == SIZES["body"]


def test_the_brief_in_word_opens_with_its_head_not_a_cover():
    body = docx_part(BRIEF_SAMPLE, "word/document.xml").find("w:body", NSMAP)
    paragraphs = list(body.iter(W + "p"))
    first = [p.find("w:pPr/w:pStyle", NSMAP).get(W + "val") for p in paragraphs[:2]]
    assert first == ["Label", "Headline"]
    assert not paragraphs[0].findall(".//w:br", NSMAP)
    styles = docx_part(BRIEF_SAMPLE, "word/styles.xml")
    for style in styles.iter(W + "style"):
        if style.get(W + "styleId") in first:
            spacing = style.find("w:pPr/w:spacing", NSMAP)
            assert int(spacing.get(W + "before", "0")) <= 12 * 20  # twips: no blank half page
