"""What the Secretariat learns from one cycle's answers: pure functions over pandas frames, no database.

Inputs are the long answers frame (assistant.store.export.answers_frame), the statuses {state: status}, the
regions {state: region}, the checklist and, for skip logic, each State's current values {state: {question id:
value}} (real Python values; rebuilt from the frame when not given). Only responding States (submitted,
returned or accepted) count in the findings; completion is computed for every State whose answers are at hand.

An answer counts only while the skip logic still asks its question: a follow-up left behind when a State
changed its status answer (e.g. technical assistance requested under "No", then "Yes") is not a finding."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from assistant.access.policy import NOT_STARTED, STATUSES, VISIBLE_TO_REVIEWERS
from assistant.checklist.models import Checklist, Question
from assistant.i18n import Messages
from assistant.settings import PROJECT_ROOT

TEXTS_DIR = PROJECT_ROOT / "knowledge" / "report"
RESPONDING = VISIBLE_TO_REVIEWERS
ANSWERS = ("yes", "in_part", "no", "unknown")
PRIORITIES = ("high", "medium", "low")
NONE = "none"  # "no assistance needed" / "no particular challenge": an answer, not a need

Values = Mapping[str, Mapping[str, Any]]


# Labels -----------------------------------------------------------------------------------------------------
@lru_cache(maxsize=8)
def _load(folder: Path, lang: str) -> dict[str, Any]:
    path = folder / f"{lang}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}


def report_texts(lang: str, folder: Path = TEXTS_DIR) -> dict[str, Any]:
    """The report's sentences and labels (knowledge/report/<lang>.yaml), English filling any gap."""
    english = _load(folder, "en")
    own = _load(folder, lang) if lang != "en" else english
    merged = {**english, **own}
    for key, value in english.items():  # nested tables (statuses, regions, charts) merge key by key
        if isinstance(value, dict):
            merged[key] = {**value, **(own.get(key) or {})}
    return merged


def citation(question: Question, lang: str) -> str:
    """The citation of the question's provision in the format of the assistant's messages, e.g. "Convention
    art. 5(1)"; a subparagraph is added in the report's own format (Messages.citation stops at paragraphs)."""
    ref = question.ref
    if ref is None:
        return question.id
    text = Messages(lang).citation(ref.instrument, ref.article, ref.paragraph)
    if ref.subparagraph:
        letter = ARABIC_LETTERS.get(ref.subparagraph, ref.subparagraph) if lang == "ar" else ref.subparagraph
        text += report_texts(lang)["citation_subparagraph"].format(subparagraph=letter)
    return text


# Arabic texts of the instruments letter their subparagraphs in abjad order: (a) is (أ), (e) is (هـ).
ARABIC_LETTERS = dict(zip("abcdefghij", ["أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي"], strict=True))


def provision_key(question: Question) -> str:
    """untoc_5_1 for untoc_5_1_status and each of its follow-ups."""
    return (question.provision or question.id).removesuffix("_status")


def _choice_label(checklist: Checklist, name: str | None, code: str, lang: str) -> str:
    return checklist.choices[name].label(code, lang) if name in checklist.choices else code


def _region(regions: Mapping[str, str], state: str) -> str:
    return regions.get(state, "") or ""


# Values and selection ---------------------------------------------------------------------------------------
def values_from_frame(frame: pd.DataFrame, checklist: Checklist) -> dict[str, dict[str, Any]]:
    """{state: {question id: value}} from the flat frame (multi-select split on ';', integers parsed)."""
    questions = checklist.by_id()
    result: dict[str, dict[str, Any]] = {}
    for state, qid, raw in zip(frame["state"], frame["question_id"], frame["value"], strict=True):
        q = questions.get(qid)
        value: Any = raw if isinstance(raw, str) and raw != "" else None
        if q is not None and value is not None:
            if q.type == "select_multiple":
                value = [code for code in value.split(";") if code]
            elif q.type == "integer" and value.lstrip("-").isdigit():
                value = int(value)
        result.setdefault(state, {})[qid] = value
    return result


def registered_states(statuses: Mapping[str, str], regions: Mapping[str, str]) -> list[str]:
    return sorted(set(regions) | set(statuses))


def responding_states(statuses: Mapping[str, str], regions: Mapping[str, str] | None = None,
                      region: str | None = None) -> list[str]:
    """States whose response the Secretariat has (submitted, returned or accepted), optionally in a region."""
    return sorted(s for s, status in statuses.items()
                  if status in RESPONDING and (region is None or _region(regions or {}, s) == region))


