"""Batch builds: only what changed is rebuilt, failures do not stop the others, outputs are safe.

Uses the HTML format (the fastest renderer); the cache logic is the same for every format.
"""

from __future__ import annotations

import gc
import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import BAD, BRIEF_SAMPLE, write_png

from reportkit import cache as cache_module
from reportkit.building import build_reports
from reportkit.cli import cli
from reportkit.i18n import without_isolates


@pytest.fixture
def project(tmp_path):
    """A report folder with one brief that uses an image, and an output folder."""
    reports = tmp_path / "reports"
    reports.mkdir()
    write_png(reports / "photo.png")
    text = BRIEF_SAMPLE.read_text(encoding="utf-8").replace(
        "date: 2025-11-05\n", "date: 2025-11-05\nimage:\n  file: photo.png\n  caption: صورة\n", 1
    )
    (reports / "brief.yaml").write_text(text, encoding="utf-8")
    return reports, tmp_path / "out"


def statuses(reports, out, **options):
    return [o.status for o in build_reports([reports], "html", out, None, jobs=1, **options)]


def test_second_build_is_up_to_date_and_force_rebuilds(project):
    reports, out = project
    assert statuses(reports, out) == ["built"]
    assert statuses(reports, out) == ["up to date"]
    assert statuses(reports, out, force=True) == ["built"]


@pytest.mark.parametrize("change", ["report", "image", "output deleted", "output edited"])
def test_each_dependency_change_rebuilds(project, change):
    reports, out = project
    statuses(reports, out)
    if change == "report":
        path = reports / "brief.yaml"
        path.write_text(
            path.read_text(encoding="utf-8").replace("سياسة دولية", "اقتصاد"), encoding="utf-8"
        )
    elif change == "image":
        write_png(reports / "photo.png", rgb=(0, 90, 200))
    elif change == "output deleted":
        (out / "brief.html").unlink()
    else:
        (out / "brief.html").write_bytes(b"<p>edited</p>")
    assert statuses(reports, out) == ["built"]
    assert statuses(reports, out) == ["up to date"]


def test_template_change_and_template_option_rebuild(project, tmp_path):
    reports, out = project
    statuses(reports, out)
    templates = tmp_path / "brand"
    templates.mkdir()
    (templates / "theme.yaml").write_text("colors:\n  accent: '#004488'\n", encoding="utf-8")
    assert [o.status for o in build_reports([reports], "html", out, templates, jobs=1)] == ["built"]
    (templates / "theme.yaml").write_text("colors:\n  accent: '#884400'\n", encoding="utf-8")
    assert [o.status for o in build_reports([reports], "html", out, templates, jobs=1)] == ["built"]
    assert [o.status for o in build_reports([reports], "html", out, templates, jobs=1)] == [
        "up to date"
    ]


def test_library_upgrade_rebuilds(project, monkeypatch):
    reports, out = project
    statuses(reports, out)
    real = cache_module.metadata.version
    monkeypatch.setattr(
        cache_module.metadata,
        "version",
        lambda name: "99.0" if name == "weasyprint" else real(name),
    )
    assert statuses(reports, out) == ["built"]


def test_a_failing_report_does_not_stop_the_others(project):
    reports, out = project
    (reports / "broken.yaml").write_bytes((BAD / "duplicate-key.yaml").read_bytes())
    outcomes = {o.report_path.name: o for o in build_reports([reports], "html", out, None, jobs=2)}
    assert outcomes["brief.yaml"].status == "built"
    assert outcomes["broken.yaml"].status == "failed"
    assert [without_isolates(e) for e in outcomes["broken.yaml"].errors] == [
        f"{reports / 'broken.yaml'}:6:1: headline: duplicate key `headline` (first defined on "
        "line 3); keep one [RK003]"
    ]
    assert not (out / "broken.html").exists()


def test_cli_exit_code_and_json_summary(project):
    reports, out = project
    (reports / "broken.yaml").write_bytes((BAD / "bad-date.yaml").read_bytes())
    result = CliRunner().invoke(
        cli, ["build", str(reports), "--format", "html", "--out", str(out), "--json", "--jobs", "1"]
    )
    assert result.exit_code == 1
    summary = json.loads(result.output)
    assert summary["status"] == "failed"
    assert sorted((o["output"], o["status"]) for o in summary["outputs"]) == [
        ("brief.html", "built"),
        ("broken.html", "failed"),
    ]


def test_plain_output_lists_each_output_and_a_total(project):
    reports, out = project
    result = CliRunner().invoke(cli, ["build", str(reports), "--format", "html", "--out", str(out)])
    assert result.exit_code == 0
    assert "built" in result.output and "brief.html" in result.output
    assert result.output.strip().endswith("1 built, 0 up to date, 0 failed")


