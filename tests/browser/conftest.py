"""Browser tests: the real app server and Debian's Chromium, driven by Playwright.

- ``app_server`` (session): starts ``jwsim app`` (or ``python -m jwsim.viz`` while the CLI lacks ``app``) on
  a free port in its own process group, polls until it answers HTTP 200, and stops the group at the end.
- ``browser_type_launch_args``: /usr/bin/chromium, headless, with the flags that keep it from dialling out.
- ``watch``: records page errors, console errors, failed requests, HTTP responses >= 400 and every URL a
  page asks for, and fails the test at teardown if anything went wrong or the page shows a failed render
  (the app's error boundary or a Python traceback). ``app`` is a watched, loaded page.
- ``shoot``: saves a screenshot under tests/browser/screenshots/ (gitignored) — look at them.

Without /usr/bin/chromium the tests are skipped, except when $CI is set: there `make test` installs Chromium
first, and a missing browser is a failure.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOST = "127.0.0.1"
HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE / "screenshots"
SERVER_START_TIMEOUT_S = 60.0
SERVER_STOP_TIMEOUT_S = 20.0
PAGE_TIMEOUT_MS = 15_000
# How long an expect() may wait for its condition: a page update takes well under a second on an idle
# machine, but the 2 cores are shared with the app's own simulations and the rest of the test suite.
EXPECT_TIMEOUT_MS = 30_000
expect.set_options(timeout=EXPECT_TIMEOUT_MS)
_SERVER_TIMINGS = pytest.StashKey[dict[str, float]]()
_NO_RIPPLES = ".v-ripple__container { display: none !important; }"
# The height that the page's scrolling area (the tallest element that scrolls) hides below its visible part.
_HIDDEN_HEIGHT_JS = """() => {
  let main = null;
  for (const el of document.querySelectorAll('div, main')) {
    const style = getComputedStyle(el);
    if ((style.overflowY === 'auto' || style.overflowY === 'scroll') && el.scrollHeight > el.clientHeight
        && (main === null || el.clientHeight > main.clientHeight)) {
      main = el;
    }
  }
  return main === null ? 0 : main.scrollHeight - main.clientHeight;
}"""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """When a browser test fails, add what CI cannot show otherwise: the app server's log and a screenshot.

    The screenshot goes to screenshots/FAILED-<test>.png; the report gets the server log's last lines and the
    page's text (a failed assertion shows only the locator's own text).
    """
    report = yield
    if report.when != "call" or not report.failed:
        return report
    funcargs = getattr(item, "funcargs", {})
    server = funcargs.get("app_server")
    if server is not None:
        report.sections.append(("app server log (last lines)", _tail(server.log(), 60)))
    page = funcargs.get("page")
    if page is not None and not page.is_closed():
        try:
            SCREENSHOTS.mkdir(exist_ok=True)
            name = item.name.replace("[", "-").replace("]", "").replace("/", "-")
            page.screenshot(path=str(SCREENSHOTS / f"FAILED-{name}.png"), full_page=True)
            report.sections.append(("page text at failure", page.inner_text("body")[:3000]))
        except Exception as exc:  # diagnostics must not hide the test's own failure
            report.sections.append(("page text at failure", f"unavailable: {exc}"))
    return report


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark everything under tests/browser as ``browser``; skip it only off CI when Chromium is absent."""
    skip = None
    if not CHROMIUM.exists() and not os.environ.get("CI"):
        skip = pytest.mark.skip(reason=f"{CHROMIUM} not found (install it with `make browser-deps`)")
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if skip is not None:
                item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """Report the server's start and stop times (not shown from pytest-xdist workers)."""
    timings = config.stash.get(_SERVER_TIMINGS, None)
    if timings:
        terminalreporter.write_line(
            "jwsim app server: ready in {start_s:.2f} s, stopped in {stop_s:.2f} s".format(**timings)
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Use Debian's Chromium (never a Playwright download), headless, without background network traffic."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing; `make browser-deps` installs it (CI must run the browser tests)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


# ------------------------------------------------------------------------------------------------ the server


@dataclass
class AppServer:
    """A running app server."""

    url: str
    log_path: Path
    start_s: float

    def log(self) -> str:
        """Return the server's output so far."""
        return self.log_path.read_text(errors="replace")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _app_command(port: int) -> list[str]:
    """Use ``jwsim app`` once the CLI registers it, else ``python -m jwsim.viz`` (same options).

    The CLI registers the command with ``jwsim.viz.server.add_app_parser``; reading its source tells whether
    it does without paying for the CLI's imports (seconds on a busy machine).
    """
    options = ["--host", HOST, "--port", str(port)]
    jwsim = Path(sys.executable).with_name("jwsim")
    cli = importlib.util.find_spec("jwsim.cli")
    if jwsim.exists() and cli and cli.origin and "add_app_parser" in Path(cli.origin).read_text():
        return [str(jwsim), "app", *options]
    return [sys.executable, "-m", "jwsim.viz", *options]


def _children(pid: int) -> list[int]:
    """List the direct children of ``pid`` (Linux /proc): Solara runs in a process group of its own."""
    pids: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            pids += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return pids


def _killpg(pgid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Iterator[AppServer]:
    """Run the real app on a free port; poll (bounded) until HTTP 200; stop its process groups at the end."""
    port = _free_port()
    url = f"http://{HOST}:{port}/"
    log_path = tmp_path_factory.mktemp("app-server") / "server.log"
    command = _app_command(port)
    # One simulation worker per server: pytest-xdist runs two servers side by side on the 2 cores.
    env = {**os.environ, "JWSIM_APP_WORKERS": "1", "JWSIM_APP_PRECOMPUTE": "0"}
    started = time.monotonic()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env=env,
        )
    server_groups: list[int] = []
    start_s = float("nan")
    try:
        deadline = started + SERVER_START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"the app server exited with code {process.returncode} before answering:\n"
                    f"{' '.join(command)}\n{_tail(log_path.read_text(errors='replace'))}"
                )
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"the app server did not answer within {SERVER_START_TIMEOUT_S:.0f} s:\n"
                    f"{_tail(log_path.read_text(errors='replace'))}"
                )
            time.sleep(0.1)  # polling interval, bounded by the deadline above
        start_s = time.monotonic() - started
        server_groups = _children(process.pid)
        yield AppServer(url=url, log_path=log_path, start_s=start_s)
    finally:
        stopping = time.monotonic()
        # SIGINT: the wrapper then stops Solara's own group with SIGINT (Solara dies badly on SIGTERM).
        _killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=SERVER_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            _killpg(process.pid, signal.SIGKILL)
            process.wait()
        for group in server_groups:  # anything left of the server and its workers
            _killpg(group, signal.SIGKILL)
        pytestconfig.stash[_SERVER_TIMINGS] = {"start_s": start_s, "stop_s": time.monotonic() - stopping}


