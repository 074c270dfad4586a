"""The `reportkit` command. Only this module prints or exits; rendering is imported lazily.

Exit codes: 0 success, 1 content errors (or warnings under --strict), 2 usage error,
3 rendering or environment error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from reportkit import __version__
from reportkit.errors import ReportkitError

# Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 64


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportkit")
@click.option(
    "--lang",
    type=click.Choice(["ar", "en"]),
    default=None,
    help="Language of the messages (default: REPORTKIT_LANG, else the locale, else en).",
)
def cli(lang: str | None) -> None:
    """Author structured policy reports in YAML; check them; publish them as RTL PDF and DOCX."""
    if lang:
        from reportkit.i18n import use_language

        use_language(lang)


@cli.command()
@click.argument("code")
def explain(code: str) -> None:
    """Explain a diagnostic code (e.g. RK002) at length, with a wrong and a right example."""
    from reportkit.explanations import explain as explain_code

    click.echo(explain_code(code))


@cli.command()
@click.argument("kind")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--schemas",
    "schema_folder",
    type=click.Path(path_type=Path),
    default=Path("schemas"),
    show_default=True,
    help="Folder of the JSON Schemas the new file points editors at.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def new(kind: str, path: Path, schema_folder: Path, force: bool) -> None:
    """Write a commented skeleton report of KIND (analysis, brief or policy-paper) at PATH."""
    from reportkit.skeleton import unresolved_schema_note, write_skeleton

    written = write_skeleton(kind, path, schema_folder, force)
    click.echo(f"wrote {written}; fill it in, then run: reportkit validate {written}")
    note = unresolved_schema_note(kind, written, schema_folder)
    if note:
        click.echo(note, err=True)


def rules_option(command):
    """`--rules FILE`: the house rules to apply instead of the nearest reportkit.yaml."""
    return click.option(
        "--rules",
        "rules_file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None,
        help="House rules file to use instead of the nearest reportkit.yaml.",
    )(command)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    default="text",
    show_default=True,
    type=click.Choice(["text", "json", "github", "sarif"]),
    help="text for people; json, github or sarif for tools.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: one per core when there are many files).",
)
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the result to this file instead of standard output.",
)
@rules_option
def validate(
    paths: tuple[str, ...],
    output_format: str,
    strict: bool,
    jobs: int | None,
    output: Path | None,
    rules_file: Path | None,
) -> None:
    """Check report files or folders; exit 1 when any has errors."""
    from reportkit.diagnostic_formats import WRITERS
    from reportkit.discovery import find_reports
    from reportkit.loader import check_rules_files

    files = find_reports(paths)
    # A wrong rules file is reported once, instead of the reports it governs.
    results = check_rules_files(files, rules_file) or check_many(files, jobs, rules_file)
    color = output is None and output_format == "text" and sys.stdout.isatty()
    text = WRITERS[output_format](results, strict=strict, color=color)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    if any(result.failed(strict) for result in results):
        sys.exit(1)


def check_many(files: list[Path], jobs: int | None, rules_file: Path | None = None):
    """Return a LoadResult per file, using worker processes when there are many files."""
    if jobs is None:
        jobs = (os.cpu_count() or 1) if len(files) >= PARALLEL_THRESHOLD else 1
    workers = max(1, min(jobs, len(files)))
    if workers == 1:
        return [_check_one(path, rules_file) for path in files]
    from concurrent.futures import ProcessPoolExecutor  # not needed by most commands

    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunk = max(1, len(files) // (workers * 8))
        return list(pool.map(_check_one, files, [rules_file] * len(files), chunksize=chunk))


def _check_one(path: Path, rules_file: Path | None = None):
    """Return one file's result without its model (small enough to send between processes)."""
    from reportkit.loader import check_report

    return check_report(path, rules_file=rules_file).summary()


