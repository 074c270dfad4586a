"""Benchmark DOCX output: the sample reports to Word, warm, and where the time goes.

Prints figures; asserts nothing. Target (issue 4): the sample analysis in ≤ 0.3 s warm.
Run with `.venv/bin/python benchmarks/bench_docx.py`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [
    ROOT / "reports" / "belarus-us-rapprochement.yaml",
    ROOT / "reports" / "belavia-sanctions-brief.yaml",
]
REPEAT = 15


def timings(function, repeat: int = REPEAT) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        out.append(time.perf_counter() - start)
    return out


def show(label: str, values: list[float]) -> None:
    print(
        f"  {label:<42} best {min(values) * 1000:6.0f} ms   median "
        f"{statistics.median(values) * 1000:6.0f} ms"
    )


def import_time() -> float:
    code = (
        "import time; t = time.perf_counter(); import reportkit.render.docx; "
        "print(time.perf_counter() - t)"
    )
    return float(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )


def docx_section() -> None:
    from reportkit.loader import load_report
    from reportkit.render import RenderJob
    from reportkit.render.docx import DocxWriter, render_docx
    from reportkit.resolve import resolve
    from reportkit.theme import TemplateSet

    print("DOCX")
    print(f"  {'import reportkit.render.docx (cold process)':<42} {import_time() * 1000:6.0f} ms")
    templates = TemplateSet()
    for path in SAMPLES:

        def build(path=path):
            # A fresh load each time: paragraphs cache their parsed inline nodes.
            return render_docx(RenderJob(load_report(path), path, templates))

        size = len(build())
        show(f"{path.name} (load + render, {size // 1024} KiB)", timings(build))
    path = SAMPLES[0]
    job = RenderJob(load_report(path), path, templates)
    document = resolve(job)
    show("  of which: resolve (the one document)", timings(lambda: resolve(job)))
    show("  of which: set-up (template, styles)", timings(lambda: DocxWriter(job, document)))


if __name__ == "__main__":
    docx_section()
