"""Per-session state of the app: every value a browser session can change, created by one hook.

``use_session`` is called once, in ``Page``; each field is a ``solara.use_reactive``, so it belongs to that
component instance, i.e. to one browser session. Nothing here is module-level: two people using the
app at once never share a scenario, a result or a language. (The run service in ``runs.py`` is shared,
but it holds only a queue and a cache of immutable results keyed by their inputs.)

``use_run_watcher`` is the only place results enter a session: a thread (``solara.lab.use_task``) waits
on the session's current run and publishes the preview, then the full result, with progress on the way.
It lives in ``Page``, so a run keeps arriving while the user looks at another page. After the full result
it goes on waiting for the same runs under the two other evidence regimes and publishes them beside it
(``RunView.evidence``), so the pages can say whether each difference's sign is robust.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

import solara

from jwsim.viz.draft import DEFAULT_PRESET, DEFAULT_REFERENCE, FIRST_YEAR, preset_doc
from jwsim.viz.explore import Exploration
from jwsim.viz.i18n import DEFAULT_LANGUAGE
from jwsim.viz.runs import ComparisonResult, ComparisonRun, RunSettings

log = logging.getLogger(__name__)
WATCH_INTERVAL_S = 0.25  # how often the progress bar moves while nothing else happens


@dataclass(frozen=True)
class RunView:
    """What the page shows of a run, changed in one step (a result and its status never disagree)."""

    status: str = ""  # "", "running", "preview", "done", "cancelled", "error"
    done: int = 0
    total: int = 0
    result: ComparisonResult | None = None
    error: str = ""
    # The full result under every evidence regime (regime -> comparison; ``result`` is one of them), and
    # where computing the two others stands: "" (not asked, or a preview is shown), "running", "done",
    # "cancelled" or "error".
    evidence: dict[str, ComparisonResult] | None = None
    evidence_status: str = ""

    @property
    def running(self) -> bool:
        """Whether runs are still coming in."""
        return self.status in ("running", "preview")


@dataclass(frozen=True)
class RunSlot:
    """One kind of run a session can have going (the Resultaten run, or the Vergelijk run)."""

    run: solara.Reactive[ComparisonRun | None]
    view: solara.Reactive[RunView]
    asked: solara.Reactive[Any]  # what the current result was computed for (to say when it is out of date)

    def start(self, run: ComparisonRun, asked: Any) -> None:
        """Show ``run`` from now on (cancelling the one before); the last result stays until a new one."""
        previous = self.run.value
        if previous is not None and (not previous.finished or previous.evidence_status == "running"):
            previous.cancel()  # its waiting runs, the other evidence regimes' included
        self.view.set(replace(self.view.value, status="running", done=run.done, total=run.total, error=""))
        self.asked.set(asked)
        self.run.set(run)

    def cancel(self) -> None:
        """Cancel the current run (its started simulations finish into the cache)."""
        run = self.run.value
        if run is not None:
            run.cancel()
            self.view.set(replace(self.view.value, status="cancelled"))


def use_run_slot() -> RunSlot:
    """Return a run slot of this session (a hook: call it in the same order on every render)."""
    return RunSlot(
        run=solara.use_reactive(None), view=solara.use_reactive(RunView()), asked=solara.use_reactive(None)
    )


@dataclass(frozen=True)
class Session:
    """Everything one browser session can change."""

    lang: solara.Reactive[str]
    page: solara.Reactive[int]
    preset: solara.Reactive[str]
    draft: solara.Reactive[dict]
    edit_year: solara.Reactive[int]
    upload_message: solara.Reactive[str]
    reference: solara.Reactive[str]
    settings: solara.Reactive[RunSettings]
    results: RunSlot
    compare: RunSlot
    why: RunSlot
    compare_names: solara.Reactive[list]
    explore: solara.Reactive[Exploration | None]
    explore_week: solara.Reactive[int]
    explore_playing: solara.Reactive[bool]


def use_session() -> Session:
    """Create (first render) or return (later renders) this session's state."""
    initial_doc = solara.use_memo(lambda: preset_doc(DEFAULT_PRESET), [])
    return Session(
        lang=solara.use_reactive(DEFAULT_LANGUAGE),
        page=solara.use_reactive(0),
        preset=solara.use_reactive(DEFAULT_PRESET),
        draft=solara.use_reactive(initial_doc),
        edit_year=solara.use_reactive(FIRST_YEAR),
        upload_message=solara.use_reactive(""),
        reference=solara.use_reactive(DEFAULT_REFERENCE),
        settings=solara.use_reactive(RunSettings()),
        results=use_run_slot(),
        compare=use_run_slot(),
        why=use_run_slot(),
        compare_names=solara.use_reactive([DEFAULT_REFERENCE, DEFAULT_PRESET]),
        explore=solara.use_reactive(None),
        explore_week=solara.use_reactive(0),
        explore_playing=solara.use_reactive(False),
    )


def use_run_watcher(slot: RunSlot) -> None:
    """Publish the preview and then the full result of ``slot``'s current run, from a watcher thread."""
    run = slot.run.value

    def watch() -> None:
        try:
            follow(run)
        except Exception as error:  # noqa: BLE001 - the page must say so rather than wait for ever
            log.exception("watching a run failed")
            if slot.run.value is run:
                text = f"{type(error).__name__}: {error}"
                slot.view.set(replace(slot.view.value, status="error", error=text))

    def follow(run: ComparisonRun | None) -> None:
        if run is None:
            return
        shown_preview = False
        while slot.run.value is run:
            view = replace(slot.view.value, done=run.done, total=run.total)
            if not shown_preview:
                preview = run.preview_result()
                if preview is not None:
                    view = replace(view, result=preview, status="preview", evidence=None, evidence_status="")
                    shown_preview = True
            slot.view.set(view)
            if run.finished:
                break
            run.wait(WATCH_INTERVAL_S)
        if slot.run.value is not run:
            return  # a newer run replaced this one
        view = replace(slot.view.value, done=run.done, total=run.total)
        full = run.full_result()
        if full is not None:
            view = replace(
                view, result=full, status="done", evidence=None, evidence_status=run.evidence_status
            )
        elif run.cancelled:
            view = replace(view, status="cancelled")
        else:
            view = replace(view, status="error", error=run.error)
        slot.view.set(view)
        if full is None:
            return
        while slot.run.value is run and run.evidence_status == "running":
            run.wait(WATCH_INTERVAL_S)
        if slot.run.value is run and run.evidence_status:
            slot.view.set(
                replace(slot.view.value, evidence=run.evidence_result(), evidence_status=run.evidence_status)
            )

    solara.lab.use_task(watch, dependencies=[run], prefer_threaded=True, raise_error=False)
