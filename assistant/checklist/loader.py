"""Load the checklist from YAML files under knowledge/checklist/ into validated models.

Files:
  choices.yaml   choice lists (status, technical assistance categories, priorities, challenges)
  pattern.yaml   the standard follow-ups asked after each provision's status question
  NN_*.yaml      sections in order: provisions (expanded with the pattern) and stand-alone questions

Every problem is reported as ChecklistError naming the file, the question id and what is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from assistant.checklist.conditions import Condition, ConditionError
from assistant.checklist.models import Checklist, ChoiceList, Question, Section


class ChecklistError(ValueError):
    def __init__(self, file: Path | str, question_id: str | None, problem: str):
        self.file, self.question_id, self.problem = str(file), question_id, problem
        where = f"{self.file}" + (f", question {question_id!r}" if question_id else "")
        super().__init__(f"{where}: {problem}")


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as exc:
        raise ChecklistError(path, None, f"not valid YAML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ChecklistError(path, None, "not UTF-8 text") from exc


def _explain(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "(root)"
        message = err["msg"].removeprefix("Value error, ")
        if loc == "relevant":
            parts.append(f"bad condition in 'relevant': {message}")
        else:
            parts.append(f"{loc}: {message}")
    return "; ".join(parts)


def _fill(text: dict[str, str], values: dict[str, str]) -> dict[str, str]:
    return {lang: template.format(**values) for lang, template in text.items()}


def _expand_provision(item: dict[str, Any], pattern: list[dict[str, Any]], section: str) -> list[dict[str, Any]]:
    pid = item["provision"]
    ref = item["ref"]
    status = {
        "id": f"{pid}_status",
        "type": "status",
        "text": item["status"],
        "hint": item.get("hint", {}),
        "ref": ref,
        "choices": "status",
        "level": item.get("level", "mandatory"),
        "theme": item.get("theme"),
        "section": section,
        "provision": f"{pid}_status",
    }
    if "relevant" in item:
        status["relevant"] = item["relevant"]
    if "reuse" in item:
        status["reuse"] = tuple(f"{other}_status" for other in item["reuse"])
    out = [status]
    wanted = item.get("follow_ups")
    for template in pattern:
        if wanted is not None and template["key"] not in wanted:
            continue
        values = {"status": f"{pid}_status", "provision": pid}
        question = {
            "id": f"{pid}_{template['key']}",
            "type": template["type"],
            "text": template["text"],
            "hint": template.get("hint", {}),
            "ref": ref,
            "choices": template.get("choices"),
            "relevant": template["relevant"].format(**values),
            "required": template.get("required", True),
            "level": item.get("level", "mandatory"),
            "theme": item.get("theme"),
            "section": section,
            "provision": f"{pid}_status",
        }
        if "relevant" in item:
            question["relevant"] = f"({item['relevant']}) and ({question['relevant']})"
        out.append(question)
    return out


def load_checklist(folder: Path) -> Checklist:
    folder = Path(folder)
    choices_file, pattern_file = folder / "choices.yaml", folder / "pattern.yaml"
    for required in (choices_file, pattern_file):
        if not required.is_file():
            raise ChecklistError(required, None, "file is missing")

    raw_choices = _read_yaml(choices_file)
    if not isinstance(raw_choices, dict) or not isinstance(raw_choices.get("choices"), dict):
        raise ChecklistError(choices_file, None, "expected a mapping 'choices: {name: [options]}'")
    choices: dict[str, ChoiceList] = {}
    for name, options in raw_choices["choices"].items():
        try:
            choices[name] = ChoiceList(name=name, options=options)
        except ValidationError as exc:
            raise ChecklistError(choices_file, None, f"choice list {name!r}: {_explain(exc)}") from exc

    raw_pattern = _read_yaml(pattern_file)
    if not isinstance(raw_pattern, dict) or not isinstance(raw_pattern.get("follow_ups"), list):
        raise ChecklistError(pattern_file, None, "expected 'follow_ups: [...]'")
    pattern = raw_pattern["follow_ups"]
    for template in pattern:
        for key in ("key", "type", "text", "relevant"):
            if key not in template:
                raise ChecklistError(pattern_file, template.get("key"), f"follow-up needs {key!r}")

    sections: list[Section] = []
    questions: list[Question] = []
    origin: dict[str, Path] = {}
    section_files = sorted(p for p in folder.glob("*.yaml") if p.name not in ("choices.yaml", "pattern.yaml"))
    if not section_files:
        raise ChecklistError(folder, None, "no section files (NN_name.yaml) found")
    for path in section_files:
        data = _read_yaml(path)
        if not isinstance(data, dict) or "section" not in data or "items" not in data:
            raise ChecklistError(path, None, "expected keys 'section', 'title' and 'items'")
        try:
            section = Section(id=data["section"], title=data.get("title", {}), instrument=data.get("instrument"),
                              relevant=data.get("relevant"))
            if section.relevant:
                Condition(section.relevant)
        except ValidationError as exc:
            raise ChecklistError(path, None, _explain(exc)) from exc
        except ConditionError as exc:
            raise ChecklistError(path, None, f"bad section condition: {exc}") from exc
        sections.append(section)
        if not isinstance(data["items"], list):
            raise ChecklistError(path, None, "'items' must be a list")
        for item in data["items"]:
            if not isinstance(item, dict):
                raise ChecklistError(path, None, f"an item is not a mapping: {item!r}")
            qid = item.get("provision") or item.get("id")
            try:
                if "provision" in item:
                    for key in ("ref", "status"):
                        if key not in item:
                            raise ChecklistError(path, qid, f"a provision needs {key!r}")
                    expanded = _expand_provision(item, pattern, section.id)
                else:
                    expanded = [{**item, "section": section.id}]
                for raw in expanded:
                    qid = raw.get("id", qid)
                    if section.relevant:
                        own = raw.get("relevant")
                        raw["relevant"] = f"({section.relevant}) and ({own})" if own else section.relevant
                    question = Question.model_validate(raw)
                    if question.id in origin:
                        raise ChecklistError(path, question.id, f"duplicate id (also in {origin[question.id].name})")
                    origin[question.id] = path
                    questions.append(question)
            except ValidationError as exc:
                raise ChecklistError(path, qid, _explain(exc)) from exc
            except (KeyError, IndexError) as exc:
                raise ChecklistError(path, qid, f"template placeholder {exc} is unknown") from exc
            except ConditionError as exc:
                raise ChecklistError(path, qid, f"bad condition: {exc}") from exc

    _check_references(questions, choices, origin)
    return Checklist(sections=tuple(sections), questions=tuple(questions), choices=choices)


def _check_references(questions: list[Question], choices: dict[str, ChoiceList], origin: dict[str, Path]) -> None:
    seen: set[str] = set()
    for q in questions:
        if q.type in ("status", "select_one", "select_multiple"):
            if not q.choices:
                raise ChecklistError(origin[q.id], q.id, f"a {q.type} question needs 'choices'")
            if q.choices not in choices:
                raise ChecklistError(origin[q.id], q.id, f"unknown choice list {q.choices!r}")
        if "en" not in q.text:
            raise ChecklistError(origin[q.id], q.id, "English text ('en') is required")
        for other in q.reuse:
            if other not in seen:
                raise ChecklistError(origin[q.id], q.id, f"reuse must name an earlier provision: {other!r}")
        condition = q.condition()
        if condition:
            for ref in condition.references():
                if ref not in seen:
                    problem = "an earlier question" if ref in origin else "a question that does not exist"
                    raise ChecklistError(origin[q.id], q.id, f"condition refers to {problem}: {ref!r}")
        seen.add(q.id)
