"""Watch rebuilds on save; preview reloads a real browser page when the report changes."""

from __future__ import annotations

import shutil
import threading

from conftest import BRIEF_SAMPLE, wait_until
from playwright.sync_api import sync_playwright

from reportkit.watching import PreviewServer, watch

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


def replace_in(path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_watch_rebuilds_after_a_save_and_reports_errors(tmp_path):
    report = tmp_path / "reports" / "brief.yaml"
    report.parent.mkdir()
    shutil.copyfile(BRIEF_SAMPLE, report)
    out = tmp_path / "out"
    outcomes, ready, stop = [], threading.Event(), threading.Event()
    thread = threading.Thread(
        target=watch,
        args=([report], "html", out, None, outcomes.append),
        kwargs={"stop": stop, "on_ready": ready.set},
        daemon=True,
    )
    thread.start()
    try:
        assert ready.wait(30)
        assert [o.status for o in outcomes] == ["built"]
        replace_in(report, "سياسة دولية", "شؤون دولية")
        assert wait_until(lambda: "شؤون دولية" in (out / "brief.html").read_text(encoding="utf-8"))
        replace_in(report, "headline:", "headline: [")
        assert wait_until(lambda: outcomes[-1].status == "failed")
        assert "brief.yaml:9" in outcomes[-1].errors[0]
        assert "شؤون دولية" in (out / "brief.html").read_text(encoding="utf-8")  # last good kept
    finally:
        stop.set()
        thread.join(10)


def test_preview_reloads_in_a_real_browser(tmp_path):
    report = tmp_path / "brief.yaml"
    shutil.copyfile(BRIEF_SAMPLE, report)
    server = PreviewServer(report).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            page = browser.new_page()
            page.goto(server.url)
            assert "واشنطن تخفف عقوبات" in page.inner_text("body")
            replace_in(report, "واشنطن تخفف عقوبات", "عنوان جديد من الاختبار")
            page.wait_for_function(
                "document.body.innerText.includes('عنوان جديد من الاختبار')", timeout=20000
            )
            replace_in(report, "label: سياسة دولية", "label: سياسة دولية\nlabel: مكرر")
            page.wait_for_function(
                "document.body.innerText.includes('duplicate key')", timeout=20000
            )
            assert "brief.yaml:8:1" in page.inner_text("body")
            browser.close()
    finally:
        server.stop()


RULES_WITH_A_LABEL = "brief:\n  labels:\n    ar: {sources: مراجع الاختبار}\n"


def project_with_a_brief(root):
    """Return a brief in `root/reports/`, `root` a project (its `.git` ends the rules walk)."""
    (root / ".git").mkdir()
    report = root / "reports" / "brief.yaml"
    report.parent.mkdir()
    shutil.copyfile(BRIEF_SAMPLE, report)
    return report


def test_watch_rebuilds_when_the_house_rules_above_the_watched_folder_change(tmp_path):
    report = project_with_a_brief(tmp_path)
    out = tmp_path / "out"
    outcomes, ready, stop = [], threading.Event(), threading.Event()
    thread = threading.Thread(
        target=watch,
        args=([report.parent], "html", out, None, outcomes.append),
        kwargs={"stop": stop, "on_ready": ready.set},
        daemon=True,
    )
    thread.start()
    try:
        assert ready.wait(30)
        assert "مراجع الاختبار" not in (out / "brief.html").read_text(encoding="utf-8")
        (tmp_path / "reportkit.yaml").write_text(RULES_WITH_A_LABEL, encoding="utf-8")
        assert wait_until(lambda: "مراجع الاختبار" in (out / "brief.html").read_text("utf-8"))
    finally:
        stop.set()
        thread.join(10)


def test_preview_renders_again_when_the_house_rules_change(tmp_path):
    report = project_with_a_brief(tmp_path)
    rules = tmp_path / "reports" / "reportkit.yaml"  # watched, but not a page input before
    server = PreviewServer(report).start()
    try:
        assert "مراجع الاختبار" not in server.page.current()[1].decode()
        rules.write_text(RULES_WITH_A_LABEL, encoding="utf-8")
        assert wait_until(lambda: "مراجع الاختبار" in server.page.current()[1].decode())
        rules.unlink()
        assert wait_until(lambda: "مراجع الاختبار" not in server.page.current()[1].decode())
    finally:
        server.stop()


def test_a_rules_walk_that_cannot_be_read_does_not_stop_the_watch(monkeypatch, tmp_path):
    from reportkit import house_rules
    from reportkit.watching import rules_state

    def unreadable(folder):
        raise PermissionError(13, "Permission denied", str(folder))

    monkeypatch.setattr(house_rules, "candidate_files", unreadable)
    assert rules_state([tmp_path])[0] == "PermissionError"
