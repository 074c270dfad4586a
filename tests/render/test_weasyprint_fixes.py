"""The WeasyPrint fixes on small documents of their own: footnotes on their call's page,
right-to-left lines laid out once; contents entries that follow their target without a fix;
and how a fix whose target changed turns itself off and says so."""

from __future__ import annotations

import io
import linecache
import re
import traceback

import pypdf
import pytest

from reportkit.render import weasyprint_fixes
from reportkit.render.pdf import _import_weasyprint, contents_rules

# Twelve contents entries on a small page: with their real page numbers (two digits) they
# wrap onto one more line than with the zeros of the first pass, which pushes the first
# target ("Target") onto the next page. The entries' numbers come from the rules a PDF's
# contents entries get (render/pdf.py), which name each target by url().
TARGETS = [f"t{i}" for i in range(11)]
GROWING_CONTENTS = (
    """<!doctype html><html><head><style>
@page { size: 150px 120px; margin: 10px }
body { margin: 0; font: 12px/15px sans-serif }
p, h2 { margin: 0; font: inherit }
h2.new { break-before: page }
ENTRY_RULES
</style></head><body class="toc">
<p><a href="#a">A</a> LINKS</p>
<p>x</p><p>x</p><p>x</p><h2 id="a">Target</h2>
HEADINGS
</body></html>""".replace("LINKS", " ".join(f'<a href="#{name}">B</a>' for name in TARGETS))
    .replace("HEADINGS", "".join(f'<h2 class="new" id="t{i}">T{i}</h2>' for i in range(12)))
    .replace("ENTRY_RULES", contents_rules(["a", *TARGETS], "decimal"))
)


@pytest.fixture(scope="module")
def weasyprint():
    _import_weasyprint()
    weasyprint_fixes.install()
    import weasyprint

    return weasyprint


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_contents_entries_follow_a_target_their_own_growth_pushes_on(weasyprint):
    pages = page_texts(weasyprint.HTML(string=GROWING_CONTENTS).write_pdf())
    target_page = {
        name: number
        for number, text in enumerate(pages, 1)
        for name in re.findall(r"\b(Target|T\d+)\b", text)
    }
    contents = " ".join(pages[:2])
    shown = [int(number) for number in re.findall(r"[AB][ .]*(\d+)", contents)]  # dots: leaders
    assert target_page["Target"] == 2  # pushed on by the contents' third line
    assert shown == [target_page["Target"]] + [target_page[f"T{i}"] for i in range(11)]


# The paragraph's first line, with its note, fits at the page's foot; its second does not.
# Orphans forbid a break after one line, so WeasyPrint 70 moves the note's body to the next
# page to make room for the second line, and leaves the call behind.
NOTE_AT_THE_FOOT = """<html><head><style>
@page { size: 200px 150px; margin: 10px }
body { margin: 0; font: 12px/15px sans-serif; orphans: 2; widows: 2 }
p { margin: 0 }
.note { float: footnote }
</style></head><body><div style="height: 75px"></div>
<p>Call<span class="note">Body of the note</span> one two three four five six seven eight
nine ten eleven twelve thirteen fourteen fifteen sixteen</p></body></html>"""


def call_and_body_pages(pdf: bytes) -> tuple[int, int]:
    pages = page_texts(pdf)
    [call_page] = [number for number, text in enumerate(pages) if "Call" in text]
    [body_page] = [number for number, text in enumerate(pages) if "Body of the note" in text]
    return call_page, body_page


def test_a_footnote_stays_on_its_calls_page_when_orphans_push_the_paragraph_on(weasyprint):
    pdf = weasyprint.HTML(string=NOTE_AT_THE_FOOT).write_pdf()
    assert call_and_body_pages(pdf) == (1, 1)  # the paragraph went on, its note with it
    with weasyprint_fixes.without("footnotes"):  # WeasyPrint's way: the body moves on alone
        pdf = weasyprint.HTML(string=NOTE_AT_THE_FOOT).write_pdf()
    assert call_and_body_pages(pdf) == (0, 1)


RTL_PARAGRAPH = (
    '<html dir="rtl" lang="ar"><body style="width: 200px">'
    + "<p>يقدم التقرير قراءة في مسار العلاقات بين البلدين خلال الأشهر الأخيرة.</p>" * 3
    + "</body></html>"
)


def test_right_to_left_lines_are_broken_once_each(weasyprint, monkeypatch):
    from weasyprint.layout import inline

    calls = []
    split = inline.split_first_line
    monkeypatch.setattr(
        inline, "split_first_line", lambda *a, **k: calls.append(1) or split(*a, **k)
    )
    weasyprint.HTML(string=RTL_PARAGRAPH).render()
    once = len(calls)
    calls.clear()
    with weasyprint_fixes.without("rtl_lines"):
        weasyprint.HTML(string=RTL_PARAGRAPH).render()
    assert 0 < once < len(calls)


def changed_linebox_layout(*args):
    """Stands for a WeasyPrint release whose footnote code is not what the fix expects."""


def test_a_fix_whose_target_changed_is_not_applied_and_says_what_changed(weasyprint, monkeypatch):
    from weasyprint.layout import block

    monkeypatch.setattr(block, "_linebox_layout", changed_linebox_layout)
    reason = weasyprint_fixes._apply(weasyprint_fixes.FIXES["footnotes"])
    assert reason is not None
    assert "_linebox_layout no longer contains 'report = not context.in_column" in reason
    assert block._linebox_layout is changed_linebox_layout


def test_every_fix_turns_off_for_another_major_version(weasyprint, monkeypatch):
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    reasons = {name: weasyprint_fixes._apply(fix) for name, fix in weasyprint_fixes.FIXES.items()}
    assert reasons == dict.fromkeys(weasyprint_fixes.FIXES, "WeasyPrint 71.0 is not 70.x")


def test_edited_functions_show_weasyprints_own_lines_in_tracebacks(weasyprint, monkeypatch):
    """get_next_linebox is recompiled with one line edited; an error raised from that line
    points at WeasyPrint's file and at the line that stands there."""
    from weasyprint.layout import inline

    def broken(name):
        raise LookupError("no switch")

    monkeypatch.setattr(inline, "_reportkit_on", broken)
    with pytest.raises(LookupError) as raised:
        weasyprint.HTML(string=RTL_PARAGRAPH).render()
    frame = next(
        frame
        for frame in traceback.extract_tb(raised.value.__traceback__)
        if frame.name == "get_next_linebox"
    )
    assert frame.filename == inline.__file__
    line = linecache.getline(frame.filename, frame.lineno).strip()
    assert line == "condition = (position_x + line.width, position_y) == ("
