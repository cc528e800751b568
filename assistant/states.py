"""State codes and names: ISO 3166-1 alpha-3 (names in the six UN languages from pycountry), plus the
user-assigned ranges (AAA-AAZ, QMA-QZZ, XAA-XZZ, ZZA-ZZZ) for fictional States in training and tests."""

from __future__ import annotations

import gettext
import re
from functools import lru_cache

import pycountry

_LOCALES = {"ar": "ar", "en": "en", "es": "es", "fr": "fr", "ru": "ru", "zh": "zh_CN"}


def is_user_assigned(code: str) -> bool:
    return bool(re.fullmatch(r"AA[A-Z]|Q[M-Z][A-Z]|X[A-Z][A-Z]|ZZ[A-Z]", code))


def is_known(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code) is not None or is_user_assigned(code)


@lru_cache(maxsize=8)
def _translate(lang: str):  # type: ignore[no-untyped-def]
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[_LOCALES.get(lang, "en")]).gettext
    except OSError:
        return lambda text: text


def state_name(code: str, lang: str = "en") -> str:
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return _translate(lang)(country.name)


@lru_cache(maxsize=8)
def state_options(lang: str = "en") -> list[tuple[str, str]]:
    """(code, name) for every ISO State, sorted by name in that language."""
    options = [(c.alpha_3, _translate(lang)(c.name)) for c in pycountry.countries]
    return sorted(options, key=lambda item: item[1].casefold())


def state_label(code: str, lang: str = "en") -> str:
    """"France (FRA)"; a fictional State, which has no name, is just its code."""
    name = state_name(code, lang)
    return code if name == code else f"{name} ({code})"
