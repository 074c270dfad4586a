"""`reportkit preview` under load and abuse (issue 12, case 7), on 127.0.0.1 only.

Every wait is bounded: a test that would hang on a regression fails instead.
"""

from __future__ import annotations

import http.client
import select
import shutil
import socket
import struct
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import BRIEF_SAMPLE, wait_until, write_png

from reportkit.cli import main
from reportkit.watching import PreviewServer

HEADLINE = "واشنطن تخفف عقوبات"
BIG_PAGE = b"<html><body>" + b"x" * 32_000_000 + b"</body></html>"  # more than socket buffers


def get(server: PreviewServer, path: str = "/", host: str | None = None, timeout: float = 10):
    """Return (status, body) of one GET request to the preview."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", server.server.server_address[1], timeout=timeout
    )
    try:
        headers = {"Host": host} if host else {}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "reports" / "brief.yaml"
    path.parent.mkdir()
    shutil.copyfile(BRIEF_SAMPLE, path)
    return path


@pytest.fixture
def preview(report):
    """A running preview of the brief, and the error lines it reported."""
    reported: list[str] = []
    server = PreviewServer(report, on_errors=reported.extend).start()
    yield server, reported
    server.stop()


def stalled_client(server: PreviewServer) -> socket.socket:
    """Ask for the page and never read the answer (a tiny receive buffer, to stall sooner)."""
    client = socket.socket()
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    client.connect(server.server.server_address)
    client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    return client


def test_one_client_that_never_reads_blocks_no_one(preview):
    server, reported = preview
    server.page.body = BIG_PAGE
    stalled = stalled_client(server)
    try:
        time.sleep(0.5)  # let the server fill the buffers and block writing to it
        with ThreadPoolExecutor(max_workers=50) as pool:
            answers = list(pool.map(lambda _: get(server, "/__version"), range(200)))
        assert [status for status, _ in answers] == [200] * 200
        assert {body for _, body in answers} == {b"1"}
    finally:
        stalled.close()
    assert reported == []


def test_a_burst_of_connections_is_not_dropped(report):
    server = PreviewServer(report)  # listening, but not yet accepting: all wait in the backlog
    try:
        clients = [socket.socket() for _ in range(200)]
        for client in clients:
            client.setblocking(False)
            client.connect_ex(server.server.server_address)
        pending, connected = set(clients), 0
        deadline = time.monotonic() + 5
        while pending and time.monotonic() < deadline:
            _, writable, _ = select.select([], list(pending), [], 0.1)
            for client in writable:
                pending.discard(client)
                connected += client.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0
        assert connected == 200
    finally:
        for client in clients:
            client.close()
        server.server.server_close()


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:8000", "127.0.0.1.nip.io"])
def test_other_host_names_are_refused(preview, host):
    server, _ = preview
    status, body = get(server, host=host)
    assert status == 403 and HEADLINE.encode() not in body


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST:8000", "[::1]:8000"])
def test_loopback_host_names_are_answered(preview, host):
    server, _ = preview
    status, body = get(server, host=host)
    assert status == 200 and HEADLINE.encode() in body


def test_a_recreated_report_folder_is_watched_again(preview, report):
    server, _ = preview
    text = report.read_text(encoding="utf-8")
    shutil.rmtree(report.parent)
    assert wait_until(lambda: b"The report has errors" in get(server)[1])
    report.parent.mkdir()
    report.write_text(text.replace(HEADLINE, "عنوان بعد إعادة الإنشاء"), encoding="utf-8")
    assert wait_until(lambda: "عنوان بعد إعادة الإنشاء".encode() in get(server)[1])
    report.write_text(text.replace(HEADLINE, "تعديل في المجلد الجديد"), encoding="utf-8")
    assert wait_until(lambda: "تعديل في المجلد الجديد".encode() in get(server)[1])


def test_files_that_are_not_inputs_do_not_rerender(report):
    log = report.parent / "preview.log"

    def write_log(errors: list[str]) -> None:  # what `preview r.yaml > preview.log` does
        with log.open("a", encoding="utf-8") as file:
            file.write("\n".join(errors) or "rendered\n")

    server = PreviewServer(report, on_errors=write_log).start()
    try:
        write_log(["previewing"])  # the CLI's line after start: it sets the loop going
        time.sleep(2)  # five debounce periods: each log line would have re-rendered the page
        assert server.page.version == 1
        report.write_text(report.read_text(encoding="utf-8").replace(HEADLINE, "جديد"), "utf-8")
        assert wait_until(lambda: server.page.version == 2)
    finally:
        server.stop()


def test_a_client_that_disconnects_mid_answer_is_not_an_error(preview, capfd):
    server, reported = preview
    server.page.body = BIG_PAGE
    client = stalled_client(server)
    time.sleep(0.3)
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    client.close()  # a reset, as when a browser tab closes
    assert get(server, "/__version")[0] == 200
    time.sleep(0.3)
    assert reported == [] and "Traceback" not in capfd.readouterr().err


def test_a_busy_port_is_one_line_and_exit_3(report, monkeypatch, capsys):
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    port = holder.getsockname()[1]
    monkeypatch.setattr(sys, "argv", ["reportkit", "preview", str(report), "--port", str(port)])
    try:
        with pytest.raises(SystemExit) as done:
            main()
    finally:
        holder.close()
    assert done.value.code == 3
    assert capsys.readouterr().err.strip().splitlines() == [
        f"reportkit: port {port} on 127.0.0.1 is in use (another preview?); choose another "
        "with --port, or --port 0 for any free one"
    ]


def test_an_image_of_the_report_is_still_an_input(report):
    write_png(report.parent / "photo.png")
    text = report.read_text(encoding="utf-8").replace(
        "date: 2025-11-05\n", "date: 2025-11-05\nimage:\n  file: photo.png\n  caption: صورة\n", 1
    )
    report.write_text(text, encoding="utf-8")
    server = PreviewServer(report).start()
    try:
        write_png(report.parent / "photo.png", rgb=(0, 90, 0))
        assert wait_until(lambda: server.page.version == 2)
    finally:
        server.stop()
