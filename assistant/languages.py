"""The six UN languages (from knowledge/languages.yaml) and a light guess of a text's language."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant.settings import LANGUAGES, PROJECT_ROOT


@lru_cache(maxsize=1)
def language_table(path: Path = PROJECT_ROOT / "knowledge" / "languages.yaml") -> dict[str, dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["languages"]


def is_rtl(lang: str) -> bool:
    return bool(language_table().get(lang, {}).get("rtl"))


def guess_language(text: str, default: str = "en") -> str:
    """Script first (Arabic, Cyrillic, Han), then frequent words for Latin-script languages."""
    if re.search(r"[\u0600-\u06ff]", text):
        return "ar"
    if re.search(r"[\u0400-\u04ff]", text):
        return "ru"
    if re.search(r"[\u4e00-\u9fff]", text):
        return "zh"
    words = re.findall(r"[a-zà-ÿ']+", text.lower().replace("'", " "))
    best, best_hits = default, 0
    for code, info in language_table().items():
        common = set(info.get("common", []))
        hits = sum(1 for w in words if w in common)
        if hits > best_hits:
            best, best_hits = code, hits
    return best if best in LANGUAGES else default


@lru_cache(maxsize=1)
def language_aliases() -> dict[str, str]:
    """Folded names of each language, in any language ("francais", "french", "французский" -> fr)."""
    from assistant.understanding.text import fold

    out: dict[str, str] = {}
    for code, info in language_table().items():
        for alias in [info["name"], info["english"], *info.get("aliases", [])]:
            out[fold(alias)] = code
    return out
