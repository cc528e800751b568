"""Reading a free reply offline: is it an answer (and which status), a question, or a command?

Cues live in knowledge/understanding/<lang>.yaml so that languages are data, not code. The rules are ordered so
that a hedge or a negation wins over a bare "yes": "Yes, but companies are not covered" is in part, and
"Not yet, a bill is before Parliament" is no. Replies in another language than the interface one are read with
all lexicons, the interface language first.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from assistant.understanding.entities import Entities, extract_entities
from assistant.understanding.references import extract_references
from assistant.understanding.text import fold, phrase_pattern

Intent = Literal["answer", "question", "command"]
STATUS_ORDER = ("unknown", "in_part", "no", "yes")
COMMANDS = ("skip", "back", "pause", "why")


@dataclass
class Interpretation:
    intent: Intent
    value: str | None = None
    command: str | None = None
    references: list[str] = field(default_factory=list)
    lang: str = "en"
    cue: str | None = None  # the words that decided, shown when confirming
    argument: dict[str, Any] | None = None  # goto: {"instrument", "article", "paragraph"}; language: {"lang"}
    uncertain: bool = False  # conflicting cues: the dialogue asks for confirmation before recording
    entities: Entities = field(default_factory=Entities)  # years, counts, institutions named

    def to_json(self, entities: bool = False) -> dict[str, Any]:
        """The public shape of `omnibus interpret --json` (plus "argument" for commands that take one, and
        "entities" {"years", "numbers", "institutions"} when asked for: the named shape stays as it was)."""
        data = asdict(self)
        # "why" is a dialogue command but not one of the public command values
        if data["command"] == "why":
            data["command"] = None
            data["intent"] = "question"
        out = {k: data[k] for k in ("intent", "value", "command", "references")}
        if self.argument is not None:
            out["argument"] = self.argument
        if entities:
            out["entities"] = self.entities.to_json()
        return out


# commands that may open a longer reply ("pause, I'll continue tomorrow"); not "reuse" or "why", which could
# open an answer ("same as before, but ...")
CLAUSE_COMMANDS = frozenset({"skip", "back", "pause", "help", "answers"})


@dataclass
class _Lexicon:
    lang: str
    commands: dict[str, re.Pattern[str]]
    command_phrases: dict[str, set[str]]
    status: dict[str, re.Pattern[str]]
    question_starts: re.Pattern[str] | None
    units: list[str]
    laws: list[str]
    goto: re.Pattern[str] | None
    switch: re.Pattern[str] | None
    instruments: dict[str, re.Pattern[str]]
    neutral: re.Pattern[str] | None  # negations that confirm ("no exception", "sans exception"): not a "no"
    contrast: re.Pattern[str] | None  # "but", "mais", "但": a yes then a no across one of these is "in part"
    fillers: re.Pattern[str] | None  # "let's", "please", "for now", "吧": ignored when matching commands
    question_contains: re.Pattern[str] | None  # question words that may sit anywhere (Chinese "什么", "吗")
    institutions: list[str]  # names of institutions, as officials write them
    command_cues: dict[str, re.Pattern[str]]  # command wording found anywhere in a short request
    firm_no: re.Pattern[str] | None  # an opening "No." that a later "only ..." qualifies rather than softens
    strong_in_part: re.Pattern[str] | None  # "partly", "not fully": in part even after an opening "No"
    whole: dict[str, set[str]]  # one-word replies that are a status on their own (Chinese "是", "没有")
    hedges: re.Pattern[str] | None  # "as far as I know", "je regrette": openers that affirm nothing


def _load_lexicon(path: Path) -> _Lexicon:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    commands = data.get("commands", {})
    status = data.get("status", {})
    refs = data.get("references", {})
    return _Lexicon(
        lang=path.stem,
        commands={k: p for k, v in commands.items() if (p := phrase_pattern(v))},
        command_phrases={k: {fold(x).rstrip("?!. ") for x in v} for k, v in commands.items()},
        status={k: p for k, v in status.items() if (p := phrase_pattern(v))},
        question_starts=phrase_pattern(data.get("question", {}).get("starts", [])),
        units=refs.get("units", []),
        laws=refs.get("laws", []),
        goto=phrase_pattern(data.get("goto", [])),
        switch=phrase_pattern(data.get("switch_language", [])),
        instruments={k: p for k, v in data.get("instruments", {}).items() if (p := phrase_pattern(v))},
        neutral=phrase_pattern(data.get("neutral", [])),
        contrast=phrase_pattern(data.get("contrast", [])),
        fillers=phrase_pattern(data.get("fillers", [])),
        question_contains=phrase_pattern(data.get("question", {}).get("contains", [])),
        institutions=list(data.get("institutions", [])),
        command_cues={k: p for k, v in data.get("command_cues", {}).items() if (p := phrase_pattern(v))},
        firm_no=phrase_pattern(data.get("firm_no", [])),
        strong_in_part=phrase_pattern(data.get("strong_in_part", [])),
        whole={k: {fold(x) for x in v} for k, v in data.get("whole", {}).items()},
        hedges=phrase_pattern(data.get("hedges", [])),
    )


class Interpreter:
    def __init__(self, folder: Path):
        self.lexicons = {p.stem: _load_lexicon(p) for p in sorted(Path(folder).glob("*.yaml"))}
        if "en" not in self.lexicons:
            raise FileNotFoundError(f"{folder}/en.yaml is required")
        self._institutions = phrase_pattern([n for lx in self.lexicons.values() for n in lx.institutions])

    @property
    def languages(self) -> list[str]:
        return sorted(self.lexicons)

    def _order(self, lang: str) -> list[_Lexicon]:
        first = self.lexicons.get(lang) or self.lexicons["en"]
        return [first] + [lx for code, lx in self.lexicons.items() if code != first.lang]

    def interpret(self, text: str, lang: str = "en") -> Interpretation:
        raw = text.strip()
        folded = fold(raw)
        bare = folded.strip(" .!?;:,؟،")
        lexicons = self._order(lang)
        references = extract_references(raw, [u for lx in lexicons for u in lx.units],
                                        [w for lx in lexicons for w in lx.laws])

        # 1. commands: the whole (short) reply is a command phrase, a jump or a change of language
        # "let's pause here, I'll continue tomorrow": a short reply whose first clause is a command
        first_clause = re.split(r"[,;،，；]", bare, maxsplit=1)[0].strip(" .!?")
        short = len(bare.split()) <= 12 and len(bare) <= 80
        for lx in lexicons:
            compact = _without(lx.fillers, bare)
            clause = _without(lx.fillers, first_clause) if short and first_clause != bare else None
            for command, phrases in lx.command_phrases.items():
                if bare in phrases or compact in phrases:
                    return Interpretation("command", command=command, lang=lx.lang, cue=bare)
                if clause and command in CLAUSE_COMMANDS and clause in phrases:
                    return Interpretation("command", command=command, lang=lx.lang, cue=first_clause)
        for lx in lexicons:
            jump = self._goto(lx, bare)
            if jump:
                return Interpretation("command", command="goto", lang=lx.lang, cue=bare, argument=jump)
        target = self._language(lexicons, bare)
        if target:
            return Interpretation("command", command="language", lang=lang, cue=bare, argument={"lang": target})
        # a request written as a sentence ("Let's leave this one and move on to the next", "Show me what I have
        # answered so far"): its command wording may sit anywhere, in a short reply that cites no law
        if not references and len(bare.split()) <= 25 and len(bare) <= 200:
            for lx in lexicons:
                found = [(m.start(), command) for command, pattern in lx.command_cues.items()
                         if (m := pattern.search(bare))]
                if found:
                    command = min(found)[1]
                    return Interpretation("command", command=command, lang=lx.lang, cue=bare)

        # 2. status cues, by precedence; the first lexicon that has any cue decides. Cited laws are masked first:
        # "Law No. 7" or "Act No. 12" must not read as "no".
        masked = raw
        for reference in references:
            masked = masked.replace(reference, " ")
        folded = fold(re.sub(r"(?i)(?:\bno|\bn[°º]|№)\.?\s*\d", " ", masked))
        status, cue, uncertain = None, None, False
        # negations that confirm are masked in every language first, so that a later lexicon cannot read the
        # "No" of "No se hace ninguna excepción" once the Spanish one has found nothing else
        text, affirming = folded, None
        for lx in lexicons:
            if lx.neutral and (hit := lx.neutral.search(text)):
                affirming = affirming or hit.group(0)
                text = lx.neutral.sub(" ", text)
        for lx in lexicons:
            read = _status(lx, text, bare)
            if read:
                status, cue, uncertain = read
                break

        if status is None and affirming:
            # "No exception: every company can be convicted", "Нет никаких препятствий": the negation confirms
            status, cue, uncertain = "yes", affirming, True

        # 3. questions: a question mark, or an opening question word, without a status opening
        is_question = raw.endswith("?") or raw.endswith("？") or raw.endswith("؟") or raw.startswith("¿")
        first = lexicons[0]  # the interface language's question words
        opens_as_question = bool(first.question_starts and first.question_starts.match(folded))
        if is_question and status and opens_as_question and cue and folded.find(cue) > 0:
            # "Что именно понимается под ...?": a question word opens it and the status word is inside it
            return Interpretation("question", references=references, lang=lang)
        if is_question and status and not raw.startswith("¿") and not _cue_in_last_clause(folded, cue):
            # "We have not ratified the Firearms Protocol yet: do we have to answer this part?" asks; the
            # status words were context, not the answer
            return Interpretation("question", references=references, lang=lang)
        if not is_question:
            for lx in lexicons:
                if lx.question_starts and (m := lx.question_starts.match(folded)):
                    is_question = status is None
                    break
                if lx.question_contains and lx.question_contains.search(folded):
                    is_question = status is None
                    break
        if is_question and not (status and _opens_with(folded, cue) and not raw.startswith("¿")):
            return Interpretation("question", references=references, lang=lang)

        entities = extract_entities(raw, references, self._institutions)
        if status:
            return Interpretation("answer", value=status, references=references, lang=lang, cue=cue,
                                  uncertain=uncertain, entities=entities)
        return Interpretation("answer", value=None, references=references, lang=lang, entities=entities)


    @staticmethod
    def _goto(lx: _Lexicon, bare: str) -> dict[str, Any] | None:
        """'go to article 16', 'can we jump straight to article 24 on witness protection?',
        'aller à l'article 18 paragraphe 3', '直接跳到公约第十六条'."""
        if lx.goto is None:
            return None
        m = lx.goto.search(bare)
        # a jump is a short request: a few polite words may come first ("can we", "je voudrais", "أريد")
        if not m or len(bare[:m.start()].split()) > 4:
            return None
        rest = _cjk_numerals(bare[m.end():]).strip(" ?!.")
        head = ""
        first_digit = re.search(r"\d", rest)
        if first_digit and first_digit.start() > 0 and (
                len(rest[:first_digit.start()].split()) <= 3 or any(p.match(rest) for p in lx.instruments.values())):
            head, rest = rest[:first_digit.start()], rest[first_digit.start():]
        numbers = re.match(r"(\d{1,2})(?:\s*(?:\(|,|\.|§|paragraph|para\.?|paragraphe|par\.?|parrafo|párrafo|"
                           r"пункт|п\.|الفقرة|款)?\s*(\d{1,2})\)?)?", rest)
        if not numbers:
            return None
        tail = head + " " + rest[numbers.end():]
        if len(tail.split()) > 7:
            return None
        instrument = next((code.upper() for code, pattern in lx.instruments.items() if pattern.search(tail)), None)
        return {"instrument": instrument, "article": int(numbers.group(1)),
                "paragraph": int(numbers.group(2)) if numbers.group(2) else None}

    def _language(self, lexicons: list[_Lexicon], bare: str) -> str | None:
        """'switch to French', 'en español', 'Switch to Spanish, please', 'Passez en espagnol, s'il vous plaît',
        or just a language's name."""
        from assistant.languages import language_aliases

        aliases = language_aliases()
        if bare in aliases:
            return aliases[bare]
        for lx in lexicons:
            text = _without(lx.fillers, re.sub(r"[,;:،，]", " ", bare))
            if text in aliases:
                return aliases[text]
            m = lx.switch.search(text) if lx.switch else None
            # the switch words open the request, after at most a few polite words ("would it be possible to")
            if not m or len(text[:m.start()].split()) > 5:
                continue
            after = text[m.end():].strip(" .!?")
            words = after.split()
            if len(words) > 4:  # "in French law, this is an offence" is an answer
                continue
            # the language is named within the next words: "to Spanish", "на английский язык", "成西班牙语"
            for size in (3, 2, 1):
                for i in range(0, min(len(words), 3)):
                    candidate = " ".join(words[i:i + size])
                    if candidate in aliases and len(words) - i - size <= 1:
                        return aliases[candidate]
            for alias, code in aliases.items():
                if _is_cjk_char(alias[0]) and after.startswith(alias):
                    return code
        return None


