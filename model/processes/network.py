"""Peer network: friendships at the start, street groups that persist across years with turnover.

Friendships are ring lattices inside the foci school x age cohort and wijk x age band, kept for the whole
run as a row-normalised sparse matrix ``W`` (``W @ x`` is the mean of x over friends). Street groups are
formed among street-active youths of one wijk at the start and carried into every new year with membership
turnover (``model/network.py``): leavers leave, street-active youths join a group of their wijk with room or
found a new one; ids, home wijk and place (hangplek) persist. A newcomer who takes a member's slot leaves the
group, so group means stay exact between the yearly updates.
"""

from __future__ import annotations

import numpy as np

from ..network import GroupBook, StreetGroups, build_friendships, update_street_groups
from ..process import Process, State, Yearly


class Network(Process):
    """Friendships and street groups."""

    name = "network"
    states = (State("group", "int32", "street group, or -1 (none)", init=-1),)
    results = (
        Yearly("street_groups", "kpis", "groups", "Jeugdgroepen op straat", "Street groups", scales=True),
        Yearly("street_group_turnover", "kpis", "share", "Verloop in straatgroepen per jaar",
               "Street-group turnover per year", fmt="%"),
        Yearly("street_groups_new", "kpis", "groups", "Nieuwe straatgroepen per jaar",
               "New street groups per year",
               scales=True),
        Yearly("street_groups_at_place", "per_wijk", "groups", "Straatgroepen (op hun plek)",
               "Street groups (at their place)", scales=True),
    )

    def __init__(self, model) -> None:
        super().__init__(model)
        self.W = None
        self.groups: StreetGroups | None = None
        self.book = GroupBook()
        self.n_groups = 0
        self.turnover = 0.0
        self.new_groups = 0
        self.centre_wijk = int(np.argmax(model.inputs.centre_attractor))

    def initialise(self, model) -> None:
        """Build the friendships, then the first street groups (in that order on the network stream)."""
        self.W = build_friendships(model.y, model.params, self.rng)
        self._update_groups(model)

    def new_year(self, model) -> None:
        """Carry the street groups into the new year (leavers, joiners, new groups)."""
        self._update_groups(model)

    def _update_groups(self, model) -> None:
        y = model.y
        year = int(model.calendar.year[model.week_index])
        counted = self.groups.formed.size if self.groups is not None else 0
        change = update_street_groups(y, model.params, self.rng, self.book, year, self.centre_wijk)
        self.groups = StreetGroups(y, self.book.n_ids)
        self.n_groups = int(np.count_nonzero(self.groups.sizes))
        self.turnover = 1.0 - change.stayed / counted if counted else 0.0
        self.new_groups = change.new_groups

    def enter(self, model, slots) -> None:
        """Take newcomers out of the street groups (a newcomer is in none; group means stay exact)."""
        super().enter(model, slots)
        self.groups.leave(slots, model.y)

    def close_year(self, model, year) -> None:
        """Street groups, their turnover at the year's start and where they are."""
        year.set("street_groups", self.n_groups)
        year.set("street_group_turnover", self.turnover)
        year.set("street_groups_new", self.new_groups)
        alive = self.groups.sizes > 0
        year.set("street_groups_at_place",
                 np.bincount(self.book.place[alive], minlength=len(model.inputs.wijk_codes)).astype(float),
                 "per_wijk")
