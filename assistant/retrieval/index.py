"""The persistent Chroma index of the corpus: incremental sync by content hash, rebuilt on a model change."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from assistant.retrieval.corpus import Passage
from assistant.retrieval.embeddings import IdentifiedEmbeddings
from assistant.retrieval.seed import load_seed, seed_key, write_seed


class IndexMismatchError(RuntimeError):
    """The index was built with another embedding model: its vectors cannot be compared with this model's."""


@dataclass
class SyncReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    rebuilt: bool = False
    reason: str = ""
    seconds: float = 0.0
    seeded: int = 0  # vectors taken from the shipped seed instead of being computed

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.rebuilt)


def _metadata(p: Passage) -> dict[str, str | int]:
    return {
        "kind": p.kind,
        "instrument": p.instrument,
        "article": p.article,
        "paragraph": -1 if p.paragraph is None else p.paragraph,
        "lang": p.lang,
        "hash": p.digest(),
    }


class VectorIndex:
    def __init__(self, path: Path, embeddings: IdentifiedEmbeddings, collection: str = "omnibus",
                 seed_dir: Path | None = None):
        Path(path).mkdir(parents=True, exist_ok=True)
        self.seed_dir = seed_dir
        # Telemetry off: no network at run time.
        self.client = chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))
        self.embeddings = embeddings
        self.name = collection

    def _collection(self, create: bool = True):  # type: ignore[no-untyped-def]
        # No Chroma embedding function: we always pass vectors, so Chroma never tries to download its default model.
        if create:
            return self.client.get_or_create_collection(
                self.name,
                embedding_function=None,
                metadata={"hnsw:space": "cosine", "embedding_model": self.embeddings.model_id},
            )
        return self.client.get_collection(self.name, embedding_function=None)

    def model_in_index(self) -> str | None:
        try:
            return (self._collection(create=False).metadata or {}).get("embedding_model")
        except Exception:  # noqa: BLE001 - chroma raises different errors across versions for a missing collection
            return None

    def stale(self, corpus: list[Passage]) -> bool:
        if self.model_in_index() != self.embeddings.model_id:
            return True
        stored = self._collection().get(include=["metadatas"])
        have = {i: m["hash"] for i, m in zip(stored["ids"], stored["metadatas"], strict=True)}
        return have != {p.id: p.digest() for p in corpus}

    def sync(self, corpus: list[Passage], rebuild: bool = False, batch: int = 1024) -> SyncReport:
        start = time.perf_counter()
        report = SyncReport()
        current_model = self.model_in_index()
        if current_model is not None and (rebuild or current_model != self.embeddings.model_id):
            report.rebuilt = True
            report.reason = "rebuild requested" if rebuild else f"model changed from {current_model}"
            self.client.delete_collection(self.name)
        collection = self._collection()
        stored = collection.get(include=["metadatas"])
        have = {i: m["hash"] for i, m in zip(stored["ids"], stored["metadatas"], strict=True)}
        wanted = {p.id: p for p in corpus}
        todo = [p for p in corpus if have.get(p.id) != p.digest()]
        report.added = sum(1 for p in todo if p.id not in have)
        report.updated = len(todo) - report.added
        report.unchanged = len(corpus) - len(todo)
        gone = [i for i in have if i not in wanted]
        if gone:
            collection.delete(ids=gone)
        report.removed = len(gone)
        seed = load_seed(self.seed_dir, self.embeddings.model_id) if todo else {}
        # large batches: each Chroma write has a fixed cost (1,024 per write filled a 6,700-passage index from the
        # seed in 6.5 s, 64 per write in 15 s)
        batch = min(batch, self.client.get_max_batch_size())
        for i in range(0, len(todo), batch):
            chunk = todo[i : i + batch]
            texts = [p.embedding_text() for p in chunk]
            missing = [t for t in texts if seed_key(t) not in seed]
            computed = dict(zip(missing, self.embeddings.embed_documents(missing), strict=True)) if missing else {}
            vectors = [computed[t] if t in computed else seed[seed_key(t)].tolist() for t in texts]
            report.seeded += len(texts) - len(missing)
            collection.upsert(
                ids=[p.id for p in chunk],
                embeddings=vectors,
                documents=[p.text for p in chunk],
                metadatas=[_metadata(p) for p in chunk],
            )
        report.seconds = time.perf_counter() - start
        return report

    def write_seed(self, corpus: list[Passage], folder: Path) -> Path:
        """Save the index's vectors for this corpus as the seed a fresh install starts from."""
        stored = self._collection().get(ids=[p.id for p in corpus], include=["embeddings"])
        by_id = dict(zip(stored["ids"], stored["embeddings"], strict=True))
        texts = {p.id: p.embedding_text() for p in corpus}
        ids = [i for i in texts if i in by_id]
        return write_seed(folder, self.embeddings.model_id, [seed_key(texts[i]) for i in ids],
                          np.asarray([by_id[i] for i in ids], dtype=np.float32))

    def query(self, text: str, n: int = 50) -> list[tuple[str, float]]:
        model = self.model_in_index()
        if model is None:
            raise IndexMismatchError("the vector store is empty: run `omnibus index`")
        if model != self.embeddings.model_id:
            raise IndexMismatchError(
                f"the vector store was built with {model}, not {self.embeddings.model_id}: "
                "run `omnibus index --rebuild`"
            )
        collection = self._collection()
        count = collection.count()
        if count == 0:
            return []
        result = collection.query(
            query_embeddings=[self.embeddings.embed_query(text)], n_results=min(n, count), include=["distances"]
        )
        return [(i, 1.0 - d) for i, d in zip(result["ids"][0], result["distances"][0], strict=True)]
