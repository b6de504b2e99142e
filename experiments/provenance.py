"""Provenance of a result: which code, which packages, which input data and which scenario files made it.

Every manifest jwsim writes carries these fields (``cli_common.manifest``, ``storage.ResultStore``):

* ``git_commit`` and ``git_dirty``: the commit of the jwsim source tree and whether tracked files differ
  from it (untracked files, such as results folders, are not counted); both ``"unknown"`` when jwsim does not
  run from a git checkout of its own source (an installed package);
* ``versions``: Python and the packages that compute or shape results (``not installed`` where absent);
* ``input_data``: SHA-256 of every data file the model reads (``data/*.csv``, ``data/*.geojson``);
* ``scenario_sha256``: SHA-256 of each scenario file used, the burn-in scenario included.
"""

from __future__ import annotations

import hashlib
import platform
import subprocess
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

UNKNOWN = "unknown"
# Packages whose versions a manifest records: the model's and the experiment machinery's.
PACKAGES = (
    "jwsim", "mesa", "numpy", "scipy", "networkx", "pandas", "pyarrow", "SALib", "ema_workbench", "dask",
    "distributed", "pyabc", "solara",
)  # fmt: skip
DATA_PATTERNS = ("*.csv", "*.geojson")


def source_root() -> Path:
    """Return the folder jwsim's source lives in (the repository root in a checkout)."""
    return Path(__file__).resolve().parent.parent


def source_path(path: str | Path) -> str:
    """Return ``path`` as a manifest records it: relative to the source root when inside it, else absolute.

    A shipped file (``calibration/targets.toml``) then reads the same in every checkout, and a manifest in the
    repository does not name the folder of the machine that wrote it.
    """
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(source_root()).as_posix()
    except ValueError:
        return str(resolved)


def _git(*args: str) -> str | None:
    """Output of ``git`` in the source root, or None when git is missing or it is not jwsim's checkout."""
    root = source_root()
    if not (root / "pyproject.toml").is_file():
        return None
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def git_state() -> dict[str, str | bool]:
    """Return ``{"git_commit": sha or "unknown", "git_dirty": True/False or "unknown"}``."""
    top = _git("rev-parse", "--show-toplevel")
    if top is None or Path(top.strip()).resolve() != source_root():
        return {"git_commit": UNKNOWN, "git_dirty": UNKNOWN}  # not a checkout of jwsim's own source
    commit = (_git("rev-parse", "HEAD") or "").strip() or UNKNOWN
    status = _git("status", "--porcelain", "--untracked-files=no")
    return {"git_commit": commit, "git_dirty": UNKNOWN if status is None else bool(status.strip())}


def git_commit() -> str:
    """Return the git commit of the jwsim source tree, or 'unknown'."""
    return str(git_state()["git_commit"])


def package_versions() -> dict[str, str]:
    """Return the versions of Python and of the packages that determine results."""
    from jwsim import __version__  # noqa: PLC0415

    out = {"python": platform.python_version()}
    for pkg in PACKAGES:
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    out["jwsim"] = __version__  # the source's own version (installed metadata can be older)
    return out


def file_sha256(path: str | Path) -> str:
    """Return the SHA-256 (hex) of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_data_hashes() -> dict[str, str]:
    """Return ``data/<file>`` -> SHA-256 of every input data file (CSV tables, GeoJSON maps)."""
    from jwsim.data import data_dir  # noqa: PLC0415

    folder = data_dir()
    files = sorted({p for pattern in DATA_PATTERNS for p in folder.glob(pattern)})
    return {f"data/{p.name}": file_sha256(p) for p in files}


def scenario_hashes(sources: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Return scenario name -> SHA-256 of its file, for (name, source path) pairs, and of the burn-in.

    Every simulation starts under the burn-in scenario, so it is added whenever any scenario is given. A
    scenario that was not read from a file (built in the app or in code) says so instead of a hash.
    """
    from jwsim.model.scenario import BURN_IN_SCENARIO, named_scenarios  # noqa: PLC0415

    pairs = dict(sources)
    if pairs:
        pairs.setdefault(BURN_IN_SCENARIO, str(named_scenarios()[BURN_IN_SCENARIO]))
    out = {}
    for name, source in pairs.items():
        path = Path(source) if source else None
        out[name] = file_sha256(path) if path is not None and path.is_file() else "not a file"
    return out


def environment() -> dict:
    """Return the provenance of this process: git state, package versions and input data hashes."""
    return {**git_state(), "versions": package_versions(), "input_data": input_data_hashes()}
