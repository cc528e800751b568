"""Accounts: creation within the creator's scope, login with attempt limits, password resets, sessions.

Passwords are hashed with argon2id and never stored, logged or returned; sessions are opaque random tokens of
which only a SHA-256 hash is stored."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from assistant.access.actor import ADMIN, ROLES, STATE_ROLES, Actor
from assistant.access.policy import Forbidden, can_manage_account
from assistant.accounts.passwords import (
    DUMMY_HASH,
    PasswordPolicyError,
    check_policy,
    hash_password,
    needs_rehash,
    verify_password,
)
from assistant.errors import Explained
from assistant.store.answers import aware, normalise_state
from assistant.store.schema import AuditEvent, AuthSession, LoginAttempt, User, utcnow

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,79}$")


class AccountError(Explained, ValueError):
    pass


class LoginError(AccountError):
    pass


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: str
    state: str | None
    organisation: str
    active: bool
    must_change_password: bool
    created_at: datetime
    created_by: str

    def actor(self) -> Actor:
        return Actor(self.username, self.role, self.state, self.display_name)


def _account(row: User) -> Account:
    return Account(row.username, row.display_name, row.role, row.state, row.organisation, row.active,
                   row.must_change_password, aware(row.created_at), row.created_by)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_username(username: str) -> str:
    name = (username or "").strip().lower()
    if not USERNAME.match(name):
        raise AccountError("A user name has 2 to 80 characters: lower-case letters, digits, '.', '_', '-' or '@'.",
                           "username_invalid")
    return name


class Accounts:
    def __init__(self, engine: Engine, *, min_length: int = 10, max_failures: int = 5, window_minutes: int = 15,
                 idle_minutes: int = 60, max_hours: int = 12):
        self.engine = engine
        self.min_length = min_length
        self.max_failures = max_failures
        self.window = timedelta(minutes=window_minutes)
        self.idle = timedelta(minutes=idle_minutes)
        self.max_age = timedelta(hours=max_hours)

    # queries ---------------------------------------------------------------------------------------------
    def has_admin(self) -> bool:
        with Session(self.engine) as session:
            return bool(session.scalar(select(func.count(User.id)).where(User.role == ADMIN, User.active)))

    def any_account(self) -> bool:
        with Session(self.engine) as session:
            return bool(session.scalar(select(func.count(User.id))))

    def get(self, username: str) -> Account | None:
        with Session(self.engine) as session:
            row = session.scalar(select(User).where(User.username == username.strip().lower()))
            return _account(row) if row else None

    def list(self, actor: Actor) -> list[Account]:
        """Accounts the actor manages: all for administrators, their State's for focal points."""
        query = select(User).order_by(User.role, User.username)
        if actor.role != ADMIN:
            if actor.state is None:
                return []
            query = query.where(User.state == actor.state)
        with Session(self.engine) as session:
            return [_account(r) for r in session.scalars(query)]

    # changes -----------------------------------------------------------------------------------------------
    def create_first_admin(self, username: str, password: str, display_name: str = "") -> Account:
        """The first run: anyone at the console or the first-run screen may create one administrator, once."""
        return self._create(Actor("first-run", ADMIN), username, password, ADMIN, None, display_name, "",
                            first_admin=True)

    def create(self, actor: Actor, username: str, password: str, role: str, state: str | None = None,
               display_name: str = "", organisation: str = "", must_change_password: bool = True) -> Account:
        if role not in ROLES:
            raise AccountError(f"Unknown role {role!r}: use one of {', '.join(ROLES)}.")
        if role in STATE_ROLES:
            if not state:
                raise AccountError("Focal points and contributors belong to a State: give its code.", "state_needed")
            state = normalise_state(state)
        else:
            state = None
        can_manage_account(actor, role, state)
        return self._create(actor, username, password, role, state, display_name, organisation,
                            must_change_password)

    def _create(self, actor: Actor, username: str, password: str, role: str, state: str | None,
                display_name: str, organisation: str, must_change_password: bool = False,
                first_admin: bool = False) -> Account:
        name = normalise_username(username)
        try:
            check_policy(password, name, self.min_length)
        except PasswordPolicyError as exc:
            raise AccountError(str(exc), exc.key, **exc.values) from exc
        with Session(self.engine) as session:
            # checked in the writing transaction (SQLite takes its write lock first): two first-run screens
            # submitted at once give one administrator
            if first_admin and session.scalar(select(func.count(User.id)).where(User.role == ADMIN, User.active)):
                raise Forbidden("An administrator already exists: ask them for an account.", "admin_exists")
            if session.scalar(select(User.id).where(User.username == name)) is not None:
                raise AccountError(f"The user name {name!r} is taken.", "username_taken", username=name)
            row = User(username=name, display_name=display_name.strip()[:200], role=role, state=state,
                       organisation=organisation.strip()[:200], password_hash=hash_password(password),
                       must_change_password=must_change_password, created_by=actor.username)
            session.add(row)
            session.add(AuditEvent(actor=actor.username, action="account_created", state=state, target=name,
                                   detail={"role": role}))
            session.commit()
            return _account(row)

    def _managed(self, session: Session, actor: Actor, username: str) -> User:
        row = session.scalar(select(User).where(User.username == username.strip().lower()))
        if row is None:
            raise AccountError(f"No account {username!r}.")
        can_manage_account(actor, row.role, row.state)
        return row

    def set_active(self, actor: Actor, username: str, active: bool) -> None:
        with Session(self.engine) as session:
            row = self._managed(session, actor, username)
            if row.username == actor.username and not active:
                raise AccountError("You cannot disable your own account.", "disable_self")
            row.active = active
            if not active:
                self._end_sessions(session, row.id)
            session.add(AuditEvent(actor=actor.username, action="account_enabled" if active else "account_disabled",
                                   state=row.state, target=row.username))
            session.commit()

    def reset_password(self, actor: Actor, username: str, new_password: str) -> None:
        """An administrator or focal point sets a temporary password; the user must change it at next login."""
        with Session(self.engine) as session:
            row = self._managed(session, actor, username)
            self._set_password(row, new_password)
            row.must_change_password = True
            self._end_sessions(session, row.id)
            session.add(AuditEvent(actor=actor.username, action="password_reset", state=row.state,
                                   target=row.username))
            session.commit()

    def change_password(self, username: str, old_password: str, new_password: str) -> None:
        with Session(self.engine) as session:
            row = session.scalar(select(User).where(User.username == username))
            if row is None or not verify_password(row.password_hash, old_password):
                raise LoginError("The current password is not right.", "password_current_wrong")
            if old_password == new_password:
                raise AccountError("Choose a password different from the current one.", "password_same")
            self._set_password(row, new_password)
            row.must_change_password = False
            session.add(AuditEvent(actor=row.username, action="password_changed", state=row.state,
                                   target=row.username))
            session.commit()

    def _set_password(self, row: User, password: str) -> None:
        try:
            check_policy(password, row.username, self.min_length)
        except PasswordPolicyError as exc:
            raise AccountError(str(exc), exc.key, **exc.values) from exc
        row.password_hash = hash_password(password)

    # login and sessions -------------------------------------------------------------------------------------
    def authenticate(self, username: str, password: str, now: datetime | None = None) -> Account:
        """The account, or LoginError. After max_failures failed attempts within the window, further attempts
        are refused (right password or not) until the window has passed since the last failure."""
        now = now or utcnow()
        name = (username or "").strip().lower()[:80]
        with Session(self.engine) as session:
            recent = session.scalars(
                select(LoginAttempt).where(LoginAttempt.username == name, LoginAttempt.at > now - self.window)
                .order_by(LoginAttempt.id.desc())).all()
            failures = 0
            for attempt in recent:
                if attempt.succeeded:
                    break
                failures += 1
            if failures >= self.max_failures:
                session.add(LoginAttempt(username=name, succeeded=False, at=now))
                session.commit()
                minutes = int(self.window.total_seconds() // 60)
                raise LoginError(f"Too many failed attempts: try again in {minutes} minutes, or ask your "
                                 "administrator to reset your password.", "login_locked", minutes=minutes)
            row = session.scalar(select(User).where(User.username == name))
            ok = verify_password(row.password_hash if row else DUMMY_HASH, password or "")
            ok = ok and row is not None and row.active
            session.add(LoginAttempt(username=name, succeeded=ok, at=now))
            if ok and row is not None and needs_rehash(row.password_hash):
                row.password_hash = hash_password(password)
            session.commit()
            if not ok or row is None:
                raise LoginError("User name or password not recognised, or the account is disabled.",
                                 "login_failed")
            return _account(row)

    def start_session(self, account: Account, now: datetime | None = None) -> str:
        token = secrets.token_urlsafe(32)
        now = now or utcnow()
        with Session(self.engine) as session:
            user_id = session.scalar(select(User.id).where(User.username == account.username))
            session.add(AuthSession(token_hash=_token_hash(token), user_id=user_id, created_at=now,
                                    last_seen_at=now))
            session.commit()
        return token

    def resolve(self, token: str | None, now: datetime | None = None) -> Account | None:
        """The session's account while it is valid (and refreshes its idle timer), else None."""
        if not token:
            return None
        now = now or utcnow()
        with Session(self.engine) as session:
            row = session.scalar(select(AuthSession).where(AuthSession.token_hash == _token_hash(token)))
            if row is None or row.ended_at is not None:
                return None
            user = session.get(User, row.user_id)
            expired = (now - aware(row.last_seen_at) > self.idle or now - aware(row.created_at) > self.max_age)
            if expired or user is None or not user.active:
                row.ended_at = now
                session.commit()
                return None
            row.last_seen_at = now
            session.commit()
            return _account(user)

    def end_session(self, token: str | None) -> None:
        if not token:
            return
        with Session(self.engine) as session:
            row = session.scalar(select(AuthSession).where(AuthSession.token_hash == _token_hash(token)))
            if row is not None and row.ended_at is None:
                row.ended_at = utcnow()
                session.commit()

    @staticmethod
    def _end_sessions(session: Session, user_id: int) -> None:
        for row in session.scalars(select(AuthSession).where(AuthSession.user_id == user_id,
                                                             AuthSession.ended_at.is_(None))):
            row.ended_at = utcnow()
