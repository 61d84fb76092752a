"""A full name made of a known given name and a surname ("Harriet Blomqvist").

The NER model is small and trained on synthetic sentences; it misses some names in
shapes it has not seen ("Can you call back Tomasz Wieczorek about ..."). This recognizer
backs it up with name lists: two or three capitalised words in a row, where the first is a
known given name (or a known family name followed by a given name, "Nguyen Van Thanh")
and none is an everyday English or operations word. The lists come from Faker's person
providers (a pinned dependency), read at start-up; nothing is copied into the repo.

Capitalisation is required ("mark complete" is not a name) but ALL-CAPS messages count
("PT GEORGE ABERNATHY IN 4 WEST"), compared in title case.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import cache

import regex as re
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from tools.phi import vocabulary as vocab


def _words(text: str) -> list[str]:
    return text.split()


# Locales whose names show up among US patients and staff.
NAME_LOCALES: tuple[str, ...] = (
    "en_US", "en_GB", "en_IN", "es_MX", "es_ES", "pt_BR", "vi_VN", "pl_PL", "de_DE",
    "fr_FR", "it_IT", "sv_SE", "nl_NL", "tw_GH", "yo_NG", "ig_NG", "zh_CN", "ko_KR",
    "ru_RU", "uk_UA", "el_GR", "tr_TR", "hi_IN", "ar_AA",
)  # fmt: skip

# Given names that are also everyday words or organisation names in operations chat;
# "Grant Access", "Mercy Health", "Will Humana pay" are not people.
NOT_GIVEN_NAMES: frozenset[str] = frozenset(
    _words(
        """will bill mark grant chase hope faith joy rose art pat sue don guy ray max dean
    drew lane ward major page bishop carter may june april august summer autumn dawn
    eve harmony honor justice king prince royal rich sky star storm crystal amber ruby
    pearl ivy holly lily daisy iris violet sandy rusty buck bud cash colt gene penny
    norm nick rob frank grace patience mercy constance prudence clay cliff dale glen
    heath forrest brook river rain sunny ginger candy misty hall price long young white
    black green brown gray west north south east bell case care claim jordan trinity
    providence sterling baylor emory duke vanderbilt kaiser cigna aetna humana tricare
    christian ebony destiny liberty unity lucky precious golden"""
    )
)

# Second words that make the pair an organisation, a unit or a document, not a person.
NOT_SURNAMES: frozenset[str] = frozenset(
    _words(
        """health hospital hospitals medical medicine clinic clinics center centre care
    healthcare system systems network group partners associates foundation university
    college county city street avenue road plan plans insurance services service access
    pharmacy labs lab rehab home homes village manor court place tower building campus
    unit wing floor team committee board office department report act law policy
    program portal review audit"""
    )
)

_WORD = re.compile(r"(?:O['’]|Mc|Mac)?[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)*|[A-Z]{2,}(?:['’-][A-Z]+)*")
_INFLECTED = re.compile(r"(?:ed|ing|ly)$", re.IGNORECASE)
_GAP = re.compile(r"\s+(?:[A-Z]\.\s+)?")  # "Mary J. Blige": a middle initial may sit between


@cache
def name_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(given names, family names, everyday words), title-cased / lower-cased."""
    given: set[str] = set()
    family: set[str] = set()
    for locale in NAME_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ("first_names", "first_names_male", "first_names_female"):
            given.update(_latin_names(getattr(provider, attribute, ())))
        family.update(_latin_names(getattr(provider, "last_names", ())))
    lorem = importlib.import_module("faker.providers.lorem.en_US").Provider
    everyday = {word.lower() for word in lorem.word_list}
    given -= {name for name in given if name.lower() in everyday | NOT_GIVEN_NAMES}
    return frozenset(given), frozenset(family), frozenset(everyday)


def _latin_names(names: Iterable[str]) -> Iterable[str]:
    for name in names:
        for part in str(name).split():
            if part.isascii() and part.isalpha() and len(part) > 1:
                yield part[:1].upper() + part[1:].lower()


class KnownNameRecognizer(EntityRecognizer):
    """Flags "Given Surname" (and "Family Given Given") sequences as PERSON."""

    SCORE = 0.6

    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], supported_language="en", name=None)

    def load(self) -> None:
        self._given, self._family, self._everyday = name_lists()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        words = list(_WORD.finditer(text))
        results: list[RecognizerResult] = []
        index = 0
        while index < len(words) - 1:
            run = self._name_run(text, words, index)
            if run:
                start, end = words[index].start(), words[index + run - 1].end()
                results.append(RecognizerResult("PERSON", start, end, self.SCORE))
                index += run
            else:
                index += 1
        return results

    def _name_run(self, text: str, words: list[re.Match[str]], index: int) -> int:
        """How many words starting at ``index`` form a name (0 when they do not)."""
        first, second = words[index], words[index + 1]
        if (
            not _adjacent(text, first, second)
            or first.group().isupper() != second.group().isupper()
        ):
            return 0
        a, b = _title(first.group()), _title(second.group())
        # Two-letter words ("PT", "ED", "OR") are abbreviations far more often than names.
        if len(a) < 3 or not self._plausible(b) or _is_vocabulary(a):
            return 0
        if (
            a in self._given
            or (a in self._family and b in self._given)
            # An unlisted given name before a listed surname ("Winifred Castellanos");
            # verbs and adverbs that open a sentence ("Called Morales") are not names.
            or (b in self._family and self._plausible(a) and not self._inflected_word(a))
        ):
            run = 2
            if index + 2 < len(words) and _adjacent(text, second, words[index + 2]):
                c = _title(words[index + 2].group())
                same_case = words[index + 2].group().isupper() == second.group().isupper()
                if same_case and self._plausible(c):
                    run = 3
            return run
        return 0

    def _inflected_word(self, word: str) -> bool:
        """ "Called", "Reviewing", "Quickly": an everyday word with an ending, not a name."""
        stem = _INFLECTED.sub("", word.lower())
        return stem != word.lower() and bool({stem, stem + "e"} & self._everyday)

    def _plausible(self, word: str) -> bool:
        """Could be part of a name: not an everyday, operations or organisation word."""
        lower = word.lower()
        return not (lower in self._everyday or lower in NOT_SURNAMES or _is_vocabulary(word))


def _adjacent(text: str, left: re.Match[str], right: re.Match[str]) -> bool:
    return bool(_GAP.fullmatch(text[left.end() : right.start()]))


def _title(word: str) -> str:
    return word[:1].upper() + word[1:].lower() if word.isupper() else word


def _is_vocabulary(word: str) -> bool:
    return vocab.is_operations_phrase(word)
