"""The shared dataset, always seen through one State: a StateStore cannot read another State's rows."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant.states import is_known
from assistant.store.schema import DEFAULT_CYCLE, AnswerRevision, Turn

STATE_CODE = re.compile(r"^[A-Z]{3}$")


class StoreError(ValueError):
    pass


def normalise_state(code: str) -> str:
    code = (code or "").strip().upper()
    if not STATE_CODE.match(code):
        raise StoreError(f"State code must be three letters (ISO 3166-1 alpha-3), got {code!r}")
    if not is_known(code):
        raise StoreError(f"{code} is not an ISO 3166-1 alpha-3 code (use XAA-XZZ for a fictional State)")
    return code


@dataclass(frozen=True)
class Answer:
    question_id: str
    value: Any
    text: str
    references: list[str]
    revision: int
    respondent: str
    lang: str
    channel: str
    recorded_at: datetime
    cycle: str = DEFAULT_CYCLE
    previous_value: Any = None
    previous_revision: int | None = None


def aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes: they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _to_answer(row: AnswerRevision) -> Answer:
    return Answer(
        question_id=row.question_id,
        value=row.value,
        text=row.text,
        references=list(row.references or []),
        revision=row.revision,
        respondent=row.respondent,
        lang=row.lang,
        channel=row.channel,
        recorded_at=aware(row.recorded_at),
        cycle=row.cycle,
        previous_value=row.previous_value,
        previous_revision=row.previous_revision,
    )


# Called with the question id before every write; raises to refuse it (role, assigned sections, locked
# response: see assistant.access).
WriteGuard = Callable[[str], None]


class StateStore:
    """Answers and conversation turns of one State in one reporting cycle. Every query is filtered by both."""

    def __init__(self, engine: Engine, state: str, cycle: str = DEFAULT_CYCLE, guard: WriteGuard | None = None):
        self.engine = engine
        self.state = normalise_state(state)
        self.cycle = cycle
        self.guard = guard
        # ((row count, highest row id), answers) and the same for values: see current()
        self._cache: tuple[tuple[int, int | None], dict[str, Answer]] | None = None
        self._values_cache: tuple[tuple[int, int | None] | None, dict[str, Any]] | None = None

    # answers ---------------------------------------------------------------------------------------------
    def record(
        self,
        question_id: str,
        value: Any,
        *,
        respondent: str,
        text: str = "",
        references: list[str] | None = None,
        lang: str = "en",
        channel: str = "chat",
    ) -> Answer:
        """Append a revision; the revision number is per State and question, and retried if two writers race.
        The row keeps the value it supersedes in this cycle."""
        if self.guard is not None:
            self.guard(question_id)
        for attempt in range(20):
            with Session(self.engine) as session:
                latest = session.scalar(
                    select(func.max(AnswerRevision.revision)).where(
                        AnswerRevision.state == self.state, AnswerRevision.question_id == question_id
                    )
                )
                superseded = session.execute(
                    select(AnswerRevision.revision, AnswerRevision.value)
                    .where(AnswerRevision.state == self.state, AnswerRevision.cycle == self.cycle,
                           AnswerRevision.question_id == question_id)
                    .order_by(AnswerRevision.revision.desc()).limit(1)).first()
                row = AnswerRevision(
                    state=self.state,
                    cycle=self.cycle,
                    respondent=respondent,
                    question_id=question_id,
                    revision=(latest or 0) + 1,
                    previous_revision=superseded[0] if superseded else None,
                    previous_value=superseded[1] if superseded else None,
                    value=value,
                    text=text,
                    references=list(references or []),
                    lang=lang,
                    channel=channel,
                )
                session.add(row)
                try:
                    session.commit()
                except IntegrityError:
                    # another writer took this revision number (servers without SQLite's immediate lock)
                    session.rollback()
                    time.sleep(random.uniform(0, 0.01 * (attempt + 1)))
                    continue
                session.refresh(row)
                return _to_answer(row)
        raise StoreError(f"could not record {question_id}: too many concurrent writers")

    def current(self) -> dict[str, Answer]:
        """The latest revision of every answered question.

        Revisions are append-only, so (row count, highest row id) identifies the State's answers exactly. The
        answers are cached against it: unchanged, nothing is read; grown by new rows only, just those rows are
        read; anything else (e.g. a row committed late by another server) reads everything again."""
        with Session(self.engine) as session:
            count, top = session.execute(
                select(func.count(AnswerRevision.id), func.max(AnswerRevision.id))
                .where(AnswerRevision.state == self.state, AnswerRevision.cycle == self.cycle)).one()
            marker = (int(count), top)
            cached = self._cache
            if cached is not None and cached[0] == marker:
                return dict(cached[1])
            if cached is not None and cached[0][1] is not None:
                rows = session.scalars(
                    select(AnswerRevision)
                    .where(AnswerRevision.state == self.state, AnswerRevision.cycle == self.cycle,
                           AnswerRevision.id > cached[0][1])
                    .order_by(AnswerRevision.id)).all()
                if cached[0][0] + len(rows) == marker[0]:
                    answers = dict(cached[1])
                    for row in rows:
                        known = answers.get(row.question_id)
                        if known is None or row.revision > known.revision:
                            answers[row.question_id] = _to_answer(row)
                    self._cache = (marker, answers)
                    return dict(answers)
        answers = self._current()
        self._cache = (marker, answers)
        return dict(answers)

    def _current(self) -> dict[str, Answer]:
        latest = (
            select(AnswerRevision.question_id, func.max(AnswerRevision.revision).label("rev"))
            .where(AnswerRevision.state == self.state, AnswerRevision.cycle == self.cycle)
            .group_by(AnswerRevision.question_id)
            .subquery()
        )
        query = select(AnswerRevision).join(
            latest,
            (AnswerRevision.question_id == latest.c.question_id) & (AnswerRevision.revision == latest.c.rev),
        ).where(AnswerRevision.state == self.state, AnswerRevision.cycle == self.cycle)
        with Session(self.engine) as session:
            return {row.question_id: _to_answer(row) for row in session.scalars(query)}

    def values(self) -> dict[str, Any]:
        """Question id -> current value. Unchanged answers give the same (read-only by convention) dict, so
        callers can memoise work on it by identity."""
        current = self.current()
        cached = self._values_cache
        if cached is not None and cached[0] == self._cache_marker():
            return cached[1]
        values = {qid: a.value for qid, a in current.items()}
        self._values_cache = (self._cache_marker(), values)
        return values

    def _cache_marker(self) -> tuple[int, int | None] | None:
        return self._cache[0] if self._cache is not None else None

    def history(self, question_id: str, all_cycles: bool = False) -> list[Answer]:
        """Every revision of one question, oldest first: in this cycle, or in every cycle."""
        query = (
            select(AnswerRevision)
            .where(AnswerRevision.state == self.state, AnswerRevision.question_id == question_id)
            .order_by(AnswerRevision.revision)
        )
        if not all_cycles:
            query = query.where(AnswerRevision.cycle == self.cycle)
        with Session(self.engine) as session:
            return [_to_answer(r) for r in session.scalars(query)]

    def revisions(self) -> list[Answer]:
        query = (select(AnswerRevision)
                 .where(AnswerRevision.state == self.state, AnswerRevision.cycle == self.cycle)
                 .order_by(AnswerRevision.id))
        with Session(self.engine) as session:
            return [_to_answer(r) for r in session.scalars(query)]

    # conversation ----------------------------------------------------------------------------------------
    def add_turn(
        self,
        respondent: str,
        role: str,
        text: str,
        *,
        question_id: str | None = None,
        payload: dict[str, Any] | None = None,
        lang: str = "en",
    ) -> None:
        with Session(self.engine) as session:
            session.add(
                Turn(
                    state=self.state,
                    cycle=self.cycle,
                    respondent=respondent,
                    role=role,
                    text=text,
                    question_id=question_id,
                    payload=payload or {},
                    lang=lang,
                )
            )
            session.commit()

    def turns(self, respondent: str, limit: int | None = None) -> list[Turn]:
        query = (select(Turn)
                 .where(Turn.state == self.state, Turn.cycle == self.cycle, Turn.respondent == respondent)
                 .order_by(Turn.id.desc()))
        if limit:
            query = query.limit(limit)
        with Session(self.engine) as session:
            rows = list(session.scalars(query))
            session.expunge_all()
        return list(reversed(rows))


def known_states(engine: Engine) -> list[str]:
    """State codes present in the dataset (for the Secretariat and the State picker; no answers)."""
    with Session(engine) as session:
        return sorted(set(session.scalars(select(AnswerRevision.state).distinct())) |
                      set(session.scalars(select(Turn.state).distinct())))


def current_values(engine: Engine, cycle: str, states: list[str]) -> dict[str, dict[str, Any]]:
    """State -> question id -> current value in a cycle, for several States in one query (the Secretariat's
    analysis; the caller has checked it may read these States)."""
    if not states:
        return {}
    latest = (
        select(AnswerRevision.state, AnswerRevision.question_id, func.max(AnswerRevision.revision).label("rev"))
        .where(AnswerRevision.cycle == cycle, AnswerRevision.state.in_(states))
        .group_by(AnswerRevision.state, AnswerRevision.question_id)
        .subquery()
    )
    query = select(AnswerRevision.state, AnswerRevision.question_id, AnswerRevision.value).join(
        latest,
        (AnswerRevision.state == latest.c.state) & (AnswerRevision.question_id == latest.c.question_id)
        & (AnswerRevision.revision == latest.c.rev),
    ).where(AnswerRevision.cycle == cycle)
    values: dict[str, dict[str, Any]] = {state: {} for state in states}
    with Session(engine) as session:
        for state, question_id, value in session.execute(query):
            values[state][question_id] = value
    return values
