"""Renderers: a loaded report → document bytes. Each output format is one module, imported
only when that format is built (WeasyPrint alone takes about a second to import)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from reportkit.errors import UsageError
from reportkit.models.common import ReportBase
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


def parse_formats(value: str) -> list[str]:
    """Return the formats named in a comma-separated list such as `pdf,docx`."""
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise UsageError(f"unknown output format {', '.join(unknown) or '(none)'}; "
                         f"use any of: {', '.join(FORMATS)}")
    return list(dict.fromkeys(formats))


def output_path(out_dir: Path, report_path: Path, fmt: str) -> Path:
    return out_dir / f"{report_path.stem}.{FORMATS[fmt][2]}"


def render(job: RenderJob, fmt: str) -> bytes:
    """Return the report rendered in format `fmt`."""
    module_name, function_name, _ = FORMATS[fmt]
    return getattr(importlib.import_module(module_name), function_name)(job)
