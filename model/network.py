"""Peer network and street groups.

Friendships are generated as random ring lattices inside *foci* (Feld's focus theory): the same school
location and age cohort, and the same wijk and age band. Sorting the members of each focus in random
order and linking each to its next ``k`` neighbours gives every youth ~2k friends in each focus, fully
vectorised (no Python loop over youths). The network is stored as a row-normalised ``scipy.sparse``
CSR matrix, so "mean over friends" is one sparse mat-vec per week.

Street groups are formed among street-active youths (aged 12-21, street propensity above a threshold,
not HBO/WO students) of the same wijk: ordered by age, they are cut into groups of about
``street_group_size``, i.e. cliques of friends who hang out together. Groups are re-formed every year
(new entrants, leavers, changed propensities); a group is a *problematische jeugdgroep* when its
members' mean delinquency score exceeds ``problem_group_threshold``.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .params import Parameters
from .population import HBO_WO, WEEKS_PER_YEAR, Youths


def _ring_edges(key: np.ndarray, k: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Return edges linking each member of a focus to its next k members in a random order.

    Members of a focus share the same ``key`` (key < 0 = no focus); the order is random within the focus.
    """
    valid = np.flatnonzero(key >= 0)
    order = valid[np.lexsort((rng.random(valid.shape[0]), key[valid]))].astype(np.int32)
    ks = key[order]
    src, dst = [], []
    for j in range(1, k + 1):
        same = ks[:-j] == ks[j:]
        src.append(order[:-j][same])
        dst.append(order[j:][same])
    return np.concatenate(src), np.concatenate(dst)


def build_friendships(y: Youths, params: Parameters, rng: np.random.Generator) -> sp.csr_matrix:
    """Row-normalised friendship matrix W (n x n, float32): W @ x is the mean of x over friends."""
    n = y.n
    age = y.age_weeks // WEEKS_PER_YEAR
    in_school = y.school >= 0
    school_key = np.where(in_school, y.school.astype(np.int64) * 32 + age, -1)
    band = np.digitize(age, [14, 18])
    wijk_key = y.wijk.astype(np.int64) * 4 + band
    # Edge lists in int32 (slots < 2**31), the matrix's own index type: the build's temporaries are a
    # quarter of what int64 lists through scipy's COO conversion took (~5 MB less peak memory at full scale).
    s1, d1 = _ring_edges(school_key, int(params["friends_school"]), rng)
    s2, d2 = _ring_edges(wijk_key, int(params["friends_wijk"]), rng)
    del school_key, wijk_key
    src = np.concatenate([s1, d1, s2, d2])
    dst = np.concatenate([d1, s1, d2, s2])
    del s1, d1, s2, d2
    A = sp.coo_matrix((np.ones(src.shape[0], np.float32), (src, dst)), shape=(n, n)).tocsr()
    del src, dst
    A.sum_duplicates()
    A.data[:] = 1.0
    deg = np.asarray(A.sum(axis=1)).ravel()
    inv = np.where(deg > 0, 1.0 / np.maximum(deg, 1), 0.0).astype(np.float32)
    return sp.csr_matrix(sp.diags(inv) @ A, dtype=np.float32)


def form_street_groups(y: Youths, params: Parameters, rng: np.random.Generator) -> int:
    """(Re)form street groups; sets ``y.group`` and returns the number of groups."""
    age = y.age_weeks // WEEKS_PER_YEAR
    active = ((age >= 12) & (age <= 21) & (y.school_type != HBO_WO)
              & (y.street_propensity > params["street_active_threshold"]))
    y.group[:] = -1
    idx = np.flatnonzero(active)
    if idx.size == 0:
        return 0
    order = idx[np.lexsort((rng.random(idx.size), age[idx], y.wijk[idx]))]
    w = y.wijk[order]
    # Position within the wijk's ordered list, then chunk into groups of the target size.
    starts = np.r_[0, np.flatnonzero(w[1:] != w[:-1]) + 1]
    counts = np.diff(np.r_[starts, order.size])
    pos = np.arange(order.size) - np.repeat(starts, counts)
    size = int(params["street_group_size"])
    n_groups_w = np.maximum(1, np.round(counts / size)).astype(np.int64)  # at least one group per wijk
    local = np.minimum(pos * np.repeat(n_groups_w, counts) // np.repeat(counts, counts),
                       np.repeat(n_groups_w, counts) - 1)
    offset = np.r_[0, np.cumsum(n_groups_w)[:-1]]
    gid = np.repeat(offset, counts) + local
    # Groups of fewer than 3 are not groups: their members hang out alone.
    sizes = np.bincount(gid)
    keep = sizes[gid] >= 3
    y.group[order[keep]] = gid[keep]
    # Renumber compactly.
    used, y.group[order[keep]] = np.unique(gid[keep], return_inverse=True)
    return int(used.size)


class StreetGroups:
    """Street-group membership as a sparse matrix G (groups x members, CSR, float64 ones).

    The columns are the members at formation (ascending slots), so ``G @ x[formed]`` sums x over each
    group's members in slot order (the order of ``np.bincount``) and only the members' values are
    gathered. A newcomer who takes a member's slot leaves the group (``leave``): that entry becomes 0 and
    the group's size drops, so group means stay exact between the yearly re-formations.
    """

    def __init__(self, y: Youths) -> None:
        self.formed = (y.group >= 0).nonzero()[0]
        self.members = self.formed  # current members (the formed ones whose occupant is still there)
        g = y.group[self.formed]
        self.n_groups = int(g.max()) + 1 if g.size else 0
        m = self.formed.size
        self.G = sp.csr_matrix((np.ones(m), (g, np.arange(m))), shape=(self.n_groups, m))
        self.sizes = np.bincount(g, minlength=self.n_groups).astype(float)
        # Position of each formed member's entry in G.data (rows in group order, columns ascending).
        # Per slot (int32: half the memory of intp; only small index sets are looked up in them).
        self._entry = np.full(y.n, -1, np.int32)
        self._entry[self.formed[np.argsort(g, kind="stable")]] = np.arange(m)
        self._group = np.full(y.n, -1, np.int32)
        self._group[self.formed] = g

    def leave(self, slots: np.ndarray, y: Youths) -> None:
        """Slots whose occupant left (a newcomer took the place): out of their group."""
        slots = slots[self._entry[slots] >= 0]
        if slots.size:
            self.G.data[self._entry[slots]] = 0.0
            self.sizes -= np.bincount(self._group[slots], minlength=self.n_groups)
            self._entry[slots] = -1
            self.members = self.members[y.group[self.members] >= 0]

    def means(self, x: np.ndarray) -> np.ndarray:
        """Mean of ``x`` over each group's current members (0 for an empty group)."""
        if self.n_groups == 0:
            return np.zeros(0)
        return (self.G @ x[self.formed].astype(np.float64)) / np.maximum(self.sizes, 1)
