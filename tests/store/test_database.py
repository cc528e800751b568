"""Engine creation on SQLite: several first sessions at once on a new file all start."""

import multiprocessing

from sqlalchemy import text

from assistant.store.database import make_engine


def _open(url: str, start, results) -> None:  # type: ignore[no-untyped-def]
    start.wait()
    try:
        with make_engine(url).connect() as conn:
            results.put(conn.execute(text("PRAGMA journal_mode")).scalar())
    except Exception as exc:  # noqa: BLE001 - reported to the test
        results.put(repr(exc))


def test_processes_opening_a_new_database_at_the_same_moment_all_start(tmp_path):
    # two CLI processes or app servers starting together: switching a new file to WAL takes a lock SQLite does
    # not wait for, so one of them used to die with "database is locked"
    ctx = multiprocessing.get_context("fork")
    for round_ in range(25):
        url = f"sqlite:///{tmp_path / f'omnibus-{round_}.sqlite3'}"
        start, results = ctx.Barrier(4), ctx.Queue()
        procs = [ctx.Process(target=_open, args=(url, start, results)) for _ in range(4)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(timeout=60)
        assert [results.get(timeout=5) for _ in procs] == ["wal"] * 4
