"""`reportkit watch` and `reportkit preview`: rebuild on every save.

Both watch the report files' folders and the template folders. Watch rebuilds the requested
formats through the incremental build (so only what changed is rebuilt, renderers stay
imported in this process). Preview keeps the HTML rendering in memory and serves it on
localhost; the page asks for the current version every 300 ms and reloads when it changes.
"""

from __future__ import annotations

import errno
import html
import re
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from reportkit.building import OutputOutcome, build_reports
from reportkit.errors import OutputError
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

    first, rules = True, RulesFiles(paths)
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
        if rules.changed() or first or changes:
            build_reports(paths, formats, out_dir, template_dir, jobs=1, on_outcome=on_outcome)
        if first and on_ready:
            on_ready()
        first = False


class RulesFiles:
    """The house-rules files the reports under some paths may use, as last looked at."""

    def __init__(self, paths: Iterable[Path]):
        self.paths = list(paths)
        self.state = rules_state(self.paths)

    def changed(self) -> bool:
        """Return whether one was edited, added or removed since the last look."""
        before, self.state = self.state, rules_state(self.paths)
        return self.state != before


def rules_state(paths: Iterable[Path]) -> tuple:
    """Return how the house-rules files the reports under `paths` may use look now: each
    place a `reportkit.yaml` may be, with its size, modification time and inode (None when
    there is none). Watching compares it on every tick, since the nearest such file often
    sits above the watched folders, at the project's root."""
    from reportkit.house_rules import candidate_files

    try:
        folders = sorted({path if path.is_dir() else path.parent for path in map(Path, paths)})
        return tuple(_file_state(file) for folder in folders for file in candidate_files(folder))
    # A folder on the walk we may not look into, or a symbolic link loop: compare that.
    except (OSError, RuntimeError) as error:
        return (type(error).__name__, str(error))


def _file_state(path: Path) -> tuple:
    try:
        found = path.stat()
    except OSError:
        return (path, None)
    return (path, found.st_size, found.st_mtime_ns, found.st_ino)


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
    """The page being served: its HTML, a version that changes with every rebuild, and the
    files it was rendered from (None while the report has errors and they are not known)."""

    report_path: Path
    template_dir: Path | None
    version: int = 0
    body: bytes = b""
    inputs: frozenset[Path] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    template_folders: tuple[Path, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.template_folders = tuple(f.resolve() for f in TemplateSet(self.template_dir).folders)

    def refresh(self) -> list[str]:
        """Render the report again; return the error lines (shown in the page too)."""
        body, errors, inputs = _render_page(self.report_path, self.template_dir)
        with self.lock:
            self.version += 1
            script = _RELOAD_SCRIPT.format(version=self.version)
            self.body = body.replace(b"</body>", script.encode() + b"</body>", 1)
            self.inputs = inputs
        return errors

    def current(self) -> tuple[int, bytes]:
        """Return the version and the page, consistent with each other."""
        with self.lock:
            return self.version, self.body

    def is_input(self, path: Path) -> bool:
        """Return whether a change to `path` can change the page.

        Anything else is ignored, above all what is written next to the report while we
        serve it: `preview r.yaml > preview.log` would otherwise re-render on every line.
        """
        report = self.report_path.resolve()
        if path == report or path in report.parents:  # the report, or its folder moved away
            return True
        if any(folder in path.parents for folder in self.template_folders):
            return True
        inputs = self.inputs
        if inputs is not None:
            return path in inputs
        # Which images a report with errors uses is unknown: any image next to it may be one.
        return path.suffix.lower() in _IMAGE_SUFFIXES and report.parent in path.parents


_IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".tif"})


