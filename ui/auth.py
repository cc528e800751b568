"""First run, login, password change and logout."""

from __future__ import annotations

import streamlit as st

from assistant.access.policy import Forbidden
from assistant.accounts.service import Account, AccountError, LoginError
from assistant.i18n import Messages
from assistant.service import Omnibus
from ui.common import show_error

TOKEN = "omnibus_token"
# The session token also lives in a same-site cookie, so that a refresh or a second tab stays signed in (Streamlit
# reads cookies, st.context.cookies, but only a script can write one). The server keeps only the token's hash and
# ends the session when idle or old, whatever the cookie says.
COOKIE = "omnibus_session"
_COOKIE_ACTION = "omnibus_cookie_action"


def _write_cookie(token: str | None, max_age: int) -> None:
    value, age = (token, max_age) if token else ("", 0)
    secure = "; Secure" if str(st.context.url or "").startswith("https:") else ""
    st.html(f"<script>document.cookie = '{COOKIE}={value}; path=/; max-age={age}; SameSite=Strict{secure}';</script>",
            unsafe_allow_javascript=True)


def remember(token: str) -> None:
    """After sign-in: the session in this tab now, and in the cookie on the next run (a rerun would drop an
    element drawn now)."""
    st.session_state[TOKEN] = token
    st.session_state[_COOKIE_ACTION] = ("set", token)


def sync_cookie(core: Omnibus) -> None:
    """Write or clear the cookie asked for by the previous run (sign-in, sign-out)."""
    action = st.session_state.pop(_COOKIE_ACTION, None)
    if action is None:
        return
    kind, token = action
    _write_cookie(token if kind == "set" else None, core.settings.session_max_hours * 3600)


def current_account(core: Omnibus) -> Account | None:
    """The signed-in account while its session is valid (sessions expire when idle or old): from this tab's
    state, else from the cookie (a refresh, a second tab)."""
    token = st.session_state.get(TOKEN) or (st.context.cookies or {}).get(COOKIE)
    account = core.accounts.resolve(token)
    if account is not None:
        st.session_state[TOKEN] = token
    elif token:
        st.session_state.pop(TOKEN, None)
        st.session_state[_COOKIE_ACTION] = ("clear", None)
        st.session_state["session_ended"] = True
    return account


def first_run_page(core: Omnibus, msg: Messages) -> None:
    st.subheader(msg("first_run_title"))
    st.write(msg("first_run_text"))
    with st.form("first_run"):
        username = st.text_input(msg("field_username"), key="first_username", max_chars=80)
        name = st.text_input(msg("field_display_name"), key="first_name", max_chars=200)
        password = st.text_input(msg("field_password"), type="password", key="first_password", max_chars=256)
        again = st.text_input(msg("field_password_again"), type="password", key="first_password_again",
                              max_chars=256)
        create = st.form_submit_button(msg("first_run_create"))
    if create:
        if password != again:
            st.error(msg("password_mismatch"))
            return
        try:
            account = core.accounts.create_first_admin(username, password, name)
        except (AccountError, Forbidden) as exc:
            show_error(exc, msg)
            return
        remember(core.accounts.start_session(account))
        st.rerun()


def login_page(core: Omnibus, msg: Messages) -> None:
    st.subheader(msg("login_title"))
    if st.session_state.pop("session_ended", False):
        st.info(msg("session_ended"))
    with st.form("login"):
        username = st.text_input(msg("field_username"), key="login_username", max_chars=80)
        password = st.text_input(msg("field_password"), type="password", key="login_password", max_chars=256)
        submitted = st.form_submit_button(msg("login_button"))
    st.caption(msg("login_help"))
    if submitted:
        try:
            account = core.accounts.authenticate(username, password)
        except LoginError as exc:
            show_error(exc, msg)
            return
        remember(core.accounts.start_session(account))
        st.rerun()


def change_password_page(core: Omnibus, account: Account, msg: Messages, forced: bool) -> None:
    st.subheader(msg("password_title"))
    if forced:
        st.info(msg("password_forced"))
    with st.form("password"):
        old = st.text_input(msg("field_password_current"), type="password", key="pw_old", max_chars=256)
        new = st.text_input(msg("field_password_new"), type="password", key="pw_new", max_chars=256)
        again = st.text_input(msg("field_password_again"), type="password", key="pw_again", max_chars=256)
        saved = st.form_submit_button(msg("password_save"))
    if saved:
        if new != again:
            st.error(msg("password_mismatch"))
            return
        try:
            core.accounts.change_password(account.username, old, new)
        except AccountError as exc:
            show_error(exc, msg)
            return
        st.success(msg("password_changed"))
        if forced:
            st.rerun()


def logout(core: Omnibus) -> None:
    core.accounts.end_session(st.session_state.pop(TOKEN, None))
    for key in list(st.session_state):
        if key not in ("lang_select",):
            del st.session_state[key]
    st.session_state[_COOKIE_ACTION] = ("clear", None)
