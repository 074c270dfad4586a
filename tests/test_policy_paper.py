"""The `policy-paper` kind: the sample validates and builds; mistakes are located; key
findings are a shaded callout; recommendations are grouped by addressee and numbered within
each group, in the PDF (pdftotext) and in the Word file (its XML); English labels."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, REPORTS, line_of, located
from lxml import etree

from reportkit.document import plain
from reportkit.house_rules import rules_for
from reportkit.loader import load_report
from reportkit.render import RenderJob, render
from reportkit.resolve import resolve
from reportkit.theme import TemplateSet

SAMPLE = REPORTS / "regional-grid-policy-paper.yaml"
TEXT = SAMPLE.read_text(encoding="utf-8")
EN_PAPER = DATA / "en-policy-paper.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
needs_pdftotext = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")

# The sample's recommendations as a reader finds them: addressee, then numbered items, the
# numbers starting again at 1 for each addressee (the second government item is listed
# third in the YAML, after the regulators' one).
GROUPS = [
    ("الحكومات الوطنية", ["1. اعتماد خيار السوق", "2. فصل حسابات الطاقة"]),
    ("الجهات التنظيمية للكهرباء", ["1. تشكيل فريق عمل"]),
    ("مشغّلو الشبكات الوطنية", ["1. نشر بيانات يومية"]),
    ("الأطراف الإقليمية", ["1. إنشاء آلية ضمان", "2. إدراج الربط الكهربائي"]),
]


def job(path: Path) -> RenderJob:
    return RenderJob(load_report(path), path, TemplateSet())


def squash(text: str) -> str:
    """Letters and digits only: pdftotext's spacing and neutral characters aside."""
    text = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN" and ch != "\u0640")


