"""Resolved document → HTML, for the PDF (paged, WeasyPrint) and for the web (standalone page).

The data flow: `page_html(job, mode)` resolves the report (resolve.py) and renders the
`Document` with the Jinja templates — the base layout, one template per kind for the page's
frame, one template per block type (`blocks/<name>.html`) — plus the CSS rendered from the
theme; it records the resources the page may load. The templates never see the report model.
Inline content is rendered by `InlineWriter`, never from raw HTML, with autoescaping on. Each
stretch against the paragraph's direction (a Latin phrase in Arabic text) becomes exactly one
`<span dir>`, because WeasyPrint reverses a Latin phrase split over several inline boxes.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import mimetypes
import os
import re
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Literal

import jinja2
from markupsafe import Markup, escape

from reportkit.document import Content, Document, LineBreak, NoteRef
from reportkit.render import RenderJob
from reportkit.render.standalone import inline_css_resources, refuse_outside_loads
from reportkit.render.template_cache import template_cache

Mode = Literal["print", "screen"]
# Dashes joining two words: a WORD JOINER after them keeps the compound on one line, so that
# line-based text extraction never turns the line end into a space the source does not have.
_JOINED_DASH = re.compile(r"(?<=\S)([\u2013\u2014])(?=\S)")
_WORD_JOINER = "\u2060"
_ARABIC = r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+"
# Words longer than a line (the RK217 warning's length) get break opportunities this often.
_LONG_WORD = re.compile(r"\S{61,}")
_BREAK_EVERY = 10  # letters: a heading at 30 pt still breaks inside the page
_ZERO_WIDTH_SPACE = "\u200b"
_JOINED_BREAK = "\u200d\u200b\u200d"
# Pairs fonts draw as one glyph (Latin ligatures, lam-alef), which a break would split.
_LIGATURES = frozenset(
    ["fi", "fl", "ff", "fj", "ft", "\u0644\u0627", "\u0644\u0623", "\u0644\u0625", "\u0644\u0622"]
)
_ARABIC_CHAR = re.compile(_ARABIC[:-1])


@dataclass
class HtmlPage:
    """One report as HTML: the markup, its CSS (inside the markup only for the screen), and
    what it may load."""

    html: str
    css: str
    base_url: str
    resources: dict[str, tuple] = field(default_factory=dict)  # file URL → report field path
    footnotes: int = 0


class InlineWriter:
    """Render resolved inline content to safe HTML: each stretch against the paragraph's
    direction becomes exactly one `<span dir>`; note calls become footnotes (print) or links
    to the endnotes (screen)."""

    def __init__(self, document: Document, mode: Mode):
        self.document = document
        self.mode = mode
        self.rtl = document.rtl

    def __call__(self, content: Content | None) -> Markup:
        if not content:
            return Markup("")
        out = []
        for rtl, items in groupby(content, key=lambda item: item.rtl):
            body = "".join(self._item(item) for item in items)
            out.append(
                body if rtl == self.rtl else f'<span dir="{"rtl" if rtl else "ltr"}">{body}</span>'
            )
        return Markup("".join(out))

    def _item(self, item) -> str:
        if isinstance(item, NoteRef):
            return self._note_call(item)
        if isinstance(item, LineBreak):
            return "<br>"
        text = str(escape(_prepare(item.text)))
        if item.strong:
            text = f"<strong>{text}</strong>"
        if item.emphasis:
            text = f"<em>{text}</em>"
        if item.href is not None:
            text = f'<a href="{escape(item.href)}">{text}</a>'
        return text

    def _note_call(self, call: NoteRef) -> str:
        number = call.number
        if self.mode == "print":
            body = self(self.document.notes[number - 1].content)
            return f'<span class="footnote" id="fn-{number}">{body}</span>'
        return (
            f'<sup class="footnote-call" id="fnref-{number}">'
            f'<a href="#fn-{number}" role="doc-noteref">{call.label}</a></sup>'
        )


def _prepare(text: str) -> str:
    """Return text as WeasyPrint should break it: compounds joined, long words breakable."""
    text = _JOINED_DASH.sub(r"\1" + _WORD_JOINER, text)
    return _LONG_WORD.sub(lambda match: _breakable(match.group()), text)


def _breakable(word: str) -> str:
    """Return a word longer than a line with a break opportunity every _BREAK_EVERY letters.

    `overflow-wrap` in the CSS breaks a Latin word in a paragraph, but WeasyPrint 70 breaks
    neither an Arabic word nor one that begins in another inline box (a pull-quote's opening
    quotation mark): the rest of it runs off the page. A ZERO WIDTH SPACE between two letters
    (never before a combining mark, nor inside a ligature such as fi or لا, whose letters
    pdftotext then loses) lets it break there; between two Arabic letters it stands between
    ZERO WIDTH JOINERs, so that the letters keep their joined forms.
    """
    out: list[str] = []
    since_break = 0
    for index, char in enumerate(word):
        if since_break >= _BREAK_EVERY and _may_break_between(word[index - 1], char):
            joined = _is_arabic(char) and _is_arabic(word[index - 1])
            out.append(_JOINED_BREAK if joined else _ZERO_WIDTH_SPACE)
            since_break = 0
        out.append(char)
        since_break += 1
    return "".join(out)


def _may_break_between(before: str, after: str) -> bool:
    """Return True between two letters or digits that fonts do not draw as one ligature."""
    return all(c.isalnum() for c in (before, after)) and before + after not in _LIGATURES


def _is_arabic(char: str) -> bool:
    return _ARABIC_CHAR.match(char) is not None


# ---------------------------------------------------------------------------- the page


def page_html(job: RenderJob, mode: Mode) -> HtmlPage:
    """Return the report as one HTML page for `mode` ("print" for the PDF, "screen" for the web)."""
    document = job.document
    resources: dict[str, tuple] = {}
    environment = _environment(job)
    context = {
        "doc": document,
        "mode": mode,
        "theme": job.templates.theme,
        "inline": InlineWriter(document, mode),
        "lang": document.language,
        "dir": document.direction,
        "counter_style": counter_style(document),
        "image_src": lambda picture: _file_src(
            picture.file, mode, (*picture.field_path, "file"), resources
        ),
        "logo_src": _logo_src(document, mode, resources),
        "created": _timestamp(document.metadata.iso_date),
    }
    css = _render_css(environment, context, mode)
    if mode == "screen":  # the PDF's resources go through WeasyPrint's restricted fetcher
        css = inline_css_resources(css, _base_url(job), job.resource_roots)
    # The PDF's CSS goes to WeasyPrint as a stylesheet of its own, parsed once per process
    # (render/pdf.py); the web page carries its CSS inline.
    inline_css = Markup(css) if mode == "screen" else None
    # A kind may have a template of its own; otherwise a paper with a cover page (analysis,
    # and the kinds like it) uses paper.html.
    frame = environment.select_template([f"{document.kind}.html", "paper.html"])
    html = frame.render(css=inline_css, **context)
    return HtmlPage(html, css, _base_url(job), resources, len(document.notes))


def counter_style(document: Document) -> str:
    """Return the CSS counter style of the document's digits (page numbers, notes, lists)."""
    return "arabic-indic" if document.digits == "arabic-indic" else "decimal"


