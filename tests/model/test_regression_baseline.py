"""Fixed-seed regression baseline: the exact numbers of one small run.

If this fails after a change that was meant to move results, regenerate with
``python tests/model/make_baseline.py`` and write the reason in CHANGELOG.md in the same commit.
"""

import json

from make_baseline import BASELINE, compute  # tests/model is on sys.path (rootdir-relative import)


def test_results_match_the_committed_baseline_exactly():
    """The small fixed-seed run reproduces the committed baseline numbers exactly."""
    expected = json.loads(BASELINE.read_text())
    got = compute()
    assert got["setup"] == expected["setup"]
    for k, v in expected["kpis"].items():
        assert got["kpis"][k] == v, k
    for k, v in expected["weekly"].items():
        assert got["weekly"][k] == v, k
