"""House rules (reportkit.yaml): found next to the reports, applied by validate, schema and
build, and checked themselves with their own lines."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from conftest import REPORTS

from reportkit.building import build_reports
from reportkit.cli import cli
from reportkit.house_rules import RULES_FILE, find_rules_file, rules_for_folder
from reportkit.i18n import without_isolates
from reportkit.loader import check_report
from reportkit.schema import build_schema


@pytest.fixture
def project(tmp_path, skeleton):
    """A project folder: reports/ with the skeleton analysis; rules go in the project folder."""
    (tmp_path / ".git").mkdir()  # the project's root: the search for rules stops here
    reports = tmp_path / "reports"
    reports.mkdir()
    report = reports / "piece.yaml"
    report.write_text(skeleton("analysis"), encoding="utf-8")
    return tmp_path


def write_rules(project: Path, text: str) -> Path:
    path = project / RULES_FILE
    path.write_text(text, encoding="utf-8")
    return path


def without_section(text: str, kind: str) -> str:
    """Return the skeleton's text without its section of `kind`."""
    return re.sub(rf"\n  - kind: {kind} .*?(?=\n  - kind: |\nsources:)", "", text, flags=re.S)


def diagnostics(report: Path, **options) -> list[tuple[str, int, str]]:
    result = check_report(report, display_name=report.name, **options)
    return [(d.code, d.line, without_isolates(d.message)) for d in result.diagnostics]


def line_of(report: Path, text: str) -> int:
    lines = report.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(text))


# ------------------------------------------------------------------ defaults and the file


def test_the_sample_reports_validate_cleanly_without_a_rules_file():
    assert find_rules_file(REPORTS) is None
    for path in sorted(REPORTS.glob("*.yaml")):
        codes = {code for code, _, _ in diagnostics(path)}
        assert not codes & {"RK101", "RK103", "RK110", "RK204"}, path


def test_a_missing_limits_section_is_advice_by_default(project):
    report = project / "reports" / "piece.yaml"
    report.write_text(without_section(report.read_text(encoding="utf-8"), "limits"), "utf-8")
    result = check_report(report)
    assert result.report is not None
    assert [(d.code, d.is_error) for d in result.diagnostics] == [("RK204", False)]


def test_rules_requiring_limits_make_its_absence_an_error_at_the_reports_line(project):
    report = project / "reports" / "piece.yaml"
    report.write_text(without_section(report.read_text(encoding="utf-8"), "limits"), "utf-8")
    write_rules(project, "analysis:\n  sections:\n    limits: required\n")
    assert diagnostics(report) == [
        (
            "RK110",
            line_of(report, "sections:"),
            "an analysis needs at least one `limits` section (house rules: reportkit.yaml)",
        )
    ]


def test_rules_making_drivers_optional_let_a_piece_without_it_validate_silently(project):
    report = project / "reports" / "piece.yaml"
    report.write_text(without_section(report.read_text(encoding="utf-8"), "drivers"), "utf-8")
    assert [code for code, _, _ in diagnostics(report)] == ["RK204"]
    write_rules(project, "analysis:\n  sections:\n    drivers: optional\n")
    assert diagnostics(report) == []


def test_a_rules_file_in_a_parent_folder_applies_but_not_one_beyond_the_project(project):
    report = project / "reports" / "piece.yaml"
    report.write_text(without_section(report.read_text(encoding="utf-8"), "limits"), "utf-8")
    (project.parent / RULES_FILE).write_text("analysis:\n  sections: {limits: optional}\n")
    try:
        assert [code for code, _, _ in diagnostics(report)] == ["RK204"]
        write_rules(project, "analysis:\n  sections: {limits: optional}\n")
        assert diagnostics(report) == []
    finally:
        (project.parent / RULES_FILE).unlink()


def test_required_metadata_missing_is_located(project):
    report = project / "reports" / "piece.yaml"
    write_rules(project, "analysis:\n  fields:\n    summary: required\n")
    assert diagnostics(report) == [
        ("RK101", 1, "missing required field `summary` (house rules: reportkit.yaml)")
    ]
    text = report.read_text(encoding="utf-8").replace("topic:", "summary: ملخص.\ntopic:")
    report.write_text(text, encoding="utf-8")
    assert diagnostics(report) == []


