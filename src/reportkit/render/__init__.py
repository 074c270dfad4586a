"""Renderers: a loaded report → document bytes, plus warnings. Each output format is one
module, imported only when that format is built (WeasyPrint alone takes about a second to
import).

A renderer that meets a problem which does not stop it (a footnote off its call's page, a
line wider than its column) calls `warn()`; `render()` collects those warnings with the
bytes, and the build shows them with the report's line (`--strict` fails on them).
"""

from __future__ import annotations

import functools
import importlib
import logging
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reportkit.errors import RenderError, UsageError
from reportkit.house_rules import HouseRules
from reportkit.models.common import Image, ReportBase
from reportkit.theme import TemplateSet

if TYPE_CHECKING:
    from reportkit.diagnostics import Diagnostic
    from reportkit.document import Document

log = logging.getLogger(__name__)

# format → (module, function, file extension). The function takes a RenderJob, returns bytes.
FORMATS: dict[str, tuple[str, str, str]] = {
    "pdf": ("reportkit.render.pdf", "render_pdf", "pdf"),
    "html": ("reportkit.render.html", "render_standalone_html", "html"),
    "docx": ("reportkit.render.docx", "render_docx", "docx"),
}


@dataclass(frozen=True)
class RenderJob:
    """What a renderer needs: the report, where it came from, and the templates to use."""

    report: ReportBase
    report_path: Path
    templates: TemplateSet
    pdf_variant: str | None = "pdf/ua-1"  # tagged for screen readers; "pdf/a-3b" archival
    rules: HouseRules | None = None  # None: the nearest reportkit.yaml's, else the defaults

    @functools.cached_property
    def document(self) -> Document:
        """The report resolved for the renderers (resolve.py), once per job: a build in
        several formats shares it (~0.01 s a format for the sample; a Document is frozen)."""
        from reportkit.resolve import resolve

        return resolve(self)

    @property
    def labels(self) -> dict[str, str]:
        """Return the house rules' label overrides for this report's kind and language."""
        from reportkit.house_rules import rules_for

        rules = self.rules or rules_for(self.report_path)
        return rules.labels(self.report.kind, self.report.language)

    @property
    def report_dir(self) -> Path:
        return self.report_path.parent

    @property
    def resource_roots(self) -> tuple[Path, ...]:
        """Return the folders every output may load files from: the report's folder and the
        template folders."""
        return (self.report_dir.resolve(), *(folder.resolve() for folder in self.templates.folders))

    def where(self, field_path: tuple) -> str:
        """Return "report.yaml:LINE:COL: images[0].file: ", the prefix of a renderer's error."""
        from reportkit.diagnostics import format_path
        from reportkit.source import read_source

        line, column = read_source(self.report_path).position_of(field_path)
        return f"{self.report_path}:{line}:{column}: {format_path(field_path)}: "

    def diagnostic(self, warning: RenderWarning) -> Diagnostic:
        """Return a renderer's warning with the report file, and the line and column of its
        field when it names one."""
        from reportkit.diagnostics import Diagnostic
        from reportkit.source import read_source

        if not warning.field_path:
            return Diagnostic(warning.code, warning.message, str(self.report_path))
        source = read_source(self.report_path)
        return source.diagnostic(warning.code, warning.message, warning.field_path)

    def image_file(self, image: Image, path: tuple) -> Path:
        """Return the file of the image at model `path`; RenderError naming the report line
        when it is missing or outside the report's folder."""
        from reportkit.rules import resolve_image

        field_path = (*path, "file")
        try:
            target = resolve_image(image, self.report_dir)
        except ValueError as error:
            raise RenderError(self.where(field_path) + str(error)) from None
        if not target.is_file():
            raise RenderError(
                self.where(field_path) + f"image file `{image.file}` does not "
                f"exist (looked in {target.parent})"
            )
        return target


class RenderWarning(NamedTuple):
    """A problem a renderer met that does not stop it: a code of `diagnostics.CODES`, what
    happened and what to do, and the report field it concerns (empty: the whole report)."""

    code: str
    message: str
    field_path: tuple = ()


@dataclass(frozen=True)
class RenderedOutput:
    """One output: its bytes and the warnings its renderer reported, each once."""

    data: bytes
    warnings: tuple[RenderWarning, ...] = ()
    pages: int | None = None  # known for a laid-out format (PDF); others' pages are the reader's


_warnings: ContextVar[list[RenderWarning] | None] = ContextVar("render_warnings", default=None)
_pages: ContextVar[list[int] | None] = ContextVar("render_pages", default=None)


def count_pages(pages: int) -> None:
    """Record how many pages the output being rendered has (a PDF renderer knows it)."""
    sink = _pages.get()
    if sink is not None:
        sink.append(pages)


def warn(code: str, message: str, field_path: tuple = ()) -> None:
    """Report a problem that does not stop the render. Inside `render()` it goes to the
    output's warnings; elsewhere (a renderer called directly) to the log."""
    sink = _warnings.get()
    if sink is None:
        log.warning("%s [%s]", message, code)
    else:
        sink.append(RenderWarning(code, message, field_path))


def parse_formats(value: str) -> list[str]:
    """Return the formats named in a comma-separated list such as `pdf,docx`."""
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise UsageError(
            f"unknown output format {', '.join(unknown) or '(none)'}; "
            f"use any of: {', '.join(FORMATS)}"
        )
    return list(dict.fromkeys(formats))


def output_path(out_dir: Path, report_path: Path, fmt: str) -> Path:
    return out_dir / f"{report_path.stem}.{FORMATS[fmt][2]}"


def render(job: RenderJob, fmt: str) -> RenderedOutput:
    """Return the report rendered in format `fmt`, with the warnings met on the way."""
    module_name, function_name, _ = FORMATS[fmt]
    renderer = getattr(importlib.import_module(module_name), function_name)
    warnings: list[RenderWarning] = []
    pages: list[int] = []
    tokens = _warnings.set(warnings), _pages.set(pages)
    try:
        data = renderer(job)
    finally:
        _warnings.reset(tokens[0])
        _pages.reset(tokens[1])
    return RenderedOutput(data, tuple(dict.fromkeys(warnings)), pages[-1] if pages else None)
