"""How `reportkit build` shows its work: a Rich progress bar and summary table on a terminal,
plain lines otherwise (or with --quiet), one JSON document with --json. Every display ends
with the renderers' warnings (`warning: report.yaml:LINE:COL: field: message [RK3nn]`), the
failures, and a closing line."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from reportkit.building import BuildRequest, OutputOutcome
from reportkit.render import FORMATS

if TYPE_CHECKING:  # Rich is imported only when a progress bar is shown
    from rich.progress import TaskID


class BuildDisplay:
    """Plain lines: one per output, then the failures with their messages, then a total."""

    def __init__(self, quiet: bool = False, strict: bool = False):
        self.quiet = quiet
        self.strict = strict  # warnings fail the build

    @staticmethod
    def choose(quiet: bool, as_json: bool, strict: bool = False) -> BuildDisplay:
        if as_json:
            return JsonDisplay(strict=strict)
        if not quiet and sys.stdout.isatty():
            return RichDisplay(strict=strict)
        return BuildDisplay(quiet, strict)

    def __enter__(self) -> BuildDisplay:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def start(self, request: BuildRequest) -> None:
        return None

    def warn(self, message: str) -> None:
        """Show a problem that does not fail the build, on one line of standard error."""
        click.echo(f"warning: {message}", err=True)

    def add(self, outcome: OutputOutcome) -> None:
        if self.quiet and outcome.status != "failed":
            return
        pages = f", {outcome.pages} pages" if outcome.pages else ""
        click.echo(
            f"{outcome.status:>10}  {outcome.report_path} → {outcome.target}"
            f" ({outcome.seconds:.2f} s{pages})"
        )

    def finish(self, outcomes: list[OutputOutcome]) -> None:
        for line in warning_lines(outcomes):
            click.echo(line, err=True)
        for error in failure_messages(outcomes):
            click.echo(error, err=True)
        click.echo(closing_line(outcomes, self.strict))


class RichDisplay(BuildDisplay):
    """An overall bar plus one task per report and format while it is being built, then a
    table: report, formats, pages, seconds, status."""

    def __init__(self, console=None, strict: bool = False):
        super().__init__(strict=strict)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.console = console or Console()
        self.progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )
        self.task = self.progress.add_task("all outputs", total=None)
        self.running: dict[tuple, TaskID] = {}

    def __enter__(self) -> RichDisplay:
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def start(self, request: BuildRequest) -> None:
        for fmt in request.formats:
            target = f"{request.report_path.stem}.{FORMATS[fmt][2]}"
            self.running[(request.report_path, fmt)] = self.progress.add_task(target, total=1)

    def warn(self, message: str) -> None:
        self.console.print(
            f"warning: {message}", style="yellow", highlight=False, markup=False, soft_wrap=True
        )

    def add(self, outcome: OutputOutcome) -> None:
        self.progress.update(self.task, advance=1)
        task = self.running.pop((outcome.report_path, outcome.fmt), None)
        if task is not None:
            self.progress.remove_task(task)

    def finish(self, outcomes: list[OutputOutcome]) -> None:
        from rich.table import Table

        table = Table("report", "formats", "pages", "seconds", "status")
        for report, group in _by_report(outcomes).items():
            statuses = {o.status for o in group}
            status = (
                "failed"
                if "failed" in statuses
                else "built"
                if "built" in statuses
                else "up to date"
            )
            style = {"failed": "red", "built": "green"}.get(status, "dim")
            pages = ", ".join(str(o.pages) for o in group if o.pages) or "–"
            table.add_row(
                str(report),
                ", ".join(o.fmt for o in group),
                pages,
                f"{sum(o.seconds for o in group):.2f}",
                f"[{style}]{status}[/]",
            )
        self.console.print(table)
        for line in warning_lines(outcomes):
            self.console.print(line, style="yellow", highlight=False, markup=False, soft_wrap=True)
        for error in failure_messages(outcomes):
            self.console.print(error, style="red", highlight=False, markup=False)
        self.console.print(closing_line(outcomes, self.strict), highlight=False)


class JsonDisplay(BuildDisplay):
    def add(self, outcome: OutputOutcome) -> None:
        return None

    def finish(self, outcomes: list[OutputOutcome]) -> None:
        click.echo(
            json.dumps(
                {
                    "version": 1,
                    "status": "failed" if has_failed(outcomes, self.strict) else "passed",
                    "strict": self.strict,
                    "outputs": [
                        {
                            "report": str(o.report_path),
                            "format": o.fmt,
                            "output": o.target,
                            "status": o.status,
                            "seconds": round(o.seconds, 3),
                            "pages": o.pages,
                            "errors": o.errors,
                            "warnings": [w.to_dict() for w in o.warnings],
                        }
                        for o in outcomes
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )


def _by_report(outcomes: list[OutputOutcome]) -> dict:
    groups: dict = {}
    for outcome in outcomes:
        groups.setdefault(outcome.report_path, []).append(outcome)
    return groups


def failure_messages(outcomes: list[OutputOutcome]) -> list[str]:
    return [error for o in outcomes if o.status == "failed" for error in o.errors]


def warning_lines(outcomes: list[OutputOutcome]) -> list[str]:
    """Return each renderer warning once (a report's PDF and DOCX may share one)."""
    return list(dict.fromkeys(f"warning: {w.format()}" for o in outcomes for w in o.warnings))


def has_failed(outcomes: list[OutputOutcome], strict: bool) -> bool:
    """Return whether the build failed: an output failed, or under `strict` one has warnings."""
    return any(o.status == "failed" or (strict and o.warnings) for o in outcomes)


def closing_line(outcomes: list[OutputOutcome], strict: bool = False) -> str:
    counts = {
        status: sum(o.status == status for o in outcomes)
        for status in ("built", "up to date", "failed")
    }
    line = f"{counts['built']} built, {counts['up to date']} up to date, {counts['failed']} failed"
    warnings = len(warning_lines(outcomes))
    if warnings:
        line += f", {warnings} warning{'s' if warnings > 1 else ''}"
        line += " (--strict: the build fails)" if strict else ""
    return line
