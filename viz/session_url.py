"""A reload keeps the session: its state lives in the page's address, its results in the server's cache.

Everything a person set up — language, page, scenario (the whole document, with its changes by year), the year
being edited, reference, run settings (the evidence regime among them), the scenarios to compare — and which
runs they asked for is written, compressed, into the address after ``#s=`` (``history.replaceState``: no new
history entries, and the part after ``#`` never goes to the server). After a reload, or when the address is
opened in another browser, the page reads it back and asks again for the runs it had asked for. Their results
come from the run service's cache, keyed by (schedule, parameters, seed, replicate, scale, years)
(``runs.run_key``), so nothing is computed again unless the cache has dropped it.

The address holds only what the user typed or chose, never a result. What comes back from it is checked like
an upload: at most 64 KiB once unpacked, JSON, known keys with the right types; the scenario document goes
through the same validation as a file (``draft.check``) before anything runs. A broken address is ignored
with a message; the session starts fresh.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import zlib
from collections.abc import Callable
from dataclasses import asdict, fields
from typing import Any

import ipyvuetify as v
import traitlets

from jwsim.model.params import REGIMES
from jwsim.model.scenario import MAX_SCENARIO_BYTES
from jwsim.viz.draft import EDIT_YEARS, preset_names
from jwsim.viz.i18n import LANGUAGES
from jwsim.viz.runs import RunSettings
from jwsim.viz.state import Session

log = logging.getLogger(__name__)
VERSION = 1
PREFIX = "#s="
MAX_STATE_BYTES = 2 * MAX_SCENARIO_BYTES  # two scenario documents (the draft and one asked for) at most


class StateError(ValueError):
    """An address whose state cannot be read back."""


def canonical(doc: dict[str, Any]) -> str:
    """Return the scenario document as canonical JSON: what a run is asked for, and what the address keeps."""
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _settings(settings: RunSettings) -> dict[str, Any]:
    return asdict(settings)


def _read_settings(raw: Any) -> RunSettings:
    if not isinstance(raw, dict):
        raise StateError("settings: not a table")
    known = {f.name for f in fields(RunSettings)} - {"evidence"}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "evidence":
            if value not in REGIMES:
                raise StateError(f"settings.evidence: not one of {', '.join(REGIMES)}")
        elif key not in known or isinstance(value, bool) or not isinstance(value, (int, float)):
            raise StateError(f"settings.{key}: unknown or not a number")
        values[key] = value
    settings = RunSettings(**values)
    if not (
        1 <= settings.reps <= 40 and 1 <= settings.years <= 10 and settings.seed >= 0 and settings.scale >= 1
    ):
        raise StateError("settings: out of range")
    whole = {key: int(getattr(settings, key)) for key in ("reps", "years", "seed", "preview_reps")}
    return RunSettings(**{**asdict(settings), **whole})


def session_state(session: Session) -> dict[str, Any]:
    """Return what the address keeps of a session (JSON-ready)."""
    draft = session.draft.value
    state: dict[str, Any] = {
        "v": VERSION,
        "lang": session.lang.value,
        "page": session.page.value,
        "preset": session.preset.value,
        "draft": draft,
        "year": session.edit_year.value,
        "ref": session.reference.value,
        "settings": _settings(session.settings.value),
        "names": list(session.compare_names.value),
    }
    asked = session.results.asked.value
    if asked is not None:
        doc, reference, settings = asked
        state["results"] = {
            "doc": None if doc == canonical(draft) else json.loads(doc),
            "ref": reference,
            "settings": _settings(settings),
        }
    asked = session.compare.asked.value
    if asked is not None:
        names, doc, settings = asked
        state["compare"] = {
            "names": list(names),
            "doc": None if not doc or doc == canonical(draft) else json.loads(doc),
            "settings": _settings(settings),
        }
    return state


def encode(state: dict[str, Any]) -> str:
    """Pack a state into the address: JSON, zlib, URL-safe base64 without padding."""
    raw = json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def decode(text: str) -> dict[str, Any]:
    """Unpack an address's state; raise StateError for anything that is not a state this app wrote."""
    if len(text) > MAX_STATE_BYTES:
        raise StateError("too long")
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        unpacker = zlib.decompressobj()
        raw = unpacker.decompress(packed, MAX_STATE_BYTES + 1)
        if len(raw) > MAX_STATE_BYTES or unpacker.unconsumed_tail:
            raise StateError("larger than allowed")
        state = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, zlib.error, UnicodeDecodeError, RecursionError) as error:
        if isinstance(error, StateError):
            raise
        raise StateError(f"not readable ({type(error).__name__})") from None
    if not isinstance(state, dict) or state.get("v") != VERSION:
        raise StateError("not a state of this version")
    return state


