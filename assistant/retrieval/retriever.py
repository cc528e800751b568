"""Hybrid retrieval: dense (Chroma) plus BM25, fused by reciprocal rank, rolled up to provisions.

BM25 only votes for passages written in the query's language: a keyword ranker in the wrong language
drags results down (measured in ../shared/NOTES.md), so it never ranks passages it cannot read.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rank_bm25 import BM25Okapi

from assistant.languages import guess_language
from assistant.retrieval.corpus import Passage
from assistant.retrieval.index import VectorIndex
from assistant.understanding.text import fold

RRF_K = 60
# The question being answered is a prior, not a filter: enough to break near-ties, not to hide a better match.
PRIOR_WEIGHT = 0.25
# Weight of the keyword ranker's vote relative to the dense ranker's (chosen in benchmarks/retrieval.py).
KEYWORD_WEIGHT = 0.5
# Titles and checklist questions point at provisions in every language but say less than a digest.
ALIAS_WEIGHT = 0.5
# A subparagraph of a digest, indexed on its own: as good evidence as the whole paragraph.
PART_WEIGHT = 1.0
# A question or situation written for a provision (knowledge/keys/): as good evidence as its digest.
KEY_WEIGHT = 1.0


@dataclass(frozen=True)
class Hit:
    instrument: str
    article: int
    paragraph: int | None
    title: str
    text: str
    score: float
    kind: str
    lang: str
    source: str = ""
    where: str = ""
    id: str = ""

    def to_json(self) -> dict[str, Any]:
        """The public shape of `omnibus search --json`."""
        return {
            "instrument": self.instrument,
            "article": self.article,
            "paragraph": self.paragraph,
            "title": self.title,
            "text": self.text,
            "score": round(float(self.score), 6),
            "kind": self.kind,
        }

    def citation(self) -> dict[str, Any]:
        data = {k: v for k, v in self.to_json().items() if k not in ("text", "score")}
        if self.kind == "practice":
            data.update({"source": self.source, "where": self.where})
        return data

    def label(self) -> str:
        text = f"{self.instrument} art. {self.article}"
        return text + (f"({self.paragraph})" if self.paragraph is not None else "")


def _tokens(text: str) -> list[str]:
    folded = fold(text)
    if re.search(r"[\u4e00-\u9fff]", folded):
        # Chinese has no spaces: character bigrams are a standard keyword unit
        chars = [c for c in folded if not c.isspace()]
        return [a + b for a, b in zip(chars, chars[1:], strict=False)] or chars
    return [_stem(t) for t in re.findall(r"\w+", folded) if len(t) > 1]


_ARABIC_PREFIX = re.compile(r"^(?:وال|بال|فال|كال|لل|ال)(?=..)")


def _stem(token: str) -> str:
    """A crude, language-agnostic stem for the keyword ranker: Russian and Arabic inflect heavily, so
    "конфискации" must meet "конфискация" and "الأسلحة" must meet "أسلحة"."""
    if re.match(r"[\u0400-\u04ff]", token):
        return token[:6]
    if re.match(r"[\u0600-\u06ff]", token):
        return _ARABIC_PREFIX.sub("", token)[:6]
    return token[:7] if len(token) > 7 and token.isalpha() and token.isascii() else token


class Retriever:
    def __init__(self, index: VectorIndex, corpus: list[Passage], dense_pool: int = 60):
        self.index = index
        self.corpus = corpus
        self.by_id = {p.id: p for p in corpus}
        self.dense_pool = dense_pool
        self._digests = {(p.instrument, p.article, p.paragraph, p.lang): p for p in corpus
                         if p.kind == "provision" and not p.extra.get("alias")}
        self._first_paragraph: dict[tuple[str, int, str], Passage] = {}
        for p in corpus:
            if p.kind == "provision" and not p.extra.get("alias"):
                self._first_paragraph.setdefault((p.instrument, p.article, p.lang), p)
        self._bm25: dict[str, tuple[BM25Okapi, list[Passage]]] = {}
        by_lang: dict[str, list[Passage]] = defaultdict(list)
        for p in corpus:
            by_lang[p.lang].append(p)
        for lang, items in by_lang.items():
            self._bm25[lang] = (BM25Okapi([_tokens(p.embedding_text()) for p in items]), items)

    def _keyword_ranks(self, query: str, lang: str | None) -> list[str]:
        """BM25 ranking within one language's passages (None: over the whole corpus, the baseline)."""
        if lang is None:
            if "*" not in self._bm25:
                self._bm25["*"] = (BM25Okapi([_tokens(p.embedding_text()) for p in self.corpus]), self.corpus)
            lang = "*"
        if lang not in self._bm25:
            return []
        bm25, items = self._bm25[lang]
        tokens = _tokens(query)
        if not tokens:
            return []
        scores = bm25.get_scores(tokens)
        ranked = sorted(range(len(items)), key=lambda i: -scores[i])
        return [items[i].id for i in ranked[: self.dense_pool] if scores[i] > 0]

    def search(
        self,
        query: str,
        k: int = 5,
        lang: str | None = None,
        instrument: str | None = None,
        article: int | None = None,
        kinds: tuple[str, ...] = ("provision", "practice"),
        prior: tuple[str, int] | None = None,
        mode: str = "hybrid",
    ) -> list[Hit]:
        """mode: 'hybrid' (the default), or the 'dense' and 'bm25' baselines measured in benchmarks/."""
        lang = lang or guess_language(query)
        fused: dict[str, float] = defaultdict(float)
        dense = self.index.query(query, n=self.dense_pool) if mode != "bm25" else []
        similarity = dict(dense)
        for rank, (pid, _score) in enumerate(dense):
            extra = self.by_id[pid].extra if pid in self.by_id else {}
            weight = (PART_WEIGHT if extra.get("part") else KEY_WEIGHT if extra.get("key")
                      else ALIAS_WEIGHT if extra.get("alias") else 1.0)
            fused[pid] += weight / (RRF_K + rank + 1)
        if mode == "hybrid":
            for rank, pid in enumerate(self._keyword_ranks(query, lang)):
                fused[pid] += KEYWORD_WEIGHT / (RRF_K + rank + 1)
        elif mode == "bm25":
            for rank, pid in enumerate(self._keyword_ranks(query, None)):
                fused[pid] += 1.0 / (RRF_K + rank + 1)
        if prior:
            for pid in fused:
                p = self.by_id.get(pid)
                if p and (p.instrument, p.article) == prior:
                    fused[pid] += PRIOR_WEIGHT / RRF_K

        # roll up: one hit per provision paragraph (or practice), in the user's language when we have it
        best: dict[tuple[Any, ...], tuple[float, Passage]] = {}
        parts: dict[tuple[Any, ...], tuple[float, Passage]] = {}
        for pid, score in fused.items():
            p = self.by_id.get(pid)
            if p is None or p.kind not in kinds:
                continue
            if instrument and p.instrument != instrument:
                continue
            if article is not None and p.article != article and f"{p.instrument}:{article}" not in p.extra.get(
                "provisions", []
            ):
                continue
            preferred = self._in_language(p, lang)
            key = (preferred.kind, preferred.instrument, preferred.article, preferred.paragraph,
                   preferred.id.split(":")[0] if preferred.kind == "practice" else "")
            if key not in best or score > best[key][0]:
                best[key] = (score, preferred)
            if preferred.extra.get("part") and (key not in parts or score > parts[key][0]):
                parts[key] = (score, preferred)
        for key, (score, shown) in best.items():
            # a key or title found the provision, and one of its listed items matched well too: show that item
            # (the definition asked about, not the whole list of definitions)
            if not shown.extra.get("part") and key in parts and parts[key][0] >= 0.5 * score:
                best[key] = (score, parts[key][1])
        ranked = sorted(best.values(), key=lambda item: -item[0])[:k]
        return [self._hit(p, score, similarity.get(p.id)) for score, p in ranked]

    def _in_language(self, p: Passage, lang: str) -> Passage:
        """The passage to show: a digest in the user's language if we have one, else in English. A subparagraph
        that matched is shown on its own (the definition asked about, not the whole list of definitions)."""
        if p.extra.get("part"):
            if p.lang == lang:
                return p
            parts = p.id.split(":")  # part:<instrument>:<article>:<paragraph>:<lang>:<n>
            parts[4] = lang
            return self.by_id.get(":".join(parts)) or self._digest(p.instrument, p.article, p.paragraph, lang) or p
        if p.extra.get("alias"):
            return self._digest(p.instrument, p.article, p.paragraph, lang) or p
        if p.lang == lang:
            return p
        parts = p.id.split(":")
        parts[-1] = lang
        return self.by_id.get(":".join(parts), p)

    def _digest(self, instrument: str, article: int, paragraph: int | None, lang: str) -> Passage | None:
        for code in (lang, "en"):
            found = self._digests.get((instrument, article, paragraph, code))
            if found is None and paragraph is None:
                found = self._first_paragraph.get((instrument, article, code))
            if found is not None:
                return found
        return None

    @staticmethod
    def _hit(p: Passage, score: float, _similarity: float | None) -> Hit:
        return Hit(
            instrument=p.instrument,
            article=p.article,
            paragraph=p.paragraph,
            title=p.title,
            text=p.text,
            score=score,
            kind=p.kind,
            lang=p.lang,
            source=p.source,
            where=p.where,
            id=p.id,
        )

    def provision(self, instrument: str, article: int, paragraph: int | None, lang: str) -> list[Hit]:
        """The digest of one provision (all paragraphs when paragraph is None), in lang if available."""
        out = []
        for p in self.corpus:
            if (p.kind != "provision" or p.extra.get("alias") or p.instrument != instrument or p.article != article
                    or p.lang != "en"):
                continue
            if paragraph is not None and p.paragraph not in (paragraph, None):
                continue
            out.append(self._hit(self._in_language(p, lang), 1.0, None))
        return out

    def explain(self, query: str, instrument: str, article: int, paragraph: int | None, lang: str,
                k: int = 4) -> list[Hit]:
        """'Why this question?': the question's own provision first, then related provisions and practices."""
        own = self.provision(instrument, article, paragraph, lang)
        seen = {(h.kind, h.instrument, h.article, h.paragraph) for h in own}
        rest = [
            h
            for h in self.search(query, k=k + len(own) + 4, lang=lang, prior=(instrument, article))
            if (h.kind, h.instrument, h.article, h.paragraph) not in seen
        ]
        # practices States shared from their answers on this very provision come first, in the asker's
        # language when there is one (they are written in the State's own language)
        shared = sorted((p for p in self.corpus if p.kind == "practice" and p.extra.get("state")
                         and (p.instrument, p.article) == (instrument, article)
                         and (paragraph is None or p.paragraph in (paragraph, None))),
                        key=lambda p: (p.lang != lang, -int(p.id.split(":")[1]) if p.id.startswith("gp:") else 0))
        practices = [self._hit(p, 1.0, None) for p in shared][:2]
        taken = {h.id for h in practices}
        practices += [h for h in rest if h.kind == "practice" and h.id not in taken][: max(0, 2 - len(practices))]
        provisions = [h for h in rest if h.kind == "provision"][: max(0, k - len(own) - len(practices))]
        return own + provisions + practices
