"""Own-text reveal: the author sees their values back; nobody else does; values expire."""

from __future__ import annotations

import pytest

from tools.phi.reveal import OwnTextVault


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_author_sees_their_own_values_and_others_see_placeholders() -> None:
    vault = OwnTextVault()
    vault.remember("t1", "ana", {"<PERSON_1>": "Mara Quill", "<MRN_1>": "ZK1029"})
    text = "Plan for <PERSON_1> (<MRN_1>); <PERSON_2> unknown"
    assert vault.reveal("t1", "ana", text) == "Plan for Mara Quill (ZK1029); <PERSON_2> unknown"
    assert vault.reveal("t1", "ben", text) == text
    assert vault.reveal("other-thread", "ana", text) == text


def test_two_authors_of_one_placeholder_each_see_what_they_typed() -> None:
    vault = OwnTextVault()
    vault.remember("t", "ana", {"<PERSON_1>": "Mara Quill"})
    vault.remember("t", "ben", {"<PERSON_1>": "mara quill"})
    assert vault.reveal("t", "ana", "<PERSON_1>") == "Mara Quill"
    assert vault.reveal("t", "ben", "<PERSON_1>") == "mara quill"


def test_values_expire_after_the_idle_time() -> None:
    clock = Clock()
    vault = OwnTextVault(idle_seconds=60, monotonic=clock)
    vault.remember("t", "ana", {"<PERSON_1>": "Mara Quill"})
    clock.now = 59
    assert vault.reveal("t", "ana", "<PERSON_1>") == "Mara Quill"  # use keeps it alive
    clock.now = 118
    assert vault.reveal("t", "ana", "<PERSON_1>") == "Mara Quill"
    clock.now = 179
    assert vault.reveal("t", "ana", "<PERSON_1>") == "<PERSON_1>"
    assert len(vault) == 0


def test_the_oldest_threads_are_dropped_beyond_the_bound() -> None:
    vault = OwnTextVault(max_threads=2)
    for thread in ("a", "b", "c"):
        vault.remember(thread, "ana", {"<PERSON_1>": f"Name {thread}"})
    assert vault.reveal("a", "ana", "<PERSON_1>") == "<PERSON_1>"
    assert vault.reveal("c", "ana", "<PERSON_1>") == "Name c"
    vault.forget("c")
    assert vault.reveal("c", "ana", "<PERSON_1>") == "<PERSON_1>"


@pytest.mark.parametrize("idle, bound", [(0, 10), (-1, 10), (10, 0)])
def test_bounds_must_be_positive(idle: float, bound: int) -> None:
    with pytest.raises(ValueError):
        OwnTextVault(idle_seconds=idle, max_threads=bound)


def test_redaction_lists_the_placeholder_of_each_entity(phi_guard) -> None:
    text = "pt Mara Quill MRN 00736215 called"
    redaction = phi_guard.redact(text)
    originals = redaction.originals(text)
    assert originals == {"<PERSON_1>": "Mara Quill", "<MRN_1>": "00736215"}
