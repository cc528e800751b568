"""A State's response in a cycle: its status (from the append-only event log), and review comments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from assistant.access.policy import IN_PROGRESS, NOT_STARTED
from assistant.store.answers import aware
from assistant.store.schema import AnswerRevision, ResponseEvent, ReviewComment


@dataclass(frozen=True)
class Event:
    status: str
    actor: str
    note: str
    at: datetime


@dataclass(frozen=True)
class Comment:
    id: int
    question_id: str | None
    author: str
    role: str
    text: str
    at: datetime


class Responses:
    def __init__(self, engine: Engine):
        self.engine = engine

    def status(self, state: str, cycle: str) -> str:
        with Session(self.engine) as session:
            latest = session.scalar(
                select(ResponseEvent.status).where(ResponseEvent.state == state, ResponseEvent.cycle == cycle)
                .order_by(ResponseEvent.id.desc()).limit(1))
            if latest is not None:
                return latest
            answered = session.scalar(select(AnswerRevision.id).where(
                AnswerRevision.state == state, AnswerRevision.cycle == cycle).limit(1))
            return IN_PROGRESS if answered is not None else NOT_STARTED

    def statuses(self, cycle: str) -> dict[str, str]:
        """Every State with a response (or an event) in the cycle -> its status."""
        with Session(self.engine) as session:
            answered = set(session.scalars(select(AnswerRevision.state).where(AnswerRevision.cycle == cycle)
                                           .distinct()))
            latest_ids = (select(func.max(ResponseEvent.id)).where(ResponseEvent.cycle == cycle)
                          .group_by(ResponseEvent.state))
            events = {e.state: e.status for e in session.scalars(
                select(ResponseEvent).where(ResponseEvent.id.in_(latest_ids)))}
        result = {state: IN_PROGRESS for state in answered}
        result.update(events)
        return dict(sorted(result.items()))

    def record(self, state: str, cycle: str, status: str, actor: str, note: str = "") -> None:
        with Session(self.engine) as session:
            session.add(ResponseEvent(state=state, cycle=cycle, status=status, actor=actor, note=note))
            session.commit()

    def events(self, state: str, cycle: str) -> list[Event]:
        with Session(self.engine) as session:
            return [Event(r.status, r.actor, r.note, aware(r.at)) for r in session.scalars(
                select(ResponseEvent).where(ResponseEvent.state == state, ResponseEvent.cycle == cycle)
                .order_by(ResponseEvent.id))]

    # comments -------------------------------------------------------------------------------------------
    def comment(self, state: str, cycle: str, author: str, role: str, text: str,
                question_id: str | None = None) -> Comment:
        with Session(self.engine) as session:
            row = ReviewComment(state=state, cycle=cycle, author=author, role=role, text=text,
                                question_id=question_id)
            session.add(row)
            session.commit()
            return Comment(row.id, row.question_id, row.author, row.role, row.text, aware(row.at))

    def comments(self, state: str, cycle: str) -> list[Comment]:
        with Session(self.engine) as session:
            return [Comment(r.id, r.question_id, r.author, r.role, r.text, aware(r.at)) for r in session.scalars(
                select(ReviewComment).where(ReviewComment.state == state, ReviewComment.cycle == cycle)
                .order_by(ReviewComment.id))]
