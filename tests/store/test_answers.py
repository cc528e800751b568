from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from assistant.store.answers import StateStore, StoreError, known_states
from assistant.store.database import make_engine
from assistant.store.schema import AnswerRevision
from tests.store.concurrency import write_from_four_tabs


@pytest.fixture
def engine(tmp_path: Path):
    return make_engine(f"sqlite:///{tmp_path / 'omnibus.db'}")


def test_sqlite_runs_in_wal_mode(engine):
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_revisions_are_appended_and_latest_is_current(engine):
    store = StateStore(engine, "xxa")
    assert store.state == "XXA"
    first = store.record("q1", "no", respondent="Ana", text="Not yet")
    second = store.record("q1", "yes", respondent="Ben", text="Yes, since May", references=["Act 5 of 2026"])
    assert (first.revision, second.revision) == (1, 2)
    current = store.current()["q1"]
    assert (current.value, current.respondent, current.references) == ("yes", "Ben", ["Act 5 of 2026"])
    history = store.history("q1")
    assert [(a.revision, a.value, a.text) for a in history] == [(1, "no", "Not yet"), (2, "yes", "Yes, since May")]
    assert history[0].recorded_at.tzinfo is not None
    with Session(engine) as session:  # nothing was updated in place
        assert len(session.scalars(select(AnswerRevision)).all()) == 2


def test_values_keep_types(engine):
    store = StateStore(engine, "XXA")
    store.record("m", ["training", "legal_advice"], respondent="Ana")
    store.record("n", 12, respondent="Ana")
    store.record("u", None, respondent="Ana", text="unknown")
    assert store.values() == {"m": ["training", "legal_advice"], "n": 12, "u": None}


def test_one_state_never_sees_another(engine):
    a, b = StateStore(engine, "XXA"), StateStore(engine, "XXB")
    a.record("q1", "yes", respondent="Ana")
    a.add_turn("Ana", "user", "Yes")
    assert b.current() == {}
    assert b.history("q1") == []
    assert b.turns("Ana") == []
    assert known_states(engine) == ["XXA"]


@pytest.mark.parametrize("code", ["", "X", "XXXX", "X1A", "'; DROP TABLE answer_revisions; --"])
def test_rejects_bad_state_codes(engine, code):
    with pytest.raises(StoreError, match="three letters"):
        StateStore(engine, code)


def test_accepts_iso_and_fictional_codes_only(engine):
    assert StateStore(engine, "fra").state == "FRA"
    assert StateStore(engine, "XZZ").state == "XZZ"
    with pytest.raises(StoreError, match="not an ISO 3166-1 alpha-3 code"):
        StateStore(engine, "ABC")


def test_concurrent_writers_get_distinct_revisions(tmp_path):
    url = f"sqlite:///{tmp_path / 'race.db'}"
    engines = [make_engine(url) for _ in range(4)]
    errors, revisions = write_from_four_tabs(engines)
    assert not errors
    assert revisions == list(range(1, 41))


def test_data_survives_a_new_engine(tmp_path):
    url = f"sqlite:///{tmp_path / 'restart.db'}"
    StateStore(make_engine(url), "XXA").record("q1", "yes", respondent="Ana")
    assert StateStore(make_engine(url), "XXA").values() == {"q1": "yes"}


def test_turns_in_order(engine):
    store = StateStore(engine, "XXA")
    store.add_turn("Ana", "assistant", "Question 1", question_id="q1", payload={"dialogue": {"awaiting": "q1"}})
    store.add_turn("Ana", "user", "Yes", question_id="q1")
    turns = store.turns("Ana")
    assert [(t.role, t.text) for t in turns] == [("assistant", "Question 1"), ("user", "Yes")]
    assert turns[0].payload == {"dialogue": {"awaiting": "q1"}}
    assert [t.text for t in store.turns("Ana", limit=1)] == ["Yes"]


def test_cached_answers_follow_other_tabs_and_late_commits(engine):
    tab1, tab2 = StateStore(engine, "XXA"), StateStore(engine, "XXA")
    tab1.record("q1", "no", respondent="Ana")
    assert tab1.values() == {"q1": "no"}
    same = tab1.values()
    assert tab1.values() is same  # unchanged answers: served from the cache
    tab2.record("q1", "yes", respondent="Ben")  # a second tab (or server) writes
    tab2.record("q2", 3, respondent="Ben")
    assert tab1.values() == {"q1": "yes", "q2": 3}
    # a row that commits late with a lower id (PostgreSQL sequences allow it) is still seen
    with Session(engine) as session:
        top = session.scalar(select(AnswerRevision.id).order_by(AnswerRevision.id.desc()).limit(1))
        session.add(AnswerRevision(id=top + 10, state="XXA", respondent="Cy", question_id="q3", revision=1,
                                   value="a", text="", references=[], lang="en", channel="chat"))
        session.commit()
    assert tab1.values()["q3"] == "a"
    with Session(engine) as session:
        session.add(AnswerRevision(id=top + 5, state="XXA", respondent="Cy", question_id="q4", revision=1,
                                   value="b", text="", references=[], lang="en", channel="chat"))
        session.commit()
    assert tab1.values() == {"q1": "yes", "q2": 3, "q3": "a", "q4": "b"}
    assert StateStore(engine, "XXB").values() == {}
