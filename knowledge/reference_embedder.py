"""The reference encoder: all-MiniLM-L6-v2 written out in numpy.

It runs the BERT encoder over the safetensors file, followed by the model's own mean
pooling and L2 normalisation, which gives the same vectors as the model's reference
implementation to float32 precision. Baton routes with the ONNX encoder
(``knowledge.onnx_embedder``); this one is what that graph is tested against, and it
needs nothing but numpy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file

from knowledge.embedder import (
    BATCH_SIZE,
    EMBEDDING_DIM,
    MODEL_NAME,
    default_model_dir,
    load_tokenizer,
    model_config,
    padded_batches,
    weights_fingerprint,
    weights_path,
)


@dataclass(frozen=True)
class _Layer:
    q_w: np.ndarray
    q_b: np.ndarray
    k_w: np.ndarray
    k_b: np.ndarray
    v_w: np.ndarray
    v_b: np.ndarray
    o_w: np.ndarray
    o_b: np.ndarray
    ln1_g: np.ndarray
    ln1_b: np.ndarray
    i_w: np.ndarray
    i_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln2_g: np.ndarray
    ln2_b: np.ndarray


def _layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


_SQRT_2 = math.sqrt(2.0)


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz & Stegun 7.1.26: absolute error below 1.5e-7, under float32 noise here.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT uses the exact erf form of GELU, not the tanh approximation.
    return 0.5 * x * (1.0 + _erf(x / _SQRT_2))


class ReferenceMiniLMEmbedder:
    """Embeds text into 384-dim unit vectors; thread-safe for reads."""

    name = MODEL_NAME

    def __init__(self, model_dir: Path | None = None) -> None:
        model_dir = model_dir or default_model_dir()
        weights = weights_path(model_dir)
        _, config = model_config(model_dir)
        self.fingerprint = weights_fingerprint(model_dir)
        self._heads = int(config["num_attention_heads"])
        self._eps = float(config["layer_norm_eps"])
        self._tokenizer = load_tokenizer(model_dir)
        w = load_file(str(weights))
        self._word = w["embeddings.word_embeddings.weight"]
        self._position = w["embeddings.position_embeddings.weight"]
        self._token_type = w["embeddings.token_type_embeddings.weight"][0]
        self._emb_ln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self._layers = [
            self._layer(w, f"encoder.layer.{i}.") for i in range(int(config["num_hidden_layers"]))
        ]

    @staticmethod
    def _layer(w: dict[str, np.ndarray], p: str) -> _Layer:
        return _Layer(
            q_w=w[p + "attention.self.query.weight"].T.copy(),
            q_b=w[p + "attention.self.query.bias"],
            k_w=w[p + "attention.self.key.weight"].T.copy(),
            k_b=w[p + "attention.self.key.bias"],
            v_w=w[p + "attention.self.value.weight"].T.copy(),
            v_b=w[p + "attention.self.value.bias"],
            o_w=w[p + "attention.output.dense.weight"].T.copy(),
            o_b=w[p + "attention.output.dense.bias"],
            ln1_g=w[p + "attention.output.LayerNorm.weight"],
            ln1_b=w[p + "attention.output.LayerNorm.bias"],
            i_w=w[p + "intermediate.dense.weight"].T.copy(),
            i_b=w[p + "intermediate.dense.bias"],
            out_w=w[p + "output.dense.weight"].T.copy(),
            out_b=w[p + "output.dense.bias"],
            ln2_g=w[p + "output.LayerNorm.weight"],
            ln2_b=w[p + "output.LayerNorm.bias"],
        )

    def _encode_batch(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        batch, length = ids.shape
        x = self._word[ids] + self._position[:length][None, :, :] + self._token_type
        x = _layer_norm(x, *self._emb_ln, self._eps)
        head_dim = x.shape[-1] // self._heads
        # Padding positions get a large negative score so they take no attention.
        bias = ((1.0 - mask) * -1e9)[:, None, None, :].astype(np.float32)
        for layer in self._layers:

            def split(t: np.ndarray) -> np.ndarray:
                return t.reshape(batch, length, self._heads, head_dim).transpose(0, 2, 1, 3)

            q = split(x @ layer.q_w + layer.q_b)
            k = split(x @ layer.k_w + layer.k_b)
            v = split(x @ layer.v_w + layer.v_b)
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head_dim) + bias
            scores -= scores.max(axis=-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(axis=-1, keepdims=True)
            context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, length, -1)
            x = _layer_norm(
                context @ layer.o_w + layer.o_b + x, layer.ln1_g, layer.ln1_b, self._eps
            )
            hidden = _gelu(x @ layer.i_w + layer.i_b)
            x = _layer_norm(
                hidden @ layer.out_w + layer.out_b + x, layer.ln2_g, layer.ln2_b, self._eps
            )
        summed = (x * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.clip(mask.sum(axis=1, keepdims=True), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

    def embed(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        """Return an (n, 384) float32 array of unit vectors, one row per text."""
        out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        for rows, ids, mask in padded_batches(encodings, batch_size):
            out[rows] = self._encode_batch(ids, mask.astype(np.float32))
        return out

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]
