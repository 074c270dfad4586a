"""Report model → HTML, for the PDF (paged, WeasyPrint) and for the web (standalone page).

The data flow: `page_html(job, mode)` builds an `HtmlPage` — the HTML text from the Jinja
templates (base layout, one template per kind, one partial per section kind), the CSS rendered
from the theme, and the resources the page may load. Inline text is rendered from the parsed
nodes (`InlineRenderer`), never from raw HTML, and with autoescaping on. Each left-to-right
island inside Arabic text (a Latin phrase, a number) becomes exactly one `<span dir="ltr">`,
because WeasyPrint reverses a Latin phrase split over several inline boxes.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import mimetypes
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import jinja2
from markupsafe import Markup, escape

from reportkit import inline
from reportkit.models.common import Image, InlineText, ReportBase
from reportkit.render import RenderJob
from reportkit.render.bidi import protect_signed_numbers, split_script_runs
from reportkit.render.standalone import inline_css_resources, refuse_outside_loads
from reportkit.render.text import Localizer

Mode = Literal["print", "screen"]
# Dashes joining two words: a WORD JOINER after them keeps the compound on one line, so that
# line-based text extraction never turns the line end into a space the source does not have.
_JOINED_DASH = re.compile(r"(?<=\S)([\u2013\u2014])(?=\S)")
_WORD_JOINER = "\u2060"
_ARABIC = r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+"
_OBJECT = "\ufffc"  # stands for a footnote call or line break while resolving direction
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


@dataclass(frozen=True)
class _Leaf:
    """A piece of inline text with the markup around it (outermost first)."""

    text: str
    marks: tuple[tuple[str, str], ...] = ()  # (tag, href)
    node: inline.Citation | inline.LineBreak | None = None


class InlineRenderer:
    """Render inline nodes to safe HTML, numbering citations as footnotes in reading order."""

    def __init__(self, report: ReportBase, localizer: Localizer, mode: Mode):
        self.localizer = localizer
        self.mode = mode
        self.rtl = report.direction == "rtl"
        self.sources = report.source_by_id()
        self.notes: list[tuple[int, Markup]] = []

    def __call__(self, text: InlineText | None) -> Markup:
        if text is None:
            return Markup("")
        return self.render_leaves(list(_flatten(text.nodes)))

    def plain(self, text: str | None) -> Markup:
        """Render plain text (a heading, a name) with its direction islands."""
        return self.render_leaves([_Leaf(text)]) if text else Markup("")

    def note(self, source_id: str | None) -> Markup:
        """Return a footnote for a `source:` field (quotes, figures, timeline events)."""
        return Markup(self._footnote(source_id)) if source_id else Markup("")

    def render_leaves(self, leaves: list[_Leaf]) -> Markup:
        leaves = [_Leaf(_prepare(leaf.text, self.rtl), leaf.marks, leaf.node) for leaf in leaves]
        out = []
        for rtl, group in _direction_groups(leaves, self.rtl):
            body = "".join(self._leaf(leaf) for leaf in group)
            if rtl == self.rtl or self._is_digits(group):
                out.append(body)
            else:
                out.append(f'<span dir="{"rtl" if rtl else "ltr"}">{body}</span>')
        return Markup("".join(out))

    def _is_digits(self, group: list[_Leaf]) -> bool:
        """Arabic-Indic digits are right-to-left characters: a number needs no island then."""
        text = "".join(leaf.text for leaf in group)
        return (
            self.localizer.digits == "arabic-indic"
            and self.rtl
            and not any(c.isalpha() for c in text)
        )

    def _leaf(self, leaf: _Leaf) -> str:
        if isinstance(leaf.node, inline.Citation):
            return self._footnote(leaf.node.source_id)
        if isinstance(leaf.node, inline.LineBreak):
            return "<br>"
        text = str(escape(self._digits(leaf.text)))
        for tag, href in reversed(leaf.marks):
            attrs = f' href="{escape(href)}"' if tag == "a" else ""
            text = f"<{tag}{attrs}>{text}</{tag}>"
        return text

    def _digits(self, text: str) -> str:
        if self.localizer.digits != "arabic-indic" or any(
            c.isascii() and c.isalpha() for c in text
        ):  # Latin text keeps its digits
            return text
        return self.localizer.digits_of(text)

    def _footnote(self, source_id: str) -> str:
        number = len(self.notes) + 1
        source = self.sources.get(source_id)
        body = self.source_note(source) if source else escape(source_id)
        self.notes.append((number, body))
        if self.mode == "print":
            return f'<span class="footnote" id="fn-{number}">{body}</span>'
        label = self.localizer.digits_of(str(number))
        return (
            f'<sup class="footnote-call" id="fnref-{number}">'
            f'<a href="#fn-{number}" role="doc-noteref">{label}</a></sup>'
        )

    def source_note(self, source) -> Markup:
        """Render a source's note. It is built with Western digits and the digit policy is
        applied island by island, so a number inside a Latin title ("Act of 2004") stays
        Western and keeps the title in one left-to-right run."""
        latin = Localizer(self.localizer.language, "latin")
        return self.note_text(latin.source_note(source))

    def note_text(self, note: str) -> Markup:
        """Render a source note part by part: in a note without Arabic letters the Arabic
        commas between Latin parts would otherwise join them into one left-to-right run."""
        if not self.rtl:
            return self.plain(note)
        return Markup("، ").join(self.plain(part) for part in note.split("، "))


def _flatten(nodes, marks: tuple = ()):
    """Yield leaves for inline nodes, carrying the emphasis/strong/link marks around them."""
    for node in nodes:
        if isinstance(node, inline.Text):
            yield _Leaf(node.text, marks)
        elif isinstance(node, (inline.Citation, inline.LineBreak)):
            yield _Leaf(_OBJECT, marks, node)
        elif isinstance(node, inline.Emphasis):
            yield from _flatten(node.children, (*marks, ("em", "")))
        elif isinstance(node, inline.Strong):
            yield from _flatten(node.children, (*marks, ("strong", "")))
        elif isinstance(node, inline.Link):
            yield from _flatten(node.children, (*marks, ("a", node.href)))


def _prepare(text: str, rtl: bool) -> str:
    if text == _OBJECT:
        return text
    text = _JOINED_DASH.sub(r"\1" + _WORD_JOINER, text)
    text = _LONG_WORD.sub(lambda match: _breakable(match.group()), text)
    return protect_signed_numbers(text) if rtl else text


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


def _direction_groups(leaves: list[_Leaf], rtl: bool):
    """Yield (is_rtl, leaves) groups: leaves split where the text changes direction."""
    text = "".join(leaf.text for leaf in leaves)
    directions = _char_directions(text, rtl)
    groups: list[tuple[bool, list[_Leaf]]] = []
    position = 0
    for leaf in leaves:
        start = position
        position += len(leaf.text)
        for piece_start, piece_end in _same_direction_spans(directions, start, position):
            piece = (
                leaf
                if (piece_start, piece_end) == (start, position)
                else _Leaf(text[piece_start:piece_end], leaf.marks, leaf.node)
            )
            is_rtl = directions[piece_start]
            if groups and groups[-1][0] == is_rtl:
                groups[-1][1].append(piece)
            else:
                groups.append((is_rtl, [piece]))
    return groups


def _char_directions(text: str, rtl: bool) -> list[bool]:
    """Return, per character, whether it belongs to a right-to-left stretch."""
    return [run.rtl for run in split_script_runs(text, rtl) for _ in run.text]


def _same_direction_spans(directions: list[bool], start: int, end: int):
    span_start = start
    for i in range(start + 1, end + 1):
        if i == end or directions[i] != directions[span_start]:
            yield span_start, i
            span_start = i


# ---------------------------------------------------------------------------- the page


def page_html(job: RenderJob, mode: Mode) -> HtmlPage:
    """Return the report as one HTML page for `mode` ("print" for the PDF, "screen" for the web)."""
    report = job.report
    localizer = Localizer.for_report(report, job.templates.theme.digits)
    inline_renderer = InlineRenderer(report, localizer, mode)
    resources: dict[str, tuple] = {}
    environment = _environment(job)
    context = {
        "report": report,
        "mode": mode,
        "t": localizer,
        "theme": job.templates.theme,
        "inline": inline_renderer,
        "text": inline_renderer.plain,
        "note": inline_renderer.note,
        "source_note": inline_renderer.source_note,
        "lang": report.language,
        "dir": report.direction,
        "counter_style": "arabic-indic" if localizer.digits == "arabic-indic" else "decimal",
        "image_src": lambda image, path: _image_src(job, image, path, mode, resources),
        "logo_src": _logo_src(job, mode, resources),
        "created": _timestamp(report.date),
        "placed": _placed_items(report),
        "section_anchor": _section_anchor,
        "notes": inline_renderer.notes,
    }
    css = _render_css(environment, context, mode)
    if mode == "screen":  # the PDF's resources go through WeasyPrint's restricted fetcher
        css = inline_css_resources(css, _base_url(job), job.resource_roots)
    # The PDF's CSS goes to WeasyPrint as a stylesheet of its own, parsed once per process
    # (render/pdf.py); the web page carries its CSS inline.
    inline_css = Markup(css) if mode == "screen" else None
    html = environment.get_template(f"{report.kind}.html").render(css=inline_css, **context)
    return HtmlPage(html, css, _base_url(job), resources, len(inline_renderer.notes))


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
    )
    return environment


def _render_css(environment: jinja2.Environment, context: dict, mode: Mode) -> str:
    """Return the page's CSS: the shared file, then the one for print or screen."""
    names = ["report.css", "print.css" if mode == "print" else "screen.css"]
    return "\n".join(environment.get_template(name).render(**context) for name in names)


