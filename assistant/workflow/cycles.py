"""Reporting cycles and the States registered to report."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant.store.answers import aware, normalise_state
from assistant.store.schema import DEFAULT_CYCLE, AuditEvent, Cycle, RegisteredState, utcnow

CYCLE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
# The regional groups of the United Nations, used to break results down by region.
REGIONS = ("African States", "Asia-Pacific States", "Eastern European States",
           "Latin American and Caribbean States", "Western European and other States")


class WorkflowError(ValueError):
    pass


@dataclass(frozen=True)
class CycleInfo:
    id: str
    title: str
    prefill_from: str | None
    opened_at: datetime
    closed_at: datetime | None

    @property
    def open(self) -> bool:
        return self.closed_at is None


def _info(row: Cycle) -> CycleInfo:
    return CycleInfo(row.id, row.title, row.prefill_from, aware(row.opened_at),
                     aware(row.closed_at) if row.closed_at else None)


class Cycles:
    def __init__(self, engine: Engine):
        self.engine = engine

    def list(self) -> list[CycleInfo]:
        with Session(self.engine) as session:
            return [_info(r) for r in session.scalars(select(Cycle).order_by(Cycle.opened_at, Cycle.id))]

    def get(self, cycle_id: str) -> CycleInfo | None:
        with Session(self.engine) as session:
            row = session.get(Cycle, cycle_id)
            return _info(row) if row else None

    def current(self) -> CycleInfo:
        """The most recently opened cycle that is still open; the default cycle if none was ever opened."""
        cycles = self.list()
        open_ = [c for c in cycles if c.open]
        if open_:
            return open_[-1]
        if not cycles:
            return self._create_default()
        return cycles[-1]

    def _create_default(self) -> CycleInfo:
        # Two first sessions (tabs, CLI processes) can both find no cycle; the second one to write must take the
        # cycle the first created rather than fail with "exists already" (SQLite) or a key clash (PostgreSQL).
        try:
            return self.create("operator", DEFAULT_CYCLE, "First reporting cycle")
        except (WorkflowError, IntegrityError):
            existing = self.get(DEFAULT_CYCLE)
            if existing is None:
                raise
            return existing

    def create(self, actor: str, cycle_id: str, title: str = "", prefill_from: str | None = None) -> CycleInfo:
        cycle_id = (cycle_id or "").strip()
        if not CYCLE_ID.match(cycle_id):
            raise WorkflowError("A cycle id has 1 to 40 letters, digits, '.', '_' or '-' (e.g. 2027).")
        with Session(self.engine) as session:
            if session.get(Cycle, cycle_id) is not None:
                raise WorkflowError(f"Cycle {cycle_id} exists already.")
            if prefill_from and session.get(Cycle, prefill_from) is None:
                raise WorkflowError(f"No cycle {prefill_from} to start from.")
            row = Cycle(id=cycle_id, title=title.strip()[:200] or cycle_id, prefill_from=prefill_from or None,
                        created_by=actor)
            session.add(row)
            session.add(AuditEvent(actor=actor, action="cycle_opened", target=cycle_id,
                                   detail={"prefill_from": prefill_from}))
            session.commit()
            return _info(row)

    def close(self, actor: str, cycle_id: str) -> None:
        with Session(self.engine) as session:
            row = session.get(Cycle, cycle_id)
            if row is None:
                raise WorkflowError(f"No cycle {cycle_id}.")
            if row.closed_at is None:
                row.closed_at = utcnow()
                session.add(AuditEvent(actor=actor, action="cycle_closed", target=cycle_id))
                session.commit()


class Registry:
    """States registered to report, with their regional group."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def add(self, actor: str, code: str, region: str = "") -> str:
        code = normalise_state(code)
        if region and region not in REGIONS:
            raise WorkflowError(f"Unknown region {region!r}: use one of {'; '.join(REGIONS)}.")
        with Session(self.engine) as session:
            row = session.get(RegisteredState, code)
            if row is None:
                session.add(RegisteredState(code=code, region=region, added_by=actor))
                session.add(AuditEvent(actor=actor, action="state_added", state=code, target=code,
                                       detail={"region": region}))
            elif region and row.region != region:
                session.add(AuditEvent(actor=actor, action="state_region", state=code, target=code,
                                       detail={"from": row.region, "to": region}))
                row.region = region
            session.commit()
        return code

    def regions(self) -> dict[str, str]:
        with Session(self.engine) as session:
            return {r.code: r.region for r in session.scalars(select(RegisteredState).order_by(RegisteredState.code))}
