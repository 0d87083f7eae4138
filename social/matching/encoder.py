"""Sentence vectors from an ONNX sentence-embedding model (ONNX Runtime + tokenizers, no torch).

A model folder holds ``model.onnx`` (outputs the token states, or sentence vectors directly) and
``tokenizer.json``. The shipped default, ``social/matching/model/``, is all-MiniLM-L6-v2 in
int8 (``tools/export_model.py``). Vectors are pooled (mean over tokens or the first token) and
L2-normalised in numpy, so a dot product is a cosine.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).with_name("model")
BATCH = 32  # texts per model call (sorted by length, so a batch pads little)
MAX_CHARS = 2000  # a text is cut here before tokenising (max_tokens cut it anyway)


@dataclass(frozen=True)
class ModelConfig:
    """Where the model is and how to use it. ``languages``: the languages it was trained on
    (semantic features are used only for complaints in those; empty = every language)."""

    path: Path = MODEL_DIR
    pooling: str = "mean"  # "mean" over tokens or "cls" (the first token)
    max_tokens: int = 128
    query_prefix: str = ""  # e.g. "query: " for e5 models
    document_prefix: str = ""  # e.g. "passage: "
    languages: tuple[str, ...] = field(default=("en",))

    @classmethod
    def from_dict(cls, data: dict) -> ModelConfig:
        """From a settings dict with some of the field names (``path`` may be a string)."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if "path" in known:
            known["path"] = Path(known["path"])
        if "languages" in known:
            known["languages"] = tuple(known["languages"] or ())
        return cls(**known)


class Encoder:
    """Encodes texts into unit vectors (float32). Thread-safe; ``threads`` is ONNX Runtime's
    intra-op thread count (default 1: a worker per core;
    more helps a one-off bulk encoding on an idle machine)."""

    def __init__(self, config: ModelConfig | None = None, threads: int | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.config = config = config or ModelConfig()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or 1
        options.inter_op_num_threads = 1
        model = Path(config.path) / "model.onnx"
        self._session = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(Path(config.path) / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(config.max_tokens)
        self._lock = threading.Lock()  # Tokenizer objects are not documented as thread-safe
        digest = hashlib.sha1()
        with open(model, "rb") as handle:
            digest.update(handle.read(1 << 20))
        digest.update(repr((model.stat().st_size, config.pooling, config.max_tokens)).encode())
        digest.update(f"{config.query_prefix}\0{config.document_prefix}".encode())
        self.name = digest.hexdigest()[:12]  # identifies the vectors this encoder gives
        self.dim = int(self.encode(["dimension"]).shape[1])

    def understands(self, lang: str | None) -> bool:
        return not self.config.languages or (lang or "en") in self.config.languages

    def key(self, text: str, query: bool = False) -> str:
        """The cache key of ``text``'s vector: a hash of the model and the normalised text."""
        prefix = self.config.query_prefix if query else self.config.document_prefix
        text = " ".join(f"{prefix}{text}"[:MAX_CHARS].split())
        return hashlib.sha1(f"{self.name}\0{text}".encode()).hexdigest()

    def encode(self, texts: Sequence[str], query: bool = False) -> np.ndarray:
        """One L2-normalised float32 row per text (``query`` adds the query prefix)."""
        prefix = self.config.query_prefix if query else self.config.document_prefix
        prepared = [" ".join(f"{prefix}{t}"[:MAX_CHARS].split()) or "." for t in texts]
        with self._lock:
            encodings = self._tokenizer.encode_batch(prepared)
        order = sorted(range(len(prepared)), key=lambda i: len(encodings[i].ids))
        out = np.zeros((len(prepared), getattr(self, "dim", 0) or 1), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            vectors = self._run([encodings[i] for i in batch])
            if out.shape[1] != vectors.shape[1]:
                out = np.zeros((len(prepared), vectors.shape[1]), dtype=np.float32)
            out[batch] = vectors
        return out

    def _run(self, encodings) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, enc in enumerate(encodings):
            ids[row, : len(enc.ids)] = enc.ids
            mask[row, : len(enc.ids)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        output = self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
        if output.ndim == 3:  # token states: pool them
            if self.config.pooling == "cls":
                output = output[:, 0]
            else:
                weights = mask[..., None].astype(np.float32)
                output = (output * weights).sum(1) / np.maximum(weights.sum(1), 1.0)
        norms = np.linalg.norm(output, axis=1, keepdims=True)
        return (output / np.maximum(norms, 1e-12)).astype(np.float32)


@lru_cache(maxsize=8)
def load(config: ModelConfig | None = None) -> Encoder | None:
    """The encoder for ``config`` (the shipped model by default), shared by the process; None,
    said once in the log, when the model folder has no model or it cannot be loaded."""
    config = config or ModelConfig()
    try:
        return Encoder(config)
    except Exception as exc:  # missing files, an unreadable model, onnxruntime not installed
        log.warning(
            "no sentence-embedding model at %s (%s): semantic features off",
            config.path,
            exc,
        )
        return None
