"""Peer network: friendships at the start, street groups re-formed at each new year.

Friendships are ring lattices inside the foci school x age cohort and wijk x age band, kept for the whole
run as a row-normalised sparse matrix ``W`` (``W @ x`` is the mean of x over friends). Street groups are
formed among street-active youths of one wijk at the start and at every new year (``model/network.py``); a
newcomer who takes a member's slot leaves the group, so group means stay exact between re-formations.
"""

from __future__ import annotations

from ..network import StreetGroups, build_friendships, form_street_groups
from ..process import Process, State, Yearly


class Network(Process):
    """Friendships and street groups."""

    name = "network"
    states = (State("group", "int32", "street group, or -1 (none)", init=-1),)
    results = (
        Yearly("street_groups", "kpis", "groups", "Jeugdgroepen op straat", "Street groups", scales=True),
    )

    def __init__(self, model) -> None:
        super().__init__(model)
        self.W = None
        self.groups: StreetGroups | None = None
        self.n_groups = 0

    def initialise(self, model) -> None:
        """Build the friendships, then the first street groups (in that order on the network stream)."""
        self.W = build_friendships(model.y, model.params, self.rng)
        self._form_groups(model)

    def new_year(self, model) -> None:
        """Re-form the street groups (newcomers, leavers and changed propensities)."""
        self._form_groups(model)

    def _form_groups(self, model) -> None:
        self.n_groups = form_street_groups(model.y, model.params, self.rng)
        self.groups = StreetGroups(model.y)

    def enter(self, model, slots) -> None:
        """Take newcomers out of the street groups (a newcomer is in none; group means stay exact)."""
        super().enter(model, slots)
        self.groups.leave(slots, model.y)

    def close_year(self, model, year) -> None:
        """Set the number of street groups."""
        year.set("street_groups", self.n_groups)
