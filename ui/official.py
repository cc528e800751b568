"""Pages of a State's focal points and contributors: the checklist chat, review and submit, history."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from assistant.access.actor import FOCAL_POINT
from assistant.access.policy import EDITABLE, Forbidden
from assistant.checklist.models import Question
from assistant.dialogue.engine import Dialogue
from assistant.i18n import Messages
from assistant.sanitize import md_escape
from assistant.store.export import write_export
from assistant.store.imports import ImportFileError, read_rows
from assistant.workspace import Workspace
from ui.common import citation, show_error, status_label, value_label, when


def jump_filters(dialogue: Dialogue, msg: Messages) -> str | None:
    """Sidebar filters by instrument, level and theme; returns the status question to jump to, if any."""
    statuses = [q for q in dialogue.applicable() if q.type == "status" and q.ref]
    if not statuses:
        return None
    with st.sidebar.expander(msg("jump_title")):
        every = msg("filter_all")
        instruments = [every, *dict.fromkeys(q.ref.instrument for q in statuses if q.ref)]
        instrument = st.selectbox(msg("filter_instrument"), instruments, key="jump_instrument")
        levels = {msg(f"level_{lv}"): lv for lv in dict.fromkeys(q.level for q in statuses)}
        level = st.selectbox(msg("filter_level"), [every, *levels], key="jump_level")
        themes = [every, *sorted({q.theme for q in statuses if q.theme})]
        theme = st.selectbox(msg("filter_theme"), themes, key="jump_theme")
        chosen = [q for q in statuses
                  if (instrument == every or (q.ref and q.ref.instrument == instrument))
                  and (level == every or q.level == levels[level])
                  and (theme == every or q.theme == theme)]
        if not chosen:
            return None
        labels = {citation(msg, q): q.id for q in chosen}
        target = st.selectbox(msg("jump_title"), list(labels), key="jump_target", label_visibility="collapsed")
        if st.button(msg("jump_button"), key="jump_go"):
            return labels[target]
    return None


def render_chat(dialogue: Dialogue, msg: Messages, editable: bool = True) -> None:
    """The conversation: input, buttons, progress and every stored turn (so a refresh shows the same)."""
    store, who = dialogue.store, dialogue.respondent
    notice = None
    if editable:
        jump = jump_filters(dialogue, msg)
        prompt = st.chat_input(msg("chat_placeholder"))
        cols = st.columns(3)
        clicked = None
        for col, (name, label) in zip(cols, (("why", "why_button"), ("skip", "skip_button"),
                                             ("back", "back_button")), strict=True):
            if col.button(msg(label), key=f"cmd_{name}", width="stretch"):
                clicked = name
        if jump:
            dialogue.goto(jump)
        elif clicked:
            dialogue.command(clicked)
        elif prompt is not None:
            turn = dialogue.reply(prompt)
            notice = turn.notice and turn.text
            if dialogue.lang != msg.lang:
                st.session_state["pending_lang"] = dialogue.lang
                st.query_params["lang"] = dialogue.lang
                st.rerun()
        if not store.turns(who, limit=1) or dialogue.needs_prompt():
            dialogue.opening()
    progress = dialogue.progress()
    total = max(progress["total"], 1)
    st.progress(progress["answered"] / total, text=msg("progress", **progress))
    for turn in store.turns(who):
        if turn.role == "user" and turn.payload.get("command"):
            continue
        with st.chat_message(turn.role):
            st.markdown(md_escape(turn.text) if turn.role == "user" else turn.text)
    if notice:
        st.warning(notice)


def chat_page(ws: Workspace, state: str, msg: Messages) -> None:
    status = ws.status(state)
    cycle_open = ws.cycle_open()
    editable = status in EDITABLE and cycle_open
    if not cycle_open:
        st.info(msg("forbidden_cycle_closed"))
    elif not editable:
        st.info(msg("response_locked", status=status_label(msg, status)))
    if status == "returned":
        _returned_notice(ws, state, msg)
    sections = ws.scope(state)
    if sections is not None and not sections:
        st.info(msg("no_sections"))
        return
    dialogue = ws.dialogue(state, msg.lang)
    if sections:
        st.caption(msg("your_sections", sections=", ".join(s.label for s in sections)))
        if not dialogue.applicable():
            # e.g. a Protocol's section before the focal point has said the State is a party to it
            st.info(msg("sections_not_applicable"))
            return
    render_chat(dialogue, msg, editable)


def _returned_notice(ws: Workspace, state: str, msg: Messages) -> None:
    """The Secretariat's comments, on top of the chat, while the response is back with the State."""
    by_id = ws.core.checklist.by_id()
    comments = ws.comments(state)
    lines = [f"- {citation(msg, by_id[c.question_id]) if c.question_id in by_id else msg('comment_general')}: "
             f"{md_escape(c.text)}" for c in comments]
    st.warning(msg("returned_notice", count=len(comments)) + ("\n\n" + "\n".join(lines) if lines else ""))


