"""`jwsim app` stops cleanly on SIGINT and SIGTERM, also when it was started in the background.

A shell starts a background job (`jwsim app &`) with SIGINT ignored, and Python keeps an ignored SIGINT:
Ctrl-C or `kill -INT` then did nothing. Here the real `jwsim app` is started exactly so (SIGINT ignored,
in a session of its own), a page is opened so the server starts its worker pool, and the signal is sent:
the app must exit with code 0, print no traceback, and leave no process behind (Solara, its worker pool's
fork server and workers, the resource tracker).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 30.0  # the app's own deadline is 10 s; this only bounds the test when it hangs
HOST = "127.0.0.1"


def _port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _tree(pid: int) -> set[int]:
    """Return ``pid`` and all its descendants (from /proc)."""
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        found.add(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
    return found


def _alive(pids: set[int]) -> set[int]:
    """Return the processes of ``pids`` that still exist (zombies count as gone)."""
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # what a shell does to a background job


def _start(tmp_path: Path) -> tuple[subprocess.Popen, str, Path]:
    port = _port()
    log = tmp_path / "app.log"
    jwsim = Path(sys.executable).with_name("jwsim")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(jwsim), "app", "--host", HOST, "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_ignore_sigint,
            env={**os.environ, "JWSIM_APP_WORKERS": "1"},
        )
    url = f"http://{HOST}:{port}/"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"jwsim app exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return process, url, log
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)  # polling interval, bounded by the deadline
    process.kill()
    pytest.fail(f"jwsim app did not answer within {START_TIMEOUT_S:.0f} s")


def _with_pool(page: Page, url: str, process: subprocess.Popen) -> set[int]:
    """Open the app (the server then starts its worker pool); return every process of the app by then."""
    page.goto(url)
    page.get_by_role("tab", name="Scenario").wait_for()
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:  # Solara, the pool's fork server and its worker: at least 4
        pids = _tree(process.pid)
        if len(pids) >= 4:
            return pids
        time.sleep(0.1)  # polling interval, bounded by the deadline
    pytest.fail(f"the worker pool did not start: {sorted(pids)}")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_background_app_stops_cleanly(sig, page, tmp_path):
    """SIGINT (ignored on start, as in a background job) or SIGTERM: exit 0, no traceback, nothing left."""
    process, url, log = _start(tmp_path)
    pids: set[int] = set()
    try:
        pids = _with_pool(page, url, process)
        page.close()
        os.kill(process.pid, sig)
        try:
            code = process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            pytest.fail(f"jwsim app ignored {sig.name} ({STOP_TIMEOUT_S:.0f} s)")
        left = _alive(pids)
        text = log.read_text(errors="replace")
        assert code == 0, text
        assert not left, f"processes left behind: {sorted(left)}"
        assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
        assert "by force" not in text, text  # stopped by SIGINT in time, not killed
    finally:  # a failed stop must not leave the server behind (its processes may be in other groups)
        for pid in _alive(pids | _tree(process.pid)):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        process.wait()
