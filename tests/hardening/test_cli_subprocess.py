"""A handful of bad inputs end to end, in a real ``jwsim`` process (the fuzzing runs in-process).

What only a real process shows: the exit status the shell sees, stderr as bytes (undecodable argv, escape
sequences that must not reach the terminal raw), and that no traceback is printed by the interpreter.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

JUNK = bytes(range(256)) * 4
CASES = {
    "binary scenario file": ([b"run", b"--scenario", b"@junk.toml", b"--out", b"@out"], {}, b"not a UTF-8"),
    "undecodable file name": (
        [b"run", b"--scenario", b"\xff\xfe.toml", b"--out", b"@out"],
        {},
        b"file not found",
    ),
    "escape sequence and newline in a name": (
        [b"run", b"--scenario", b"\x1b[31mred\nname.toml", b"--out", b"@out"],
        {},
        b"\\x1b[31mred\\nname.toml",
    ),
    "huge number in a design": ([b"sweep", b"@huge.toml", b"--out", b"@out"], {}, b"is too large"),
    "results folder nobody may create": ([b"run", b"--out", b"/proc/jwsim/out"], {}, b"cannot be written"),
    "port out of range": ([b"app", b"--port", b"70000"], {}, b"outside 0..65535"),
    "scheduler address from the environment": (
        [b"sweep", b"smoke", b"--out", b"@out"],
        {"DASK_SCHEDULER_ADDRESS": "notaurl"},
        b"Dask scheduler",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_in_a_real_process(case, tmp_path):
    """Exit 2, one line on stderr (no raw control characters), no traceback, nothing written."""
    argv, env, needle = CASES[case]
    (tmp_path / "junk.toml").write_bytes(JUNK)
    (tmp_path / "huge.toml").write_text(
        'name = "h"\nmethod = "lhs"\nsamples = 4\n[run]\nscale = 1' + "0" * 400 + '\n[factors."bk10.ib"]\n'
        "low = 1.0\nhigh = 4.0\n"
    )
    folder = os.fsencode(tmp_path)
    argv = [a.replace(b"@", folder + b"/") if a.startswith(b"@") else a for a in argv]
    before = sorted(p.name for p in tmp_path.iterdir())
    result = subprocess.run(
        [os.fsencode(sys.executable), b"-m", b"jwsim", *argv],
        capture_output=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, **env},
    )
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1 and b"Traceback" not in result.stderr, result.stderr
    assert needle in lines[0], lines[0]
    assert b"\x1b" not in result.stderr  # an escape sequence in a name is shown, not executed
    assert result.stdout == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no --out folder, nothing else


def test_app_refuses_before_starting_a_server(tmp_path):
    """``jwsim app`` with a bad host never starts Solara: the one process exits at once."""
    result = subprocess.run(
        [sys.executable, "-m", "jwsim", "app", "--host", "", "--assets-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "host" in result.stderr and "Traceback" not in result.stderr
