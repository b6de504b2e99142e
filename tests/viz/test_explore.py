"""The Verken page's model: stepping the real model, the live wijk map, following one youth.

Including the moment the youth leaves and the slot goes to someone else.
"""

from __future__ import annotations

import dataclasses
import threading

import numpy as np
import pytest

from jwsim.model.population import WEEKS_PER_YEAR
from jwsim.model.scenario import load_scenario
from jwsim.viz.explore import EVENT_KINDS, LIVE_METRICS, Exploration, events_between, read_youth


@pytest.fixture
def exploration() -> Exploration:
    """One simulated year at scale 25 (plus the burn-in year)."""
    return Exploration(load_scenario("opdracht-2026"), seed=3, scale=25.0, years=1)


def test_steps_collect_mesa_series_and_stop_at_the_end(exploration):
    """Each step adds a DataCollector row; the run stops after the burn-in year plus the simulated year."""
    assert exploration.week == 0 and exploration.in_burn_in
    assert exploration.step(3) == 3
    frame = exploration.series()
    assert len(frame) == 4 and frame["in_care"].iloc[3] > 0  # row 0 is the collection before the first step
    assert exploration.calendar_of(0) == (2025, 1)
    exploration.step(200)
    assert exploration.finished and exploration.week == exploration.n_weeks == 2 * WEEKS_PER_YEAR
    assert exploration.step(1) == 0
    assert not exploration.in_burn_in


def test_same_seed_same_run():
    """Two sessions that start the same simulation see the same numbers."""
    a, b = (Exploration(load_scenario("opdracht-2026"), seed=9, scale=25.0, years=1) for _ in range(2))
    a.step(30)
    b.step(30)
    assert a.series().equals(b.series())


@pytest.mark.parametrize("metric", LIVE_METRICS)
def test_live_map_values(exploration, metric):
    """One value per wijk, NaN only where nobody lives, shares within [0, 1]."""
    exploration.step(10)
    values = exploration.wijk_values(metric)
    empty = np.bincount(exploration.model.y.wijk, minlength=44) == 0
    assert values.shape == (44,) and np.isnan(values[empty]).all() and np.isfinite(values[~empty]).all()
    if metric.endswith("share") or metric == "protective_mean":
        assert ((values[~empty] >= 0) & (values[~empty] <= 1)).all()
    with pytest.raises(KeyError):
        exploration.wijk_values("nonsense")


def test_events_are_read_off_the_state():
    """A care start, a programme start, a registration and a dropout between two weeks."""
    e = Exploration(load_scenario("opdracht-2026"), seed=3, scale=50.0, years=1)
    before = read_youth(e.model, 0)
    after = dataclasses.replace(
        before, care_level=2, programme=1, crime_stage=1, dropout=True, group=4 if before.group < 0 else -1
    )
    kinds = [ev.kind for ev in events_between(before, after, week=5)]
    assert {"care_start", "programme_start", "crime_registered", "dropout"} <= set(kinds)
    assert ("group_join" if before.group < 0 else "group_leave") in kinds
    assert set(kinds) <= set(EVENT_KINDS)
    assert events_between(before, before, week=5) == []


def test_following_a_youth_who_turns_24_shows_the_slot_reused():
    """Follow the oldest youth: within a year they leave, and the tracker names the newcomer in the slot."""
    e = Exploration(load_scenario("opdracht-2026"), seed=3, scale=25.0, years=1)
    y = e.model.y
    oldest = int(y.uid[np.argmax(y.age_weeks)])
    assert e.follow(oldest)
    slot = e.tracker.slot
    e.step(WEEKS_PER_YEAR)
    tracker = e.tracker
    assert not tracker.present and tracker.left_week is not None
    assert tracker.successor_uid == int(e.model.y.uid[slot]) != oldest
    assert tracker.events[-1].kind == "left" and tracker.events[-1].detail == str(tracker.successor_uid)
    assert all(state.uid == oldest for _, state in tracker.history)
    assert e.follow(tracker.successor_uid) and e.tracker.slot == slot


def test_follow_unknown_uid_and_pick(exploration):
    """An unknown uid is refused; a pick is a person of the asked kind, the same again for the same week."""
    assert not exploration.follow(10**9)
    uid = exploration.pick("vulnerable")
    assert uid == exploration.pick("vulnerable")
    assert exploration.follow(uid)
    state = exploration.tracker.latest
    assert state.vulnerable and 12 <= state.age <= 17
    lo, hi = exploration.uid_range()
    assert lo <= uid <= hi


def _held_elsewhere(lock) -> bool:
    """Whether another thread holds ``lock`` (probed from a fresh thread, without waiting)."""
    result = []

    def probe() -> None:
        got = lock.acquire(blocking=False)
        if got:
            lock.release()
        result.append(not got)

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join()
    return result[0]


def test_stepping_and_reading_hold_the_lock(exploration, monkeypatch):
    """Play steps in a task thread while the page renders: a collection in progress is never read.

    CI once caught the page reading Mesa's series mid-collection (191 values against an index of 190). Every
    collection and every read of the series runs under ``Exploration.lock``, checked from a second thread.
    """
    collector = exploration.model.datacollector
    seen: dict[str, list[bool]] = {"collect": [], "read": []}
    collect, read = collector.collect, collector.get_model_vars_dataframe

    def watched_collect(*args, **kwargs):
        seen["collect"].append(_held_elsewhere(exploration.lock))
        return collect(*args, **kwargs)

    def watched_read(*args, **kwargs):
        seen["read"].append(_held_elsewhere(exploration.lock))
        return read(*args, **kwargs)

    monkeypatch.setattr(collector, "collect", watched_collect)
    monkeypatch.setattr(collector, "get_model_vars_dataframe", watched_read)
    exploration.step(3)
    exploration.series()
    assert seen == {"collect": [True] * 3, "read": [True]}
    assert not _held_elsewhere(exploration.lock)  # and released afterwards
