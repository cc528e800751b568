"""The Secretariat's review of submitted responses: status per State, the response as a document with its
history and comments, and the return / accept decision."""

from __future__ import annotations

import streamlit as st

from assistant.access.policy import SUBMITTED, Forbidden
from assistant.i18n import Messages
from assistant.sanitize import md_escape
from assistant.states import state_label, state_name
from assistant.workspace import Workspace
from ui.common import citation, show_error, status_label, value_label, when


def responses_page(ws: Workspace, msg: Messages) -> None:
    st.subheader(msg("responses_title"))
    statuses = ws.core.responses.statuses(ws.cycle)
    st.dataframe([{msg("field_state"): state_label(s, msg.lang), msg("col_status"): status_label(msg, v)}
                  for s, v in statuses.items()], hide_index=True, width="stretch", key="responses_table")
    readable = ws.readable_states()
    if not readable:
        st.info(msg("responses_none"))
        return
    state = st.selectbox(msg("field_state"), readable, key="review_state",
                         format_func=lambda s: state_label(s, msg.lang))
    response_document(ws, state, msg)


def response_document(ws: Workspace, state: str, msg: Messages) -> None:
    lang, checklist = msg.lang, ws.core.checklist
    status = ws.status(state)
    st.markdown(f"### {md_escape(state_name(state, lang))} · {md_escape(ws.cycle)} · {status_label(msg, status)}")
    current = ws.answers(state)
    comments = ws.comments(state)
    by_question: dict[str | None, list] = {}
    for c in comments:
        by_question.setdefault(c.question_id, []).append(c)
    for c in by_question.get(None, []):
        st.warning(f"{msg('comment_general')} · {md_escape(c.author)} · {when(c.at)}: {md_escape(c.text)}")
    lines = []
    for q in checklist.questions:
        if q.id not in current:
            continue
        a = current[q.id]
        line = (f"- **{citation(msg, q)}** {md_escape(q.prompt(lang))}  \n"
                f"  → **{md_escape(value_label(checklist, q, a.value, lang, msg))}**"
                + (f" — _{md_escape(a.text)}_" if a.text and a.text != a.value else "")
                + f"  \n  <small>{md_escape(a.respondent)} · {when(a.recorded_at)} · {msg.channel(a.channel)}"
                  f" · r{a.revision}</small>")
        for c in by_question.get(q.id, []):
            line += f"  \n  💬 {md_escape(c.author)}: {md_escape(c.text)}"
        lines.append(line)
    with st.container(height=500):
        st.markdown("\n".join(lines) or msg("answers_empty"), unsafe_allow_html=True)
    events = ws.events(state)
    if events:
        st.caption(" · ".join(f"{status_label(msg, e.status)} ({md_escape(e.actor)}, {when(e.at)})" for e in events))
    if ws.actor.role not in ("reviewer", "admin"):
        return
    with st.form("comment"):
        answered = {f"{citation(msg, q)} · {q.id}": q.id for q in checklist.questions if q.id in current}
        target = st.selectbox(msg("comment_on"), [msg("comment_general"), *answered], key="comment_target")
        text = st.text_area(msg("comment_text"), key="comment_text", max_chars=5000)
        sent = st.form_submit_button(msg("comment_add"))
    if sent:
        try:
            ws.comment(state, text, answered.get(target))
        except (Forbidden, ValueError) as exc:
            show_error(exc, msg)
        else:
            st.rerun()
    _practice_form(ws, state, answered, msg)
    _history(ws, state, answered, msg)
    if status == SUBMITTED or status == "accepted":
        note = st.text_input(msg("decision_note"), key="decision_note", max_chars=5000)
        left, right = st.columns(2)
        try:
            if status == SUBMITTED and left.button(msg("accept_button"), key="accept_go"):
                ws.accept(state, note)
                st.rerun()
            if right.button(msg("return_button"), key="return_go"):
                ws.return_response(state, note)
                st.rerun()
        except Forbidden as exc:
            show_error(exc, msg)


def _practice_form(ws: Workspace, state: str, answered: dict[str, str], msg: Messages) -> None:
    """Mark an answer as a good practice; with the State's consent it is offered to other States."""
    if not answered:
        return
    with st.expander(msg("practice_mark_title")):
        with st.form("mark_practice"):
            target = st.selectbox(msg("comment_on"), list(answered), key="practice_target")
            title = st.text_input(msg("col_title"), key="practice_title", max_chars=200)
            text = st.text_area(msg("practice_text"), key="practice_text", max_chars=5000)
            consent = st.checkbox(msg("practice_consent_given"), key="practice_consent")
            marked = st.form_submit_button(msg("practice_mark"))
        if marked:
            try:
                ws.mark_practice(state, answered[target], title, consent, text)
            except (Forbidden, ValueError) as exc:
                show_error(exc, msg)
            else:
                st.success(msg("practice_marked"))


def _history(ws: Workspace, state: str, answered: dict[str, str], msg: Messages) -> None:
    if not answered:
        return
    with st.expander(msg("history_title")):
        label = st.selectbox(msg("history_pick"), list(answered), key="review_history_pick")
        q = ws.core.checklist.by_id()[answered[label]]
        st.dataframe([{msg("col_revision"): a.revision,
                       msg("col_answer"): value_label(ws.core.checklist, q, a.value, msg.lang, msg),
                       msg("col_previous"): value_label(ws.core.checklist, q, a.previous_value, msg.lang, msg)
                       if a.previous_revision else "",
                       msg("col_by"): a.respondent, msg("col_when"): when(a.recorded_at),
                       msg("col_channel"): msg.channel(a.channel),
                       msg("col_text"): a.text} for a in ws.history(state, q.id)],
                     hide_index=True, width="stretch", key="review_history_table")
