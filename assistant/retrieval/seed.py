"""Precomputed passage vectors shipped with the project (vectorstore/seed/), so a fresh install builds its index
in seconds instead of embedding ~4,000 passages on the CPU.

A seed is only a cache: each vector is keyed by a hash of the exact text that was embedded, in a file named after
the model. A passage whose text changed, or a model without a seed, is embedded as usual; a seed can never put a
stale or foreign vector in the index. Refresh it with `omnibus index --write-seed` after editing knowledge/.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np


def seed_file(folder: Path, model_id: str) -> Path:
    return Path(folder) / (re.sub(r"[^A-Za-z0-9_.-]+", "_", model_id) + ".npz")


def seed_key(embedded_text: str) -> str:
    return hashlib.sha256(embedded_text.encode("utf-8")).hexdigest()[:24]


def load_seed(folder: Path | None, model_id: str) -> dict[str, np.ndarray]:
    if folder is None:
        return {}
    path = seed_file(folder, model_id)
    if not path.is_file():
        return {}
    with np.load(path, allow_pickle=False) as data:
        if str(data["model"]) != model_id:
            return {}
        return dict(zip((str(k) for k in data["keys"]), data["vectors"].astype(np.float32), strict=True))


def write_seed(folder: Path, model_id: str, keys: list[str], vectors: np.ndarray) -> Path:
    path = seed_file(folder, model_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    # float16 halves the file; cosine scores move by ~1e-3, well below the gaps that order results
    np.savez_compressed(path, model=np.array(model_id), keys=np.array(keys), vectors=vectors.astype(np.float16))
    return path