def test_docx_template_option_uses_the_reference_styles_and_invalidates_the_cache(
    project, tmp_path
):
    import io
    import zipfile

    import docx

    reports, out = project
    first = CliRunner().invoke(cli, ["build", str(reports), "--format", "docx", "--out", str(out)])
    assert first.exit_code == 0, first.output
    reference = docx.Document(io.BytesIO((out / "brief.docx").read_bytes()))
    reference.styles["Title"].font.name = "Noto Sans"  # a visible change an organization makes
    reference_path = tmp_path / "org-reference.docx"
    reference.save(reference_path)
    result = CliRunner().invoke(
        cli,
        [
            "build",
            str(reports),
            "--format",
            "docx",
            "--out",
            str(out),
            "--docx-template",
            str(reference_path),
        ],
    )
    assert result.exit_code == 0 and "1 built" in result.output
    styles = zipfile.ZipFile(out / "brief.docx").read("word/styles.xml").decode()
    title = styles[styles.index('w:styleId="Title"') :]
    assert 'w:ascii="Noto Sans"' in title[: title.index("</w:style>")]
    missing = subprocess.run(
        [
            sys.executable,
            "-m",
            "reportkit",
            "build",
            str(reports),
            "--format",
            "docx",
            "--out",
            str(out),
            "--docx-template",
            str(tmp_path / "no.docx"),
        ],
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2
    assert f"Word reference document {tmp_path / 'no.docx'} does not exist" in missing.stderr


# WeasyPrint 70 leaves its sRGB profile file open when writing pdf/a (its bug, not ours).
@pytest.mark.filterwarnings(
    "ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"
)
def test_pdf_variant_option_writes_an_archival_pdf(project):
    from pypdf import PdfReader

    reports, out = project
    args = ["build", str(reports), "--format", "pdf", "--out", str(out)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    tagged = PdfReader(out / "brief.pdf")
    assert "/StructTreeRoot" in tagged.trailer["/Root"]
    result = CliRunner().invoke(cli, [*args, "--pdf-variant", "pdf/a-3b"])
    assert result.exit_code == 0 and "1 built" in result.output  # the option is part of the key
    archival = PdfReader(out / "brief.pdf")
    assert "/OutputIntents" in archival.trailer["/Root"]
    assert b"pdfaid:part" in archival.trailer["/Root"]["/Metadata"].get_object().get_data()
    gc.collect()  # close WeasyPrint's leaked file here, where its warning is filtered


def test_terminal_display_shows_running_tasks_and_a_closing_table(project):
    import io

    from rich.console import Console

    from reportkit.building import BuildRequest, OutputOutcome
    from reportkit.progress import RichDisplay

    reports, out = project
    display = RichDisplay(Console(file=io.StringIO(), width=120, force_terminal=True))
    report = reports / "brief.yaml"
    with display:
        display.start(BuildRequest(report, ("pdf", "docx"), out, None))
        assert sorted(t.description for t in display.progress.tasks) == [
            "all outputs",
            "brief.docx",
            "brief.pdf",
        ]
        outcomes = [
            OutputOutcome(report, "pdf", "built", 0.5, pages=3),
            OutputOutcome(report, "docx", "failed", 0.1, errors=["brief.yaml:3:1: boom"]),
        ]
        for outcome in outcomes:
            display.add(outcome)
        assert [t.description for t in display.progress.tasks] == ["all outputs"]
    display.finish(outcomes)
    shown = display.console.file.getvalue()
    for expected in (
        "report",
        "formats",
        "pages",
        "seconds",
        "status",
        "pdf, docx",
        "failed",
        "brief.yaml:3:1: boom",
        "1 built, 0 up to date, 1 failed",
    ):
        assert expected in shown


def test_a_render_error_that_names_its_line_is_prefixed_once(tmp_path):
    from reportkit.building import _render_one
    from reportkit.errors import RenderError

    report = tmp_path / "x.yaml"

    class Job:
        report_path = report

    def render(job, fmt):
        raise RenderError(f"{report}:7:3: image.file: the SVG has a DOCTYPE")

    def render_unlocated(job, fmt):
        raise RenderError("a font is missing")

    located = _render_one(Job(), "docx", tmp_path, {}, render)
    unlocated = _render_one(Job(), "docx", tmp_path, {}, render_unlocated)
    assert located.errors == [f"{report}:7:3: image.file: the SVG has a DOCTYPE"]
    assert unlocated.errors == [f"{report}: a font is missing"]


def test_the_json_summary_gives_a_pdfs_page_count(tmp_path):
    """The page count comes from the layout: the PDF's page objects sit in compressed object
    streams, where no search of its bytes finds them."""
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", str(BRIEF_SAMPLE), "--format", "pdf,html", "--out", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    pages = {o["output"]: o["pages"] for o in json.loads(result.output)["outputs"]}
    info = subprocess.run(
        ["pdfinfo", str(out / "belavia-sanctions-brief.pdf")], capture_output=True, text=True
    ).stdout
    assert pages["belavia-sanctions-brief.pdf"] == int(re.search(r"Pages:\s+(\d+)", info)[1])
    assert pages["belavia-sanctions-brief.html"] is None
