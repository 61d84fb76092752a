"""Name recognizers: full names from name lists, names the context makes certain, and the
checks on what the NER model calls a name or a place."""

from __future__ import annotations

import pytest

from tools.phi.name_recognizer import (
    ContextNameRecognizer,
    KnownNameRecognizer,
    plausible_model_name,
    plausible_model_place,
    transliterate,
)


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


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Portal user: Ines Carvalho\nEmail: x@example.org", ["Ines Carvalho"]),
        ("Seo-yeon Carvalho called twice", ["Seo-yeon Carvalho"]),
        ("Follow-up Visit booked", []),
        ("PT'S SON WANTS AN UPDATE", []),
    ],
)
def test_known_names_stay_on_one_line_and_take_romanised_given_names(
    recognizer: KnownNameRecognizer, text: str, names: list[str]
) -> None:
    found = [text[r.start : r.end] for r in recognizer.analyze(text, ["PERSON"])]
    assert found == names


@pytest.fixture(scope="module")
def context_recognizer() -> ContextNameRecognizer:
    return ContextNameRecognizer()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a given name after a relation word, any capitalisation the name list allows
        ("her daughter Rosalind is POA", ["Rosalind"]),
        ("the niece Teodora Vasquez called", ["Teodora Vasquez"]),
        ("WIFE GWENDOLYN ON HER WAY", ["GWENDOLYN"]),
        ("her son tomasz called", ["tomasz"]),
        ("her husband Seo-jun's meds", ["Seo-jun"]),
        ("SON ODELL PH 614-555-0101", ["ODELL"]),
        # a surname after a title in lower or upper case
        ("MRS. QUARTERMAINE IN 412", ["QUARTERMAINE"]),
        ("mrs okonjo moved", ["okonjo"]),
        # a form line labelled as a person
        ("Pt: Okonjo, Adaeze\nMRN: 1234567", ["Okonjo, Adaeze"]),
        ("PT: kowalczyk, tomasz\nmrn 1234567", ["kowalczyk, tomasz"]),
        ("Guarantor: Adaeze Okonjo", ["Adaeze Okonjo"]),
        # two lower-case words that are a listed given name and a listed surname
        ("call back tomasz novak re: auth", ["tomasz novak"]),
        ("pt is tomasz quellbright, acct pending", ["tomasz quellbright"]),
        # no match: sentence words, roles, clinical states, lower-case everyday pairs
        ("daughter says she never got it", []),
        ("WIFE SAYS HE IS CONFUSED", []),
        ("DR. ON CALL FOR NEPHROLOGY", []),
        ("dr wants the list", []),
        ("Pt: stable overnight\n", []),
        ("will bill mark complete", []),
        ("nobody calls when they miss readings", []),
        ("pt is npo tonight", []),
    ],
)
def test_context_makes_a_name_certain(
    context_recognizer: ContextNameRecognizer, text: str, names: list[str]
) -> None:
    found = [text[r.start : r.end] for r in context_recognizer.analyze(text, ["PERSON"])]
    assert found == names


@pytest.mark.parametrize(
    ("value", "plausible"),
    [
        ("Rosalind Okafor", True),
        ("Hi Rosalind", True),
        ("QUARTERMAINE", True),
        ("WANTS AN UPDATE", False),
        ("DUPLICATE CHART", False),
        ("CLAIM BOUNCED", False),
        ("zero CLABSIs", False),
    ],
)
def test_model_names_made_of_sentence_words_are_dropped(value: str, plausible: bool) -> None:
    assert plausible_model_name(value) is plausible


@pytest.mark.parametrize(
    ("value", "plausible"), [("Dayton", True), ("dayton", True), ("alone", False), ("SNF", False)]
)
def test_model_places_made_of_everyday_words_are_dropped(value: str, plausible: bool) -> None:
    assert plausible_model_place(value) is plausible


def test_cyrillic_names_are_read_in_latin_spelling() -> None:
    assert transliterate("Светлана") == "svetlana"
    assert transliterate("Дмитрий") == "dmitry"
    assert transliterate("Maria") == "Maria"
