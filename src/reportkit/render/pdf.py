"""Report → typeset PDF with WeasyPrint.

Steps: `page_html` (render/html.py) gives the HTML and CSS; WeasyPrint lays it out
(`render_document`, pages inspectable before writing); the laid-out pages are checked
(`layout_warnings`: every footnote body on its call's page, no line wider than its column);
`write_pdf` draws and writes with a fixed identifier and fixed dates, so the same input gives
the same bytes.

Resources are loaded only from the report's folder and the template folders
(`RestrictedFetcher`); anything else — the network, `file://` elsewhere, a missing file —
stops the render with an error naming the report file and field, so nothing is written. So
does a resource WeasyPrint loaded but could not use (a damaged image or stylesheet). What
else WeasyPrint logs while it lays out and draws (CSS it ignores, a font it cannot load)
becomes a warning (RK301), as do the layout's problems (RK302, RK303) and the WeasyPrint
fixes that are off (RK304).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import mimetypes
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reportkit.document import Document as ReportDocument
from reportkit.document import plain
from reportkit.errors import RenderError
from reportkit.i18n import _, isolate
from reportkit.render import RenderJob, RenderWarning, count_pages, warn
from reportkit.render.html import HtmlPage, counter_style, page_html
from reportkit.resources import NotContained, contained_path, local_path_of_url

if TYPE_CHECKING:  # WeasyPrint takes ~0.3 s to import: only when a PDF is rendered
    from weasyprint.document import Document

log = logging.getLogger(__name__)

# pdf/ua-1 tags the PDF for screen readers (structure tree, /Lang, /MarkInfo); it works with
# Arabic text and costs ~20 % in size and ~0.03 s (sample report). "pdf/a-3b" is the archival
# option.
DEFAULT_VARIANT = "pdf/ua-1"
VARIANTS = ("pdf/ua-1", "pdf/a-3b", None)
# Font configurations kept per thread (Pango's objects are not shared between threads).
_FONT_CONFIGS_KEPT = 4
_font_configs = threading.local()
_STYLESHEETS_KEPT = 8
_stylesheets = threading.local()
# WeasyPrint's messages for a resource it could not use: the image or stylesheet would be
# missing from the PDF (its alt text drawn instead), so they stop the render.
_LOST_RESOURCE = ("Failed to load image", "Failed to load stylesheet", "Failed to render SVG")
# How far (CSS px, 1/96 in) a line may pass its column's edge before it is reported:
# rounding in Pango's widths, far below what a reader sees.
_OVERFLOW_TOLERANCE = 1.0


@dataclass
class Rendered:
    """A laid-out report: WeasyPrint's document, the page it came from, and what WeasyPrint
    warned about while laying it out."""

    document: Document
    page: HtmlPage
    warnings: list[RenderWarning] = field(default_factory=list)


def render_pdf(job: RenderJob, actual_text: str = "poppler") -> bytes:
    """Return the report as PDF bytes in the job's variant (see weasyprint_fixes for what
    `actual_text` means); what went wrong without stopping it goes to `warn()`."""
    from reportkit.render import weasyprint_fixes

    rendered = render_document(job)
    count_pages(len(rendered.document.pages))
    for line in weasyprint_fixes.warnings():
        warn(
            "RK304",
            _("a correction reportkit makes to WeasyPrint is off: {detail}", detail=isolate(line)),
        )
    for warning in [*rendered.warnings, *layout_warnings(job, rendered.document)]:
        warn(*warning)
    with _collect_warnings() as records:
        pdf = write_pdf(rendered, job.pdf_variant, actual_text)
    for warning in weasyprint_warnings(job, rendered.page, records):
        warn(*warning)
    return pdf


def render_document(job: RenderJob) -> Rendered:
    """Return the laid-out report, before any PDF is written."""
    _check_fonts(job)
    try:
        _import_weasyprint()
        from weasyprint import CSS, HTML
        from weasyprint.urls import FatalURLFetchingError
    except (ImportError, OSError) as error:  # OSError: Pango or HarfBuzz cannot be loaded
        raise RenderError(
            f"WeasyPrint cannot start ({error}); install Pango with: apt-get "
            "install libpango-1.0-0 libpangoft2-1.0-0 (`reportkit doctor` "
            "checks everything)"
        ) from None

    from reportkit.render import weasyprint_fixes

    weasyprint_fixes.install()
    page = page_html(job, "print")
    fetcher = RestrictedFetcher(job, page)
    font_config = _font_config(page.css + page.html)
    try:
        stylesheet, css_records = _stylesheet(page.css, page.base_url, font_config, fetcher)
        with _collect_warnings() as records:
            html = HTML(string=page.html, base_url=page.base_url, url_fetcher=fetcher)
            decided = CSS(string=document_rules(job.document))
            document = html.render(font_config=font_config, stylesheets=[stylesheet, decided])
    except FatalURLFetchingError as error:
        raise RenderError(str(error.__cause__ or error)) from None
    return Rendered(document, page, weasyprint_warnings(job, page, [*css_records, *records]))


def document_rules(document: ReportDocument) -> str:
    """Return the CSS of what the resolved document decides and the page's CSS shows: the
    running title (`string(report-title)`, the DOCX's header has the same) and the contents
    entries' page numbers. Given apart from the template's CSS, so that a template folder
    copied from an earlier version gets them too."""
    title = " ".join(plain(document.running_title).split())
    anchors = [entry.anchor for entry in document.contents or ()]
    return "\n".join(
        [
            f"html {{ string-set: report-title {_css_string(title)}; }}",
            contents_rules(anchors, counter_style(document)),
        ]
    )


def contents_rules(anchors: Iterable[str], style: str) -> str:
    """Return the CSS of the contents entries' dot leaders and page numbers (in counter
    `style`): one rule an entry, naming its heading by url(). WeasyPrint 70 follows a
    heading named so when it moves to another page (the contents grew with the real numbers
    and pushed it on); one named by `attr(href url)` it does not, and its number stayed one
    page low."""
    return "\n".join(
        f".toc a[href={_css_string('#' + anchor)}]::after {{ content: leader(dotted) "
        f"target-counter(url({_css_string('#' + anchor)}), page, {style}); }}"
        for anchor in anchors
    )


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def weasyprint_warnings(
    job: RenderJob, page: HtmlPage, records: list[logging.LogRecord]
) -> list[RenderWarning]:
    """Return WeasyPrint's log messages as warnings on the field whose file they name;
    RenderError when WeasyPrint could not use an image or stylesheet: left alone, it draws
    the alt text in the image's place and the build seems to succeed."""
    warnings = []
    for record in records:
        message = record.getMessage()
        urls = [arg for arg in record.args or () if isinstance(arg, str) and arg in page.resources]
        if message.startswith(_LOST_RESOURCE):
            where = _origin(job, page, urls[0]) if urls else f"{job.report_path}: "
            raise RenderError(f"{where}{message}; export the file again or remove it")
        field_path = page.resources[urls[0]] if urls else ()
        css = _css_line(page.css, record)
        warnings.append(
            RenderWarning(
                "RK301",
                _(
                    "the PDF's typesetter (WeasyPrint) reports: {message} (in the template's "
                    "CSS: `{css}`)",
                    message=isolate(message),
                    css=css,
                )
                if css
                else _(
                    "the PDF's typesetter (WeasyPrint) reports: {message}", message=isolate(message)
                ),
                () if field_path[:1] == ("theme",) else field_path,
            )
        )
    return warnings


