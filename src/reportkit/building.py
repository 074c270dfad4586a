"""`reportkit build`: load each report, render each requested format, write outputs atomically.

A report with errors is reported with its diagnostics and skipped; the others still build.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from reportkit.discovery import find_reports
from reportkit.errors import ContentError
from reportkit.loader import load_report
from reportkit.outputs import write_atomically
from reportkit.render import RenderJob, output_path, parse_formats, render
from reportkit.theme import TemplateSet


def build_reports(paths, formats: str, out_dir: Path, template_dir: Path | None,
                  echo: Callable[..., None] = print) -> list[Path]:
    """Build every report named by `paths`; return the report files that failed."""
    chosen = parse_formats(formats)
    templates = TemplateSet(template_dir)
    failures = []
    for report_path in find_reports(paths):
        try:
            report = load_report(report_path)
        except ContentError as error:
            for diagnostic in error.diagnostics:
                echo(diagnostic.format(), err=True)
            echo(f"{report_path}: not built (fix the errors above)", err=True)
            failures.append(report_path)
            continue
        job = RenderJob(report, report_path, templates)
        for fmt in chosen:
            start = time.perf_counter()
            target = output_path(out_dir, report_path, fmt)
            write_atomically(target, render(job, fmt))
            echo(f"wrote {target} ({time.perf_counter() - start:.2f} s)")
    return failures
