"""Exports of the dataset for the Secretariat.

Shapes
    long  one row per answered field (current revision, or every revision with history): `answers_frame`.
    wide  one row per State and reporting cycle, one column per question: `wide_frame`.
Formats
    csv, xlsx, parquet, jsonl: `write_export`. CSV and Excel are for people: every text cell that a spreadsheet
    would run as a formula (=, +, -, @, tab, CR and their full-width forms) is neutralised with a leading
    apostrophe, in every sheet. Parquet and JSON lines are for programs and keep the raw text.
Labels and codes
    The data holds the stable codes (`value`); the long shape also carries `value_label` and `question` in the
    chosen language, and the wide shape holds codes unless `labels=True`. The codebook (`codebook`, and the
    "Codebook" sheet of the Excel export) explains every column and decodes every code in that language.
"""

from __future__ import annotations

import heapq
import io
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import yaml
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from assistant.checklist.models import Checklist
from assistant.sanitize import neutralise_cell
from assistant.settings import PROJECT_ROOT
from assistant.store.answers import aware, normalise_state
from assistant.store.schema import AnswerRevision

COLUMNS = [
    "state", "cycle", "respondent", "question_id", "section", "instrument", "article", "paragraph", "level", "type",
    "value", "value_label", "text", "references", "lang", "channel", "revision", "previous_value", "recorded_at",
    "question",
]
FORMATS = ("csv", "xlsx", "parquet", "jsonl")
SHAPES = ("long", "wide")
Shape = Literal["long", "wide"]

# Leading columns of the wide shape; one column per question id follows, in checklist order.
WIDE_COLUMNS = ["state", "cycle", "answered", "respondents", "last_recorded_at"]
CODEBOOK_COLUMNS = ["kind", "name", "meaning", "instrument", "article", "paragraph", "subparagraph", "section",
                    "level", "type", "required", "codes", "condition"]
INSTRUMENTS = ("UNTOC", "TIP", "SOM", "FP")
GENERAL_SHEET = "General"  # answers to questions on no instrument (opening questions)
ORDER_ATTR = "question_order"  # frame.attrs key: the checklist's question ids in order, space-separated

COLUMN_MEANINGS = {
    "state": "The State: ISO 3166-1 alpha-3 code (XXA-XXZ are fictional test States).",
    "cycle": "The reporting cycle.",
    "respondent": "Who gave the answer: the account's user name, or the name given in the chat.",
    "question_id": "The checklist question: see the rows of kind 'question'.",
    "section": "The checklist section of the question: see the rows of kind 'section'.",
    "instrument": "The instrument of the provision (UNTOC, TIP, SOM or FP: see the rows of kind 'instrument'); "
                  "empty for general questions.",
    "article": "The article of the instrument.",
    "paragraph": "The paragraph of the article; empty when the question is on the whole article.",
    "level": "The level of obligation of the provision: see the rows of kind 'level'.",
    "type": "The type of question, which says what 'value' holds: see the rows of kind 'type'.",
    "value": "The recorded answer: a code of the question's list (see 'codes' on the question's row), several codes "
             "joined with ';' for select_multiple, a whole number for integer, free text for text.",
    "value_label": "The value with each code replaced by its label in the export language.",
    "text": "The respondent's own words, from which the value was taken.",
    "references": "Legal references cited in the answer, joined with ';'.",
    "lang": "The language the answer was given in (ar, en, es, fr, ru, zh).",
    "channel": "How the answer was recorded: see the rows of kind 'channel'.",
    "revision": "The revision number of the answer for this State and question (1 = first answer).",
    "previous_value": "The value this revision replaced in the same cycle; empty for the first.",
    "recorded_at": "When the answer was recorded (ISO 8601, with time zone).",
    "question": "The text of the question in the export language.",
}
WIDE_MEANINGS = {
    "state": "The State: ISO 3166-1 alpha-3 code.",
    "cycle": "The reporting cycle.",
    "answered": "How many questions the State answered in this cycle.",
    "respondents": "Who gave the answers, joined with ';'.",
    "last_recorded_at": "When the latest of these answers was recorded (ISO 8601, UTC).",
    "<question id>": "One column per question (see the rows of kind 'question'), in checklist order: the value "
                     "codes as in the long shape (several joined with ';'); empty when not answered.",
}
LEVEL_GLOSS = {"mandatory": "'shall'", "consider": "'shall consider' or 'shall endeavour'", "optional": "'may'",
               "none": "no obligation, or not a provision"}
