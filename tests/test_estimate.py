"""The `estimate` kind (situation assessment): what `validate` says, with the line, and what a
reader finds in the PDF (pdftotext) and the Word file (its XML): each scenario's likelihood,
its conditions and indicators, the most likely scenario, in Arabic and in English."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, REPORTS, line_of, located

from reportkit.loader import load_report
from reportkit.render import RenderJob
from reportkit.render.docx import render_docx
from reportkit.render.pdf import render_document, write_pdf
from reportkit.theme import TemplateSet

SAMPLE = REPORTS / "red-sea-shipping-estimate.yaml"
TEXT = SAMPLE.read_text(encoding="utf-8")
EN_ESTIMATE = DATA / "estimate-en.yaml"
needs_pdftotext = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


def changed(write_report, old: str, new: str) -> tuple[Path, str]:
    assert old in TEXT, old
    text = TEXT.replace(old, new, 1)
    return write_report(text), text


def job_of(path: Path) -> RenderJob:
    return RenderJob(load_report(path), path, TemplateSet())


def pdf_text(path: Path, tmp_path: Path) -> str:
    pdf = tmp_path / "estimate.pdf"
    pdf.write_bytes(write_pdf(render_document(job_of(path))))
    args = ["pdftotext", "-enc", "UTF-8", str(pdf), "-"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return re.sub(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)


def docx_paragraphs(path: Path) -> list[tuple[str, str]]:
    """Return (style id, text) of every paragraph of the Word file's body."""
    with zipfile.ZipFile(io.BytesIO(render_docx(job_of(path)))) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    paragraphs = []
    for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
        style = re.search(r'<w:pStyle w:val="([^"]+)"', paragraph)
        text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph))
        paragraphs.append((style.group(1) if style else "", text))
    return paragraphs


# --------------------------------------------------------------------------- validating


def test_the_sample_estimate_is_valid_without_warnings():
    assert located(SAMPLE) == []


def test_a_scenario_without_likelihood_is_an_error_on_its_line(write_report):
    path, text = changed(write_report, "    likelihood: unlikely\n", "")
    line = line_of(text, "- id: escalation")
    assert located(path) == [("RK101", line, "missing required field `likelihood`")]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("70-40%", "the range goes down; write the lower number first: `40-70%`"),
        ("30-140%", "a percentage is at most 100, found 140%"),
        ("probable", "a likelihood is one of `unlikely`, `possible`, `likely`, `very-likely`"),
    ],
)
def test_a_wrong_likelihood_is_an_error_on_its_line(write_report, written, message):
    path, text = changed(write_report, "likelihood: 30-40%", f"likelihood: {written}")
    [(code, line, said)] = located(path)
    assert (code, line) == ("RK103", line_of(text, f"likelihood: {written}"))
    assert said.startswith(message)


def test_most_likely_must_name_a_scenario(write_report):
    path, text = changed(write_report, "most_likely: gradual-return", "most_likely: return")
    line = line_of(text, "most_likely: return")
    [(code, at, message)] = located(path)
    assert (code, at) == ("RK113", line)
    assert "`gradual-return`, `status-quo`, `escalation`" in message


def test_two_scenarios_with_one_id_are_an_error_on_the_second(write_report):
    path, text = changed(write_report, "- id: escalation", "- id: status-quo")
    line = text.splitlines().index("  - id: status-quo", line_of(text, "- id: status-quo")) + 1
    assert located(path) == [
        ("RK112", line, "scenario id `status-quo` is already used by scenarios[1]")
    ]


def test_an_estimate_needs_two_scenarios(write_report):
    start, end = TEXT.index("  - id: status-quo"), TEXT.index("conclusion:")
    text = TEXT[:start] + "\n" + TEXT[end:]
    codes = [(code, line) for code, line, _ in located(write_report(text))]
    assert codes == [("RK103", line_of(text, "scenarios:"))]


def test_house_rules_can_require_the_background(write_report, tmp_path):
    (tmp_path / "reportkit.yaml").write_text("estimate:\n  fields: {background: required}\n")
    start, end = TEXT.index("background:"), TEXT.index("actors:")
    path = write_report(TEXT[:start] + TEXT[end:])
    assert [(code, line) for code, line, _ in located(path)] == [("RK101", 1)]
    (tmp_path / "reportkit.yaml").write_text("estimate:\n  fields: {background: optional}\n")
    errors = [code for code, _, _ in located(path) if not code.startswith("RK2")]
    assert errors == []


# --------------------------------------------------------------------------- what a reader gets


@needs_pdftotext
def test_the_pdf_shows_each_scenarios_likelihood_and_lists(tmp_path):
    text = pdf_text(SAMPLE, tmp_path)
    for line in ("درجة الترجيح: مرجّح", "درجة الترجيح: مستبعد", "السيناريو الأرجح: عودة جزئية"):
        assert line in text
    assert re.search(r"درجة الترجيح: (30–40%|40%–30)", text)
    assert text.count("شروط تحققه") == 3 and text.count("مؤشرات ينبغي رصدها") == 3
    assert "• تراجع أقساط التأمين إلى مستويات" in text


def test_the_word_file_styles_the_likelihood_and_the_lists():
    paragraphs = docx_paragraphs(SAMPLE)
    likelihoods = [text for style, text in paragraphs if style == "Likelihood"]
    assert likelihoods == [
        "درجة الترجيح: مرجّح",
        "درجة الترجيح: 30–40%",
        "درجة الترجيح: مستبعد",
    ]
    titles = [text for style, text in paragraphs if style == "ListTitle"]
    assert titles == ["شروط تحققه", "مؤشرات ينبغي رصدها"] * 3
    texts = [text for _, text in paragraphs]
    condition = texts.index("• تراجع أقساط التأمين إلى مستويات تجعل العبور أقل كلفة من الالتفاف.")
    assert texts[condition - 2] == "شروط تحققه"
    assert ("Lead", "السيناريو الأرجح: عودة جزئية متدرجة") in paragraphs


@needs_pdftotext
def test_an_english_estimate_has_english_labels(tmp_path):
    expected = [
        "The development",
        "The position of the port authority",
        "Scenarios",
        "Likelihood: Very likely",
        "Conditions",
        "Indicators to watch",
        "Likelihood: 30–40%",
        "Assessment",
        "Most likely scenario: A steady resumption",
    ]
    text = pdf_text(EN_ESTIMATE, tmp_path)
    positions = [text.index(label) for label in expected]
    assert positions == sorted(positions)
    docx = [text for _, text in docx_paragraphs(EN_ESTIMATE)]
    assert [label for label in expected if label in docx] == expected
