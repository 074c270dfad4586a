"""Benchmark rendering the sample analysis to PDF: cold CLI process, then warm in one process
split into steps (import, load, HTML, layout, footnote check, PDF writing), and peak memory.

Prints figures; asserts nothing. Run `.venv/bin/python benchmarks/bench_render.py [REPORT]`.
Warm steps are measured in process time (CPU seconds of this process), the cold CLI in wall
and CPU time: on a shared machine other programs change process time less than wall time.
Run it several times, before and after a change back to back, and keep the best figures.

Fifth pass (2026-11-30, issue 11: a WeasyPrint layer we can keep). The layer went from
~1,440 lines (weasyprint_fixes/ + html_tree.py) to 453 (640 with the tagging fix merged
later, 598 since the eighth pass): the three fixes readers need, plus the speed fixes worth
at least 10 % of the warm render on their own. Each speed fix was
switched off alone, interleaved with renders with every fix on in one process (process
time; the machine's load average was 7-16 on 2 cores, so only such paired figures held):

    fix (switched off alone)          warm render longer by   kept
    rtl_lines (RTL lines laid once)   +30-40 % (0.3 s)        yes
    leaders (one box per leader)      +12-38 % (0.11-0.3 s)   yes
    compression (zlib 6, not 9)       +3-5 % (write only)     no (a pydyf patch fewer)
    objects serialized once (pydyf)   +4.7 %                  no
    html_tree (our HTML parser)       ~1.6 % (0.011 s)        no

The other speed fixes, each switched off alone in the old code (24 interleaved rounds in one
process, best of each against 0.661 s with every fix on; median of the paired ratios after):

    broken lines measured once (6)    +4.5 %   (median +15 %: the one nearest the line)
    shaped lines kept for drawing (5) +3.7 %   (+5 %)
    per-style work (7)                 0 %     (+7 %)
    glyphs written in bulk (8)         0 %     (+4 %)
    unset properties (9)               0 %     (+5 %)
    empty margin boxes (12)            0 %     (+3 %)
    objects serialized once            0 %     (+2 %)

Measured earlier (quieter days) at 0.008-0.05 s each, 1.5-9 % of the then 0.57 s render;
switched off together they were worth 21-39 %. In separate processes the same figures
swung by +-40 %, so only paired runs in one process were used. They went, and with them
~900 lines of edited WeasyPrint source.

    warm PDF, process time                before        after
    six alternating process pairs, best   0.790         0.951   (+20 %; load 7-11)
    this script, twice each, alternating  0.708-0.801   0.968-0.979  (load ~1.3)
      layout                              0.459-0.567   0.567-0.595
      write PDF                           0.220-0.234   0.369-0.386
    cold CLI, wall (CPU)                  2.79-3.89 s   3.07-3.21 s  (same runs)

The warm render is 20-37 % slower than with every fix: 0.71-0.80 s became 0.97 s in the
same hour (the README's 0.57 s was measured on a quieter day; scaled, ~0.7-0.78 s). The
targets of issue 11 (warm <= 0.65 s, cold <= 1.8 s) were not met on this machine: no
dropped fix was worth 10 % on its own, so they could not stay under the rule.

Sixth pass (2026-12-01: the cut above merged with the tagging fix and RK304 of main; the
layer is 640 lines with tagging.py, 1,943 before). This script, before (main's layer, 13
fixes and html_tree) and after (6 fixes) alternating, six pairs; load average 5-11 on 2
cores, so single figures swing by 50 %:

    warm PDF, process time, best          0.670 s       1.096 s   (+64 %; pairs +19-103 %,
                                                                   median +44 %)
      layout                              0.429-0.750   0.622-0.923
      write PDF                           0.224-0.354   0.415-0.551
    cold CLI, best wall (CPU)             2.68 s (2.69) 3.70 s (3.06)

    each speed fix switched off alone (after; three runs of `speed_fix_shares`):
      leaders                             +11 %, +17 %, +30 %   (0.11-0.34 s)
      rtl_lines                           +15 %, +25 %, +26 %   (0.17-0.35 s)

The write step doubles: pydyf serializes and compresses every object twice (once more to
hash the file for the identifier), lines are shaped again for drawing and glyphs are written
one by one; each of those fixes was worth under 10 % alone. Issue 11's targets (warm
<= 0.65 s, cold <= 1.8 s) are not met on this machine.

Seventh pass (2026-12-01, later; no patch added: only our code and WeasyPrint's public
`finisher` hook). Each change measured against the code before it, paired:

    change                                   before        after         how
    streams compressed once, in the          0.319-0.328   0.278-0.300   write, old and new
      finisher (same bytes; pydyf compressed  s write       s write       interleaved in one
      them again to hash the file)                                        process, 12 rounds,
                                                                          best; pairs -4 %
    process pool imported only when a build  0.501 s       0.447 s       `import reportkit.cli,
      or validation has several reports                                  reportkit.building`,
                                                                          best CPU of 12
    report resolved once per build, not      ~0.01 s a format (2 of 3 resolves for PDF+DOCX+HTML)
      once per format (RenderJob.document)

This script, `next` and this pass alternating, three pairs each (load 1-2.5):

    warm PDF, process time, best             0.957 s       0.947 s   (pairs 0.96-1.03 and
                                                                      0.95-1.27)
      write PDF                              0.368-0.372   0.347-0.427
    cold CLI, best wall                      2.81 s        2.71 s
    cold CLI, best wall, bytecode cached     3.01 s        2.78 s

Between processes the same code's warm render swings by 20-30 % on this machine, more
than these changes are worth; only the paired figures above show them. The checkout's
PYTHONDONTWRITEBYTECODE=1 makes every cold start compile reportkit's modules: the second
cold line lets Python keep them, as an installed wheel does.

Measured with WeasyPrint's public options and kept as they were (write, best of 5 in one
process; default 0.327 s, 126 KiB):

    uncompressed_pdf=True     -0.05 s, but 582 KiB instead of 127
    no pdf_identifier         -0.022 s (pydyf's hash pass), but no /ID (PDF/A needs one)
    zlib level 6 / 1 (ours)   -0.016 s / -0.025 s, +0.9 % / +17 % bytes: level 9 kept, so
                              the bytes stay as before
    full_fonts=True           +0.05 s;   hinting=True  same time, +5 KiB;  cache=None  same
    pdf_variant=None          -0.09 s (no tags): PDF/UA-1 kept, the accessible default
    CSS variables inlined     no change (layout 0.528 s vs 0.545 s)
    fonts                     three faces embedded (Amiri, Amiri Bold, Noto Naskh Arabic
                              Bold), all of them used: none to drop

Where the time goes now (cProfile, warm): layout ~0.5-0.65 s, of which Pango/HarfBuzz
shaping during line breaking ~0.25 s, computed styles ~0.1 s, margin boxes ~0.05 s (16 a
page, most empty), footnote-area re-layout ~0.03 s; writing ~0.3 s, of which tagging
~0.09 s (0.02 s in our tagging fix), drawing the glyphs ~0.07 s, shaping justified lines
again ~0.06 s, serializing and compressing ~0.08 s. Cold CLI (~2.8-3 s CPU): imports
~1.1 s (WeasyPrint ~0.45 s, of which cffi parsing its C declarations ~0.08 s and its
user-agent stylesheet ~0.08 s; reportkit's Pydantic models ~0.3 s), the first render
~1.3 s (font and shaping caches cold), the glyph-coverage check ~0.06 s (fontTools reads
four cmaps). No fix that only a patch could give is worth 10 % now: the identifier's hash
pass is ~3 % of the warm render. Issue 11's targets stay out of reach on this machine.

Eighth pass (2026-12-01, a quiet machine: load average under 1, nothing else running). This
script on main before the pass: warm 0.748 s (layout 0.459, write 0.275), cold CLI 2.38 s
wall; leaders off alone +30 %, rtl_lines off alone +30 %. Within the same hour the same code
measured 1.02 and 1.09 s warm and 2.63-2.75 s cold: CPU time equals wall time, so it is the
machine's own speed that swings, by up to 40 %. Instructions (bench_instructions.py,
callgrind, compiled modules and templates kept) do not swing:

    instructions                          before         after this pass
    cold CLI build --format pdf           8.011 G        7.729 G   (-3.5 %)
    warm render (layout and writing)      3.684 G        3.746 G   (+1.7 %, see below)
      without leaders                     4.228 G (+15 %)  4.319 G (+15 %)
      without rtl_lines                   5.014 G (+36 %)  5.113 G (+36 %)
    the layer before the cut (13 fixes,   2.591 G warm (-30 %)
      html_tree; commit 723b05f)

At the quiet run's 4.9 G instructions a second, 0.65 s is ~3.2 G: 13 % fewer than before
this pass, 15 % fewer than after it, and every dropped fix was worth less than that alone. What this pass changed:

    validators built when a report of their kind is first read (pydantic defer_build), not
      at import: models import 0.22-0.27 s -> 0.12 s (best of 8, seconds)
    compiled templates kept in the user's cache folder (Jinja's bytecode cache): the first
      page HTML of a process 0.15-0.2 s -> 0.085 s (best of 3, seconds)
    contents numbers named by url(), one rule an entry (render/pdf.py), not a recompiled
      WeasyPrint: the layer 640 -> 598 lines, two recompiled functions fewer, the same
      pdftotext text for the four samples. The contents page is now laid out three times,
      not twice (WeasyPrint redoes a page when any of its counters changed; the removed
      fix compared only the counters the page shows): the warm +1.7 %, ~0.012 s. The rules
      are parsed each render (~0.002 s).

    cold CLI wall, 10 alternating pairs, before and after the first two changes:
      1.99-3.00 s and 2.11-2.68 s (medians 2.57 and 2.41 s)

Where the time went for the sample report (9 pages; best of 3 cold and 5 warm runs on a
2-core machine), and what changed it:

    step                     before   after   what changed
    cold CLI build            2.24 s  1.67 s  all of the below, plus:
      import weasyprint       0.48    0.28    ctypes' library search skipped (pdf.py)
    HTML from templates       0.075   0.020   Jinja environment cached per template set
    layout (WeasyPrint)       0.76    0.50    each right-to-left line laid out once, not twice
      text shaping, profiled  0.35    0.17    (HarfBuzz, Amiri; Noto Naskh Arabic: 0.17 s less)
    write PDF                 0.42    0.24    contents leaders: one box per line, not one per
                                              dot (-0.13); streams at zlib level 6, not 9 (-0.07)
      pdf/ua-1 tags           0.03    0.03    kept: the accessible default
      ActualText              0.015   0.015   kept: faithful text extraction
    warm total                1.26    0.76

Second pass (before and after measured back to back, best of 5 warm runs; the machine ran
the first pass's code at 0.79-0.81 s that day, so compare within these columns):

    step                     before   after   what changed
    layout (WeasyPrint)       0.514   0.473   one font configuration reused by renders (pdf.py):
                                              WeasyPrint made a new one per render, so
                                              Fontconfig, Pango and HarfBuzz started cold
    write PDF                 0.258   0.224   lines drawn with the glyphs shaped during layout
                                              (weasyprint_fixes 5; justified lines excepted)
    warm total                0.794   0.719   target 0.6 s not reached

Both leave the PDF byte-identical. Tried in the second pass and dropped: memoizing
`split_first_line` within a render (repeated headers, the contents page's re-layouts,
footnote re-layout: 0.026 s of repeated shaping, < 0.01 s saved once the keys are built);
zlib level 1 or 3 (0.01 s for 24 % or 13 % more bytes). What remains: shaping during layout
(~0.15 s; each line is shaped about three times by WeasyPrint's line breaking), WeasyPrint's
Python line and block layout (~0.2 s), style cascade (~0.05 s), running headers (~0.035 s,
the title's min/max-content widths shaped word by word on every page), drawing's glyph loop
(~0.05 s) and pydyf's serialization (~0.05 s).

Third pass (2026-11-23; the machine was ~15 % slower and noisier than in the passes above, so
both columns were measured back to back, process time, best of 12 warm renders, 4 rounds):

    step                     before   after   what changed
    layout: broken lines      3 shapings 1    each broken line measured in the layout that
                                              found its break (weasyprint_fixes 6)
    layout: per-style work    per box   once  strut, font description, used lengths kept
                                              per style (weasyprint_fixes 7)
    stylesheet parsing        0.015   0       parsed once per process (render/pdf.py)
    script runs (HTML)        per letter      one regular expression for Arabic-only text
    warm total                see the README's speed table (-0.08 to -0.12 s)

All of these leave the PDFs byte-identical (tests/render/test_pdf.py compares the bytes with
the shortcuts off). Tried and dropped: one Pango context per direction and language (< 0.005 s),
fixed widths for the running header's margin boxes (no measurable change), Noto Naskh Arabic
as the body font (now only ~0.02 s faster than Amiri). What remains: the drawing shapes each
justified line again with its word spacing (~0.035 s), WeasyPrint's glyph loop (~0.06 s),
footnote-area re-layout (~0.03 s, once per footnote), the contents page laid out three times
(~0.02 s), pydyf's serialization and compression (~0.055 s).

Fourth pass (2026-11-23, later the same day; before and after back to back, process time,
best of 12 warm renders, 4 rounds):

    step                     before   after   what changed
    drawing: glyph text       0.057   0.035   each glyph's piece of the TJ array kept per font
                                              and size (weasyprint_fixes 8)
    pydyf writing             0.057   0.033   each object serialized once per write: pydyf
                                              serialized and compressed the whole file again
                                              to hash it for the identifier's second half
    styles                    ~0.075  ~0.064  a property no rule sets gets its inherited or
                                              initial value directly (weasyprint_fixes 9)
    contents page layouts     3       2       attr() targets tracked (weasyprint_fixes 10)
    HTML parsing              0.015   0.0035  render/html_tree.py builds tinyhtml5's tree
    margin boxes              0.037   0.029   no used lengths for empty ones (weasyprint_fixes 12)
    layout                    0.385-0.40  0.352-0.36
    write PDF                 0.223-0.231 0.177-0.186
    warm total                0.61-0.63   0.53-0.55

Tried in the fourth pass and dropped: drawing justified lines from the layout's glyphs with
the spacing added at each space (Pango shapes each word of a justified line alone, and Amiri
then places some letters differently, e.g. an initial kaf after a space: 2 of 146 lines in
the corpus differ); `white-space: nowrap` in the running headers (-0.006 s, but long titles
would overlap instead of wrapping); a lazily built layout for justified text boxes (0.005 s);
raising or freezing the garbage collector's thresholds during a render (no gain, +50 MiB);
comparing only the counters a page shows without tracking attr() targets (the contents page
then kept its zeros: WeasyPrint filed every entry's target under "None").

Measured and not worth changing: `text-align: justify`, `hyphens: manual`, the CSS variables,
the `<span dir="ltr">` islands (70 in the sample; < 0.02 s), `float: footnote` (0.05 s),
a pre-parsed stylesheet (0.02 s); fonts are subset by HarfBuzz (5 ms).
"""

