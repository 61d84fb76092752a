"""Vocabulary matching: normalisation, phrases, and specificity weighting."""

import pytest

from graph.lexical import TermTable, TypoCorrector, ngrams, term_key, tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Peer-to-Peer denials", ["peer", "to", "peer", "denial"]),
        ("pt <PERSON_1> MRN <MRN_1> in ED", ["pt", "mrn", "in", "ed"]),
        ("CO-197 / 4 West", ["co", "197", "4", "west"]),
        ("status", ["status"]),  # "ss"/"us" endings are not plurals
        ("", []),
    ],
)
def test_tokens_normalise_case_hyphens_placeholders_and_plurals(
    text: str, expected: list[str]
) -> None:
    assert tokens(text) == expected


def test_phrases_match_as_ngrams_in_any_spelling() -> None:
    table = TermTable.build({"um": ["peer-to-peer", "observation status"], "cm": ["care plan"]})
    grams = ngrams(tokens("Need a peer to peer for observation status"))
    scores = table.score(grams)
    assert set(scores) == {"um"}
    assert table.hits(grams, "um") == [term_key("observation status"), term_key("peer-to-peer")]


def test_a_term_shared_by_many_agents_weighs_less_than_a_distinctive_one() -> None:
    table = TermTable.build({"a": ["denial", "carc"], "b": ["denial"], "c": ["denial"]})
    assert table.score({"carc"})["a"] > table.score({"denial"})["a"]


def test_no_terms_no_scores() -> None:
    assert TermTable.build({"a": ["x"]}).score(ngrams(tokens("nothing relevant"))) == {}


@pytest.mark.parametrize(
    ("words", "fixed"),
    [
        (["denail"], ["denial"]),  # swapped letters
        (["utilizaton"], ["utilization"]),  # dropped letter
        (["boardingg"], ["boarding"]),  # extra letter
        (["denial"], ["denial"]),  # known words stay
        (["deni"], ["deni"]),  # short words are left alone
        (["zzzzzzz"], ["zzzzzzz"]),  # nothing close: unchanged
    ],
)
def test_typos_one_edit_from_the_vocabulary_are_corrected(
    words: list[str], fixed: list[str]
) -> None:
    corrector = TypoCorrector.build(["denial", "utilization review", "boarding"])
    assert corrector.correct(words) == fixed
