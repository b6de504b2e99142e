"""What enters through the app, in-process: uploaded files (content and file name) and slider echoes.

Uploads go through ``read_upload`` → ``parse_scenario`` (the one scenario validator); the browser tests
(tests/browser/test_scenario_results.py) show the messages in the page, tests/browser/test_load.py the
server under several sessions.
"""

from __future__ import annotations

from hardening_kit import assert_one_line, examples, odd_text
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jwsim.messages import one_line
from jwsim.model.scenario import ScenarioError, named_scenarios, parse_scenario
from jwsim.viz.page_scenario import slider_echo
from jwsim.viz.scenario_toml import dumps, read_upload

SHIPPED = [p.read_bytes() for p in named_scenarios().values()]


@settings(max_examples=examples(80), deadline=None)
@given(
    content=st.binary(max_size=2048) | st.sampled_from(SHIPPED),
    cut=st.integers(0, 4096),
    filename=odd_text | st.just("plan.toml"),
)
@example(content=SHIPPED[0], cut=4096, filename="a\nb\x1b[31m.toml")  # found: the name split the message
def test_any_upload_is_a_scenario_or_one_line_naming_the_file(content, cut, filename):
    """An upload (possibly cut short, with any file name): its document and scenario, or one line."""
    data = content[:cut]
    try:
        doc, scenario = read_upload(data, filename)
    except ScenarioError as exc:
        assert_one_line(str(exc), names=one_line(filename)[:20])
        return
    # What the app keeps is what a downloaded file gives back: the same scenario.
    assert parse_scenario(dumps(doc), "download.toml").schedule == scenario.schedule


@settings(max_examples=examples(60), deadline=None)
@given(
    current=st.floats(0, 26.5),
    steps=st.integers(-3, 3),
    step=st.sampled_from([0.25, 0.5]),
)
@example(current=4.75, steps=0, step=0.5)  # sjw-8u-alle-vo's SJW FTE: the echo of 5.0 is not an edit
@example(current=13.25, steps=0, step=0.5)  # its wijk FTE: JavaScript rounds 26.5 half up, to 13.5
def test_a_slider_echo_is_not_an_edit_and_a_move_is(current, steps, step):
    """The value Vuetify snaps an off-grid value to is ignored; any other value is the user's move."""
    import math

    snapped = math.floor(current / step + 0.5) * step
    on_grid = abs(current - snapped) <= 1e-9  # the same tolerance as slider_echo
    assert not slider_echo(current, current, step)  # nothing changed
    moved = snapped + steps * step
    assert slider_echo(current, moved, step) == (steps == 0 and not on_grid)