from __future__ import annotations

import functools
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "reports" / "belarus-us-rapprochement.yaml"
REPEAT = 5


def timed(function):
    """Return the function's result and the process time it took (CPU seconds of this process,
    which other programs loading the machine change less than wall time)."""
    start = time.process_time()
    result = function()
    return result, time.process_time() - start


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cold_cli(report: Path, bytecode: bool = False) -> tuple[float, float, float]:
    """Return (wall seconds, CPU seconds, peak RSS in MiB) of `reportkit build --format pdf`
    in a new process. With `bytecode`, Python may write and reuse its compiled modules as
    an installed package does (a checkout run with PYTHONDONTWRITEBYTECODE=1 compiles
    reportkit's ~45 modules on every start, ~0.1 s)."""
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as out:
        command = [
            sys.executable,
            "-m",
            "reportkit",
            "build",
            str(report),
            "--format",
            "pdf",
            "--out",
            out,
        ]
        cpu, start = children_cpu(), time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=env)
        seconds, cpu = time.perf_counter() - start, children_cpu() - cpu
        if done.returncode:
            raise SystemExit(f"build failed:\n{done.stderr[-2000:]}")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, cpu, peak / 1024


def warm(report: Path) -> None:
    from reportkit.render.pdf import _import_weasyprint  # the way `build` imports it

    _, import_seconds = timed(_import_weasyprint)
    from reportkit.loader import load_report
    from reportkit.render import RenderJob
    from reportkit.render.html import page_html
    from reportkit.render.pdf import footnote_problems, render_document, write_pdf
    from reportkit.theme import TemplateSet

    model, load_seconds = timed(lambda: load_report(report))
    job = RenderJob(model, report, TemplateSet())
    write_pdf(render_document(job))  # first render loads fonts and caches
    rows = []
    for _ in range(REPEAT):
        # New jobs, as `watch` makes after a save: nothing resolved is reused.
        html_job, layout_job = (RenderJob(model, report, job.templates) for _ in range(2))
        _, html_seconds = timed(functools.partial(page_html, html_job, "print"))
        rendered, layout_seconds = timed(functools.partial(render_document, layout_job))
        _, check_seconds = timed(functools.partial(footnote_problems, rendered.document))
        pdf, write_seconds = timed(functools.partial(write_pdf, rendered))
        rows.append((html_seconds, layout_seconds - html_seconds, check_seconds, write_seconds))
    best = [min(column) for column in zip(*rows, strict=True)]
    pages = len(rendered.document.pages)
    print(f"import weasyprint        {import_seconds:6.2f} s (cold, this process)")
    print(f"load + validate report   {load_seconds:6.2f} s")
    print(f"HTML from templates      {best[0]:6.3f} s")
    print(
        f"layout (WeasyPrint)      {best[1]:6.3f} s  ({pages} pages, "
        f"{best[1] / pages * 1000:.0f} ms a page)"
    )
    print(f"footnote check           {best[2]:6.3f} s")
    print(f"write PDF                {best[3]:6.3f} s  ({len(pdf) / 1024:.0f} KiB)")
    print(
        f"warm total               {best[0] + best[1] + best[2] + best[3]:6.3f} s "
        f"(best of {REPEAT})"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (warm proc.) {peak:6.0f} MiB")
    speed_fix_shares(job)


def speed_fix_shares(job, rounds: int = 6) -> None:
    """Print what each speed fix is worth: warm renders (layout and writing) with that fix
    switched off alone, interleaved with renders with every fix on, best of `rounds` each."""
    from reportkit.render import weasyprint_fixes
    from reportkit.render.pdf import render_document, write_pdf

    if not hasattr(weasyprint_fixes, "without"):
        return  # code from before the fixes could be switched off one by one
    names = [name for name in ("leaders", "rtl_lines") if name in weasyprint_fixes.FIXES]
    best = dict.fromkeys(["every fix on", *names], float("inf"))
    for _ in range(rounds):
        for name in best:
            with weasyprint_fixes.without(name):  # "every fix on" names no fix
                _, seconds = timed(lambda: write_pdf(render_document(job)))
            best[name] = min(best[name], seconds)
    print(f"render, every fix on     {best['every fix on']:6.3f} s (best of {rounds})")
    for name in names:
        share = best[name] / best["every fix on"] - 1
        print(f"  without {name:<15} {best[name]:6.3f} s  ({share:+.0%})")


def main() -> None:
    report = Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE
    for bytecode in (False, True):
        runs = [cold_cli(report, bytecode) for _ in range(3)]
        wall, cpu, peak = min(run[0] for run in runs), min(run[1] for run in runs), runs[-1][2]
        print(
            f"cold CLI build --format pdf {wall:6.2f} s wall, {cpu:.2f} s CPU (best of 3), "
            f"peak memory {peak:.0f} MiB{', bytecode cached' if bytecode else ''}"
        )
    warm(report)


if __name__ == "__main__":
    main()
