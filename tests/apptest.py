"""Helpers for AppTest: accounts with a session token, opening the app signed in, reading the chat."""

from streamlit.testing.v1 import AppTest

from assistant.access.actor import Actor
from assistant.service import Omnibus
from assistant.settings import PROJECT_ROOT, Settings
from ui.auth import TOKEN

APP = str(PROJECT_ROOT / "app.py")
PASSWORD = "correct-horse-1"
ADMIN = Actor("admin", "admin")


def core() -> Omnibus:
    return Omnibus(Settings())


def account(username="ana", role="focal_point", state="XXA", name="Ana"):
    """The account (created with the administrator on first use) and a session token for it."""
    accounts = core().accounts
    if not accounts.has_admin():
        accounts.create_first_admin("admin", PASSWORD, "Ada Admin")
    found = accounts.get(username)
    if found is None:
        found = accounts.create(ADMIN, username, PASSWORD, role, state, name, must_change_password=False)
    return accounts.start_session(found)


def open_app(user="ana", role="focal_point", state="XXA", lang="en", name="Ana", page=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    if user:
        at.session_state[TOKEN] = account(user, role, state, name)
    at.run()
    assert not at.exception, at.exception
    if page:
        at.radio(key="page").set_value(page).run()
        assert not at.exception, at.exception
    return at


def texts(at):
    return [(m.name, m.markdown[0].value) for m in at.chat_message]
