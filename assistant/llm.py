"""The optional LLM: off by default. When configured it does two things, both checked before use:

- answers side questions from retrieved passages only (the answer must cite the passages it was given);
- reads a structured value out of a long reply the offline reader could not settle (the value must be one the
  question allows, and references must be quoted from the reply); the dialogue then asks the official to confirm.

On an error, a timeout or an invalid output the dialogue falls back to the offline path and says so.
"""

from __future__ import annotations

import concurrent.futures
import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.prompts import ChatPromptTemplate

from assistant.settings import Settings

LANGUAGE_NAMES = {"ar": "Arabic", "en": "English", "es": "Spanish", "fr": "French", "ru": "Russian", "zh": "Chinese"}


class LLMOutputError(ValueError):
    pass


@lru_cache(maxsize=8)
def load_prompt(folder: Path, name: str) -> ChatPromptTemplate:
    data = yaml.safe_load((Path(folder) / f"{name}.yaml").read_text(encoding="utf-8"))
    return ChatPromptTemplate.from_messages([("system", data["system"]), ("human", data["human"])])


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    if settings.llm_provider == "none":
        return None
    if settings.llm_provider == "ollama":
        from langchain_ollama import ChatOllama  # optional extra: pip install -e '.[llm]'

        kwargs: dict[str, Any] = {"model": settings.llm_model, "temperature": 0}
        if settings.llm_base_url:
            kwargs["base_url"] = settings.llm_base_url
        return ChatOllama(**kwargs)
    from langchain_openai import ChatOpenAI  # optional extra: pip install -e '.[llm]'

    return ChatOpenAI(model=settings.llm_model, base_url=settings.llm_base_url, api_key=settings.llm_api_key or "none",
                      temperature=0, timeout=settings.llm_timeout)


def _invoke(model: BaseChatModel, messages: list[Any], timeout: float) -> str:
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(model.invoke, messages)
        try:
            result = future.result(timeout=timeout)
        except concurrent.futures.TimeoutError as exc:
            raise TimeoutError(f"LLM did not answer within {timeout:.0f} s") from exc
    return str(getattr(result, "content", result)).strip()


def make_side_answerer(settings: Settings, model: BaseChatModel | None = None) -> Callable[..., str] | None:
    model = model or make_chat_model(settings)
    if model is None:
        return None
    prompt = load_prompt(settings.prompts_dir, "side_answer")
    timeout = settings.llm_timeout

    def answer(question: str, hits: list[Any], lang: str) -> str:
        passages = "\n".join(f"[{i}] ({h.label()}, {h.kind}) {h.title}: {h.text}" for i, h in enumerate(hits, 1))
        messages = prompt.format_messages(passages=passages, question=question,
                                          language=LANGUAGE_NAMES.get(lang, "English"))
        text = _invoke(model, messages, timeout)
        cited = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
        if not text or not cited or not cited <= set(range(1, len(hits) + 1)):
            raise LLMOutputError("the answer does not cite the retrieved passages")
        return text

    return answer


def _allowed(question: Any, checklist: Any) -> tuple[str, Callable[[Any], Any]]:
    """What the question accepts, described for the prompt, and a validator that returns the clean value."""
    if question.type in ("status", "select_one", "select_multiple"):
        codes = [o.code for o in checklist.choices[question.choices or "status"].options]
        if question.type == "select_multiple":
            def check_many(value: Any) -> Any:
                values = value if isinstance(value, list) else [value]
                if not values or not all(isinstance(v, str) and v in codes for v in values):
                    raise LLMOutputError(f"value {value!r} is not a list of {codes}")
                return list(dict.fromkeys(values))
            return f"a JSON list of one or more of {codes}", check_many

        def check_one(value: Any) -> Any:
            if value not in codes:
                raise LLMOutputError(f"value {value!r} is not one of {codes}")
            return value
        return f"exactly one of {codes}", check_one
    if question.type == "integer":
        def check_int(value: Any) -> Any:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise LLMOutputError(f"value {value!r} is not a whole number >= 0")
            return value
        return "a whole number (0 or more)", check_int
    raise LLMOutputError(f"no extraction for {question.type} questions")


def _json_object(text: str) -> dict[str, Any]:
    match = re.search(r"\{.*\}", text, re.S)  # models like to wrap JSON in prose or code fences
    if not match:
        raise LLMOutputError("no JSON object in the output")
    try:
        data = json.loads(match.group(0))
    except json.JSONDecodeError as exc:
        raise LLMOutputError(f"invalid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise LLMOutputError("the output is not a JSON object")
    return data


def make_extractor(settings: Settings,
                   model: BaseChatModel | None = None) -> Callable[..., tuple[Any, list[str]]] | None:
    """A callable (question, checklist, reply, lang) -> (value, references); raises on any invalid output."""
    model = model or make_chat_model(settings)
    if model is None:
        return None
    prompt = load_prompt(settings.prompts_dir, "extract_answer")
    timeout = settings.llm_timeout

    def extract(question: Any, checklist: Any, reply: str, lang: str) -> tuple[Any, list[str]]:
        allowed, check = _allowed(question, checklist)
        text = question.text.get("en") or next(iter(question.text.values()))
        messages = prompt.format_messages(question=text, allowed=allowed, reply=reply)
        data = _json_object(_invoke(model, messages, timeout))
        if data.get("value") is None:
            raise LLMOutputError("the model found no value in the reply")
        value = check(data["value"])
        references = data.get("references") or []
        if not isinstance(references, list) or not all(isinstance(r, str) for r in references):
            raise LLMOutputError("references must be a list of strings")
        # a reference the official did not write would put words in the State's mouth
        references = [r.strip() for r in references if r.strip()]
        if any(r not in reply for r in references):
            raise LLMOutputError("a reference is not quoted from the reply")
        return value, references

    return extract
