"""The optional LLM: off by default; when configured it only phrases grounded answers from retrieved passages.

Whatever it returns is checked (it must cite the passages it was given); on an error, a timeout or an invalid
answer, the dialogue falls back to quoting the passages.
"""

from __future__ import annotations

import concurrent.futures
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
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            future = pool.submit(model.invoke, messages)
            try:
                result = future.result(timeout=timeout)
            except concurrent.futures.TimeoutError as exc:
                raise TimeoutError(f"LLM did not answer within {timeout:.0f} s") from exc
        text = str(getattr(result, "content", result)).strip()
        cited = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
        if not text or not cited or not cited <= set(range(1, len(hits) + 1)):
            raise LLMOutputError("the answer does not cite the retrieved passages")
        return text

    return answer