def _css_line(css: str, record: logging.LogRecord) -> str:
    """Return the line of the page's CSS that a WeasyPrint message about an ignored
    declaration points at ("" for other messages): its line numbers count in report.css and
    print.css joined, which matches neither file, so the line itself says where to look."""
    args = record.args if isinstance(record.args, tuple) else ()
    if not str(record.msg).startswith("Ignored `") or len(args) < 3:
        return ""
    name, line = args[0], args[2]
    lines = css.splitlines()
    if isinstance(line, int) and 0 < line <= len(lines) and str(name) in lines[line - 1]:
        return lines[line - 1].strip()
    return ""


def _origin(job: RenderJob, page: HtmlPage, url: str) -> str:
    """Return the start of an error about the resource at `url`: the report's line and field
    when the report names it, else that it is a template's resource."""
    field_path = page.resources.get(url)
    if field_path and field_path[0] != "theme":
        return job.where(field_path)
    return f"{job.report_path}: template resource: "


def write_pdf(
    rendered: Rendered, variant: str | None = DEFAULT_VARIANT, actual_text: str = "poppler"
) -> bytes:
    """Return the PDF bytes of a laid-out report: same input, same bytes."""
    from reportkit.render import weasyprint_fixes

    if variant not in VARIANTS:
        raise RenderError(f"unknown PDF variant {variant!r}; use one of {VARIANTS}")
    page = rendered.page
    identifier = hashlib.sha256((page.css + page.html).encode("utf-8")).hexdigest()[:32]
    with (
        weasyprint_fixes.actual_text(actual_text),
        weasyprint_fixes.structure_actual_text() as structure_texts,
    ):

        def finish(document, pdf) -> None:
            structure_texts.finish(document, pdf)
            compress_streams_once(pdf)

        return rendered.document.write_pdf(
            pdf_variant=variant, finisher=finish, pdf_identifier=identifier.encode("ascii")
        )


