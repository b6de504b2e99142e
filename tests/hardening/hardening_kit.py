"""Shared tools of the hardening suites: junk values, a small TOML writer, an in-process CLI runner.

The CLI runner calls ``jwsim.cli.main(argv)`` in this process (a subprocess per example would cost a
second of interpreter start each) with stdout/stderr captured, and with the model's constructor replaced by
a tripwire: a bad input must be refused *before* any simulation starts, so an example that reaches the
model fails loudly instead of quietly running for seconds.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import strategies as st

# A deep search (JWSIM_FUZZ_SCALE=20) runs every suite with 20x the examples; CI runs the modest default.
FUZZ_SCALE = float(os.environ.get("JWSIM_FUZZ_SCALE", "1"))


def examples(n: int) -> int:
    """Return the number of hypothesis examples for a suite whose CI budget is ``n``."""
    return max(1, int(n * FUZZ_SCALE))


# ------------------------------------------------------------------------------------------ junk values
# Characters that break naive code: NUL and controls, right-to-left override, zero-width joiner, a lone
# surrogate as Linux argv decoding produces for undecodable bytes, non-ASCII digits that str.isdigit()
# accepts but int() may not (superscript two), full-width digits, combining marks, emoji.
ODD_CHARS = "\x00\x01\x1b\x7f\u202e\u200d\ufeff\u00b2\u0663\uff11\u0301\U0001f600\n\r\t\"'\\=[]{}#.,"
# Text a file can hold (no lone surrogates: they cannot be written as UTF-8; lone_surrogates has them).
odd_text = st.text(
    alphabet=st.sampled_from(ODD_CHARS) | st.characters(exclude_categories=("Cs",)), max_size=40
)
lone_surrogates = st.sampled_from(["\ud800", "\udc80", "\udfff", "a\udcffb"])
argv_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
    | st.sampled_from("\udc80\udcff\u00b2\u0663\uff11\u202e"),
    max_size=30,
)
huge_ints = st.sampled_from([10**19, 2**63, 2**64 + 1, 10**400, -(10**400)]) | st.integers(min_value=10**18)
bad_floats = st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 5e-324, 1.7976931348623157e308, -1.0])


def toml_scalars(allow_nonfinite: bool = True) -> st.SearchStrategy:
    """Every scalar type TOML has (text, whole number, float, boolean, dates and times)."""
    floats = st.floats(allow_nan=allow_nonfinite, allow_infinity=allow_nonfinite)
    return st.one_of(
        odd_text,
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        huge_ints,  # beyond 64 bits too: TOML stops there, tomllib does not
        floats,
        st.booleans(),
        st.dates(),
        st.datetimes(),
        st.times(),
    )


def toml_values(max_leaves: int = 6) -> st.SearchStrategy:
    """Scalars, arrays and tables, nested."""
    return st.recursive(
        toml_scalars(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(odd_text, inner, max_size=3),
        max_leaves=max_leaves,
    )


# --------------------------------------------------------------------------------------------- TOML text
def _toml_key(key: str) -> str:
    if key and all(c.isascii() and (c.isalnum() or c in "-_") for c in key):
        return key
    return json.dumps(key)  # JSON escapes are valid TOML basic-string escapes (ensure_ascii keeps it so)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return value.isoformat()  # date, datetime, time


def toml_text(doc: Mapping[str, Any]) -> str:
    """Write a document as TOML: tables as ``[a.b]``, arrays of tables as ``[[a]]``, the rest inline.

    Enough for scenario and design files (and anything hypothesis builds from ``toml_values``); the test
    suites read it back with ``tomllib`` where the round trip matters.
    """
    lines: list[str] = []

    def table(path: list[str], tab: Mapping[str, Any]) -> None:
        plain = {k: v for k, v in tab.items() if not _is_table(v) and not _is_table_array(v)}
        for k, v in plain.items():
            lines.append(f"{_toml_key(k)} = {_toml_value(v)}")
        for k, v in tab.items():
            if _is_table(v):
                lines.append(f"\n[{'.'.join(_toml_key(p) for p in [*path, k])}]")
                table([*path, k], v)
            elif _is_table_array(v):
                for item in v:
                    lines.append(f"\n[[{'.'.join(_toml_key(p) for p in [*path, k])}]]")
                    table([*path, k], item)

    table([], doc)
    return "\n".join(lines) + "\n"


def _is_table(v: Any) -> bool:
    return isinstance(v, Mapping) and len(v) > 0


def _is_table_array(v: Any) -> bool:
    return isinstance(v, list) and len(v) > 0 and all(_is_table(i) for i in v)


# ----------------------------------------------------------------------------------------- the CLI runner
class SimulationStarted(AssertionError):
    """Raised by the tripwire: a command got past validation and built a model."""


SCALE_WARNING = re.compile(r"^jwsim [\w-]+: (warning|waarschuwing): --scale ")


@dataclass
class CliOutcome:
    """Exit code and captured output of one in-process ``jwsim`` call."""

    code: int | str
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        """Non-empty lines on stderr."""
        return [line for line in self.err.splitlines() if line.strip()]

    @property
    def error_lines(self) -> list[str]:
        """Lines on stderr other than the scale warning a run at a reduced scale prints when it starts."""
        return [line for line in self.err_lines if not SCALE_WARNING.match(line)]


def _tripwire(*args: Any, **kwargs: Any) -> None:
    raise SimulationStarted("a model was built although the input is bad")


@contextlib.contextmanager
def no_simulation() -> Iterator[None]:
    """Replace the model's constructor by the tripwire (this process only; use ``--workers 1``)."""
    from jwsim.model.model import JwsimModel

    with mock.patch.object(JwsimModel, "__init__", _tripwire):
        yield


