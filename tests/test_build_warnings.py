"""Warnings from the renderers: shown by `build` with the report's line, carried by `--json`,
failing the build under `--strict`, and never hidden behind "up to date".

The PDF cases build a small report in a temporary folder through the CLI, the way a user
meets them; the plumbing is tested with the HTML format (the fastest renderer).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import BRIEF_SAMPLE, ROOT

from reportkit.cli import cli
from reportkit.i18n import without_isolates
from reportkit.render import RenderWarning, render, warn
from reportkit.source import read_source

LONG_WORD = ("abcdefghij" * 6)[:58]  # under RK217's 61 letters: no break opportunity added


def brief(folder, body_paragraph: str | None = None, source_title: str | None = None):
    """Write the sample brief into `folder`, with a first body paragraph and the first
    source's title replaced when given; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    text = BRIEF_SAMPLE.read_text(encoding="utf-8")
    if body_paragraph:
        text = text.replace("\nbody:\n", f"\nbody:\n  - {body_paragraph}\n", 1)
    if source_title:
        old = "    title: إعلان تخفيف العقوبات عن شركة Belavia والطائرة الرئاسية\n"
        assert old in text
        text = text.replace(old, f"    title: {source_title}\n", 1)
    path = folder / "brief.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def template(folder, extra_css: str):
    """Write a template folder whose print.css is the built-in one plus `extra_css`."""
    folder.mkdir(parents=True, exist_ok=True)
    default = (ROOT / "src/reportkit/templates/default/print.css").read_text(encoding="utf-8")
    (folder / "print.css").write_text(default + "\n" + extra_css + "\n", encoding="utf-8")
    return folder


def build(*args: str):
    """Run `reportkit build` in this process (one worker); return the click result."""
    return CliRunner().invoke(cli, ["build", *args, "--jobs", "1"])


def json_warnings(result) -> list[dict]:
    summary = json.loads(result.stdout)
    return [warning for output in summary["outputs"] for warning in output["warnings"]]


# ------------------------------------------------------------------------------ plumbing


@pytest.fixture
def warning_html(monkeypatch):
    """Make the HTML renderer report one warning on the first body paragraph."""
    import reportkit.render.html as html

    original = html.render_standalone_html

    def render_with_a_warning(job):
        warn("RK303", "a line runs past its column", ("body", 0))
        return original(job)

    monkeypatch.setattr(html, "render_standalone_html", render_with_a_warning)


def test_a_warning_names_the_line_of_its_field_and_is_shown_again_next_build(
    tmp_path, warning_html
):
    path = brief(tmp_path / "reports")
    line, column = read_source(path).position_of(("body", 0))
    expected = f"warning: {path}:{line}:{column}: body[0]: a line runs past its column [RK303]"
    for _ in range(2):  # an output built with warnings is not cached as up to date
        result = build(str(path), "--format", "html", "--out", str(tmp_path / "out"))
        assert result.exit_code == 0, result.output
        assert expected in result.stderr.splitlines()
        assert result.stdout.strip().endswith("1 built, 0 up to date, 0 failed, 1 warning")


def test_strict_fails_the_build_on_a_warning_and_json_carries_it(tmp_path, warning_html):
    path = brief(tmp_path / "reports")
    line, column = read_source(path).position_of(("body", 0))
    out = str(tmp_path / "out")
    result = build(str(path), "--format", "html", "--out", out, "--json", "--strict")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert (summary["status"], summary["strict"]) == ("failed", True)
    assert summary["outputs"][0]["status"] == "built"  # written all the same
    assert json_warnings(result) == [
        {
            "code": "RK303",
            "name": "line-overflow",
            "severity": "warning",
            "file": str(path),
            "line": line,
            "column": column,
            "path": "body[0]",
            "message": "a line runs past its column",
        }
    ]
    assert build(str(path), "--format", "html", "--out", out, "--json").exit_code == 0


def test_a_warning_outside_a_build_goes_to_the_log(caplog):
    warn("RK302", "footnote 3 moved")
    assert "footnote 3 moved [RK302]" in caplog.text


def test_render_returns_each_warning_once(monkeypatch, tmp_path):
    import reportkit.render.html as html
    from reportkit.loader import load_report
    from reportkit.render import RenderJob
    from reportkit.theme import TemplateSet

    def twice(job):
        warn("RK301", "same")
        warn("RK301", "same")
        return b"x"

    monkeypatch.setattr(html, "render_standalone_html", twice)
    path = brief(tmp_path)
    rendered = render(RenderJob(load_report(path), path, TemplateSet()), "html")
    assert (rendered.data, rendered.warnings) == (b"x", (RenderWarning("RK301", "same"),))


# ------------------------------------------------------------------------ PDF warnings


def test_css_weasyprint_ignores_is_a_warning_in_every_build(tmp_path):
    path = brief(tmp_path / "reports")
    theme = template(tmp_path / "theme", "h1 { text-wrap: balance; }")
    args = [str(path), "--format", "pdf", "--out", str(tmp_path / "out"), "--template", str(theme)]
    for _ in range(2):  # the stylesheet is parsed once per process; its warning stays
        result = build(*args, "--json", "--force")
        [warning] = json_warnings(result)
        assert warning["code"] == "RK301" and warning["file"] == str(path)
        message = without_isolates(warning["message"])
        assert message.startswith("the PDF's typesetter (WeasyPrint) reports: Ignored `text-wrap")
        assert message.endswith(
            "unknown property. (in the template's CSS: `h1 { text-wrap: balance; }`)"
        )


