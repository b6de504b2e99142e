"""Shared helpers of the peer-agreement test: the same start, the model's weekly counts and state."""

from __future__ import annotations

import numpy as np

from jwsim.model.model import JwsimModel
from jwsim.model.population import R_MENTAL, R_PEERS
from jwsim.model.streams import stream


def start(seed: int = 3, scale: float = 10.0, weeks: int = 53) -> JwsimModel:
    """Build the common initial state: the default scenario after burn-in and week 1 (new year done)."""
    m = JwsimModel(seed=seed, scale=scale, years=1, collect=False)
    for _ in range(weeks):
        m.step()
    return m


def reseed(m: JwsimModel, seed: int) -> None:
    """Give every process a fresh stream (a replicate from the same state)."""
    seq = np.random.SeedSequence(seed)
    for proc in m.processes:
        proc.rng = stream(seq, proc.stream_name())


def model_weeks(m: JwsimModel, weeks: int) -> tuple[list[dict], dict]:
    """Step the model; per-week event counts (in agents, as the processes report them) and the final state."""
    out = []
    for _ in range(weeks):
        m.step()
        yw, jh, nu, cr, sc = m.youthwork.week, m.jeugdhulp.week, m.nuisance.week, m.crime.week, m.school.week
        out.append({
            "contacts_ambulant": yw["contacts_ambulant"], "contacts_sjw": yw["contacts_sjw"],
            "contacts_wijk": yw["contacts_wijk"], "contacts_vso": yw["contacts_vso"],
            "signals": yw["signals"], "jh_entries": jh["jh_entries"], "jh_exits": jh["jh_exits"],
            "nuisance_acts": nu["nuisance_acts"], "halt": int(cr["halt"].sum()),
            "suspects_new": cr["suspects_new"], "dropouts": sc["dropouts"],
            "left": m.demography.week["leavers"],
        })
    y = m.y
    summary = {
        "protective_mean": float(m.protect_score.mean()), "mental_mean": float(y.R[:, R_MENTAL].mean()),
        "peers_mean": float(y.R[:, R_PEERS].mean()), "relation_mean": float(y.relation.mean()),
        "in_care": int(np.count_nonzero(y.jh_level)), "dropouts_stock": int(np.count_nonzero(y.dropout)),
        "programme": int(np.count_nonzero(y.programme)),
    }
    return out, summary