def _status(lx: _Lexicon, text: str, bare: str) -> tuple[str, str, bool] | None:
    """The status one language's cues give a reply (value, the words that decided, whether to confirm it), or None
    when none of its cues is there. Cues are tried by precedence (unknown, in part, no, yes), then reconciled."""
    alone = next((value for value, words in lx.whole.items() if bare in words), None)
    if alone:
        return alone, bare, False
    found = {value: m for value in STATUS_ORDER if (pattern := lx.status.get(value)) and (m := pattern.search(text))}
    if not found:
        return None
    status = next(v for v in STATUS_ORDER if v in found)
    cue, uncertain = found[status].group(0), False
    firm_no = bool(lx.firm_no and lx.firm_no.match(text))
    weak = status == "in_part" and not (lx.strong_in_part and lx.strong_in_part.search(text))
    no_first = "no" in found and found["no"].start() <= found["in_part"].start() if "in_part" in found else False
    yes_before_no = "yes" in found and "no" in found and found["yes"].start() < found["no"].start()
    if weak and "no" in found and (firm_no or (no_first and not yes_before_no)):
        # "No. Only natural persons can be liable": the "only" explains the no. "A draft is being prepared, but it
        # has not reached Parliament": nothing in force, only more of the no.
        status, cue, uncertain = "no", found["no"].group(0), True
    if status == "no" and "yes" in found and found["yes"].start() < found["no"].start():
        # "X is an offence, but Y is not yet": in part. "Yes ... no" with nothing between them to reconcile: still
        # "no". Either way the official confirms before anything is recorded.
        between = text[found["yes"].end():found["no"].start()]
        if lx.contrast and lx.contrast.search(between):
            status, cue = "in_part", found["yes"].group(0)
        uncertain = True
    if status == "no" and not firm_no and _affirmed_then_denied(
            lx.hedges.sub(" ", text) if lx.hedges else text, lx.status["no"], lx.status.get("yes")):
        # "Border guards were trained; customs officers not yet", "毒品犯罪可以，其他严重犯罪不行": one part done,
        # another not, side by side without a "but". Confirmed before it is recorded.
        status, cue, uncertain = "in_part", found["no"].group(0), True
    return status, cue, uncertain


