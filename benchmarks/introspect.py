"""Measure, from the model itself, the work one weekly step cannot avoid.

That is: which state arrays each process touches and how many random numbers it draws.

The model is run for a year with its state arrays (every per-youth state the processes declare, except
the derived ones such as age in years and the scores, plus the friendship matrix ``W``) swapped for tagged
views, and each process's random generator wrapped in a counter. A state array counts as touched by a process
in a week when any numpy operation (ufunc, array function, indexing, assignment, ``astype``/``take``/``copy``)
reads or writes it during that process; the friendship matrix when it is multiplied. Nothing here is
hand-typed: the processes, their order and their states come from the model's declarations, and the floor
kernel (:mod:`benchmarks.floor`) replays exactly these counts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from jwsim.model.model import JwsimModel

# Labels of the work outside the processes' weekly steps: recording, the model's own step code, new year.
OTHER_LABELS = ("record", "model", "new_year")
_current: list[str] = []                       # label stack: the outermost label gets the work
_touched: set[tuple[str, str, bool]] = set()   # (label, array, written) in the current step
# Elements touched in the current step: (label, array) -> {region: elements}. A region is a view of the
# array (identified by address, shape and strides) or "fancy" (indexed subsets: the largest counts).
_regions: dict[tuple[str, str], dict] = defaultdict(dict)


def _label() -> str:
    return _current[0] if _current else "model"


def _note(objs, written: bool = False, fancy: int | None = None) -> None:
    for o in objs:
        tag = getattr(o, "_tag", None)
        if tag is not None:
            label = _label()
            _touched.add((label, tag, written))
            regions = _regions[(label, tag)]
            if fancy is None:
                key = (o.__array_interface__["data"][0], o.shape, o.strides)
                regions[key] = o.size
            else:
                regions["fancy"] = max(regions.get("fancy", 0), fancy)


def _is_view(key) -> bool:
    """Tell whether ``key`` indexes a view: basic indexing (slices, integers) does; arrays or lists do not."""
    parts = key if isinstance(key, tuple) else (key,)
    return not any(isinstance(k, (np.ndarray, list)) for k in parts)


def _plain(x):
    return x.view(np.ndarray) if isinstance(x, TrackedArray) else x


def _flat(args):
    for a in args:
        if isinstance(a, (list, tuple)):
            yield from _flat(a)
        else:
            yield a


class TrackedArray(np.ndarray):
    """An ndarray view that reports every numpy operation on it (tag = state array name)."""

    _tag: str | None = None

    def __array_finalize__(self, obj) -> None:
        self._tag = getattr(obj, "_tag", None)

    def __array_ufunc__(self, ufunc, method, *inputs, out=None, **kwargs):
        _note(inputs)
        if out is not None:
            _note(out, written=True)
            kwargs["out"] = tuple(_plain(o) for o in out)
        result = getattr(ufunc, method)(*(_plain(i) for i in inputs), **kwargs)
        if out is not None:
            return out[0] if len(out) == 1 else out
        return result

    def __array_function__(self, func, types, args, kwargs):
        _note(_flat(args))
        if "out" in kwargs:
            _note(_flat([kwargs["out"]]), written=True)
        args = tuple(tuple(_plain(x) for x in a) if isinstance(a, (list, tuple)) else _plain(a) for a in args)
        kwargs = {k: _plain(v) for k, v in kwargs.items()}
        return func(*args, **kwargs)

    def __getitem__(self, key):
        r = super().__getitem__(key)
        if _is_view(key):
            if isinstance(r, np.ndarray):
                return r  # a view stays state: operations on it are noted as they happen
            _note((self,), fancy=1)
            return r
        _note((self,), fancy=np.size(r))
        return r.view(np.ndarray)  # a copy (fancy indexing) is no longer state

    def __setitem__(self, key, value) -> None:
        if _is_view(key):
            target = super().__getitem__(key)
            if isinstance(target, np.ndarray):
                _note((target,), written=True)
            else:
                _note((self,), written=True, fancy=1)
        else:
            _note((self,), written=True, fancy=np.size(super().__getitem__(key)))
        super().__setitem__(key, _plain(value))

    def astype(self, *args, **kwargs):  # noqa: D102
        _note((self,))
        return self.view(np.ndarray).astype(*args, **kwargs)

    def take(self, *args, **kwargs):  # noqa: D102
        r = self.view(np.ndarray).take(*args, **kwargs)
        _note((self,), fancy=np.size(r))
        return r

    def copy(self, *args, **kwargs):  # noqa: D102
        _note((self,))
        return self.view(np.ndarray).copy(*args, **kwargs)


class TrackedMatrix(sp.csr_matrix):
    """The friendship matrix, reporting each product as a pass over it."""

    def __matmul__(self, other):
        _touched.add((_label(), "W", False))
        _regions[(_label(), "W")]["all"] = self.nnz
        return super().__matmul__(_plain(other))


class CountingGenerator:
    """Wraps a process's ``numpy.random.Generator`` and counts the values it draws, by method and dtype."""

    def __init__(self, rng: np.random.Generator, label: str, counts: Counter) -> None:
        self._rng, self._label, self._counts = rng, label, counts

    def _count(self, method: str, size, out, dtype) -> None:
        n = out.size if out is not None else int(np.prod(size)) if size is not None else 1
        self._counts[(self._label, method, np.dtype(dtype).name)] += n

    def random(self, size=None, dtype=np.float64, out=None):  # noqa: D102
        self._count("random", size, out, dtype)
        return self._rng.random(size, dtype=dtype, out=_plain(out))

    def standard_normal(self, size=None, dtype=np.float64, out=None):  # noqa: D102
        self._count("standard_normal", size, out, dtype)
        return self._rng.standard_normal(size, dtype=dtype, out=_plain(out))

    def normal(self, loc=0.0, scale=1.0, size=None):  # noqa: D102
        self._count("standard_normal", size, None, np.float64)
        return self._rng.normal(loc, scale, size)

    def integers(self, low, high=None, size=None, dtype=np.int64, endpoint=False):  # noqa: D102
        self._count("integers", size, None, dtype)
        return self._rng.integers(low, high, size, dtype=dtype, endpoint=endpoint)

    def __getattr__(self, name):
        raise AttributeError(f"CountingGenerator does not count {name!r}: add it to benchmarks/introspect.py")