TYPE_MEANINGS = {
    "status": "Whether the State has implemented the provision: one code of the question's list.",
    "text": "Free text (law cited, examples, steps planned).",
    "select_one": "One code of the question's list.",
    "select_multiple": "One or more codes of the question's list, joined with ';'.",
    "integer": "A whole number.",
}
CHANNEL_MEANINGS = {
    "chat": "Given in the conversation and interpreted by the assistant.",
    "form": "Typed in the review form.",
    "derived": "Taken by the assistant from another answer (a status reply that already cites the law).",
    "reuse": "Reused from the answer to an earlier, cross-referenced provision.",
    "carried": "Carried over from the previous reporting cycle and confirmed as still accurate.",
    "import": "Imported from a CSV or Excel file prepared offline in the long format.",
}


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def answers_frame(engine: Engine, checklist: Checklist, state: str | None = None, history: bool = False,
                  lang: str = "en", cycle: str | None = None, states: list[str] | None = None) -> pd.DataFrame:
    """The long shape: one row per answered field. `state` limits it to one State (the default for anyone but the
    Secretariat), `cycle` to one reporting cycle; current answers are the latest revision per State, cycle and
    question, `history=True` gives every revision. Labels and question texts are in `lang`."""
    query = select(AnswerRevision)
    if state is not None:
        query = query.where(AnswerRevision.state == normalise_state(state))
    if cycle is not None:
        query = query.where(AnswerRevision.cycle == cycle)
    if states is not None:  # only the States the reader may see are read at all
        query = query.where(AnswerRevision.state.in_(states))
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
    # plain rows, not ORM objects: a cycle of 190 States is some 180,000 rows
    query = query.with_only_columns(*AnswerRevision.__table__.columns)
    with Session(engine) as session:
        for r in session.execute(query):
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
                "question": q.prompt(lang) if q else "",
                "_order": order.get(r.question_id, len(order)),
            })
    frame = pd.DataFrame(rows, columns=[*COLUMNS, "_order"])
    if not history and not frame.empty:
        frame = frame.sort_values(["state", "cycle", "_order"], kind="stable")
    frame = frame.drop(columns="_order").reset_index(drop=True)
    frame["article"] = frame["article"].astype("Int64")
    frame["paragraph"] = frame["paragraph"].astype("Int64")
    frame["revision"] = frame["revision"].astype("Int64")
    # the checklist order, for wide_frame: pandas keeps attrs through filtering, sorting and copies (one string,
    # which pandas' deepcopy of attrs does not walk through)
    frame.attrs[ORDER_ATTR] = " ".join(q.id for q in checklist.questions)
    return frame


# wide shape ---------------------------------------------------------------------------------------------------
def _question_order(long: pd.DataFrame, checklist: Checklist | None) -> list[str]:
    """The answered question ids in checklist order: that of `checklist`, else the one answers_frame noted in the
    frame's attrs, else one merged from the rows of each State and cycle (answers_frame lists them in checklist
    order), ties going to the first seen."""
    seen = list(dict.fromkeys(long["question_id"]))
    first = {qid: i for i, qid in enumerate(seen)}
    if checklist is not None:
        known = [q.id for q in checklist.questions]
    else:
        known = str(long.attrs.get(ORDER_ATTR) or "").split()
    if known:
        order = {qid: i for i, qid in enumerate(known)}
        return sorted(seen, key=lambda qid: (order.get(qid, len(order)), first[qid]))
    after: dict[str, set[str]] = {qid: set() for qid in seen}
    before_count = dict.fromkeys(seen, 0)
    for _, group in long.groupby(["state", "cycle"], sort=False):
        ids = list(dict.fromkeys(group["question_id"]))
        for a, b in zip(ids, ids[1:], strict=False):
            if b not in after[a]:
                after[a].add(b)
                before_count[b] += 1
    ready = [(first[qid], qid) for qid in seen if before_count[qid] == 0]
    heapq.heapify(ready)
    result: list[str] = []
    while ready:
        _, qid = heapq.heappop(ready)
        result.append(qid)
        for nxt in after[qid]:
            before_count[nxt] -= 1
            if before_count[nxt] == 0:
                heapq.heappush(ready, (first[nxt], nxt))
    done = set(result)
    return result + [qid for qid in seen if qid not in done]  # only if the rows disagree on the order


