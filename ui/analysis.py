"""The Secretariat's analysis pages (reviewers and administrators): overview, provisions, technical assistance,
search, good practices, report and exports. Numbers come from assistant.analysis; these pages only show them."""

from __future__ import annotations

import io
import zipfile

import streamlit as st

from assistant.analysis import charts
from assistant.analysis.dataset import Dataset, load
from assistant.analysis.findings import ANSWERS, Findings, report_texts, statuses_by_cycle
from assistant.analysis.report import REPORT_LANGUAGES, build_report
from assistant.i18n import Messages
from assistant.languages import language_table
from assistant.sanitize import md_escape
from assistant.states import state_name
from assistant.store.export import write_export
from assistant.workflow.assignments import INSTRUMENTS
from assistant.workflow.cycles import REGIONS
from assistant.workspace import Workspace
from ui.common import show_error

REPORT_LANGS = REPORT_LANGUAGES


def _report_lang(lang: str) -> str:
    """Charts and the report in the interface language when knowledge/report has it, else English."""
    return lang if lang in REPORT_LANGS else "en"


@st.cache_resource(max_entries=6, show_spinner=False)
def _cached(_ws: Workspace, username: str, lang: str, version: tuple) -> Dataset:
    return load(_ws, lang)


def _data(ws: Workspace, lang: str) -> Dataset:
    """The cycle as the signed-in reviewer may read it; reloaded only when the data changed (a whole cycle of
    some 190 States takes seconds to load: benchmarks/README.md)."""
    ws.check_review()
    return _cached(ws, ws.actor.username, lang, ws.data_version())


def _filters(data: Dataset, msg: Messages, key: str) -> dict:
    every = msg("filter_all")
    cols = st.columns(4)
    # one instrument at a time by default: the whole checklist has some 1,300 provisions to chart
    present = [i for i in INSTRUMENTS if any(q.ref and q.ref.instrument == i for q in data.checklist.questions)]
    instrument = cols[0].selectbox(msg("filter_instrument"), [*present, every], key=f"{key}_instrument",
                                   format_func=lambda i: i if i == every else msg(f"instrument_{i}"))
    articles = sorted({q.ref.article for q in data.checklist.questions if q.type == "status" and q.ref
                       and (instrument == every or q.ref.instrument == instrument)})
    article = cols[1].selectbox(msg("col_article"), [every, *articles], key=f"{key}_article")
    levels = ["mandatory", "consider", "optional", "none"]
    level = cols[2].selectbox(msg("filter_level"), [every, *levels], key=f"{key}_level",
                              format_func=lambda v: v if v == every else msg(f"level_{v}"))
    region = cols[3].selectbox(msg("field_region"), [every, *REGIONS], key=f"{key}_region")
    return {"instrument": None if instrument == every else instrument,
            "article": None if article == every else int(article),
            "level": None if level == every else level,
            "region": None if region == every else region}


# Findings columns shown under the report's own column headings (knowledge/report/<lang>.yaml: col_*).
_HEADINGS = {"states": "states", "responding": "responding", "state": "state", "region": "region",
             "status": "status", "label": "status", "answered": "answered", "applicable": "applicable",
             "completion": "completion",
             "provision": "provision", "citation": "provision", "level": "level", "no_answer": "no_answer",
             "category_label": "category", "requests": "requests", "high": "high", "medium": "medium",
             "low": "low", "challenge_label": "challenge", "provisions": "provisions"}
_HIDDEN = ("readable", "theme")
# Codes a reader does not need when the provision's citation ("Convention art. 5(1)") is in the table.
_CODES = ("provision", "question_id", "instrument", "article", "paragraph")


def _table(frame, key: str, lang: str = "en", columns: list[str] | None = None,  # type: ignore[no-untyped-def]
           headings: dict[str, str] | None = None) -> None:
    """A findings table with readable headings and percentages (the data keeps its column names); `columns`
    picks and orders what is shown."""
    texts = report_texts(_report_lang(lang))
    config: dict = {}
    for column in getattr(frame, "columns", []):
        heading = (headings or {}).get(column) or texts.get(f"col_{_HEADINGS.get(column, column)}")
        if column in ("completion", "average"):
            config[column] = st.column_config.ProgressColumn(heading or column, min_value=0, max_value=1,
                                                             format="percent")
        elif heading:
            config[column] = st.column_config.Column(heading)
    present = list(getattr(frame, "columns", []))
    # a code column is hidden when its label column is there to read instead
    shown = [c for c in present if c not in _HIDDEN and f"{c}_label" not in present
             and not (c == "status" and "label" in present)
             and not (c in _CODES and "citation" in present)]
    st.dataframe(frame, hide_index=True, width="stretch", key=key, column_config=config,
                 column_order=[c for c in columns if c in present] if columns else shown or None)


