"""Sections of a State's checklist assigned to its contributors: a whole instrument, or one article of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from assistant.checklist.models import Question
from assistant.store.answers import aware
from assistant.store.schema import Assignment, AuditEvent, utcnow

INSTRUMENTS = ("UNTOC", "TIP", "SOM", "FP")


@dataclass(frozen=True)
class Section:
    instrument: str
    article: int | None = None

    def covers(self, q: Question) -> bool:
        return q.ref is not None and q.ref.instrument == self.instrument and (
            self.article is None or q.ref.article == self.article)

    @property
    def label(self) -> str:
        return self.instrument if self.article is None else f"{self.instrument} art. {self.article}"

    @classmethod
    def parse(cls, text: str) -> Section:
        """'TIP' or 'UNTOC:5' (also 'UNTOC 5', 'untoc art. 5')."""
        cleaned = text.strip().upper().replace("ART.", " ").replace(":", " ")
        parts = cleaned.split()
        if not parts or parts[0] not in INSTRUMENTS or len(parts) > 2 or (len(parts) == 2 and not parts[1].isdigit()):
            raise ValueError(f"A section is an instrument ({', '.join(INSTRUMENTS)}), optionally with an article, "
                             f"e.g. 'UNTOC:5'; got {text!r}.")
        return cls(parts[0], int(parts[1]) if len(parts) == 2 else None)


@dataclass(frozen=True)
class Given:
    id: int
    username: str
    section: Section
    assigned_by: str
    assigned_at: datetime


class Assignments:
    def __init__(self, engine: Engine):
        self.engine = engine

    def assign(self, actor: str, state: str, username: str, section: Section) -> None:
        if section in self.sections(state, username):
            return
        with Session(self.engine) as session:
            session.add(Assignment(state=state, username=username, instrument=section.instrument,
                                   article=section.article, assigned_by=actor))
            session.add(AuditEvent(actor=actor, action="section_assigned", state=state, target=username,
                                   detail={"section": section.label}))
            session.commit()

    def revoke(self, actor: str, state: str, username: str, section: Section) -> bool:
        with Session(self.engine) as session:
            rows = session.scalars(select(Assignment).where(
                Assignment.state == state, Assignment.username == username,
                Assignment.instrument == section.instrument, Assignment.revoked_at.is_(None))).all()
            hit = [r for r in rows if r.article == section.article]
            for row in hit:
                row.revoked_at, row.revoked_by = utcnow(), actor
            if hit:
                session.add(AuditEvent(actor=actor, action="section_revoked", state=state, target=username,
                                       detail={"section": section.label}))
            session.commit()
            return bool(hit)

    def active(self, state: str) -> list[Given]:
        with Session(self.engine) as session:
            return [Given(r.id, r.username, Section(r.instrument, r.article), r.assigned_by, aware(r.assigned_at))
                    for r in session.scalars(select(Assignment).where(
                        Assignment.state == state, Assignment.revoked_at.is_(None)).order_by(Assignment.id))]

    def sections(self, state: str, username: str) -> list[Section]:
        return [g.section for g in self.active(state) if g.username == username]
