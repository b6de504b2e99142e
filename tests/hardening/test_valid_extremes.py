"""Valid extremes run correctly.

0 FTE everywhere, all FTE in one work form, the full city at scale 1, one-week runs, and the ends of the
command line's ranges.

A one-week run is expressible through the model's stepping API (``JwsimModel.step()``, what the app's
Verken page and Mesa's own tools use), not through ``jwsim run``: the command reports yearly KPIs (rates
per year, per 10,000 youths), which a part of a year cannot give, so ``--years`` starts at 1.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hardening_kit import run_cli
from model_checks import run_checked

from jwsim.data import load_inputs
from jwsim.model.allocation import BK10_FORMS, JC_FORMS, ORG_FTE, Allocation, Schedule
from jwsim.model.model import JwsimModel
from jwsim.model.params import Parameters
from jwsim.model.scenario import load_scenario

INPUTS = load_inputs()
SJW_SCHOOLS = [c for c, ok in zip(INPUTS.schools.codes, INPUTS.schools.sjw_eligible, strict=True) if ok]
CONTACT_FORMS = ("ambulant", "sjw", "wijk", "vso")


def _all_in(org: str, form: str) -> Allocation:
    """Put all FTE of an organisation in one work form (SJW: its full capacity spread over the schools)."""
    fte = {org: {form: ORG_FTE[org]}, "other": {}}
    sjw = {}
    if (org, form) == ("bk10", "sjw"):
        cap = Allocation.create({"sjw": ORG_FTE["bk10"]}, {}).sjw_capacity_hours(Parameters())
        sjw = {code: min(40.0, cap / len(SJW_SCHOOLS)) for code in SJW_SCHOOLS}
    return Allocation.create(fte.get("bk10", {}), fte.get("jc", {}), sjw)


def _contacts(result) -> dict[str, float]:
    return {form: float(result.weekly[f"contacts_{form}"].sum()) for form in CONTACT_FORMS}


@pytest.mark.parametrize(
    ("org", "form"), [("bk10", f) for f in BK10_FORMS] + [("jc", f) for f in JC_FORMS], ids=lambda v: v
)
def test_all_fte_in_one_work_form(org, form):
    """All FTE in one form from 2026 (after the 2025 practice): invariants hold, only that form delivers.

    The 2025 burn-in matters for IB: its intake takes youths already known to youth work (a meaningful
    relation or a signal), so IB alone from the first week on reaches nobody.
    """
    schedule = Schedule.constant(_all_in(org, form), burn_in=load_scenario("huidig-2025").allocation)
    result = run_checked(JwsimModel(schedule, seed=3, scale=20.0, years=1, collect=False))
    contacts = _contacts(result)
    delivering = {"ambulant": {"ambulant"}, "sjw": {"sjw"}, "wijk": {"wijk"}, "swf": {"vso"}}.get(form, set())
    for f, n in contacts.items():
        if f in delivering:
            assert n > 0, (form, contacts)
        else:
            assert n == 0, (form, contacts)
    in_ib, in_swf = result.weekly["ib_caseload"].max(), result.weekly["swf_caseload"].max()
    assert (in_ib > 0) == (form == "ib") and (in_swf > 0) == (form == "swf")


def test_zero_fte_everywhere_end_to_end(tmp_path):
    """A scenario file with no FTE at all runs through ``jwsim run`` and writes complete, finite results."""
    scenario = tmp_path / "nul.toml"
    scenario.write_text('name = "nul"\n[allocation]\n')
    out = tmp_path / "out"
    outcome = run_cli(
        [
            "run",
            f"--scenario={scenario}",
            "--reps=3",
            "--years=2",
            "--scale=20",
            "--workers=1",
            "--json",
            f"--out={out}",
        ]
    )
    assert outcome.code == 0, outcome.err
    doc = json.loads(outcome.out)
    assert doc["kpis"]["contacts_per_year"]["mean"] == 0
    assert doc["kpis"]["youthwork_cost_eur_per_year"]["mean"] == 0
    assert all(np.isfinite([v["mean"], v["lo"], v["hi"]]).all() for v in doc["kpis"].values())
    assert doc["kpis"]["jeugdhulp_entries_per_year"]["mean"] > 0  # the city still lives
    for name in ("kpis.json", "manifest.json", "kpis_by_replicate.csv", "per_wijk.csv", "weekly.csv"):
        assert (out / name).is_file(), name
    weekly = pd.read_csv(out / "weekly.csv")
    assert len(weekly) == 2 * 52 and np.isfinite(weekly.to_numpy(dtype=float)).all()
    assert not list(out.glob(".*.tmp"))


def test_the_full_city_at_scale_1():
    """Every youth of the city, one agent each, for a year: every invariant every week."""
    sc = load_scenario("opdracht-2026")
    model = JwsimModel(
        sc.schedule, params=sc.params, seed=17, scale=1.0, years=1, burn_in_weeks=0, collect=False
    )
    assert model.y.n == int(INPUTS.youths.sum())
    result = run_checked(model)
    assert result.weekly["population"][0] == pytest.approx(INPUTS.youths.sum(), rel=0.02)
    assert result.kpis["jeugdhulp_entries_per_year"][0] > 0


def test_a_one_week_run_is_the_first_week_of_a_longer_run():
    """Stepping one week gives exactly the first week of a full year's run with the same seed."""
    sc = load_scenario("opdracht-2026")

    def model() -> JwsimModel:
        return JwsimModel(sc.schedule, params=sc.params, seed=99, scale=20.0, years=1, burn_in_weeks=0)

    one = model()
    one.step()
    assert one.week_index == 1 and one.running
    full = model()
    full.run()
    for name, series in one.recorder.weekly.items():
        assert series[0] == full.recorder.weekly[name][0], name
        assert not series[1:].any(), name  # nothing recorded beyond the one week
    frame = one.datacollector.get_model_vars_dataframe()
    assert len(frame) == 2 and np.isfinite(frame.to_numpy(dtype=float)).all()  # t=0 and after week 1


def test_the_ends_of_the_command_line_ranges(tmp_path):
    """The largest seed, the most years and the smallest population the CLI accepts: a valid run."""
    outcome = run_cli(
        [
            "run",
            "--seed=9223372036854775807",
            "--years=30",
            "--scale=100",
            "--reps=1",
            "--workers=1",
            "--json",
        ]
    )
    assert outcome.code == 0, outcome.err
    doc = json.loads(outcome.out)
    assert doc["years"] == list(range(2026, 2056))
    assert all(np.isfinite(v["mean"]) for v in doc["kpis"].values())


def test_a_design_factor_at_both_ends_of_its_registry_range(tmp_path):
    """A factorial design with a parameter at exactly its registry low and high runs."""
    from jwsim.model.params import REGISTRY

    p = REGISTRY["sjw_dose_threshold_hours"]
    design = tmp_path / "ends.toml"
    design.write_text(
        f'name = "ends"\nmethod = "factorial"\n[run]\nreps = 1\nscale = 100\nyears = 1\n'
        f"[factors.sjw_dose_threshold_hours]\nlevels = [{p.low}, {p.high}]\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        outcome = run_cli(["sweep", str(design), "--workers=1", "--no-progress", "--json", f"--out={out}"])
        assert outcome.code == 0, outcome.err
        runs = pd.read_parquet(out / "runs")
    assert sorted(runs["in_sjw_dose_threshold_hours"]) == [p.low, p.high]
