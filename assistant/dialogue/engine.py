"""The conversation: one question at a time, skip logic, commands, side questions, and every answer stored at once.

The dialogue's own position (the question awaited, skipped questions, correction mode) is saved in the payload of
each assistant turn, so a refresh, a second tab or a server restart resumes exactly where it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from assistant.checklist.models import Checklist, Question
from assistant.dialogue.turns import AssistantTurn
from assistant.i18n import Messages
from assistant.retrieval.retriever import Hit, Retriever
from assistant.sanitize import MessageError, clean_message, md_escape
from assistant.states import state_label
from assistant.store.answers import Answer, StateStore
from assistant.understanding.choices import extract_integer, match_choices
from assistant.understanding.interpreter import Interpretation, Interpreter

log = logging.getLogger(__name__)

SideAnswerer = Callable[[str, list[Hit], str], str]


class Dialogue:
    def __init__(
        self,
        checklist: Checklist,
        store: StateStore,
        respondent: str,
        lang: str,
        interpreter: Interpreter,
        retriever: Callable[[], Retriever | None] | None = None,
        side_answerer: SideAnswerer | None = None,
        max_chars: int = 10_000,
        extractor: Callable[..., tuple[Any, list[str]]] | None = None,
        scope: Callable[[Question], bool] | None = None,
        previous: tuple[str, dict[str, Answer]] | None = None,
        display_name: str = "",
    ):
        self.checklist = checklist
        self.questions = checklist.by_id()
        self.store = store
        self.respondent = (respondent or "").strip()[:200] or "anonymous"
        self.display_name = (display_name or "").strip()[:200] or self.respondent
        self.lang = lang
        self.msg = Messages(lang)
        self.interpreter = interpreter
        self._retriever = retriever
        self.side_answerer = side_answerer
        self.extractor = extractor
        self._applicable_cache: tuple[dict[str, Any], list[Question]] | None = None
        self.max_chars = max_chars
        # a contributor is walked through the sections assigned to them only
        self.scope = scope
        # (cycle id, its answers): a new cycle that starts from an earlier one offers each earlier answer
        self.previous_cycle, self.previous = previous if previous else ("", {})
        self.carry_declined: list[str] = []
        self.current: str | None = None
        self.mode = "normal"  # normal | back | skipped
        self.deferred: list[str] = []
        # an answer read with doubt (conflicting cues, or proposed by the LLM) waits for a yes before it is recorded
        self.pending: dict[str, Any] | None = None
        self._resume()

    # state ---------------------------------------------------------------------------------------------------
    def _resume(self) -> None:
        values = self.store.values()
        last = next((t for t in reversed(self.store.turns(self.respondent, limit=20)) if t.role == "assistant"), None)
        if last is not None:
            state = last.payload.get("dialogue", {})
            self.deferred = [q for q in state.get("deferred", []) if q in self.questions and q not in values]
            self.carry_declined = [q for q in state.get("carry_declined", []) if q in self.questions]
            awaiting, mode = state.get("awaiting"), state.get("mode", "normal")
            pending = state.get("pending")
            self.pending = pending if pending and pending.get("question_id") == awaiting else None
            if awaiting in self.questions and self.questions[awaiting].is_relevant(values):
                if mode == "back" or awaiting not in values:
                    self.current, self.mode = awaiting, mode
                    return
        self.current = self._next(values)

    @property
    def state_label(self) -> str:
        return state_label(self.store.state, self.lang)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.msg = Messages(lang)

    def applicable(self, values: dict[str, Any] | None = None) -> list[Question]:
        values = self.store.values() if values is None else values
        # one turn asks this several times (next question, progress) for the same answers: compute it once
        cached = self._applicable_cache
        if cached is not None and cached[0] is values:
            return cached[1]
        result = [q for q in self.checklist.questions
                  if q.is_relevant(values) and (self.scope is None or self.scope(q))]
        self._applicable_cache = (values, result)
        return result

    def progress(self, values: dict[str, Any] | None = None) -> dict[str, int]:
        values = self.store.values() if values is None else values
        applicable = self.applicable(values)
        return {"answered": sum(1 for q in applicable if q.id in values), "total": len(applicable)}

    def _next(self, values: dict[str, Any]) -> str | None:
        pending = [q.id for q in self.applicable(values) if q.id not in values]
        if self.mode == "skipped":
            return pending[0] if pending else None
        for qid in pending:
            if qid not in self.deferred:
                return qid
        return None

    # rendering -----------------------------------------------------------------------------------------------
    def citation_of(self, q: Question) -> str:
        if q.ref is None:
            return ""
        return self.msg.citation(q.ref.instrument, q.ref.article, q.ref.paragraph)

    def _citations(self, q: Question | None) -> list[dict[str, Any]]:
        if q is None or q.ref is None:
            return []
        return [{"instrument": q.ref.instrument, "article": q.ref.article, "paragraph": q.ref.paragraph,
                 "title": "", "kind": "provision"}]

    def value_label(self, q: Question, value: Any) -> str:
        if value is None or value == []:
            return self.msg("value_unknown") if q.type == "integer" else self.msg("value_none")
        if q.choices:
            choice_list = self.checklist.choices[q.choices]
            codes = value if isinstance(value, list) else [value]
            return ", ".join(choice_list.label(c, self.lang) for c in codes)
        return md_escape(str(value)) if isinstance(value, str) else str(value)

    def ask_text(self, q: Question) -> str:
        # questions on no provision (the opening ones) have no citation to show
        lines = [self.msg("ask", citation=self.citation_of(q), question=q.prompt(self.lang)) if q.ref
                 else q.prompt(self.lang)]
        if q.type in ("select_one", "select_multiple") and q.choices:
            options = self.checklist.choices[q.choices].options
            lines.append("  \n".join(f"{i}. {o.label.get(self.lang) or o.label['en']}"
                                     for i, o in enumerate(options, 1)))
        if q.help(self.lang):
            lines.append(self.msg("hint", hint=q.help(self.lang)))
        carried = self._carried(q)
        if carried is not None:
            lines.append(self.msg("carry_offer", cycle=md_escape(self.previous_cycle),
                                  value=self.value_label(q, carried.value)))
        source = self._reusable(q) if carried is None else None
        if source is not None:
            other = self.questions[source.question_id]
            lines.append(self.msg("reuse_offer", citation=self.citation_of(other),
                                  value=self.value_label(other, source.value)))
        return "\n\n".join(lines)

    def _carried(self, q: Question) -> Answer | None:
        """The previous cycle's answer to this question, while it is unanswered in this cycle and not declined."""
        earlier = self.previous.get(q.id)
        if earlier is None or q.id in self.carry_declined or q.id in self.store.values():
            return None
        return earlier

    def _reusable(self, q: Question) -> Answer | None:
        """An answered provision that the checklist links to this one (e.g. training under several instruments)."""
        if not q.reuse or q.id in self.store.values():
            return None
        current = self.store.current()
        for other in q.reuse:
            if other in current and current[other].value is not None:
                return current[other]
        return None

    def _closing_text(self, values: dict[str, Any]) -> str:
        if self.current:
            return self.ask_text(self.questions[self.current])
        waiting = [q for q in self.deferred if q in self.questions and self.questions[q].is_relevant(values)
                   and q not in values]
        if waiting:
            return self.msg("done_skipped", count=len(waiting), ids=", ".join(waiting))
        return self.msg("done")

    def _turn(self, parts: list[str], recorded: dict[str, Any] | None = None,
              citations: list[dict[str, Any]] | None = None, persist: bool = True) -> AssistantTurn:
        values = self.store.values()
        q = self.questions.get(self.current) if self.current else None
        carried = self._carried(q) if q is not None else None
        if carried is not None and self.pending is None:
            # "still accurate?": a yes records the earlier answer (channel "carried"), a no asks afresh
            self.pending = {"question_id": q.id, "value": carried.value, "text": carried.text,  # type: ignore[union-attr]
                            "references": carried.references, "channel": "carried"}
        turn = AssistantTurn(
            text="\n\n".join(p for p in parts if p),
            question_id=self.current,
            recorded=recorded,
            citations=citations if citations is not None else self._citations(q),
            progress=self.progress(values),
        )
        if persist:
            payload = {
                "dialogue": {"awaiting": self.current, "mode": self.mode, "deferred": self.deferred,
                             "pending": self.pending, "carry_declined": self.carry_declined},
                "recorded": recorded,
                "citations": turn.citations,
            }
            self.store.add_turn(self.respondent, "assistant", turn.text, question_id=self.current,
                                payload=payload, lang=self.lang)
        return turn

    # public API ----------------------------------------------------------------------------------------------
    def opening(self) -> AssistantTurn:
        """First turn of a session: a greeting, or a welcome back with progress, then the pending question."""
        values = self.store.values()
        progress = self.progress(values)
        if progress["answered"] or self.store.turns(self.respondent, limit=1):
            intro = self.msg("resume", respondent=md_escape(self.display_name), state=self.state_label, **progress)
        else:
            intro = self.msg("greeting", respondent=md_escape(self.display_name), state=self.state_label)
        return self._turn([intro, self._closing_text(values)])

    def needs_prompt(self) -> bool:
        """True when the last stored assistant turn does not ask the question now awaited (e.g. answered elsewhere)."""
        last = next((t for t in reversed(self.store.turns(self.respondent, limit=20)) if t.role == "assistant"), None)
        return last is None or last.question_id != self.current

    def reply(self, text: str) -> AssistantTurn:
        try:
            message, stripped = clean_message(text, self.max_chars)
        except MessageError as exc:
            # Rejected input is answered but never stored.
            turn = AssistantTurn(text=self.msg(exc.key, **exc.values), question_id=self.current,
                                 progress=self.progress(), notice=exc.key)
            return turn
        self.store.add_turn(self.respondent, "user", message, question_id=self.current, lang=self.lang)
        notice = self.msg("control_chars") if stripped else ""
        try:
            return self._reply(message, notice)
        except PermissionError as exc:
            return self._refused(exc)

    def _refused(self, exc: PermissionError) -> AssistantTurn:
        """The store refused a write (response submitted, section not assigned): say why, record nothing."""
        self.pending = None
        return self._turn([self.msg("not_allowed", reason=self.msg.explain(exc))])

    def _reply(self, message: str, notice: str) -> AssistantTurn:
        interpretation = self.interpreter.interpret(message, self.lang)
        if self.pending is not None and interpretation.intent == "answer":
            confirmed = self._confirm(message, interpretation, notice)
            if confirmed is not None:
                return confirmed
        if interpretation.intent == "command":
            self.pending = None
            return self._command(interpretation, notice)
        q = self.questions.get(self.current) if self.current else None
        if interpretation.intent == "question" and (q is None or q.type == "status" or message.rstrip().endswith("?")):
            return self._side_question(message, q, notice)
        if q is None:
            return self._turn([notice, self._closing_text(self.store.values())])
        return self._answer(q, message, interpretation, notice)

    def command(self, name: str) -> AssistantTurn:
        """Buttons call commands directly: skip, back, pause, why, continue."""
        self.store.add_turn(self.respondent, "user", f"/{name}", question_id=self.current, lang=self.lang,
                            payload={"command": name})
        try:
            return self._command(Interpretation("command", command=name), "")
        except PermissionError as exc:
            return self._refused(exc)

    # answers -------------------------------------------------------------------------------------------------
    def _confirm(self, message: str, interp: Interpretation, notice: str) -> AssistantTurn | None:
        """Answer to "Is that right?": a short yes records the pending answer, a short no asks again;
        anything else is taken as a fresh answer (returns None)."""
        pending, self.pending = self.pending, None
        assert pending is not None
        short = len(message.split()) <= 4
        q = self.questions.get(pending["question_id"])
        if q is None or not short or interp.value not in ("yes", "no"):
            return None
        if interp.value == "no":
            if pending.get("channel") == "carried":
                self.carry_declined.append(q.id)
                return self._turn([notice, self.msg("carry_declined"), self.ask_text(q)])
            return self._turn([notice, self.msg("clarify_status") if q.type == "status" else self.ask_text(q)])
        return self._record_and_continue(q, pending["value"], pending["text"],
                                         Interpretation("answer", value=pending["value"],
                                                        references=pending.get("references", [])), notice,
                                         channel=pending.get("channel", "chat"))

    def _propose(self, q: Question, value: Any, message: str, references: list[str], notice: str,
                 channel: str, note: str = "") -> AssistantTurn:
        self.pending = {"question_id": q.id, "value": value, "text": message, "references": references,
                        "channel": channel}
        return self._turn([notice, self.msg("confirm_value", value=self.value_label(q, value)) + note])

    def _unread(self, q: Question, message: str, interp: Interpretation, notice: str,
                clarify: str) -> AssistantTurn:
        """The offline reader found no value: the optional LLM may propose one (shown for confirmation), else a
        clarifying question, saying so when the LLM was tried and failed."""
        if self.extractor is not None:
            try:
                value, references = self.extractor(q, self.checklist, message, self.lang)
            except Exception:  # noqa: BLE001 - any LLM failure falls back to a clarifying question
                log.warning("LLM extraction failed; asking the user instead", exc_info=True)
                notice = (notice + " " + self.msg("llm_extract_fallback")).strip()
            else:
                return self._propose(q, value, message, references or interp.references, notice, "llm",
                                     " " + self.msg("llm_suggested"))
        return self._turn([notice, clarify])

    def _answer(self, q: Question, message: str, interp: Interpretation, notice: str) -> AssistantTurn:
        value: Any
        if q.type == "status":
            if interp.value is None:
                return self._unread(q, message, interp, notice, self.msg("clarify_status"))
            if interp.uncertain:
                return self._propose(q, interp.value, message, interp.references, notice, "chat")
            value = interp.value
        elif q.type == "text":
            value = message
        elif q.type == "integer":
            number = extract_integer(message)
            if number is None and interp.value != "unknown":
                return self._unread(q, message, interp, notice, self.msg("clarify_integer"))
            value = number
        else:
            codes = match_choices(message, self.checklist.choices[q.choices or ""])
            options = ", ".join(o.label.get(self.lang) or o.label["en"]
                                for o in self.checklist.choices[q.choices or ""].options)
            if not codes:
                return self._unread(q, message, interp, notice, self.msg("clarify_choice", options=options))
            if q.type == "select_one":
                if len(codes) != 1:
                    return self._turn([notice, self.msg("clarify_one", options=options)])
                value = codes[0]
            else:
                value = codes
        return self._record_and_continue(q, value, message, interp, notice)

    def _record_and_continue(self, q: Question, value: Any, message: str, interp: Interpretation, notice: str,
                             channel: str = "chat") -> AssistantTurn:
        answer = self.store.record(q.id, value, respondent=self.respondent, text=message,
                                   references=interp.references, lang=self.lang, channel=channel)
        parts = [notice, self._recorded_text(q, answer)]
        derived = self._derive_law(q, interp.references, message)
        if derived:
            parts.append(self.msg("recorded_derived"))
        parts.append(self.msg("correct_hint"))
        self.mode = "normal" if self.mode == "back" else self.mode
        values = self.store.values()
        self.current = self._next(values)
        if self.mode == "skipped" and self.current is None:
            self.mode, self.deferred = "normal", []
        parts.append(self._closing_text(values))
        recorded = {"question_id": q.id, "value": answer.value, "text": answer.text}
        return self._turn(parts, recorded=recorded)

    def _recorded_text(self, q: Question, answer: Answer) -> str:
        value = self.value_label(q, answer.value)
        text = (self.msg("recorded", citation=self.citation_of(q), value=value) if q.ref
                else self.msg("recorded_general", value=value))
        if answer.references and q.type == "status":
            text += " " + self.msg("recorded_refs", references="; ".join(md_escape(r) for r in answer.references))
        return text

    def _derive_law(self, q: Question, references: list[str], message: str) -> bool:
        """A status reply that already cites the law answers the 'cite the law' follow-up: don't ask twice."""
        if q.type != "status" or not references or not q.id.endswith("_status"):
            return False
        law_id = q.id[: -len("_status")] + "_law"
        law = self.questions.get(law_id)
        values = self.store.values()
        if law is None or law_id in values or not law.is_relevant(values):
            return False
        self.store.record(law_id, "; ".join(references), respondent=self.respondent, text=message,
                          references=references, lang=self.lang, channel="derived")
        return True

    # commands ------------------------------------------------------------------------------------------------
    def _command(self, interp: Interpretation, notice: str) -> AssistantTurn:
        values = self.store.values()
        command = interp.command
        if command == "skip":
            if self.current is None:
                return self._turn([notice, self._closing_text(values)])
            said = self.msg("skip_answered") if self.current in values else self.msg("skipped")
            if self.current not in values and self.current not in self.deferred:
                self.deferred.append(self.current)
            self.mode = "normal" if self.mode == "back" else self.mode
            if self.mode == "skipped":
                # a second skip leaves it unanswered: go on with the other skipped ones
                remaining = [q.id for q in self.applicable(values) if q.id not in values]
                later = remaining[remaining.index(self.current) + 1:] if self.current in remaining else []
                self.current = later[0] if later else None
                if self.current is None:
                    self.mode = "normal"
            else:
                self.current = self._next(values)
            return self._turn([notice, said, self._closing_text(values)])
        if command == "back":
            target = self._previous(values)
            if target is None:
                return self._turn([notice, self.msg("back_none"), self._closing_text(values)])
            self.current, self.mode = target, "back"
            q = self.questions[target]
            return self._turn([notice, self.msg("back_to", value=self.value_label(q, values.get(target))),
                               self.ask_text(q)])
        if command == "pause":
            return self._turn([notice, self.msg("paused", answered=self.progress(values)["answered"])])
        if command == "continue":
            waiting = [q for q in self.deferred if q not in values]
            if not waiting:
                return self._turn([notice, self._closing_text(values)])
            self.mode, self.deferred = "skipped", []
            self.current = self._next(values)
            return self._turn([notice, self.msg("continue_skipped"), self._closing_text(values)])
        if command == "why":
            return self._explain(notice)
        if command == "help":
            return self._turn([notice, self.msg("help_text"), self._closing_text(values)])
        if command == "answers":
            return self._turn([notice, self._summary(values), self._closing_text(values)])
        if command == "goto":
            target = self._find_provision(interp.argument or {})
            if target is None:
                return self._turn([notice, self.msg("goto_unknown"), self._closing_text(values)])
            return self.goto(target, record_turn=False)
        if command == "language":
            lang = (interp.argument or {}).get("lang")
            if lang:
                self.set_language(lang)
            return self._turn([notice, self.msg("language_switched"), self._closing_text(values)])
        if command == "reuse":
            q = self.questions.get(self.current) if self.current else None
            source = self._reusable(q) if q else None
            if q is None or source is None:
                return self._turn([notice, self.msg("reuse_none"), self._closing_text(values)])
            return self._record_reuse(q, source, notice)
        return self._turn([notice, self._closing_text(values)])

    def _record_reuse(self, q: Question, source: Answer, notice: str) -> AssistantTurn:
        """Copy the linked provision's status (and its law, if given) as new revisions of this provision."""
        answer = self.store.record(q.id, source.value, respondent=self.respondent, text=source.text,
                                   references=source.references, lang=self.lang, channel="reuse")
        law_id = q.id.removesuffix("_status") + "_law"
        source_law = source.question_id.removesuffix("_status") + "_law"
        current = self.store.current()
        if law_id in self.questions and source_law in current and law_id not in current:
            law = current[source_law]
            self.store.record(law_id, law.value, respondent=self.respondent, text=law.text,
                              references=law.references, lang=self.lang, channel="reuse")
        parts = [notice, self._recorded_text(q, answer), self.msg("correct_hint")]
        self.mode = "normal" if self.mode == "back" else self.mode
        values = self.store.values()
        self.current = self._next(values)
        parts.append(self._closing_text(values))
        return self._turn(parts, recorded={"question_id": q.id, "value": answer.value, "text": answer.text})

    def _find_provision(self, argument: dict[str, Any]) -> str | None:
        """The first status question of an article (and paragraph), in the named or the current instrument."""
        article, paragraph = argument.get("article"), argument.get("paragraph")
        current = self.questions.get(self.current) if self.current else None
        default = current.ref.instrument if current and current.ref else "UNTOC"
        instrument = argument.get("instrument") or default
        statuses = [q for q in self.checklist.questions if q.type == "status" and q.ref]
        for wanted in ((instrument, paragraph), (instrument, None)):
            for q in statuses:
                assert q.ref is not None
                if (q.ref.instrument, q.ref.article) == (wanted[0], article) and (
                        wanted[1] is None or q.ref.paragraph == wanted[1]):
                    return q.id
        return None

    def _summary(self, values: dict[str, Any]) -> str:
        rows = [f"- {self.citation_of(q)}: **{self.value_label(q, values[q.id])}**"
                for q in self.checklist.questions if q.type == "status" and q.id in values]
        if not rows:
            return self.msg("answers_none")
        progress = self.progress(values)
        return "\n\n".join([self.msg("answers_intro", **progress), "\n".join(rows)])

    def goto(self, question_id: str, record_turn: bool = True) -> AssistantTurn:
        """Jump to a question (from the filters in the app, or 'go to article N' in chat)."""
        values = self.store.values()
        q = self.questions.get(question_id)
        if record_turn:
            self.store.add_turn(self.respondent, "user", f"/goto {question_id}", question_id=self.current,
                                lang=self.lang, payload={"command": "goto", "target": question_id})
        if q is None or not q.is_relevant(values):
            return self._turn([self.msg("goto_not_applicable"), self._closing_text(values)])
        self.current = question_id
        self.mode = "back" if question_id in values else "normal"
        if question_id in values:
            return self._turn([self.msg("back_to", value=self.value_label(q, values[question_id])),
                               self.ask_text(q)])
        return self._turn([self.ask_text(q)])

    def _previous(self, values: dict[str, Any]) -> str | None:
        """The question asked before the current one: answered, or skipped a moment ago."""
        order = [q.id for q in self.applicable(values)]
        answered = [qid for qid in order if qid in values or qid in self.deferred]
        if not answered:
            return None
        if self.current in order:
            before = [qid for qid in order[: order.index(self.current)] if qid in values or qid in self.deferred]
            if before:
                return before[-1]
            if self.mode == "back":
                return None
        # the most recently answered question when the current one has nothing before it
        current = [a for a in self.store.current().values() if a.question_id in order]
        if not current:
            return answered[-1]
        return max(current, key=lambda a: (a.recorded_at, order.index(a.question_id))).question_id

    # retrieval ----------------------------------------------------------------------------------------------
    def retriever(self) -> Retriever | None:
        if self._retriever is None:
            return None
        try:
            return self._retriever()
        except Exception:  # noqa: BLE001 - a broken index must not stop the checklist
            log.exception("retriever unavailable")
            return None

    def _explain(self, notice: str) -> AssistantTurn:
        q = self.questions.get(self.current) if self.current else None
        retriever = self.retriever()
        if q is None or q.ref is None or retriever is None:
            return self._turn([notice, self.msg("side_none"), self._closing_text(self.store.values())])
        hits = retriever.explain(q.prompt("en"), q.ref.instrument, q.ref.article, q.ref.paragraph, self.lang)
        parts = [notice, self.msg("why_intro", citation=self.citation_of(q)), self._format_hits(hits),
                 self.msg("side_back"), self.ask_text(q)]
        return self._turn(parts, citations=[h.citation() for h in hits])

    def _side_question(self, message: str, q: Question | None, notice: str) -> AssistantTurn:
        retriever = self.retriever()
        prior = (q.ref.instrument, q.ref.article) if q and q.ref else None
        hits = retriever.search(message, k=3, lang=self.lang, prior=prior) if retriever else []
        if not hits:
            parts = [notice, self.msg("side_none")]
        else:
            body = None
            if self.side_answerer is not None:
                try:
                    body = self.side_answerer(message, hits, self.lang)
                except Exception:  # noqa: BLE001 - any LLM failure falls back to quoting
                    log.warning("LLM side answer failed; quoting passages instead", exc_info=True)
                    notice = (notice + " " + self.msg("llm_fallback")).strip()
            parts = [notice, body or self.msg("side_intro"), self._format_hits(hits)]
        if q is not None:
            parts += [self.msg("side_back"), self.ask_text(q)]
        return self._turn(parts, citations=[h.citation() for h in hits])

    def _format_hits(self, hits: list[Hit]) -> str:
        blocks = []
        for h in hits:
            cite = self.msg.citation(h.instrument, h.article, h.paragraph)
            if h.kind == "practice":
                where = f" ({md_escape(h.where)})" if h.where else ""
                blocks.append(f"> **{self.msg('practice_label')}{where}: {md_escape(h.title)}** — "
                              f"{md_escape(h.text)}  \n"
                              f"> _{cite} · {self.msg('source_label')}: {md_escape(h.source)}_")
            else:
                blocks.append(f"> {md_escape(h.text)}  \n> _{cite}: {md_escape(h.title)}_")
        return "\n\n".join(blocks)
