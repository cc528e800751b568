"""Interface and assistant messages, per language, from knowledge/i18n/<lang>.yaml (English as fallback)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from assistant.settings import PROJECT_ROOT

I18N_DIR = PROJECT_ROOT / "knowledge" / "i18n"


@lru_cache(maxsize=16)
def _table(folder: Path, lang: str) -> dict[str, str]:
    path = folder / f"{lang}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}


def available_languages(folder: Path = I18N_DIR) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.yaml"))


class Messages:
    def __init__(self, lang: str, folder: Path = I18N_DIR):
        self.lang = lang if (folder / f"{lang}.yaml").is_file() else "en"
        self._own = _table(folder, self.lang)
        self._en = _table(folder, "en")

    def __call__(self, key: str, **values: object) -> str:
        template = self._own.get(key) or self._en.get(key)
        if template is None:
            raise KeyError(f"no message {key!r}")
        return template.format(**values)

    def channel(self, code: str) -> str:
        """How an answer was given (chat, form, import, ...), in this language; an unknown code as it is."""
        key = f"channel_{code}"
        return self(key) if key in self._own or key in self._en else code

    def citation(self, instrument: str, article: int, paragraph: int | None = None) -> str:
        name = self(f"instrument_{instrument}")
        if paragraph is None:
            return self("citation", instrument=name, article=article)
        return self("citation_paragraph", instrument=name, article=article, paragraph=paragraph)

    def explain(self, exc: BaseException) -> str:
        """An error in this language when it names a message (assistant.errors.Explained; a `status` value is
        shown by its label), else its own (English) text."""
        key = getattr(exc, "key", None)
        values = dict(getattr(exc, "values", {}) or {})
        if "status" in values:
            values["status"] = self(f"status_{values['status']}")
        if key:
            try:
                return self(key, **values)
            except KeyError:
                pass
        return str(exc)
