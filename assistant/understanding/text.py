"""Text normalisation shared by the interpreter and the retrieval keyword ranker."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "«": " ", "»": " "})


def fold(text: str) -> str:
    """Lower-case, strip accents (é -> e), unify apostrophes and collapse spaces."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text.lower()).strip()


def phrase_pattern(phrases: list[str]) -> re.Pattern[str] | None:
    """One regex matching any phrase on word boundaries (works for Latin, Cyrillic; CJK/Arabic match as substrings)."""
    parts = []
    for phrase in sorted({fold(p) for p in phrases if p}, key=len, reverse=True):
        escaped = re.escape(phrase)
        left = r"(?<!\w)" if phrase[0].isalnum() else ""
        right = r"(?!\w)" if phrase[-1].isalnum() and not _is_cjk(phrase[-1]) else ""
        if _is_cjk(phrase[0]):
            left = ""
        parts.append(f"{left}{escaped}{right}")
    return re.compile("|".join(parts)) if parts else None


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
