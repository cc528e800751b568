"""Tables of the shared dataset. Answers are append-only revisions; nothing is updated in place."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class AnswerRevision(Base):
    """One answer to one question by one State, as given at one moment. The latest revision is current."""

    __tablename__ = "answer_revisions"
    __table_args__ = (
        UniqueConstraint("state", "question_id", "revision", name="uq_answer_revision"),
        Index("ix_answer_state_question", "state", "question_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    state: Mapped[str] = mapped_column(String(8), nullable=False)
    respondent: Mapped[str] = mapped_column(String(200), nullable=False)
    question_id: Mapped[str] = mapped_column(String(120), nullable=False)
    revision: Mapped[int] = mapped_column(Integer, nullable=False)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    references: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    lang: Mapped[str] = mapped_column(String(8), nullable=False, default="en")
    channel: Mapped[str] = mapped_column(String(16), nullable=False, default="chat")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)


class Turn(Base):
    """One message of a conversation, user's or assistant's, kept so a refresh or restart can resume."""

    __tablename__ = "turns"
    __table_args__ = (Index("ix_turn_state_respondent", "state", "respondent", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    state: Mapped[str] = mapped_column(String(8), nullable=False)
    respondent: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)  # user | assistant
    text: Mapped[str] = mapped_column(Text, nullable=False)
    question_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    lang: Mapped[str] = mapped_column(String(8), nullable=False, default="en")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