def test_authors_are_required_by_default_and_rules_can_relax_them(project):
    report = project / "reports" / "piece.yaml"
    text = re.sub(r"authors:\n(  .*\n)+", "", report.read_text(encoding="utf-8"))
    report.write_text(text, encoding="utf-8")
    assert [code for code, _, _ in diagnostics(report)] == ["RK101"]
    write_rules(project, "analysis:\n  fields: {authors: optional}\n")
    assert diagnostics(report) == []


def test_a_perspective_count_limit(project):
    report = project / "reports" / "piece.yaml"
    write_rules(project, "analysis:\n  perspectives: {min: 3}\n")
    line = line_of(report, "    perspectives:")
    assert diagnostics(report) == [
        ("RK103", line, "needs at least 3 item(s), found 2 (house rules: reportkit.yaml)")
    ]
    write_rules(project, "analysis:\n  perspectives: {min: 1, max: 1}\n")
    assert diagnostics(report) == [
        ("RK103", line, "must have at most 1 item(s) (found 2) (house rules: reportkit.yaml)")
    ]


def test_a_single_perspective_is_allowed_when_the_rules_say_so(project):
    report = project / "reports" / "piece.yaml"
    text = report.read_text(encoding="utf-8")
    text = re.sub(r"      - actor: الفاعل الثاني.*?(?=    synthesis:)", "", text, flags=re.S)
    report.write_text(text, encoding="utf-8")
    assert [code for code, _, _ in diagnostics(report)] == ["RK103"]
    write_rules(project, "analysis:\n  perspectives: {min: 1}\n")
    assert diagnostics(report) == []


def test_paragraph_length_limit_changes_rk203(project):
    report = project / "reports" / "piece.yaml"
    assert diagnostics(report) == []
    write_rules(project, "analysis:\n  paragraph_words: 3\n")
    long = [(line, message) for code, line, message in diagnostics(report) if code == "RK203"]
    assert long[0] == (
        line_of(report, "        فقرة تمهيدية"),
        "paragraph has 5 words (more than 3); consider splitting it",
    )


def test_rules_given_on_the_command_line_win(project, tmp_path_factory):
    report = project / "reports" / "piece.yaml"
    elsewhere = tmp_path_factory.mktemp("rules") / "strict.yaml"
    elsewhere.write_text("analysis:\n  fields: {summary: required}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(report), "--rules", str(elsewhere)])
    assert result.exit_code == 1
    assert "missing required field `summary` (house rules: strict.yaml) [RK101]" in result.output


# ------------------------------------------------------------------ the file's own errors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "analysis:\n  sections:\n    limits: mandatory\n",
            (3, "RK103", "must be one of `required`, `recommended`, `optional`"),
        ),
        ("analysis:\n  paragraph-words: 300\n", (2, "RK102", "unknown field `paragraph-words`")),
        (
            "analysis:\n  sections:\n    limts: required\n",
            (2, "RK103", "unknown section kind `limts`; use one of `context`"),
        ),
        (
            "analysis:\n  fields:\n    title: optional\n",
            (2, "RK103", "`title` is always required in `analysis`"),
        ),
        (
            "brief:\n  labels:\n    ar:\n      source: مراجع\n",
            (2, "RK103", "unknown label `source`; use one of `contents`"),
        ),
        ("analysis:\n  sections: [limits\n", (3, "RK002", "")),
    ],
    ids=["bad-level", "unknown-key", "unknown-section", "always-required", "label", "yaml"],
)
def test_a_bad_rules_file_is_reported_at_its_own_line(project, text, expected):
    rules = write_rules(project, text)
    result = check_report(project / "reports" / "piece.yaml")
    assert result.report is None
    first = result.diagnostics[0]
    line, code, message = expected
    assert (Path(first.file).resolve(), first.line, first.code) == (rules.resolve(), line, code)
    assert without_isolates(first.message).startswith(message)


