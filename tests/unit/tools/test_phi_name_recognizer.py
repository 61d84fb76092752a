"""KnownNameRecognizer: full names from name lists, never organisations or everyday words."""

from __future__ import annotations

import pytest

from tools.phi.name_recognizer import KnownNameRecognizer


@pytest.fixture(scope="module")
def recognizer() -> KnownNameRecognizer:
    return KnownNameRecognizer()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Can you call back Tomasz Wieczorek about the appeal?", ["Tomasz Wieczorek"]),
        ("signed the consent for Harold Beaumont yesterday", ["Harold Beaumont"]),
        ("PT GEORGE ABERNATHY IN 4 WEST", ["GEORGE ABERNATHY"]),
        ("Winifred Castellanos called from the lobby", ["Winifred Castellanos"]),
        ("Nguyen Van Thanh needs an interpreter", ["Nguyen Van Thanh"]),
        ("Mary J. Okafor is the daughter", ["Mary J. Okafor"]),
        ("both Ines Carvalho and Luis Ortega", ["Ines Carvalho", "Luis Ortega"]),
        # no match: organisations, everyday words, abbreviations, lower case
        ("Mercy Health wants the report", []),
        ("Grant Access to Epic for the new hire", []),
        ("Will Humana pay for it?", []),
        ("Called Morales twice", []),
        ("harold beaumont in lower case is left to the NER model", []),
        ("Joint Commission survey next week", []),
        ("ED boarding on 4 West", []),
    ],
)
def test_finds_full_names_only(
    recognizer: KnownNameRecognizer, text: str, names: list[str]
) -> None:
    found = [text[r.start : r.end] for r in recognizer.analyze(text, ["PERSON"])]
    assert found == names
