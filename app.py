"""Omnibus Streamlit entry: sign-in, then the pages of the signed-in person's role. Pages live in ui/ and only
render and call the UI-free core in assistant/ (through assistant.workspace, which applies the access policy)."""

from __future__ import annotations

import streamlit as st

from assistant.access.actor import ADMIN, CONTRIBUTOR, FOCAL_POINT, REVIEWER, TRAINER
from assistant.i18n import Messages, available_languages
from assistant.languages import is_rtl, language_table
from assistant.sanitize import md_escape
from assistant.states import state_name
from assistant.workspace import Workspace
from ui.admin import admin_page
from ui.analysis import (
    assistance_page,
    overview_page,
    practices_page,
    provisions_page,
    report_page,
    search_page,
)
from ui.auth import change_password_page, current_account, first_run_page, login_page, logout, sync_cookie
from ui.common import omnibus
from ui.official import chat_page, history_page, review_page
from ui.sandbox import sandbox_page
from ui.secretariat import responses_page
from ui.team import team_page

SECRETARIAT_PAGES = {"nav_overview": overview_page, "nav_provisions": provisions_page,
                     "nav_assistance": assistance_page, "nav_search": search_page, "nav_practices": practices_page,
                     "nav_report": report_page}

st.set_page_config(page_title="Omnibus", page_icon="⚖️", layout="wide")

SECRETARIAT = ("nav_overview", "nav_provisions", "nav_assistance", "nav_responses", "nav_search", "nav_practices",
               "nav_report")
# Pages per role, in menu order.
PAGES = {
    FOCAL_POINT: ("nav_chat", "nav_review", "nav_team", "nav_history", "nav_practices", "nav_password"),
    CONTRIBUTOR: ("nav_chat", "nav_review", "nav_history", "nav_password"),
    REVIEWER: (*SECRETARIAT, "nav_password"),
    ADMIN: (*SECRETARIAT, "nav_admin", "nav_sandbox", "nav_password"),
    TRAINER: ("nav_sandbox", "nav_password"),
}


def language() -> str:
    """The interface language, kept in the URL so a refresh keeps it."""
    langs = available_languages()
    lang = st.query_params.get("lang", "en")
    lang = lang if lang in langs else "en"
    names = {code: language_table().get(code, {}).get("name", code) for code in langs}
    pending = st.session_state.pop("pending_lang", None)
    if pending in names:
        # the user switched language in the chat: move the selector before it is drawn
        lang = pending
        st.session_state["lang_select"] = names[pending]
    label = st.sidebar.selectbox(Messages(lang)("sidebar_language"), list(names.values()),
                                 index=langs.index(lang), key="lang_select")
    lang = next(code for code, name in names.items() if name == label)
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


def main() -> None:
    lang = language()
    msg = Messages(lang)
    if is_rtl(lang):
        st.markdown("<style>.stMain, .stChatMessage, .stSidebar {direction: rtl; text-align: right;}</style>",
                    unsafe_allow_html=True)
    st.title(msg("app_title"))
    st.caption(msg("app_subtitle"))
    core = omnibus(False)
    sync_cookie(core)
    if not core.accounts.has_admin():
        first_run_page(core, msg)
        return
    account = current_account(core)
    if account is None:
        login_page(core, msg)
        return
    if account.must_change_password:
        change_password_page(core, account, msg, forced=True)
        return
    actor = account.actor()
    ws = Workspace(core, actor, st.session_state.get("cycle"))
    with st.sidebar:
        where = f" · {state_name(actor.state, lang)}" if actor.state else ""
        st.markdown(f"**{md_escape(actor.label)}** · {msg('role_' + actor.role)}{md_escape(where)}")
        if actor.role in (ADMIN, REVIEWER):
            cycles = [c.id for c in core.cycles.list()] or [ws.cycle]
            st.session_state.setdefault("cycle", ws.cycle)
            ws = Workspace(core, actor, st.selectbox(msg("col_cycle"), cycles, key="cycle"))
        else:
            st.caption(msg("cycle_label", cycle=md_escape(ws.cycle)))
        pages = {msg(key): key for key in PAGES[actor.role]}
        page = pages[st.radio(msg("nav_menu"), list(pages), key="page")]
        if st.button(msg("logout_button"), key="logout"):
            logout(core)
            st.rerun()
    state = actor.state or ""
    if page == "nav_chat":
        chat_page(ws, state, msg)
    elif page == "nav_review":
        review_page(ws, state, msg)
    elif page == "nav_team":
        team_page(ws, state, msg)
    elif page == "nav_history":
        history_page(ws, state, msg)
    elif page == "nav_responses":
        responses_page(ws, msg)
    elif page in SECRETARIAT_PAGES:
        SECRETARIAT_PAGES[page](ws, msg)
    elif page == "nav_admin":
        admin_page(ws, msg)
    elif page == "nav_sandbox":
        sandbox_page(ws, msg)
    elif page == "nav_password":
        change_password_page(core, account, msg, forced=False)


main()
