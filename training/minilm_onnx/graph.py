"""all-MiniLM-L6-v2 as an ONNX graph, written node by node from the safetensors weights."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from safetensors.numpy import load_file

from knowledge.embedder import EMBEDDING_DIM, model_config, weights_path
from knowledge.onnx_embedder import ONNX_INPUTS, ONNX_OUTPUT

# Opset 17 has LayerNormalization; IR 8 is read by every onnxruntime since 1.14.
OPSET = 17
IR_VERSION = 8
PRODUCER = "baton training.minilm_onnx"


class GraphWriter:
    """Collects nodes and initializers under names that depend only on the model."""

    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self._count = 0

    def constant(self, name: str, value: np.ndarray) -> str:
        self.initializers.append(numpy_helper.from_array(value, name))
        return name

    def op(self, op_type: str, inputs: Sequence[str], **attributes: Any) -> str:
        self._count += 1
        output = f"{op_type.lower()}_{self._count}"
        self.nodes.append(
            helper.make_node(op_type, list(inputs), [output], name=output, **attributes)
        )
        return output

    def linear(self, x: str, weights: dict[str, np.ndarray], prefix: str) -> str:
        """x @ W.T + b, with W stored transposed as the reference encoder holds it."""
        w = self.constant(prefix + ".weight_t", np.ascontiguousarray(weights[prefix + ".weight"].T))
        b = self.constant(prefix + ".bias", weights[prefix + ".bias"])
        return self.op("Add", [self.op("MatMul", [x, w]), b])

    def heads(
        self,
        x: str,
        weights: dict[str, np.ndarray],
        prefix: str,
        split_shape: str,
        perm: tuple[int, ...],
    ) -> str:
        """A projection split into attention heads: (b, h, t, d), or (b, h, d, t) for keys."""
        projected = self.linear(x, weights, prefix)
        return self.op("Transpose", [self.op("Reshape", [projected, split_shape])], perm=perm)

    def layer_norm(self, x: str, weights: dict[str, np.ndarray], prefix: str, eps: float) -> str:
        gamma = self.constant(prefix + ".weight", weights[prefix + ".weight"])
        beta = self.constant(prefix + ".bias", weights[prefix + ".bias"])
        return self.op("LayerNormalization", [x, gamma, beta], axis=-1, epsilon=eps)


def _scalar(value: float) -> np.ndarray:
    return np.array(value, dtype=np.float32)


def _ints(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def minilm_graph(model_dir: Path) -> onnx.ModelProto:
    """The sentence encoder as one ONNX model: (input_ids, attention_mask) of shape
    (batch, tokens), int64, to unit vectors of shape (batch, 384), float32."""
    _, config = model_config(model_dir)
    weights = load_file(str(weights_path(model_dir)))
    heads = int(config["num_attention_heads"])
    hidden = int(config["hidden_size"])
    eps = float(config["layer_norm_eps"])
    head_dim = hidden // heads
    if hidden != EMBEDDING_DIM:
        raise ValueError(f"expected a {EMBEDDING_DIM}-wide model, found {hidden}")

    g = GraphWriter()
    ids, mask = ONNX_INPUTS
    mask_f = g.op("Cast", [mask], to=TensorProto.FLOAT)

    # Embeddings: word + position (the first `tokens` rows) + token type 0.
    tokens = g.op(
        "Slice", [g.op("Shape", [ids]), g.constant("one", _ints(1)), g.constant("two", _ints(2))]
    )
    word = g.op(
        "Gather", [g.constant("word_embeddings", weights["embeddings.word_embeddings.weight"]), ids]
    )
    position = g.op(
        "Slice",
        [
            g.constant("position_embeddings", weights["embeddings.position_embeddings.weight"]),
            g.constant("zero", _ints(0)),
            tokens,
            g.constant("axis_0", _ints(0)),
        ],
    )
    token_type = g.constant(
        "token_type_embedding", weights["embeddings.token_type_embeddings.weight"][0]
    )
    x = g.op("Add", [g.op("Add", [word, position]), token_type])
    x = g.layer_norm(x, weights, "embeddings.LayerNorm", eps)

    # Padding positions get a large negative score so they take no attention.
    one_f = g.constant("one_f", _scalar(1.0))
    keep = g.op("Sub", [one_f, mask_f])
    bias = g.op("Mul", [keep, g.constant("minus_1e9", _scalar(-1e9))])
    bias = g.op("Unsqueeze", [bias, g.constant("axes_1_2", _ints(1, 2))])  # (b, 1, 1, t)
    split_shape = g.constant("split_heads", _ints(0, 0, heads, head_dim))
    merge_shape = g.constant("merge_heads", _ints(0, 0, hidden))
    scale = g.constant("attention_scale", _scalar(math.sqrt(head_dim)))
    half = g.constant("half", _scalar(0.5))
    sqrt_2 = g.constant("sqrt_2", _scalar(math.sqrt(2.0)))

    for i in range(int(config["num_hidden_layers"])):
        p = f"encoder.layer.{i}."

        q = g.heads(x, weights, p + "attention.self.query", split_shape, (0, 2, 1, 3))
        k = g.heads(x, weights, p + "attention.self.key", split_shape, (0, 2, 3, 1))
        v = g.heads(x, weights, p + "attention.self.value", split_shape, (0, 2, 1, 3))
        scores = g.op("Add", [g.op("Div", [g.op("MatMul", [q, k]), scale]), bias])
        probs = g.op("Softmax", [scores], axis=-1)
        context = g.op("Transpose", [g.op("MatMul", [probs, v])], perm=(0, 2, 1, 3))
        context = g.op("Reshape", [context, merge_shape])
        attended = g.op("Add", [g.linear(context, weights, p + "attention.output.dense"), x])
        x = g.layer_norm(attended, weights, p + "attention.output.LayerNorm", eps)
        # BERT's GELU is the exact erf form, not the tanh approximation.
        h = g.linear(x, weights, p + "intermediate.dense")
        erf = g.op("Erf", [g.op("Div", [h, sqrt_2])])
        h = g.op("Mul", [g.op("Mul", [half, h]), g.op("Add", [one_f, erf])])
        out = g.op("Add", [g.linear(h, weights, p + "output.dense"), x])
        x = g.layer_norm(out, weights, p + "output.LayerNorm", eps)

    # Mean over the real tokens, then unit length (sentence-transformers' Pooling, Normalize).
    axis_1 = g.constant("axis_1", _ints(1))
    mask_3d = g.op("Unsqueeze", [mask_f, g.constant("axis_2", _ints(2))])
    summed = g.op("ReduceSum", [g.op("Mul", [x, mask_3d]), axis_1], keepdims=0)
    counts = g.op("ReduceSum", [mask_f, axis_1], keepdims=1)
    pooled = g.op("Div", [summed, g.op("Max", [counts, g.constant("min_count", _scalar(1e-9))])])
    # Until opset 18, ReduceL2 takes its axes as an attribute (ReduceSum as an input).
    norms = g.op("ReduceL2", [pooled], axes=[1], keepdims=1)
    unit = g.op("Div", [pooled, g.op("Max", [norms, g.constant("min_norm", _scalar(1e-12))])])
    g.nodes.append(helper.make_node("Identity", [unit], [ONNX_OUTPUT], name=ONNX_OUTPUT))

    graph = helper.make_graph(
        g.nodes,
        "all_MiniLM_L6_v2",
        inputs=[
            helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "tokens"])
            for name in ONNX_INPUTS
        ],
        outputs=[helper.make_tensor_value_info(ONNX_OUTPUT, TensorProto.FLOAT, ["batch", hidden])],
        initializer=g.initializers,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name=PRODUCER,
        producer_version="1",
        ir_version=IR_VERSION,
    )
    onnx.checker.check_model(model, full_check=True)
    return model
