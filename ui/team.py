"""Accounts (administrators: all; focal points: their State's contributors) and section assignments."""

from __future__ import annotations

import streamlit as st

from assistant.access.actor import ADMIN, CONTRIBUTOR, ROLES, STATE_ROLES
from assistant.access.policy import Forbidden
from assistant.accounts.service import AccountError
from assistant.i18n import Messages
from assistant.store.answers import StoreError
from assistant.workflow.assignments import INSTRUMENTS
from assistant.workspace import Workspace
from ui.common import show_error, when


def accounts_section(ws: Workspace, msg: Messages) -> None:
    st.markdown(f"**{msg('accounts_title')}**")
    accounts = ws.accounts()
    st.dataframe([{msg("field_username"): a.username, msg("field_display_name"): a.display_name,
                   msg("field_role"): msg(f"role_{a.role}"), msg("field_state"): a.state or "",
                   msg("field_organisation"): a.organisation, msg("col_active"): a.active,
                   msg("col_created"): when(a.created_at)} for a in accounts],
                 hide_index=True, width="stretch", key="accounts_table")
    admin = ws.actor.role == ADMIN
    roles = list(ROLES) if admin else [CONTRIBUTOR]
    with st.form("new_account", clear_on_submit=True):
        st.markdown(msg("account_new"))
        username = st.text_input(msg("field_username"), key="new_username", max_chars=80)
        name = st.text_input(msg("field_display_name"), key="new_name", max_chars=200)
        organisation = st.text_input(msg("field_organisation"), key="new_org", max_chars=200)
        role = st.selectbox(msg("field_role"), roles, format_func=lambda r: msg(f"role_{r}"), key="new_role")
        state = st.text_input(msg("field_state"), key="new_state", max_chars=3) if admin else ws.actor.state
        password = st.text_input(msg("field_password_temporary"), type="password", key="new_password",
                                 max_chars=256)
        created = st.form_submit_button(msg("account_create"))
    if created:
        try:
            ws.create_account(username, password, role, (state or None) if role in STATE_ROLES else None, name,
                              organisation)
        except (AccountError, Forbidden, StoreError) as exc:
            show_error(exc, msg)
        else:
            st.success(msg("account_created", username=username.strip().lower()))
            st.rerun()
    others = [a.username for a in accounts if a.username != ws.actor.username]
    if not others:
        return
    with st.form("manage_account"):
        st.markdown(msg("account_manage"))
        target = st.selectbox(msg("field_username"), others, key="manage_user")
        action = st.radio(msg("field_action"), ["disable", "enable", "reset"], key="manage_action",
                          format_func=lambda a: msg(f"account_{a}"), horizontal=True)
        password = st.text_input(msg("field_password_temporary"), type="password", key="manage_password",
                                 max_chars=256)
        done = st.form_submit_button(msg("account_apply"))
    if done:
        try:
            if action == "reset":
                ws.reset_password(target, password)
            else:
                ws.set_active(target, action == "enable")
        except (AccountError, Forbidden) as exc:
            show_error(exc, msg)
        else:
            st.success(msg("account_updated", username=target))


def team_page(ws: Workspace, state: str, msg: Messages) -> None:
    st.subheader(msg("team_title"))
    accounts_section(ws, msg)
    st.markdown(f"**{msg('assign_title')}**")
    contributors = [a.username for a in ws.accounts() if a.role == CONTRIBUTOR and a.active and a.state == state]
    assigned = ws.assignments(state)
    st.dataframe([{msg("field_username"): user, msg("col_sections"): ", ".join(s.label for s in sections)}
                  for user, sections in assigned.items()], hide_index=True, width="stretch",
                 key="assign_table")
    if contributors:
        with st.form("assign"):
            user = st.selectbox(msg("field_username"), contributors, key="assign_user")
            instrument = st.selectbox(msg("filter_instrument"), INSTRUMENTS, key="assign_instrument",
                                      format_func=lambda i: msg(f"instrument_{i}"))
            article = st.number_input(msg("assign_article"), min_value=1, max_value=41, value=None, step=1,
                                      key="assign_article")
            give = st.form_submit_button(msg("assign_button"))
            take = st.form_submit_button(msg("revoke_button"))
        section = f"{instrument}:{int(article)}" if article else instrument
        try:
            if give:
                ws.assign(state, user, section)
                st.success(msg("assigned", username=user, section=section))
                st.rerun()
            if take:
                ws.revoke(state, user, section)
                st.rerun()
        except (ValueError, Forbidden) as exc:
            show_error(exc, msg)
    else:
        st.info(msg("assign_none"))
    st.markdown(f"**{msg('contributions_title')}**")
    st.dataframe([{msg("field_username"): c.username, msg("col_revisions"): c.answers,
                   msg("col_current"): c.questions} for c in ws.contributions(state)],
                 hide_index=True, width="stretch", key="contributions_table")
