"""Password hashing (argon2id, the argon2-cffi defaults) and the password policy."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from assistant.errors import Explained

_HASHER = PasswordHasher()
MAX_LENGTH = 256


class PasswordPolicyError(Explained, ValueError):
    pass


def check_policy(password: str, username: str, min_length: int) -> None:
    if len(password) < min_length:
        raise PasswordPolicyError(f"The password must have at least {min_length} characters.",
                                  "password_too_short", min=min_length)
    if len(password) > MAX_LENGTH:
        raise PasswordPolicyError(f"The password must have at most {MAX_LENGTH} characters.",
                                  "password_too_long", max=MAX_LENGTH)
    if password.strip().casefold() == username.strip().casefold():
        raise PasswordPolicyError("The password must not be the user name.", "password_is_username")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _HASHER.check_needs_rehash(stored_hash)


# Verified against when the user does not exist, so a wrong user name costs as long as a wrong password.
DUMMY_HASH = _HASHER.hash("no such user: constant-time answer")
