"""Start the jwsim browser app (``jwsim app`` / ``python -m jwsim.viz``) so that it works without internet.

Solara's wheel does not contain its front-end bundle: its server fetches those files from a public CDN on
first use. ``make assets`` (viz/fetch_assets.sh) downloads them from the npm registry into
``.cache/solara-assets`` once; here Solara's asset proxy is pointed at that folder, and its CDN at an address
that refuses connections, so the server never reaches out to the internet. See docs/app-infra.md.

``solara run`` dies on SIGTERM and leaves its worker processes behind, so it runs in its own process group
and is stopped with SIGINT (on Ctrl-C, or when this process gets SIGINT, SIGTERM or SIGHUP): it then shuts
its worker pool down itself. Whatever of its group is left when it has exited (or after a deadline) is
killed. This process sets its own handlers for all three signals before it starts Solara: a shell starts a
background job (``jwsim app &``) with SIGINT *ignored*, which Python would otherwise keep (so Ctrl-C or
``kill -INT`` did nothing) and pass on to Solara; a handled signal is reset to its default in the child.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from jwsim.experiments.executors import APP_WORKERS_ENV, app_workers_problem
from jwsim.messages import one_line

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
APP_MODULE = "jwsim.viz.app"
ASSETS_ENV = "JWSIM_ASSETS_DIR"
WORKERS_ENV = APP_WORKERS_ENV  # read by jwsim.experiments.executors.app_workers in the server process
COMPLETE_MARKER = ".complete"
# Where Solara would download a file that is missing from the asset folder. Port 9 (discard) on the loopback
# address refuses the connection at once: a missing file becomes a 404 in the browser (which the browser tests
# catch), never a request to the internet.
NO_CDN = "http://127.0.0.1:9/npm/"
STOP_TIMEOUT_S = 10.0


class AppSetupError(RuntimeError):
    """The app cannot start; the message says what to do, in one line."""


def project_root() -> Path:
    """Return the repository root when running from a checkout (editable install), else the current folder."""
    here = Path(__file__).resolve().parent.parent
    return here if (here / "pyproject.toml").is_file() else Path.cwd()


def cache_dir() -> Path:
    """Return ``<repo>/.cache``: Solara's home, matplotlib's config and the front-end files go there."""
    return project_root() / ".cache"


def resolve_assets_dir(assets_dir: str | os.PathLike[str] | None = None) -> Path:
    """Return the front-end folder: the argument, else $JWSIM_ASSETS_DIR, else .cache/solara-assets."""
    if assets_dir is None:
        assets_dir = os.environ.get(ASSETS_ENV) or cache_dir() / "solara-assets"
    try:
        return Path(assets_dir).expanduser().resolve()
    except (RuntimeError, ValueError, OSError) as error:  # ~unknown-user, a NUL byte, a loop of links
        raise AppSetupError(f"front-end folder {assets_dir}: not a usable path ({error})") from None


def check_assets(assets_dir: Path) -> None:
    """Raise AppSetupError unless ``make assets`` finished filling ``assets_dir``."""
    try:
        complete = (assets_dir / COMPLETE_MARKER).is_file()
    except OSError:  # e.g. a name longer than the file system allows
        complete = False
    if not complete:
        raise AppSetupError(
            f"Solara's front-end files are missing in {assets_dir}: run `make assets` first "
            f"(or point {ASSETS_ENV} at a folder it filled)."
        )


def check_app_workers(value: str | None) -> None:
    """Raise AppSetupError unless ``$JWSIM_APP_WORKERS`` is unset or a whole number from 1 to the cores."""
    problem = app_workers_problem(value)
    if problem:
        raise AppSetupError(
            f"{WORKERS_ENV}={value!r}: {problem} (the cores this machine gives the app; more workers would "
            "only make every run slower)"
        )


def check_port_free(host: str, port: int) -> None:
    """Raise AppSetupError if something already listens on host:port (a clearer message than uvicorn's)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise AppSetupError(
                f"cannot listen on {host}:{port} ({error.strerror}); choose another --port"
            ) from None
        except (UnicodeError, ValueError, TypeError, OverflowError) as error:  # not a host name at all
            raise AppSetupError(f"--host {host!r}: not a host name or address ({error})") from None