@dataclass
class StepWork:
    """What one weekly step does, averaged over the instrumented weeks.

    Attributes:
        weeks: instrumented steps.
        youths: agent slots of the instrumented model.
        passes: (process, array) -> elements touched per step as a share of the array (1 = one full pass;
            views count once each, indexed subsets by their largest selection; at most 1 per step).
        written: (process, array) pairs that were written (not only read).
        draws: (process, method, dtype) -> values drawn per youth per step.
        arrays: array name -> (dtype, columns) of the state array.
        labels: the labels in the model's step order: its processes, then recording, model and new year.

    """

    weeks: int
    youths: int
    passes: dict[tuple[str, str], float]
    written: set[tuple[str, str]]
    draws: dict[tuple[str, str, str], float]
    arrays: dict[str, tuple[str, int]] = field(default_factory=dict)
    labels: tuple[str, ...] = ()

    @property
    def passes_per_step(self) -> float:
        """Full-pass equivalents over state arrays per step."""
        return sum(self.passes.values())

    @property
    def draws_per_youth(self) -> float:
        """Random values drawn per youth per step."""
        return sum(self.draws.values())


def state_fields(model: JwsimModel) -> list[str]:
    """Names of the per-youth state arrays: the states the processes declare, without the derived ones."""
    return [s.name for proc in model.processes for s in type(proc).states if not s.derived]


def instrument(model: JwsimModel, counts: Counter) -> None:
    """Swap the model's state for tagged views and its generators for counters (in place)."""
    for name in state_fields(model):
        view = getattr(model.y, name).view(TrackedArray)
        view._tag = name
        setattr(model.y, name, view)
    model.network.W = TrackedMatrix(model.network.W)
    for proc in model.processes:
        proc.rng = CountingGenerator(proc.rng, proc.name, counts)
        _wrap(proc, "step", proc.name)
    for name in list(model.streams):
        model.streams[name] = CountingGenerator(model.streams[name], name, counts)
    _wrap(model.recorder, "record_week", "record")
    _wrap(model.recorder, "close_year", "record")
    _wrap(model, "_new_year", "new_year")


def _wrap(obj, method: str, label: str) -> None:
    inner = getattr(obj, method)

    def labelled(*args, **kwargs):
        _current.append(label)
        try:
            return inner(*args, **kwargs)
        finally:
            _current.pop()

    setattr(obj, method, labelled)


def measure_step_work(scale: float = 5.0, weeks: int = 52, seed: int = 1) -> StepWork:
    """Run the real model (default scenario) for ``weeks`` instrumented steps and count its work.

    The counts are per step: passes are independent of the population size, draws are per youth, so a
    reduced scale gives the counts of the full city.
    """
    model = JwsimModel(seed=seed, scale=scale, years=1, burn_in_weeks=52, collect=False)
    for _ in range(26):  # start mid-year so that the instrumented weeks include a year change
        model.step()
    sizes = {name: getattr(model.y, name).size for name in state_fields(model)}
    counts: Counter = Counter()
    instrument(model, counts)
    pass_weeks: Counter = Counter()
    written: set[tuple[str, str]] = set()
    for _ in range(weeks):
        _touched.clear()
        _regions.clear()
        model.step()
        for label, tag, w in _touched:
            if w:
                written.add((label, tag))
        for (label, tag), regions in _regions.items():
            if tag == "W":
                pass_weeks[(label, tag)] += 1.0
            else:
                pass_weeks[(label, tag)] += min(sum(regions.values()) / sizes[tag], 1.0)
    n = model.y.n
    arrays = {name: (getattr(model.y, name).dtype.name, int(np.prod(getattr(model.y, name).shape[1:])))
              for name in state_fields(model)}
    arrays["W"] = ("float32", int(model.network.W.nnz / max(n, 1)))
    draws: dict[tuple[str, str, str], float] = defaultdict(float)
    for key, v in counts.items():
        draws[key] += v / weeks / n
    labels = (*(proc.name for proc in model.processes), *OTHER_LABELS)
    return StepWork(weeks=weeks, youths=n, passes={k: v / weeks for k, v in pass_weeks.items()},
                    written=written, draws=dict(draws), arrays=arrays, labels=labels)


def main() -> int:
    """``python -m benchmarks.introspect``: print what one weekly step touches and draws, per process."""
    work = measure_step_work()
    print(f"instrumented: {work.weeks} weeks at {work.youths} youths (scale 5), default scenario")
    print(f"{'process':12s} {'array':22s} {'share/step':>10s}  written")
    for (label, name), share in sorted(work.passes.items()):
        print(f"{label:12s} {name:22s} {share:10.4f}  {'yes' if (label, name) in work.written else ''}")
    print(f"full-pass equivalents per step: {work.passes_per_step:.2f}")
    print(f"{'process':12s} {'method':16s} {'dtype':8s} {'per youth/step':>14s}")
    for (label, method, dtype), v in sorted(work.draws.items()):
        print(f"{label:12s} {method:16s} {dtype:8s} {v:14.4f}")
    print(f"draws per youth per step: {work.draws_per_youth:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
