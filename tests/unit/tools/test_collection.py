"""Automatic garbage collection is held off while any caller holds it, and comes back
as it was."""

from __future__ import annotations

import gc

import pytest

from tools.collection import collection_held_off


@pytest.fixture(autouse=True)
def _collection_restored():
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_overlapping_callers_keep_it_off_until_the_last_leaves():
    gc.enable()
    first = collection_held_off()
    second = collection_held_off()
    first.__enter__()
    second.__enter__()
    assert not gc.isenabled()
    first.__exit__(None, None, None)
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_it_comes_back_after_an_error():
    gc.enable()
    with pytest.raises(ValueError), collection_held_off():
        raise ValueError("refused")
    assert gc.isenabled()


def test_a_process_that_turned_it_off_keeps_it_off():
    gc.disable()
    with collection_held_off():
        assert not gc.isenabled()
    assert not gc.isenabled()