def relevant_answers(frame: pd.DataFrame, values: Values, checklist: Checklist,
                     states: Iterable[str]) -> pd.DataFrame:
    """These States' rows whose question the skip logic still asks, given each State's current values."""
    questions = checklist.by_id()
    wanted = set(states)
    keep = []
    for state, qid in zip(frame["state"], frame["question_id"], strict=True):
        q = questions.get(qid)
        keep.append(state in wanted and q is not None and q.is_relevant(values.get(state, {})))
    return frame[keep] if len(frame) else frame


def status_questions(checklist: Checklist, instrument: str | None = None, article: int | None = None,
                     level: str | None = None) -> list[Question]:
    """The provisions (status questions with a reference), in checklist order, optionally filtered."""
    return [q for q in checklist.questions if q.type == "status" and q.ref is not None
            and (instrument is None or q.ref.instrument == instrument)
            and (article is None or q.ref.article == article)
            and (level is None or q.level == level)]


def _codes(raw: Any) -> list[str]:
    if not isinstance(raw, str) or not raw:
        return []
    return [c for c in raw.split(";") if c and c != NONE]


# Responses --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ResponseSummary:
    registered: int
    responding: tuple[str, ...]
    # every status, in workflow order; registered States without answers or events are not_started
    status_counts: dict[str, int]

    @property
    def rate(self) -> float:
        return len(self.responding) / self.registered if self.registered else 0.0

    def frame(self, lang: str = "en") -> pd.DataFrame:
        labels = report_texts(lang)["statuses"]
        return pd.DataFrame([{"status": s, "label": labels.get(s, s), "states": n}
                             for s, n in self.status_counts.items()], columns=["status", "label", "states"])


def effective_statuses(statuses: Mapping[str, str], regions: Mapping[str, str]) -> dict[str, str]:
    """Every registered State -> its status (not_started when it has neither answers nor events)."""
    return {s: statuses.get(s, NOT_STARTED) for s in registered_states(statuses, regions)}


def response_summary(statuses: Mapping[str, str], regions: Mapping[str, str],
                     region: str | None = None) -> ResponseSummary:
    every = effective_statuses(statuses, regions)
    if region is not None:
        every = {s: st for s, st in every.items() if _region(regions, s) == region}
    counts = Counter(every.values())
    return ResponseSummary(
        registered=len(every),
        responding=tuple(responding_states(every)),
        status_counts={s: counts.get(s, 0) for s in STATUSES}
        | {s: n for s, n in counts.items() if s not in STATUSES},
    )


def statuses_by_cycle(per_cycle: Mapping[str, Mapping[str, str]], regions: Mapping[str, str],
                      lang: str = "en") -> pd.DataFrame:
    """Registered States by status in each cycle (cycle, status, label, states), cycles in the order given."""
    labels = report_texts(lang)["statuses"]
    rows = []
    for cycle, statuses in per_cycle.items():
        counts = Counter(effective_statuses(statuses, regions).values())
        rows += [{"cycle": cycle, "status": s, "label": labels.get(s, s), "states": counts.get(s, 0)}
                 for s in STATUSES]
    return pd.DataFrame(rows, columns=["cycle", "status", "label", "states"])


# Completion -------------------------------------------------------------------------------------------------
COMPLETION_COLUMNS = ["state", "region", "status", "responding", "readable", "answered", "applicable",
                      "completion"]


def completion(values: Values, statuses: Mapping[str, str], regions: Mapping[str, str],
               checklist: Checklist) -> pd.DataFrame:
    """Per registered State: answered / applicable questions (skip logic over its own values), like the
    progress the State sees. `readable` is False (completion NaN) when its answers are not at hand, i.e. for
    a reviewer before the State submits; a State without answers has answered 0 of the questions asked of an
    empty response."""
    rows = []
    for state, status in effective_statuses(statuses, regions).items():
        own = values.get(state)
        if own is None and (status == NOT_STARTED or status in RESPONDING):
            own = {}  # nothing answered (a State may submit an empty response), not hidden from the reader
        if own is None:
            answered = applicable = None
            share = float("nan")
        else:
            asked = [q for q in checklist.questions if q.is_relevant(own)]
            applicable = len(asked)
            answered = sum(1 for q in asked if q.id in own)
            share = answered / applicable if applicable else float("nan")
        rows.append({"state": state, "region": _region(regions, state), "status": status,
                     "responding": status in RESPONDING, "readable": own is not None,
                     "answered": answered, "applicable": applicable, "completion": share})
    frame = pd.DataFrame(rows, columns=COMPLETION_COLUMNS)
    frame["answered"] = frame["answered"].astype("Int64")
    frame["applicable"] = frame["applicable"].astype("Int64")
    frame["completion"] = frame["completion"].astype(float)
    return frame