def compress_streams_once(pdf, level: int = 9) -> None:
    """Compress each stream of a PDF about to be written, once, as pydyf would.

    pydyf compresses a stream each time it serializes it, and it serializes every object
    twice: once to write it, once more to hash the file for the identifier's second half
    (the fixed identifier keeps the bytes reproducible). Compressing the streams' content
    here (WeasyPrint's `finisher` runs just before pydyf writes), with pydyf's own zlib
    level and filter name, leaves the same bytes and halves the compressing of the pages'
    content, fonts and images (~0.05 s of the sample's write). A stream of a kind pydyf
    would not serialize as plain `pydyf.Stream` is left to pydyf.
    """
    import zlib

    import pydyf

    to_bytes = getattr(pydyf, "_to_bytes", None)
    if to_bytes is None:  # another pydyf: it compresses as before
        return
    for obj in pdf.objects:
        if (
            isinstance(obj, pydyf.Stream)
            and obj.compress
            and type(obj).data is pydyf.Stream.data
            and "Filter" not in obj.extra
        ):
            compressor = zlib.compressobj(level=level)
            content = compressor.compress(b"\n".join(to_bytes(item) for item in obj.stream))
            obj.stream = [content + compressor.flush()]
            obj.extra["Filter"] = "/FlateDecode"
            obj.compress = False


@dataclass
class PageFacts:
    """What the layout did, gathered in one walk over the laid-out boxes."""

    calls: dict[str, int] = field(default_factory=dict)  # footnote id → page of its call
    bodies: dict[str, int] = field(default_factory=dict)  # footnote id → page of its text
    overflows: list[tuple[int, float, str]] = field(default_factory=list)  # page, px, word

    @classmethod
    def of(cls, document) -> PageFacts:
        from weasyprint.formatting_structure import boxes

        facts = cls()
        for number, page in enumerate(document.pages, 1):
            facts._visit(page._page_box, None, number, boxes)
        return facts

    def _visit(self, box, parent, page: int, boxes) -> None:
        if isinstance(box, boxes.LineBox):
            overflow, word = _line_overflow(box, parent, boxes)
            if overflow:
                self.overflows.append((page, overflow, word))
        element = getattr(box, "element", None)
        if element is not None and "footnote" in (element.get("class") or "").split():
            if isinstance(box, boxes.InlineBox) and box.element_tag.endswith("::footnote-call"):
                self.calls.setdefault(element.get("id"), page)
            elif isinstance(box, boxes.BlockBox) and box.element_tag == "span":
                self.bodies.setdefault(element.get("id"), page)
        for child in getattr(box, "children", ()):
            self._visit(child, box, page, boxes)


def _line_overflow(line, block, boxes) -> tuple[float, str]:
    """Return how far (px) a line made of one word passes either edge of its block's content
    box, and the word. A line with a space in it counts as 0: WeasyPrint would have broken it
    there, so its overflow is WeasyPrint's own (justifying lines that mix directions can push
    one 1-2 mm out), not a word too long; so does a contents line, whose dotted leader (". "
    repeated) is laid out wider than the line and cut to it when drawn."""
    left, right = block.content_box_x(), block.content_box_x() + block.width
    leaves = list(_line_leaves(line, boxes))
    furthest = max(
        (
            max(left - leaf.position_x, leaf.position_x + leaf.margin_width() - right)
            for leaf in leaves
        ),
        default=0.0,
    )
    if furthest <= _OVERFLOW_TOLERANCE:
        return 0.0, ""
    word = _visible("".join(getattr(leaf, "text", "") for leaf in leaves)).strip()
    return (0.0, "") if any(char.isspace() for char in word) else (furthest, word)


