"""Servers run BLAS and the encoder's onnxruntime on one thread per process unless the
operator says otherwise, and keep what start-up loaded out of the garbage collector's
walks."""

from __future__ import annotations

import contextvars
import gc

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from bot.serving import (
    BLAS_THREAD_VARIABLES,
    choose_nlp_ops_for_requests,
    limit_blas_threads,
    settle_start_up_heap,
)
from knowledge.onnx_embedder import intra_op_threads, set_intra_op_threads


def blas_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


@pytest.fixture
def restored_blas():
    np.ones((2, 2)) @ np.ones((2, 2))  # numpy's BLAS is loaded
    saved = threadpool_limits(limits=None)  # the current limits, restored afterwards
    try:
        threadpool_limits(limits=2, user_api="blas")
        set_intra_op_threads(0)
        yield
    finally:
        saved.restore_original_limits()
        set_intra_op_threads(0)


@pytest.fixture
def no_thread_variables(monkeypatch):
    for name in BLAS_THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_limits_blas_to_one_thread(restored_blas, no_thread_variables):
    assert blas_threads(), "numpy's BLAS should be visible to threadpoolctl"
    assert limit_blas_threads() is True
    assert blas_threads() and set(blas_threads()) == {1}
    assert intra_op_threads() == 1


@pytest.mark.parametrize("variable", BLAS_THREAD_VARIABLES)
def test_keeps_what_the_operator_set(restored_blas, no_thread_variables, monkeypatch, variable):
    before = blas_threads()
    monkeypatch.setenv(variable, "2")
    assert limit_blas_threads() is False
    assert blas_threads() == before
    assert intra_op_threads() == 0


def test_what_start_up_loaded_is_left_out_of_collections():
    class Part:  # a long-lived object, like a model's
        pass

    loaded = [Part() for _ in range(1000)]

    def walked() -> set[int]:  # what a full collection looks at
        return {id(o) for o in gc.get_objects()}

    assert id(loaded[0]) in walked()
    try:
        settle_start_up_heap()
        assert id(loaded[0]) not in walked()
        assert gc.get_freeze_count() >= len(loaded)
    finally:
        gc.unfreeze()


def test_requests_inherit_the_nlp_backend_chosen_where_the_app_is_built():
    from thinc.api import Ops
    from thinc.backends import context_ops

    def build_then_serve() -> object:
        choose_nlp_ops_for_requests()  # where the app is built
        request = contextvars.copy_context()  # each connection and request copies it
        return request.run(context_ops.get)

    assert contextvars.Context().run(context_ops.get) is None  # what requests met before
    assert isinstance(contextvars.Context().run(build_then_serve), Ops)