def completion_by_region(per_state: pd.DataFrame) -> pd.DataFrame:
    """Per region: registered and responding States, and the mean completion of the States whose answers are
    readable (`measured` of them)."""
    rows = []
    for region, group in per_state.groupby("region", sort=True, dropna=False):
        known = group["completion"].dropna()
        mean = float(known.mean()) if len(known) else float("nan")
        rows.append({"region": region, "states": len(group), "responding": int(group["responding"].sum()),
                     "measured": len(known), "completion": mean})
    return pd.DataFrame(rows, columns=["region", "states", "responding", "measured", "completion"])


# Provisions -------------------------------------------------------------------------------------------------
PROVISION_COLUMNS = ["provision", "question_id", "instrument", "article", "paragraph", "level", "theme",
                     "citation", "responding", "asked", "answered", *ANSWERS, "no_answer", "not_asked"]


def provision_findings(frame: pd.DataFrame, statuses: Mapping[str, str], regions: Mapping[str, str],
                       checklist: Checklist, values: Values | None = None, lang: str = "en", *,
                       instrument: str | None = None, article: int | None = None, level: str | None = None,
                       region: str | None = None) -> pd.DataFrame:
    """One row per provision: how many of the `responding` States answered yes / in_part / no / unknown.
    `asked` of them were asked the question (skip logic); `no_answer` were asked and did not answer."""
    values = values_from_frame(frame, checklist) if values is None else values
    states = responding_states(statuses, regions, region)
    answers = relevant_answers(frame, values, checklist, states)
    given = {(s, q): v
             for s, q, v in zip(answers["state"], answers["question_id"], answers["value"], strict=True)}
    rows = []
    for q in status_questions(checklist, instrument, article, level):
        asked = [s for s in states if q.is_relevant(values.get(s, {}))]
        counts = Counter(given.get((s, q.id)) for s in asked)
        answered = sum(counts[a] for a in ANSWERS)
        assert q.ref is not None
        rows.append({"provision": provision_key(q), "question_id": q.id, "instrument": q.ref.instrument,
                     "article": q.ref.article, "paragraph": q.ref.paragraph, "level": q.level,
                     "theme": q.theme,
                     "citation": citation(q, lang), "responding": len(states), "asked": len(asked),
                     "answered": answered, **{a: counts[a] for a in ANSWERS},
                     "no_answer": len(asked) - answered, "not_asked": len(states) - len(asked)})
    result = pd.DataFrame(rows, columns=PROVISION_COLUMNS)
    result["paragraph"] = result["paragraph"].astype("Int64")
    return result


def provision_long(provisions: pd.DataFrame, checklist: Checklist, lang: str = "en") -> pd.DataFrame:
    """The per-provision counts as one row per (provision, answer), for stacked bars; `order` keeps the
    checklist order of provisions and the yes -> unknown -> no answer order of answers."""
    labels = {a: _choice_label(checklist, "status", a, lang) for a in ANSWERS}
    labels["no_answer"] = report_texts(lang)["answers"]["no_answer"]
    rows = [{"provision": row.provision, "citation": row.citation, "position": i, "answer": answer,
             "answer_label": labels[answer], "order": j, "states": int(getattr(row, answer))}
            for i, row in enumerate(provisions.itertuples())
            for j, answer in enumerate([*ANSWERS, "no_answer"])]
    return pd.DataFrame(rows, columns=["provision", "citation", "position", "answer", "answer_label", "order",
                                       "states"])


# Technical assistance ---------------------------------------------------------------------------------------
TA_COLUMNS = ["state", "region", "provision", "citation", "instrument", "article", "level", "category",
              "category_label", "priority", "priority_label"]


