"""The Streamlit app through AppTest: real script, real store, real index, real accounts."""

from streamlit.testing.v1 import AppTest

from assistant.settings import PROJECT_ROOT
from tests.apptest import ADMIN, APP, PASSWORD, account, core, open_app, texts
from ui.auth import TOKEN


def test_first_run_creates_the_administrator(fresh):
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert "First run" in at.subheader[0].value
    at.text_input(key="first_username").input("Chief")
    at.text_input(key="first_password").input("short")
    at.text_input(key="first_password_again").input("short")
    at.get("form_submit_button")[0].click()
    at.run()
    assert "at least 10 characters" in at.error[0].value
    at.text_input(key="first_password").input(PASSWORD)
    at.text_input(key="first_password_again").input(PASSWORD)
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception
    assert core().accounts.get("chief").role == "admin"
    assert "Responses" in at.radio(key="page").options  # signed in as the administrator
    second = AppTest.from_file(APP, default_timeout=120).run()
    assert second.subheader[0].value == "Sign in"  # the first-run screen is gone for good


def test_login_form_and_wrong_password(fresh):
    account()
    at = open_app(user=None)
    at.text_input(key="login_username").input("ana")
    at.text_input(key="login_password").input("wrong password")
    at.get("form_submit_button")[0].click()
    at.run()
    assert "not recognised" in at.error[0].value and not at.chat_message
    at.selectbox(key="lang_select").set_value("Français").run()
    at.text_input(key="login_username").input("ana")
    at.text_input(key="login_password").input("wrong again")
    at.get("form_submit_button")[0].click()
    at.run()
    assert at.error[0].value == "Nom d'utilisateur ou mot de passe non reconnu, ou compte désactivé."
    at.selectbox(key="lang_select").set_value("English").run()
    at.text_input(key="login_password").input(PASSWORD)
    at.get("form_submit_button")[0].click()
    at.run()
    assert "Welcome, Ana" in texts(at)[0][1]
    at.button(key="logout").click().run()
    assert at.subheader[0].value == "Sign in"


def test_expired_or_forged_session_asks_to_sign_in(fresh):
    account()
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[TOKEN] = "forged-token"
    at.run()
    assert at.subheader[0].value == "Sign in" and "session has ended" in at.info[0].value


def test_temporary_password_must_be_changed(fresh):
    account()
    accounts = core().accounts
    accounts.reset_password(ADMIN, "ana", "temporary-123")
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[TOKEN] = accounts.start_session(accounts.get("ana"))
    at.run()
    assert "choose your own password" in at.info[0].value and not at.chat_message
    at.text_input(key="pw_old").input("temporary-123")
    at.text_input(key="pw_new").input("my-own-secret-9")
    at.text_input(key="pw_again").input("my-own-secret-9")
    at.get("form_submit_button")[0].click()
    at.run()
    assert not accounts.get("ana").must_change_password
    assert "Welcome, Ana" in texts(at)[0][1]


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
    at.radio(key="page").set_value("Answer history").run()
    rows = at.dataframe[0].value
    assert list(rows["Answer"]) == ["Yes", "Yes, in part"]
    assert list(rows["Replaced"]) == ["", "Yes"] and set(rows["By"]) == {"ana"}


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


def test_trainer_sandbox_keeps_training_apart(fresh):
    at = open_app(user="tess", role="trainer", state=None, name="Tess")
    assert at.radio(key="page").options == ["Training sandbox", "Change password"]
    at.text_input(key="sandbox_state_input").input("ABC")
    at.get("form_submit_button")[0].click()
    at.run()
    assert "not an ISO 3166-1 alpha-3 code" in at.error[0].value
    at.text_input(key="sandbox_state_input").input("xxa")
    at.get("form_submit_button")[0].click()
    at.run()
    assert "Training sandbox" in at.info[0].value and "Welcome, Tess" in texts(at)[0][1]
    at.chat_input[0].set_value("Yes").run()
    assert "Recorded for Convention art. 5(1): **Yes**" in texts(at)[-1][1]
    assert core().store("XXA").values() == {}  # the real database never saw it
    real = open_app()
    assert "Welcome, Ana" in texts(real)[0][1] and len(texts(real)) == 1


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
    assert "Questionnaire" in at.radio(key="page").options


def test_arabic_is_shown_right_to_left_with_the_real_checklist(fresh, monkeypatch):
    monkeypatch.setenv("OMNIBUS_CHECKLIST_DIR", str(PROJECT_ROOT / "knowledge" / "checklist"))
    at = open_app(user="amal", state="XXR", lang="ar", name="Amal")
    assert any("direction: rtl" in m.value for m in at.markdown)
    greeting = texts(at)[0][1]
    assert "Amal" in greeting and "ما الصكوك التي تكون دولتكم طرفًا فيها" in greeting
    at.chat_input[0].set_value("الأربعة جميعها").run()
    assert not at.exception
    reply = texts(at)[-1][1]
    assert "الأربعة جميعها" in reply  # what was recorded, named in Arabic
    assert "سُجِّل: **" in reply and "****" not in greeting + reply  # opening questions have no citation
    stored = core().store("XXR").current()["party_to"]
    assert (stored.value, stored.lang) == (["all"], "ar")
