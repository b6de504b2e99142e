"""Writing results to disk, atomically and only once all input is valid.

Every file is written to a temporary name and renamed into place, so a crash or Ctrl-C never leaves a
half-written file, and nothing is written before all input is valid. Files get the permissions the user's
umask gives a new file (as ``open`` would), not the owner-only mode of a temporary file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np


def current_umask() -> int:
    """Return the process's umask (from /proc where possible: setting it to read it is not thread-safe)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temp file in the same folder, fsync, rename), mode per umask."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~current_umask())  # mkstemp makes 0600: give the mode a new file would get
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write text (UTF-8) atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


def _default(o):
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, (np.floating,)):
        return float(o)
    if isinstance(o, np.ndarray):
        return o.tolist()
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def to_json(obj) -> str:
    """JSON text with numpy values converted."""
    return json.dumps(obj, indent=2, ensure_ascii=False, default=_default)


def write_csv(path: Path, rows: Iterable[Mapping], fieldnames: list[str] | None = None) -> None:
    """Write dict rows as CSV atomically."""
    rows = list(rows)
    buf = io.StringIO()
    names = fieldnames or (list(rows[0].keys()) if rows else [])
    w = csv.DictWriter(buf, fieldnames=names)
    w.writeheader()
    for r in rows:
        w.writerow(r)
    atomic_write_text(path, buf.getvalue())


def unwritable_reason(path: Path) -> str | None:
    """Say why ``path`` cannot be (or become) a folder to write results into; None if it can.

    Writability is probed by creating an unnamed temporary file in the nearest existing folder and
    closing it (nothing stays behind): ``os.access`` says yes to root everywhere, even in /proc or on a
    read-only file system.
    """
    try:
        if path.exists() and not path.is_dir():
            return "exists and is not a folder"
        parent = path if path.exists() else path.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if not parent.is_dir():
            return f"{parent} is not a folder"
        with tempfile.TemporaryFile(dir=parent):
            pass
    except (OSError, ValueError) as exc:  # too long a name, a NUL byte, no permission, read-only
        return f"folder cannot be written ({getattr(exc, 'strerror', None) or exc})"
    return None


def check_output_dir(path: Path) -> None:
    """Fail early (before any run) when ``path`` cannot be a results folder."""
    from jwsim.cli import CLIError

    reason = unwritable_reason(path)
    if reason:
        raise CLIError(f"--out {path}: {reason}")
