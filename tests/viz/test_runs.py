"""The app's run service with a real forkserver process pool.

Same numbers as a direct run, cached, cancellable, previews first, paired seeds, errors as one line. Runs are
tiny (scale 50, 1 year).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from jwsim.experiments.runner import replicate_tasks, run_task
from jwsim.model.scenario import load_scenario
from jwsim.viz.runs import FULL, PREVIEW, ComparisonRun, RunService, RunSettings, run_key

SCALE, YEARS = 50.0, 1
TIMEOUT_S = 120.0  # generous bound on a busy 2-core machine; the loops below end as soon as runs are in


def _wait(job) -> None:
    for _ in range(int(TIMEOUT_S / 0.2)):
        if job.wait(0.2):
            return
    raise AssertionError(f"job not finished: {job.done}/{job.total}")


@pytest.fixture(scope="module")
def service():
    """One worker, so the order in which queued runs start is fully determined by the queue."""
    svc = RunService(workers=1)
    yield svc
    svc.shutdown()


@pytest.fixture(scope="module")
def opdracht():
    """Load the default scenario."""
    return load_scenario("opdracht-2026")


def _tasks(scenario, seed, reps):
    return replicate_tasks(scenario, seed, reps, SCALE, YEARS)


def test_pool_results_equal_a_direct_run_and_are_cached(service, opdracht):
    """A run in the pool gives the same numbers as run_task in this process; asking again computes nothing."""
    tasks = _tasks(opdracht, 7, 2)
    job = service.submit(tasks, seed=7)
    _wait(job)
    assert not job.errors
    direct = run_task(tasks[1])
    pooled = job.results[run_key(tasks[1], 7)]
    for name in direct.kpis:
        np.testing.assert_array_equal(pooled.kpis[name], direct.kpis[name])
    computed = service.computed
    again = service.submit(tasks, seed=7)
    assert again.finished and again.done == 2 and service.computed == computed


def test_preview_overtakes_queued_full_runs(service, opdracht):
    """With one worker busy, a preview submitted after four full runs still runs before the waiting three."""
    full = service.submit(_tasks(opdracht, 11, 4), seed=11, priority=FULL)
    preview = service.submit(_tasks(opdracht, 12, 1), seed=12, priority=PREVIEW)
    _wait(preview)
    assert full.done <= 1, "full runs that were still waiting ran before the preview"
    _wait(full)
    assert full.done == 4 and not full.errors


def test_cancel_drops_waiting_runs_but_not_other_jobs_runs(service, opdracht):
    """Cancelling stops waiting at once; runs another job also wants still arrive there."""
    tasks = _tasks(opdracht, 21, 5)
    mine = service.submit(tasks, seed=21)
    theirs = service.submit(tasks[3:], seed=21)  # another session wants two of the same runs
    computed = service.computed
    mine.cancel()
    assert mine.finished and mine.cancelled
    _wait(theirs)
    assert theirs.done == 2 and not theirs.errors
    # at most the one run already started for `mine` was computed besides the two `theirs` needed
    assert service.computed - computed <= 3
    assert service.queued() == 0


def test_a_failing_run_reports_one_line(service, opdracht):
    """A run that raises in the worker comes back as an error text, not a crash of the service."""
    bad = dataclasses.replace(_tasks(opdracht, 31, 1)[0], years=0)
    job = service.submit([bad], seed=31)
    _wait(job)
    assert job.finished and not job.results
    assert "years must be a whole number" in job.error and "\n" not in job.error
    good = service.submit(_tasks(opdracht, 31, 1), seed=31)  # the pool still works
    _wait(good)
    assert good.done == 1 and not good.errors


def test_comparison_is_paired_and_gives_preview_then_full(service, opdracht):
    """Replicate i of every scenario has the same seed; the preview and the full result both arrive."""
    huidig = load_scenario("huidig-2025")
    settings = RunSettings(seed=41, reps=2, scale=SCALE, years=YEARS, preview_reps=2, preview_scale=100.0)
    run = ComparisonRun(service, [huidig, opdracht], settings)
    assert run.total == 8
    for _ in range(int(TIMEOUT_S / 0.2)):
        if run.finished:
            break
        run.wait(0.2)
    preview, full = run.preview_result(), run.full_result()
    assert preview is not None and preview.preview and preview.scale == 100.0
    assert full is not None and not full.preview and full.names == ["huidig-2025", "opdracht-2026"]
    for i in range(2):
        assert full.results["huidig-2025"][i].seed_key == full.results["opdracht-2026"][i].seed_key
    assert full.results["opdracht-2026"][0].seed_key != full.results["opdracht-2026"][1].seed_key
    assert full.elapsed_s >= preview.elapsed_s > 0


def test_duplicate_names_are_refused(service, opdracht):
    """Two scenarios with one name would mix up their results."""
    with pytest.raises(ValueError, match="unique"):
        ComparisonRun(service, [opdracht, opdracht], RunSettings(reps=2, scale=SCALE, years=YEARS))


def test_a_preview_only_when_it_is_smaller():
    """The preview simulates fewer youths than the full result, or there is none."""
    assert RunSettings().has_preview
    assert not RunSettings(scale=20.0).has_preview
    assert not RunSettings(preview_reps=0).has_preview


def test_precomputed_runs_wait_behind_users_and_later_come_from_the_cache(service, opdracht):
    """The server's start-up runs yield to a user's; the same comparison asked later computes nothing."""
    from jwsim.viz.draft import DEFAULT_PRESET, DEFAULT_REFERENCE, check, preset_doc  # noqa: PLC0415
    from jwsim.viz.runs import precompute  # noqa: PLC0415

    settings = RunSettings(seed=31, reps=3, scale=SCALE, years=YEARS, preview_reps=2, preview_scale=SCALE * 2)
    # The page's default draft is the scenario precomputed: the same run keys as the shipped file.
    draft = check(preset_doc(DEFAULT_PRESET)).scenario
    scenarios = [load_scenario(DEFAULT_REFERENCE), draft]
    busy = service.submit(_tasks(opdracht, 33, 1), seed=33, priority=FULL)  # the one worker is taken
    background = precompute(service, scenarios, settings)
    user = service.submit(_tasks(opdracht, 32, 1), seed=32, priority=FULL)
    _wait(busy)
    _wait(user)
    assert sum(job.done for job in background) <= 1, "waiting background runs ran before the user's run"
    for job in background:
        _wait(job)
    computed = service.computed
    run = ComparisonRun(service, scenarios, settings)
    assert run.from_cache and run.full_result() is not None and service.computed == computed
