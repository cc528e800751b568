"""The two-tabs-at-once scenario, shared by the SQLite and PostgreSQL tests."""

import threading

from sqlalchemy import Engine

from assistant.store.answers import StateStore


def write_from_four_tabs(engines: list[Engine], per_tab: int = 10) -> tuple[list[BaseException], list[int]]:
    """Each engine (a tab or a server) records `per_tab` revisions of one question at the same time; returns the
    errors raised and the revision numbers stored, in order."""
    errors: list[BaseException] = []

    def write(engine: Engine, n: int) -> None:
        try:
            store = StateStore(engine, "XXA")
            for i in range(per_tab):
                store.record("q1", f"{n}-{i}", respondent=f"tab{n}")
        except BaseException as exc:  # pragma: no cover - reported to the caller
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(e, n)) for n, e in enumerate(engines)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors, [a.revision for a in StateStore(engines[0], "XXA").history("q1")]
