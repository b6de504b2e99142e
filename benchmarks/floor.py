"""The floor: a numpy kernel that does only the unavoidable work of one weekly step.

Per process, in the model's step order, it draws the same random numbers (same generator, method, dtype
and count per youth) and touches each state array the process touches in the week as many elements as
the process does, in one contiguous pass — an in-place update for arrays the process writes, a
reduction for arrays it only reads, a sparse mat-vec for the friendship matrix — with the counts
measured from the model by :mod:`benchmarks.introspect`.
Nothing else: no hazards, no indexing, no bookkeeping. That is the practical limit of any array
implementation of the same rules on the same state; the benchmark reports the model's time per step
relative to it.
"""

from __future__ import annotations

import time

import numpy as np

from .introspect import StepWork


class FloorKernel:
    """Replays a :class:`StepWork` on the full-size state of a model."""

    def __init__(self, work: StepWork, model, seed: int = 0) -> None:
        y = model.y
        self.n = y.n
        # Private copies of the state (same dtypes, shapes and layout as the model's).
        self.state = {name: np.array(getattr(y, name), copy=True, order="K")
                      for name in work.arrays if name != "W"}
        self.W = model.network.W.copy()
        self.x = np.asarray(model.y.delinquency, np.float32).copy()
        # The labels in the model's step order (its processes, then recording, model, year change).
        order = work.labels
        unknown = ({lab for lab, _ in work.passes} | {lab for lab, _, _ in work.draws}) - set(order)
        if unknown:
            raise ValueError(f"work counted under labels outside the step order: {sorted(unknown)}")
        ss = np.random.SeedSequence(seed)
        self.rngs = {label: np.random.Generator(np.random.PCG64(s))
                     for label, s in zip(order, ss.spawn(len(order)), strict=True)}
        # The plan: per process, the draws and the passes (a share f of an array: its first f x size
        # elements, the cheapest way to touch that many).
        self.plan = []
        for label in order:
            draws = []
            for (lab, method, dtype), per_youth in sorted(work.draws.items()):
                if lab == label and per_youth > 0:
                    size = max(int(round(per_youth * self.n)), 1)
                    draws.append((method, np.dtype(dtype), np.empty(size, dtype)))
            passes = [(name, share, (label, name) in work.written)
                      for (lab, name), share in sorted(work.passes.items()) if lab == label]
            if draws or passes:
                self.plan.append((label, draws, passes))
        self.passes_done = 0
        self.values_drawn = 0

    def step(self) -> None:
        """One floor step."""
        for label, draws, passes in self.plan:
            rng = self.rngs[label]
            for method, dtype, buf in draws:
                if method == "random":
                    rng.random(out=buf, dtype=dtype)
                elif method == "standard_normal":
                    if dtype == np.float64 or dtype == np.float32:
                        rng.standard_normal(out=buf, dtype=dtype)
                else:
                    buf[:] = rng.integers(0, 2**31 - 1, buf.size, dtype=dtype)
                self.values_drawn += buf.size
            for name, share, written in passes:
                self._touch(name, share, written)

    def _touch(self, name: str, share: float, written: bool) -> None:
        self.passes_done += share
        if name == "W":
            self.W @ self.x
            return
        full = self.state[name].reshape(-1, order="A")
        a = full[: max(int(round(share * full.size)), 1)]
        if written:
            if a.dtype == bool:
                np.logical_or(a, False, out=a)
            else:
                np.add(a, 0, out=a, casting="unsafe")
        elif a.dtype == bool:
            np.count_nonzero(a)
        else:
            a.max()


def time_floor(kernel: FloorKernel, steps: int = 52) -> tuple[float, float]:
    """Wall and CPU seconds per floor step over ``steps`` steps."""
    t0, c0 = time.perf_counter(), time.thread_time()
    for _ in range(steps):
        kernel.step()
    return (time.perf_counter() - t0) / steps, (time.thread_time() - c0) / steps

