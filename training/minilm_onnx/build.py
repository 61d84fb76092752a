"""Build the encoder's ONNX graph where the runtime looks for it (see the package doc).

python -m training.minilm_onnx.build [--out PATH] [--if-needed]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import training.minilm_onnx
from knowledge.embedder import default_model_dir
from knowledge.onnx_embedder import ONNX_SHA256, default_onnx_path, file_sha256


def build(out: Path, model_dir: Path | None = None) -> str:
    """Write the graph to ``out`` (through a temporary file beside it, so a failed build
    leaves nothing half-written) and return its SHA-256, which must be the recorded one."""
    # onnx takes seconds to import: only a build needs it, not the check at every set-up.
    from training.minilm_onnx.graph import minilm_graph

    model = minilm_graph(model_dir or default_model_dir())
    data = model.SerializeToString(deterministic=True)
    digest = hashlib.sha256(data).hexdigest()
    if digest != ONNX_SHA256:
        raise SystemExit(
            f"minilm_onnx: built a graph with SHA-256 {digest}, expected {ONNX_SHA256}: "
            "the weights, onnx or numpy differ from the pinned ones (or the graph changed: "
            "then record the new checksum in knowledge/onnx_embedder.py)"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f"{out.name}.{os.getpid()}.tmp")
    partial.write_bytes(data)
    partial.replace(out)
    return digest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m training.minilm_onnx.build",
        description=training.minilm_onnx.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="default: " + str(default_onnx_path())
    )
    parser.add_argument(
        "--if-needed", action="store_true", help="do nothing if the file has the recorded checksum"
    )
    args = parser.parse_args(argv)
    out: Path = args.out or default_onnx_path()
    if args.if_needed and out.is_file() and file_sha256(out) == ONNX_SHA256:
        return 0
    build(out)
    print(f"minilm_onnx: wrote {out} (SHA-256 {ONNX_SHA256[:12]}…)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
