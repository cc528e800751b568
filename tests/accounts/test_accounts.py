"""Accounts on a real SQLite file: argon2 hashes, first administrator, scope, attempt limits, sessions."""

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.access.actor import Actor
from assistant.access.policy import Forbidden
from assistant.accounts.service import AccountError, Accounts, LoginError
from assistant.store.database import make_engine
from assistant.store.schema import AuditEvent, AuthSession, LoginAttempt, User, utcnow

PASSWORD = "correct-horse-1"


@pytest.fixture
def accounts(tmp_path):
    return Accounts(make_engine(f"sqlite:///{tmp_path / 'omnibus.db'}"))


@pytest.fixture
def admin(accounts):
    return accounts.create_first_admin("admin", PASSWORD, "Ada").actor()


def test_first_administrator_only_once(accounts):
    assert not accounts.has_admin()
    account = accounts.create_first_admin("Admin", PASSWORD)
    assert (account.username, account.role, account.state) == ("admin", "admin", None)
    with pytest.raises(Forbidden, match="already exists"):
        accounts.create_first_admin("other", PASSWORD)


def test_passwords_are_argon2_hashes_never_stored_or_logged(accounts, caplog):
    caplog.set_level(logging.DEBUG)
    accounts.create_first_admin("admin", PASSWORD)
    accounts.authenticate("admin", PASSWORD)
    with pytest.raises(LoginError):
        accounts.authenticate("admin", "wrong-password-9")
    with Session(accounts.engine) as session:
        stored = session.scalar(select(User.password_hash))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert PASSWORD not in caplog.text and "wrong-password-9" not in caplog.text


@pytest.mark.parametrize("username,password,problem", [
    ("ab", "short", "at least 10"),
    ("longpassword", "longpassword", "not be the user name"),
    ("bad name!", PASSWORD, "user name has"),
    ("x" * 90, PASSWORD, "user name has"),
])
def test_clear_messages_for_bad_accounts(accounts, admin, username, password, problem):
    with pytest.raises(AccountError, match=problem):
        accounts.create(admin, username, password, "reviewer")


def test_state_roles_need_a_valid_state_and_names_are_unique(accounts, admin):
    with pytest.raises(AccountError, match="belong to a State"):
        accounts.create(admin, "fp", PASSWORD, "focal_point")
    with pytest.raises(ValueError, match="ISO 3166"):
        accounts.create(admin, "fp", PASSWORD, "focal_point", "ABC")
    accounts.create(admin, "fp", PASSWORD, "focal_point", "xxa")
    with pytest.raises(AccountError, match="taken"):
        accounts.create(admin, "FP", PASSWORD, "contributor", "XXA")
    assert accounts.get("fp").state == "XXA"
    assert accounts.create(admin, "rev", PASSWORD, "reviewer", "XXA").state is None  # Secretariat: no State


def test_focal_points_manage_their_own_contributors_only(accounts, admin):
    fp = accounts.create(admin, "fp.a", PASSWORD, "focal_point", "XXA").actor()
    accounts.create(admin, "fp.b", PASSWORD, "focal_point", "XXB")
    accounts.create(fp, "c.a", PASSWORD, "contributor", "XXA")
    accounts.create(admin, "c.b", PASSWORD, "contributor", "XXB")
    with pytest.raises(Forbidden):
        accounts.create(fp, "c.x", PASSWORD, "contributor", "XXB")
    with pytest.raises(Forbidden):
        accounts.create(fp, "r", PASSWORD, "reviewer")
    with pytest.raises(Forbidden):
        accounts.set_active(fp, "c.b", False)
    with pytest.raises(Forbidden):
        accounts.reset_password(fp, "fp.b", "another-pass-1")
    assert [a.username for a in accounts.list(fp)] == ["c.a", "fp.a"]
    assert len(accounts.list(admin)) == 5
    accounts.set_active(fp, "c.a", False)
    with pytest.raises(LoginError):
        accounts.authenticate("c.a", PASSWORD)
    with Session(accounts.engine) as session:
        actions = [(e.actor, e.action, e.target) for e in session.scalars(select(AuditEvent))]
    assert ("fp.a", "account_created", "c.a") in actions and ("fp.a", "account_disabled", "c.a") in actions


