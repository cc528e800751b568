"""The Secretariat's pages through AppTest, for a reviewer, on the fixture of six fictional States."""

import io
import zipfile

import pytest

from tests.apptest import core, open_app
from tests.fixtures.secretariat import build


@pytest.fixture
def cycle(fresh):
    return build(core())


def reviewer(page=None):
    return open_app(user="reviewer", role="reviewer", state=None, page=page)


def test_overview_shows_the_numbers_with_their_tables(cycle):
    at = reviewer()  # the first page of the menu
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"States registered": "6", "States responding": "4", "Response rate": "67%",
                       "States asking for assistance": "4"}  # XXA, XXB, XXC (research), XXD
    assert len(at.get("vega_lite_chart")) == 2
    statuses = at.dataframe[0].value
    assert dict(zip(statuses["status"], statuses["states"], strict=True))["accepted"] == 2


def test_per_provision_counts_filters_and_cited_legislation(cycle):
    at = reviewer("Per provision")
    table = at.dataframe[0].value.set_index("provision")
    assert tuple(table.loc["untoc_10_1", ["yes", "in_part", "no", "unknown"]]) == (0, 1, 1, 1)
    # readers see the citation and the counts, not the internal codes the data keeps
    assert list(at.dataframe[0].proto.column_order) == ["citation", "level", "responding", "yes", "in_part", "no",
                                                         "unknown", "no_answer", "not_asked"]
    at.selectbox(key="prov_detail").set_value("Convention art. 5(1)").run()
    detail = at.dataframe[1].value
    assert "question_id" not in at.dataframe[1].proto.column_order and "question" in detail.columns
    assert "Sections 12 to 14 of the Organized Crime Act 2011" in set(detail["text"]) | set(detail["value_label"])
    assert "XXE" not in set(detail["state"])  # still answering: not in the findings
    at.selectbox(key="prov_region").set_value("African States").run()
    assert not at.exception
    assert int(at.dataframe[0].value.set_index("provision").loc["untoc_5_1", "responding"]) == 1


def test_technical_assistance_ranked_with_heat_map_and_download(cycle):
    at = reviewer("Technical assistance")
    assert len(at.get("vega_lite_chart")) == 3
    ranked = at.dataframe[0].value
    assert ranked.iloc[0]["category"] == "legislative_drafting" and int(ranked.iloc[0]["states"]) == 3
    assert "category_label" in at.dataframe[0].proto.column_order  # the label is shown, not the code
    assert "category" not in at.dataframe[0].proto.column_order
    assert at.get("download_button")


def test_responses_page_marks_a_good_practice_and_keeps_history(cycle):
    at = reviewer("Responses")
    at.selectbox(key="review_state").set_value("XXA").run()
    target = next(o for o in at.selectbox(key="practice_target").options if "untoc_5_1_examples" in o)
    at.selectbox(key="practice_target").set_value(target)
    at.text_input(key="practice_title").input("Specialised organized crime court")
    at.checkbox(key="practice_consent").check()
    next(b for b in at.get("form_submit_button") if b.label == "Mark as a good practice").click()
    at.run()
    assert not at.exception and "Marked" in at.success[0].value
    practices = reviewer("Good practices")
    listed = practices.dataframe[0].value
    assert list(listed["Title"]) == ["Specialised organized crime court"] and bool(listed.iloc[0]["State consents"])


def test_search_answers_page(cycle):
    at = reviewer("Search answers")
    at.text_input(key="answer_query").input("criminalité organisée loi").run()  # French query, English answers
    assert not at.exception
    assert any("XXA" in m.value or "XXB" in m.value for m in at.markdown)


def test_report_page_builds_html_and_markdown_zip_and_exports(cycle):
    at = reviewer("Report and exports")
    at.radio(key="report_lang").set_value("fr")
    at.button(key="report_go").click().run()
    assert not at.exception
    html = at.session_state["report_html"]
    assert "4 des 6 États inscrits ont répondu" in html and "<html lang=\"fr\"" in html
    with zipfile.ZipFile(io.BytesIO(at.session_state["report_zip"])) as bundle:
        names = bundle.namelist()
    assert any(n.endswith(".md") for n in names) and any(n.endswith(".svg") for n in names)
    at.radio(key="export_shape").set_value("wide").run()
    at.button(key="export_go").click().run()
    assert not at.exception
    assert at.get("download_button")[-1].proto.label == "Download the export"
    (key, data) = at.session_state["export_bytes"]
    assert key[1:4] == ("wide", "xlsx", "en") and data[:2] == b"PK"  # an xlsx (zip) file


def test_focal_points_never_reach_the_secretariat_pages(cycle):
    at = open_app(user="fp.xxa", role="focal_point", state="XXA")
    secretariat_pages = {"Overview", "Per provision", "Technical assistance", "Search answers"}
    assert not secretariat_pages & set(at.radio(key="page").options)


def test_overview_compares_cycles_once_there_are_several(cycle):
    from assistant.workspace import Workspace

    Workspace(core(), cycle["admin"]).open_cycle("2027", prefill_from="2026")
    Workspace(core(), cycle["XXA"]).edit("XXA", "untoc_5_1_status", "yes", text="Yes")
    at = reviewer()
    assert at.selectbox(key="cycle").value == "2027"  # the current cycle first
    assert len(at.get("vega_lite_chart")) == 3
    table = at.dataframe[-1].value.set_index("cycle")
    assert table.loc["2026", "Accepted"] == 2 and table.loc["2027", "In progress"] == 1
    assert table.loc["2027", "Not started"] == 5
