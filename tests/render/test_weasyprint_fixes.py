"""The WeasyPrint fixes on small documents of their own: contents entries that follow their
target, pydyf's compression level per thread, the HTML object set up from our parse."""

from __future__ import annotations

import io
import re
import threading
import zlib
from pathlib import Path

import pypdf
import pytest

from reportkit.render import weasyprint_fixes
from reportkit.render.pdf import _import_weasyprint

# Twelve contents entries on a small page: with their real page numbers (two digits) they
# wrap onto one more line than with the zeros of the first pass, which pushes the first
# target ("Target") onto the next page.
GROWING_CONTENTS = """<!doctype html><html><head><style>
@page { size: 150px 120px; margin: 10px }
body { margin: 0; font: 12px/15px sans-serif }
p, h2 { margin: 0; font: inherit }
h2.new { break-before: page }
a::after { content: " " target-counter(attr(href url), page) }
</style></head><body>
<p><a href="#a">A</a> LINKS</p>
<p>x</p><p>x</p><p>x</p><h2 id="a">Target</h2>
HEADINGS
</body></html>""".replace("LINKS", " ".join(f'<a href="#t{i}">B</a>' for i in range(11))).replace(
    "HEADINGS", "".join(f'<h2 class="new" id="t{i}">T{i}</h2>' for i in range(12))
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
    shown = [int(number) for number in re.findall(r"[AB] (\d+)", contents)]
    assert target_page["Target"] == 2  # pushed on by the contents' third line
    assert shown == [target_page["Target"]] + [target_page[f"T{i}"] for i in range(11)]


def test_each_thread_compresses_at_its_own_level_and_pydyf_keeps_its_own_outside(weasyprint):
    import pydyf

    data = bytes(range(256)) * 200
    levels, seen = {1: None, 9: None}, threading.Barrier(2)

    def compress(level):
        with weasyprint_fixes.stream_compression(level):
            seen.wait()  # both threads inside their block at once
            packer = pydyf.zlib.compressobj(level=9)
            levels[level] = packer.compress(data) + packer.flush()
            seen.wait()

    threads = [threading.Thread(target=compress, args=(level,)) for level in levels]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for level, packed in levels.items():
        reference = zlib.compressobj(level)
        assert packed == reference.compress(data) + reference.flush()
    outside = pydyf.zlib.compressobj(level=9)
    reference = zlib.compressobj(9)
    assert outside.compress(data) + outside.flush() == reference.compress(data) + reference.flush()


def test_the_html_object_from_our_parse_takes_what_weasyprints_takes(weasyprint, tmp_path):
    page = "<!doctype html><html><head></head><body><p>x</p></body></html>"
    ours = weasyprint_fixes.html_document(page, tmp_path)  # a Path, no fetcher
    theirs = weasyprint.HTML(string=page, base_url=tmp_path)
    assert ours.base_url == theirs.base_url and ours.base_url.startswith("file://")
    assert ours.write_pdf() and Path(tmp_path).exists()