def output_options(default_format: str):
    """The options `build` and `watch` share: which formats, where to, with which templates."""

    def apply(command):
        for option in reversed(
            [
                click.option(
                    "--format",
                    "formats",
                    default=default_format,
                    show_default=True,
                    help="Comma-separated output formats: pdf, docx, html.",
                ),
                click.option(
                    "--out",
                    "out_dir",
                    type=click.Path(path_type=Path),
                    default=Path("output"),
                    show_default=True,
                    help="Folder the outputs are written to.",
                ),
                click.option(
                    "--template",
                    "template_dir",
                    type=click.Path(path_type=Path),
                    default=None,
                    help="A template folder overriding the built-in theme, "
                    "templates and CSS file by file.",
                ),
            ]
        ):
            command = option(command)
        return command

    return apply


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@output_options("pdf,docx")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: one per core).",
)
@click.option("--force", is_flag=True, help="Rebuild even the outputs that are up to date.")
@click.option("--quiet", is_flag=True, help="Print only failures and the closing line.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary for tools.")
@click.option(
    "--strict", is_flag=True, help="Fail when a renderer warns (exit 1); the outputs are written."
)
@click.option(
    "--docx-template",
    "reference_docx",
    type=click.Path(path_type=Path),
    default=None,
    help="A Word reference document whose styles the DOCX output uses.",
)
@click.option(
    "--pdf-variant",
    type=click.Choice(["pdf/ua-1", "pdf/a-3b", "plain"]),
    default="pdf/ua-1",
    show_default=True,
    help="pdf/ua-1: tagged for screen readers; pdf/a-3b: archival; plain: neither.",
)
@rules_option
def build(
    paths: tuple[str, ...],
    formats: str,
    out_dir: Path,
    template_dir: Path | None,
    jobs: int | None,
    force: bool,
    quiet: bool,
    as_json: bool,
    strict: bool,
    reference_docx: Path | None,
    pdf_variant: str,
    rules_file: Path | None,
) -> None:
    """Build reports (files or folders) into OUT/<report-name>.<format>, rebuilding only what changed."""
    from reportkit.building import build_reports
    from reportkit.progress import BuildDisplay

    display = BuildDisplay.choose(quiet=quiet, as_json=as_json, strict=strict)
    with display:
        outcomes = build_reports(
            paths,
            formats,
            out_dir,
            template_dir,
            jobs,
            force,
            on_outcome=display.add,
            reference_docx=reference_docx,
            pdf_variant=None if pdf_variant == "plain" else pdf_variant,
            on_start=display.start,
            on_warning=display.warn,
            rules_file=rules_file,
        )
    display.finish(outcomes)
    failed = [outcome for outcome in outcomes if outcome.status == "failed"]
    if failed:
        sys.exit(max(outcome.exit_code for outcome in failed))  # 3: the output folder's fault
    if strict and any(outcome.warnings for outcome in outcomes):
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@output_options("pdf")
def watch(paths: tuple[str, ...], formats: str, out_dir: Path, template_dir: Path | None) -> None:
    """Rebuild reports on every save of a report, image or template (Ctrl-C stops)."""
    from reportkit.building import OutputOutcome
    from reportkit.watching import watch as watch_reports

    def show(outcome: OutputOutcome) -> None:
        if outcome.status == "failed":
            for error in outcome.errors:
                click.secho(error, fg="red", err=True)
        elif outcome.status == "built":
            click.echo(f"built {outcome.target} ({outcome.seconds:.2f} s)")
        for warning in outcome.warnings:
            click.secho(f"warning: {warning.format()}", fg="yellow", err=True)

    try:
        watch_reports(
            [Path(p) for p in paths],
            formats,
            out_dir,
            template_dir,
            on_outcome=show,
            on_ready=lambda: click.echo("watching for changes (Ctrl-C stops)"),
        )
    except KeyboardInterrupt:
        click.echo("stopped")


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@click.option(
    "--template",
    "template_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="A template folder overriding the built-in one.",
)
def preview(path: Path, port: int, template_dir: Path | None) -> None:
    """Serve the report's HTML on localhost; the page reloads when the report or a template changes."""
    import time

    from reportkit.watching import PreviewServer

    def show(errors: list[str]) -> None:
        for error in errors:
            click.secho(error, fg="red", err=True)
        if not errors:
            click.echo(f"rendered {path}")

    server = PreviewServer(path, template_dir, port, on_errors=show).start()
    click.echo(f"previewing {path} at {server.url} (Ctrl-C stops)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
        click.echo("stopped")


@cli.command()
@click.option(
    "--template",
    "template_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Check the fonts of this template folder's theme too.",
)
def doctor(template_dir: Path | None) -> None:
    """Check WeasyPrint, Pango, HarfBuzz and the theme's fonts; say what to install."""
    from reportkit.doctor import check_environment, has_failures
    from reportkit.theme import TemplateSet

    checks = check_environment(TemplateSet(template_dir))
    for check in checks:
        click.echo(check.format())
    if has_failures(checks):
        click.echo("reportkit cannot render here yet: apply the fixes above", err=True)
        sys.exit(3)
    click.echo("ready to render")


@cli.command()
@click.option(
    "--out",
    "folder",
    type=click.Path(path_type=Path),
    default=Path("schemas"),
    show_default=True,
    help="Folder to write <kind>.schema.json into.",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when the files are out of date.")
@rules_option
def schema(folder: Path, check: bool, rules_file: Path | None) -> None:
    """Write the JSON Schemas editors use to complete and check report files.

    They follow the house rules: --rules FILE, else the nearest reportkit.yaml above OUT."""
    from reportkit.errors import ContentError
    from reportkit.house_rules import rules_for_folder
    from reportkit.schema import stale_schemas, write_schemas

    try:
        rules = rules_for_folder(folder, rules_file)
    except ContentError as error:
        for diagnostic in error.diagnostics:
            click.echo(diagnostic.format(), err=True)
        sys.exit(1)
    if check:
        stale = stale_schemas(folder, rules)
        for path in stale:
            click.echo(f"{path} is out of date; run: reportkit schema --out {folder}", err=True)
        sys.exit(1 if stale else 0)
    for path in write_schemas(folder, rules):
        click.echo(f"wrote {path}")


@cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", default=None, help="The report kind to import as (default: guessed).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The report file to write (default: PATH with .yaml, beside it).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing report file.")
@click.option(
    "--into",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Compare PATH, a Word file build wrote and an editor changed, with this report.",
)
@click.option("--apply", is_flag=True, help="With --into: write the changes into the report.")
def import_(
    path: Path, kind: str | None, out: Path | None, force: bool, into: Path | None, apply: bool
) -> None:
    """Turn a Word, Markdown or plain-text draft at PATH into a report file; or, with --into,
    bring an editor's changes in a Word file back into the report."""
    if apply and into is None:
        raise click.UsageError("--apply needs --into REPORT.yaml")
    if into is not None:
        from reportkit.importing.edits import compare_edits

        edits = compare_edits(into, path)
        for line in edits.lines():
            click.echo(line)
        if apply:
            click.echo(edits.apply())
        sys.exit(0)
    from reportkit.importing.command import import_file

    result = import_file(path, kind=kind, out=out, force=force)
    for line in result.lines():
        click.echo(line)
    sys.exit(1 if result.has_errors else 0)


def main() -> None:
    """Run the CLI, turning reportkit's errors into messages and exit codes."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except ReportkitError as error:
        click.echo(f"reportkit: {error}", err=True)
        sys.exit(error.exit_code)
