"""Builds that meet a hostile environment: clashing names, a damaged cache, unwritable or full
output folders, killed builds. Each test names the case of issue 12 it covers."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import BRIEF_SAMPLE

from reportkit import atomic_write as outputs
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


# Case 4: a damaged cache -----------------------------------------------------------------------

CACHE = ".reportkit-cache.json"


@pytest.mark.parametrize(
    "damage",
    [
        b'{"version": 1, "outputs": []}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"version": 1, "outputs": {"out/brief.html": {"key": 7}}}',
        b'{"version": 1, "outputs": {"out/brief.html": {"key": "k", "inputs": [1]}}}',
        b"\xff\xfe not text",
        b"null",
    ],
    ids=["outputs-a-list", "nested-too-deeply", "key-a-number", "inputs-a-list", "bytes", "null"],
)
def test_a_damaged_cache_is_ignored_with_one_warning_and_rewritten(brief, build, damage):
    report, out = brief
    out.mkdir()
    (out / CACHE).write_bytes(damage)
    result = build(report, "--out", out)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and str(out / CACHE) in warnings[0]
    assert "Traceback" not in result.output
    assert json.loads((out / CACHE).read_text(encoding="utf-8"))["version"] == 1
    again = build(report, "--out", out)
    assert "0 built, 1 up to date" in again.output and "warning" not in again.output


def test_a_folder_where_the_cache_belongs_is_left_alone_with_a_warning(brief, build):
    report, out = brief
    (out / CACHE).mkdir(parents=True)
    result = build(report, "--out", out)
    assert result.exit_code == 0, result.output
    assert result.output.count("warning:") == 1 and "is a folder" in result.output
    assert (out / "brief.html").is_file() and (out / CACHE).is_dir()


def test_a_fifo_in_place_of_the_cache_is_not_read(brief):
    report, out = brief
    out.mkdir()
    os.mkfifo(out / CACHE)
    command = [sys.executable, "-m", "reportkit", "build", "--format", "html", "--out", str(out)]
    # Reading the FIFO would block until a writer comes: none will, so the timeout would fire.
    result = subprocess.run([*command, str(report)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "1 built" in result.stdout
    assert result.stderr.count("warning:") == 1 and "not a regular file" in result.stderr
    assert json.loads((out / CACHE).read_text(encoding="utf-8"))["version"] == 1


def test_a_fifo_named_in_the_cache_is_not_read(brief):
    report, out = brief
    command = [sys.executable, "-m", "reportkit", "build", "--format", "html", "--out", str(out)]
    subprocess.run([*command, str(report)], check=True, capture_output=True, timeout=60)
    fifo = report.parent / "pipe"
    os.mkfifo(fifo)
    cache = json.loads((out / CACHE).read_text(encoding="utf-8"))
    for entry in cache["outputs"].values():
        entry["inputs"][str(fifo)] = "0" * 64
    (out / CACHE).write_text(json.dumps(cache), encoding="utf-8")
    # Reading the FIFO would block until a writer comes: none will, so the timeout would fire.
    rebuilt = subprocess.run([*command, str(report)], capture_output=True, text=True, timeout=60)
    assert rebuilt.returncode == 0 and "1 built" in rebuilt.stdout


# Case 5: outputs that cannot be written ---------------------------------------------------------


def test_out_naming_a_file_is_one_line_and_exit_3(brief, build, tmp_path):
    report, _ = brief
    somefile = tmp_path / "somefile"
    somefile.write_text("mine", encoding="utf-8")
    result = build(report, "--out", somefile)
    assert result.exit_code == 3
    assert result.output.strip().splitlines() == [
        f"reportkit: {somefile} is a file, not a folder: choose another --out"
    ]
    assert somefile.read_text(encoding="utf-8") == "mine"


def refuse_to_create_files(monkeypatch):
    """Make the output folder read-only for reportkit (chmod does not stop root)."""

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(outputs, "mkstemp", refuse)


def test_a_read_only_output_folder_is_one_line_and_exit_3(brief, build, monkeypatch):
    report, out = brief
    assert build(report, "--out", out).exit_code == 0
    before = (out / "brief.html").read_bytes()
    refuse_to_create_files(monkeypatch)
    result = build(report, "--out", out, "--force")
    assert result.exit_code == 3
    assert result.output.strip().splitlines() == [
        f"reportkit: cannot write in {out}: permission denied; "
        "make the folder writable or choose another --out"
    ]
    assert (out / "brief.html").read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders anyway")
def test_a_really_read_only_output_folder_is_exit_3(brief, build):
    report, out = brief
    out.mkdir()
    out.chmod(0o555)
    try:
        result = build(report, "--out", out)
    finally:
        out.chmod(0o755)
    assert result.exit_code == 3 and "permission denied" in result.output


def test_a_full_disk_fails_each_output_in_one_line_and_keeps_the_old_ones(
    brief, build, monkeypatch
):
    report, out = brief
    assert build(report, "--out", out, "--format", "html,docx").exit_code == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}

    def full(file, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outputs, "_write_and_sync", full)
    result = build(report, "--out", out, "--format", "html,docx", "--force")
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    for name in ("brief.html", "brief.docx", CACHE):
        lines = [line for line in result.output.splitlines() if f"{out / name}: " in line]
        assert len(lines) == 1 and "the disk is full" in lines[0], result.output
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


# Case 6: leftovers of a killed build ------------------------------------------------------------


def a_dead_process_id() -> int:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(finished.stdout)


def test_temporary_files_of_dead_builds_are_removed_by_the_next(brief, build):
    report, out = brief
    out.mkdir()
    dead = out / f".brief.html.abcd_123.{a_dead_process_id()}.tmp"
    running = out / f".brief.html.efgh_456.{os.getppid()}.tmp"  # the test runner's parent
    old_unowned = out / ".brief.html.ijkl_789.tmp"  # an earlier version's name, days old
    recent_unowned = out / ".brief.docx.mnop_012.tmp"
    for path in (dead, running, old_unowned, recent_unowned):
        path.write_bytes(b"half a file")
    two_days_ago = time.time() - 2 * 86400
    os.utime(old_unowned, (two_days_ago, two_days_ago))
    assert build(report, "--out", out).exit_code == 0
    left = sorted(path.name for path in out.iterdir() if path.suffix == ".tmp")
    assert left == sorted([running.name, recent_unowned.name])


# A build that starts two workers (by the start method in argv[1]), says who they are, then
# waits to be killed.
_PARENT = """
import multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from reportkit.building import prepare_worker

context = multiprocessing.get_context(sys.argv[1])
pool = ProcessPoolExecutor(2, context, initializer=prepare_worker, initargs=([], os.getpid()))
for future in [pool.submit(time.sleep, 0.5) for _ in range(2)]:
    future.result()
print(os.getpid(), *pool._processes, flush=True)
time.sleep(120)
"""


def is_alive(pid: int) -> bool:
    """Return whether `pid` runs (a zombie no one has reaped yet does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("start_method", ["fork", "forkserver", "spawn"])
def test_workers_exit_when_their_build_is_killed(start_method):
    command = [sys.executable, "-c", _PARENT, start_method]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as parent:
        try:
            parent_pid, *workers = map(int, parent.stdout.readline().split())
        finally:
            os.kill(parent.pid, signal.SIGKILL)
    assert parent_pid == parent.pid and len(workers) == 2
    try:
        deadline = time.monotonic() + 10
        while any(map(is_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(map(is_alive, workers))
    finally:
        for pid in filter(is_alive, workers):  # only without the fix: do not leave them behind
            os.kill(pid, signal.SIGKILL)
