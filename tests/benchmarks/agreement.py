"""Shared helpers of the peer-agreement test: the same start, the model's weekly counts and state."""

from __future__ import annotations

import numpy as np

from jwsim.model.model import JwsimModel
from jwsim.model.population import R_MENTAL, R_PEERS
from jwsim.model.streams import stream

PROCESS_STREAMS = ("demography", "life_events", "youthwork", "factors", "jeugdhulp", "nuisance", "crime",
                   "school")


def start(seed: int = 3, scale: float = 10.0, weeks: int = 53) -> JwsimModel:
    """Build the common initial state: the default scenario after burn-in and week 1 (new year done)."""
    m = JwsimModel(seed=seed, scale=scale, years=1, collect=False)
    for _ in range(weeks):
        m.step()
    return m


def reseed(m: JwsimModel, seed: int) -> None:
    """Give every weekly process a fresh stream (a replicate from the same state)."""
    seq = np.random.SeedSequence(seed)
    for name in PROCESS_STREAMS:
        getattr(m, name).rng = stream(seq, name)


def model_weeks(m: JwsimModel, weeks: int) -> tuple[list[dict], dict]:
    """Step the model; per-week event counts (in agents, not scaled) and the final state summary."""
    s = m.scale
    out = []
    for _ in range(weeks):
        left = m.demography.left
        m.step()
        yw, jh, nu, cr, sc = m.youthwork.week, m.jeugdhulp.week, m.nuisance.week, m.crime.week, m.school.week
        out.append({
            "contacts_ambulant": yw["contacts_ambulant"] / s, "contacts_sjw": yw["contacts_sjw"] / s,
            "contacts_wijk": yw["contacts_wijk"] / s, "contacts_vso": yw["contacts_vso"] / s,
            "signals": yw["signals"] / s, "jh_entries": jh["entries"] / s, "jh_exits": jh["exits"] / s,
            "nuisance_acts": nu["acts"] / s, "halt": cr["halt"] / s, "suspects_new": cr["suspects"] / s,
            "dropouts": sc["dropouts"] / s, "left": m.demography.left - left,
        })
    y = m.y
    summary = {
        "protective_mean": float(m.protect_score.mean()), "mental_mean": float(y.R[:, R_MENTAL].mean()),
        "peers_mean": float(y.R[:, R_PEERS].mean()), "relation_mean": float(y.relation.mean()),
        "in_care": int(np.count_nonzero(y.jh_level)), "dropouts_stock": int(np.count_nonzero(y.dropout)),
        "programme": int(np.count_nonzero(y.programme)),
    }
    return out, summary
