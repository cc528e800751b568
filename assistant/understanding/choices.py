"""Match a free reply to the options of a choice list: by number, code, label or keyword, in any language."""

from __future__ import annotations

import re

from assistant.checklist.models import ChoiceList
from assistant.understanding.text import fold, phrase_pattern


def match_choices(text: str, choices: ChoiceList) -> list[str]:
    folded = fold(text)
    found: list[str] = []
    # numbers refer to the options as listed (1-based), but only in short replies like "1, 3 and 5"
    if re.fullmatch(r"[\d\s,;.&et and y и和、و]+", folded):
        for number in re.findall(r"\d+", folded):
            index = int(number) - 1
            if 0 <= index < len(choices.options):
                found.append(choices.options[index].code)
        return list(dict.fromkeys(found))
    # Longest matches first, and a span used by one option is not reused by another: "police and other law
    # enforcement" names the police option, not also "other".
    candidates: list[tuple[int, int, int, str]] = []
    for option in choices.options:
        phrases = [option.code.replace("_", " ")]
        phrases += list(option.label.values())
        for words in option.keywords.values():
            phrases += words
        pattern = phrase_pattern(phrases)
        if pattern:
            for m in pattern.finditer(folded):
                candidates.append((m.end() - m.start(), m.start(), m.end(), option.code))
    taken: list[tuple[int, int]] = []
    for _length, start, end, code in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        if code not in found:
            found.append(code)
    order = {o.code: i for i, o in enumerate(choices.options)}
    found.sort(key=lambda code: order[code])
    # "none" only stands when nothing substantive was named
    if "none" in found and len(found) > 1:
        found.remove("none")
    return found


def extract_integer(text: str) -> int | None:
    """The count in a reply; a year ("in 2023") is passed over when another number is given."""
    numbers = [int(re.sub(r"\D", "", m.group(1))) for m in
               re.finditer(r"(?<![\d.])(\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+|\d+)(?![\d.,]\d)", text)]
    if not numbers:
        return None
    counts = [n for n in numbers if not 1900 <= n <= 2100]
    return counts[0] if counts else numbers[0]
