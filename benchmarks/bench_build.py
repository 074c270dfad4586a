"""Benchmark the editorial workflow: a batch of 100 reports to PDF and DOCX, a no-change
rebuild, and the time from saving a report to its new PDF under `watch`.

Prints figures; asserts nothing. `.venv/bin/python benchmarks/bench_build.py [--reports N]`.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "reports").glob("*.yaml"))
REPORTKIT = str(Path(sys.executable).with_name("reportkit"))


def make_reports(folder: Path, count: int) -> None:
    """Copies of the samples, each a little different so none is a byte-for-byte duplicate."""
    folder.mkdir(parents=True)
    for index in range(count):
        sample = SAMPLES[index % len(SAMPLES)]
        text = sample.read_text(encoding="utf-8")
        text = text.replace("date: 2025-11-", f"date: 2025-{1 + index % 12:02d}-", 1)
        (folder / f"{sample.stem}-{index:03d}.yaml").write_text(text, encoding="utf-8")


def timed_build(reports: Path, out: Path, *extra: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            REPORTKIT,
            "build",
            str(reports),
            "--format",
            "pdf,docx",
            "--out",
            str(out),
            "--quiet",
            *extra,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def watch_latency(folder: Path) -> float:
    from reportkit.watching import watch

    report = folder / "watched" / SAMPLES[0].name
    report.parent.mkdir()
    shutil.copyfile(SAMPLES[0], report)
    out = folder / "watch-out"
    built, ready, stop = threading.Event(), threading.Event(), threading.Event()

    def on_outcome(outcome):
        if outcome.status == "built":
            built.set()

    thread = threading.Thread(
        target=watch,
        args=([report], "pdf", out, None, on_outcome),
        kwargs={"stop": stop, "on_ready": ready.set},
        daemon=True,
    )
    thread.start()
    ready.wait(120)
    built.clear()
    target = out / f"{report.stem}.pdf"
    before = target.stat().st_mtime_ns
    start = time.perf_counter()
    report.write_text(
        report.read_text(encoding="utf-8").replace("العلاقات الدولية", "شؤون دولية"),
        encoding="utf-8",
    )
    built.wait(60)
    while target.stat().st_mtime_ns == before:
        time.sleep(0.005)
    elapsed = time.perf_counter() - start
    stop.set()
    thread.join(10)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100)
    count = parser.parse_args().reports
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_reports(folder / "reports", count)
        first = timed_build(folder / "reports", folder / "out")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"{count} reports → PDF and DOCX, {os.cpu_count()} workers: {first:.1f} s = "
            f"{count / first:.2f} reports/s; peak memory of one worker: {peak:.0f} MiB"
        )
        again = timed_build(folder / "reports", folder / "out")
        print(f"no-change rebuild of the same {count} reports: {again:.2f} s (whole CLI process)")
        print(f"watch: save → new PDF on disk for the sample report: {watch_latency(folder):.2f} s")


if __name__ == "__main__":
    main()
