"""The trainers' sandbox: any State, any name, on a separate database that never holds real answers."""

from __future__ import annotations

import streamlit as st

from assistant.i18n import Messages
from assistant.store.answers import StoreError, normalise_state
from assistant.workspace import Workspace
from ui.common import omnibus, show_error
from ui.official import render_chat


def sandbox_page(ws: Workspace, msg: Messages) -> None:
    st.info(msg("sandbox_banner"))
    with st.form("sandbox_identity"):
        state = st.text_input(msg("sidebar_state"), value=st.session_state.get("sandbox_state", "XXA"),
                              max_chars=3, key="sandbox_state_input")
        who = st.text_input(msg("sidebar_respondent"), value=st.session_state.get("sandbox_who", ws.actor.label),
                            max_chars=200, key="sandbox_who_input")
        if st.form_submit_button(msg("sidebar_start")):
            try:
                st.session_state["sandbox_state"] = normalise_state(state)
            except StoreError as exc:
                show_error(exc, msg)
                return
            st.session_state["sandbox_who"] = who.strip() or ws.actor.label
    state = st.session_state.get("sandbox_state")
    if not state:
        return
    sandbox = omnibus(True)
    render_chat(sandbox.dialogue(state, st.session_state.get("sandbox_who", ws.actor.label), msg.lang), msg)
