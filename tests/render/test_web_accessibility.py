"""The web pages in a real browser, as a keyboard or screen-reader user meets them: axe-core's
WCAG 2.1 AA and best-practice rules, the skip link, and the size of the note-call targets.

axe-core comes from the npm registry, pinned in tests/a11y/package-lock.json and installed
into tests/a11y/node_modules by `make test` (the fixture installs it when it is missing);
the browser is Debian's Chromium, driven by Playwright without a browser download of its own.
"""

from __future__ import annotations

import functools
import shutil
import subprocess

import pytest
from conftest import RENDERED_REPORTS, ROOT
from playwright.sync_api import sync_playwright

from reportkit.loader import load_report
from reportkit.render import RenderJob
from reportkit.render.html import render_standalone_html
from reportkit.theme import TemplateSet

pytestmark = pytest.mark.browser

A11Y = ROOT / "tests" / "a11y"
AXE = A11Y / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# WCAG 2.0 and 2.1 at levels A and AA, WCAG 2.2 AA (target size among them), and axe's
# best practices (landmarks, one main, one h1, headings in order).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
MIN_TARGET = 24  # CSS pixels, WCAG 2.2 success criterion 2.5.8
REPORT_FILES = RENDERED_REPORTS


@functools.cache
def axe_source() -> str:
    """Return axe.min.js, installing the pinned axe-core first when it is missing."""
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is missing: run `make test` (it installs npm and axe-core)")
        subprocess.run(
            [npm, "ci", "--prefix", str(A11Y), "--no-audit", "--no-fund"],
            check=True,
            capture_output=True,
        )
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    """Return {report file name: file URL of its web page}."""
    out = tmp_path_factory.mktemp("web")
    urls = {}
    for path in REPORT_FILES:
        job = RenderJob(load_report(path), path, TemplateSet())
        page = out / f"{path.stem}.html"
        page.write_bytes(render_standalone_html(job))
        urls[path.name] = page.as_uri()
    return urls


@pytest.fixture(scope="module")
def tab():
    """Return one browser tab for every test of the module (starting Chromium takes seconds)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1000, "height": 800})
        page.set_default_timeout(5000)  # a missing element fails in seconds, not half a minute
        yield page
        browser.close()


def described(violations: list[dict]) -> str:
    """Return axe's violations as lines a person can act on."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  at {' '.join(map(str, node['target']))}")
            lines.extend(f"    {line}" for line in node["failureSummary"].splitlines())
    return "\n".join(lines)


@pytest.mark.parametrize("name", [path.name for path in REPORT_FILES])
def test_axe_finds_no_violation(pages, tab, name):
    tab.goto(pages[name])
    tab.add_script_tag(content=axe_source())
    results = tab.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    assert results["passes"], "axe ran no rule"
    assert not results["violations"], f"{name}:\n{described(results['violations'])}"


@pytest.mark.parametrize("name", [path.name for path in REPORT_FILES])
def test_the_first_tab_shows_a_skip_link_to_the_main_content(pages, tab, name):
    tab.goto(pages[name])
    link = tab.locator("a.skip-link")
    assert link.bounding_box()["y"] + link.bounding_box()["height"] <= 0  # hidden until focused
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.className") == "skip-link"
    assert link.bounding_box()["y"] >= 0
    assert tab.evaluate("document.querySelector(document.activeElement.hash).tagName") == "MAIN"
    tab.keyboard.press("Enter")
    tab.keyboard.press("Tab")  # the next stop is the first link inside the main content
    assert tab.evaluate("document.activeElement.closest('main') !== null")


@pytest.mark.parametrize("name", [path.name for path in REPORT_FILES])
def test_every_note_call_is_a_target_of_at_least_24_pixels(pages, tab, name):
    tab.goto(pages[name])
    sizes = tab.evaluate(
        """Array.from(document.querySelectorAll('a[role=doc-noteref]'), a => {
             const box = a.getBoundingClientRect(); return [box.width, box.height]; })"""
    )
    assert sizes, "the page has no note call"
    small = [size for size in sizes if min(size) < MIN_TARGET]
    assert not small, f"{len(small)} of {len(sizes)} note calls are smaller: {small[:5]}"
