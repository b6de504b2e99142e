"""Scenario files: every bad-input case, the named scenarios, the 2027 cut, and the direction of effects.

Bad input is checked through ``jwsim compare`` itself: in-process for every case (same argparse and error
path as the installed command; an escaping exception would fail the test), and in a real subprocess for
one case of each kind (scenario file, argument, command-level), which also proves there is no traceback.
"""

import subprocess
import sys

import numpy as np
import pytest
from scipy import stats

from jwsim.cli import main as cli_main
from jwsim.experiments.runner import scenario_schedule
from jwsim.model.allocation import Allocation, Schedule
from jwsim.model.model import JwsimModel
from jwsim.model.params import Parameters
from jwsim.model.scenario import load_scenario, named_scenarios
from jwsim.model.streams import replicate_seeds

BASE = """name = "test"
[allocation]
targeting = "selective"
ambulant_team_investment_eur = 250000
[allocation.bk10]
ambulant = 4.0
sjw = 4.5
ib = 3.0
wijk = 13.5
[allocation.jc]
ambulant = 4.0
swf = 4.5
[allocation.sjw_hours]
"01VN04" = 12
"""
ELEVEN_SCHOOLS = "01VN04 30AU00 02ST05 02ST00 21SK00 21SK01 01OE50 26JR00 01VN03 20EO00 20CI00".split()
TOO_MANY_HOURS = "\n".join(f'"{c}" = 12' for c in ELEVEN_SCHOOLS)  # 132 h > 4.5 FTE x 36 h x 0.8