def docx_paragraphs(data: bytes) -> list[tuple[str, str]]:
    """Return (style, text) of every body paragraph of a Word file."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    out = []
    for paragraph in root.iterfind(".//w:body/w:p", NS):
        style = paragraph.find("w:pPr/w:pStyle", NS)
        text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
        out.append((style.get(f"{W}val") if style is not None else "", text))
    return out


# --------------------------------------------------------------------------- validation


def test_the_sample_validates_without_a_warning():
    assert located(SAMPLE) == []


def test_a_recommendation_without_addressee_is_an_error_at_its_line(write_report):
    text = TEXT.replace("  - addressee: مشغّلو الشبكات الوطنية\n    text:", "  - text:", 1)
    [(code, line, message)] = located(write_report(text))
    assert code == "RK101" and "addressee" in message
    assert line == line_of(text, "نشر بيانات يومية") - 1  # the item's `text:` line


def test_a_priority_outside_its_scale_is_an_error_at_its_line(write_report):
    text = TEXT.replace("    priority: low", "    priority: urgent", 1)
    [(code, line, message)] = located(write_report(text))
    assert (code, line) == ("RK103", line_of(text, "priority: urgent"))
    assert "`high`" in message and "`low`" in message


def test_an_empty_options_list_is_an_error_at_its_line(write_report):
    start, end = TEXT.index("options:\n"), TEXT.index("recommendations:\n")
    text = TEXT[:start] + "options: []\n\n" + TEXT[end:]
    [(code, line, message)] = located(write_report(text))
    assert (code, line) == ("RK103", line_of(text, "options: []"))
    assert "at least 2" in message


def test_summary_recommendations_and_conclusion_are_required_unless_house_rules_relax(
    write_report,
):
    start = TEXT.index("conclusion:\n")
    text = TEXT[:start] + TEXT[TEXT.index("notes:\n") :]
    path = write_report(text.replace("[^scope]", ""))
    codes = [(code, message) for code, _, message in located(path) if code.startswith("RK1")]
    assert ("RK101", "missing required field `conclusion`") in codes
    (path.parent / "reportkit.yaml").write_text(
        "policy-paper:\n  fields: {conclusion: optional}\n", encoding="utf-8"
    )
    assert rules_for(path).field_levels("policy-paper")["conclusion"] == "optional"
    assert [c for c, _, _ in located(path) if c.startswith("RK1")] == []


# --------------------------------------------------------------------------- the outputs


@pytest.fixture(scope="module")
def outputs() -> dict[str, bytes]:
    sample = job(SAMPLE)
    return {fmt: render(sample, fmt).data for fmt in ("pdf", "docx", "html")}


def test_the_sample_builds_as_pdf_docx_and_html(outputs):
    assert outputs["pdf"].startswith(b"%PDF")
    assert docx_paragraphs(outputs["docx"])
    html = outputs["html"].decode("utf-8")
    assert 'class="section key-findings"' in html and "خيارات السياسات" in html


def test_the_parts_are_in_the_contents():
    document = resolve(job(SAMPLE))
    assert document.contents is not None
    assert [plain(entry.content) for entry in document.contents] == [
        "أبرز الاستنتاجات",
        "خلفية",
        "لماذا تبقى الخطوط شبه معطلة؟",
        "خيارات السياسات",
        "التوصيات",
        "خاتمة",
        "المصادر",
    ]


@needs_pdftotext
def test_the_pdf_groups_recommendations_by_addressee_numbered_within_each(outputs, tmp_path):
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(outputs["pdf"])
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    text = squash(result.stdout)
    position = text.index(squash("التوصيات") + squash("الحكومات الوطنية"))
    for addressee, items in GROUPS:
        for expected in [addressee, *items]:
            found = text.find(squash(expected), position)
            assert found >= 0, f"{expected!r} not after position {position}"
            position = found + len(squash(expected))
    assert squash("الأولوية: عالية، الإطار الزمني: خلال ستة أشهر") in text


def test_the_word_file_groups_recommendations_by_addressee_numbered_within_each(outputs):
    paragraphs = docx_paragraphs(outputs["docx"])
    start = paragraphs.index(("Heading1", "التوصيات"))
    end = paragraphs.index(("Heading1", "خاتمة"))
    expected = []
    for addressee, items in GROUPS:
        expected.append(("Heading2", addressee))
        expected += [("Recommendation", item) for item in items]
    got = [(style, text) for style, text in paragraphs[start + 1 : end]]
    assert [
        (style, text[: len(e[1])]) for (style, text), e in zip(got, expected, strict=False)
    ] == expected
    assert len(got) == len(expected)
    assert got[1][1].endswith("الأولوية: عالية، الإطار الزمني: خلال ستة أشهر")
    # The numbers are the resolved ones in the text: the style adds none of Word's own, which
    # would count on across the addressees (1, 2, 3 …).
    style = docx_style(outputs["docx"], "Recommendation")
    assert style.find("w:pPr/w:numPr", NS) is None


def docx_style(data: bytes, style_id: str):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        styles = etree.fromstring(package.read("word/styles.xml"))
    style = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
    assert style is not None, style_id
    return style


def test_key_findings_are_a_shaded_callout_in_the_word_file(outputs):
    paragraphs = docx_paragraphs(outputs["docx"])
    findings = [text for style, text in paragraphs if style == "KeyFinding"]
    assert len(findings) == 4 and findings[0].startswith("• لا تتجاوز الطاقة")
    style = docx_style(outputs["docx"], "KeyFinding")
    assert style.find("w:pPr/w:shd", NS) is not None
    assert style.find("w:pPr/w:numPr", NS) is None  # the "•" is in the text already


def test_an_english_paper_has_english_labels():
    paragraphs = docx_paragraphs(render(job(EN_PAPER), "docx").data)
    texts = [text for _, text in paragraphs]
    for label in ("Key findings", "Background", "Policy options", "Recommendations"):
        assert label in texts
    assert "Conclusion" in texts
    assert "Advantages:" in texts and "Drawbacks:" in texts
    assert "1. Publish flow data every day.Priority: high, Time frame: within six months" in texts
    assert "1. Meet once a year.Priority: low" in texts
