"""What else belongs in a structured answer besides the status and the laws cited: years, counts and the names of
institutions ("the Financial Intelligence Unit", "la Fiscalía", "прокуратура", "检察机关")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.understanding.text import fold

# ASCII boundaries only: in Chinese a number sits right next to its word ("2022年", "30起")
_NUMBER = re.compile(r"(?<![A-Za-z0-9_.])(\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+|\d+)(?![\d.,]\d|[A-Za-z0-9_\-/])")
_YEAR = re.compile(r"(?<![A-Za-z0-9_\-/.])(1[89]\d{2}|20\d{2})(?![A-Za-z0-9_\-/])")


@dataclass
class Entities:
    years: list[int] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    institutions: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, list]:
        return {"years": self.years, "numbers": self.numbers, "institutions": self.institutions}

    def __bool__(self) -> bool:
        return bool(self.years or self.numbers or self.institutions)


def extract_entities(text: str, references: list[str], institutions: re.Pattern[str] | None) -> Entities:
    """Years and counts outside the cited laws ("Act No. 12 of 2005" is a reference, not a count), and the
    institutions named, as written in the reply."""
    masked = text
    for reference in references:
        masked = masked.replace(reference, " " * len(reference))
    years = [int(m.group(1)) for m in _YEAR.finditer(masked)]
    numbers = []
    for m in _NUMBER.finditer(masked):
        value = int(re.sub(r"\D", "", m.group(1)))
        if value not in years:
            numbers.append(value)
    return Entities(years=list(dict.fromkeys(years)), numbers=numbers,
                    institutions=_institutions(text, institutions))


def _institutions(text: str, pattern: re.Pattern[str] | None) -> list[str]:
    """`pattern`: phrase_pattern() of the names, compiled once by the caller."""
    if pattern is None:
        return []
    folded, origin = _fold_mapped(text)
    found = []
    for m in pattern.finditer(folded):
        start, end = origin[m.start()], origin[m.end() - 1] + 1
        found.append(text[start:end])
    return list(dict.fromkeys(found))


def _fold_mapped(text: str) -> tuple[str, list[int]]:
    """fold() character by character, remembering where each folded character came from in the original."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace() and out and out[-1] == " ":
            continue
        piece = " " if ch.isspace() else fold(ch)
        for c in piece:
            out.append(c)
            origin.append(i)
    return "".join(out), origin