def _follow_up_rows(frame: pd.DataFrame, statuses: Mapping[str, str], regions: Mapping[str, str],
                    checklist: Checklist, values: Values | None, key: str, instrument: str | None,
                    article: int | None, level: str | None,
                    region: str | None) -> tuple[pd.DataFrame, Values]:
    """The responding States' live answers to `<provision>_<key>` questions of the selected provisions."""
    values = values_from_frame(frame, checklist) if values is None else values
    wanted = {provision_key(q) for q in status_questions(checklist, instrument, article, level)}
    ids = {q.id for q in checklist.questions if q.id.endswith(f"_{key}") and provision_key(q) in wanted}
    states = responding_states(statuses, regions, region)
    return relevant_answers(frame[frame["question_id"].isin(ids)], values, checklist, states), values


def ta_requests(frame: pd.DataFrame, statuses: Mapping[str, str], regions: Mapping[str, str],
                checklist: Checklist, values: Values | None = None, lang: str = "en", *,
                instrument: str | None = None, article: int | None = None, level: str | None = None,
                region: str | None = None) -> pd.DataFrame:
    """Tidy: one row per (State, provision, kind of assistance) requested, with the priority the State gave to
    that provision's assistance ('' when not given). 'No assistance needed' is not a request."""
    needed, values = _follow_up_rows(frame, statuses, regions, checklist, values, "ta_needed", instrument,
                                     article, level, region)
    questions = checklist.by_id()
    missing = report_texts(lang)["priority_missing"]
    rows = []
    for state, qid, raw in zip(needed["state"], needed["question_id"], needed["value"], strict=True):
        q = questions[qid]
        provision = provision_key(q)
        priority_q = questions.get(f"{provision}_ta_priority")
        priority = ""
        if priority_q is not None and priority_q.is_relevant(values.get(state, {})):
            given = values.get(state, {}).get(priority_q.id)
            priority = given if isinstance(given, str) else ""
        priority_label = missing
        if priority and priority_q is not None:
            priority_label = _choice_label(checklist, priority_q.choices, priority, lang)
        assert q.ref is not None
        for code in _codes(raw):
            rows.append({"state": state, "region": _region(regions, state), "provision": provision,
                         "citation": citation(q, lang), "instrument": q.ref.instrument,
                         "article": q.ref.article, "level": q.level, "category": code,
                         "category_label": _choice_label(checklist, q.choices, code, lang),
                         "priority": priority, "priority_label": priority_label})
    return pd.DataFrame(rows, columns=TA_COLUMNS)


def _category_order(checklist: Checklist, name: str) -> dict[str, int]:
    if name not in checklist.choices:
        return {}
    return {code: i for i, code in enumerate(checklist.choices[name].codes())}


def ta_by_category(requests: pd.DataFrame, checklist: Checklist | None = None) -> pd.DataFrame:
    """Kinds of assistance ranked by number of distinct States, then requests, then high-priority requests."""
    columns = ["rank", "category", "category_label", "states", "requests", *PRIORITIES, "unspecified"]
    if requests.empty:
        return pd.DataFrame(columns=columns)
    order = _category_order(checklist, "ta") if checklist else {}
    rows = []
    for category, group in requests.groupby("category", sort=False):
        priority = Counter(group["priority"])
        rows.append({"category": category, "category_label": group["category_label"].iloc[0],
                     "states": group["state"].nunique(), "requests": len(group),
                     **{p: priority.get(p, 0) for p in PRIORITIES}, "unspecified": priority.get("", 0),
                     "_order": order.get(category, len(order))})
    result = pd.DataFrame(rows).sort_values(["states", "requests", "high", "_order"],
                                            ascending=[False, False, False, True], kind="stable")
    result.insert(0, "rank", range(1, len(result) + 1))
    return result.drop(columns="_order").reset_index(drop=True)[columns]


def ta_by_priority(requests: pd.DataFrame, checklist: Checklist | None = None) -> pd.DataFrame:
    """Requests per (kind of assistance, priority), long, for stacked bars; categories keep their rank."""
    columns = ["category", "category_label", "priority", "priority_label", "requests", "rank"]
    if requests.empty:
        return pd.DataFrame(columns=columns)
    ranked = ta_by_category(requests, checklist)
    rank = dict(zip(ranked["category"], ranked["rank"], strict=True))
    grouped = (requests.groupby(["category", "category_label", "priority", "priority_label"], sort=False)
               .size().reset_index(name="requests"))
    grouped["rank"] = grouped["category"].map(rank)
    priority_order = {p: i for i, p in enumerate([*PRIORITIES, ""])}
    grouped["_p"] = grouped["priority"].map(priority_order)
    return grouped.sort_values(["rank", "_p"]).drop(columns="_p").reset_index(drop=True)[columns]