def _section_anchor(section, index: int) -> str:
    return f"sec-{section.id or index + 1}"


def _placed_items(report: ReportBase) -> dict[str, dict[str, list]]:
    """Return {section id: {"quotes": [...], "figures": [...], "images": [(path, image)]}}."""
    placed: dict[str, dict[str, list]] = {}
    for name in ("quotes", "figures", "images"):
        for index, item in enumerate(getattr(report, name, [])):
            if not hasattr(item, "section"):  # a brief's quotes stand where the template puts them
                continue
            entry = placed.setdefault(item.section, {"quotes": [], "figures": [], "images": []})
            entry[name].append(((name, index), item) if name == "images" else item)
    return placed


def _timestamp(date: dt.date) -> str:
    """Return the W3C date-time the PDF records: SOURCE_DATE_EPOCH if set, else the report date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    else:
        moment = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _image_src(
    job: RenderJob, image: Image, path: tuple, mode: Mode, resources: dict[str, tuple]
) -> str:
    """Return the URL of a report image: a file URL for print, a data URI for the web."""
    return _file_src(job.image_file(image, path), mode, (*path, "file"), resources)


def _logo_src(job: RenderJob, mode: Mode, resources: dict[str, tuple]) -> str | None:
    logo = job.templates.logo_path()
    return _file_src(logo.resolve(), mode, ("theme", "logo"), resources) if logo else None


def _file_src(target: Path, mode: Mode, field_path: tuple, resources: dict[str, tuple]) -> str:
    url = target.as_uri()
    resources[url] = field_path
    if mode == "print":
        return url
    mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(target.read_bytes()).decode('ascii')}"
