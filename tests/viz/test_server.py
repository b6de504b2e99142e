"""`jwsim app` / `python -m jwsim.viz`: clear one-line errors, loopback by default, offline settings."""

from __future__ import annotations

import argparse
import inspect
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jwsim.viz import server
from jwsim.viz.server import AppSetupError


def _run_module(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jwsim.viz", *args], capture_output=True, text=True, timeout=60, env=env
    )


def test_missing_assets_is_one_line_and_nonzero_exit(tmp_path):
    """Without `make assets`: one line saying so, exit code 2, no server."""
    started = time.monotonic()
    result = _run_module("--assets-dir", str(tmp_path), "--port", "0")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "make assets" in lines[0] and str(tmp_path) in lines[0]
    assert time.monotonic() - started < 30  # fails fast, starts no server


def test_missing_assets_from_environment(tmp_path):
    """$JWSIM_ASSETS_DIR is checked the same way."""
    env = {**os.environ, server.ASSETS_ENV: str(tmp_path / "nowhere")}
    result = _run_module(env=env)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "nowhere" in result.stderr and "make assets" in result.stderr


def test_serve_raises_setup_error_without_assets(tmp_path):
    """``serve`` raises the project error the CLI turns into one line."""
    with pytest.raises(AppSetupError, match="make assets"):
        server.serve(assets_dir=tmp_path)


def test_default_bind_is_loopback():
    """By default the app listens on 127.0.0.1:8765 only."""
    assert inspect.signature(server.serve).parameters["host"].default == "127.0.0.1"
    assert inspect.signature(server.serve).parameters["port"].default == 8765
    parser = argparse.ArgumentParser(prog="jwsim")
    server.add_app_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["app"])
    assert (args.host, args.port, args.assets_dir, args.func) == ("127.0.0.1", 8765, None, server.run_app)
    args = parser.parse_args(["app", "--host", "0.0.0.0", "--port", "9000"])
    assert (args.host, args.port) == ("0.0.0.0", 9000)


def test_command_runs_solara_in_production_without_browser_or_version_check():
    """The server runs ``solara run`` in production mode, opening nothing, checking no version."""
    command = server.build_command("127.0.0.1", 8123)
    assert command[:5] == [sys.executable, "-m", "solara", "run", "jwsim.viz.app"]
    for flag in ("--production", "--no-open", "--no-check-version"):
        assert flag in command
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert command[command.index("--port") + 1] == "8123"


def test_environment_is_offline_quiet_and_inside_the_repository(tmp_path):
    """Local assets, no CDN, no telemetry, state under <repo>/.cache; the rest is inherited."""
    env = server.build_env(tmp_path, base={"PYTHONWARNINGS": "default", "HOME": "/home/x"})
    cache = server.cache_dir()
    assert env["SOLARA_ASSETS_PROXY_CACHE_DIR"] == str(tmp_path)
    assert env["SOLARA_ASSETS_PROXY"] == "true"
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "false"
    assert Path(env["SOLARA_HOME"]).parent == cache
    assert Path(env["MPLCONFIGDIR"]).parent == cache
    assert server.is_loopback(env["SOLARA_ASSETS_CDN"].split("/")[2].split(":")[0])  # never the public CDN
    assert env["PYTHONWARNINGS"].startswith("default,")
    assert env["HOME"] == "/home/x"


def test_assets_dir_precedence(tmp_path, monkeypatch):
    """The argument beats $JWSIM_ASSETS_DIR, which beats .cache/solara-assets."""
    monkeypatch.setenv(server.ASSETS_ENV, str(tmp_path / "from-env"))
    assert server.resolve_assets_dir(tmp_path / "arg") == tmp_path / "arg"
    assert server.resolve_assets_dir() == tmp_path / "from-env"
    monkeypatch.delenv(server.ASSETS_ENV)
    assert server.resolve_assets_dir() == (server.cache_dir() / "solara-assets").resolve()


def test_port_in_use_is_a_setup_error(tmp_path):
    """A taken port is a clear setup error, before anything starts."""
    (tmp_path / ".complete").write_text("")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(AppSetupError, match=f"127.0.0.1:{port}.*--port"):
            server.serve(port=port, assets_dir=tmp_path)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False), ("192.168.1.5", False)],
)
def test_is_loopback(host, loopback):
    """Loopback addresses are recognised."""
    assert server.is_loopback(host) is loopback
