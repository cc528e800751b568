"""Reporting cycles: the first cycle is made once, however many sessions start at the same moment."""

import threading

from assistant.store.database import make_engine
from assistant.store.schema import DEFAULT_CYCLE
from assistant.workflow.cycles import Cycles


def test_a_session_that_found_no_cycle_takes_the_one_another_session_just_made(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'omnibus.sqlite3'}"
    first, second = Cycles(make_engine(url)), Cycles(make_engine(url))
    made = first.current()
    # the second session read the cycle list before the first one wrote: it too decides to make the default
    monkeypatch.setattr(second, "list", lambda: [])
    assert second.current() == made
    assert [c.id for c in first.list()] == [DEFAULT_CYCLE]


def test_first_sessions_started_together_all_get_the_default_cycle(tmp_path):
    url = f"sqlite:///{tmp_path / 'omnibus.sqlite3'}"
    sessions = [Cycles(make_engine(url)) for _ in range(4)]
    start = threading.Barrier(len(sessions))
    results: list[object] = []

    def run(cycles: Cycles) -> None:
        start.wait()
        try:
            results.append(cycles.current().id)
        except Exception as exc:  # noqa: BLE001 - the assertion below shows it
            results.append(exc)

    threads = [threading.Thread(target=run, args=(c,)) for c in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [DEFAULT_CYCLE] * len(sessions)
    assert [c.id for c in sessions[0].list()] == [DEFAULT_CYCLE]