def _value_input(ws: Workspace, q: Question, current: object, msg: Messages) -> object:
    """A form widget for one question, by type."""
    lang, checklist = msg.lang, ws.core.checklist
    key = f"edit_value_{q.id}"
    if q.choices:
        options = checklist.choices[q.choices].options
        codes = [o.code for o in options]
        labels = {o.code: o.label.get(lang) or o.label["en"] for o in options}
        if q.type == "select_multiple":
            default = [c for c in (current or []) if c in codes]  # type: ignore[union-attr]
            return st.multiselect(msg("field_answer"), codes, default=default, format_func=labels.get, key=key)
        index = codes.index(current) if current in codes else None
        return st.radio(msg("field_answer"), codes, index=index, format_func=labels.get, key=key, horizontal=True)
    if q.type == "integer":
        number = st.number_input(msg("field_answer"), min_value=0, step=1,
                                 value=int(current) if isinstance(current, int) else None, key=key)
        return int(number) if number is not None else None
    return st.text_area(msg("field_answer"), value=str(current or ""), key=key, max_chars=10_000)


def review_page(ws: Workspace, state: str, msg: Messages) -> None:
    """Every answer, what is missing (mandatory provisions first), the reviewer's comments, a form to edit
    any answer directly, and (focal point) submission."""
    lang, checklist = msg.lang, ws.core.checklist
    status = ws.status(state)
    st.subheader(msg("review_title"))
    st.write(msg("review_status", status=status_label(msg, status), cycle=md_escape(ws.cycle)))
    dialogue = ws.dialogue(state, lang)
    values = dialogue.store.values()
    current = dialogue.store.current()
    applicable = dialogue.applicable(values)
    missing = [q for q in applicable if q.id not in values]
    missing.sort(key=lambda q: (q.level != "mandatory", q.type != "status"))
    comments = ws.comments(state)
    if comments:
        st.markdown(f"**{msg('comments_title')}**")
        by_id = checklist.by_id()
        for c in comments:
            where = citation(msg, by_id[c.question_id]) if c.question_id in by_id else msg("comment_general")
            st.warning(f"{where} · {md_escape(c.author)} · {when(c.at)}: {md_escape(c.text)}")
    left, right = st.columns(2)
    left.metric(msg("metric_answered"), f"{len(applicable) - len(missing)} / {len(applicable)}")
    right.metric(msg("metric_missing_mandatory"),
                 sum(1 for q in missing if q.level == "mandatory" and q.type == "status"))
    if missing:
        with st.expander(msg("missing_title", count=len(missing))):
            st.dataframe([{msg("col_provision"): citation(msg, q), msg("col_level"): msg(f"level_{q.level}"),
                           msg("col_question"): q.prompt(lang)} for q in missing],
                         hide_index=True, width="stretch")
    # the answer next to its provision; the long question text last
    rows = [{msg("col_provision"): citation(msg, q),
             msg("col_answer"): value_label(checklist, q, current[q.id].value, lang, msg) if q.id in current else "",
             msg("col_by"): current[q.id].respondent if q.id in current else "",
             msg("col_channel"): msg.channel(current[q.id].channel) if q.id in current else "",
             msg("col_question"): q.prompt(lang), "id": q.id}
            for q in applicable]
    st.dataframe(rows, hide_index=True, width="stretch", key="review_table")
    frame = ws.frame(state, lang=lang)
    a, b = st.columns(2)
    a.download_button(msg("download_csv"), write_export(frame, "csv", None) or b"",
                      file_name=f"omnibus-{state}-{ws.cycle}.csv", mime="text/csv")
    b.download_button(msg("download_xlsx"), write_export(frame, "xlsx", None) or b"",
                      file_name=f"omnibus-{state}-{ws.cycle}.xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    if status in EDITABLE and ws.cycle_open():
        _edit_form(ws, state, applicable, current, msg)
        _import_box(ws, state, msg)
    if ws.actor.role == FOCAL_POINT:
        _submit_box(ws, state, status, missing, msg)


def _edit_form(ws: Workspace, state: str, applicable: list[Question], current: dict, msg: Messages) -> None:
    st.markdown(f"**{msg('edit_title')}**")
    labels = {f"{citation(msg, q)} · {q.id}": q for q in applicable}
    picked = st.selectbox(msg("edit_pick"), list(labels), key="edit_pick")
    q = labels[picked]
    st.caption(q.prompt(msg.lang))
    with st.form("edit_answer"):
        value = _value_input(ws, q, current[q.id].value if q.id in current else None, msg)
        note = st.text_input(msg("field_note"), key="edit_note", max_chars=2000) if q.type != "text" else ""
        saved = st.form_submit_button(msg("edit_save"))
    if saved:
        if value is None or value == "" or value == []:
            st.error(msg("edit_empty"))
            return
        try:
            ws.edit(state, q.id, value, text=str(note or (value if q.type == "text" else "")), lang=msg.lang)
        except (Forbidden, ValueError) as exc:
            show_error(exc, msg)
            return
        st.success(msg("edit_saved", citation=citation(msg, q)))


def _import_box(ws: Workspace, state: str, msg: Messages) -> None:
    """Answers prepared offline in the export's format; checked as a whole, recorded only if every row is valid."""
    with st.expander(msg("import_title")):
        st.caption(msg("import_help"))
        upload = st.file_uploader(msg("import_file"), type=["csv", "xlsx"], key="import_file")
        if upload is None or not st.button(msg("import_button"), key="import_go"):
            return
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            try:
                result = ws.import_answers(state, read_rows(path), lang=msg.lang)
            except (ImportFileError, Forbidden) as exc:
                show_error(exc, msg)
                return
        if result["errors"]:
            st.error(msg("import_failed", count=len(result["errors"])) + "\n\n"
                     + "\n".join(f"- {md_escape(e)}" for e in result["errors"][:50]))
        else:
            st.success(msg("import_done", count=result["imported"]))


def _submit_box(ws: Workspace, state: str, status: str, missing: list[Question], msg: Messages) -> None:
    st.markdown(f"**{msg('submit_title')}**")
    if status not in ("not_started", "in_progress", "returned"):
        st.info(msg("response_locked", status=status_label(msg, status)))
        return
    if missing:
        st.warning(msg("submit_missing", count=len(missing)))
    sure = st.checkbox(msg("submit_confirm"), key="submit_sure")
    if st.button(msg("submit_button"), key="submit_go", disabled=not sure):
        try:
            ws.submit(state)
        except Forbidden as exc:
            show_error(exc, msg)
            return
        st.success(msg("submitted"))
        st.rerun()


def history_page(ws: Workspace, state: str, msg: Messages) -> None:
    """Every revision of one question: who, when, through which channel, what it replaced."""
    lang, checklist = msg.lang, ws.core.checklist
    st.subheader(msg("history_title"))
    answered = [q for q in checklist.questions if q.id in ws.store(state).values()]
    if not answered:
        st.info(msg("answers_empty"))
        return
    labels = {f"{citation(msg, q)} · {q.id}": q for q in answered}
    q = labels[st.selectbox(msg("history_pick"), list(labels), key="history_pick")]
    rows = [{msg("col_revision"): a.revision, msg("col_answer"): value_label(checklist, q, a.value, lang, msg),
             msg("col_previous"): value_label(checklist, q, a.previous_value, lang, msg)
             if a.previous_revision else "",
             msg("col_by"): a.respondent, msg("col_when"): when(a.recorded_at),
             msg("col_channel"): msg.channel(a.channel),
             msg("col_text"): a.text}
            for a in ws.history(state, q.id)]
    st.dataframe(rows, hide_index=True, width="stretch", key="history_table")
