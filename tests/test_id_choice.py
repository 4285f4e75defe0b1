"""views/id_choice.py: a list over ids whose labels change keeps what the person chose, whatever label the browser
still shows (Streamlit keeps a radio's value as the label it drew)."""
import types

from views import id_choice


def _fake_streamlit(monkeypatch) -> dict:
    state: dict = {}
    monkeypatch.setattr(id_choice, "st", types.SimpleNamespace(session_state=state, radio=lambda *a, **k: None))
    return state


def test_a_label_drawn_runs_ago_still_names_its_item(monkeypatch):
    state = _fake_streamlit(monkeypatch)
    assert id_choice.radio("Plan", {1: "1. A", 2: "2. B", 3: "3. C"}, "k", default=1) == 1
    id_choice.radio("Plan", {2: "1. B", 1: "2. A", 3: "3. C"}, "k", default=2)  # A moved down once
    id_choice.radio("Plan", {2: "1. B", 3: "2. C", 1: "3. A"}, "k", default=2)  # and again
    state["k"] = "1. A"  # quick clicks sent before the browser drew those runs carry the label it showed first
    assert id_choice.chosen("k") == 1
    assert id_choice.radio("Plan", {2: "1. B", 3: "2. C", 1: "3. A"}, "k", default=2) == 1
    assert state["k"] == 1  # an id again


def test_an_unknown_label_or_a_removed_item_falls_back_to_the_default(monkeypatch):
    state = _fake_streamlit(monkeypatch)
    id_choice.radio("Plan", {1: "1. A", 2: "2. B"}, "k", default=1)
    state["k"] = "9. Z"
    assert id_choice.chosen("k") is None
    assert id_choice.radio("Plan", {1: "1. A", 2: "2. B"}, "k", default=2) == 2
    state["k"] = 1
    assert id_choice.radio("Plan", {2: "1. B"}, "k", default=2) == 2  # the chosen one was removed