# case -> (file text, key named in the message, problem named in the message)
BAD_FILES = {
    "unknown top-level key": ('colour = "red"\n' + BASE, "colour", "unknown key"),
    "unknown allocation key": (
        BASE.replace("targeting =", "targetting ="),
        "allocation.targetting",
        "unknown key",
    ),
    "unknown work form": (
        BASE.replace("ib = 3.0", "ib = 3.0\nstreet = 1.0"),
        "allocation.bk10.street",
        "unknown work form",
    ),
    "wrong type": (BASE.replace("ib = 3.0", 'ib = "three"'), "allocation.bk10.ib", "must be a number"),
    "boolean for a number": (BASE.replace("ib = 3.0", "ib = true"), "allocation.bk10.ib", "must be a number"),
    "number instead of a table": (
        BASE.replace("[allocation.jc]\nambulant = 4.0\nswf = 4.5\n", "").replace(
            'targeting = "selective"', 'targeting = "selective"\njc = 8.5'
        ),
        "allocation.jc",
        "must be a table",
    ),
    "negative FTE": (BASE.replace("ib = 3.0", "ib = -1.0"), "allocation.bk10.ib", "must not be negative"),
    "negative euros": (
        BASE.replace("250000", "-5"),
        "allocation.ambulant_team_investment_eur",
        "must not be negative",
    ),
    "infinite": (BASE.replace("ib = 3.0", "ib = inf"), "allocation.bk10.ib", "must be finite"),
    "not a number": (BASE.replace("ib = 3.0", "ib = nan"), "allocation.bk10.ib", "must be finite"),
    "FTE above Bindkracht10": (
        BASE.replace("wijk = 13.5", "wijk = 20.0"),
        "allocation.bk10",
        "organisation has 26.5",
    ),
    "FTE above jeugdcoaches": (
        BASE.replace("swf = 4.5", "swf = 5.5"),
        "allocation.jc",
        "organisation has 8.5",
    ),
    "SJW hours above capacity": (
        BASE.replace('"01VN04" = 12', TOO_MANY_HOURS),
        "allocation.sjw_hours",
        "exceed the SJW capacity",
    ),
    "SJW hours above a week": (
        BASE.replace('"01VN04" = 12', '"01VN04" = 50'),
        "allocation.sjw_hours.01VN04",
        "more than a school week",
    ),
    "unknown school": (
        BASE.replace('"01VN04"', '"99XX00"'),
        "allocation.sjw_hours.99XX00",
        "unknown school code",
    ),
    "SJW at a VSO school": (
        BASE.replace('"01VN04"', '"03RH00"'),
        "allocation.sjw_hours.03RH00",
        "not a VO/PRO school",
    ),
    "unknown wijk": (
        BASE + "[allocation.wijk_weights]\nBU02689999 = 2\n",
        "allocation.wijk_weights.BU02689999",
        "unknown wijk code",
    ),
    "override outside range": (
        BASE + "[overrides]\nsjw_dose_threshold_hours = 100\n",
        "sjw_dose_threshold_hours",
        "outside its range",
    ),
    "unknown override": (BASE + "[overrides]\nmagic_number = 1\n", "magic_number", "unknown parameter"),
    "override wrong type": (
        BASE + '[overrides]\nsignal_detection_effect = "x"\n',
        "signal_detection_effect",
        "must be a number",
    ),
    "bad choice": (BASE.replace('"selective"', '"everyone"'), "allocation.targeting", "not one of"),
    "change before 2026": (
        BASE + "[[changes]]\nfrom_year = 2020\n[changes.allocation.bk10]\nwijk = 10\n",
        "changes[0].from_year",
        "from 2026 on",
    ),
    "change above FTE": (
        BASE + "[[changes]]\nfrom_year = 2027\n[changes.allocation.bk10]\nwijk = 30\n",
        "changes[0].allocation.bk10",
        "organisation has 26.5",
    ),
    "missing name": (BASE.replace('name = "test"', ""), "name", "missing"),
    "not TOML": (BASE + "[allocation\n", "not valid TOML", "line"),
    "too large": (BASE + "#" + "x" * 70_000 + "\n", "larger than 64 KiB", "KiB"),
    "empty": ("", "empty", "empty"),
}
# Command-level bad input: (arguments, text in the message).
BAD_ARGS = {
    "unknown scenario": (["nonexistent-scenario", "opdracht-2026"], "unknown scenario"),
    "missing file": (["missing.toml", "opdracht-2026"], "file not found"),
    "one scenario": (["opdracht-2026"], "at least two"),
    "same scenario twice": (["opdracht-2026", "opdracht-2026"], "appears twice"),
    "zero replicates": (["opdracht-2026", "meer-ib", "--reps", "0"], "--reps"),
    "bad scale": (["opdracht-2026", "meer-ib", "--scale", "0.5"], "--scale"),
    "bad workers": (["opdracht-2026", "meer-ib", "--workers", "x"], "--workers"),
    "bad language": (["opdracht-2026", "meer-ib", "--lang", "fr"], "--lang"),
}


def _cli(argv, capsys):
    try:
        code = cli_main(argv)
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    return code, capsys.readouterr()


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_every_bad_scenario_file_gives_one_line_naming_file_key_problem(case, tmp_path, capsys):
    """Each bad scenario file gives one error line naming the file, the key and the problem."""
    text, key, problem = BAD_FILES[case]
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "results"
    code, cap = _cli(
        [
            "compare",
            str(path),
            "opdracht-2026",
            "--reps",
            "1",
            "--scale",
            "50",
            "--years",
            "1",
            "--out",
            str(out),
        ],
        capsys,
    )
    lines = cap.err.strip().splitlines()
    assert code == 2 and len(lines) == 1, cap.err
    assert str(path) in lines[0] and key in lines[0] and problem in lines[0], lines[0]
    assert cap.out == "" and not out.exists()


@pytest.mark.parametrize("case", sorted(BAD_ARGS))
def test_every_bad_argument_gives_one_line_and_writes_nothing(case, tmp_path, capsys, monkeypatch):
    """Each bad `jwsim compare` argument gives one error line, exit code 2 and no output."""
    monkeypatch.chdir(tmp_path)
    args, needle = BAD_ARGS[case]
    out = tmp_path / "results"
    code, cap = _cli(["compare", *args, "--out", str(out)], capsys)
    lines = cap.err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and needle in lines[0], cap.err
    assert not out.exists()


