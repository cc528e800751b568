"""Engine creation: SQLite (WAL, busy timeout) by default, any SQLAlchemy URL by setting."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url

from assistant.store.schema import DEFAULT_CYCLE, Base

# Columns added after a table first shipped: (table, column, SQL type and default). create_all() makes new
# tables but never alters existing ones, so an older database file gets these added in place.
_ADDED_COLUMNS = (
    ("answer_revisions", "cycle", f"VARCHAR(40) NOT NULL DEFAULT '{DEFAULT_CYCLE}'"),
    ("answer_revisions", "previous_revision", "INTEGER"),
    ("answer_revisions", "previous_value", "JSON"),
    ("turns", "cycle", f"VARCHAR(40) NOT NULL DEFAULT '{DEFAULT_CYCLE}'"),
)


def migrate(engine: Engine) -> list[str]:
    """Create missing tables and add missing columns; returns the columns added (e.g. 'turns.cycle')."""
    Base.metadata.create_all(engine)
    inspector = inspect(engine)
    added = []
    for table, column, ddl in _ADDED_COLUMNS:
        if column not in {c["name"] for c in inspector.get_columns(table)}:
            with engine.begin() as conn:
                conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}")
            added.append(f"{table}.{column}")
    return added


def _use_wal(cursor: sqlite3.Cursor) -> None:
    """Switch the file to WAL (kept in the file, so only its first sessions do it). Two sessions starting together
    on a new file both try, and SQLite answers the loser "database is locked" at once, without waiting for the busy
    timeout: wait and try again."""
    for attempt in range(100):
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 99:
                raise
            time.sleep(min(0.02 * (attempt + 1), 0.5))


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            # WAL lets several sessions (tabs, CLI) read while one writes.
            _use_wal(cursor)
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()
            # Let SQLAlchemy's "begin" event open the transaction itself (the pysqlite recipe) ...
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin_immediate(connection):  # type: ignore[no-untyped-def]
            # ... as IMMEDIATE: the writer takes the lock before reading the latest revision number, so two tabs
            # answering at once queue instead of failing.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        engine = create_engine(url, pool_pre_ping=True)
    migrate(engine)
    return engine
