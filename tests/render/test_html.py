"""HTML rendering: inline markup, direction islands, the templates, the standalone web page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import BRIEF_SAMPLE, SAMPLE
from lxml import html as lxml_html

from reportkit.loader import load_report
from reportkit.models.common import InlineText
from reportkit.render import RenderJob
from reportkit.render.html import InlineWriter, page_html, render_standalone_html
from reportkit.resolve import Resolver
from reportkit.theme import TemplateSet

DATA = Path(__file__).resolve().parent / "data"
EN_REPORT = DATA / "en-analysis.yaml"


@pytest.fixture(scope="module")
def sample():
    return load_report(SAMPLE)


def render(report, *sources: str, mode="print", digits="latin", path=SAMPLE) -> str:
    """Resolve paragraphs as the report's first ones and return them as HTML."""
    job = RenderJob(report.model_copy(update={"digits": digits}), path, TemplateSet())
    resolver = Resolver(job)
    contents = [resolver.inline(InlineText(source)) for source in sources]
    writer = InlineWriter(resolver.document(), mode)
    return "\n".join(str(writer(content)) for content in contents)


def test_a_latin_phrase_split_over_markup_is_one_ltr_island(sample):
    out = render(sample, "شركة **Belavia** Airlines الوطنية")
    assert out == 'شركة <span dir="ltr"><strong>Belavia</strong> Airlines</span> الوطنية'


def test_numbers_are_islands_and_punctuation_stays_arabic(sample):
    out = render(sample, "في 4 نوفمبر 2025، أكثر من 1200.")
    assert out == (
        'في <span dir="ltr">4</span> نوفمبر <span dir="ltr">2025</span>، '
        'أكثر من <span dir="ltr">1200</span>.'
    )


def test_signed_numbers_keep_their_sign_inside_the_island(sample):
    out = render(sample, "بنسبة -55% في العام")
    assert '<span dir="ltr">\u200e-55%</span>' in out


def test_arabic_indic_digit_policy_writes_arabic_digits_without_islands(sample):
    out = render(sample, "عام 2025 وBelavia 2", digits="arabic-indic")
    assert "عام ٢٠٢٥ و" in out and '<span dir="ltr">Belavia 2</span>' in out


def test_raw_html_stays_text_and_links_keep_their_target(sample):
    out = render(sample, "نص <script>alert(1)</script> و[رابط](https://example.org/?a=1&b=2)")
    assert "<script" not in out and "&lt;" in out and "script&gt;alert(1)&lt;/script" in out
    assert '<a href="https://example.org/?a=1&amp;b=2">رابط</a>' in out


def test_citations_become_numbered_footnotes(sample):
    first, second = render(
        sample, "أولًا.[^un-rapporteur-2025]", "ثانيًا.[^reuters-prisoners-2025]"
    ).split("\n")
    assert '<span class="footnote" id="fn-1">مجلس حقوق الإنسان' in first
    assert 'id="fn-2"><span dir="ltr">Reuters</span>، «تغطية' in second


def test_screen_citations_link_to_notes(sample):
    out = render(sample, "أولًا.[^un-rapporteur-2025]", mode="screen")
    assert out.endswith(
        '<sup class="footnote-call" id="fnref-1"><a href="#fn-1" role="doc-noteref">1</a></sup>'
    )


def test_note_with_only_latin_parts_keeps_arabic_order(sample):
    note = render(sample, "[^belarus-democracy-act]")
    assert note == (
        '<span class="footnote" id="fn-1"><span dir="ltr">U.S. Congress</span>، \u200f«'
        '<span dir="ltr">Belarus Democracy Act of 2004</span>»، \u200f'
        '<span dir="ltr">2004</span>.</span>'
    )


def test_arabic_indic_notes_keep_western_digits_inside_latin_titles(sample):
    note = render(sample, "[^belarus-democracy-act]", digits="arabic-indic")
    assert note == (
        '<span class="footnote" id="fn-1"><span dir="ltr">U.S. Congress</span>، \u200f«'
        '<span dir="ltr">Belarus Democracy Act of 2004</span>»، \u200f٢٠٠٤.</span>'
    )


