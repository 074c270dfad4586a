"""`reportkit build`: reports × formats → outputs, in parallel, rebuilding only what changed.

The parent process decides what is stale (cache.py), hands each stale report to a worker
process that loads it once and renders its formats, and collects one outcome per output. A
failing report never stops the others. Outputs are written atomically by the workers; the
cache is written by the parent once everything has finished.
"""

from __future__ import annotations

import os
import re
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from reportkit.cache import BuildCache, Fingerprints, file_digest
from reportkit.discovery import find_reports
from reportkit.errors import ContentError, ReportkitError
from reportkit.outputs import write_atomically
from reportkit.render import FORMATS, output_path, parse_formats
from reportkit.theme import TemplateSet


@dataclass(frozen=True)
class BuildRequest:
    """Everything a worker needs to build one report in some formats."""

    report_path: Path
    formats: tuple[str, ...]
    out_dir: Path
    template_dir: Path | None
    reference_docx: Path | None = None
    pdf_variant: str | None = "pdf/ua-1"


@dataclass
class OutputOutcome:
    """What happened to one output file."""

    report_path: Path
    fmt: str
    status: str  # "built", "up to date" or "failed"
    seconds: float = 0.0
    pages: int | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # "report.yaml: …", from the renderer
    inputs: dict[str, str | None] = field(default_factory=dict)  # path → digest before building

    @property
    def target(self) -> str:
        return f"{self.report_path.stem}.{FORMATS[self.fmt][2]}"


def plan_builds(
    paths: Iterable[str],
    formats: str,
    out_dir: Path,
    template_dir: Path | None,
    force: bool = False,
    reference_docx: Path | None = None,
    pdf_variant: str | None = "pdf/ua-1",
) -> tuple[list[BuildRequest], list[OutputOutcome], BuildCache]:
    """Split the requested outputs into work to do and outputs already up to date."""
    chosen = tuple(parse_formats(formats))
    reports = find_reports(paths)
    templates = TemplateSet(template_dir, reference_docx)  # bad options fail before any work
    cache = BuildCache.open(out_dir, Fingerprints.of(templates, pdf_variant))
    requests, fresh = [], []
    for report_path in reports:
        stale = [
            fmt
            for fmt in chosen
            if force or not cache.is_fresh(report_path, output_path(out_dir, report_path, fmt))
        ]
        fresh += [
            OutputOutcome(report_path, fmt, "up to date") for fmt in chosen if fmt not in stale
        ]
        if stale:
            requests.append(
                BuildRequest(
                    report_path, tuple(stale), out_dir, template_dir, reference_docx, pdf_variant
                )
            )
    return requests, fresh, cache


def run_builds(
    requests: list[BuildRequest],
    jobs: int | None,
    on_start: Callable[[BuildRequest], None] = lambda request: None,
) -> Iterator[OutputOutcome]:
    """Yield each output's outcome as its report finishes, building in worker processes.

    Only as many reports as there are workers are handed out at a time, so `on_start` is
    called when a report really starts (the progress display shows what is being built).
    """
    if not requests:
        return
    workers = max(1, min(jobs or os.cpu_count() or 1, len(requests)))
    formats = sorted({fmt for request in requests for fmt in request.formats})
    if workers == 1:
        prepare_worker(formats)
        for request in requests:
            on_start(request)
            yield from build_one(request)
        return
    waiting = list(reversed(requests))
    with ProcessPoolExecutor(
        max_workers=workers, initializer=prepare_worker, initargs=(formats,)
    ) as pool:
        running = set()
        while waiting or running:
            while waiting and len(running) < workers:
                request = waiting.pop()
                on_start(request)
                running.add(pool.submit(build_one, request))
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield from future.result()


def prepare_worker(formats: list[str]) -> None:
    """Import the renderers once per worker, not once per report (WeasyPrint takes ~1 s)."""
    import importlib

    for fmt in formats:
        importlib.import_module(FORMATS[fmt][0])


def build_one(request: BuildRequest) -> list[OutputOutcome]:
    """Load one report and render each requested format; never raises."""
    from reportkit.loader import load_report
    from reportkit.render import RenderJob, render
    from reportkit.rules import images, resolve_image

    # Digests are taken before reading, so an edit made during the build is never cached as built.
    inputs = {str(request.report_path): file_digest(request.report_path)}
    try:
        report = load_report(request.report_path)
        templates = TemplateSet(request.template_dir, request.reference_docx)
        job = RenderJob(report, request.report_path, templates, request.pdf_variant)
    except ContentError as error:
        messages = [d.format() for d in error.diagnostics]
        return [
            OutputOutcome(request.report_path, fmt, "failed", errors=messages)
            for fmt in request.formats
        ]
    except ReportkitError as error:
        return [
            OutputOutcome(request.report_path, fmt, "failed", errors=[str(error)])
            for fmt in request.formats
        ]
    for _, image in images(report):
        path = resolve_image(image, job.report_dir)
        inputs[str(path)] = file_digest(path)
    return [_render_one(job, fmt, request.out_dir, inputs, render) for fmt in request.formats]


def _render_one(job, fmt: str, out_dir: Path, inputs: dict, render) -> OutputOutcome:
    start = time.perf_counter()
    try:
        data = render(job, fmt)
        write_atomically(output_path(out_dir, job.report_path, fmt), data)
    except ReportkitError as error:
        return OutputOutcome(
            job.report_path,
            fmt,
            "failed",
            time.perf_counter() - start,
            errors=[f"{job.report_path}: {error}"],
        )
    except Exception as error:  # a renderer bug: report it, keep building the others
        detail = traceback.format_exception_only(type(error), error)[-1].strip()
        return OutputOutcome(
            job.report_path,
            fmt,
            "failed",
            time.perf_counter() - start,
            errors=[f"{job.report_path}: {fmt} renderer failed: {detail}"],
        )
    return OutputOutcome(
        job.report_path,
        fmt,
        "built",
        time.perf_counter() - start,
        pages=count_pages(data, fmt),
        warnings=[f"{job.report_path}: {w}" for w in getattr(data, "warnings", ())],
        inputs=inputs,
    )


_PDF_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")


def count_pages(data: bytes, fmt: str) -> int | None:
    """Return a PDF's page count (None for other formats, whose pages a reader's app decides)."""
    return len(_PDF_PAGE.findall(data)) if fmt == "pdf" else None


def record_outcomes(cache: BuildCache, outcomes: list[OutputOutcome], out_dir: Path) -> None:
    """Remember what was built so an unchanged report is not built again."""
    for outcome in outcomes:
        target = output_path(out_dir, outcome.report_path, outcome.fmt)
        if outcome.status == "built":
            cache.remember(target, outcome.inputs)
        elif outcome.status == "failed":
            cache.forget(target)
    cache.save()


def build_reports(
    paths,
    formats: str,
    out_dir: Path,
    template_dir: Path | None,
    jobs: int | None = None,
    force: bool = False,
    on_outcome: Callable[[OutputOutcome], None] | None = None,
    reference_docx: Path | None = None,
    pdf_variant: str | None = "pdf/ua-1",
    on_start: Callable[[BuildRequest], None] = lambda request: None,
) -> list[OutputOutcome]:
    """Build what is stale among `paths` × `formats`; return every output's outcome."""
    requests, outcomes, cache = plan_builds(
        paths, formats, out_dir, template_dir, force, reference_docx, pdf_variant
    )
    for outcome in outcomes:
        if on_outcome:
            on_outcome(outcome)
    for outcome in run_builds(requests, jobs, on_start):
        outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)
    record_outcomes(cache, outcomes, out_dir)
    return outcomes
