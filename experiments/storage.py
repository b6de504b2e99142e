"""Experiment results on disk: Parquet parts streamed as runs complete, and a JSON manifest.

Layout of a results folder::

    OUT/manifest.json            what was run: design, scenario files and their hashes, registry version,
                                 seeds, versions, git commit and dirty flag, input data hashes, sessions
                                 (one per start or --resume), status, counts
    OUT/design.toml              the design file as given (when there is one)
    OUT/runs/part-000001.parquet one row per (design point, scenario, replicate): run_key, point,
                                 scenario, replicate, seed, scale, years, in_<factor>..., kpi_<KPI>...
    OUT/per_wijk/part-000001.parquet   one row per run and wijk: run_key, point, scenario, replicate,
                                 wijk_code, the per-wijk metrics (means over the simulated years)
    OUT/per_school/part-000001.parquet one row per run and school location: run_key, point, scenario,
                                 replicate, school_code, the per-school metrics (means over the years)

Each completed batch of runs becomes one part in each table, written to a hidden temporary name, fsynced
and renamed into place (``experiments.output.atomic_write_bytes``): a reader never sees half a file.
The ``per_wijk`` and ``per_school`` parts are written first and the ``runs`` part last, so a run counts as
done exactly when its ``runs`` row exists; on ``--resume`` orphaned ``per_wijk`` and ``per_school`` parts
(killed between the renames) are removed, and only runs without a row are run again. Ctrl-C, a killed
worker or a killed machine therefore neither repeats nor loses a finished run.

Readers need nothing from jwsim: ``pandas.read_parquet("OUT/runs")``, ``pyarrow.dataset.dataset(
"OUT/runs")`` or DuckDB ``SELECT * FROM read_parquet('OUT/runs/*.parquet')`` (hidden temporary files
start with a dot and end in ``.tmp``, which all three skip).
"""

from __future__ import annotations

import datetime as _dt
import io
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from jwsim.model.params import REGISTRY_VERSION

from .dictionary import dictionary, with_dictionary
from .errors import ExperimentError
from .output import atomic_write_bytes, atomic_write_text, to_json, unwritable_reason
from .provenance import environment

PART = re.compile(r"^part-(\d{6})\.parquet$")
TABLES = ("runs", "per_wijk", "per_school")
DETAIL_TABLES = TABLES[1:]  # written before the runs part of the same batch
SEED_SCHEME = (
    "replicate r of root seed s = numpy SeedSequence(s, spawn_key=(r,)) "
    "= SeedSequence(s).spawn(n)[r]; per-process streams derive from it (common random numbers)"
)


def now_utc() -> str:
    """ISO time stamp (UTC, seconds)."""
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def check_out_dir(out: Path, experiment_id: str, resume: bool) -> dict | None:
    """Check that ``out`` can hold this experiment, before anything is run or written.

    Returns:
        The existing manifest when resuming an experiment, else None.

    Raises:
        ExperimentError: ``out`` is a file, unwritable, holds another experiment, or holds results and
            ``--resume`` was not given.

    """
    reason = unwritable_reason(out)
    if reason:
        raise ExperimentError(f"--out {out}: {reason}")
    manifest = out / "manifest.json"
    if out.is_dir() and any(out.iterdir()):
        if not manifest.is_file():
            raise ExperimentError(
                f"--out {out}: folder is not empty and holds no experiment; choose another --out"
            )
        try:
            old = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise ExperimentError(f"--out {out}: manifest.json is unreadable; choose another --out") from None
        if old.get("experiment_id") != experiment_id:
            raise ExperimentError(
                f"--out {out}: holds a different experiment ({old.get('name', '?')}, "
                f"id {old.get('experiment_id', '?')}); choose another --out"
            )
        if not resume:
            raise ExperimentError(
                f"--out {out}: holds results of this experiment already; add --resume to "
                "continue it or choose another --out"
            )
        return old
    return None


