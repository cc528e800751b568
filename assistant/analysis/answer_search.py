"""Search across captured answers, in any language: the same stack as the knowledge retriever (the packaged
multilingual e5 model in a Chroma collection, fused by reciprocal rank with BM25 in the query's language).

The answers have their own Chroma folder under the data folder, next to the database they come from, and are
synced (only new or changed answers embedded) before each search."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
from rank_bm25 import BM25Okapi

from assistant.languages import guess_language
from assistant.retrieval.corpus import Passage
from assistant.retrieval.index import VectorIndex
from assistant.retrieval.retriever import RRF_K, _tokens
from assistant.store.export import answers_frame

if TYPE_CHECKING:
    from assistant.service import Omnibus

MIN_WORDS = 3  # "Yes" or a bare choice code says nothing to search for


@dataclass(frozen=True)
class AnswerHit:
    state: str
    cycle: str
    question_id: str
    instrument: str | None
    article: int | None
    paragraph: int | None
    text: str
    lang: str
    respondent: str
    score: float


class AnswerSearch:
    def __init__(self, core: Omnibus):
        self.core = core
        folder = core.settings.data_dir / ("sandbox-answers-index" if core.settings.sandbox else "answers-index")
        self.index = VectorIndex(folder, core.index.embeddings, "answers")

    def _passages(self) -> list[Passage]:
        frame = answers_frame(self.core.engine, self.core.checklist)
        out = []
        for row in frame.itertuples(index=False):
            text = " ".join(str(row.text or "").split())
            if len(text.split()) < MIN_WORDS:
                continue
            article = None if pd.isna(row.article) else int(row.article)
            paragraph = None if pd.isna(row.paragraph) else int(row.paragraph)
            out.append(Passage(id=f"{row.state}|{row.cycle}|{row.question_id}", kind="answer",
                               instrument=row.instrument or "", article=article or 0, paragraph=paragraph,
                               title="", text=text, lang=row.lang, source=row.respondent,
                               extra={"state": row.state, "cycle": row.cycle, "question_id": row.question_id}))
        return out

    def search(self, query: str, states: list[str], cycle: str | None = None, k: int = 10) -> list[AnswerHit]:
        """Answers of `states` (those the caller may read) that best match the query, best first."""
        passages = self._passages()
        self.index.sync(passages)
        allowed = {p.id: p for p in passages if p.extra["state"] in states
                   and (cycle is None or p.extra["cycle"] == cycle)}
        if not allowed or not query.strip():
            return []
        fused: dict[str, float] = defaultdict(float)
        for rank, (pid, _score) in enumerate(pid_score for pid_score in self.index.query(query, n=200)
                                             if pid_score[0] in allowed):
            fused[pid] += 1.0 / (RRF_K + rank + 1)
        lang = guess_language(query)
        same = [p for p in allowed.values() if p.lang == lang]
        if same:
            scores = BM25Okapi([_tokens(p.text) for p in same]).get_scores(_tokens(query))
            ranked = sorted((i for i in range(len(same)) if scores[i] > 0), key=lambda i: -scores[i])
            for rank, i in enumerate(ranked):
                fused[same[i].id] += 0.5 / (RRF_K + rank + 1)
        best = sorted(fused, key=lambda pid: -fused[pid])[:k]
        return [AnswerHit(state=allowed[pid].extra["state"], cycle=allowed[pid].extra["cycle"],
                          question_id=allowed[pid].extra["question_id"], instrument=allowed[pid].instrument or None,
                          article=allowed[pid].article or None, paragraph=allowed[pid].paragraph,
                          text=allowed[pid].text, lang=allowed[pid].lang, respondent=allowed[pid].source,
                          score=round(fused[pid], 5)) for pid in best]