def ta_by_provision(requests: pd.DataFrame, checklist: Checklist) -> pd.DataFrame:
    """Provisions ranked by number of States requesting any assistance for them."""
    columns = ["provision", "citation", "states", "requests", "high"]
    if requests.empty:
        return pd.DataFrame(columns=columns)
    order = {provision_key(q): i for i, q in enumerate(status_questions(checklist))}
    rows = [{"provision": p, "citation": g["citation"].iloc[0], "states": g["state"].nunique(),
             "requests": len(g), "high": int((g["priority"] == "high").sum()),
             "_order": order.get(p, len(order))}
            for p, g in requests.groupby("provision", sort=False)]
    return (pd.DataFrame(rows).sort_values(["states", "requests", "_order"], ascending=[False, False, True])
            .drop(columns="_order").reset_index(drop=True)[columns])


def ta_matrix(requests: pd.DataFrame, checklist: Checklist) -> pd.DataFrame:
    """Provision x kind of assistance: number of States (rows: provisions in checklist order, by citation;
    columns: kinds of assistance in ranking order, by label). Only provisions and kinds with a request."""
    if requests.empty:
        return pd.DataFrame()
    ranked = ta_by_category(requests, checklist)
    order = {provision_key(q): i for i, q in enumerate(status_questions(checklist))}
    provisions = sorted(requests["provision"].unique(), key=lambda p: order.get(p, len(order)))
    citations = dict(zip(requests["provision"], requests["citation"], strict=True))
    matrix = (requests.groupby(["provision", "category"])["state"].nunique().unstack(fill_value=0)
              .reindex(index=provisions, columns=list(ranked["category"]), fill_value=0))
    matrix.index = [citations[p] for p in matrix.index]
    matrix.columns = list(ranked["category_label"])
    matrix.index.name, matrix.columns.name = "provision", "category"
    return matrix.astype(int)


def ta_matrix_long(matrix: pd.DataFrame) -> pd.DataFrame:
    """The matrix as (provision, category, states, row, column) rows, zeros included, for a heat map."""
    if matrix.empty:
        return pd.DataFrame(columns=["provision", "category", "states", "row", "column"])
    long = matrix.reset_index().melt(id_vars="provision", var_name="category", value_name="states")
    long["row"] = long["provision"].map({p: i for i, p in enumerate(matrix.index)})
    long["column"] = long["category"].map({c: i for i, c in enumerate(matrix.columns)})
    return long


# Challenges -------------------------------------------------------------------------------------------------
def challenges(frame: pd.DataFrame, statuses: Mapping[str, str], regions: Mapping[str, str],
               checklist: Checklist, values: Values | None = None, lang: str = "en", *,
               instrument: str | None = None, article: int | None = None, level: str | None = None,
               region: str | None = None) -> pd.DataFrame:
    """Challenges ranked by number of responding States naming them (for any provision); `provisions` counts
    (State, provision) mentions. 'No particular challenge' is not a challenge."""
    columns = ["rank", "challenge", "label", "states", "provisions"]
    rows, _ = _follow_up_rows(frame, statuses, regions, checklist, values, "challenges", instrument, article,
                              level, region)
    questions = checklist.by_id()
    found: dict[str, tuple[set[str], int, str]] = {}
    for state, qid, raw in zip(rows["state"], rows["question_id"], rows["value"], strict=True):
        for code in _codes(raw):
            label = _choice_label(checklist, questions[qid].choices, code, lang)
            states, mentions, _ = found.get(code, (set(), 0, label))
            found[code] = (states | {state}, mentions + 1, label)
    if not found:
        return pd.DataFrame(columns=columns)
    order = _category_order(checklist, "challenges")
    result = pd.DataFrame([{"challenge": c, "label": label, "states": len(s), "provisions": n,
                            "_order": order.get(c, len(order))} for c, (s, n, label) in found.items()])
    result = result.sort_values(["states", "provisions", "_order"], ascending=[False, False, True])
    result.insert(0, "rank", range(1, len(result) + 1))
    return result.drop(columns="_order").reset_index(drop=True)[columns]


# Good practices ---------------------------------------------------------------------------------------------
PRACTICE_COLUMNS = ["title", "state", "cycle", "provision", "citation", "question_id", "text", "lang"]