def overview_page(ws: Workspace, msg: Messages) -> None:
    lang = _report_lang(msg.lang)
    st.subheader(msg("overview_title"))
    data = _data(ws, msg.lang)
    f: Findings = data.findings(lang)
    a, b, c, d = st.columns(4)
    a.metric(msg("metric_registered"), f.summary.registered)
    b.metric(msg("metric_responding"), f.responding)
    c.metric(msg("metric_rate"), f"{f.summary.rate:.0%}")
    d.metric(msg("metric_ta_states"), f.ta_states)
    left, right = st.columns(2)
    with left:
        st.altair_chart(charts.status_chart(f.statuses, lang), width="stretch")
        with st.expander(msg("table_behind")):
            _table(f.statuses, "overview_status_table", msg.lang)
    with right:
        st.altair_chart(charts.completion_chart(f.completion, lang), width="stretch")
        with st.expander(msg("table_behind")):
            _table(f.completion, "overview_completion_table", msg.lang)
    st.markdown(f"**{msg('completion_by_region')}**")
    _table(f.completion_by_region, "overview_region_table", msg.lang)
    cycles = [c.id for c in ws.core.cycles.list()]
    if len(cycles) > 1:
        by_cycle = statuses_by_cycle({c: ws.core.responses.statuses(c) for c in cycles}, data.regions, lang)
        st.altair_chart(charts.cycles_chart(by_cycle, lang), width="stretch")
        with st.expander(msg("table_behind")):
            _table(by_cycle.pivot(index="cycle", columns="label", values="states").reset_index(),
                   "overview_cycles_table", msg.lang)


def _filtered(ws: Workspace, msg: Messages, title: str, key: str) -> tuple[str, Dataset, Findings]:
    """A filtered analysis page's start: its title, the cycle's data and the findings for the filters."""
    lang = _report_lang(msg.lang)
    st.subheader(msg(title))
    data = _data(ws, msg.lang)
    return lang, data, data.findings(lang, **_filters(data, msg, key))


def provisions_page(ws: Workspace, msg: Messages) -> None:
    lang, data, f = _filtered(ws, msg, "provisions_title", "prov")
    if f.provisions.empty:
        st.info(msg("nothing_selected"))
        return
    st.altair_chart(charts.provision_chart(f.provisions_long, lang), width="stretch")
    answers = {code: data.checklist.choices["status"].label(code, msg.lang) for code in ANSWERS}
    _table(f.provisions, "provisions_table", msg.lang,
           columns=["citation", "level", "responding", *ANSWERS, "no_answer", "not_asked"],
           headings={**answers, "not_asked": msg("col_not_asked")})
    # the cited legislation and examples, one click away
    by_citation = dict(zip(f.provisions["citation"], f.provisions["provision"], strict=False))
    picked = st.selectbox(msg("provision_detail"), list(by_citation), key="prov_detail")
    provision = by_citation[picked]
    rows = data.frame[data.frame["question_id"].str.startswith(provision + "_")
                      & data.frame["state"].isin(f.summary.responding)]
    detail = rows[rows["question_id"].str.removeprefix(provision + "_").isin(["status", "law", "examples",
                                                                             "steps"])]
    _table(detail[["state", "question", "value_label", "text", "respondent", "recorded_at"]],
           "prov_detail_table", msg.lang,
           headings={"question": msg("col_question"), "value_label": msg("col_answer"), "text": msg("col_text"),
                     "respondent": msg("col_by"), "recorded_at": msg("col_when")})