def _without(pattern: re.Pattern[str] | None, text: str) -> str:
    if pattern is None:
        return text
    return " ".join(pattern.sub(" ", text).split()).strip(" .!?;:,")


_CLAUSES = re.compile(r"[.!?;:,،؛，。！？；：]+")


def _affirmed_then_denied(text: str, denial: re.Pattern[str], affirmation: re.Pattern[str] | None) -> bool:
    """The reply opens with a clause that denies nothing and states something (at least three words, two with a
    "yes" word, or four Chinese characters), and a later clause denies."""
    clauses = [c.strip() for c in _CLAUSES.split(text) if c.strip()]
    if len(clauses) < 2 or denial.search(clauses[0]):
        return False
    first = clauses[0]
    # a bare "yes" is not a statement: "Yes... well, no, nothing was adopted" corrects itself to a no
    substantial = (len(first.split()) >= 3 or sum(1 for ch in first if _is_cjk_char(ch)) >= 4
                   or (len(first.split()) >= 2 and bool(affirmation and affirmation.search(first))))
    return substantial and any(denial.search(c) for c in clauses[1:])


def _cue_in_last_clause(folded: str, cue: str | None) -> bool:
    """Whether the status cue sits in the reply's last clause, or that clause is too short to ask on its own
    ("No, why?")."""
    clauses = [c.strip() for c in _CLAUSES.split(folded) if c.strip()]
    if len(clauses) < 2 or not cue:
        return True
    last = clauses[-1]
    return cue in last or len(last) < 6 or len(last.split()) < 3 and not any(_is_cjk_char(ch) for ch in last)


_CJK_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
               "八": 8, "九": 9}


def _cjk_numerals(text: str) -> str:
    """Chinese numbers up to 99 written in characters ("第十六条" -> "第16条"), as officials write article numbers."""

    def value(match: re.Match[str]) -> str:
        chars = match.group(0)
        if "十" not in chars:
            return "".join(str(_CJK_DIGITS[c]) for c in chars)
        tens, _, units = chars.partition("十")
        return str((_CJK_DIGITS[tens] if tens else 1) * 10 + (_CJK_DIGITS[units] if units else 0))

    return re.sub(r"[零〇一二两三四五六七八九十]+", value, text)


def _is_cjk_char(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff"


def _opens_with(folded: str, cue: str | None) -> bool:
    """The status cue is among the first three words ("Yes?" or "No, why?" are answers, not questions)."""
    if not cue:
        return False
    position = folded.find(cue)
    return position >= 0 and len(folded[:position].split()) <= 2