def _line_leaves(box, boxes):
    """Yield the boxes a line is made of: its text and atomic boxes (inline blocks and images
    have lines of their own, checked against themselves)."""
    for child in box.children:
        if isinstance(child, boxes.InlineBox):
            yield from _line_leaves(child, boxes)
        else:
            yield child


def footnote_pages(document) -> dict[str, tuple[int | None, int | None]]:
    """Return {footnote id: (page of the call, page of the body)}, pages counted from 1."""
    facts = PageFacts.of(document)
    return _footnote_pages(facts)


def _footnote_pages(facts: PageFacts) -> dict[str, tuple[int | None, int | None]]:
    keys = sorted({**facts.calls, **facts.bodies}, key=lambda key: int(key[3:]))
    return {key: (facts.calls.get(key), facts.bodies.get(key)) for key in keys}


def footnote_problems(document) -> list[str]:
    """Return a message for each footnote whose body is not on its call's page."""
    return [warning.message for warning in _footnote_warnings(PageFacts.of(document))]


def layout_warnings(job: RenderJob, document) -> list[RenderWarning]:
    """Return a warning for each footnote off its call's page (RK302) and each line wider
    than its column (RK303), from one walk over the laid-out pages (~2 ms a report)."""
    facts = PageFacts.of(document)
    return [*_footnote_warnings(facts), *_overflow_warnings(job, facts)]


def _footnote_warnings(facts: PageFacts) -> list[RenderWarning]:
    return [
        RenderWarning(
            "RK302",
            _(
                "footnote {number} is called on page {call} but its text is on page {body}: "
                "the text does not fit on the call's page; shorten it (a source's title) or "
                "the paragraph, and keep `@footnote` free of margins in a custom template",
                number=key[3:],
                call=call or "?",
                body=body or "?",
            ),
        )
        for key, (call, body) in _footnote_pages(facts).items()
        if call != body
    ]


def _overflow_warnings(job: RenderJob, facts: PageFacts) -> list[RenderWarning]:
    warnings = []
    for page, overflow, word in facts.overflows:
        message = _(
            "a line on page {page} runs {mm} mm past the edge of its column: `{word}` does "
            "not fit; add a space or shorten the word (or, in a custom template, widen the "
            "column or let long words break)",
            page=page,
            mm=f"{overflow * 25.4 / 96:.1f}",
            word=isolate(word[:40] + ("…" if len(word) > 40 else "")),
        )
        field_path = _field_with(job, word.strip("«»“”\"'()[].,،;؛:!?؟"))
        warnings.append(RenderWarning("RK303", message, field_path))
    return warnings


def _visible(text: str) -> str:
    """Return `text` without the invisible break and joining marks reportkit adds."""
    return text.translate(dict.fromkeys(map(ord, "\u200b\u200d\u2060\u00ad")))


def _field_with(job: RenderJob, word: str) -> tuple:
    """Return the path of the first report text containing `word` (empty when none does)."""
    from reportkit.models.common import InlineText, walk_text

    for path, text in walk_text(job.report):
        plain = text.plain if isinstance(text, InlineText) else text
        if word and word in plain:
            return path
    return ()


def _import_weasyprint() -> None:
    """Import WeasyPrint, without the library search that costs a sixth of a second on Linux.

    WeasyPrint opens each native library by trying several names in turn ("libpango-1.0-0",
    "pango-1.0", …, "libpango-1.0.so.0"); for each name that is not the file's own, cffi asks
    `ctypes.util.find_library`, which runs ldconfig, gcc and ld in subprocesses only to find
    nothing. On Linux the sonames in the list load directly, so the search is switched off
    while WeasyPrint is imported; should that fail on an unusual system, the import is retried
    the ordinary way (and reports what is missing).
    """
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint

        return
    import ctypes.util

    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints its install help
            import weasyprint
    except OSError:
        ctypes.util.find_library = original
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = original


def _font_config(html: str):
    """Return the WeasyPrint font configuration for a page, made once per thread.

    Left to itself, WeasyPrint builds a new one for every render: Fontconfig loads its
    configuration and font list again, and Pango and HarfBuzz start with empty caches (fonts,
    fontsets, shaping plans), which cost ~0.035 s a render of the sample report. Reusing it
    changes nothing in the output (byte-identical PDF). Fonts from `@font-face` rules are
    added to the configuration, so a page that may bring its own (`@font-face`, `@import` or
    `<link>` anywhere in it) gets a configuration of its own, shared only with the same page.
    A configuration made before a system font was installed does not see that font until
    the process restarts.
    """
    from weasyprint.text.fonts import FontConfiguration

    own_fonts = any(marker in html for marker in ("@font-face", "@import", "<link"))
    key = hashlib.sha256(html.encode("utf-8")).digest() if own_fonts else None
    return _kept_per_thread(_font_configs, _FONT_CONFIGS_KEPT, key, FontConfiguration)


