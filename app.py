"""Omnibus Streamlit entry: thin pages that render and call the UI-free core in assistant/."""

from __future__ import annotations

import streamlit as st

from assistant.i18n import Messages, available_languages
from assistant.languages import is_rtl, language_table
from assistant.sanitize import md_escape
from assistant.service import Omnibus
from assistant.settings import Settings
from assistant.states import state_name, state_options
from assistant.store.answers import StoreError, normalise_state
from assistant.store.export import answers_frame, write_export

st.set_page_config(page_title="Omnibus", page_icon="⚖️", layout="wide")


@st.cache_resource(show_spinner=False)
def omnibus(sandbox: bool) -> Omnibus:
    # One core per process and mode; the sandbox has its own database so training never touches real answers.
    return Omnibus(Settings(sandbox=sandbox))


def identity() -> tuple[str | None, str | None, str, bool]:
    """State, respondent, language and sandbox flag, kept in the URL so a refresh resumes the same conversation."""
    params = st.query_params
    langs = available_languages()
    lang = params.get("lang", "en")
    lang = lang if lang in langs else "en"
    sandbox = params.get("sandbox") == "1"
    msg = Messages(lang)
    with st.sidebar:
        # Options are display labels (AppTest compares labels, not format_func output) mapped back to codes.
        names = {code: language_table().get(code, {}).get("name", code) for code in langs}
        pending = st.session_state.pop("pending_lang", None)
        if pending in names:
            # the user switched language in the chat: move the selector before it is drawn
            lang = pending
            st.session_state["lang_select"] = names[pending]
        label = st.selectbox(msg("sidebar_language"), list(names.values()), index=langs.index(lang),
                             key="lang_select")
        lang = next(code for code, name in names.items() if name == label)
        msg = Messages(lang)
        sandbox = st.checkbox(msg("sidebar_sandbox"), value=sandbox, key="sandbox_box")
        with st.form("identity"):
            labels = {code: f"{name} ({code})" for code, name in state_options(lang)}
            current = params.get("state", "")
            choices = ["—", *labels.values()]
            picked = st.selectbox(msg("sidebar_state_pick"), choices,
                                  index=choices.index(labels[current]) if current in labels else 0, key="state_pick")
            typed = st.text_input(msg("sidebar_state"), value="" if current in labels else current, max_chars=3,
                                  key="state_input")
            state = typed or (picked[-4:-1] if picked != "—" else "")
            who = st.text_input(msg("sidebar_respondent"), value=params.get("who", ""), max_chars=200,
                                key="who_input")
            started = st.form_submit_button(msg("sidebar_start"))
        if started:
            try:
                code = normalise_state(state)
            except StoreError as exc:
                st.error(str(exc))
                return None, None, lang, sandbox
            if not who.strip():
                st.error(msg("need_identity"))
                return None, None, lang, sandbox
            st.query_params.update({"state": code, "who": who.strip(), "lang": lang,
                                    "sandbox": "1" if sandbox else "0"})
            return code, who.strip(), lang, sandbox
    if params.get("lang") != lang:
        st.query_params["lang"] = lang
    if params.get("sandbox", "0") != ("1" if sandbox else "0"):
        st.query_params["sandbox"] = "1" if sandbox else "0"
    return params.get("state"), params.get("who"), lang, sandbox


def jump_filters(core: Omnibus, msg: Messages, lang: str) -> str | None:
    """Sidebar filters by instrument, level and theme; returns the status question to jump to, if any."""
    statuses = [q for q in core.checklist.questions if q.type == "status" and q.ref]
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
        dialogue_msg = Messages(lang)
        labels = {
            f"{dialogue_msg.citation(q.ref.instrument, q.ref.article, q.ref.paragraph)}"  # type: ignore[union-attr]
            f"{' (' + q.ref.subparagraph + ')' if q.ref and q.ref.subparagraph else ''}": q.id
            for q in chosen
        }
        target = st.selectbox(msg("jump_title"), list(labels), key="jump_target", label_visibility="collapsed")
        if st.button(msg("jump_button"), key="jump_go"):
            return labels[target]
    return None


def chat_page(core: Omnibus, state: str, who: str, lang: str, msg: Messages) -> None:
    dialogue = core.dialogue(state, who, lang)
    jump = jump_filters(core, msg, lang)
    prompt = st.chat_input(msg("chat_placeholder"))
    cols = st.columns(3)
    clicked = None
    for col, (name, label) in zip(cols, (("why", "why_button"), ("skip", "skip_button"), ("back", "back_button")),
                                  strict=True):
        if col.button(msg(label), key=f"cmd_{name}", use_container_width=True):
            clicked = name
    notice = None
    if jump:
        dialogue.goto(jump)
    elif clicked:
        dialogue.command(clicked)
    elif prompt is not None:
        turn = dialogue.reply(prompt)
        notice = turn.notice and turn.text
        if dialogue.lang != lang:
            st.session_state["pending_lang"] = dialogue.lang
            st.query_params["lang"] = dialogue.lang
            st.rerun()
    turns = core.store(state).turns(who)
    if not turns:
        dialogue.opening()
    elif dialogue.needs_prompt():
        dialogue.opening()
    progress = dialogue.progress()
    total = max(progress["total"], 1)
    st.progress(progress["answered"] / total, text=msg("progress", **progress))
    for turn in core.store(state).turns(who):
        if turn.role == "user" and turn.payload.get("command"):
            continue
        with st.chat_message(turn.role):
            st.markdown(md_escape(turn.text) if turn.role == "user" else turn.text)
    if notice:
        st.warning(notice)


def answers_page(core: Omnibus, state: str, lang: str, msg: Messages) -> None:
    st.subheader(msg("answers_title"))
    frame = answers_frame(core.engine, core.checklist, state=state, lang=lang)
    if frame.empty:
        st.info(msg("answers_empty"))
        return
    st.dataframe(frame[["question_id", "instrument", "article", "paragraph", "value_label", "text", "references",
                        "revision", "recorded_at"]], hide_index=True, use_container_width=True)
    left, right = st.columns(2)
    left.download_button(msg("download_csv"), write_export(frame, "csv", None) or b"",
                         file_name=f"omnibus-{state}.csv", mime="text/csv")
    right.download_button(msg("download_xlsx"), write_export(frame, "xlsx", None) or b"",
                          file_name=f"omnibus-{state}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def main() -> None:
    state, who, lang, sandbox = identity()
    msg = Messages(lang)
    if is_rtl(lang):
        st.markdown("<style>.stMain, .stChatMessage, .stSidebar {direction: rtl; text-align: right;}</style>",
                    unsafe_allow_html=True)
    st.title(msg("app_title"))
    st.caption(msg("app_subtitle"))
    core = omnibus(sandbox)
    if sandbox:
        st.info(msg("sandbox_banner"))
    try:
        state = normalise_state(state) if state else None
    except StoreError as exc:
        st.error(str(exc))
        state = None
    if not state or not who:
        st.info(msg("need_identity"))
        return
    view = st.radio("view", [msg("nav_chat"), msg("nav_answers")], horizontal=True, label_visibility="collapsed",
                    key="view")
    if view == msg("nav_answers"):
        answers_page(core, state, lang, msg)
    else:
        chat_page(core, state, who, lang, msg)


main()
