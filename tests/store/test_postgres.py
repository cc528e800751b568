"""The PostgreSQL path: the same store on a real server (skipped locally when absent, required in CI)."""

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from assistant.checklist.loader import load_checklist
from assistant.settings import PROJECT_ROOT
from assistant.store.answers import StateStore
from assistant.store.database import make_engine
from assistant.store.export import answers_frame
from tests.store.concurrency import write_from_four_tabs

SERVER = os.environ.get("OMNIBUS_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture
def pg_url():
    try:
        admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI and unreachable at {SERVER}: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    name = f"omnibus_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = SERVER.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_revisions_isolation_and_export_on_postgres(pg_url):
    engine = make_engine(pg_url)
    a, b = StateStore(engine, "XXA"), StateStore(engine, "XXB")
    a.record("untoc_5_1_status", "no", respondent="Ana", text="Not yet")
    a.record("untoc_5_1_status", "yes", respondent="Ana", text="Yes", references=["Act 1 of 2026"])
    a.record("untoc_5_1_ta_needed", ["training"], respondent="Ana")
    a.add_turn("Ana", "user", "Yes", payload={"k": [1, 2]})
    assert a.values() == {"untoc_5_1_status": "yes", "untoc_5_1_ta_needed": ["training"]}
    assert [x.revision for x in a.history("untoc_5_1_status")] == [1, 2]
    assert b.values() == {} and b.turns("Ana") == []
    assert a.turns("Ana")[0].payload == {"k": [1, 2]}
    frame = answers_frame(engine, load_checklist(PROJECT_ROOT / "knowledge" / "checklist"))
    assert len(frame) == 2 and frame.iloc[0].recorded_at.endswith("+00:00")
    engine.dispose()


def test_concurrent_writers_on_postgres(pg_url):
    engines = [make_engine(pg_url) for _ in range(4)]
    errors, revisions = write_from_four_tabs(engines)
    assert not errors
    assert revisions == list(range(1, 41))
    for e in engines:
        e.dispose()


def test_workflow_and_analysis_on_postgres(pg_url, tmp_path):
    """Accounts, cycles, answers through the workspace, submission and review, sessions and the Secretariat's
    findings: the fixture of six fictional States on PostgreSQL gives the numbers worked out by hand."""
    from assistant.analysis.dataset import load
    from assistant.service import Omnibus
    from assistant.settings import Settings
    from assistant.workspace import Workspace
    from tests.fixtures.secretariat import EXPECTED, PASSWORD, build

    core = Omnibus(Settings(db_url=pg_url, data_dir=tmp_path / "data", vectorstore_dir=tmp_path / "vs"))
    people = build(core)
    reviewer = Workspace(core, people["reviewer"])
    findings = load(reviewer).findings("en")
    assert sorted(findings.summary.responding) == EXPECTED["responding"]
    provisions = findings.provisions.set_index("provision")
    for provision, counts in EXPECTED["provisions"].items():
        assert tuple(provisions.loc[provision, ["yes", "in_part", "no", "unknown"]]) == counts
    fp = Workspace(core, people["XXE"])
    fp.edit("XXE", "untoc_5_1_status", "in_part", text="Partly")
    assert [(a.value, a.previous_value) for a in fp.history("XXE", "untoc_5_1_status")] == [
        ("no", None), ("in_part", "no")]
    token = core.accounts.start_session(core.accounts.authenticate("reviewer", PASSWORD))
    assert core.accounts.resolve(token).username == "reviewer"
    core.engine.dispose()


def test_an_older_postgres_database_is_migrated_in_place(pg_url):
    old = create_engine(pg_url)
    with old.begin() as conn:  # the answer_revisions table as it shipped before reporting cycles
        conn.execute(text("""CREATE TABLE answer_revisions (id SERIAL PRIMARY KEY, state VARCHAR(8) NOT NULL,
            respondent VARCHAR(200) NOT NULL, question_id VARCHAR(120) NOT NULL, revision INTEGER NOT NULL,
            value JSON, text TEXT NOT NULL, "references" JSON NOT NULL, lang VARCHAR(8) NOT NULL,
            channel VARCHAR(16) NOT NULL, recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
            CONSTRAINT uq_answer_revision UNIQUE (state, question_id, revision))"""))
        conn.execute(text("""INSERT INTO answer_revisions (state, respondent, question_id, revision, value, text,
            "references", lang, channel, recorded_at)
            VALUES ('XXA', 'Ana', 'q1', 1, '"no"', 'Not yet', '[]', 'en', 'chat', now())"""))
    old.dispose()
    engine = make_engine(pg_url)
    store = StateStore(engine, "XXA")
    assert store.current()["q1"].cycle == "cycle-1"
    answer = store.record("q1", "yes", respondent="Ana")
    assert (answer.revision, answer.previous_value) == (2, "no")
    engine.dispose()
