"""Shared fixtures. Everything runs offline on real parts: SQLite, Chroma, the packaged e5 model."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# Isolate every test run from the developer's own data before anything imports the settings.
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="omnibus-tests-"))
os.environ["OMNIBUS_DATA_DIR"] = str(_SESSION_DIR / "data")
os.environ["OMNIBUS_VECTORSTORE_DIR"] = str(_SESSION_DIR / "vectorstore")
os.environ.pop("OMNIBUS_DB_URL", None)
# Behaviour tests run on a fixed slice of the checklist, so that content can grow without changing them;
# tests of the content itself load knowledge/checklist explicitly.
FIXTURE_CHECKLIST = Path(__file__).parent / "fixtures" / "checklist"
os.environ["OMNIBUS_CHECKLIST_DIR"] = str(FIXTURE_CHECKLIST)
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from assistant.service import Omnibus  # noqa: E402
from assistant.settings import PROJECT_ROOT, Settings  # noqa: E402

REFERENCE = PROJECT_ROOT.parent / "shared" / "reference" / "instruments_en.json"


@pytest.fixture(scope="session")
def session_dir() -> Path:
    return _SESSION_DIR


def pytest_sessionfinish(session, exitstatus):  # type: ignore[no-untyped-def]
    """The session's databases and index live in a temporary folder: remove it (a few MB each run)."""
    import shutil

    shutil.rmtree(_SESSION_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def indexed_core() -> Omnibus:
    """One real index for the session (the packaged multilingual e5 model, persistent Chroma).

    Built by `omnibus index` in its own process, as scripts/run.sh does: Chroma keeps part of a fresh index in
    memory until enough writes accumulate, so other processes reading the folder (the CLI and Streamlit tests)
    must only open it after the writer has exited."""
    subprocess.run([sys.executable, "-m", "assistant", "index"], check=True, cwd=str(PROJECT_ROOT),
                   env=dict(os.environ), capture_output=True, timeout=900)
    core = Omnibus(Settings())
    assert not core.index.stale(core.corpus)
    return core


@pytest.fixture
def core(tmp_path: Path, indexed_core: Omnibus) -> Omnibus:
    """A fresh database per test, sharing the session's index."""
    settings = Settings(data_dir=tmp_path / "data", vectorstore_dir=indexed_core.settings.chroma_path)
    fresh = Omnibus(settings)
    fresh.__dict__["knowledge_corpus"] = indexed_core.knowledge_corpus
    fresh._retriever = indexed_core.retriever()
    # the session index holds no good practice from a database; a test that shares one must use own_index_core
    fresh._practices_marker = fresh.practices.marker()
    return fresh


@pytest.fixture
def own_index_core(tmp_path: Path) -> Omnibus:
    """A fresh database and its own vector store (filled from the committed seed by `omnibus index` in its own
    process), for tests that change the index, such as sharing a good practice."""
    env = dict(os.environ, OMNIBUS_DATA_DIR=str(tmp_path / "data"), OMNIBUS_VECTORSTORE_DIR=str(tmp_path / "vs"))
    subprocess.run([sys.executable, "-m", "assistant", "index"], check=True, cwd=str(PROJECT_ROOT), env=env,
                   capture_output=True, timeout=900)
    return Omnibus(Settings(data_dir=tmp_path / "data", vectorstore_dir=tmp_path / "vs"))


@pytest.fixture(scope="session")
def reference() -> dict:
    if not REFERENCE.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{REFERENCE} is missing: CI must run the accuracy tests")
        pytest.skip("reference text of the instruments is absent")
    import json

    return json.loads(REFERENCE.read_text(encoding="utf-8"))


@pytest.fixture
def fresh(tmp_path, monkeypatch, indexed_core):
    """The Streamlit app on a fresh database (AppTest reads settings from the environment)."""
    import streamlit as st

    monkeypatch.setenv("OMNIBUS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("OMNIBUS_VECTORSTORE_DIR", str(indexed_core.settings.chroma_path))
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()