def test_english_text_marks_arabic_islands_rtl():
    report = load_report(EN_REPORT)
    out = render(report, "as the phrase «التقارب المتحفظ» puts it, in 2025", path=EN_REPORT)
    assert out == 'as the phrase «<span dir="rtl">التقارب المتحفظ</span>» puts it, in 2025'


def test_page_has_language_direction_and_every_section(sample):
    job = RenderJob(sample, SAMPLE, TemplateSet())
    tree = lxml_html.fromstring(page_html(job, "print").html)
    assert tree.get("lang") == "ar" and tree.get("dir") == "rtl"
    titles = [h.text_content() for h in tree.iter("h2") if "section-title" in h.get("class", "")]
    headings = [s.heading for s in sample.sections if getattr(s, "heading", None)]
    assert titles == [*headings, "المصادر"]
    assert len(tree.find_class("perspective")) == 2
    assert len(tree.find_class("key-figure")) == 2 and len(tree.find_class("pull-quote")) == 2
    assert len(tree.xpath("//section[@class='timeline']//li")) == 9
    assert tree.xpath("//meta[@name='dcterms.created']/@content") == ["2025-11-20T00:00:00Z"]


def test_english_report_is_left_to_right():
    report = load_report(EN_REPORT)
    page = page_html(RenderJob(report, EN_REPORT, TemplateSet()), "print")
    tree = lxml_html.fromstring(page.html)
    assert tree.get("lang") == "en" and tree.get("dir") == "ltr"
    assert tree.find_class("toc-title")[0].text_content() == "Contents"


def test_standalone_page_is_self_contained_and_responsive(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "photo.png").write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
            "53de0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082"
        )
    )
    text = BRIEF_SAMPLE.read_text(encoding="utf-8").replace(
        "\nlead:", "\nimage:\n  file: photo.png\n  caption: صورة\n  credit: وكالة\nlead:"
    )
    path = folder / "brief.yaml"
    path.write_text(text, encoding="utf-8")
    page = render_standalone_html(RenderJob(load_report(path), path, TemplateSet())).decode()
    tree = lxml_html.fromstring(page)
    assert tree.xpath("//meta[@name='viewport']")
    assert not tree.xpath("//link[@rel='stylesheet']") and tree.xpath("//style")
    sources = tree.xpath("//img/@src")
    assert sources and all(s.startswith("data:image/png;base64,") for s in sources)
    assert "file:" not in page and "@media (max-width" in page
    notes = tree.xpath("//section[@role='doc-endnotes']//li")
    assert [li.get("id") for li in notes] == ["fn-1", "fn-2"]
    assert tree.xpath("//a[@href='#fn-1']")


def test_standalone_page_carries_every_paragraph(sample):
    page = render_standalone_html(RenderJob(sample, SAMPLE, TemplateSet())).decode()
    text = re.sub(r"\s+", " ", lxml_html.fromstring(page).text_content()).replace("\u2060", "")
    text = re.sub("[\u200e\u200f]", "", text)
    for section in sample.sections:
        for paragraph in getattr(section, "paragraphs", []):
            plain = re.sub(r"\s+", " ", paragraph.plain)
            assert plain[:40] in text and plain[-40:] in text


def test_a_template_folder_overrides_theme_and_partials(tmp_path, sample):
    (tmp_path / "theme.yaml").write_text("colors:\n  accent: '#123456'\n", encoding="utf-8")
    (tmp_path / "blocks").mkdir()
    (tmp_path / "blocks" / "quote.html").write_text(
        '<div class="house-quote">{{ inline(block.content) }}</div>', encoding="utf-8"
    )
    page = page_html(RenderJob(sample, SAMPLE, TemplateSet(tmp_path)), "print")
    assert "--color-accent: #123456;" in page.css
    assert page.html.count('class="house-quote"') == 2