def is_loopback(host: str) -> bool:
    """Tell whether ``host`` is 127.0.0.1, ::1 or localhost: reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def build_command(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> list[str]:
    """Return the ``solara run`` command line, with the interpreter of this environment."""
    return [
        sys.executable, "-m", "solara", "run", APP_MODULE,
        "--host", host, "--port", str(port),
        "--production", "--no-open", "--no-check-version",
    ]  # fmt: skip


def build_env(assets_dir: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return the server's environment: local front-end files, no CDN, no telemetry, state under .cache/."""
    env = dict(os.environ if base is None else base)
    cache = cache_dir()
    warnings_filter = "ignore:Cookies with samesite=none require https:UserWarning"  # plain http on 127.0.0.1
    env.update(
        SOLARA_ASSETS_PROXY="true",
        SOLARA_ASSETS_PROXY_CACHE_DIR=str(assets_dir),
        SOLARA_ASSETS_CDN=NO_CDN,
        SOLARA_HOME=str(cache / "solara-home"),
        MPLCONFIGDIR=str(cache / "matplotlib"),
        SOLARA_TELEMETRY_MIXPANEL_ENABLE="false",
        SOLARA_THEME_SHOW_BANNER="false",  # no "This website runs on Solara" badge
        SOLARA_THEME_TITLE="jwsim",  # the tab title while the page loads
        PYTHONWARNINGS=",".join(filter(None, [env.get("PYTHONWARNINGS"), warnings_filter])),
    )
    return env


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _stop(process: subprocess.Popen[bytes]) -> int:
    """Stop Solara: SIGINT to it (it shuts its pool down), then SIGKILL to whatever is left of its group.

    Returns Solara's exit code (negative: killed by that signal).
    """
    try:
        os.kill(process.pid, signal.SIGINT)
        code = process.wait(timeout=STOP_TIMEOUT_S)
    except ProcessLookupError:
        code = process.wait()
    except subprocess.TimeoutExpired:
        print(
            f"jwsim app: the server did not stop within {STOP_TIMEOUT_S:.0f} s; stopping it by force",
            file=sys.stderr,
        )
        code = None
    try:  # the pool's fork server and resource tracker, or everything if Solara hung
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    return process.wait() if code is None else code


def serve(
    host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, assets_dir: str | os.PathLike[str] | None = None
) -> int:
    """Run the app until it stops or the user presses Ctrl-C; return the exit code (0 after Ctrl-C).

    Raises:
        AppSetupError: the front-end files are missing or the port is taken.

    """
    folder = resolve_assets_dir(assets_dir)
    check_assets(folder)
    check_app_workers(os.environ.get(WORKERS_ENV))
    check_port_free(host, port)
    env = build_env(folder)
    for key in ("SOLARA_HOME", "MPLCONFIGDIR"):
        Path(env[key]).mkdir(parents=True, exist_ok=True)
    if not is_loopback(host):
        print(
            f"jwsim app: listening on {host}: other machines on the network can open the app", file=sys.stderr
        )
    print(f"jwsim app: http://{host}:{port}  (Ctrl-C stops it)", file=sys.stderr, flush=True)

    stopping = []

    def _terminate(signum: int, frame: object) -> None:
        if not stopping:  # the first signal stops the server; more while it stops change nothing
            stopping.append(signum)
            raise KeyboardInterrupt

    # Handlers first (see the module docstring): also SIGINT, which a background job may have ignored.
    previous = {sig: signal.signal(sig, _terminate) for sig in STOP_SIGNALS}
    try:
        # A process group of its own: Ctrl-C reaches only this process, which then stops the group cleanly.
        process = subprocess.Popen(build_command(host, port), env=env, start_new_session=True)
        try:
            return process.wait()
        except KeyboardInterrupt:
            _stop(process)
            return 0
        finally:
            if process.poll() is None:
                _stop(process)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def add_app_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``app`` on the jwsim CLI's subparsers; ``args.func`` is ``run_app``."""
    parser = subparsers.add_parser(
        "app",
        help="start the browser app (offline; needs `make assets`)",
        description="Start the jwsim browser app on this machine. Stop it with Ctrl-C.",
    )
    add_app_arguments(parser)
    parser.set_defaults(func=run_app)
    return parser


def host_type(text: str) -> str:
    """Argparse type: a host name or address (an empty one would silently mean every interface)."""
    if not text.strip() or any(c.isspace() or not c.isprintable() for c in text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a host name or address (e.g. 127.0.0.1)")
    return text


def port_type(text: str) -> int:
    """Argparse type: a TCP port 0..65535 (0: the system picks a free one)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is outside 0..65535")
    return port


def add_app_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``jwsim app`` (shared with ``python -m jwsim.viz``) to ``parser``."""
    parser.add_argument(
        "--host",
        type=host_type,
        default=DEFAULT_HOST,
        help="address to listen on (default: %(default)s, this machine only)",
    )
    parser.add_argument("--port", type=port_type, default=DEFAULT_PORT, help="port (default: %(default)s)")
    parser.add_argument(
        "--assets-dir",
        default=None,
        help=f"folder filled by `make assets` (default: ${ASSETS_ENV}, else .cache/solara-assets)",
    )


def run_app(args: argparse.Namespace) -> int:
    """Run the app from parsed arguments; setup problems become one line on stderr and exit code 2."""
    try:
        return serve(host=args.host, port=args.port, assets_dir=args.assets_dir)
    except AppSetupError as error:
        print(f"jwsim app: {one_line(str(error))}", file=sys.stderr)
        return 2


def main(argv: list[str] | None = None) -> int:
    """``python -m jwsim.viz``: the same as ``jwsim app``."""
    parser = argparse.ArgumentParser(prog="python -m jwsim.viz", description="Start the jwsim browser app.")
    add_app_arguments(parser)
    return run_app(parser.parse_args(argv))
