"""Reading answers prepared offline: a CSV or Excel file in the export's long format (question_id, value, text)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from assistant.checklist.models import Question

MAX_ROWS = 20_000
SKIPPED_SHEETS = ("Codebook", "Wide")


class ImportFileError(ValueError):
    pass


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The file's rows as dicts, or ImportFileError saying what is wrong with the file itself."""
    suffix = Path(path).suffix.lower()
    try:
        if suffix == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        elif suffix in (".xlsx", ".xlsm"):
            # an export has a sheet per instrument (and Codebook / Wide sheets that hold no answers)
            sheets = pd.read_excel(path, dtype=str, keep_default_na=False, sheet_name=None)
            answers = [f for name, f in sheets.items() if name not in SKIPPED_SHEETS]
            frame = pd.concat(answers, ignore_index=True) if answers else pd.DataFrame()
        else:
            raise ImportFileError(f"{Path(path).name}: use a .csv or .xlsx file")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        if isinstance(exc, ImportFileError):
            raise
        raise ImportFileError(f"{Path(path).name} could not be read: {exc}") from exc
    missing = {"question_id", "value"} - set(frame.columns)
    if missing:
        raise ImportFileError(f"{Path(path).name} lacks the column(s) {', '.join(sorted(missing))} "
                              "(use the export's long format: question_id, value, text)")
    if len(frame) > MAX_ROWS:
        raise ImportFileError(f"{Path(path).name} has {len(frame):,} rows; the limit is {MAX_ROWS:,}")
    return frame.to_dict("records")


def unneutralise(raw: Any) -> str:
    """A cell as typed: empty for blanks, without the apostrophe our exports put before formula characters."""
    text = "" if raw is None or (isinstance(raw, float) and raw != raw) else str(raw)
    return text[1:] if text.startswith("'") else text


def parse_value(q: Question, raw: Any) -> Any:
    """A cell as the stored value for this question: choice codes (';' between several), a whole number, text.
    A spreadsheet's neutralising apostrophe is removed. Empty means unknown for numbers, and is refused otherwise."""
    text = unneutralise(str(raw).strip() if isinstance(raw, str) else raw).strip()
    if q.type == "select_multiple":
        codes = [c.strip() for c in text.split(";") if c.strip()]
        if not codes:
            raise ValueError(f"{q.id} needs one or more codes separated by ';'")
        return codes
    if q.type == "integer":
        if text == "" or text.lower() == "unknown":
            return None
        if not text.isdigit():
            raise ValueError(f"{q.id} takes a whole number, not {text!r}")
        return int(text)
    if not text:
        raise ValueError(f"{q.id} has no value")
    return text
