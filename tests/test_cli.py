"""The CLI in-process: exit codes, output formats, `new` and `schema`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import BAD, REPORTS, ROOT, SAMPLE

from reportkit.cli import cli
from reportkit.diagnostics import CODES


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), catch_exceptions=False)


def run_main(*args):
    """Run through `main`, which maps reportkit's errors to exit codes, in a real process."""
    return subprocess.run(
        [sys.executable, "-m", "reportkit", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_valid_reports_exit_0_with_warnings_listed():
    result = run("validate", REPORTS)
    assert result.exit_code == 0
    assert "4 reports checked: 0 errors, 3 warnings" in result.output
    assert f"{SAMPLE.relative_to(ROOT)}" in result.output or str(SAMPLE) in result.output


def test_strict_fails_on_warnings():
    assert run("validate", "--strict", SAMPLE).exit_code == 1


def test_content_errors_exit_1():
    result = run("validate", BAD / "duplicate-key.yaml")
    assert result.exit_code == 1
    # The key is an excerpt of the report: isolated, so it keeps its direction in any message.
    assert "duplicate-key.yaml:6:1: headline: duplicate key `\u2068headline\u2069`" in result.output


def test_usage_errors_exit_2():
    missing = run_main("validate", "no/such/report.yaml")
    assert missing.returncode == 2 and "no/such/report.yaml does not exist" in missing.stderr
    assert run_main("validate", "--format", "xml", SAMPLE).returncode == 2
    assert run_main("new", "memo", "x.yaml").returncode == 2


def test_json_envelope():
    result = run("validate", "--format", "json", BAD / "unknown-field.yaml", SAMPLE)
    envelope = json.loads(result.output)
    assert result.exit_code == 1
    assert envelope["version"] == 1 and envelope["status"] == "failed"
    assert envelope["summary"] == {"files": 2, "errors": 2, "warnings": 3}
    first = envelope["diagnostics"][0]
    assert first == {
        "code": "RK101",
        "name": "missing-field",
        "severity": "error",
        "file": str(BAD / "unknown-field.yaml"),
        "line": 1,
        "column": 1,
        "path": "",
        "message": "missing required field `headline`",
    }
    assert envelope["files"][1] == {"file": str(SAMPLE), "valid": True, "kind": "analysis"}


def test_github_annotations():
    result = run("validate", "--format", "github", BAD / "dangling-citation.yaml")
    line = result.output.splitlines()[0]
    assert line.startswith(
        f"::error file={BAD / 'dangling-citation.yaml'},line=7,col=5,"
        "title=RK111 undefined-source::body[0]: no source has id `\u2068reuters\u2069`"
    )


def test_sarif_log():
    log = json.loads(run("validate", "--format", "sarif", BAD / "bad-date.yaml").output)
    run_ = log["runs"][0]
    assert log["version"] == "2.1.0"
    assert [rule["id"] for rule in run_["tool"]["driver"]["rules"]] == list(CODES)
    [finding] = run_["results"]
    assert finding["ruleId"] == "RK103" and finding["level"] == "error"
    assert finding["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 4,
        "startColumn": 1,
    }


def test_many_files_in_worker_processes_give_the_same_result(tmp_path):
    for index in range(3):
        (tmp_path / f"r{index}.yaml").write_bytes(SAMPLE.read_bytes())
    (tmp_path / "bad.yaml").write_bytes((BAD / "bad-date.yaml").read_bytes())
    serial = run("validate", "--format", "json", tmp_path)
    parallel = run("validate", "--format", "json", "--jobs", "2", tmp_path)
    assert serial.output == parallel.output and parallel.exit_code == 1


def test_new_writes_a_valid_skeleton_pointing_at_the_schema(tmp_path):
    target = tmp_path / "reports" / "draft.yaml"
    result = run("new", "analysis", target, "--schemas", tmp_path / "schemas")
    assert result.exit_code == 0
    first_line = target.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schemas/analysis.schema.json"
    assert run("validate", "--strict", target).exit_code == 0
    assert run_main("new", "analysis", target).returncode == 2  # refuses to overwrite


def test_new_says_how_to_make_the_schema_line_resolve(tmp_path, monkeypatch):
    """Outside the repository the `$schema` line names a file that is not there: say so."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["new", "brief", "draft.yaml"])
    assert result.exit_code == 0
    assert "# yaml-language-server: $schema=schemas/brief.schema.json" in Path(
        "draft.yaml"
    ).read_text(encoding="utf-8")
    assert "`reportkit schema --out schemas`" in result.output
    assert CliRunner().invoke(cli, ["schema"]).exit_code == 0
    result = CliRunner().invoke(cli, ["new", "brief", "second.yaml"])
    assert "reportkit schema" not in result.output


def test_schema_check_detects_stale_files(tmp_path):
    assert run("schema", "--check", "--out", ROOT / "schemas").exit_code == 0
    assert run("schema", "--check", "--out", tmp_path).exit_code == 1
    assert run("schema", "--out", tmp_path).exit_code == 0
    (tmp_path / "brief.schema.json").write_text("{}", encoding="utf-8")
    assert run("schema", "--check", "--out", tmp_path).exit_code == 1


def test_validate_does_not_import_renderers():
    code = (
        "import sys; from reportkit.cli import main; sys.argv=['reportkit','validate','reports'];"
        "\ntry: main()\nexcept SystemExit: pass\n"
        "print(any(m.startswith(('weasyprint','docx')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip().splitlines()[-1] == "False"