class ResultStore:
    """An experiment's results folder, opened for writing (see the module docstring for the layout)."""

    def __init__(self, out: Path, manifest: dict) -> None:
        self.out = out
        self.manifest = manifest
        for t in TABLES:
            (out / t).mkdir(parents=True, exist_ok=True)
        self._clean()
        self._next = 1 + max(
            (self._part_no(p) for t in TABLES for p in (out / t).iterdir() if PART.match(p.name)), default=0
        )

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, out: Path, manifest: dict, previous: dict | None, design_text: str = "") -> ResultStore:
        """Create (or reopen, when ``previous`` is the manifest of a resumed experiment) a results folder."""
        out.mkdir(parents=True, exist_ok=True)
        session = {"started": now_utc(), **environment(), "backend": manifest.pop("backend", {})}
        if previous and previous.get("git_commit") not in (None, session["git_commit"]):
            # Not an error (a fix in docs or tests does not change results), but the researcher must know.
            sys.stderr.write(
                f"warning: resuming {out} with git commit {session['git_commit'][:12]}; it was started "
                f"with {str(previous['git_commit'])[:12]}: rows may come from two model versions\n"
            )
        if previous and previous.get("input_data") not in (None, session["input_data"]):
            sys.stderr.write(f"warning: resuming {out} with other input data files than it started with\n")
        merged = dict(previous or {})
        merged.update(manifest)
        merged["sessions"] = list((previous or {}).get("sessions", [])) + [session]
        merged.setdefault("created", session["started"])
        merged.update(
            {
                "status": "running",
                "registry_version": REGISTRY_VERSION,
                "seed_scheme": SEED_SCHEME,
                **{k: session[k] for k in ("git_commit", "git_dirty", "versions", "input_data")},
            }
        )
        # The manifest first: a folder with anything in it must say which experiment it holds, or an
        # interruption right here would leave a folder that --resume refuses as "holds no experiment".
        atomic_write_text(out / "manifest.json", to_json(merged))
        if design_text and not (out / "design.toml").exists():
            atomic_write_text(out / "design.toml", design_text)
        store = cls(out, merged)
        store.write_manifest()
        return store

    @staticmethod
    def _part_no(path: Path) -> int:
        m = PART.match(path.name)
        return int(m.group(1)) if m else 0

    def _clean(self) -> None:
        """Remove leftovers of an interrupted write: temp files, and detail parts without a runs part."""
        for t in TABLES:
            for p in (self.out / t).iterdir():
                if p.name.startswith(".") and p.name.endswith(".tmp"):
                    p.unlink(missing_ok=True)
        committed = {p.name for p in (self.out / "runs").iterdir() if PART.match(p.name)}
        for t in DETAIL_TABLES:
            for p in (self.out / t).iterdir():
                if PART.match(p.name) and p.name not in committed:
                    p.unlink(missing_ok=True)

    # ------------------------------------------------------------------ reading
    def done_keys(self) -> set[str]:
        """Keys of the runs whose rows are on disk."""
        keys: set[str] = set()
        for p in sorted((self.out / "runs").iterdir()):
            if PART.match(p.name):
                keys.update(pq.read_table(p, columns=["run_key"]).column("run_key").to_pylist())
        return keys

    # ------------------------------------------------------------------ writing
    def write_batch(self, rows: Sequence[dict[str, Any]], wijk_rows: Sequence[dict[str, Any]],
                    school_rows: Sequence[dict[str, Any]] = ()) -> None:
        """Write one batch of finished runs as one part per table (per_wijk, per_school first, runs last)."""
        if not rows:
            return
        # One schema per experiment: readers (pandas, DuckDB) take a folder's schema from one file, so a
        # part with other columns would silently lose data. The first part fixes the columns.
        columns = list(rows[0])
        known = self.manifest.get("columns")
        factors = (self.manifest.get("design") or {}).get("factors", ())
        if known is None or "per_school" not in self.manifest.get("data_dictionary", {}):
            detail = {"per_wijk": wijk_rows, "per_school": school_rows}
            self.write_manifest(columns=known or columns, data_dictionary={
                "runs": dictionary(known or columns, "runs", factors),
                **{t: dictionary(list(d[0]) if d else [], t, factors) for t, d in detail.items()}})
        elif any(list(r) != known for r in rows):
            # E.g. resuming, with a newer jwsim, an experiment an older one started (new columns).
            raise ExperimentError(
                f"--out {self.out}: these runs have other columns than the rows already there "
                f"({', '.join(sorted(set(columns) ^ set(known))[:4])} ...): was the experiment started with "
                "another jwsim version? Resume with that version, or start again in another --out"
            )
        name = f"part-{self._next:06d}.parquet"
        self._next += 1
        try:
            for table, detail in (("per_wijk", wijk_rows), ("per_school", school_rows)):
                if detail:
                    atomic_write_bytes(self.out / table / name, _parquet_bytes(detail, self._entries(table)))
            atomic_write_bytes(self.out / "runs" / name, _parquet_bytes(rows, self._entries("runs")))
        except BaseException:
            # Ctrl-C or a full disk here: these runs do not count as done, so readers must not see their
            # per-wijk or per-school rows either (after a kill -9 the next --resume removes the parts).
            for table in DETAIL_TABLES:
                (self.out / table / name).unlink(missing_ok=True)
            raise

    def _entries(self, table: str) -> dict[str, dict[str, str]]:
        """Return the data dictionary of ``table``'s columns, as the manifest holds it."""
        return self.manifest["data_dictionary"][table]

    def write_manifest(self, **updates: Any) -> None:
        """Update and atomically rewrite manifest.json."""
        self.manifest.update(updates)
        atomic_write_text(self.out / "manifest.json", to_json(self.manifest))

    def finish(
        self,
        status: str,
        rows: int,
        failed: list[dict],
        seconds: float,
        ran: int = 0,
        skipped: int = 0,
        cpu_seconds: float = 0.0,
    ) -> None:
        """Record the end of a session (complete, interrupted or failed) and its counts."""
        sessions = self.manifest.get("sessions", [])
        if sessions:
            sessions[-1].update(
                {
                    "ended": now_utc(),
                    "status": status,
                    "seconds": round(seconds, 3),
                    "ran": ran,
                    "skipped": skipped,
                    "cpu_seconds": round(cpu_seconds, 3),
                }
            )
        self.write_manifest(status=status, rows=rows, failed=len(failed), failures=failed[:100])


def _parquet_bytes(rows: Sequence[dict[str, Any]], entries: dict[str, dict[str, str]]) -> bytes:
    table = with_dictionary(pa.Table.from_pylist(list(rows)), entries)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue()


def load_table(out: str | Path, table: str = "runs"):
    """Read a results table as a DataFrame sorted by point, scenario, replicate (and wijk or school)."""
    import pandas as pd  # noqa: PLC0415

    folder = Path(out) / table
    if not folder.is_dir() or not any(PART.match(p.name) for p in folder.iterdir()):
        raise ExperimentError(f"{out}: no {table} results yet")
    df = pd.read_parquet(folder)
    keys = [c for c in ("point", "scenario", "replicate", "wijk_code", "school_code") if c in df.columns]
    return df.sort_values(keys, kind="stable").reset_index(drop=True)


def read_manifest(out: str | Path) -> dict:
    """Return the manifest of a results folder."""
    path = Path(out) / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ExperimentError(f"{out}: no readable manifest.json (not an experiment folder?)") from None