def _doc(raw: Any, what: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise StateError(f"{what}: not a scenario document")
    return raw


def apply_state(
    session: Session,
    state: dict[str, Any],
    start_results: Callable[..., bool],
    start_compare: Callable[..., bool],
    pages: int,
) -> None:
    """Put a decoded state into the session; ask again for the runs it had asked for (from the cache).

    Raises:
        StateError: a value of the wrong type or outside what the app offers (nothing is changed then).

    """
    lang = state.get("lang")
    page = state.get("page")
    year = state.get("year")
    ref = state.get("ref")
    preset = state.get("preset", "")
    names = state.get("names")
    if lang not in LANGUAGES or isinstance(page, bool) or not isinstance(page, int) or not 0 <= page < pages:
        raise StateError("lang/page")
    if year not in EDIT_YEARS or ref not in preset_names() or not isinstance(preset, str):
        raise StateError("year/ref/preset")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names) or len(names) > 4:
        raise StateError("names")
    draft = _doc(state.get("draft"), "draft")
    settings = _read_settings(state.get("settings"))
    results = state.get("results")
    compare = state.get("compare")
    # everything is read: now change the session
    session.lang.set(lang)
    session.draft.set(draft)
    session.preset.set(preset if preset in preset_names() else "")
    session.edit_year.set(year)
    session.reference.set(ref)
    session.settings.set(settings)
    session.compare_names.set(list(names))
    if isinstance(results, dict) and results.get("ref") in preset_names():
        doc = draft if results.get("doc") is None else _doc(results["doc"], "results/doc")
        start_results(
            session, doc=doc, reference=results["ref"], settings=_read_settings(results.get("settings"))
        )
    if isinstance(compare, dict) and isinstance(compare.get("names"), list):
        doc = draft if compare.get("doc") is None else _doc(compare["doc"], "compare/doc")
        asked = [n for n in compare["names"] if isinstance(n, str)]
        start_compare(session, names=asked, doc=doc, settings=_read_settings(compare.get("settings")))
    session.page.set(page)


class UrlStateWidget(v.VuetifyTemplate):
    """Reads the address's state once the page is up, and writes the session's state into it after that."""

    template = traitlets.Unicode("""
<template>
  <span class="jwsim-url-state" style="display: none"></span>
</template>
<script>
module.exports = {
  mounted() {
    const hash = window.location.hash || "";
    this.restore(hash.startsWith("#s=") ? hash.slice(3) : "");
  },
  methods: {
    write() {
      if (this.ready && this.state) {
        window.history.replaceState(window.history.state, "", "#s=" + this.state);
      }
    },
  },
  watch: {
    state() { this.write(); },
    ready() { this.write(); },
  },
}
</script>
""").tag(sync=True)
    state = traitlets.Unicode("").tag(sync=True)
    ready = traitlets.Bool(False).tag(sync=True)
    callback = traitlets.Any(None, allow_none=True)  # not synced: the Python function to call

    def vue_restore(self, text: str) -> None:
        """Handle the address's state (``''``: none) from the browser, then let the browser write it."""
        try:
            if self.callback is not None and isinstance(text, str) and text:
                self.callback(text)
        finally:
            self.ready = True
