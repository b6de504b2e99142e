"""The session in the page's address: written compactly, read back exactly, refused when broken."""

from __future__ import annotations

import base64
import zlib

import ipyvuetify as v
import pytest
import solara

from jwsim.viz import draft as d
from jwsim.viz.app import Page
from jwsim.viz.session_url import (
    MAX_STATE_BYTES,
    StateError,
    UrlStateWidget,
    canonical,
    decode,
    encode,
)


def _state(**changes) -> dict:
    doc = d.with_fte(d.preset_doc("bezuiniging-2027"), "bk10", "ib", 3.5, year=2028)
    state = {
        "v": 1,
        "lang": "en",
        "page": 2,
        "preset": "bezuiniging-2027",
        "draft": doc,
        "year": 2028,
        "ref": "huidig-2025",
        "settings": {
            "seed": 77,
            "reps": 3,
            "scale": 5.0,
            "years": 4,
            "preview_reps": 3,
            "preview_scale": 10.0,
        },
        "names": ["huidig-2025", "bezuiniging-2027-aangepast"],
    }
    return {**state, **changes}


def test_a_state_survives_the_address_exactly():
    """Encode, decode: the same state, the scenario document to the last float, in a few hundred bytes."""
    state = _state()
    text = encode(state)
    assert decode(text) == state
    assert len(text) < 1500 and set(text) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "!!!",
        base64.urlsafe_b64encode(b"not zlib").decode(),
        base64.urlsafe_b64encode(zlib.compress(b"[1, 2]")).decode(),
        base64.urlsafe_b64encode(zlib.compress(b'{"v": 99}')).decode(),
        base64.urlsafe_b64encode(zlib.compress(b" " * (MAX_STATE_BYTES + 10))).decode(),
        base64.urlsafe_b64encode(zlib.compress(b"[" * 100_000)).decode(),  # nested past the recursion limit
    ],
)
def test_a_broken_address_is_refused(text):
    """Not base64, not zlib, not a JSON object, another version, or unpacking to too much: StateError."""
    with pytest.raises(StateError):
        decode(text)


def _render():
    return solara.render(solara.AppLayout(children=[Page()]), handle_error=False)[1]


def test_a_page_restores_its_session_from_the_address():
    """The address's state becomes the session: language, page, scenario with its changes, year, settings."""
    rc = _render()
    widget = rc.find(UrlStateWidget).widget
    assert not widget.ready  # the browser has not sent the address yet: nothing is written over it
    widget.vue_restore(encode(_state(page=0)))
    assert widget.ready
    assert rc.find(v.Html, tag="h1").widget.children == ["Scenario"]
    assert rc.find(v.TextField, class_="jwsim-name").widget.v_model == "bezuiniging-2027-aangepast"
    fte = {w.children[0] for w in rc.find(v.Html, class_="text-body-2 jwsim-fte-value").widgets}
    assert "3.5 FTE" in fte  # the 2028 view (English), with the 2028 change
    assert rc.find(v.Alert, class_="mb-0 jwsim-address-restored")
    state = decode(widget.state)  # and the page writes back what it shows
    assert state["draft"] == _state()["draft"] and state["year"] == 2028 and state["settings"]["seed"] == 77


def test_a_broken_address_leaves_a_fresh_session_and_says_so():
    """A state with a wrong value changes nothing and shows a warning."""
    rc = _render()
    widget = rc.find(UrlStateWidget).widget
    widget.vue_restore(encode(_state(year=1999, page=1)))
    assert widget.ready
    assert rc.find(v.TextField, class_="jwsim-name").widget.v_model == "opdracht-2026"
    assert rc.find(v.Html, tag="h1").widget.children == ["Scenario"]  # nothing of the state was used
    assert rc.find(v.Alert, class_="mb-0 jwsim-address-broken")
    widget.vue_restore(encode(_state(page=9)))  # a page the app does not have
    assert rc.find(v.Html, tag="h1").widget.children == ["Scenario"]


def test_canonical_documents_compare_by_content():
    """The same document gives the same text whatever the order of its keys (what a run is asked for)."""
    doc = d.preset_doc("opdracht-2026")
    reordered = dict(reversed(list(doc.items())))
    assert canonical(doc) == canonical(reordered)
    assert canonical(d.with_fte(doc, "bk10", "ib", 3.5)) != canonical(doc)


def test_the_evidence_regime_survives_the_address_and_a_wrong_one_is_refused():
    """The chosen regime comes back with the other settings and shows on the page; a typo does not."""
    rc = _render()
    widget = rc.find(UrlStateWidget).widget
    settings = {**_state()["settings"], "evidence": "optimistic"}
    widget.vue_restore(encode(_state(page=1, settings=settings)))
    assert rc.find(v.Alert, class_="mb-0 jwsim-address-restored")
    assert decode(widget.state)["settings"]["evidence"] == "optimistic"
    pick = rc.find(v.Select, class_="jwsim-evidence-pick").widget
    assert pick.v_model == "optimistic"
    pick.v_model = "pessimistic"  # choosing another regime is kept in the address too
    assert decode(widget.state)["settings"]["evidence"] == "pessimistic"
    rc = _render()
    widget = rc.find(UrlStateWidget).widget
    widget.vue_restore(encode(_state(page=1, settings={**settings, "evidence": "optimistisch"})))
    assert rc.find(v.Alert, class_="mb-0 jwsim-address-broken")
    assert decode(widget.state)["settings"]["evidence"] == "central"
