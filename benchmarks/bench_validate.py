"""Benchmark validation: 1,000 seed-size reports through `reportkit validate`, and per-step costs.

Prints figures; asserts nothing. Run with `make benchmark` or `.venv/bin/python benchmarks/bench_validate.py`.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "reports" / "belarus-us-rapprochement.yaml"
COPIES = 1000


def best_of(function, repeat: int = 20) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def per_step() -> None:
    import yaml

    from reportkit.loader import check_report
    from reportkit.models import REPORT_KINDS
    from reportkit.source import read_source

    text = SAMPLE.read_text(encoding="utf-8")
    source = read_source(SAMPLE)
    model = REPORT_KINDS["analysis"]
    check_report(SAMPLE)  # warm caches (fonts' character sets)
    print(f"sample report: {SAMPLE.stat().st_size / 1024:.1f} KiB")
    print(
        f"  yaml.load (libyaml, no positions)  {best_of(lambda: yaml.load(text, Loader=yaml.CSafeLoader)) * 1e3:7.2f} ms"
    )
    print(
        f"  read_source (positions, checks)    {best_of(lambda: read_source(SAMPLE)) * 1e3:7.2f} ms"
    )
    print(
        f"  model validation + inline parse    {best_of(lambda: [p.nodes for p in model.model_validate(source.data).sections[0].paragraphs]) * 1e3:7.2f} ms"
    )
    print(
        f"  check_report (everything)          {best_of(lambda: check_report(SAMPLE)) * 1e3:7.2f} ms"
    )


def whole_cli(folder: Path) -> None:
    reportkit = Path(sys.executable).with_name("reportkit")
    command = [
        str(reportkit),
        "validate",
        "--format",
        "json",
        "--output",
        str(folder / "out.json"),
        str(folder / "reports"),
    ]
    start = time.perf_counter()
    completed = subprocess.run(command, check=False)
    elapsed = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"reportkit validate, {COPIES} seed-size reports (cold process, all cores): "
        f"{elapsed:.2f} s = {COPIES / elapsed:.0f} reports/s (exit {completed.returncode})"
    )
    print(f"  peak memory of the largest process: {children.ru_maxrss / 1024:.0f} MiB")


def main() -> None:
    per_step()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "reports").mkdir()
        for index in range(COPIES):
            shutil.copyfile(SAMPLE, folder / "reports" / f"report-{index:04d}.yaml")
        whole_cli(folder)
    start = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).with_name("reportkit")), "--version"],
        check=True,
        capture_output=True,
    )
    print(f"reportkit --version (start-up): {(time.perf_counter() - start) * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
