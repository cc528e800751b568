"""Everything the findings need for one reporting cycle, read through a Workspace so that the access policy
holds: only the Secretariat (reviewers, administrators) may load it, and a reviewer gets the answers of the
States that have submitted their response, never those still being written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.analysis.findings import Findings, analyse
from assistant.checklist.models import Checklist
from assistant.store.answers import aware, current_values
from assistant.store.schema import GoodPractice
from assistant.workspace import Workspace

PRACTICE_FIELDS = ["id", "state", "cycle", "question_id", "title", "text", "lang", "marked_by", "marked_at"]


@dataclass(frozen=True)
class Dataset:
    cycle: str
    cycle_title: str
    checklist: Checklist
    frame: pd.DataFrame  # answers_frame of the States the actor may read, this cycle
    values: dict[str, dict[str, Any]]  # state -> question id -> current value (readable States)
    statuses: dict[str, str]  # States with answers or events -> status
    regions: dict[str, str]  # registered States -> regional group
    practices: pd.DataFrame  # shared good practices of the cycle (PRACTICE_FIELDS)

    def findings(self, lang: str = "en", **selection: Any) -> Findings:
        """assistant.analysis.findings.analyse on this data; selection: instrument, article, level, region."""
        return analyse(self.frame, self.statuses, self.regions, self.checklist, self.values, self.practices,
                       lang, self.cycle, **selection)


def shared_practices(ws: Workspace, cycle: str) -> pd.DataFrame:
    """Good practices of the cycle that may be shown: the State's consent stands and it was not withdrawn."""
    with Session(ws.core.engine) as session:
        rows = session.scalars(select(GoodPractice).where(
            GoodPractice.cycle == cycle, GoodPractice.consent.is_(True), GoodPractice.withdrawn_at.is_(None))
            .order_by(GoodPractice.id)).all()
        records = [{"id": r.id, "state": r.state, "cycle": r.cycle, "question_id": r.question_id,
                    "title": r.title, "text": r.text, "lang": r.lang, "marked_by": r.marked_by,
                    "marked_at": aware(r.marked_at)}
                   for r in rows]
    return pd.DataFrame(records, columns=PRACTICE_FIELDS)


def load(ws: Workspace, lang: str = "en") -> Dataset:
    """One cycle (the workspace's) for the Secretariat; Forbidden for anyone else."""
    ws.check_review()
    frame = ws.frame(lang=lang)
    # skip logic needs real values (lists, integers), which the flat frame has turned into text
    values = current_values(ws.core.engine, ws.cycle, sorted(set(frame["state"])))
    info = ws.cycle_info()
    return Dataset(
        cycle=ws.cycle,
        cycle_title=info.title if info is not None and info.title != ws.cycle else "",
        checklist=ws.core.checklist,
        frame=frame,
        values=values,
        statuses=ws.core.responses.statuses(ws.cycle),
        regions=ws.core.registry.regions(),
        practices=shared_practices(ws, ws.cycle),
    )
