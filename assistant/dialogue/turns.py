"""What the assistant says in one turn: the public shape of `omnibus chat --jsonl`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class AssistantTurn:
    text: str
    question_id: str | None
    recorded: dict[str, Any] | None = None
    citations: list[dict[str, Any]] = field(default_factory=list)
    progress: dict[str, int] = field(default_factory=lambda: {"answered": 0, "total": 0})
    notice: str | None = None  # e.g. a rejected message: shown, not stored

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "question_id": self.question_id,
            "recorded": self.recorded,
            "citations": self.citations,
            "progress": self.progress,
        }
