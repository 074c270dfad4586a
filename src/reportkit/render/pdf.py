"""Report → typeset PDF with WeasyPrint.

Steps: `page_html` (render/html.py) gives the HTML and CSS; WeasyPrint lays it out
(`render_document`, pages inspectable before writing); the page facts are checked (every
footnote body on its call's page); `write_pdf` draws and writes with a fixed identifier and
fixed dates, so the same input gives the same bytes.

Resources are loaded only from the report's folder and the template folders
(`RestrictedFetcher`); anything else — the network, `file://` elsewhere, a missing file —
stops the render with an error naming the report file and field, so nothing is written.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import mimetypes
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.request import url2pathname

from reportkit.errors import RenderError
from reportkit.render import RenderedBytes, RenderJob
from reportkit.render.html import Page, page_html

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


@dataclass
class Rendered:
    """A laid-out report: WeasyPrint's document, the page it came from, and layout warnings."""

    document: object
    page: Page
    warnings: list[str] = field(default_factory=list)


def render_pdf(job: RenderJob, actual_text: str = "poppler") -> RenderedBytes:
    """Return the report as PDF bytes in the job's variant, with a warning for each WeasyPrint
    fix that is off (see weasyprint_fixes for what `actual_text` means)."""
    from reportkit.render import weasyprint_fixes

    rendered = render_document(job)
    for problem in footnote_problems(rendered.document):
        log.warning("%s: %s", job.report_path, problem)
    pdf = write_pdf(rendered, job.pdf_variant, actual_text)
    return RenderedBytes(pdf, weasyprint_fixes.warnings())


def render_document(job: RenderJob) -> Rendered:
    """Return the laid-out report, before any PDF is written."""
    _check_fonts(job)
    try:
        _import_weasyprint()
        from weasyprint import HTML
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
    with _collect_warnings() as warnings:
        try:
            stylesheet = _stylesheet(page.css, page.base_url, font_config, fetcher)
            html = HTML(string=page.html, base_url=page.base_url, url_fetcher=fetcher)
            document = html.render(font_config=font_config, stylesheets=[stylesheet])
        except FatalURLFetchingError as error:
            raise RenderError(str(error.__cause__ or error)) from None
    return Rendered(document, page, warnings)


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
        return rendered.document.write_pdf(
            pdf_variant=variant,
            finisher=structure_texts.finish,
            pdf_identifier=identifier.encode("ascii"),
        )


def footnote_pages(document) -> dict[str, tuple[int | None, int | None]]:
    """Return {footnote id: (page of the call, page of the body)}, pages counted from 1."""
    from weasyprint.formatting_structure import boxes

    calls: dict[str, int] = {}
    bodies: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or "footnote" not in (element.get("class") or "").split():
                continue
            if isinstance(box, boxes.InlineBox) and box.element_tag.endswith("::footnote-call"):
                calls.setdefault(element.get("id"), number)
            elif isinstance(box, boxes.BlockBox) and box.element_tag == "span":
                bodies.setdefault(element.get("id"), number)
    return {key: (calls.get(key), bodies.get(key)) for key in {**calls, **bodies}}


def footnote_problems(document) -> list[str]:
    """Return a message for each footnote whose body is not on its call's page."""
    return [
        f"footnote {key[3:]}: called on page {call}, its text is on page {body}"
        for key, (call, body) in sorted(
            footnote_pages(document).items(), key=lambda item: int(item[0][3:])
        )
        if call != body
    ]


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
    """Return the page's CSS parsed by WeasyPrint, parsed once per process for the same CSS,
    folder, font configuration and allowed folders (~0.015 s a render of the sample report).

    It is given to WeasyPrint as a user stylesheet: every rule of ours is in it, so the
    cascade between them is unchanged, and the only sheet below it, WeasyPrint's
    user-agent sheet, stays below (it has no !important rule). Images its `url()`s name are
    fetched at layout, through each render's own fetcher; `@import`s and fonts at parsing,
    so a refused one raises and nothing is kept.
    """
    from weasyprint import CSS

    return _kept_per_thread(
        _stylesheets,
        _STYLESHEETS_KEPT,
        (css, base_url, font_config, fetcher.roots),
        lambda: CSS(string=css, base_url=base_url, url_fetcher=fetcher, font_config=font_config),
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
    def __init__(self, sink: list[str]):
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record.getMessage())


class _collect_warnings:
    """Collect WeasyPrint's warnings (unsupported CSS, missing resources) during a render."""

    def __enter__(self) -> list[str]:
        self.warnings: list[str] = []
        self.handler = _WarningCollector(self.warnings)
        logging.getLogger("weasyprint").addHandler(self.handler)
        return self.warnings

    def __exit__(self, *exc) -> None:
        logging.getLogger("weasyprint").removeHandler(self.handler)


def _make_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class _RestrictedFetcher(URLFetcher):
        """Fetch only data: URLs and files under the report's folder or a template folder."""

        def __init__(self, job: RenderJob, page: Page):
            super().__init__(fail_on_errors=True, allow_redirects=False)
            self.job = job
            self.page = page
            self.roots = (job.report_dir.resolve(), *(f.resolve() for f in job.templates.folders))

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if not url.startswith("file:"):
                raise ResourceRefused(
                    self._origin(url) + f"{url} is not a local file; reportkit "
                    "loads nothing from the network"
                )
            path = Path(url2pathname(url.split("?")[0].removeprefix("file:"))).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ResourceRefused(
                    self._origin(url) + f"{path} is outside the report's folder "
                    "and the template folders; copy it next to the report"
                )
            if not path.is_file():
                raise ResourceRefused(self._origin(url) + f"{path} does not exist")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

        def _origin(self, url: str) -> str:
            field_path = self.page.resources.get(url)
            if field_path and field_path[0] != "theme":
                return self.job.where(field_path)
            return f"{self.job.report_path}: template resource: "

    return _RestrictedFetcher


class ResourceRefused(Exception):
    """A resource the report or a template asked for may not be loaded."""


def RestrictedFetcher(job: RenderJob, page: Page):
    """Return a URL fetcher limited to the report's folder and the template folders."""
    return _make_fetcher_class()(job, page)