def _base_url(job: RenderJob) -> str:
    """Return the URL relative URLs in the page and its CSS start from: the report's folder."""
    return job.report_dir.resolve().as_uri() + "/"


def render_standalone_html(job: RenderJob) -> bytes:
    """Return the report as a standalone, responsive web page: styles inline, images embedded,
    nothing loaded from anywhere else."""
    html = page_html(job, "screen").html
    refuse_outside_loads(html)
    return html.encode("utf-8")


def _environment(job: RenderJob) -> jinja2.Environment:
    folders = job.templates.folders
    # Which files the override folders hold is part of the key: Jinja's auto_reload notices a
    # template edited in place, not an override file added (or removed) beside the built-in one.
    present = tuple(sorted(str(path) for folder in folders[:-1] for path in folder.rglob("*")))
    return _environment_for(folders, present)


@functools.lru_cache(maxsize=16)
def _environment_for(folders: tuple[Path, ...], present: tuple[str, ...]) -> jinja2.Environment:
    """Return the Jinja environment of a template set, so that each template is compiled once
    per process (compiling them all takes about a tenth of a second); `auto_reload` still picks
    up a template edited while `reportkit watch` runs."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in folders]),
        # CSS templates are not HTML: escaping would turn their quotes into entities.
        autoescape=jinja2.select_autoescape(["html"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=template_cache(),  # compiled once between runs too
    )
    return environment


def _render_css(environment: jinja2.Environment, context: dict, mode: Mode) -> str:
    """Return the page's CSS: the shared file, then the one for print or screen."""
    names = ["report.css", "print.css" if mode == "print" else "screen.css"]
    return "\n".join(environment.get_template(name).render(**context) for name in names)


def _timestamp(iso_date: str) -> str:
    """Return the W3C date-time the PDF records: SOURCE_DATE_EPOCH if set, else the report date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    else:
        moment = dt.datetime.fromisoformat(iso_date).replace(tzinfo=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _logo_src(document: Document, mode: Mode, resources: dict[str, tuple]) -> str | None:
    logo = document.cover.logo
    return _file_src(logo.resolve(), mode, ("theme", "logo"), resources) if logo else None


def _file_src(target: Path, mode: Mode, field_path: tuple, resources: dict[str, tuple]) -> str:
    url = target.as_uri()
    resources[url] = field_path
    if mode == "print":
        return url
    mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(target.read_bytes()).decode('ascii')}"