@contextlib.contextmanager
def no_app_server() -> Iterator[list[list[str]]]:
    """Record instead of start: ``jwsim app`` would otherwise launch a real server on valid options."""
    import subprocess

    started: list[list[str]] = []
    real_popen = subprocess.Popen

    def fake_popen(command: Sequence[str], *args: Any, **kwargs: Any) -> Any:
        if "solara" not in list(command):  # git rev-parse and other helpers run as usual
            return real_popen(command, *args, **kwargs)
        started.append(list(command))
        raise SimulationStarted(f"the app server would start: {command}")

    with mock.patch.object(subprocess, "Popen", fake_popen):
        yield started


def run_cli(argv: Sequence[str], env: Mapping[str, str] | None = None) -> CliOutcome:
    """Call ``jwsim.cli.main(argv)`` with captured output; SystemExit (argparse) becomes the code."""
    from jwsim.cli import main

    out, err = io.StringIO(), io.StringIO()
    patch_env = mock.patch.dict(os.environ, dict(env or {}))
    with patch_env, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code: int | str = main(list(argv))
        except SystemExit as exc:
            code = exc.code if exc.code is not None else 0
    return CliOutcome(code, out.getvalue(), err.getvalue())


def assert_refused(outcome: CliOutcome, command: str) -> None:
    """Exit 2, exactly one line on stderr naming the command, no traceback, nothing on stdout."""
    assert outcome.code == 2, f"exit {outcome.code!r}, stderr: {outcome.err!r}"
    assert len(outcome.err_lines) == 1, outcome.err
    line = outcome.err_lines[0]
    assert line.startswith((f"jwsim {command}: ", "jwsim: error: ")), line
    assert "Traceback" not in outcome.err and outcome.out == "", (outcome.out, outcome.err)


def assert_one_line(message: str, *, names: str | None = None) -> None:
    """Assert that an error text is one non-empty line (naming ``names`` when given)."""
    assert message.strip() and "\n" not in message.strip(), repr(message)
    if names is not None:
        assert names in message, (names, message)


def tree(root: Path) -> dict[str, int]:
    """Every path under ``root`` with its size (folders: -1): compare before and after to see writes."""
    return {
        str(p.relative_to(root)): (p.stat().st_size if p.is_file() else -1) for p in sorted(root.rglob("*"))
    }
