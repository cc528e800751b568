"""Altair charts of the findings, titled and labelled in the report's language, in colour-blind-safe colours
(Okabe-Ito hues for categories, one blue ramp for ordered values), and rendered to SVG offline by vl-convert.

Each function takes a findings frame (assistant.analysis.findings) and returns an altair chart that the app
can show as it is (st.altair_chart) and the report embeds as SVG."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from assistant.access.policy import STATUSES
from assistant.analysis.findings import ANSWERS, PRIORITIES, report_texts, ta_matrix_long

# Okabe-Ito: distinguishable with every common colour-vision deficiency, and in greyscale by lightness.
STATUS_COLOURS = {"not_started": "#BBBBBB", "in_progress": "#E69F00", "submitted": "#56B4E9",
                  "returned": "#CC79A7", "accepted": "#0072B2"}
ANSWER_COLOURS = {"yes": "#0072B2", "in_part": "#56B4E9", "no": "#D55E00", "unknown": "#999999",
                  "no_answer": "#E5E5E5"}
PRIORITY_COLOURS = {"high": "#08306B", "medium": "#4292C6", "low": "#C6DBEF", "": "#E5E5E5"}
BAR = "#0072B2"
AnyChart = alt.Chart | alt.LayerChart
WIDTH = 460
STEP = 24
# long citations ("Protocole relatif à la traite des personnes art. 5, par. 1") stay whole
LABEL_LIMIT = 320


def _labels(lang: str, labels: Mapping[str, str] | None) -> Mapping[str, str]:
    return labels if labels is not None else report_texts(lang)["charts"]


def _count_axis(title: str, top: float) -> alt.Axis:
    """Whole numbers only: with few States, ticks at 0.5 would print as "0 1 1 2 2"."""
    top = int(top) if top == top else 0
    if top <= 12:
        return alt.Axis(title=title, format="d", values=list(range(top + 1)))
    return alt.Axis(title=title, format="d", tickMinStep=1)


def _category_axis(title: str) -> alt.Axis:
    """Long category labels: the title sits above the labels, where it cannot overlap them."""
    return alt.Axis(title=title, titleAngle=0, titleAlign="right", titleBaseline="bottom", titleX=-4,
                    titleY=-4, labelLimit=LABEL_LIMIT)


def _finish(chart: AnyChart) -> AnyChart:
    return (chart.configure_view(stroke=None)
            .configure_axis(labelFontSize=11, titleFontSize=12, labelLimit=LABEL_LIMIT)
            .configure_title(fontSize=14, anchor="start")
            .configure_legend(labelLimit=LABEL_LIMIT))


def _stacked(data: pd.DataFrame, *, count: str, count_title: str, category: str, category_title: str,
             sort: list[str], colour: str, colour_title: str, domain: list[str], colours: list[str], order: str,
             title: str) -> AnyChart:
    """Horizontal bars per category, stacked by a coloured part in a fixed order, legend below."""
    top = data.groupby(category)[count].sum().max() if len(data) else 0
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X(f"sum({count}):Q", axis=_count_axis(count_title, top)),
        y=alt.Y(f"{category}:N", sort=sort, axis=_category_axis(category_title)),
        color=alt.Color(f"{colour}:N", title=colour_title, sort=domain, scale=alt.Scale(domain=domain, range=colours),
                        legend=alt.Legend(orient="bottom", direction="horizontal")),
        order=alt.Order(f"{order}:Q"),
        tooltip=[alt.Tooltip(f"{category}:N", title=category_title), alt.Tooltip(f"{colour}:N", title=colour_title),
                 alt.Tooltip(f"{count}:Q", title=count_title)],
    )
    return _finish(chart.properties(title=title, width=WIDTH, height=alt.Step(STEP)))


def status_chart(statuses: pd.DataFrame, lang: str = "en",
                 labels: Mapping[str, str] | None = None) -> AnyChart:
    """Registered States by status of their response (findings.statuses: status, label, states)."""
    text = _labels(lang, labels)
    order = [s for s in STATUSES if s in set(statuses["status"])] + \
        [s for s in statuses["status"] if s not in STATUSES]
    data = statuses.assign(order=statuses["status"].map({s: i for i, s in enumerate(order)}))
    domain = list(data.sort_values("order")["label"])
    colours = [STATUS_COLOURS.get(s, "#999999") for s in data.sort_values("order")["status"]]
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("states:Q", axis=_count_axis(text["states_axis"], statuses["states"].max())),
        y=alt.Y("label:N", sort=domain, axis=_category_axis(text["status_axis"])),
        color=alt.Color("label:N", scale=alt.Scale(domain=domain, range=colours), legend=None),
        tooltip=[alt.Tooltip("label:N", title=text["status_axis"]),
                 alt.Tooltip("states:Q", title=text["states_axis"])],
    )
    values = bars.mark_text(align="left", dx=3).encode(text="states:Q", color=alt.value("#222222"))
    return _finish((bars + values).properties(title=text["status_title"], width=WIDTH,
                                              height=alt.Step(STEP)))


def cycles_chart(by_cycle: pd.DataFrame, lang: str = "en", labels: Mapping[str, str] | None = None) -> AnyChart:
    """Registered States by status, one stacked bar per reporting cycle (findings.statuses_by_cycle)."""
    text = _labels(lang, labels)
    data = by_cycle.assign(order=by_cycle["status"].map({s: i for i, s in enumerate(STATUSES)}))
    names = data.drop_duplicates("status").set_index("status")["label"]
    present = [s for s in STATUSES if s in names.index]
    return _stacked(data, count="states", count_title=text["states_axis"], category="cycle",
                    category_title=text["cycle_axis"], sort=list(dict.fromkeys(data["cycle"])), colour="label",
                    colour_title=text["status_axis"], domain=[names[s] for s in present],
                    colours=[STATUS_COLOURS[s] for s in present], order="order", title=text["cycles_title"])


def completion_chart(completion: pd.DataFrame, lang: str = "en", labels: Mapping[str, str] | None = None,
                     status_labels: Mapping[str, str] | None = None) -> AnyChart:
    """Share of the asked questions each State has answered, highest first, coloured by status. States whose
    answers are not readable are left out."""
    text = _labels(lang, labels)
    names = status_labels if status_labels is not None else report_texts(lang)["statuses"]
    data = completion.dropna(subset=["completion"]).copy()
    data["percent"] = (data["completion"] * 100).round(0)
    data["status_label"] = data["status"].map(lambda s: names.get(s, s))
    present = [s for s in STATUSES if s in set(data["status"])]
    data["percent_label"] = data["percent"].map(lambda v: report_texts(lang)["percent"].format(value=int(v)))
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("percent:Q", scale=alt.Scale(domain=[0, 100]), title=text["completion_axis"]),
        y=alt.Y("state:N", sort="-x", axis=_category_axis(text["state_axis"])),
        color=alt.Color("status_label:N", title=text["status_axis"],
                        scale=alt.Scale(domain=[names.get(s, s) for s in present],
                                        range=[STATUS_COLOURS[s] for s in present])),
        tooltip=["state:N", alt.Tooltip("status_label:N", title=text["status_axis"]),
                 alt.Tooltip("percent:Q", title=text["completion_axis"])],
    )
    values = alt.Chart(data).mark_text(align="left", dx=3, color="#222222").encode(
        x="percent:Q", y=alt.Y("state:N", sort=alt.EncodingSortField("percent", order="descending")),
        text="percent_label:N")
    return _finish((bars + values).properties(title=text["completion_title"], width=WIDTH,
                                              height=alt.Step(STEP)))


def provision_chart(provisions_long: pd.DataFrame, lang: str = "en",
                    labels: Mapping[str, str] | None = None) -> AnyChart:
    """Stacked bars per provision (checklist order): responding States answering yes, in part, no, don't know,
    or not answering (findings.provisions_long)."""
    text = _labels(lang, labels)
    data = provisions_long
    answers = [*ANSWERS, "no_answer"]
    first = data.drop_duplicates("answer").set_index("answer")["answer_label"] if len(data) else pd.Series()
    domain = [first.get(a, a) for a in answers]
    citations = list(data.sort_values("position")["citation"].drop_duplicates())
    return _stacked(data, count="states", count_title=text["states_axis"], category="citation",
                    category_title=text["provision_axis"], sort=citations, colour="answer_label",
                    colour_title=text["answer_legend"], domain=domain, colours=[ANSWER_COLOURS[a] for a in answers],
                    order="order", title=text["provision_title"])


def ta_chart(ta_by_category: pd.DataFrame, lang: str = "en",
             labels: Mapping[str, str] | None = None) -> AnyChart:
    """Kinds of technical assistance ranked by number of States requesting them (findings.ta_by_category)."""
    text = _labels(lang, labels)
    ranked = list(ta_by_category.sort_values("rank")["category_label"])
    bars = alt.Chart(ta_by_category).mark_bar(color=BAR).encode(
        x=alt.X("states:Q", axis=_count_axis(text["states_axis"], ta_by_category["states"].max())),
        y=alt.Y("category_label:N", sort=ranked, axis=_category_axis(text["category_axis"])),
        tooltip=[alt.Tooltip("category_label:N", title=text["category_axis"]),
                 alt.Tooltip("states:Q", title=text["states_axis"]),
                 alt.Tooltip("requests:Q", title=text["requests_axis"])],
    )
    values = bars.mark_text(align="left", dx=3, color="#222222").encode(text="states:Q")
    return _finish((bars + values).properties(title=text["ta_title"], width=WIDTH, height=alt.Step(STEP)))


def ta_priority_chart(ta_by_priority: pd.DataFrame, lang: str = "en",
                      labels: Mapping[str, str] | None = None) -> AnyChart:
    """Requests per kind of assistance, stacked by priority (high darkest), in the ranking's order."""
    text = _labels(lang, labels)
    data = ta_by_priority.assign(p_order=ta_by_priority["priority"].map(
        {p: i for i, p in enumerate([*PRIORITIES, ""])}))
    ranked = list(data.sort_values("rank")["category_label"].drop_duplicates())
    present = [p for p in [*PRIORITIES, ""] if p in set(data["priority"])]
    names = data.drop_duplicates("priority").set_index("priority")["priority_label"]
    domain = [names[p] for p in present]
    return _stacked(data, count="requests", count_title=text["requests_axis"], category="category_label",
                    category_title=text["category_axis"], sort=ranked, colour="priority_label",
                    colour_title=text["priority_legend"], domain=domain,
                    colours=[PRIORITY_COLOURS[p] for p in present], order="p_order", title=text["ta_priority_title"])


