"""`reportkit build`: reports × formats → outputs, in parallel, rebuilding only what changed.

The parent process decides what is stale (cache.py), hands each stale report to a worker
process that loads it once and renders its formats, and collects one outcome per output. A
failing report never stops the others. Outputs are written atomically by the workers; the
cache is written by the parent once everything has finished.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reportkit.atomic_write import (
    prepare_output_folder,
    remove_stale_temporaries,
    write_atomically,
)
from reportkit.cache import BuildCache, Fingerprints, file_digest
from reportkit.diagnostics import Diagnostic
from reportkit.discovery import find_reports
from reportkit.errors import ContentError, OutputError, ReportkitError, UsageError
from reportkit.render import FORMATS, output_path, parse_formats
from reportkit.theme import TemplateSet

if TYPE_CHECKING:
    from concurrent.futures import Future


@dataclass(frozen=True)
class BuildRequest:
    """Everything a worker needs to build one report in some formats."""

    report_path: Path
    formats: tuple[str, ...]
    out_dir: Path
    template_dir: Path | None
    reference_docx: Path | None = None
    pdf_variant: str | None = "pdf/ua-1"
    rules_file: Path | None = None  # house rules; None: the nearest reportkit.yaml


@dataclass
class OutputOutcome:
    """What happened to one output file."""

    report_path: Path
    fmt: str
    status: str  # "built", "up to date" or "failed"
    seconds: float = 0.0
    pages: int | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)  # the renderer's, with their lines
    inputs: dict[str, str | None] = field(default_factory=dict)  # path → digest before building
    exit_code: int = 1  # when failed: 1 the report's fault, 3 the output folder's

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
    rules_file: Path | None = None,
) -> tuple[list[BuildRequest], list[OutputOutcome], BuildCache]:
    """Split the requested outputs into work to do and outputs already up to date."""
    chosen = tuple(parse_formats(formats))
    reports = find_reports(paths)
    refuse_shared_names(reports)
    templates = TemplateSet(template_dir, reference_docx)  # bad options fail before any work
    prepare_output_folder(out_dir)
    remove_stale_temporaries(out_dir)
    cache = BuildCache.open(out_dir, Fingerprints.of(templates, pdf_variant, rules_file))
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
                    report_path,
                    tuple(stale),
                    out_dir,
                    template_dir,
                    reference_docx,
                    pdf_variant,
                    rules_file,
                )
            )
    return requests, fresh, cache


def refuse_shared_names(reports: list[Path]) -> None:
    """Stop before building when two different reports would write the same output files.

    Outputs are named after the report file alone (`output/<name>.<ext>`), so `a/x.yaml` and
    `b/x.yaml` (or `x.yaml` and `x.yml`) would overwrite each other, one build after another.
    """
    by_name: dict[str, dict[Path, Path]] = {}
    for report in reports:
        by_name.setdefault(report.stem, {})[report.resolve()] = report
    clashes = [sorted(map(str, same.values())) for same in by_name.values() if len(same) > 1]
    if clashes:
        listed = "; ".join(" and ".join(names) for names in clashes)
        raise UsageError(
            f"reports with the same file name would overwrite each other's outputs: {listed}; "
            "rename one, or build them one at a time with a different --out for each"
        )


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
    # Imported here: a build of one report (or with --jobs 1) runs in this process, and
    # the pool's modules take ~0.05-0.08 s of a cold start.
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    waiting = list(reversed(requests))
    with ProcessPoolExecutor(
        max_workers=workers, initializer=prepare_worker, initargs=(formats, os.getpid())
    ) as pool:
        running: set[Future[list[OutputOutcome]]] = set()
        while waiting or running:
            while waiting and len(running) < workers:
                request = waiting.pop()
                on_start(request)
                running.add(pool.submit(build_one, request))
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield from future.result()


def prepare_worker(formats: list[str], build: int | None = None) -> None:
    """Import the renderers once per worker, not once per report (WeasyPrint takes ~1 s).

    With `build` (the build's process id) the worker also ends when that process dies.
    """
    import importlib

    if build is not None:
        exit_with_parent(build)
    for fmt in formats:
        importlib.import_module(FORMATS[fmt][0])


def exit_with_parent(build: int) -> None:
    """End this worker as soon as the build process `build` is gone, however it died.

    A build killed with SIGKILL runs no clean-up, and its idle workers would wait for work
    forever (~100 MB each). When the build is this worker's parent, Linux sends the worker
    SIGKILL as the parent dies (PR_SET_PDEATHSIG). Otherwise (another system, or workers
    started by a fork server, which itself lives as long as they do) a thread waits for the
    build to end.
    """
    if os.getppid() == build and _kill_me_with_my_parent():
        if os.getppid() != build:  # it died before we asked
            os._exit(1)
        return
    threading.Thread(target=_exit_after, args=(build,), daemon=True).start()


def _kill_me_with_my_parent() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    pr_set_pdeathsig = 1
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _exit_after(pid: int) -> None:
    """Wait for process `pid` to end (a process descriptor where there is one), then exit."""
    try:
        handle = os.pidfd_open(pid)
    except (AttributeError, OSError):  # no pidfd_open (not Linux ≥ 5.3), or already gone
        while _is_running(pid):
            time.sleep(1)
    else:
        select.select([handle], [], [])
    os._exit(1)


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def build_one(request: BuildRequest) -> list[OutputOutcome]:
    """Load one report and render each requested format; never raises."""
    from reportkit.house_rules import rules_for, rules_inputs
    from reportkit.loader import load_report
    from reportkit.render import RenderJob, render
    from reportkit.rules import images, resolve_image

    # Digests are taken before reading, so an edit made during the build is never cached as built.
    inputs = {str(request.report_path): file_digest(request.report_path)}
    inputs.update(rules_inputs(request.report_path, request.rules_file))
    try:
        report = load_report(request.report_path, request.rules_file)
        templates = TemplateSet(request.template_dir, request.reference_docx)
        rules = rules_for(request.report_path, request.rules_file)
        job = RenderJob(report, request.report_path, templates, request.pdf_variant, rules)
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
        rendered = render(job, fmt)
        write_atomically(output_path(out_dir, job.report_path, fmt), rendered.data)
    except ReportkitError as error:
        return OutputOutcome(
            job.report_path,
            fmt,
            "failed",
            time.perf_counter() - start,
            errors=[located(job.report_path, str(error))],
            exit_code=error.exit_code if isinstance(error, OutputError) else 1,
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
        pages=rendered.pages,
        warnings=[job.diagnostic(warning) for warning in rendered.warnings],
        inputs=inputs,
    )


def located(report_path: Path, message: str) -> str:
    """Return `message` prefixed with the report's file, unless it already names it
    (errors that point at a report line start with "report.yaml:LINE:COL:")."""
    if message.startswith(f"{report_path}:"):
        return message
    return f"{report_path}: {message}"


def record_outcomes(
    cache: BuildCache,
    outcomes: list[OutputOutcome],
    out_dir: Path,
    on_warning: Callable[[str], None] = lambda message: None,
) -> None:
    """Remember what was built so an unchanged report is not built again.

    An output built with warnings is not remembered: the next build makes it again and shows
    its warnings again, so that they are not lost behind "up to date" (and `--strict` fails
    every time). The outputs are already written: a cache that cannot be saved costs only a
    rebuild.
    """
    for outcome in outcomes:
        target = output_path(out_dir, outcome.report_path, outcome.fmt)
        if outcome.status == "built" and not outcome.warnings:
            cache.remember(target, outcome.inputs)
        elif outcome.status != "up to date":
            cache.forget(target)
    try:
        cache.save()
    except OutputError as error:
        on_warning(f"{error} (the build cache; the next build redoes this one's work)")


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
    on_warning: Callable[[str], None] = lambda message: None,
    rules_file: Path | None = None,
) -> list[OutputOutcome]:
    """Build what is stale among `paths` × `formats`; return every output's outcome.

    `on_warning` hears of problems that do not fail the build (a damaged cache).
    """
    requests, outcomes, cache = plan_builds(
        paths, formats, out_dir, template_dir, force, reference_docx, pdf_variant, rules_file
    )
    if cache.problem:
        on_warning(cache.problem)
    for outcome in outcomes:
        if on_outcome:
            on_outcome(outcome)
    for outcome in run_builds(requests, jobs, on_start):
        outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)
    record_outcomes(cache, outcomes, out_dir, on_warning)
    return outcomes