def test_a_footnote_that_cannot_stay_on_its_calls_page_is_a_warning(tmp_path):
    title = " ".join(["عنوان طويل جدا للمصدر"] * 150)  # a note longer than what is left
    path = brief(tmp_path / "reports", source_title=title)
    result = build(str(path), "--format", "pdf", "--out", str(tmp_path / "out"), "--json")
    assert result.exit_code == 0
    messages = [w["message"] for w in json_warnings(result) if w["code"] == "RK302"]
    assert messages and messages[0].startswith(
        "footnote 1 is called on page 1 but its text is on page 2"
    )


def test_a_line_wider_than_its_column_is_a_warning_on_its_paragraph(tmp_path):
    path = brief(tmp_path / "reports", body_paragraph=f"كلمة {LONG_WORD} هنا.")
    # A custom template with large type that does not break long words.
    theme = template(tmp_path / "theme", "p { overflow-wrap: normal; font-size: 24pt; }")
    args = [str(path), "--format", "pdf", "--out", str(tmp_path / "out"), "--template", str(theme)]
    result = build(*args)
    assert result.exit_code == 0
    line, column = read_source(path).position_of(("body", 0))
    [warning] = [w for w in result.stderr.splitlines() if "[RK303]" in w]
    assert without_isolates(warning).startswith(
        f"warning: {path}:{line}:{column}: body[0]: a line on page 1 runs "
    )
    assert f"`{LONG_WORD[:40]}…` does not fit" in without_isolates(warning)
    assert build(*args, "--strict").exit_code == 1


def test_a_fix_whose_weasyprint_code_changed_turns_off_and_every_pdf_build_says_so(tmp_path):
    """In a fresh process (the fixes are installed once a process), WeasyPrint's
    `_linebox_layout` is wrapped, so the footnote fix no longer finds the code it edits."""
    path = brief(tmp_path / "reports")
    script = "\n".join(
        [
            "import functools, sys",
            "import weasyprint.layout.block as block",
            "original = block._linebox_layout",
            "block._linebox_layout = functools.wraps(original)(",
            "    lambda *args, **kwargs: original(*args, **kwargs))",
            "from reportkit.cli import main",
            "sys.argv[0] = 'reportkit'",
            "main()",
        ]
    )
    command = [sys.executable, "-c", script, "build", str(path), "--format", "pdf"]
    command += ["--out", str(tmp_path / "out"), "--strict"]
    environment = {**os.environ, "REPORTKIT_LANG": "en"}
    done = subprocess.run(command, capture_output=True, text=True, env=environment)
    assert done.returncode == 1, done.stderr
    [warning] = [without_isolates(line) for line in done.stderr.splitlines() if "[RK304]" in line]
    assert warning.startswith(f"warning: {path}: a correction reportkit makes to WeasyPrint")
    assert "footnotes" in warning and "is off" in warning  # which fix, whatever the reason
    assert "1 built, 0 up to date, 0 failed, 1 warning" in done.stdout


def test_a_fix_whose_check_raises_is_off_with_the_error_as_reason():
    from reportkit.render.weasyprint_fixes import _apply

    def check_that_fails():
        raise AttributeError("module 'weasyprint.draw' has no attribute 'draw_text'")

    assert _apply(check_that_fails) == (
        "AttributeError: module 'weasyprint.draw' has no attribute 'draw_text'"
    )
    assert _apply(lambda: True) is None


def test_fixes_off_for_one_reason_are_one_warning(monkeypatch):
    from reportkit.render import weasyprint_fixes

    reasons = {"footnotes": "WeasyPrint 71.0 is not 70.x", "leaders": "WeasyPrint 71.0 is not 70.x"}
    monkeypatch.setattr(weasyprint_fixes, "_switched_off", {**reasons, "rtl_lines": "changed"})
    assert weasyprint_fixes.warnings() == [
        "WeasyPrint fixes `footnotes`, `leaders` are off: WeasyPrint 71.0 is not 70.x",
        "WeasyPrint fix `rtl_lines` is off: changed",
    ]


def test_the_terminal_display_lists_warnings_after_its_table(tmp_path):
    import io

    from rich.console import Console

    from reportkit.building import OutputOutcome
    from reportkit.diagnostics import Diagnostic
    from reportkit.progress import RichDisplay

    display = RichDisplay(Console(file=io.StringIO(), width=200), strict=True)
    footnote = Diagnostic("RK302", "footnote 2 moved", "r.yaml")
    overflow = Diagnostic("RK303", "a line runs past", "r.yaml", 7, 5, "body[0]")
    outcomes = [
        OutputOutcome(tmp_path / "r.yaml", "pdf", "built", 0.5, warnings=[footnote, overflow]),
        OutputOutcome(tmp_path / "r.yaml", "docx", "built", 0.1, warnings=[footnote]),
    ]
    display.finish(outcomes)
    shown = display.console.file.getvalue().splitlines()
    assert shown[-3:] == [
        "warning: r.yaml: footnote 2 moved [RK302]",
        "warning: r.yaml:7:5: body[0]: a line runs past [RK303]",
        "2 built, 0 up to date, 0 failed, 2 warnings (--strict: the build fails)",
    ]
