"""The semantic stage: each article's unit vectors, computed once per text, and the features
they give a candidate pool.

An article's units are its title, its title + body, and each of its recent aliases; its matrix
holds their vectors (float16) and, last, their normalised centroid. Vectors are looked up in an
optional :class:`VectorStore` by a hash of the model and the text before anything is encoded,
so a rebuild, a new worker or a new machine encodes only texts it has never seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

import numpy as np

from .documents import Document
from .encoder import Encoder

FEATURES = ("sem_max", "sem_centroid", "sem_max_pool", "sem_centroid_pool", "sem_knn")
MAX_ALIASES = 300  # the most recent aliases that get a vector (as rerank.MAX_UNITS)
BODY_CHARS = 1000  # the start of the body in the title + body unit
KNN, KNN_TAU = 10, 0.05  # the pool's nearest units that vote, and their softmax temperature
CHUNK = 2000  # texts looked up in the store (and encoded) at a time


class VectorStore(Protocol):
    """Where vectors are kept between processes: float16 bytes by key."""

    def get_many(self, keys: Sequence[str]) -> Mapping[str, bytes]: ...

    def put_many(self, items: Mapping[str, bytes]) -> None: ...


class MemoryVectors(dict):
    """A :class:`VectorStore` in a dict (tests, scripts)."""

    def get_many(self, keys: Sequence[str]) -> Mapping[str, bytes]:
        return {k: self[k] for k in keys if k in self}

    def put_many(self, items: Mapping[str, bytes]) -> None:
        self.update(items)


def unit_texts(doc: Document) -> list[str]:
    """The texts of an article that get a vector: title, title + body, recent aliases."""
    head = " ".join(doc.body[: BODY_CHARS * 2].split())[:BODY_CHARS]
    aliases = [a for a in doc.aliases[-MAX_ALIASES:] if a.strip()]
    return [doc.title, f"{doc.title}. {head}" if head else doc.title, *aliases]


class Vectors:
    """Computes article matrices through ``store`` (optional) and ``encoder``; ``encoded``
    counts the texts that had to be encoded."""

    def __init__(self, encoder: Encoder, store: VectorStore | None = None) -> None:
        self.encoder, self.store, self.encoded = encoder, store, 0

    def articles(self, docs: Iterable[Document]) -> dict[str, np.ndarray]:
        """Each document's matrix: unit vectors then their normalised centroid (float16)."""
        docs = list(docs)
        keyed = [[(self.encoder.key(t), t) for t in unit_texts(doc)] for doc in docs]
        texts = dict(pair for pairs in keyed for pair in pairs)
        found: dict[str, np.ndarray] = {}
        keys = list(texts)
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            stored = self.store.get_many(chunk) if self.store is not None else {}
            for key, blob in stored.items():
                vector = np.frombuffer(blob, dtype=np.float16)
                if vector.shape == (self.encoder.dim,):
                    found[key] = vector
            missing = [k for k in chunk if k not in found]
            if missing:
                encoded = self.encoder.encode([texts[k] for k in missing]).astype(np.float16)
                self.encoded += len(missing)
                new = dict(zip(missing, encoded, strict=True))
                found.update(new)
                if self.store is not None:
                    self.store.put_many({k: v.tobytes() for k, v in new.items()})
        out = {}
        for doc, pairs in zip(docs, keyed, strict=True):
            units = np.stack([found[k] for k, _ in pairs]).astype(np.float32)
            centroid = units.mean(0)
            centroid /= max(float(np.linalg.norm(centroid)), 1e-12)
            out[doc.id] = np.vstack([units, centroid]).astype(np.float16)
        return out

    def query(self, text: str) -> np.ndarray:
        return self.queries([text])[0]

    def queries(self, texts: Sequence[str]) -> list[np.ndarray]:
        """The texts' vectors as queries, encoded in batches (cheaper than one by one)."""
        return list(self.encoder.encode(texts, query=True)) if texts else []


SPREAD_FLOOR = 0.2  # of cosines within a pool


def pool_features(query: np.ndarray, matrices: Sequence[np.ndarray | None]) -> list[tuple]:
    """Per candidate, the :data:`FEATURES`: its best unit's cosine to the complaint and its
    centroid's, each also min-max normalised within the pool, and the share of a softmax vote
    of the pool's :data:`KNN` nearest units (past complaints as labelled examples)."""
    present = [m for m in matrices if m is not None]
    if not present:
        return [(0.0,) * len(FEATURES)] * len(matrices)
    sims = np.vstack(present).astype(np.float32) @ query
    best, centroid, votes, owners = [], [], [], []
    at = 0
    for i, m in enumerate(matrices):
        if m is None:
            best.append(0.0), centroid.append(0.0)
            continue
        s = sims[at : at + len(m)]
        at += len(m)
        best.append(float(s[:-1].max()))
        centroid.append(float(s[-1]))
        votes.append(s[:-1])
        owners.append(np.full(len(m) - 1, i))
    unit_sims, unit_owner = np.concatenate(votes), np.concatenate(owners)
    nearest = np.argsort(-unit_sims, kind="stable")[:KNN]
    weight = np.exp((unit_sims[nearest] - unit_sims[nearest[0]]) / KNN_TAU)
    knn = np.bincount(unit_owner[nearest], weights=weight, minlength=len(matrices))
    knn /= knn.sum()

    def spread(values: list[float]) -> list[float]:
        # A small pool (two printer articles for "printer") would stretch a hair's difference
        # to 0 and 1: a spread under SPREAD_FLOOR is not stretched further.
        low, high = min(values), max(values)
        return [(v - low) / max(high - low, SPREAD_FLOOR) for v in values]

    return list(zip(best, centroid, spread(best), spread(centroid), knn.tolist(), strict=True))


class Centroids:
    """Every article's centroid in one float32 matrix, for an exact nearest-neighbour search
    (one matrix product: ~1.5 ms per 10,000 articles). Rows are updated in place, and a removed
    article's row is zeroed and reused; readers never see a half-written row's id."""

    def __init__(self, dim: int) -> None:
        self.matrix = np.zeros((0, dim), dtype=np.float32)
        self.ids: list[str | None] = []
        self.rows: dict[str, int] = {}
        self.free: list[int] = []

    def set(self, doc_id: str, centroid: np.ndarray) -> None:
        row = self.rows.get(doc_id)
        if row is None:
            row = self.free.pop() if self.free else len(self.ids)
            if row >= len(self.matrix):
                grown = np.zeros((max(64, 2 * len(self.matrix)), self.matrix.shape[1]), np.float32)
                grown[: len(self.matrix)] = self.matrix
                self.matrix = grown
            if row == len(self.ids):
                self.ids.append(None)
        self.matrix[row] = centroid
        self.ids[row], self.rows[doc_id] = doc_id, row

    def remove(self, doc_id: str) -> None:
        row = self.rows.pop(doc_id, None)
        if row is not None:
            self.ids[row] = None
            self.matrix[row] = 0.0
            self.free.append(row)

    def nearest(self, query: np.ndarray, k: int, floor: float = -1.0) -> list[str]:
        """The ids of the ``k`` articles whose centroids are closest to ``query``, best first,
        with a cosine of at least ``floor``."""
        ids, matrix = self.ids, self.matrix
        n = min(len(ids), len(matrix))
        if not n:
            return []
        sims = matrix[:n] @ query
        k = min(k, n)
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top], kind="stable")]
        return [ids[j] for j in top if ids[j] is not None and sims[j] >= floor]
