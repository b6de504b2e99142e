"""Peer network and street groups.

Friendships are generated as random ring lattices inside *foci* (Feld's focus theory): the same school
location and age cohort, and the same wijk and age band. Sorting the members of each focus in random
order and linking each to its next ``k`` neighbours gives every youth ~2k friends in each focus, fully
vectorised (no Python loop over youths). The network is stored as a row-normalised ``scipy.sparse``
CSR matrix, so "mean over friends" is one sparse mat-vec per week.

Street groups are cliques of street-active youths (aged 12-21, street propensity above a threshold, not
HBO/WO students) of the same wijk. They persist across years with membership turnover: at each new year
members who aged out, became students or lost their street propensity leave, others move on at
``group_turnover_leave_per_year``; free street-active youths join a group of their wijk with room (of about
their age) or, when none has room, found new groups of about ``street_group_size``, cut from the wijk's free
youths ordered by age. A group keeps its id, home wijk and place (its hangplek: the home wijk, or the city
centre for a share ``group_centre_share_older`` of new groups of older youths). A group is a
*problematische jeugdgroep* when its members' mean delinquency score exceeds ``problem_group_threshold``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from .params import Parameters
from .population import AGE_MBO, HBO_WO, WEEKS_PER_YEAR, Youths


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


@dataclass
class GroupBook:
    """The street groups' identities and history: per group id its home wijk, place and founding year.

    Ids are never reused, so a group keeps its id (and the team's knowledge of it) across years.
    """

    wijk: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int16))
    place: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int16))
    founded: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))

    @property
    def n_ids(self) -> int:
        """Number of group ids ever given."""
        return int(self.wijk.shape[0])


@dataclass(frozen=True)
class GroupTurnover:
    """What a yearly update of the street groups did."""

    stayed: int  # members at the last update still in the same group
    left: int  # members at the last update who left (turnover, aged out, no longer street-active)
    joined: int  # youths who joined an existing group
    new_groups: int
    dissolved: int


def street_active(y: Youths, params: Parameters) -> np.ndarray:
    """Youths aged 12-21, not HBO/WO students, with street propensity above the threshold."""
    age = y.age_weeks // WEEKS_PER_YEAR
    return ((age >= 12) & (age <= 21) & (y.school_type != HBO_WO)
            & (y.street_propensity > params["street_active_threshold"]))


def update_street_groups(y: Youths, params: Parameters, rng: np.random.Generator, book: GroupBook,
                         year: int, centre_wijk: int) -> GroupTurnover:
    """Carry the street groups into a new year: leavers leave, street-active youths join or found groups.

    Sets ``y.group`` and extends ``book``. Three fixed-size draws (common random numbers): who leaves by
    turnover, the order in which free youths are placed, and a new group's place.
    """
    age = y.age_weeks // WEEKS_PER_YEAR
    active = street_active(y, params)
    u_leave = rng.random(y.n)
    key = rng.random(y.n)
    u_place = rng.random(y.n)
    size = int(params["street_group_size"])
    was = y.group >= 0
    n_was = int(np.count_nonzero(was))
    before = np.bincount(y.group[was], minlength=book.n_ids)
    moved_on = was & active & (u_leave < params["group_turnover_leave_per_year"])
    y.group[was & (~active | moved_on)] = -1
    # Groups left with fewer than 3 members are no groups any more: their members are free again.
    sizes = np.bincount(y.group[y.group >= 0], minlength=book.n_ids)
    small = np.flatnonzero((sizes > 0) & (sizes < 3))
    if small.size:
        y.group[np.isin(y.group, small)] = -1
    stayed = int(np.count_nonzero(y.group >= 0))
    sizes = np.bincount(y.group[y.group >= 0], minlength=book.n_ids)
    mean_age = np.bincount(y.group[y.group >= 0], weights=age[y.group >= 0], minlength=book.n_ids) \
        / np.maximum(sizes, 1)
    free = np.flatnonzero(active & (y.group < 0) & ~moved_on)
    free = free[np.lexsort((key[free], age[free], y.wijk[free]))]
    joined = 0
    new_wijk, new_members = [], []
    w_free = y.wijk[free]
    bounds = np.r_[0, np.flatnonzero(w_free[1:] != w_free[:-1]) + 1, free.size]
    open_ids = np.flatnonzero((sizes >= 3) & (sizes < size))
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        if a == b:
            continue
        members = free[a:b]
        w = int(w_free[a])
        # Join the wijk's groups with room: youngest free youths to the youngest groups.
        ids = open_ids[book.wijk[open_ids] == w]
        ids = ids[np.argsort(mean_age[ids], kind="stable")]
        seats = np.repeat(ids, size - sizes[ids])
        k = min(seats.size, members.size)
        y.group[members[:k]] = seats[:k]
        joined += k
        rest = members[k:]
        n_new = int(np.round(rest.size / size))
        if rest.size >= 3 and n_new == 0:
            n_new = 1
        if n_new:
            local = np.minimum(np.arange(rest.size) * n_new // rest.size, n_new - 1)
            counts = np.bincount(local, minlength=n_new)
            for g in range(n_new):
                if counts[g] >= 3:
                    new_wijk.append(w)
                    new_members.append(rest[local == g])
    first = book.n_ids
    after = np.bincount(y.group[y.group >= 0], minlength=first)
    dissolved = int(np.count_nonzero((before > 0) & (after == 0)))
    place = np.array(new_wijk, np.int16)
    for g, members in enumerate(new_members):
        y.group[members] = first + g
        if age[members].mean() >= AGE_MBO and u_place[members[0]] < params["group_centre_share_older"]:
            place[g] = centre_wijk
    book.wijk = np.r_[book.wijk, np.array(new_wijk, np.int16)]
    book.place = np.r_[book.place, place]
    book.founded = np.r_[book.founded, np.full(len(new_wijk), year, np.int32)]
    return GroupTurnover(stayed=stayed, left=n_was - stayed, joined=joined, new_groups=len(new_wijk),
                         dissolved=dissolved)


class StreetGroups:
    """Street-group membership as a sparse matrix G (groups x members, CSR, float64 ones).

    The columns are the members at formation (ascending slots), so ``G @ x[formed]`` sums x over each
    group's members in slot order (the order of ``np.bincount``) and only the members' values are
    gathered. A newcomer who takes a member's slot leaves the group (``leave``): that entry becomes 0 and
    the group's size drops, so group means stay exact between the yearly updates.
    """

    def __init__(self, y: Youths, n_ids: int | None = None) -> None:
        self.formed = (y.group >= 0).nonzero()[0]
        self.members = self.formed  # current members (the formed ones whose occupant is still there)
        g = y.group[self.formed]
        self.n_groups = n_ids if n_ids is not None else (int(g.max()) + 1 if g.size else 0)
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