def test_login_attempts_are_limited(accounts, admin):
    accounts.create(admin, "ana", PASSWORD, "focal_point", "XXA")
    now = utcnow()
    for i in range(5):
        with pytest.raises(LoginError, match="not recognised"):
            accounts.authenticate("ana", f"guess-{i}-xxxxx", now=now)
    with pytest.raises(LoginError, match="Too many failed attempts"):
        accounts.authenticate("ana", PASSWORD, now=now + timedelta(minutes=1))  # even the right password
    assert accounts.authenticate("ana", PASSWORD, now=now + timedelta(minutes=17)).username == "ana"
    with Session(accounts.engine) as session:
        assert session.scalar(select(LoginAttempt).where(LoginAttempt.succeeded)).username == "ana"


def test_unknown_user_names_are_limited_too(accounts):
    for _ in range(5):
        with pytest.raises(LoginError):
            accounts.authenticate("nobody", "whatever-123")
    with pytest.raises(LoginError, match="Too many"):
        accounts.authenticate("nobody", "whatever-123")


def test_sessions_expire_when_idle_or_old_and_end_on_logout(accounts, admin):
    account = accounts.create(admin, "ana", PASSWORD, "focal_point", "XXA")
    start = utcnow()
    token = accounts.start_session(account, now=start)
    assert accounts.resolve(token, now=start + timedelta(minutes=59)).username == "ana"
    assert accounts.resolve(token, now=start + timedelta(minutes=59 + 61)) is None  # idle > 60 min
    assert accounts.resolve(token, now=start + timedelta(minutes=60)) is None  # ended for good
    old = accounts.start_session(account, now=start)
    for minutes in range(30, 12 * 60, 30):  # active every half hour ...
        assert accounts.resolve(old, now=start + timedelta(minutes=minutes)) is not None
    assert accounts.resolve(old, now=start + timedelta(hours=12, minutes=1)) is None  # ... but 12 h at most
    third = accounts.start_session(account)
    accounts.end_session(third)
    assert accounts.resolve(third) is None
    assert accounts.resolve("forged") is None and accounts.resolve(None) is None
    with Session(accounts.engine) as session:
        assert all(len(s.token_hash) == 64 for s in session.scalars(select(AuthSession)))


def test_reset_ends_sessions_and_forces_a_new_password(accounts, admin):
    account = accounts.create(admin, "ana", PASSWORD, "focal_point", "XXA", must_change_password=False)
    token = accounts.start_session(account)
    accounts.reset_password(admin, "ana", "temporary-123")
    assert accounts.resolve(token) is None
    assert accounts.authenticate("ana", "temporary-123").must_change_password
    with pytest.raises(LoginError):
        accounts.change_password("ana", "wrong-one-123", "my-own-secret-9")
    accounts.change_password("ana", "temporary-123", "my-own-secret-9")
    assert not accounts.authenticate("ana", "my-own-secret-9").must_change_password


def test_disabling_ends_sessions_and_not_yourself(accounts, admin):
    account = accounts.create(admin, "ana", PASSWORD, "focal_point", "XXA")
    token = accounts.start_session(account)
    accounts.set_active(admin, "ana", False)
    assert accounts.resolve(token) is None
    with pytest.raises(AccountError, match="your own account"):
        accounts.set_active(Actor("admin", "admin"), "admin", False)


def test_two_first_run_screens_at_once_give_one_administrator(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    engine = make_engine(f"sqlite:///{tmp_path / 'race.db'}")

    def attempt(i):
        try:
            return Accounts(engine).create_first_admin(f"admin{i}", PASSWORD).username
        except Forbidden:
            return None

    with ThreadPoolExecutor(4) as pool:
        created = [name for name in pool.map(attempt, range(4)) if name]
    assert len(created) == 1
