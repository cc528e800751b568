"""Errors that the interface shows in the user's language: `key` names a message of knowledge/i18n, `values` fill
its placeholders; the English text stays the exception's message (command line, logs)."""

from __future__ import annotations


class Explained(Exception):
    def __init__(self, message: str, key: str | None = None, **values: object):
        super().__init__(message)
        self.key = key
        self.values = values
