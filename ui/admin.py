"""The administrator's page: States and regions, reporting cycles, accounts, and the audit log."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assistant.i18n import Messages
from assistant.states import state_label
from assistant.store.answers import StoreError
from assistant.workflow.cycles import REGIONS, WorkflowError
from assistant.workspace import Workspace
from ui.common import show_error, when
from ui.team import accounts_section


def admin_page(ws: Workspace, msg: Messages) -> None:
    st.subheader(msg("admin_title"))
    states, cycles, accounts, audit = st.tabs([msg("admin_states"), msg("admin_cycles"), msg("accounts_title"),
                                               msg("admin_audit")])
    with states:
        regions = ws.core.registry.regions()
        if regions:
            st.dataframe([{msg("field_state"): state_label(c, msg.lang), msg("field_region"): r}
                          for c, r in regions.items()], hide_index=True, width="stretch", key="states_table")
        else:
            st.info(msg("states_none"))
        with st.form("add_state", clear_on_submit=True):
            code = st.text_input(msg("field_state"), max_chars=3, key="add_state_code")
            region = st.selectbox(msg("field_region"), ["", *REGIONS], key="add_state_region")
            added = st.form_submit_button(msg("state_add"))
        if added:
            try:
                st.success(msg("state_added", state=ws.add_state(code, region)))
            except (StoreError, WorkflowError) as exc:
                show_error(exc, msg)
    with cycles:
        listed = ws.core.cycles.list()
        st.dataframe([{msg("col_cycle"): c.id, msg("col_title"): c.title, msg("col_prefill"): c.prefill_from or "",
                       msg("col_opened"): when(c.opened_at), msg("col_closed"): when(c.closed_at)} for c in listed],
                     hide_index=True, width="stretch", key="cycles_table")
        with st.form("open_cycle", clear_on_submit=True):
            cycle_id = st.text_input(msg("col_cycle"), max_chars=40, key="cycle_id")
            title = st.text_input(msg("col_title"), max_chars=200, key="cycle_title")
            prefill = st.selectbox(msg("col_prefill"), ["", *[c.id for c in listed]], key="cycle_prefill")
            opened = st.form_submit_button(msg("cycle_open"))
        if opened:
            try:
                ws.open_cycle(cycle_id, title, prefill or None)
            except WorkflowError as exc:
                show_error(exc, msg)
            else:
                st.success(msg("cycle_opened", cycle=cycle_id))
                st.rerun()
        still_open = [c.id for c in listed if c.open]
        if still_open:
            closing = st.selectbox(msg("cycle_close_pick"), still_open, key="cycle_close_pick")
            if st.button(msg("cycle_close"), key="cycle_close_go"):
                ws.close_cycle(closing)
                st.rerun()
    with accounts:
        accounts_section(ws, msg)
    with audit:
        frame = pd.DataFrame([{msg("col_when"): when(e["at"]), msg("col_by"): e["actor"], "action": e["action"],
                               msg("field_state"): e["state"], "target": e["target"], "detail": str(e["detail"])}
                              for e in ws.audit_log()])
        st.dataframe(frame, hide_index=True, width="stretch", key="audit_table")
