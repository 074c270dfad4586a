"""Helpers the DOCX tests share: rendering a report, reading parts, resolving styles."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

from lxml import etree

from reportkit.loader import load_report
from reportkit.render import RenderJob
from reportkit.render.docx import render_docx
from reportkit.render.docx.ooxml import NSMAP, W_NS
from reportkit.theme import TemplateSet

NS = NSMAP
ARABIC = re.compile("[\u0600-\u06ff]")
# Arabic letters, not the Arabic comma and other neutrals the UBA gives to a Latin neighbour.
ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
LATIN = re.compile("[A-Za-z0-9]")
BIDI_MARKS = re.compile("[\u200e\u200f\u061c]")


def w(local: str) -> str:
    return f"{{{W_NS}}}{local}"


def render(path: Path, template_dir: Path | None = None) -> bytes:
    """Return the DOCX bytes of the report at `path`."""
    return render_docx(RenderJob(load_report(path), Path(path), TemplateSet(template_dir)))


def read_parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def xml(parts: dict[str, bytes], name: str):
    return etree.fromstring(parts[name])


def text_of(element) -> str:
    """Return the visible text of an element (w:t only), without bidi marks."""
    return BIDI_MARKS.sub("", "".join(element.xpath(".//w:t/text()", namespaces=NS)))


def normalize(text: str) -> str:
    """Return text without bidi marks, with runs of whitespace made one space, NFC."""
    return " ".join(unicodedata.normalize("NFC", BIDI_MARKS.sub("", text)).split())


class Styles:
    """The styles part: look up a property through a style's basedOn chain and the defaults."""

    def __init__(self, root):
        self.root = root
        self.by_id = {s.get(w("styleId")): s for s in root.iter(w("style"))}

    def chain(self, style_id: str | None):
        while style_id and style_id in self.by_id:
            style = self.by_id[style_id]
            yield style
            based_on = style.find(w("basedOn"))
            style_id = based_on.get(w("val")) if based_on is not None else None

    def find(self, style_id: str | None, path: str):
        """Return the first element at `path` ("w:pPr/w:bidi") in the chain, else the defaults'."""
        for style in self.chain(style_id):
            found = style.find(path, NS)
            if found is not None:
                return found
        defaults = self.root.find("w:docDefaults", NS)
        default_path = path.replace("w:pPr/", "w:pPrDefault/w:pPr/").replace(
            "w:rPr/", "w:rPrDefault/w:rPr/"
        )
        return defaults.find(default_path, NS) if defaults is not None else None


def paragraph_style(p) -> str | None:
    found = p.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS)
    return found[0] if found else None


def is_rtl_paragraph(p, styles: Styles) -> bool:
    """Return whether a w:p is right-to-left, directly or through its style or the defaults."""
    direct = p.find("w:pPr/w:bidi", NS)
    bidi = direct if direct is not None else styles.find(paragraph_style(p), "w:pPr/w:bidi")
    return bidi is not None and bidi.get(w("val"), "1") not in ("0", "false")
