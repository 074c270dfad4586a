"""The tagged PDF's structure tree, as poppler (`pdfinfo -struct`) and a screen reader read it:
one first-level heading, a Note per footnote, one Link per contents entry, key figures as
Figure elements that say their text. The tagging fix (weasyprint_fixes/tagging.py) makes
these true; WeasyPrint 70's own tree is checked too, so that the fix goes when it is no
longer needed."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import RENDERED_REPORTS
from pypdf import PdfReader

from reportkit.loader import load_report
from reportkit.render import RenderJob
from reportkit.render.html import page_html
from reportkit.render.pdf import _import_weasyprint, render_pdf
from reportkit.render.weasyprint_fixes import _apply, install, tagging, without
from reportkit.theme import TemplateSet

REPORT_FILES = RENDERED_REPORTS

# A page with each thing WeasyPrint 70 tags wrongly: a heading with a block inside, a contents
# entry with a leader and a page number, a footnote, a figure made of text.
SMALL_PAGE = """<!doctype html><html lang="en"><head><title>Tags</title><style>
.kicker { display: block } .note { float: footnote }
nav a::after { content: " " leader(".") " " target-counter(attr(href url), page) }
h2 { break-before: page }
</style></head><body>
<h1><span class="kicker">Kicker:</span> <span>Title</span></h1>
<nav><ol><li><a href="#s">Section</a></li></ol></nav>
<p>Text with a note.<span class="note">The note.</span></p>
<figure><p>42</p><figcaption>is the answer</figcaption></figure>
<h2 id="s">Section</h2>
</body></html>"""


@dataclass
class Element:
    """A structure element as `pdfinfo -struct` prints it."""

    type: str
    children: list[Element] = field(default_factory=list)

    def descendants(self):
        for child in self.children:
            yield child
            yield from child.descendants()

    def all(self, type_: str) -> list[Element]:
        return [element for element in self.descendants() if element.type == type_]


def structure(pdf: Path) -> Element:
    """Return the structure tree `pdfinfo -struct` prints (two spaces per level)."""
    printed = subprocess.run(
        ["pdfinfo", "-struct", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    root = Element("root")
    stack = [(-1, root)]
    for line in printed.splitlines():
        depth = (len(line) - len(line.lstrip(" "))) // 2
        words = line.split()
        if not words or words[0].startswith("/"):  # an attribute of the element above
            continue
        while stack[-1][0] >= depth:
            stack.pop()
        element = Element(words[0].rstrip(":"))
        stack[-1][1].children.append(element)
        stack.append((depth, element))
    return root


def element_texts(pdf: Path, type_: str, key: str) -> list[str]:
    """Return the `key` entry (/Alt, /ActualText) of every structure element of a type."""
    found = []

    def walk(element) -> None:
        element = element.get_object()
        if isinstance(element, dict):
            if element.get("/S") == f"/{type_}":
                found.append(str(element.get(f"/{key}", "")))
            kids = element.get("/K", [])
            for kid in kids if isinstance(kids, list) else [kids]:
                walk(kid)

    walk(PdfReader(io.BytesIO(pdf.read_bytes())).trailer["/Root"]["/StructTreeRoot"])
    return found


@dataclass
class Built:
    job: RenderJob
    pdf: Path
    html: str  # the page the PDF was made from

    @property
    def tree(self) -> Element:
        return structure(self.pdf)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Built]:
    out = tmp_path_factory.mktemp("tagged")
    result = {}
    for path in REPORT_FILES:
        job = RenderJob(load_report(path), path, TemplateSet())
        pdf = out / f"{path.stem}.pdf"
        pdf.write_bytes(render_pdf(job))
        result[path.name] = Built(job, pdf, page_html(job, "print").html)
    return result


NAMES = [path.name for path in REPORT_FILES]
ANALYSES = [path.name for path in REPORT_FILES if load_report(path).kind == "analysis"]


@pytest.mark.parametrize("name", NAMES)
def test_one_first_level_heading(built, name):
    assert len(built[name].tree.all("H1")) == 1


@pytest.mark.parametrize("name", NAMES)
def test_every_footnote_is_a_note(built, name):
    footnotes = built[name].html.count('class="footnote"')
    assert footnotes
    assert len(built[name].tree.all("Note")) == footnotes


@pytest.mark.parametrize("name", ANALYSES)
def test_a_link_holds_no_link(built, name):
    links = built[name].tree.all("Link")
    assert links
    assert not [link for link in links if link.all("Link")]


@pytest.mark.parametrize("name", ANALYSES)
def test_each_contents_entry_is_one_link(built, name):
    report = built[name].job.report
    entries = sum(1 for section in report.sections if section.heading) + bool(report.sources)
    lists = [
        element
        for element in built[name].tree.all("L")
        if element.all("LI") and all(item.all("Link") for item in element.all("LI"))
    ]
    contents = lists[0]  # the first list whose every item is a link
    assert [len(item.all("Link")) for item in contents.all("LI")] == [1] * entries


def test_a_contents_entry_reads_as_its_heading_a_space_and_its_page(built):
    sample = built["en-analysis.yaml"]
    headings = [section.heading for section in sample.job.report.sections if section.heading]
    texts = element_texts(sample.pdf, "Link", "ActualText")
    for heading in headings:
        assert any(re.fullmatch(rf"{re.escape(heading)} \d+ ?", text) for text in texts), heading


def test_key_figures_are_figures_that_say_their_text(built):
    sample = built["belarus-us-rapprochement.yaml"]
    figures = sample.job.report.figures
    alts = [" ".join(alt.split()) for alt in element_texts(sample.pdf, "Figure", "Alt")]
    assert figures
    for figure in figures:
        label = " ".join(figure.label.split())
        assert any(label in alt for alt in alts), f"{label!r} is not the text of a Figure"


@pytest.fixture(scope="module")
def small_pdfs(tmp_path_factory) -> tuple[Element, Element]:
    """Return the small page's structure with the tagging fix and without it."""
    _import_weasyprint()
    install()
    import weasyprint

    out = tmp_path_factory.mktemp("small")
    fixed, plain = out / "fixed.pdf", out / "plain.pdf"
    fixed.write_bytes(weasyprint.HTML(string=SMALL_PAGE).write_pdf(pdf_variant="pdf/ua-1"))
    with without("tagging"):
        plain.write_bytes(weasyprint.HTML(string=SMALL_PAGE).write_pdf(pdf_variant="pdf/ua-1"))
    return structure(fixed), structure(plain)