# ------------------------------------------------------------------------------------- watching the browser


@dataclass
class PageWatch:
    """What one page did: every URL it asked for, and everything that went wrong."""

    name: str
    urls: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    page: Page | None = None

    def attach(self, page: Page) -> None:
        """Listen to the page's errors, console, requests, responses and websockets."""
        self.page = page
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("console", self._on_console)
        page.on("request", lambda request: self.urls.append(request.url))
        page.on("websocket", lambda websocket: self.urls.append(websocket.url))
        page.on(
            "requestfailed",
            lambda request: self.problems.append(f"request failed: {request.url} ({request.failure})"),
        )
        page.on("response", self._on_response)

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text} ({message.location})")

    def _on_response(self, response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def rendering_failures(self) -> list[str]:
        """Return what the page shows of a failed render: the app's error boundary, or a Python traceback.

        A component that raises is not a browser error: Solara renders the traceback into the page (CI once
        caught the Verken page that way, only because a later assertion timed out). Checked at teardown.
        """
        if self.page is None or self.page.is_closed():
            return []
        found = []
        if self.page.locator(".jwsim-page-error").count():
            found.append(f"error boundary shown: {self.page.locator('.jwsim-page-error').first.inner_text()}")
        body = self.page.locator("body").inner_text()
        if "Traceback (most recent call last)" in body:
            start = body.index("Traceback (most recent call last)")
            found.append(f"traceback in the page: {body[start:start + 600]}")
        return found

    def non_local_urls(self) -> list[str]:
        """Return the URLs (http, https, ws, wss) that are not on the local app server's address."""
        return [
            url
            for url in self.urls
            if urlsplit(url).scheme in {"http", "https", "ws", "wss"} and urlsplit(url).hostname != HOST
        ]


@pytest.fixture
def watch() -> Iterator[Callable[..., PageWatch]]:
    """Give ``watch(page, name)``, which records a page; fail at teardown if a watched page had problems."""
    watches: list[PageWatch] = []

    def _watch(page: Page, name: str = "page") -> PageWatch:
        recorder = PageWatch(name)
        recorder.attach(page)
        watches.append(recorder)
        return recorder

    yield _watch
    problems = [f"[{w.name}] {problem}" for w in watches for problem in w.problems + w.rendering_failures()]
    assert not problems, "the browser reported problems:\n" + "\n".join(problems)


@pytest.fixture
def shoot(request: pytest.FixtureRequest) -> Callable[..., Path]:
    """Give ``shoot(page, label)``, which saves screenshots/<test>-<label>.png and returns its path."""
    SCREENSHOTS.mkdir(exist_ok=True)
    test_name = request.node.name.replace("[", "-").replace("]", "").replace("/", "-")

    def _shoot(page: Page, label: str) -> Path:
        path = SCREENSHOTS / f"{test_name}-{label}.png"
        page.mouse.move(0, 0)  # no hover highlight in the picture
        # Solara scrolls the page inside a <div>, so full_page alone shows only the viewport: grow the
        # viewport by what that div hides, take the picture, and put the viewport back.
        size = page.viewport_size
        hidden = page.evaluate(_HIDDEN_HEIGHT_JS)
        if size and hidden > 0:
            page.set_viewport_size({"width": size["width"], "height": min(size["height"] + hidden, 12_000)})
        try:
            # Vuetify's click ripples take ~1 s to fade: leave them out of the picture instead of waiting
            page.screenshot(path=str(path), full_page=True, animations="disabled", style=_NO_RIPPLES)
        finally:
            if size and hidden > 0:
                page.set_viewport_size(size)
        return path

    return _shoot


def _open_app(page: Page, server: AppServer) -> float:
    """Load the app and wait until the Dutch navigation is visible; return the seconds that took."""
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    started = time.monotonic()
    page.goto(server.url)
    try:
        page.get_by_role("tab", name="Scenario").wait_for(state="visible")
    except Exception as error:  # say what the page shows instead, and what the server said
        SCREENSHOTS.mkdir(exist_ok=True)
        picture = SCREENSHOTS / f"not-ready-{os.getpid()}.png"
        page.screenshot(path=str(picture), full_page=True)
        pytest.fail(
            f"the app did not become ready ({type(error).__name__}); screenshot: {picture}\n"
            f"page text: {page.inner_text('body')[:800]!r}\nserver log:\n{_tail(server.log())}"
        )
    return time.monotonic() - started


@pytest.fixture
def open_app(app_server: AppServer) -> Callable[[Page], float]:
    """Give ``open_app(page)``, which loads the app and waits until it is ready; it returns the seconds."""
    return lambda page: _open_app(page, app_server)


@dataclass
class LoadedApp:
    """A browser page with the app loaded, what it did so far, and how long loading took."""

    page: Page
    watch: PageWatch
    ready_s: float


@pytest.fixture
def app(page: Page, app_server: AppServer, watch) -> LoadedApp:
    """Open a watched page with the app loaded and ready (Dutch, on the Scenario page)."""
    recorder = watch(page, "app")
    return LoadedApp(page=page, watch=recorder, ready_s=_open_app(page, app_server))
