"""Benchmark `reportkit preview` under load: 200 clients at once, with and without a client
that asks for a large page and never reads it, and the re-renders caused by a log file
written next to the report.

Prints figures; asserts nothing. `.venv/bin/python benchmarks/bench_preview.py [--clients N]`.
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

from reportkit.watching import PreviewServer

ROOT = Path(__file__).resolve().parent.parent
BRIEF = ROOT / "reports" / "belavia-sanctions-brief.yaml"
TIMEOUT = 10.0


def one_request(port: int, results: list, start: threading.Event) -> None:
    start.wait()
    began = time.perf_counter()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        connection.request("GET", "/__version")
        connection.getresponse().read()
        connection.close()
        results.append(time.perf_counter() - began)
    except OSError:
        results.append(None)


def burst(port: int, clients: int) -> list:
    """Fire `clients` requests at the same moment; return each one's seconds (None: failed)."""
    results: list = []
    start = threading.Event()
    threads = [
        threading.Thread(target=one_request, args=(port, results, start)) for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    start.set()
    for thread in threads:
        thread.join()
    return results


def describe(results: list) -> str:
    times = sorted(t for t in results if t is not None)
    failed = len(results) - len(times)
    if not times:
        return f"all {failed} failed"
    return (
        f"median {statistics.median(times) * 1000:.0f} ms, "
        f"max {times[-1] * 1000:.0f} ms, {failed} failed (timeout {TIMEOUT:.0f} s)"
    )


def stall(port: int) -> socket.socket:
    client = socket.socket()
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    client.connect(("127.0.0.1", port))
    client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    return client


def rerenders_with_a_log(folder: Path, seconds: float) -> int:
    report = folder / "log" / BRIEF.name
    report.parent.mkdir()
    shutil.copyfile(BRIEF, report)
    log = report.parent / "preview.log"

    def write_log(errors: list[str]) -> None:
        with log.open("a", encoding="utf-8") as file:
            file.write("rendered\n")

    server = PreviewServer(report, on_errors=write_log).start()
    write_log([])
    time.sleep(seconds)
    server.stop()
    return server.page.version - 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    clients = parser.parse_args().clients
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / BRIEF.name
        shutil.copyfile(BRIEF, report)
        server = PreviewServer(report).start()
        port = server.server.server_address[1]
        print(f"{clients} concurrent requests: {describe(burst(port, clients))}")
        server.page.body = b"<html><body>" + b"x" * 32_000_000 + b"</body></html>"
        stalled = stall(port)
        time.sleep(0.5)
        print(f"  with one client that never reads: {describe(burst(port, clients))}")
        stalled.close()
        server.stop()
        count = rerenders_with_a_log(Path(folder), 3.0)
        print(f"re-renders in 3 s while a log next to the report is written: {count}")


if __name__ == "__main__":
    main()
