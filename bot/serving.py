"""Process settings for long-running servers (``baton serve``, Slack Socket Mode).

A server answers many requests at once, on request threads and in several worker
processes. The sentence encoder multiplies small matrices (one request's text), where
BLAS's own thread pool gains little and its threads spin against each other's: on two
cores, two ``baton serve`` workers routed 3 requests/s with the default pool and 21 with
one BLAS thread per process (``bench/bench_api.py``, with the numpy encoder). One caller
alone is about 15% slower per embedding, which a server never is. The onnxruntime encoder
Baton now runs has an intra-op thread pool of its own, limited the same way.
"""

from __future__ import annotations

import gc
import os

from threadpoolctl import threadpool_limits

from knowledge.onnx_embedder import set_intra_op_threads

# Any of these set by the operator is their choice for the whole process; Baton keeps it.
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def limit_blas_threads() -> bool:
    """One BLAS thread and one intra-op thread for encoders created from now on, in this
    process, unless the environment sets a thread count; True if applied."""
    if any(os.environ.get(name) for name in BLAS_THREAD_VARIABLES):
        return False
    threadpool_limits(limits=1, user_api="blas")
    set_intra_op_threads(1)
    return True


def settle_start_up_heap() -> None:
    """Take what start-up loaded (the PHI pipelines, the encoder, the index: a few hundred
    thousand objects that live as long as the process) out of the garbage collector's
    reach. Every full collection walks all tracked objects, and a request that builds many
    (a billing month builds one record, decision and line per patient) sets off several:
    in a process holding the models, they took most of a 10,000-patient billing run
    (bench/bench_records.py --serving-heap). Garbage from start-up is collected first."""
    gc.collect()
    gc.freeze()


def choose_nlp_ops_for_requests() -> None:
    """Choose spaCy's array backend (thinc's "ops") once, in the context every request
    inherits.

    thinc keeps the backend in a context variable. Each request runs in a fresh copy of
    the server's context, where it was never set, so every request's first spaCy call
    chose it again: a scan of the installed packages' entry points and two failed imports
    of optional backends, several milliseconds of CPU per request in a served worker.
    Call this where the app is built (before the server accepts connections): the
    connections' contexts copy the variable, and requests find the backend chosen.
    """
    from thinc.api import require_cpu

    require_cpu()  # the best CPU backend, as thinc itself picks it