def good_practices(practices: pd.DataFrame, checklist: Checklist, lang: str = "en") -> pd.DataFrame:
    """The shared good practices (consented, not withdrawn) with the provision they illustrate."""
    if practices is None or practices.empty:
        return pd.DataFrame(columns=PRACTICE_COLUMNS)
    questions = checklist.by_id()
    order = {q.id: i for i, q in enumerate(checklist.questions)}
    rows = []
    for row in practices.itertuples():
        q = questions.get(row.question_id)
        rows.append({"title": row.title, "state": row.state, "cycle": row.cycle,
                     "provision": provision_key(q) if q else row.question_id,
                     "citation": citation(q, lang) if q else row.question_id, "question_id": row.question_id,
                     "text": row.text, "lang": getattr(row, "lang", ""),
                     "_order": order.get(row.question_id, len(order))})
    return (pd.DataFrame(rows).sort_values(["_order", "state"], kind="stable").drop(columns="_order")
            .reset_index(drop=True)[PRACTICE_COLUMNS])


# Everything at once -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Findings:
    """All findings of one cycle in one language, optionally limited to a region and some provisions."""

    cycle: str
    lang: str
    filters: dict[str, Any]
    summary: ResponseSummary
    statuses: pd.DataFrame  # status, label, states
    completion: pd.DataFrame  # per State (COMPLETION_COLUMNS)
    completion_by_region: pd.DataFrame
    provisions: pd.DataFrame  # per provision (PROVISION_COLUMNS)
    provisions_long: pd.DataFrame  # per (provision, answer), for stacked bars
    ta_requests: pd.DataFrame  # tidy (TA_COLUMNS)
    ta_by_category: pd.DataFrame
    ta_by_priority: pd.DataFrame
    ta_by_provision: pd.DataFrame
    ta_matrix: pd.DataFrame  # provision citation x kind of assistance label -> States
    challenges: pd.DataFrame
    practices: pd.DataFrame

    @property
    def responding(self) -> int:
        return len(self.summary.responding)

    @property
    def ta_states(self) -> int:
        """Responding States that asked for any technical assistance."""
        return int(self.ta_requests["state"].nunique()) if len(self.ta_requests) else 0

    @property
    def ta_high(self) -> int:
        return int((self.ta_requests["priority"] == "high").sum()) if len(self.ta_requests) else 0

    @property
    def mean_completion(self) -> float:
        """Mean completion of the responding States."""
        known = self.completion.loc[self.completion["responding"], "completion"].dropna()
        return float(known.mean()) if len(known) else float("nan")


def analyse(frame: pd.DataFrame, statuses: Mapping[str, str], regions: Mapping[str, str],
            checklist: Checklist, values: Values | None = None, practices: pd.DataFrame | None = None,
            lang: str = "en",
            cycle: str = "", *, instrument: str | None = None, article: int | None = None,
            level: str | None = None, region: str | None = None) -> Findings:
    values = values_from_frame(frame, checklist) if values is None else values
    selection = {"instrument": instrument, "article": article, "level": level, "region": region}
    summary = response_summary(statuses, regions, region)
    per_state = completion(values, statuses, regions, checklist)
    if region is not None:
        per_state = per_state[per_state["region"] == region].reset_index(drop=True)
    provisions = provision_findings(frame, statuses, regions, checklist, values, lang, **selection)
    requests = ta_requests(frame, statuses, regions, checklist, values, lang, **selection)
    return Findings(
        cycle=cycle, lang=lang, filters={k: v for k, v in selection.items() if v is not None},
        summary=summary, statuses=summary.frame(lang), completion=per_state,
        completion_by_region=completion_by_region(per_state), provisions=provisions,
        provisions_long=provision_long(provisions, checklist, lang), ta_requests=requests,
        ta_by_category=ta_by_category(requests, checklist),
        ta_by_priority=ta_by_priority(requests, checklist),
        ta_by_provision=ta_by_provision(requests, checklist), ta_matrix=ta_matrix(requests, checklist),
        challenges=challenges(frame, statuses, regions, checklist, values, lang, **selection),
        practices=_select_practices(good_practices(practices if practices is not None else pd.DataFrame(),
                                                   checklist, lang), provisions, regions, region),
    )


def _select_practices(practices: pd.DataFrame, provisions: pd.DataFrame, regions: Mapping[str, str],
                      region: str | None) -> pd.DataFrame:
    """The good practices within the same selection of provisions and region as the other findings."""
    keep = practices["provision"].isin(set(provisions["provision"]))
    if region is not None:
        keep &= practices["state"].map(lambda s: _region(regions, s) == region).astype(bool)
    return practices[keep].reset_index(drop=True)