def assistance_page(ws: Workspace, msg: Messages) -> None:
    lang, _, f = _filtered(ws, msg, "assistance_title", "ta")
    if f.ta_requests.empty:
        st.info(msg("assistance_none"))
        return
    left, right = st.columns(2)
    with left:
        st.altair_chart(charts.ta_chart(f.ta_by_category, lang), width="stretch")
    with right:
        st.altair_chart(charts.ta_priority_chart(f.ta_by_priority, lang), width="stretch")
    st.altair_chart(charts.ta_heatmap(f.ta_matrix, lang), width="stretch")
    st.markdown(f"**{msg('assistance_ranked')}**")
    _table(f.ta_by_category, "ta_category_table", msg.lang)
    st.markdown(f"**{msg('assistance_by_provision')}**")
    _table(f.ta_by_provision, "ta_provision_table", msg.lang)
    st.markdown(f"**{msg('assistance_requests')}**")
    _table(f.ta_requests, "ta_requests_table", msg.lang)
    a, b = st.columns(2)
    a.download_button(msg("download_csv"), write_export(f.ta_requests, "csv", None) or b"",
                      file_name=f"omnibus-assistance-{ws.cycle}.csv", mime="text/csv", key="ta_csv")
    b.download_button(msg("download_xlsx"), write_export(f.ta_requests, "xlsx", None) or b"",
                      file_name=f"omnibus-assistance-{ws.cycle}.xlsx", key="ta_xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def search_page(ws: Workspace, msg: Messages) -> None:
    st.subheader(msg("search_title"))
    query = st.text_input(msg("search_query"), key="answer_query", max_chars=500)
    if not query.strip():
        st.caption(msg("search_help"))
        return
    hits = ws.search_answers(query, k=15)
    if not hits:
        st.info(msg("search_none"))
        return
    checklist = ws.core.checklist.by_id()
    for h in hits:
        q = checklist.get(h.question_id)
        where = msg.citation(q.ref.instrument, q.ref.article, q.ref.paragraph) if q and q.ref else h.question_id
        st.markdown(f"**{md_escape(state_name(h.state, msg.lang))}** · {where} · `{h.question_id}`  \n"
                    f"> {md_escape(h.text)}")


def practices_page(ws: Workspace, msg: Messages) -> None:
    st.subheader(msg("practices_title"))
    practices = ws.practices()
    if not practices:
        st.info(msg("practices_none"))
        return
    rows = [{"id": p.id, msg("field_state"): p.state, msg("col_title"): p.title, "question_id": p.question_id,
             msg("col_consent"): p.consent, msg("col_shared"): p.shared, msg("col_by"): p.marked_by,
             msg("col_text"): p.text} for p in practices]
    _table(rows, "practices_table", msg.lang)
    with st.form("practice_consent"):
        chosen = st.selectbox("id", [p.id for p in practices], key="practice_id",
                              format_func=lambda i: f"{i} · {next(p.title for p in practices if p.id == i)}")
        action = st.radio(msg("field_action"), ["consent", "no_consent", "withdraw"], key="practice_action",
                          format_func=lambda a: msg(f"practice_{a}"), horizontal=True)
        done = st.form_submit_button(msg("account_apply"))
    if done:
        try:
            if action == "withdraw":
                ws.withdraw_practice(chosen)
            else:
                ws.set_practice_consent(chosen, action == "consent")
        except ValueError as exc:
            show_error(exc, msg)
        else:
            st.rerun()


def report_page(ws: Workspace, msg: Messages) -> None:
    st.subheader(msg("report_title"))
    names = {code: language_table().get(code, {}).get("name", code) for code in REPORT_LANGS}
    lang = st.radio(msg("report_language"), REPORT_LANGS, key="report_lang", horizontal=True,
                    format_func=lambda code: names[code])
    if st.button(msg("report_build"), key="report_go"):
        report = build_report(_data(ws, lang), lang)
        name = f"omnibus-report-{ws.cycle}-{lang}"
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
            bundle.writestr(f"{name}.md", report.markdown(charts_dir="report-charts"))
            for path, svg in report.chart_files("report-charts").items():
                bundle.writestr(path, svg)
        st.session_state["report_html"] = report.html()
        st.session_state["report_zip"] = buffer.getvalue()
        st.session_state["report_name"] = name
    if "report_html" in st.session_state:
        name = st.session_state["report_name"]
        a, b = st.columns(2)
        a.download_button(msg("report_html"), st.session_state["report_html"].encode(), file_name=f"{name}.html",
                          mime="text/html", key="report_html_dl")
        b.download_button(msg("report_md"), st.session_state["report_zip"], file_name=f"{name}-markdown.zip",
                          mime="application/zip", key="report_md_dl")
        st.caption(msg("report_md_charts"))
    st.markdown(f"**{msg('exports_title')}**")
    cols = st.columns(3)
    shape = cols[0].radio(msg("export_shape"), ["long", "wide"], key="export_shape",
                          format_func=lambda s: msg(f"export_{s}"))
    fmt = cols[1].radio(msg("export_format"), ["xlsx", "csv", "parquet", "jsonl"], key="export_format")
    labels = cols[2].selectbox(msg("sidebar_language"), ["en", "fr", "es", "ar", "ru", "zh"], key="export_lang")
    # built on request: a whole cycle in Excel takes a while (benchmarks/README.md)
    wanted = (ws.cycle, shape, fmt, labels, ws.data_version())
    if st.button(msg("export_prepare"), key="export_go"):
        st.session_state["export_bytes"] = (wanted, _export(ws, ws.frame(lang=labels), fmt, shape, labels))
    ready = st.session_state.get("export_bytes")
    if ready and ready[0] == wanted:
        st.download_button(msg("export_download"), ready[1], file_name=f"omnibus-{ws.cycle}-{shape}.{fmt}",
                           key="export_dl")


def _export(ws: Workspace, frame, fmt: str, shape: str, lang: str) -> bytes:  # type: ignore[no-untyped-def]
    from assistant.store.export import wide_frame

    if shape == "wide":
        frame = wide_frame(frame, ws.core.checklist)
    return write_export(frame, fmt, None, checklist=ws.core.checklist, lang=lang, shape=shape) or b""