def test_out_that_is_a_file_is_refused_before_any_run(tmp_path, capsys):
    """An ``--out`` that is an existing file is refused, and the file is left alone."""
    blocker = tmp_path / "file.txt"
    blocker.write_text("keep me")
    code, cap = _cli(["compare", "opdracht-2026", "meer-ib", "--out", str(blocker)], capsys)
    assert code == 2 and "not a folder" in cap.err and blocker.read_text() == "keep me"


@pytest.mark.parametrize(
    "args",
    [
        ["BAD", "opdracht-2026"],  # scenario file error (ScenarioError)
        ["opdracht-2026", "meer-ib", "--reps", "-3"],  # argparse error
        ["opdracht-2026", "opdracht-2026"],  # command-level error (ExperimentError)
    ],
)
def test_bad_input_in_a_real_process_exits_2_without_traceback(args, tmp_path):
    """In a real process, each kind of bad input exits with code 2 and one line, no traceback."""
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD_FILES["FTE above Bindkracht10"][0])
    args = [str(bad) if a == "BAD" else a for a in args]
    out = tmp_path / "results"
    p = subprocess.run(
        [sys.executable, "-m", "jwsim", "compare", *args, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1, p.stderr
    assert "Traceback" not in p.stderr and p.stdout == "" and not out.exists()


# --------------------------------------------------------------------------------------- named scenarios
def test_named_scenarios_cover_the_issue_and_are_listed(capsys):
    """The named scenarios include the issue's four plus at least three more, all listed."""
    names = set(named_scenarios())
    assert {"huidig-2025", "opdracht-2026", "bezuiniging-2027", "geen-jongerenwerk"} <= names
    assert len(names - {"huidig-2025", "opdracht-2026", "bezuiniging-2027", "geen-jongerenwerk"}) >= 3
    assert cli_main(["scenarios"]) == 0
    listed = capsys.readouterr().out.strip().splitlines()
    assert len(listed) == len(names) and all(len(line.split(None, 1)) == 2 for line in listed)


def test_named_scenarios_match_the_note():
    """The named scenarios' allocations match the Nota: FTE totals, targeting, SJW hours."""
    op = load_scenario("opdracht-2026").allocation
    assert op.bk10["ambulant"] >= 4 and op.jc["ambulant"] == 4 and op.bk10["ib"] >= 3
    assert op.targeting == "selective" and all(h >= 12 for _, h in op.sjw_hours)
    assert sum(op.bk10.values()) == 26.5 and sum(op.jc.values()) == 8.5
    now = load_scenario("huidig-2025")
    assert now.allocation.targeting == "universal" and "aanname" in now.description
    none = load_scenario("geen-jongerenwerk").allocation
    assert none.total_fte == 0 and none.sjw_hours == ()


def test_the_cut_removes_only_the_project_money_and_what_it_buys_from_2027():
    """From 2027 the cut removes only the project money (Tabel 1: EUR 270k -> 0): PO, Noord and the rest."""
    op, cut = load_scenario("opdracht-2026").schedule, load_scenario("bezuiniging-2027").schedule
    assert cut.at(2026) == op.at(2026)
    a, b = op.at(2027), cut.at(2027)
    changed = {f for f in a.__dataclass_fields__ if getattr(a, f) != getattr(b, f)}
    assert changed == {"programme_eur", "po_eur", "noord_eur"}
    assert (a.programme_eur, a.po_eur + a.noord_eur) == (270_000, 255_000)
    assert b.programme_eur == b.po_eur == b.noord_eur == 0 and cut.at(2030) == b
    cost = Parameters()["cost_per_fte_bk10"]
    assert a.youthwork_fte(Parameters()) - b.youthwork_fte(Parameters()) == pytest.approx(270_000 / cost)


def _models(names, seed, scale, years):
    out = []
    for n in names:
        sc = load_scenario(n)
        out.append(
            JwsimModel(
                scenario_schedule(sc), params=sc.params, seed=seed, scale=scale, years=years, collect=False
            )
        )
    return out


def test_the_cut_leaves_2026_bit_identical_and_acts_only_through_what_it_removes():
    """The cut leaves 2026 bit-identical and in 2027 removes only PO hours, the Noord extra and the rest."""
    seed = replicate_seeds(20260101, 2)[1]
    op, cut = _models(["opdracht-2026", "bezuiniging-2027"], seed, scale=20.0, years=2)
    end_2026 = op.burn_in_weeks + 52
    for m in (op, cut):
        while m.week_index < end_2026:
            m.step()
    # The whole world is identical at the end of 2026: every youth's every attribute.
    for name, arr in vars(op.y).items():
        if isinstance(arr, np.ndarray):
            assert np.array_equal(arr, getattr(cut.y, name)), name
    for m in (op, cut):
        m.step()  # first week of 2027: the cut is in force
    yo, yc = op.youthwork, cut.youthwork
    rest_fte = 15_000 / op.params["cost_per_fte_bk10"]  # the project money's rest bought wijk work
    assert yc.wijk_hours == pytest.approx(yo.wijk_hours * 13.5 / (13.5 + rest_fte))
    assert yo.po_hours > 0 and yc.po_hours == 0 and yo.noord_hours > 0 and yc.noord_hours == 0
    assert yc.amb_hours == yo.amb_hours
    po, pc = yo.programmes, yc.programmes
    assert (pc.ib_slots, pc.swf_slots) == (po.ib_slots, po.swf_slots)
    assert np.array_equal(yc.sjw_school_hours, yo.sjw_school_hours)
    assert np.array_equal(yc.vso_school_hours, yo.vso_school_hours)
    noord = [op.inputs.wijk_codes.index(c) for c in ("BU02680950", "BU02680960", "BU02680970")]
    assert np.array_equal(yc.reach.amb_share, yo.reach.amb_share)  # ambulant hours keep their spread
    lost = yo.wijk_per_wijk - yc.wijk_per_wijk
    assert lost[noord].sum() > 0.9 * lost.sum()  # the Noord extra: most of the wijk hours lost
    ro, rc = op.run(), cut.run()
    for k in ro.kpis:
        assert ro.kpis[k][0] == rc.kpis[k][0], k  # 2026 bit-identical
    cost = op.params["cost_per_fte_bk10"]
    assert rc.kpis["youthwork_fte"][1] == pytest.approx(ro.kpis["youthwork_fte"][1] - 270_000 / cost)
    for k in ro.weekly:
        assert np.array_equal(ro.weekly[k][:52], rc.weekly[k][:52]), k
    assert np.array_equal(ro.weekly["sjw_hours"], rc.weekly["sjw_hours"])
    # Total ambulant hours unchanged (only their spread over wijken moves; equal up to float rounding).
    assert np.allclose(ro.weekly["ambulant_hours"], rc.weekly["ambulant_hours"], rtol=1e-12, atol=0)


# ------------------------------------------------------------------------------------- direction of effects
def _entries_per_year(schedule, params, seed, scale, years):
    """(entries among vulnerable youths, all entries) into jeugdhulp per simulated year."""
    m = JwsimModel(schedule, params=params, seed=seed, scale=scale, years=years, collect=False)
    vulnerable = total = 0
    while m.running and m.week_index < m.n_weeks:
        m.step()
        if m.week_index > m.burn_in_weeks:
            new = (m.y.jh_level > 0) & (m.y.jh_weeks == 1)  # entered this week
            vulnerable += np.count_nonzero(new & m.y.vulnerable)
            total += np.count_nonzero(new)
    return vulnerable * scale / years, total * scale / years


def _paired(a_sched, b_sched, params, reps=4, scale=10.0, years=3):
    """B - a per replicate (common random numbers): arrays of (vulnerable, all) differences."""
    d = [
        np.subtract(
            _entries_per_year(b_sched, params, s, scale, years),
            _entries_per_year(a_sched, params, s, scale, years),
        )
        for s in replicate_seeds(3, reps)
    ]
    return np.array(d)


def _lower_bound_mean(x):
    return x.mean() - stats.t.ppf(0.975, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x))


def test_removing_all_youth_work_raises_the_onset_of_need_and_leaves_need_untreated_longer():
    """Without youth work more youths develop a need (voorkomen) and their need waits longer for care.

    Entries into care are no longer the yardstick: youth workers' signals bring need to care earlier
    (versnellen), which adds (mostly light) entries; that is not worse.
    """
    onsets, untreated = [], []
    # Scale 2: at scale 5 one agent stands for five youths and a single agent's onset can flip a seed.
    for s in replicate_seeds(3, 6):
        runs = [JwsimModel(scenario_schedule(load_scenario(name)), seed=s, scale=2.0, years=3,
                           collect=False).run() for name in ("opdracht-2026", "geen-jongerenwerk")]
        onsets.append(np.sum(runs[1].kpis["need_onsets_per_year"])
                      - np.sum(runs[0].kpis["need_onsets_per_year"]))
        untreated.append(np.sum(runs[1].kpis["jeugdhulp_untreated_weeks_before_entry"])
                         - np.sum(runs[0].kpis["jeugdhulp_untreated_weeks_before_entry"]))
    assert min(onsets) >= 0 and _lower_bound_mean(np.array(onsets)) > 0
    assert np.mean(untreated) > 0


def test_youth_work_contacts_per_youth_do_not_depend_on_scale():
    """Youth-work contacts per youth are the same at scale 4 and scale 20."""
    # Reduced-scale runs (tests, previews, direction checks) stand for the full city only if one agent
    # receives what one youth receives.
    sc = load_scenario("opdracht-2026")
    contacts = []
    for scale in (4.0, 20.0):
        m = JwsimModel(scenario_schedule(sc), params=sc.params, seed=2, scale=scale, years=1, collect=False)
        contacts.append(m.run().kpis["contacts_per_year"][0])
    assert contacts[1] == pytest.approx(contacts[0], rel=0.1)


def test_more_ib_fte_with_everything_else_equal_does_not_raise_entries_among_vulnerable_youths():
    """Moving 5 spare FTE to IB adds IB places but does not raise entries among vulnerable youths."""
    op = load_scenario("opdracht-2026")
    base, burn = op.allocation, scenario_schedule(op).burn_in

    def sched(**bk10):
        return Schedule.constant(
            Allocation.create(
                dict(base.bk10, **bk10),
                base.jc,
                base.sjw,
                base.wijk_priority,
                dict(base.wijk_weights),
                base.targeting,
                base.ambulant_team_investment_eur,
                base.programme_eur,
            ),
            burn_in=burn,
        )

    ib3, ib8 = sched(wijk=8.5), sched(wijk=8.5, ib=8.0)  # 5 spare FTE, then the same 5 FTE on IB only
    d = _paired(ib3, ib8, op.params, reps=6, scale=10.0)[:, 0]
    assert _lower_bound_mean(d) <= 0  # not significantly raised ...
    assert d.mean() <= 10.0 / 3  # ... and by less than one agent (10 youths over 3 years) a year
    slots = [
        JwsimModel(s, seed=1, scale=10.0, years=1, burn_in_weeks=0,
                   collect=False).youthwork.programmes.ib_slots
        for s in (ib3, ib8)
    ]
    assert slots[1] > 2 * slots[0] > 0  # the variant really has more IB
