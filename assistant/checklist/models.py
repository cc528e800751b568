"""Validated models of the checklist: questions, choices and references to the instruments."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.checklist.conditions import Condition

Instrument = Literal["UNTOC", "TIP", "SOM", "FP"]
QuestionType = Literal["status", "text", "select_one", "select_multiple", "integer"]
Level = Literal["mandatory", "consider", "optional", "none"]

# A text per language code, e.g. {"en": "...", "fr": "..."}.
Localized = dict[str, str]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Ref(Strict):
    instrument: Instrument
    article: int = Field(ge=1, le=41)
    paragraph: int | None = Field(None, ge=1)
    subparagraph: str | None = None

    def label(self) -> str:
        text = f"{self.instrument} art. {self.article}"
        if self.paragraph is not None:
            text += f"({self.paragraph})"
        if self.subparagraph:
            text += f"({self.subparagraph})"
        return text


class Choice(Strict):
    code: str = Field(pattern=r"^[a-z0-9_]+$")
    label: Localized
    keywords: dict[str, list[str]] = Field(default_factory=dict)


class ChoiceList(Strict):
    name: str
    options: tuple[Choice, ...]

    def codes(self) -> list[str]:
        return [o.code for o in self.options]

    def label(self, code: str, lang: str) -> str:
        for option in self.options:
            if option.code == code:
                return option.label.get(lang) or option.label["en"]
        return code


class Question(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: QuestionType
    text: Localized
    hint: Localized = Field(default_factory=dict)
    ref: Ref | None = None
    choices: str | None = None
    relevant: str | None = None
    required: bool = True
    level: Level = "none"
    theme: str | None = None
    section: str = ""
    provision: str | None = None  # the status question this follow-up belongs to
    reuse: tuple[str, ...] = ()  # earlier provisions whose answers may serve this one too (cross-references)

    @field_validator("relevant")
    @classmethod
    def _condition_parses(cls, value: str | None) -> str | None:
        if value is not None:
            Condition(value)  # raises ConditionError with a precise message
        return value

    def condition(self) -> Condition | None:
        return _parse(self.relevant) if self.relevant else None

    def is_relevant(self, values: Mapping[str, Any]) -> bool:
        """Whether skip logic asks this question, given the current answers (question id -> value)."""
        condition = self.condition()
        return condition is None or condition.evaluate(values)

    def prompt(self, lang: str) -> str:
        return self.text.get(lang) or self.text["en"]

    def help(self, lang: str) -> str:
        return self.hint.get(lang) or self.hint.get("en", "")


@lru_cache(maxsize=8192)
def _parse(text: str) -> Condition:
    # Conditions are evaluated for every question on every turn: parse each text once.
    return Condition(text)


class Section(Strict):
    id: str
    title: Localized
    instrument: Instrument | None = None
    relevant: str | None = None  # e.g. only for States party to a Protocol


class Checklist(Strict):
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    choices: dict[str, ChoiceList]

    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def languages(self, question: Question) -> list[str]:
        langs = set(question.text)
        if question.choices:
            for option in self.choices[question.choices].options:
                langs &= set(option.label)
        return sorted(langs)