def test_weasyprint_70_tags_these_wrongly(small_pdfs):
    """When this fails, WeasyPrint tags these right itself: the fix can go."""
    _, plain = small_pdfs
    assert len(plain.all("H1")) == 2  # the anonymous box around "Title" is a second H1
    assert len(plain.all("Link")[0].all("Link")) == 2  # a::after and its leader
    assert not plain.all("Note") and not plain.all("Figure")


def test_the_fix_tags_them_as_a_reader_needs(small_pdfs):
    fixed, _ = small_pdfs
    assert len(fixed.all("H1")) == 1
    assert len(fixed.all("Link")) == 1 and not fixed.all("Link")[0].all("Link")
    assert len(fixed.all("Note")) == 1 and len(fixed.all("Figure")) == 1


def test_the_fix_stays_off_when_weasyprints_code_changes(monkeypatch):
    _import_weasyprint()
    from weasyprint import anchors, document
    from weasyprint.pdf import tags

    tagging._targets(tags, anchors, document)  # WeasyPrint 70 as the fix expects it
    monkeypatch.setattr(tags, "_get_pdf_tag", lambda tag: "Figure" if tag == "figure" else tag)
    before = tags._build_box_tree
    assert _apply(tagging.tag_structure) == "tags._get_pdf_tag gives ['Figure', 'a', 'h1', 'p']"
    assert tags._build_box_tree is before

    def rewritten(box, parent, pdf, page_number, nums, annotations, tags):
        return ()

    monkeypatch.setattr(tags, "_build_box_tree", rewritten)
    reason = str(_apply(tagging.tag_structure))
    assert "rewritten no longer contains 'def _build_box_tree(box, parent, pdf," in reason