def _render_page(
    report_path: Path, template_dir: Path | None
) -> tuple[bytes, list[str], frozenset[Path] | None]:
    from reportkit.loader import check_report
    from reportkit.render import RenderJob, render
    from reportkit.rules import images, resolve_image

    result = check_report(report_path)
    errors = [d.format() for d in result.diagnostics if d.is_error]
    if result.report is None:
        return _error_page(errors), errors, None
    try:
        job = RenderJob(result.report, report_path, TemplateSet(template_dir))
        inputs = {report_path.resolve()}
        inputs.update(resolve_image(image, job.report_dir) for _, image in images(job.report))
        return render(job, "html").data, [], frozenset(inputs)
    except Exception as error:  # show any rendering failure in the page instead of stopping
        message = f"{report_path}: {error}"
        return _error_page([message]), [message], None


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
        self.server = _listen(port, _handler_for(self.page), on_errors)
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
        """Refresh the page on every change to its inputs, until stopped.

        A folder that is deleted and created again is a new folder the watcher does not see,
        so the watch starts over whenever a watched folder is replaced (or comes back).
        """
        stale = False  # whether something may have changed while nothing was watching
        missing_shown = False
        while not self.stop_event.is_set():
            folders = watched_folders([self.page.report_path], self.page.template_dir)
            if all(folder.is_dir() for folder in folders):
                missing_shown = False
                self._watch_folders(folders, ready, stale)
            elif not missing_shown:  # show the error once, then wait for the folder to return
                missing_shown = True
                self.on_errors(self.page.refresh())
            else:
                ready.set()
                self.stop_event.wait(0.3)
            stale = True

    def _watch_folders(self, folders: list[Path], ready: threading.Event, stale: bool) -> None:
        """Watch `folders` until one of them is replaced or removed, or preview stops."""
        import watchfiles

        identity, rules = _identities(folders), RulesFiles([self.page.report_path])
        for changes in watchfiles.watch(
            *folders,
            stop_event=self.stop_event,
            watch_filter=lambda _change, path: self.page.is_input(Path(path)),
            debounce=400,
            step=30,
            yield_on_timeout=True,
            rust_timeout=200,
        ):
            ready.set()
            if rules.changed() or changes or stale:
                stale = False
                self.on_errors(self.page.refresh())
            if _identities(folders) != identity:
                return

    def stop(self) -> None:
        self.stop_event.set()
        self.server.shutdown()
        self.server.server_close()
        for thread in self.threads:
            thread.join(timeout=5)


def _identities(folders: list[Path]) -> list[tuple[int, int] | None]:
    identities: list[tuple[int, int] | None] = []
    for folder in folders:
        try:
            info = folder.stat()
            identities.append((info.st_dev, info.st_ino))
        except OSError:
            identities.append(None)
    return identities


class _LocalServer(ThreadingHTTPServer):
    """A thread per connection, a listen backlog for a burst of requests, and clients that go
    away mid-answer taken in stride."""

    request_queue_size = 1024  # socketserver's 5 drops connections when many arrive at once
    daemon_threads = True

    def __init__(self, port: int, handler, on_errors: Callable[[list[str]], None]):
        self.on_errors = on_errors
        super().__init__(("127.0.0.1", port), handler)

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return  # the browser closed the tab or stopped reading: nothing to report
        self.on_errors([f"preview: a request failed: {type(error).__name__}: {error}"])


def _listen(port: int, handler, on_errors: Callable[[list[str]], None]) -> _LocalServer:
    try:
        return _LocalServer(port, handler, on_errors)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise OutputError(
                f"port {port} on 127.0.0.1 is in use (another preview?); choose another "
                "with --port, or --port 0 for any free one"
            ) from error
        raise OutputError(f"cannot serve on 127.0.0.1:{port}: {error.strerror}") from error


# The names a browser uses for this machine. Any other Host header means the page was reached
# through some other name, which a DNS rebinding attack points at 127.0.0.1: refuse it.
_LOCAL_HOST = re.compile(r"(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?", re.IGNORECASE)


def _handler_for(page: PreviewPage):
    class Handler(BaseHTTPRequestHandler):
        timeout = 10  # a client that stops sending or reading frees its thread

        def do_GET(self) -> None:
            if not _LOCAL_HOST.fullmatch(self.headers.get("Host", "")):
                self.send_error(403, "preview answers only http://127.0.0.1 and localhost")
                return
            version, body = page.current()  # sent without the lock: a slow client blocks no one
            if self.path == "/__version":
                self._send(str(version).encode(), "text/plain")
            elif self.path in ("/", "/index.html"):
                self._send(body, "text/html; charset=utf-8")
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