def wide_frame(long: pd.DataFrame, checklist: Checklist | None = None, labels: bool = False) -> pd.DataFrame:
    """The wide shape of a long frame of current answers: one row per (state, cycle), sorted, with the columns
    WIDE_COLUMNS (state, cycle, answered, respondents, last_recorded_at) then one column per answered question id
    in checklist order (that of `checklist` if given, else the one answers_frame records in `long.attrs`, else
    the order of the long frame's rows).

    Cells hold the value codes, as in the long `value` column (';'-joined for select_multiple; free text and
    numbers as text), and are empty (missing) where the State did not answer; the codebook decodes them.
    `labels=True` puts the labels of the long frame's `value_label` instead (in the language it was made in).
    Raises ValueError for a frame with history (several revisions of one answer)."""
    missing = {"state", "cycle", "question_id", "value", "value_label", "respondent", "recorded_at"} - set(long)
    if missing:
        raise ValueError(f"not a long answers frame: no column {', '.join(sorted(missing))}")
    if long.duplicated(["state", "cycle", "question_id"]).any():
        raise ValueError("the wide shape holds the current answers, one per State, cycle and question: "
                         "it cannot be made from the history of revisions")
    if long.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "answered" else object) for c in WIDE_COLUMNS})
    keys = ["state", "cycle"]
    cells = long.pivot(index=keys, columns="question_id", values="value_label" if labels else "value")
    cells = cells.reindex(columns=_question_order(long, checklist))
    groups = long.groupby(keys, sort=True)
    lead = pd.DataFrame({
        "answered": groups.size().astype("int64"),
        "respondents": groups["respondent"].agg(lambda s: ";".join(dict.fromkeys(str(x) for x in s if x))),
        "last_recorded_at": groups["recorded_at"].agg(
            # ISO 8601 throughout, with or without microseconds (isoformat drops ".000000")
            lambda s: pd.to_datetime(s, utc=True, format="ISO8601").max().isoformat() if s.notna().any() else None),
    })
    wide = lead.join(cells).reset_index()
    wide.columns.name = None
    return wide.astype({c: object for c in cells.columns})


# codebook -------------------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _instrument_names() -> dict[str, dict[str, str]]:
    try:
        data = yaml.safe_load((PROJECT_ROOT / "knowledge" / "titles.yaml").read_text(encoding="utf-8"))
        return {code: dict(entry.get("name") or {}) for code, entry in (data.get("instruments") or {}).items()}
    except (OSError, yaml.YAMLError, AttributeError):
        return {}


def _message(lang: str, key: str, default: str) -> str:
    from assistant.i18n import Messages

    try:
        return Messages(lang)(key)
    except KeyError:
        return default


def codebook(checklist: Checklist, lang: str = "en") -> pd.DataFrame:
    """What every column and code of the exports means, as one table with a `kind` column:

    - kind 'column': the columns of the long shape; 'wide column': the leading columns of the wide shape;
    - kind 'instrument', 'section', 'level', 'type', 'channel': the codes those columns hold;
    - kind 'question': one row per checklist question, in checklist order: its id (`name`), its text in `lang`
      (`meaning`), instrument, article, paragraph, subparagraph, section, level, type, whether required, the
      allowed codes with their labels in `lang` ("code = label; ..."), and the condition under which it is asked.

    Question texts, code labels, section titles, instrument names and level names are in `lang` (English where a
    translation is missing); the explanations of columns, types and channels are in English."""
    rows: list[dict[str, Any]] = []

    def add(kind: str, name: str, meaning: str, **extra: Any) -> None:
        rows.append({"kind": kind, "name": name, "meaning": meaning, **extra})

    for column in COLUMNS:
        add("column", column, COLUMN_MEANINGS.get(column, ""))
    for column, meaning in WIDE_MEANINGS.items():
        add("wide column", column, meaning)
    names = _instrument_names()
    for code in INSTRUMENTS:
        name = names.get(code, {})
        add("instrument", code, name.get(lang) or name.get("en") or _message(lang, f"instrument_{code}", code),
            instrument=code)
    for section in checklist.sections:
        add("section", section.id, section.title.get(lang) or section.title.get("en", ""),
            instrument=section.instrument, condition=section.relevant)
    for level, gloss in LEVEL_GLOSS.items():
        add("level", level, f"{_message(lang, f'level_{level}', level)} ({gloss})", level=level)
    for qtype, meaning in TYPE_MEANINGS.items():
        add("type", qtype, meaning, type=qtype)
    for channel, meaning in CHANNEL_MEANINGS.items():
        add("channel", channel, meaning)
    for q in checklist.questions:
        codes = ""
        if q.choices and q.choices in checklist.choices:
            choice_list = checklist.choices[q.choices]
            codes = "; ".join(f"{c} = {choice_list.label(c, lang)}" for c in choice_list.codes())
        add("question", q.id, q.prompt(lang),
            instrument=q.ref.instrument if q.ref else None,
            article=q.ref.article if q.ref else None,
            paragraph=q.ref.paragraph if q.ref else None,
            subparagraph=q.ref.subparagraph if q.ref else None,
            section=q.section, level=q.level, type=q.type, required=q.required, codes=codes,
            condition=q.relevant)
    book = pd.DataFrame(rows, columns=CODEBOOK_COLUMNS)
    book["article"] = book["article"].astype("Int64")
    book["paragraph"] = book["paragraph"].astype("Int64")
    book["required"] = book["required"].astype("boolean")
    return book


