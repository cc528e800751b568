"""What one signed-in person can see and do. The app and the command line go through here, so the same policy
(assistant.access.policy) holds everywhere: a State's people never reach another State's data, reviewers read
submitted responses only, and a submitted response cannot change."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.access.actor import ADMIN, CONTRIBUTOR, FOCAL_POINT, REVIEWER, Actor
from assistant.access.policy import (
    VISIBLE_TO_REVIEWERS,
    Forbidden,
    can_administer,
    can_assign,
    can_comment,
    can_manage_account,
    can_mark_practice,
    can_read_response,
    can_review,
    can_set_consent,
    can_write_answer,
    transition,
)
from assistant.accounts.service import Account
from assistant.checklist.models import Question
from assistant.sanitize import MessageError, clean_message
from assistant.service import Omnibus
from assistant.store.answers import Answer, StateStore, aware, normalise_state
from assistant.store.export import answers_frame
from assistant.store.imports import parse_value, unneutralise
from assistant.store.schema import AuditEvent
from assistant.workflow.assignments import Section
from assistant.workflow.cycles import CycleInfo
from assistant.workflow.practices import Practice
from assistant.workflow.responses import Comment, Event

if TYPE_CHECKING:
    from assistant.dialogue.engine import Dialogue


@dataclass(frozen=True)
class Contribution:
    username: str
    answers: int
    questions: int


class Workspace:
    def __init__(self, core: Omnibus, actor: Actor, cycle: str | None = None):
        self.core = core
        self.actor = actor
        self._cycle = cycle

    # context ---------------------------------------------------------------------------------------------
    @property
    def cycle(self) -> str:
        if self._cycle is None:
            self._cycle = self.core.cycles.current().id
        return self._cycle

    def cycle_info(self) -> CycleInfo | None:
        return self.core.cycles.get(self.cycle)

    def cycle_open(self) -> bool:
        info = self.cycle_info()
        return info is None or info.open

    def status(self, state: str) -> str:
        return self.core.responses.status(normalise_state(state), self.cycle)

    def readable_states(self) -> list[str]:
        """States whose response in this cycle the actor may open."""
        if self.actor.role in (FOCAL_POINT, CONTRIBUTOR):
            return [self.actor.state] if self.actor.state else []
        if self.actor.role == ADMIN:
            states = set(self.core.registry.regions()) | set(self.core.responses.statuses(self.cycle))
            return sorted(states)
        if self.actor.role == REVIEWER:
            return [s for s, status in self.core.responses.statuses(self.cycle).items()
                    if status in VISIBLE_TO_REVIEWERS]
        return []

    def _check_read(self, state: str) -> str:
        state = normalise_state(state)
        can_read_response(self.actor, state, self.status(state))
        return state

    # answering -------------------------------------------------------------------------------------------
    def scope(self, state: str) -> list[Section] | None:
        """The contributor's sections (None: the whole checklist)."""
        if self.actor.role != CONTRIBUTOR:
            return None
        return self.core.assignments.sections(state, self.actor.username)

    def _in_scope(self, state: str, question_id: str) -> bool:
        sections = self.scope(state)
        if sections is None:
            return True
        q = self.core.checklist.by_id().get(question_id)
        return q is not None and any(s.covers(q) for s in sections)

    def _guard(self, state: str):  # type: ignore[no-untyped-def]
        def guard(question_id: str) -> None:
            can_write_answer(self.actor, state, self.status(state), self._in_scope(state, question_id),
                             self.cycle_open())
        return guard

    def store(self, state: str) -> StateStore:
        state = self._check_read(state)
        return self.core.store(state, self.cycle, self._guard(state))

    def previous_answers(self, state: str) -> tuple[str, dict[str, Answer]] | None:
        info = self.cycle_info()
        if info is None or not info.prefill_from:
            return None
        return info.prefill_from, self.core.store(state, info.prefill_from).current()

    def dialogue(self, state: str, lang: str = "en") -> Dialogue:
        state = self._check_read(state)
        sections = self.scope(state)

        def in_scope(q: Question) -> bool:
            return sections is None or any(s.covers(q) for s in sections)

        return self.core.dialogue(state, self.actor.username, lang, cycle=self.cycle, guard=self._guard(state),
                                  scope=None if sections is None else in_scope,
                                  previous=self.previous_answers(state), display_name=self.actor.label)

    def edit(self, state: str, question_id: str, value: Any, text: str = "", references: list[str] | None = None,
             lang: str = "en", channel: str = "form") -> Answer:
        """An answer typed in the review form (channel "form") or imported from a file ("import"); validated
        against the question's type and allowed codes."""
        text = self._check_answer(question_id, value, text)
        return self.store(state).record(question_id, value, respondent=self.actor.username, text=text,
                                        references=references or [], lang=lang, channel=channel)

    def _check_answer(self, question_id: str, value: Any, text: str) -> str:
        """ValueError unless the value fits the question; returns the cleaned text."""
        q = self.core.checklist.by_id().get(question_id)
        if q is None:
            raise ValueError(f"No question {question_id!r}.")
        if text:
            try:
                text, _ = clean_message(text, self.core.settings.max_message_chars)
            except MessageError as exc:
                raise ValueError(exc.key) from exc
        if q.choices:
            allowed = self.core.checklist.choices[q.choices].codes()
            codes = value if isinstance(value, list) else [value]
            if any(c not in allowed for c in codes if c is not None):
                raise ValueError(f"{value!r} is not an allowed answer to {question_id}.")
        if q.type == "integer" and value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                                           or value < 0):
            raise ValueError(f"{question_id} takes a whole number (or nothing for unknown), not {value!r}.")
        if q.type == "text" and (not isinstance(value, str) or not value.strip()):
            raise ValueError(f"{question_id} takes a text answer.")
        return text

    def import_answers(self, state: str, rows: list[dict[str, Any]], lang: str = "en") -> dict[str, Any]:
        """Answers prepared offline, one row per answer with `question_id` and `value` in the export's format
        (choice codes, ';' between several, numbers as digits) and optionally `text`. Every row is checked
        first; nothing is recorded unless all rows are valid. Recorded with channel "import"."""
        state = normalise_state(state)
        self._check_read(state)
        questions = self.core.checklist.by_id()
        parsed, errors = [], []
        status, cycle_open = self.status(state), self.cycle_open()  # the same for every row: read once
        for number, row in enumerate(rows, start=2):  # row 1 is the header
            qid = str(row.get("question_id") or "").strip()
            q = questions.get(qid)
            if q is None:
                errors.append(f"row {number}: unknown question_id {qid!r}")
                continue
            text = unneutralise(row.get("text"))
            try:
                value = parse_value(q, row.get("value"))
                text = self._check_answer(qid, value, text)
                can_write_answer(self.actor, state, status, self._in_scope(state, qid), cycle_open)
            except (ValueError, Forbidden) as exc:
                errors.append(f"row {number}: {exc}")
                continue
            parsed.append((qid, value, text))
        if errors:
            return {"imported": 0, "errors": errors}
        for qid, value, text in parsed:
            self.edit(state, qid, value, text=text, lang=lang, channel="import")
        return {"imported": len(parsed), "errors": []}

    def history(self, state: str, question_id: str) -> list[Answer]:
        return self.store(state).history(question_id)

    def answers(self, state: str) -> dict[str, Answer]:
        return self.store(state).current()

    def frame(self, state: str | None = None, history: bool = False, lang: str = "en") -> pd.DataFrame:
        """The answers as a table: one State, or (Secretariat) every State the actor may read."""
        if state is not None:
            state = self._check_read(state)
            return answers_frame(self.core.engine, self.core.checklist, state=state, history=history, lang=lang,
                                 cycle=self.cycle)
        if self.actor.role not in (ADMIN, REVIEWER):
            if not self.actor.state:
                raise Forbidden("You can only see your own State's response.", "forbidden_own_state")
            return self.frame(self.actor.state, history, lang)
        return answers_frame(self.core.engine, self.core.checklist, history=history, lang=lang, cycle=self.cycle,
                             states=self.readable_states())

    # workflow --------------------------------------------------------------------------------------------
    def _move(self, action: str, state: str, note: str) -> str:
        state = normalise_state(state)
        target = transition(self.actor, action, state, self.status(state))
        self.core.responses.record(state, self.cycle, target, self.actor.username, note.strip()[:5000])
        return target

    def submit(self, state: str, note: str = "") -> str:
        return self._move("submit", state, note)

    def return_response(self, state: str, note: str = "", comments: dict[str, str] | None = None) -> str:
        """Back to the State, with comments attached to questions."""
        state = normalise_state(state)
        transition(self.actor, "return", state, self.status(state))  # check before writing comments
        for question_id, text in (comments or {}).items():
            self.comment(state, text, question_id)
        return self._move("return", state, note)

    def accept(self, state: str, note: str = "") -> str:
        return self._move("accept", state, note)

    def events(self, state: str) -> list[Event]:
        state = self._check_read(state)
        return self.core.responses.events(state, self.cycle)

    def comment(self, state: str, text: str, question_id: str | None = None) -> Comment:
        state = normalise_state(state)
        can_comment(self.actor, state, self.status(state))
        try:
            text, _ = clean_message(text, 5000)
        except MessageError as exc:
            raise ValueError("A comment cannot be empty or longer than 5,000 characters.") from exc
        if question_id is not None and question_id not in self.core.checklist.by_id():
            raise ValueError(f"No question {question_id!r}.")
        return self.core.responses.comment(state, self.cycle, self.actor.username, self.actor.role, text,
                                           question_id)

    def comments(self, state: str) -> list[Comment]:
        state = self._check_read(state)
        return self.core.responses.comments(state, self.cycle)

    # good practices ----------------------------------------------------------------------------------------
    def mark_practice(self, state: str, question_id: str, title: str, consent: bool, text: str = "") -> Practice:
        """Mark an answer as a good practice (the answer's own words unless `text` summarises it). With the
        State's consent it is offered to other States next to the provision, cited "<State>, cycle <id>"."""
        state = normalise_state(state)
        can_mark_practice(self.actor, state, self.status(state))
        answer = self.core.store(state, self.cycle).current().get(question_id)
        if answer is None:
            raise ValueError(f"{state} has not answered {question_id} in cycle {self.cycle}.")
        try:
            title, _ = clean_message(title, 200)
            text, _ = clean_message(text or answer.text or str(answer.value), 5000)
        except MessageError as exc:
            raise ValueError("A good practice needs a title (up to 200 characters) and a text.") from exc
        return self.core.practices.mark(self.actor.username, state, self.cycle, question_id, title, text,
                                        answer.lang, consent)

    def set_practice_consent(self, practice_id: int, consent: bool) -> Practice:
        practice = self._practice(practice_id)
        can_set_consent(self.actor, practice.state)
        return self.core.practices.set_consent(self.actor.username, practice_id, consent)

    def withdraw_practice(self, practice_id: int) -> Practice:
        practice = self._practice(practice_id)
        can_set_consent(self.actor, practice.state)
        return self.core.practices.withdraw(self.actor.username, practice_id)

    def practices(self, state: str | None = None) -> list[Practice]:
        """The Secretariat: every practice of the cycle; a State: its own."""
        if self.actor.role in (ADMIN, REVIEWER):
            return self.core.practices.list(self.cycle, normalise_state(state) if state else None)
        if self.actor.role == FOCAL_POINT and self.actor.state:
            return self.core.practices.list(None, self.actor.state)
        raise Forbidden("Only the Secretariat and focal points see marked practices.", "forbidden_role")

    def _practice(self, practice_id: int) -> Practice:
        practice = self.core.practices.get(practice_id)
        if practice is None:
            raise ValueError(f"No good practice {practice_id}.")
        return practice

    # the State's team ------------------------------------------------------------------------------------
    def assign(self, state: str, username: str, section: str | Section) -> None:
        state = normalise_state(state)
        can_assign(self.actor, state)
        account = self.core.accounts.get(username)
        if account is None or account.role != CONTRIBUTOR or account.state != state:
            raise ValueError(f"{username!r} is not a contributor of {state}.")
        parsed = section if isinstance(section, Section) else Section.parse(section)
        self.core.assignments.assign(self.actor.username, state, account.username, parsed)

    def revoke(self, state: str, username: str, section: str | Section) -> bool:
        state = normalise_state(state)
        can_assign(self.actor, state)
        parsed = section if isinstance(section, Section) else Section.parse(section)
        return self.core.assignments.revoke(self.actor.username, state, username.strip().lower(), parsed)

    def assignments(self, state: str) -> dict[str, list[Section]]:
        state = self._check_read(state)
        result: dict[str, list[Section]] = {}
        for given in self.core.assignments.active(state):
            result.setdefault(given.username, []).append(given.section)
        return result

    def contributions(self, state: str) -> list[Contribution]:
        """Who answered what in this cycle: revisions written and questions answered (current answers)."""
        store = self.store(state)
        written = Counter(a.respondent for a in store.revisions())
        current = Counter(a.respondent for a in store.current().values())
        return [Contribution(u, written[u], current.get(u, 0)) for u in sorted(written)]

    # accounts ---------------------------------------------------------------------------------------------
    def accounts(self) -> list[Account]:
        if self.actor.role not in (ADMIN, FOCAL_POINT):
            raise Forbidden("Only administrators and focal points manage accounts.", "forbidden_role")
        return self.core.accounts.list(self.actor)

    def create_account(self, username: str, password: str, role: str, state: str | None = None,
                       display_name: str = "", organisation: str = "") -> Account:
        if state is None and role in (FOCAL_POINT, CONTRIBUTOR) and self.actor.role == FOCAL_POINT:
            state = self.actor.state  # a focal point's new accounts belong to its State
        return self.core.accounts.create(self.actor, username, password, role, state, display_name, organisation)

    def set_active(self, username: str, active: bool) -> None:
        self.core.accounts.set_active(self.actor, username, active)

    def reset_password(self, username: str, password: str) -> None:
        self.core.accounts.reset_password(self.actor, username, password)

    # administration ---------------------------------------------------------------------------------------
    def add_state(self, code: str, region: str = "") -> str:
        can_administer(self.actor)
        return self.core.registry.add(self.actor.username, code, region)

    def open_cycle(self, cycle_id: str, title: str = "", prefill_from: str | None = None) -> CycleInfo:
        can_administer(self.actor)
        return self.core.cycles.create(self.actor.username, cycle_id, title, prefill_from)

    def close_cycle(self, cycle_id: str) -> None:
        can_administer(self.actor)
        self.core.cycles.close(self.actor.username, cycle_id)

    def audit_log(self, limit: int = 500) -> list[dict[str, Any]]:
        """Account, State, cycle and assignment changes, newest first."""
        can_administer(self.actor)
        with Session(self.core.engine) as session:
            return [{"at": aware(e.at), "actor": e.actor, "action": e.action, "state": e.state or "",
                     "target": e.target, "detail": e.detail}
                    for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit))]

    def search_answers(self, query: str, k: int = 10) -> list[Any]:
        """The Secretariat's search across the answers it may read in this cycle, in any language."""
        can_review(self.actor)
        return self.core.answer_search.search(query, self.readable_states(), self.cycle, k)

    def data_version(self) -> tuple[Any, ...]:
        """Changes whenever anything the Secretariat's analysis reads changes (answers, statuses, registered
        States, practices): pages cache the loaded cycle against it."""
        from assistant.store.schema import AnswerRevision, RegisteredState, ResponseEvent

        with Session(self.core.engine) as session:
            answers = session.execute(select(func.count(AnswerRevision.id), func.max(AnswerRevision.id))).one()
            events = session.scalar(select(func.max(ResponseEvent.id)))
            states = session.execute(select(func.count(RegisteredState.code),
                                            func.max(RegisteredState.region))).one()
        return (self.cycle, tuple(answers), events, tuple(states), self.core.practices.marker())

    def check_review(self) -> None:
        can_review(self.actor)

    def check_manage(self, role: str, state: str | None) -> None:
        can_manage_account(self.actor, role, state)