def test_cli_reports_the_rules_file_error_once_for_all_its_reports(project, monkeypatch):
    reports = project / "reports"
    shutil.copy(reports / "piece.yaml", reports / "another.yaml")
    write_rules(project, "analysis:\n  colour: red\n")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["validate", "reports"])
    assert result.exit_code == 1
    output = without_isolates(result.output)
    assert output.count(f"{RULES_FILE}:2:3: analysis.colour: unknown field `colour`") == 1


# ------------------------------------------------------------------ JSON Schemas


def test_schema_follows_the_rules(project):
    write_rules(
        project,
        "analysis:\n  sections: {limits: required}\n  fields: {summary: required}\n"
        "  perspectives: {min: 3, max: 4}\n",
    )
    schema = build_schema("analysis", rules_for_folder(project / "schemas"))
    data = yaml.safe_load((project / "reports" / "piece.yaml").read_text(encoding="utf-8"))
    data["date"] = str(data["date"])
    with pytest.raises(jsonschema.ValidationError, match="'summary' is a required property"):
        jsonschema.validate(data, schema)
    data["summary"] = "ملخص."
    data["sections"] = [s for s in data["sections"] if s["kind"] != "limits"]
    with pytest.raises(jsonschema.ValidationError, match="does not contain"):
        jsonschema.validate(data, schema)
    assert schema["$defs"]["Drivers"]["properties"]["perspectives"]["maxItems"] == 4


def test_schema_command_uses_the_projects_rules_and_check_keeps_the_defaults(project):
    write_rules(project, "analysis:\n  fields: {summary: required}\n")
    runner = CliRunner()
    out = project / "schemas"
    assert runner.invoke(cli, ["schema", "--out", str(out)]).exit_code == 0
    assert "summary" in yaml.safe_load((out / "analysis.schema.json").read_text())["required"]
    assert runner.invoke(cli, ["schema", "--check", "--out", str(out)]).exit_code == 0
    packaged = Path(__file__).resolve().parent.parent / "schemas"
    assert runner.invoke(cli, ["schema", "--check", "--out", str(packaged)]).exit_code == 0


# ------------------------------------------------------------------ building


def test_build_rebuilds_when_the_rules_file_changes_or_appears(project):
    reports, out = project / "reports", project / "output"

    def statuses():
        return [o.status for o in build_reports([reports], "docx", out, None, jobs=1)]

    assert statuses() == ["built"]
    assert statuses() == ["up to date"]
    write_rules(project, "analysis:\n  labels: {ar: {sources: المراجع}}\n")
    assert statuses() == ["built"]
    assert statuses() == ["up to date"]
    write_rules(project, "analysis:\n  labels: {ar: {sources: مراجع}}\n")
    assert statuses() == ["built"]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_a_label_override_shows_in_the_pdf_and_the_docx(project):
    write_rules(
        project,
        "analysis:\n  labels:\n    ar:\n      sources: المراجع\n      perspective: رؤية {actor}\n",
    )
    out = project / "output"
    outcomes = build_reports([project / "reports"], "pdf,docx", out, None, jobs=1)
    assert [o.status for o in outcomes] == ["built", "built"]
    pdf_text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out / "piece.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    with zipfile.ZipFile(out / "piece.docx") as package:
        docx_xml = package.read("word/document.xml").decode("utf-8")
    for text in (pdf_text, docx_xml):
        assert "المراجع" in text
        assert "المصادر" not in text
        assert "رؤية" in text


def test_a_rules_file_with_every_rule_commented_out_means_the_defaults(project):
    write_rules(project, "# analysis:\n#   sections: {limits: required}\n\n")
    assert diagnostics(project / "reports" / "piece.yaml") == []


def test_the_commented_example_rules_file_is_valid():
    example = Path(__file__).resolve().parent.parent / "examples" / "house-rules" / RULES_FILE
    rules = rules_for_folder(example.parent)
    assert rules.path == example.resolve()
    assert rules.section_levels("analysis")["limits"] == "required"
    assert rules.labels("analysis", "ar")["sources"] == "المراجع"