def _stylesheet(css: str, base_url: str, font_config, fetcher):
    """Return the page's CSS parsed by WeasyPrint, and what WeasyPrint logged while parsing
    it (kept with it, so that every render reports it), parsed once per process for the same
    CSS, folder, font configuration and allowed folders (~0.015 s a render of the sample
    report).

    It is given to WeasyPrint as a user stylesheet: every rule of ours is in it, so the
    cascade between them is unchanged, and the only sheet below it, WeasyPrint's
    user-agent sheet, stays below (it has no !important rule). Images its `url()`s name are
    fetched at layout, through each render's own fetcher; `@import`s and fonts at parsing,
    so a refused one raises and nothing is kept.
    """
    from weasyprint import CSS

    def parse():
        with _collect_warnings() as records:
            sheet = CSS(string=css, base_url=base_url, url_fetcher=fetcher, font_config=font_config)
        return sheet, records

    return _kept_per_thread(
        _stylesheets, _STYLESHEETS_KEPT, (css, base_url, font_config, fetcher.roots), parse
    )


def _kept_per_thread(store: threading.local, limit: int, key, make):
    """Return the object kept under `key` in this thread's part of `store`, made with
    `make()` the first time; the oldest is dropped beyond `limit` objects."""
    kept = getattr(store, "kept", None)
    if kept is None:
        kept = store.kept = {}
    if key not in kept:
        if len(kept) >= limit:
            del kept[next(iter(kept))]
        kept[key] = make()
    return kept[key]


def _check_fonts(job: RenderJob) -> None:
    """Raise RenderError when the theme's Arabic or Latin body font is not installed."""
    from reportkit.fonts import INSTALL_HINT, font_files

    fonts = job.templates.theme.fonts
    wanted = (fonts.arabic, fonts.latin)
    found = font_files(tuple(fonts.families()))
    missing = [family for family in wanted if family not in found]
    if found and missing:
        raise RenderError(
            f"font {', '.join(missing)} is not installed; {INSTALL_HINT} "
            "(or change fonts in theme.yaml); `reportkit doctor` checks everything"
        )


class _WarningCollector(logging.Handler):
    def __init__(self, sink: list[logging.LogRecord]):
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record)


class _collect_warnings:
    """Collect WeasyPrint's warnings and errors (unsupported CSS, resources it cannot use)
    during a render, as log records (their arguments name the resource's URL)."""

    def __enter__(self) -> list[logging.LogRecord]:
        self.warnings: list[logging.LogRecord] = []
        self.handler = _WarningCollector(self.warnings)
        logging.getLogger("weasyprint").addHandler(self.handler)
        return self.warnings

    def __exit__(self, *exc) -> None:
        logging.getLogger("weasyprint").removeHandler(self.handler)


def _make_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class _RestrictedFetcher(URLFetcher):
        """Fetch only data: URLs and files under the report's folder or a template folder."""

        def __init__(self, job: RenderJob, page: HtmlPage):
            super().__init__(fail_on_errors=True, allow_redirects=False)
            self.job = job
            self.page = page
            self.roots = job.resource_roots

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            local = local_path_of_url(url)
            if local is None:
                raise ResourceRefused(
                    self._origin(url) + f"{url} is not a local file; reportkit "
                    "loads nothing from the network"
                )
            try:
                path = contained_path(local, self.roots)
            except NotContained as refused:
                raise ResourceRefused(
                    self._origin(url) + f"{refused.path} is outside the report's folder "
                    "and the template folders; copy it next to the report"
                ) from None
            if not path.is_file():
                raise ResourceRefused(self._origin(url) + f"{path} does not exist")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

        def _origin(self, url: str) -> str:
            return _origin(self.job, self.page, url)

    return _RestrictedFetcher


class ResourceRefused(Exception):
    """A resource the report or a template asked for may not be loaded."""


def RestrictedFetcher(job: RenderJob, page: HtmlPage):
    """Return a URL fetcher limited to the report's folder and the template folders."""
    return _make_fetcher_class()(job, page)
