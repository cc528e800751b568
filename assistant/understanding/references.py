"""Find references to laws and provisions in a reply ("section 12 of the Organized Crime Act 2011")."""

from __future__ import annotations

import re

_NUMBER = r"\d+(?:[\.\-]\d+)*[a-z]?(?:\s*\([0-9a-z]{1,4}\))*"
_YEAR = r"(?:1[89]|20)\d{2}"
_ADJ = r"(?:p[ée]nal|penal|criminel|de proc[ée]dure p[ée]nale|civil)"
_NO = r"(?:No\.?|n°|nº|no\.?|number|№|رقم)"
_YEAR_OF = rf"(?:\s*(?:of|de|du|لسنة|لعام|года|г\.)?\s*{_YEAR}(?:\s*(?:года|г\.))?)"
# "of the" between a provision and its law, in the six languages; Russian puts the law in the genitive with no
# word between ("статьёй 210 Уголовного кодекса"), so a capitalised word may follow directly
_OF = r"(?:\s+(?:of|of the|du|de la|de l'|de|del|de los|من)\s+|\s+(?=(?-i:[A-ZА-ЯЁ])))"
_CJK_NUM = r"[一二三四五六七八九十百千零〇两\d]+"
_DETERMINERS = re.compile(r"^(?:the|our|this|its|their|la|el|le|les|los|las|notre|nuestra|nuestro|nuestras)\s+",
                          re.IGNORECASE)
_ARABIC = "\u0600-\u06FF"


def _alternation(words: list[str]) -> str:
    escaped = sorted({re.escape(w.strip()) for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(escaped)


def extract_references(text: str, units: list[str], laws: list[str]) -> list[str]:
    """Spans that cite provisions or laws, in reading order, without duplicates or nested repeats."""
    unit = _alternation(units)
    law = _alternation(laws)
    arabic_names = _alternation([w for w in laws if " " in w and re.search(f"[{_ARABIC}]", w)]) or "(?!)"
    capitalised = _alternation([w.capitalize() for w in laws if w[:1].isalpha() and w[:1].lower() != w[:1].upper()])
    patterns: list[tuple[str, int]] = [
        # section 12 of the Organized Crime Act 2011 / articles 45 to 49 of the Penal Code / art. 450-1 du Code pénal
        # / المادة 2 من القانون رقم 64 لسنة 2010 / статьёй 210 Уголовного кодекса
        (rf"(?:{unit})\s*{_NUMBER}(?:\s*(?:to|and|-|–|à|et|a|y|al|и|до|إلى)\s*{_NUMBER})?"
         rf"(?:{_OF}(?:the\s+)?"
         rf"(?:[\w'’\-]+\s+){{0,6}}?(?:{law})\b(?:\s+{_ADJ})?(?:\s+{_NO}\s*[\w\-/]+|\s+\d+(?:[\-/]\d+)*)?"
         rf"{_YEAR_OF}?)?", re.IGNORECASE),
        # Act No. 12 of 2005 / Law No. 2005-12 / loi n° 2005-750 / Федеральным законом № 115-ФЗ / القانون رقم 64
        (rf"(?:\b[а-яё\-]+(?:ым|ого|ый|ой|ом|ая|ое|ий)\s+)?(?:\b|(?<=\s)|^)(?:{law})\s+{_NO}\s*[\w\-/]+"
         rf"{_YEAR_OF}?", re.IGNORECASE),
        # the Organized Crime Act 2011 / Penal Code / Code pénal
        (rf"\b(?:[A-Z][\w'’\-]+\s+){{1,6}}(?:{capitalised})\b(?:\s*(?:of\s+)?{_YEAR})?", 0),
        (r"\b(?:Code|Loi|Ley|Código|Codigo)\s+(?:p[ée]nal|penal|criminel|de procédure pénale)\b", re.IGNORECASE),
        # Ley Federal contra la Delincuencia Organizada / Act on the Prevention of Organized Crime
        (r"\b(?:Ley|Loi|Código|Codigo|Code|Law|Act)(?:\s+(?:(?:contra|la|las|los|de|del|sobre|para|relativa|relativo|"
         r"al|sur|pour|relative|des|du|aux|on|against|of|the|for|to)\s+)*[A-ZÁÉÍÓÚÑ][\w\-]+)+", 0),
        # 《刑法》第二百九十四条 / 《反有组织犯罪法》
        (rf"《[^》]{{1,40}}》(?:第{_CJK_NUM}条(?:之{_CJK_NUM})?(?:第{_CJK_NUM}款)?)?", 0),
        # قانون مكافحة الجريمة المنظمة / قانون العقوبات (a law word, then a name in the construct state)
        # (a law the lexicon names in full, "قانون العقوبات", is taken as it is)
        (rf"(?:{arabic_names})(?![{_ARABIC}])"
         rf"|(?:القانون|قانون)(?:\s+(?!ال)[{_ARABIC}]+)?(?:\s+ال[{_ARABIC}]+){{1,3}}", 0),
    ]
    bare_laws = {w.lower() for w in laws if len(w.split()) == 1}
    spans: list[tuple[int, int]] = []
    for pattern, flags in patterns:
        for m in re.finditer(pattern, text, flags=flags):
            start, end = m.span()
            span_text = text[start:end].strip(" ,.;:،")
            if not re.search(rf"\d|[A-ZА-ЯЁ]|《|[{_ARABIC}]", span_text):
                continue
            spans.append((start, start + len(text[start:end].rstrip(" ,.;:،"))))
    # where spans overlap the longest wins ("La Ley" inside "Ley Federal contra ..."); then reading order
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    kept: list[tuple[int, int]] = []
    for span in spans:
        if any(span[0] < e and s < span[1] for s, e in kept):
            continue
        kept.append(span)
    out: list[str] = []
    for start, end in sorted(kept):
        value = _DETERMINERS.sub("", text[start:end].strip())
        if value.lower() in bare_laws:  # "La Ley", "the Act": a determiner and a law word name nothing
            continue
        if value and value not in out:
            out.append(value)
    return out
