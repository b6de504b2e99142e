"""One rule for what a name on the command line (or in a file, or in the Python API) refers to.

Scenarios, designs, calibration targets and posterior ensembles can be given as a path or as the name of
a file shipped with jwsim (``opdracht-2026``, ``smoke``, ``targets``, ``posterior``). The rule, the same
everywhere (:func:`resolve`):

1. an existing **file** at the given path wins;
2. otherwise a **shipped name** is used;
3. otherwise it is an error that says what was looked for.

A folder is never a file: ``jwsim sweep smoke --out smoke`` makes a folder ``smoke``, and ``smoke`` still
names the shipped design afterwards (a folder named like a shipped file no longer hides it). To use a
file of your own whose name is also a shipped name, give it as a path that exists (``./smoke`` if the file
has no suffix, or ``smoke.toml``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def resolve(
    name_or_path: str | Path,
    shipped: Mapping[str, Path],
    what: str,
    error: type[Exception] = ValueError,
    base: Path | None = None,
) -> Path:
    """Return the file that ``name_or_path`` refers to: an existing file path first, then a shipped name.

    Args:
        name_or_path: a path, or the name of a shipped file (the key of ``shipped``).
        shipped: shipped name -> file.
        what: what is looked for, for the messages (``"scenario"``, ``"design"``, ...).
        error: the exception type to raise (each input kind has its own).
        base: folder that a relative path is relative to (e.g. the design file's folder; default: the
            working directory).

    Raises:
        error: no such file and no such shipped name (one line: what was looked for, the shipped names),
            a folder where a file is needed, or a path the system cannot look up (too long a name).

    """
    text = str(name_or_path)
    path = Path(name_or_path)
    if base is not None and not path.is_absolute():
        path = base / path
    try:
        if path.is_file():
            return path
        exists = path.exists()
    except (OSError, ValueError) as exc:  # a name longer than the file system allows, a NUL byte
        if text in shipped:
            return shipped[text]
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise error(f"{text}: cannot read {what} file ({reason})") from None
    if text in shipped:
        return shipped[text]
    known = ", ".join(sorted(shipped))
    shown = text if base is None else str(path)  # as typed ("0/", not Path's "0"), or as resolved from base
    if exists:
        raise error(f"{shown}: is a folder, not a {what} file (shipped {what}s: {known})")
    if looks_like_a_name(text):
        raise error(f"{text}: unknown {what}: no such file and no shipped {what} of that name "
                    f"(shipped {what}s: {known})")
    raise error(f"{shown}: {what} file not found")


def looks_like_a_name(text: str) -> bool:
    """Whether ``text`` reads as a name (no folder, no suffix) rather than a path."""
    return "/" not in text and "\\" not in text and not Path(text).suffix
