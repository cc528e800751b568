"""Tables of the shared dataset. Answers are append-only revisions; nothing is updated in place."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# The cycle of answers given before reporting cycles existed, and of a new database until an administrator
# opens one: existing rows are migrated into it (database.migrate).
DEFAULT_CYCLE = "cycle-1"


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class AnswerRevision(Base):
    """One answer to one question by one State in one reporting cycle, as given at one moment. The latest
    revision in a cycle is current. Revision numbers run on across cycles (unique per State and question), and
    each row keeps the value it superseded in its cycle, so the history reads without joins."""

    __tablename__ = "answer_revisions"
    __table_args__ = (
        UniqueConstraint("state", "question_id", "revision", name="uq_answer_revision"),
        Index("ix_answer_state_question", "state", "question_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    state: Mapped[str] = mapped_column(String(8), nullable=False)
    cycle: Mapped[str] = mapped_column(String(40), nullable=False, default=DEFAULT_CYCLE)
    respondent: Mapped[str] = mapped_column(String(200), nullable=False)
    question_id: Mapped[str] = mapped_column(String(120), nullable=False)
    revision: Mapped[int] = mapped_column(Integer, nullable=False)
    previous_revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    previous_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    references: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    lang: Mapped[str] = mapped_column(String(8), nullable=False, default="en")
    # chat | form | import | derived | reuse | llm | carried (confirmed from the previous cycle)
    channel: Mapped[str] = mapped_column(String(16), nullable=False, default="chat")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)


class Turn(Base):
    """One message of a conversation, user's or assistant's, kept so a refresh or restart can resume."""

    __tablename__ = "turns"
    __table_args__ = (Index("ix_turn_state_respondent", "state", "respondent", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    state: Mapped[str] = mapped_column(String(8), nullable=False)
    cycle: Mapped[str] = mapped_column(String(40), nullable=False, default=DEFAULT_CYCLE)
    respondent: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)  # user | assistant
    text: Mapped[str] = mapped_column(Text, nullable=False)
    question_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    lang: Mapped[str] = mapped_column(String(8), nullable=False, default="en")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)


# Accounts -----------------------------------------------------------------------------------------------------
class User(Base):
    """An account. Never deleted: disabled accounts keep their name on every revision they wrote."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    display_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    # admin | reviewer | focal_point | contributor | trainer
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    state: Mapped[str | None] = mapped_column(String(8), nullable=True)
    organisation: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80), nullable=False, default="")


class LoginAttempt(Base):
    """Every login attempt, kept for rate limiting and the audit trail (never the password)."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_username_at", "username", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(80), nullable=False)
    succeeded: Mapped[bool] = mapped_column(Boolean, nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)


class AuthSession(Base):
    """A login session. Only a hash of its token is stored."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


# Workflow ------------------------------------------------------------------------------------------------------
class RegisteredState(Base):
    """A State taking part in the reporting (its region feeds the Secretariat's analysis)."""

    __tablename__ = "registered_states"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    region: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    added_by: Mapped[str] = mapped_column(String(80), nullable=False, default="")


class Cycle(Base):
    """A reporting cycle. A new cycle may start from the answers of an earlier one (prefill_from)."""

    __tablename__ = "cycles"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    prefill_from: Mapped[str | None] = mapped_column(String(40), nullable=True)
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_by: Mapped[str] = mapped_column(String(80), nullable=False, default="")


class ResponseEvent(Base):
    """A change of a State's response status in a cycle. The latest event is the status; none means the
    response is not started (or in progress once an answer exists)."""

    __tablename__ = "response_events"
    __table_args__ = (Index("ix_response_state_cycle", "state", "cycle", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    state: Mapped[str] = mapped_column(String(8), nullable=False)
    cycle: Mapped[str] = mapped_column(String(40), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    actor: Mapped[str] = mapped_column(String(80), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)


class ReviewComment(Base):
    """A reviewer's (or focal point's) comment on a response, usually on one question."""

    __tablename__ = "review_comments"
    __table_args__ = (Index("ix_comment_state_cycle", "state", "cycle"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    state: Mapped[str] = mapped_column(String(8), nullable=False)
    cycle: Mapped[str] = mapped_column(String(40), nullable=False)
    question_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    author: Mapped[str] = mapped_column(String(80), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)


class Assignment(Base):
    """A section (an instrument, or one article of it) of a State's checklist given to a contributor.
    Withdrawn assignments keep their row (revoked_at)."""

    __tablename__ = "assignments"
    __table_args__ = (Index("ix_assignment_state_user", "state", "username"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    state: Mapped[str] = mapped_column(String(8), nullable=False)
    username: Mapped[str] = mapped_column(String(80), nullable=False)
    instrument: Mapped[str] = mapped_column(String(8), nullable=False)
    article: Mapped[int | None] = mapped_column(Integer, nullable=True)
    assigned_by: Mapped[str] = mapped_column(String(80), nullable=False)
    assigned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_by: Mapped[str | None] = mapped_column(String(80), nullable=True)


class AuditEvent(Base):
    """Account, State, cycle and assignment changes: who did what to whom, and when."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    actor: Mapped[str] = mapped_column(String(80), nullable=False)
    action: Mapped[str] = mapped_column(String(40), nullable=False)
    state: Mapped[str | None] = mapped_column(String(8), nullable=True)
    target: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)


class GoodPractice(Base):
    """An answer a reviewer marked as a good practice, offered to other States next to its provision while the
    State's consent stands. Withdrawal keeps the row (withdrawn_at) and takes it out of the vector store."""

    __tablename__ = "good_practices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    state: Mapped[str] = mapped_column(String(8), nullable=False)
    cycle: Mapped[str] = mapped_column(String(40), nullable=False)
    question_id: Mapped[str] = mapped_column(String(120), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    lang: Mapped[str] = mapped_column(String(8), nullable=False, default="en")
    consent: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    marked_by: Mapped[str] = mapped_column(String(80), nullable=False)
    marked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    withdrawn_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
