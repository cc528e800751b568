"""Wiring: one place that builds the checklist, store, retriever and dialogue from settings.

Heavy parts (the embedding model, the index) load lazily, once per process.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from assistant.accounts.service import Accounts
from assistant.checklist.loader import load_checklist
from assistant.checklist.models import Checklist, Question
from assistant.retrieval.corpus import Passage, load_corpus
from assistant.settings import Settings, get_settings
from assistant.store.answers import Answer, StateStore, WriteGuard
from assistant.store.database import make_engine
from assistant.store.schema import DEFAULT_CYCLE
from assistant.understanding.interpreter import Interpreter
from assistant.workflow.assignments import Assignments
from assistant.workflow.cycles import Cycles, Registry
from assistant.workflow.practices import Practices
from assistant.workflow.responses import Responses

if TYPE_CHECKING:  # Chroma, LangChain and the dialogue load only when used: account and cycle commands start fast
    from langchain_core.language_models.chat_models import BaseChatModel

    from assistant.dialogue.engine import Dialogue
    from assistant.retrieval.index import SyncReport, VectorIndex
    from assistant.retrieval.retriever import Retriever

log = logging.getLogger(__name__)


class Omnibus:
    def __init__(self, settings: Settings | None = None):
        self.settings = settings or get_settings()
        self._lock = threading.Lock()
        self._retriever: Retriever | None = None
        self._practices_marker: tuple[int, int, int] | None = None

    @cached_property
    def checklist(self) -> Checklist:
        return load_checklist(self.settings.checklist_path)

    @cached_property
    def chat_model(self) -> BaseChatModel | None:
        """The optional LLM, built once (None when settings say llm_provider=none)."""
        from assistant.llm import make_chat_model

        return make_chat_model(self.settings)

    @cached_property
    def interpreter(self) -> Interpreter:
        return Interpreter(self.settings.knowledge_dir / "understanding")

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings.database_url)

    @cached_property
    def knowledge_corpus(self) -> list[Passage]:
        """Digests, titles and curated practices from knowledge/ (fixed while the process runs)."""
        return load_corpus(self.settings.knowledge_dir, self.checklist if self.settings.index_questions else None)

    @cached_property
    def practices(self) -> Practices:
        return Practices(self.engine)

    @property
    def corpus(self) -> list[Passage]:
        """The knowledge corpus plus the good practices States currently agree to share (from the database)."""
        return self.knowledge_corpus + self.practices.passages(self.checklist)

    @cached_property
    def index(self) -> VectorIndex:
        from assistant.retrieval.embeddings import make_embeddings
        from assistant.retrieval.index import VectorIndex

        return VectorIndex(self.settings.chroma_path, make_embeddings(self.settings.embedding),
                           self.settings.collection, seed_dir=self.settings.seed_path)

    def build_index(self, rebuild: bool = False) -> SyncReport:
        with self._lock:
            report = self.index.sync(self.corpus, rebuild=rebuild)
            self._retriever = None
            return report

    def retriever(self) -> Retriever:
        """The retriever over the current corpus. A good practice marked, consented or withdrawn (here or in
        another process) changes the practices marker: the index is synced (only that passage) and rebuilt."""
        with self._lock:
            marker = self.practices.marker()
            if self._retriever is not None and marker != self._practices_marker:
                self._retriever = None
            if self._retriever is None:
                from assistant.retrieval.retriever import Retriever

                corpus = self.corpus
                if self.index.stale(corpus):
                    log.info("vector store absent or stale: syncing")
                    self.index.sync(corpus)
                self._retriever = Retriever(self.index, corpus)
                self._practices_marker = marker
            return self._retriever

    @cached_property
    def accounts(self) -> Accounts:
        s = self.settings
        return Accounts(self.engine, min_length=s.password_min_length, max_failures=s.login_max_failures,
                        window_minutes=s.login_window_minutes, idle_minutes=s.session_idle_minutes,
                        max_hours=s.session_max_hours)

    @cached_property
    def cycles(self) -> Cycles:
        return Cycles(self.engine)

    @cached_property
    def registry(self) -> Registry:
        return Registry(self.engine)

    @cached_property
    def responses(self) -> Responses:
        return Responses(self.engine)

    @cached_property
    def assignments(self) -> Assignments:
        return Assignments(self.engine)

    @cached_property
    def answer_search(self):  # type: ignore[no-untyped-def]
        """Semantic search over captured answers (the Secretariat's search page)."""
        from assistant.analysis.answer_search import AnswerSearch

        return AnswerSearch(self)

    def store(self, state: str, cycle: str = DEFAULT_CYCLE, guard: WriteGuard | None = None) -> StateStore:
        return StateStore(self.engine, state, cycle, guard)

    def dialogue(self, state: str, respondent: str, lang: str = "en", *, cycle: str = DEFAULT_CYCLE,
                 guard: WriteGuard | None = None, scope: Callable[[Question], bool] | None = None,
                 previous: tuple[str, dict[str, Answer]] | None = None, display_name: str = "") -> Dialogue:
        from assistant.dialogue.engine import Dialogue
        from assistant.llm import make_extractor, make_side_answerer

        return Dialogue(
            self.checklist,
            self.store(state, cycle, guard),
            respondent,
            lang,
            self.interpreter,
            retriever=self.retriever,
            side_answerer=make_side_answerer(self.settings, self.chat_model),
            extractor=make_extractor(self.settings, self.chat_model),
            max_chars=self.settings.max_message_chars,
            scope=scope,
            previous=previous,
            display_name=display_name,
        )
