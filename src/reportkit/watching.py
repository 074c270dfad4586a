"""`reportkit watch` and `reportkit preview`: rebuild on every save.

Both watch the report files' folders and the template folders. Watch rebuilds the requested
formats through the incremental build (so only what changed is rebuilt, renderers stay
imported in this process). Preview keeps the HTML rendering in memory and serves it on
localhost; the page asks for the current version every 300 ms and reloads when it changes.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from reportkit.building import OutputOutcome, build_reports
from reportkit.theme import TemplateSet


def watched_folders(paths: Iterable[Path], template_dir: Path | None) -> list[Path]:
    folders = [p if p.is_dir() else p.parent for p in map(Path, paths)]
    folders += list(TemplateSet(template_dir).folders)
    return sorted({f.resolve() for f in folders})


def watch(
    paths: list[Path],
    formats: str,
    out_dir: Path,
    template_dir: Path | None,
    on_outcome: Callable[[OutputOutcome], None],
    stop: threading.Event | None = None,
    on_ready: Callable[[], None] | None = None,
) -> None:
    """Build now, then again after every change, until `stop` is set (or Ctrl-C)."""
    import watchfiles

    first = True
    # The watcher is running before the first build, so a save made during it is not missed.
    for changes in watchfiles.watch(
        *watched_folders(paths, template_dir),
        stop_event=stop,
        watch_filter=_not_output(out_dir),
        debounce=400,
        step=30,
        yield_on_timeout=True,
        rust_timeout=100,
    ):
        if first or changes:
            build_reports(paths, formats, out_dir, template_dir, jobs=1, on_outcome=on_outcome)
        if first and on_ready:
            on_ready()
        first = False


def _not_output(out_dir: Path):
    """Ignore the outputs we write ourselves (they may sit below a watched folder)."""
    out = Path(out_dir).resolve()

    def keep(_change, path: str) -> bool:
        resolved = Path(path)
        return out not in resolved.parents and not resolved.name.startswith(".")

    return keep


# ---------------------------------------------------------------------------------- preview

_RELOAD_SCRIPT = """<script>
(function () {{
  var shown = "{version}";
  setInterval(function () {{
    fetch("/__version", {{cache: "no-store"}}).then(function (r) {{ return r.text(); }})
      .then(function (v) {{ if (v !== shown) location.reload(); }}).catch(function () {{}});
  }}, 300);
}})();
</script>"""


@dataclass
class PreviewPage:
    """The page being served: its HTML and a version that changes with every rebuild."""

    report_path: Path
    template_dir: Path | None
    version: int = 0
    body: bytes = b""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def refresh(self) -> list[str]:
        """Render the report again; return the error lines (shown in the page too)."""
        body, errors = _render_page(self.report_path, self.template_dir)
        with self.lock:
            self.version += 1
            script = _RELOAD_SCRIPT.format(version=self.version)
            self.body = body.replace(b"</body>", script.encode() + b"</body>", 1)
        return errors


def _render_page(report_path: Path, template_dir: Path | None) -> tuple[bytes, list[str]]:
    from reportkit.loader import check_report
    from reportkit.render import RenderJob, render

    result = check_report(report_path)
    errors = [d.format() for d in result.diagnostics if d.is_error]
    if result.report is None:
        return _error_page(errors), errors
    try:
        job = RenderJob(result.report, report_path, TemplateSet(template_dir))
        return render(job, "html"), []
    except Exception as error:  # show any rendering failure in the page instead of stopping
        message = f"{report_path}: {error}"
        return _error_page([message]), [message]


def _error_page(lines: list[str]) -> bytes:
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>reportkit: errors</title>'
        f'</head><body><h1>The report has errors</h1><ul class="errors">{items}</ul>'
        f"</body></html>"
    ).encode()


class PreviewServer:
    """Serve a PreviewPage on 127.0.0.1 and refresh it when the watched files change."""

    def __init__(
        self,
        report_path: Path,
        template_dir: Path | None = None,
        port: int = 0,
        on_errors: Callable[[list[str]], None] = lambda errors: None,
    ):
        self.page = PreviewPage(Path(report_path), template_dir)
        self.on_errors = on_errors
        self.stop_event = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self.page))
        self.threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def start(self) -> PreviewServer:
        self.on_errors(self.page.refresh())
        ready = threading.Event()
        self.threads = [
            threading.Thread(target=self.server.serve_forever, daemon=True),
            threading.Thread(target=self._watch, args=(ready,), daemon=True),
        ]
        for thread in self.threads:
            thread.start()
        ready.wait(5)
        return self

    def _watch(self, ready: threading.Event) -> None:
        import watchfiles

        folders = watched_folders([self.page.report_path], self.page.template_dir)
        for _changes in watchfiles.watch(
            *folders,
            stop_event=self.stop_event,
            debounce=400,
            step=30,
            yield_on_timeout=True,
            rust_timeout=200,
        ):
            ready.set()
            if _changes:
                self.on_errors(self.page.refresh())

    def stop(self) -> None:
        self.stop_event.set()
        self.server.shutdown()
        self.server.server_close()
        for thread in self.threads:
            thread.join(timeout=5)


def _handler_for(page: PreviewPage):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with page.lock:
                if self.path == "/__version":
                    self._send(str(page.version).encode(), "text/plain")
                elif self.path in ("/", "/index.html"):
                    self._send(page.body, "text/html; charset=utf-8")
                else:
                    self.send_error(404)

        def _send(self, body: bytes, content_type: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:  # keep the terminal for build messages
            return None

    return Handler
