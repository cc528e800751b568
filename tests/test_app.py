"""The Streamlit app through AppTest: real script, real store, real index."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant.settings import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture
def fresh(tmp_path, monkeypatch, indexed_core):
    monkeypatch.setenv("OMNIBUS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("OMNIBUS_VECTORSTORE_DIR", str(indexed_core.settings.chroma_path))
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def open_app(state="XXA", who="Ana", lang="en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    if state:
        at.query_params.update({"state": state, "who": who, "lang": lang})
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at):
    return [(m.name, m.markdown[0].value) for m in at.chat_message]


def test_without_identity_asks_for_state_and_name(fresh):
    at = open_app(state=None)
    assert not at.chat_message
    assert "three-letter code" in at.info[0].value


def test_start_form_sets_the_identity(fresh):
    at = open_app(state=None)
    at.text_input(key="state_input").input("xxb")
    at.text_input(key="who_input").input("Bo")
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception
    assert at.query_params["state"] == ["XXB"] or at.query_params["state"] == "XXB"
    assert "Welcome, Bo" in texts(at)[0][1]


def test_bad_state_code_is_refused_clearly(fresh):
    at = open_app(state=None)
    at.text_input(key="state_input").input("ABC")
    at.text_input(key="who_input").input("Bo")
    at.get("form_submit_button")[0].click()
    at.run()
    assert "not an ISO 3166-1 alpha-3 code" in at.error[0].value


def test_answer_is_recorded_and_shown(fresh):
    at = open_app()
    assert texts(at)[0][0] == "assistant" and "Convention art. 5(1)" in texts(at)[0][1]
    at.chat_input[0].set_value("Not yet, a bill is before Parliament").run()
    msgs = texts(at)
    assert msgs[1] == ("user", "Not yet, a bill is before Parliament")
    assert "Recorded for Convention art. 5(1): **No**" in msgs[2][1]
    assert "What steps does your State plan" in msgs[2][1]
    assert "1 of 8" in at.get("progress")[0].proto.text  # No opens steps, challenges, assistance


def test_correction_with_the_back_button(fresh):
    at = open_app()
    at.chat_input[0].set_value("Yes").run()
    at.button(key="cmd_back").click().run()
    assert "Currently recorded: **Yes**" in texts(at)[-1][1]
    at.chat_input[0].set_value("Partly: companies are not covered").run()
    assert "**Yes, in part**" in texts(at)[-1][1]
    at.radio(key="view").set_value("Answers and export").run()
    frame = at.dataframe[0].value
    row = frame[frame.question_id == "untoc_5_1_status"].iloc[0]
    assert (row.value_label, row.revision) == ("Yes, in part", 2)


def test_resume_after_a_new_session(fresh):
    at = open_app()
    at.chat_input[0].set_value("Yes, section 12 of the Organized Crime Act 2011").run()
    at.chat_input[0].set_value("None yet").run()
    again = open_app()  # a refresh or another tab: a new session
    msgs = texts(again)
    assert [m[0] for m in msgs[:5]] == ["assistant", "user", "assistant", "user", "assistant"]
    assert "How many convictions" in msgs[-1][1]
    assert "3 of 8" in again.get("progress")[0].proto.text


def test_why_button_shows_cited_provisions(fresh):
    at = open_app()
    at.button(key="cmd_why").click().run()
    last = texts(at)[-1][1]
    assert "This question implements **Convention art. 5(1)**" in last
    assert "Criminalization of participation in an organized criminal group" in last


def test_bad_inputs(fresh):
    at = open_app()
    at.chat_input[0].set_value("x" * 50_000).run()
    assert "50,000 characters" in at.warning[0].value
    assert len(at.chat_message) == 1  # nothing stored
    at.chat_input[0].set_value("Yes").run()
    at.chat_input[0].set_value('=HYPERLINK("http://evil.example","x") <b>hi</b>').run()
    user = texts(at)[3]
    assert user[0] == "user" and "\\<b\\>" in user[1]


def test_french_interface(fresh):
    at = open_app(lang="fr")
    assert "Bienvenue" in texts(at)[0][1]
    at.chat_input[0].set_value("Pas encore").run()
    assert "Enregistré pour Convention art. 5, par. 1 : **Non**" in texts(at)[-1][1]


def test_sandbox_keeps_training_apart(fresh):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"state": "XXA", "who": "Trainer", "lang": "en", "sandbox": "1"})
    at.run()
    at.chat_input[0].set_value("Yes").run()
    assert "Training sandbox" in at.info[0].value
    real = open_app()
    assert "Welcome, Ana" in texts(real)[0][1] and len(texts(real)) == 1


def test_pick_a_state_by_name(fresh):
    at = open_app(state=None)
    at.selectbox(key="state_pick").set_value("France (FRA)")
    at.text_input(key="who_input").input("Marie")
    at.get("form_submit_button")[0].click()
    at.run()
    assert "Welcome, Marie" in texts(at)[0][1] and "France (FRA)" in texts(at)[0][1]


def test_jump_to_a_provision_by_filters(fresh):
    at = open_app()
    at.selectbox(key="jump_theme").set_value("obstruction of justice").run()
    at.button(key="jump_go").click().run()
    last = texts(at)[-1][1]
    assert last.startswith("**Convention art. 23**")
    at.chat_input[0].set_value("Yes").run()
    assert "Recorded for Convention art. 23: **Yes**" in texts(at)[-1][1]


def test_switching_language_in_the_chat_moves_the_interface(fresh):
    at = open_app()
    at.chat_input[0].set_value("switch to French").run()
    assert not at.exception
    assert at.query_params["lang"] in ("fr", ["fr"])
    assert at.selectbox(key="lang_select").value == "Français"
    assert "Questionnaire" in [o for o in at.radio(key="view").options]


def test_arabic_is_shown_right_to_left_with_the_real_checklist(fresh, monkeypatch):
    monkeypatch.setenv("OMNIBUS_CHECKLIST_DIR", str(PROJECT_ROOT / "knowledge" / "checklist"))
    at = open_app(state="XXR", who="Amal", lang="ar")
    assert any("direction: rtl" in m.value for m in at.markdown)
    greeting = texts(at)[0][1]
    assert "Amal" in greeting and "ما الصكوك التي تكون دولتكم طرفًا فيها" in greeting
    at.chat_input[0].set_value("الأربعة جميعها").run()
    assert not at.exception
    reply = texts(at)[-1][1]
    assert "الأربعة جميعها" in reply  # what was recorded, named in Arabic
    from assistant.service import Omnibus
    from assistant.settings import Settings

    stored = Omnibus(Settings()).store("XXR").current()["party_to"]
    assert (stored.value, stored.lang) == (["all"], "ar")
