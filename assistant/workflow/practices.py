"""Good practices found in States' answers: marked by the Secretariat, shared while the State consents.

Shared practices join the retrievable corpus (assistant.service) as passages of kind "practice", cited as
"<State>, cycle <id>"; withdrawing consent, or the mark itself, takes them out of the index."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from assistant.checklist.models import Checklist
from assistant.retrieval.corpus import Passage
from assistant.states import state_name
from assistant.store.answers import aware
from assistant.store.schema import AuditEvent, GoodPractice, utcnow


@dataclass(frozen=True)
class Practice:
    id: int
    state: str
    cycle: str
    question_id: str
    title: str
    text: str
    lang: str
    consent: bool
    marked_by: str
    marked_at: datetime
    withdrawn_at: datetime | None

    @property
    def shared(self) -> bool:
        return self.consent and self.withdrawn_at is None

    @property
    def citation(self) -> str:
        return f"{state_name(self.state, 'en')}, cycle {self.cycle}"


def _practice(row: GoodPractice) -> Practice:
    return Practice(row.id, row.state, row.cycle, row.question_id, row.title, row.text, row.lang, row.consent,
                    row.marked_by, aware(row.marked_at), aware(row.withdrawn_at) if row.withdrawn_at else None)


class Practices:
    def __init__(self, engine: Engine):
        self.engine = engine

    def mark(self, actor: str, state: str, cycle: str, question_id: str, title: str, text: str, lang: str,
             consent: bool) -> Practice:
        with Session(self.engine) as session:
            row = GoodPractice(state=state, cycle=cycle, question_id=question_id, title=title, text=text, lang=lang,
                               consent=consent, marked_by=actor)
            session.add(row)
            session.flush()
            session.add(AuditEvent(actor=actor, action="practice_marked", state=state, target=question_id,
                                   detail={"practice": row.id, "consent": consent, "cycle": cycle}))
            session.commit()
            return _practice(row)

    def get(self, practice_id: int) -> Practice | None:
        with Session(self.engine) as session:
            row = session.get(GoodPractice, practice_id)
            return _practice(row) if row else None

    def set_consent(self, actor: str, practice_id: int, consent: bool) -> Practice:
        with Session(self.engine) as session:
            row = session.get(GoodPractice, practice_id)
            if row is None:
                raise ValueError(f"No good practice {practice_id}.")
            row.consent = consent
            session.add(AuditEvent(actor=actor, action="practice_consent", state=row.state, target=row.question_id,
                                   detail={"practice": row.id, "consent": consent}))
            session.commit()
            return _practice(row)

    def withdraw(self, actor: str, practice_id: int) -> Practice:
        with Session(self.engine) as session:
            row = session.get(GoodPractice, practice_id)
            if row is None:
                raise ValueError(f"No good practice {practice_id}.")
            if row.withdrawn_at is None:
                row.withdrawn_at, row.withdrawn_by = utcnow(), actor
                session.add(AuditEvent(actor=actor, action="practice_withdrawn", state=row.state,
                                       target=row.question_id, detail={"practice": row.id}))
                session.commit()
            return _practice(row)

    def list(self, cycle: str | None = None, state: str | None = None) -> list[Practice]:
        query = select(GoodPractice).order_by(GoodPractice.id)
        if cycle is not None:
            query = query.where(GoodPractice.cycle == cycle)
        if state is not None:
            query = query.where(GoodPractice.state == state)
        with Session(self.engine) as session:
            return [_practice(r) for r in session.scalars(query)]

    def marker(self) -> tuple[int, int, int]:
        """Changes whenever a practice is marked, consented, withdrawn (cheap: compared on each retrieval)."""
        with Session(self.engine) as session:
            count, top = session.execute(select(func.count(GoodPractice.id), func.max(GoodPractice.id))).one()
            shared = session.scalar(select(func.count(GoodPractice.id)).where(
                GoodPractice.consent.is_(True), GoodPractice.withdrawn_at.is_(None)))
        return int(count), int(top or 0), int(shared or 0)

    def passages(self, checklist: Checklist) -> list[Passage]:
        """Shared practices as retrievable passages, next to their question's provision."""
        questions = checklist.by_id()
        out = []
        for p in self.list():
            q = questions.get(p.question_id)
            if not p.shared or q is None or q.ref is None:
                continue
            name = state_name(p.state, "en")
            out.append(Passage(id=f"gp:{p.id}", kind="practice", instrument=q.ref.instrument, article=q.ref.article,
                               paragraph=q.ref.paragraph, title=p.title, text=p.text, lang=p.lang,
                               source=p.citation, where=name,
                               extra={"provisions": [f"{q.ref.instrument}:{q.ref.article}"], "state": p.state,
                                      "cycle": p.cycle}))
        return out