def ta_heatmap(matrix: pd.DataFrame, lang: str = "en", labels: Mapping[str, str] | None = None) -> AnyChart:
    """Provision x kind of assistance (findings.ta_matrix), shaded by number of States on one blue ramp, each
    cell labelled with its number so that the reading never depends on colour."""
    text = _labels(lang, labels)
    matrix_long = ta_matrix_long(matrix)
    rows = list(matrix_long.sort_values("row")["provision"].drop_duplicates())
    columns = list(matrix_long.sort_values("column")["category"].drop_duplicates())
    top = int(matrix_long["states"].max()) if len(matrix_long) else 1
    base = alt.Chart(matrix_long).encode(
        x=alt.X("category:N", sort=columns, title=text["category_axis"],
                axis=alt.Axis(labelAngle=-35, labelLimit=LABEL_LIMIT)),
        y=alt.Y("provision:N", sort=rows, axis=_category_axis(text["provision_axis"])),
    )
    grid = base.mark_rect(fill="#F5F5F5", stroke="white", strokeWidth=1)
    needed = base.transform_filter(alt.datum.states > 0)
    values = list(range(1, top + 1)) if top <= 12 else None
    cells = needed.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("states:Q", title=text["heatmap_legend"],
                        scale=alt.Scale(scheme="blues", domain=[0, max(top, 1)]),
                        legend=alt.Legend(format="d", values=values) if values else alt.Legend(format="d")),
        tooltip=[alt.Tooltip("provision:N", title=text["provision_axis"]),
                 alt.Tooltip("category:N", title=text["category_axis"]),
                 alt.Tooltip("states:Q", title=text["heatmap_legend"])],
    )
    numbers = needed.mark_text(fontSize=12).encode(
        text=alt.Text("states:Q"),
        color=alt.when(alt.datum.states > top / 2).then(alt.value("white")).otherwise(alt.value("#222222")),
    )
    return _finish((grid + cells + numbers).properties(title=text["heatmap_title"], width=alt.Step(44),
                                                       height=alt.Step(28)))


def to_svg(chart: AnyChart, lang: str = "en") -> str:
    """The chart as standalone SVG text, rendered offline (no browser, no network)."""
    import vl_convert as vlc

    # number formats of the language (French: "1 234,5"); English is vega's default
    svg = vlc.vegalite_to_svg(chart.to_json(), format_locale={"fr": "fr-FR"}.get(lang))
    return svg.split("?>", 1)[1].lstrip() if svg.startswith("<?xml") else svg