# writing ---------------------------------------------------------------------------------------------------------
def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy in which no text cell starts a spreadsheet formula (see assistant.sanitize.neutralise_cell)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_cell)
    return safe


def _excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Control characters Excel cannot store are dropped first (so that they cannot hide a formula start from
    the neutralisation), then formulas are neutralised."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    clean = frame.copy()
    for column in clean.columns:
        if clean[column].dtype == object or pd.api.types.is_string_dtype(clean[column]):
            clean[column] = clean[column].map(lambda v: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v)
    return spreadsheet_safe(clean)


def _width(series: pd.Series, header: str) -> float:
    sample = series.head(500).dropna().astype(str)
    longest = max([len(header), *(len(line) for text in sample for line in text.splitlines() or [""])])
    return float(min(max(longest + 2, 8), 60))


def _workbook(sheets: list[tuple[str, pd.DataFrame]]) -> bytes:
    """An Excel workbook, one sheet per (name, frame): header row frozen, filters on, columns sized to content.

    Written with XlsxWriter (several times faster than openpyxl on a whole cycle), told never to turn a string
    into a formula or a link, on top of the neutralisation."""
    buffer = io.BytesIO()
    options = {"options": {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs=options) as writer:
        for name, frame in sheets:
            safe = _excel_safe(frame)
            safe.to_excel(writer, index=False, sheet_name=name)
            sheet = writer.sheets[name]
            sheet.freeze_panes(1, 0)
            if len(safe.columns):
                sheet.autofilter(0, 0, len(safe), len(safe.columns) - 1)
            for i, column in enumerate(safe.columns):
                sheet.set_column(i, i, _width(safe[column], str(column)))
    return buffer.getvalue()


def instrument_sheets(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The long frame split by instrument: "General" (questions on no instrument) then UNTOC, TIP, SOM, FP, only
    those present; a frame with no rows gives one empty "General" sheet with the headers."""
    if "instrument" not in frame.columns:
        return [("answers", frame)]
    instrument = frame["instrument"].astype(object).where(frame["instrument"].notna(), None)
    sheets = []
    for name in (GENERAL_SHEET, *INSTRUMENTS):
        part = frame[instrument.isna()] if name == GENERAL_SHEET else frame[instrument == name]
        if not part.empty:
            sheets.append((name, part.reset_index(drop=True)))
    others = frame[instrument.notna() & ~instrument.isin(INSTRUMENTS)]
    if not others.empty:  # not expected: the checklist only knows the four instruments
        sheets.append(("Other", others.reset_index(drop=True)))
    return sheets or [(GENERAL_SHEET, frame)]


def write_export(frame: pd.DataFrame, fmt: str, out: Path | None, *, checklist: Checklist | None = None,
                 lang: str = "en", shape: Shape | None = None) -> bytes | None:
    """Write `frame` (a long or wide frame, or any table such as the codebook) as `fmt` to `out`, or return the
    bytes when out is None. CSV and Excel cells never start a formula; Parquet and JSON lines keep the raw text.

    Excel: without `checklist`, one sheet ("answers", as before; "Wide" for the wide shape). With `checklist`,
    the long shape gets one sheet per instrument present ("General" for questions on no instrument, then UNTOC,
    TIP, SOM, FP) and the wide shape a "Wide" sheet, each followed by a "Codebook" sheet in `lang`. Any other
    table (a codebook, an analysis table) is written as one "answers" sheet. `shape` is guessed when None: wide
    for a frame with the WIDE_COLUMNS and no question_id, else long."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if shape is None:
        shape = "wide" if set(WIDE_COLUMNS) <= set(frame.columns) and "question_id" not in frame.columns else "long"
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}: use one of {', '.join(SHAPES)}")
    if fmt == "csv":
        data = spreadsheet_safe(frame).to_csv(index=False).encode("utf-8-sig")
    elif fmt == "jsonl":
        data = "".join(json.dumps(row, ensure_ascii=False, default=str) + "\n"
                       for row in frame.astype(object).where(frame.notna(), None).to_dict("records")).encode()
    elif fmt == "xlsx":
        if checklist is None:
            sheets = [("answers" if shape == "long" else "Wide", frame)]
        else:
            sheets = instrument_sheets(frame) if shape == "long" else [("Wide", frame)]
            sheets.append(("Codebook", codebook(checklist, lang)))
        data = _workbook(sheets)
    else:
        buffer = io.BytesIO()
        plain = frame.copy()
        plain.attrs = {}  # the checklist order is no data: keep it out of the file's metadata
        plain.to_parquet(buffer, index=False)
        data = buffer.getvalue()
    if out is None:
        return data
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_bytes(data)
    return None
