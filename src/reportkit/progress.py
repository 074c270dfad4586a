"""How `reportkit build` shows its work: a Rich progress bar and summary table on a terminal,
plain lines otherwise (or with --quiet), one JSON document with --json."""

from __future__ import annotations

import json
import sys

import click

from reportkit.building import BuildRequest, OutputOutcome
from reportkit.render import FORMATS


class BuildDisplay:
    """Plain lines: one per output, then the failures with their messages, then a total."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet

    @staticmethod
    def choose(quiet: bool, as_json: bool) -> BuildDisplay:
        if as_json:
            return JsonDisplay()
        if not quiet and sys.stdout.isatty():
            return RichDisplay()
        return BuildDisplay(quiet)

    def __enter__(self) -> BuildDisplay:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def start(self, request: BuildRequest) -> None:
        return None

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
        click.echo(closing_line(outcomes))


class RichDisplay(BuildDisplay):
    """An overall bar plus one task per report and format while it is being built, then a
    table: report, formats, pages, seconds, status."""

    def __init__(self, console=None):
        super().__init__()
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
        self.running: dict[tuple, int] = {}

    def __enter__(self) -> RichDisplay:
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def start(self, request: BuildRequest) -> None:
        for fmt in request.formats:
            target = f"{request.report_path.stem}.{FORMATS[fmt][2]}"
            self.running[(request.report_path, fmt)] = self.progress.add_task(target, total=1)

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
            self.console.print(line, style="yellow", highlight=False, markup=False)
        for error in failure_messages(outcomes):
            self.console.print(error, style="red", highlight=False, markup=False)
        self.console.print(closing_line(outcomes), highlight=False)


class JsonDisplay(BuildDisplay):
    def add(self, outcome: OutputOutcome) -> None:
        return None

    def finish(self, outcomes: list[OutputOutcome]) -> None:
        click.echo(
            json.dumps(
                {
                    "version": 1,
                    "status": "failed" if any(o.status == "failed" for o in outcomes) else "passed",
                    "outputs": [
                        {
                            "report": str(o.report_path),
                            "format": o.fmt,
                            "output": o.target,
                            "status": o.status,
                            "seconds": round(o.seconds, 3),
                            "pages": o.pages,
                            "errors": o.errors,
                            "warnings": o.warnings,
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
    """Return each renderer warning once, as `warning: report.yaml: …`."""
    return list(dict.fromkeys(f"warning: {w}" for o in outcomes for w in o.warnings))


def closing_line(outcomes: list[OutputOutcome]) -> str:
    counts = {
        status: sum(o.status == status for o in outcomes)
        for status in ("built", "up to date", "failed")
    }
    return f"{counts['built']} built, {counts['up to date']} up to date, {counts['failed']} failed"
