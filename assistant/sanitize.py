"""Input hygiene for chat messages and output hygiene for spreadsheets and Markdown."""

from __future__ import annotations

import re
import unicodedata

# C0/C1 controls and bidi overrides, except tab and newline which are legitimate in long answers.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")


class MessageError(ValueError):
    def __init__(self, key: str, **values: object):
        self.key, self.values = key, values
        super().__init__(key)


def clean_message(text: str | None, max_chars: int) -> tuple[str, bool]:
    """Normalise a chat message. Returns (clean text, whether control characters were removed).

    Raises MessageError('empty_message') or MessageError('too_long', length=, limit=).
    """
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > max_chars:
        raise MessageError("too_long", length=f"{len(text):,}", limit=f"{max_chars:,}")
    cleaned = _CONTROL.sub("", text)
    removed = cleaned != text
    cleaned = cleaned.strip()
    if not cleaned:
        raise MessageError("empty_message")
    return cleaned, removed


def neutralise_cell(value: object) -> object:
    """Stop spreadsheets from running a cell as a formula (=HYPERLINK(...), +cmd, @SUM...)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def md_escape(text: str) -> str:
    """Show user text literally in Markdown (no links, emphasis or HTML from respondents)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
