"""Count the instructions of rendering the sample analysis to PDF, with valgrind's callgrind.

Prints figures; asserts nothing. Run `.venv/bin/python benchmarks/bench_instructions.py
[REPORT]` (needs `apt-get install valgrind`; about ten minutes on 2 cores).

Seconds on the development machine swing by 20-40 % between runs of the same code, even
with nothing else running, which is more than most changes are worth. An instruction count
is the same for the same code and input whatever the machine is doing, so before and after
a change compare by it (lower is faster; it does not weigh cache misses). Printed:

- the cold CLI (`reportkit build REPORT --format pdf`, a new process; compiled modules and
  templates already kept, as after the first run of an installed wheel);
- one warm render (layout and writing, after a first render in the same process): a process
  that renders three times less one that renders once, halved;
- one warm render with each speed fix of `render/weasyprint_fixes` switched off alone.

Compiled modules go to a folder of their own (PYTHONPYCACHEPREFIX), written by a first build
before anything is counted, so the counts do not depend on the checkout's `__pycache__`.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "reports" / "belarus-us-rapprochement.yaml"
_COLLECTED = re.compile(rb"Collected : (\d+)")


def render(report: Path, extra: int, switched_off: list[str]) -> None:
    """Render `report` once, then `extra` more times with `switched_off` fixes off."""
    from reportkit.loader import load_report
    from reportkit.render import RenderJob, weasyprint_fixes
    from reportkit.render.pdf import render_document, write_pdf
    from reportkit.theme import TemplateSet

    model = load_report(report)
    for index in range(1 + extra):
        off = weasyprint_fixes.without(*switched_off) if index else contextlib.nullcontext()
        with off:
            write_pdf(render_document(RenderJob(model, report, TemplateSet())))


def instructions(command: list[str], env: dict[str, str]) -> int:
    """Return how many instructions `command` executes under callgrind."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True,
        cwd=ROOT,
        env=env,
    )
    found = _COLLECTED.search(done.stderr)
    if done.returncode or not found:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr.decode()[-2000:]}")
    return int(found.group(1))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--render":  # the measured child process
        render(Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4:])
        return
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed: apt-get install valgrind")
    report = str(Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE)
    python, script = sys.executable, str(Path(__file__).resolve())
    with tempfile.TemporaryDirectory() as out:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(out) / "pycache")
        build = [python, "-m", "reportkit", "build", report, "--format", "pdf", "--force"]
        # Compiles and keeps the modules and templates every counted run then reads.
        subprocess.run([*build, "--out", out], capture_output=True, check=True, env=env)
        runs = {
            "cold CLI": [*build, "--out", out],
            "one render": [python, script, "--render", report, "0"],
            "every fix on": [python, script, "--render", report, "2"],
        }
        names = ("leaders", "rtl_lines")
        runs.update({name: [python, script, "--render", report, "2", name] for name in names})
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            found = pool.map(lambda command: instructions(command, env), runs.values())
            counts = dict(zip(runs, found, strict=True))
    warm = (counts["every fix on"] - counts["one render"]) / 2
    print(f"cold CLI build --format pdf  {counts['cold CLI'] / 1e9:7.3f} G instructions")
    print(f"warm render, every fix on    {warm / 1e9:7.3f} G instructions")
    for name in names:
        alone = (counts[name] - counts["one render"]) / 2
        print(f"  without {name:<19} {alone / 1e9:7.3f} G  ({alone / warm - 1:+.0%})")


if __name__ == "__main__":
    main()
