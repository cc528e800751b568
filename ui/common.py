"""Small shared pieces of the pages: the core per process, messages, and safe display of user text."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.checklist.models import Checklist, Question
from assistant.i18n import Messages
from assistant.sanitize import md_escape
from assistant.service import Omnibus
from assistant.settings import Settings


@st.cache_resource(show_spinner=False)
def omnibus(sandbox: bool) -> Omnibus:
    # One core per process and mode; the sandbox has its own database so training never touches real answers.
    return Omnibus(Settings(sandbox=sandbox))


def citation(msg: Messages, q: Question) -> str:
    if q.ref is None:
        return q.id
    sub = f" ({q.ref.subparagraph})" if q.ref.subparagraph else ""
    return msg.citation(q.ref.instrument, q.ref.article, q.ref.paragraph) + sub


def value_label(checklist: Checklist, q: Question, value: Any, lang: str, msg: Messages) -> str:
    if value is None or value == []:
        return msg("value_none")
    if q.choices:
        codes = value if isinstance(value, list) else [value]
        return ", ".join(checklist.choices[q.choices].label(c, lang) for c in codes)
    return str(value)


def show_error(exc: Exception, msg: Messages | None = None) -> None:
    """The error in the user's language when it names a message (assistant.errors.Explained), else as raised."""
    st.error(md_escape(msg.explain(exc) if msg is not None else str(exc)))


def status_label(msg: Messages, status: str) -> str:
    return msg(f"status_{status}")


def when(moment: Any) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else ""
