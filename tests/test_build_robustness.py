"""Builds that meet a hostile environment: clashing names, a damaged cache, unwritable or full
output folders, killed builds. Each test names the case of issue 12 it covers."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass

import pytest
from conftest import BRIEF_SAMPLE

from reportkit.cli import main


@dataclass
class Run:
    exit_code: int
    output: str  # standard output and standard error together


@pytest.fixture
def build(capsys, monkeypatch):
    """Run `reportkit build --format html --jobs 1 ARGS` in-process through `main`."""

    def run(*args) -> Run:
        argv = ["reportkit", "build", "--format", "html", "--jobs", "1", *map(str, args)]
        monkeypatch.setattr(sys, "argv", argv)
        try:
            main()
            code = 0
        except SystemExit as done:
            code = int(done.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out + captured.err)

    return run


@pytest.fixture
def brief(tmp_path):
    """A valid brief in a folder of its own, and an output folder."""
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(BRIEF_SAMPLE, folder / "brief.yaml")
    return folder / "brief.yaml", tmp_path / "out"


# Case 3: two reports with the same file name -------------------------------------------------


def test_reports_with_the_same_name_are_refused_before_building(tmp_path, brief, build):
    report, out = brief
    other = tmp_path / "elsewhere" / "brief.yaml"
    other.parent.mkdir()
    shutil.copy(report, other)
    result = build(report, other, "--out", out)
    assert result.exit_code == 2
    assert "would overwrite each other's outputs" in result.output
    assert str(report) in result.output and str(other) in result.output
    assert not out.exists()


def test_the_same_report_named_twice_is_not_a_clash(brief, build):
    report, out = brief
    twice = report.parent / ".." / report.parent.name / report.name
    result = build(report, twice, "--out", out)
    assert result.exit_code == 0, result.output
    assert (out / "brief.html").is_file()
