"""Renderers: a loaded report → document bytes. Each output format is one module, imported
only when that format is built (WeasyPrint alone takes about a second to import)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from reportkit.errors import RenderError, UsageError
from reportkit.models.common import Image, ReportBase
from reportkit.theme import TemplateSet

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

    @property
    def report_dir(self) -> Path:
        return self.report_path.parent

    def where(self, field_path: tuple) -> str:
        """Return "report.yaml:LINE:COL: images[0].file: ", the prefix of a renderer's error."""
        from reportkit.diagnostics import format_path
        from reportkit.source import read_source

        line, column = read_source(self.report_path).position_of(field_path)
        return f"{self.report_path}:{line}:{column}: {format_path(field_path)}: "

    def image_file(self, image: Image, path: tuple) -> Path:
        """Return the file of the image at model `path`; RenderError naming the report line
        when it is missing or outside the report's folder."""
        from reportkit.rules import resolve_image

        field_path = tuple(path) + ("file",)
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


class RenderedBytes(bytes):
    """A renderer's output, plus warnings for the user (such as a WeasyPrint fix that is off)."""

    warnings: tuple[str, ...]

    def __new__(cls, data: bytes, warnings: list[str] | tuple[str, ...] = ()):
        rendered = super().__new__(cls, data)
        rendered.warnings = tuple(warnings)
        return rendered


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


def render(job: RenderJob, fmt: str) -> bytes:
    """Return the report rendered in format `fmt`."""
    module_name, function_name, _ = FORMATS[fmt]
    return getattr(importlib.import_module(module_name), function_name)(job)
