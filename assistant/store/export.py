"""Tidy exports of the dataset: one row per answered field (current revision), or every revision."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from assistant.checklist.models import Checklist
from assistant.sanitize import neutralise_cell
from assistant.store.answers import aware, normalise_state
from assistant.store.schema import AnswerRevision

COLUMNS = [
    "state", "cycle", "respondent", "question_id", "section", "instrument", "article", "paragraph", "level", "type",
    "value", "value_label", "text", "references", "lang", "channel", "revision", "previous_value", "recorded_at",
]
FORMATS = ("csv", "xlsx", "parquet", "jsonl")


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def answers_frame(engine: Engine, checklist: Checklist, state: str | None = None, history: bool = False,
                  lang: str = "en", cycle: str | None = None) -> pd.DataFrame:
    """The answers as a DataFrame. `state` limits it to one State (the default for anyone but the Secretariat),
    `cycle` to one reporting cycle; current answers are the latest revision per State, cycle and question."""
    query = select(AnswerRevision)
    if state is not None:
        query = query.where(AnswerRevision.state == normalise_state(state))
    if cycle is not None:
        query = query.where(AnswerRevision.cycle == cycle)
    if not history:
        latest = (
            select(AnswerRevision.state, AnswerRevision.cycle, AnswerRevision.question_id,
                   func.max(AnswerRevision.revision).label("rev"))
            .group_by(AnswerRevision.state, AnswerRevision.cycle, AnswerRevision.question_id)
            .subquery()
        )
        query = query.join(
            latest,
            (AnswerRevision.state == latest.c.state)
            & (AnswerRevision.cycle == latest.c.cycle)
            & (AnswerRevision.question_id == latest.c.question_id)
            & (AnswerRevision.revision == latest.c.rev),
        )
    query = query.order_by(AnswerRevision.state, AnswerRevision.cycle, AnswerRevision.id)
    questions = checklist.by_id()
    order = {q.id: i for i, q in enumerate(checklist.questions)}
    rows = []
    with Session(engine) as session:
        for r in session.scalars(query):
            q = questions.get(r.question_id)
            label = _flat(r.value)
            if q is not None and q.choices and r.value is not None:
                codes = r.value if isinstance(r.value, list) else [r.value]
                label = ";".join(checklist.choices[q.choices].label(c, lang) for c in codes)
            rows.append({
                "state": r.state,
                "cycle": r.cycle,
                "respondent": r.respondent,
                "question_id": r.question_id,
                "section": q.section if q else "",
                "instrument": q.ref.instrument if q and q.ref else None,
                "article": q.ref.article if q and q.ref else None,
                "paragraph": q.ref.paragraph if q and q.ref else None,
                "level": q.level if q else "",
                "type": q.type if q else "",
                "value": _flat(r.value),
                "value_label": label,
                "text": r.text,
                "references": ";".join(r.references or []),
                "lang": r.lang,
                "channel": r.channel,
                "revision": r.revision,
                "previous_value": _flat(r.previous_value),
                "recorded_at": aware(r.recorded_at).isoformat() if r.recorded_at else None,
                "_order": order.get(r.question_id, len(order)),
            })
    frame = pd.DataFrame(rows, columns=[*COLUMNS, "_order"])
    if not history and not frame.empty:
        frame = frame.sort_values(["state", "cycle", "_order"], kind="stable")
    frame = frame.drop(columns="_order").reset_index(drop=True)
    frame["article"] = frame["article"].astype("Int64")
    frame["paragraph"] = frame["paragraph"].astype("Int64")
    frame["revision"] = frame["revision"].astype("Int64")
    return frame


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_cell)
    return safe


def write_export(frame: pd.DataFrame, fmt: str, out: Path | None) -> bytes | None:
    """Write to `out` (or return bytes when out is None). CSV and Excel cells never start a formula."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt == "csv":
        data = spreadsheet_safe(frame).to_csv(index=False).encode("utf-8-sig")
    elif fmt == "jsonl":
        data = "".join(json.dumps(row, ensure_ascii=False, default=str) + "\n"
                       for row in frame.astype(object).where(frame.notna(), None).to_dict("records")).encode()
    elif fmt == "xlsx":
        import io

        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            spreadsheet_safe(frame).to_excel(writer, index=False, sheet_name="answers")
        data = buffer.getvalue()
    else:
        import io

        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        data = buffer.getvalue()
    if out is None:
        return data
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_bytes(data)
    return None
