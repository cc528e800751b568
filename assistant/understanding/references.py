"""Find references to laws and provisions in a reply ("section 12 of the Organized Crime Act 2011")."""

from __future__ import annotations

import re

_NUMBER = r"\d+(?:[\.\-]\d+)*[a-z]?(?:\s*\([0-9a-z]{1,4}\))*"
_YEAR = r"(?:1[89]|20)\d{2}"
_ADJ = r"(?:p[ée]nal|penal|criminel|de proc[ée]dure p[ée]nale|civil)"


def _alternation(words: list[str]) -> str:
    escaped = sorted({re.escape(w.strip()) for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(escaped)


def extract_references(text: str, units: list[str], laws: list[str]) -> list[str]:
    """Spans that cite provisions or laws, in reading order, without duplicates or nested repeats."""
    unit = _alternation(units)
    law = _alternation(laws)
    patterns = [
        # section 12 of the Organized Crime Act 2011 / articles 45 to 49 of the Penal Code / art. 450-1 du Code pénal
        rf"(?:{unit})\s*{_NUMBER}(?:\s*(?:to|and|-|–|à|et|a|y|al)\s*{_NUMBER})?"
        rf"(?:\s+(?:of|of the|du|de la|de l'|de|del|de los)\s+(?:the\s+)?"
        rf"(?:[\w'’\-]+\s+){{0,6}}?(?:{law})\b(?:\s+{_ADJ})?(?:\s+(?:No\.?|n°|nº|no)\s*[\w\-/]+)?"
        rf"(?:\s*(?:of|de|du)?\s*{_YEAR})?)?",
        # Act No. 12 of 2005 / Law No. 2005-12 / loi n° 2005-750
        rf"\b(?:{law})\s+(?:No\.?|n°|nº|no\.?|number)\s*[\w\-/]+(?:\s+(?:of|de|du)\s+{_YEAR})?",
        # the Organized Crime Act 2011 / Penal Code / Code pénal
        rf"\b(?:[A-Z][\w'’\-]+\s+){{1,6}}(?:{_alternation([w.capitalize() for w in laws])})\b(?:\s*(?:of\s+)?{_YEAR})?",
        rf"\b(?:Code|Loi|Ley|Código|Codigo)\s+(?:p[ée]nal|penal|criminel|de procédure pénale)\b",
    ]
    spans: list[tuple[int, int]] = []
    for pattern in patterns:
        for m in re.finditer(pattern, text, flags=re.IGNORECASE if pattern is not patterns[2] else 0):
            start, end = m.span()
            span_text = text[start:end].strip(" ,.;:")
            if not re.search(r"\d|[A-Z]", span_text):
                continue
            spans.append((start, start + len(text[start:end].rstrip(" ,.;:"))))
    # drop spans inside other spans
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int]] = []
    for span in spans:
        if any(s <= span[0] and span[1] <= e for s, e in kept):
            continue
        kept.append(span)
    out: list[str] = []
    for start, end in kept:
        value = text[start:end].strip()
        if value.lower().startswith("the "):
            value = value[4:]
        if value and value not in out:
            out.append(value)
    return out
