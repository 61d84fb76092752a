"""A full name made of a known given name and a surname ("Harriet Blomqvist").

The NER model is small and trained on synthetic sentences; it misses some names in
shapes it has not seen ("Can you call back Tomasz Wieczorek about ..."). This recognizer
backs it up with name lists: two or three capitalised words in a row, where the first is a
known given name (or a known family name followed by a given name, "Nguyen Van Thanh")
and none is an everyday English or operations word. The lists come from Faker's person
providers (a pinned dependency), read at start-up; nothing is copied into the repo.

Capitalisation is required ("mark complete" is not a name) but ALL-CAPS messages count
("PT GEORGE ABERNATHY IN 4 WEST"), compared in title case.

``ContextNameRecognizer`` covers names whose surroundings make them certain in any case
("her daughter Keisha", "MRS. ALVARADO", "Pt: Bui, Dale", "call back ana ruiz"), and
``plausible_model_name`` / ``plausible_model_place`` let the guard drop NER spans made of
sentence words ("WANTS AN UPDATE", "lives alone"). Both judge words against a lexicon of
everyday English (Faker's word list) and the routing corpus's own lower-case words.
Safe Harbor (45 CFR 164.514(b)(2)(i)(A)) names come first among the identifiers.
"""

from __future__ import annotations

import importlib
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import regex as re
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from tools.phi import vocabulary as vocab


def _words(text: str) -> list[str]:
    return text.split()


# Locales whose names show up among US patients and staff.
NAME_LOCALES: tuple[str, ...] = (
    "en_US", "en_GB", "en_IE", "en_IN", "en_PK", "en_NG", "en_KE", "es_MX", "es_ES",
    "pt_BR", "vi_VN", "pl_PL", "de_DE", "fr_FR", "it_IT", "sv_SE", "nl_NL", "tw_GH",
    "yo_NG", "ig_NG", "ha_NG", "zh_CN", "zh_TW", "ja_JP", "ko_KR", "ru_RU", "uk_UA",
    "el_GR", "tr_TR", "hi_IN", "ar_AA", "fi_FI", "da_DK", "no_NO", "is_IS", "hu_HU",
    "cs_CZ", "sk_SK", "hr_HR", "sl_SI", "ro_RO", "lt_LT", "lv_LV", "et_EE", "pt_PT",
    "es_AR", "es_CO", "fr_CA", "id_ID", "az_AZ", "ga_IE", "zu_ZA", "sw",
)  # fmt: skip
# Name attributes of Faker's person providers; the romanised lists carry the Latin
# spelling of Chinese and Japanese names.
_GIVEN_ATTRIBUTES = (
    "first_names", "first_names_male", "first_names_female", "first_romanized_names",
    "first_romanized_names_male", "first_romanized_names_female",
)  # fmt: skip
_FAMILY_ATTRIBUTES = ("last_names", "last_romanized_names")
# Russian and Ukrainian names as US registration writes them ("Svetlana", "Dmitri").
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґ",
        _words("a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya")
        + _words("i ye yi g"),
        strict=True,
    )
)

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
    christian ebony destiny liberty unity lucky precious golden charity"""
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

# A capitalised word; after a hyphen the next part may be lower case ("Min-jun", "Jae-won").
_WORD = re.compile(
    r"(?:O['’]|D['’]|Mc|Mac)?\p{Lu}\p{Ll}+(?:[-'’]\p{L}\p{Ll}+)*|\p{Lu}{2,}(?:['’-]\p{Lu}+)*"
)
_COMMA = re.compile(r",[ \t]*")
_ADDRESSED = re.compile(
    r"[ \t]*([a-z]{3,})(?=['’]s\b|[,:]|[ \t]+(?:can|could|pls|plz|please|see|fyi|re|said|"
    r"says|asked|wants|called|will|is)\b)"
)
_INFLECTED = re.compile(r"(?:ed|ing|ly)$", re.IGNORECASE)
# "Mary J. Blige": a middle initial may sit between. Never across a line break: in a form
# ("Portal user: Ana Ruiz\nEmail: ...") the next line's label is not part of the name.
_GAP = re.compile(r"[ \t]+(?:[A-Z]\.[ \t]+)?")


@cache
def name_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(given names, family names, everyday words), title-cased / lower-cased.

    Given names that are also everyday words ("Will", "Lily") are left out: alone they
    are far more often the word. ``all_given_names`` keeps them.
    """
    given, family = _listed_names()
    lorem = importlib.import_module("faker.providers.lorem.en_US").Provider
    everyday = {word.lower() for word in lorem.word_list}
    given = given - {name for name in given if name.lower() in everyday | NOT_GIVEN_NAMES}
    return frozenset(given), frozenset(family), frozenset(everyday)


@cache
def all_given_names() -> frozenset[str]:
    """Every listed given name, everyday words included ("Lily", "Guy")."""
    return frozenset(_listed_names()[0])


@cache
def _listed_names() -> tuple[frozenset[str], frozenset[str]]:
    given: set[str] = set()
    family: set[str] = set()
    for locale in NAME_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in _GIVEN_ATTRIBUTES:
            given.update(_latin_names(getattr(provider, attribute, ())))
        for attribute in _FAMILY_ATTRIBUTES:
            family.update(_latin_names(getattr(provider, attribute, ())))
    return frozenset(given), frozenset(family)


# Staff requests written for the routing profiles (the same corpus the NER model uses as
# negatives): every word written there in lower case, and every short acronym, is
# operations English, never a name.
OPERATIONS_CORPUS = Path(__file__).resolve().parents[2] / "knowledge" / "data"
_LEXICON_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# A word of a name in any script's letters: "Inês" is one word, not "In" and "s".
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@cache
def lexicon() -> frozenset[str]:
    """Lower-cased everyday and operations words: Faker's English word list, the routing
    corpus's lower-case words and acronyms, and the function words."""
    import yaml

    words = set(name_lists()[2]) | FUNCTION_WORDS
    for pattern, key in (("agents/*.yaml", "typical_requests"), ("examples/*.yaml", "examples")):
        for path in sorted(OPERATIONS_CORPUS.glob(pattern)):
            for text in yaml.safe_load(path.read_text(encoding="utf-8")).get(key, []):
                for word in _LEXICON_WORD.findall(str(text)):
                    if word.islower() or (word.isupper() and len(word) <= 6):
                        words.add(word.lower())
    return frozenset(words)


def is_acronym(word: str) -> bool:
    """An upper-case operations acronym ("DKA", "SNF", "CAUTI") from the lexicon."""
    return word.isupper() and len(word) <= 6 and word.lower() in lexicon()


def plausible_model_place(value: str) -> bool:
    """Whether a LOCATION span from the NER model (in a mixed-case message) can be a place.

    Lower-case everyday words ("lives alone") and operations acronyms ("SNF") are not;
    a capitalised word is kept even when it is also English ("Mobile", "Reading").
    """
    words = value.split()
    return not all(is_acronym(w) or (w.islower() and w in lexicon()) for w in words)


def plausible_model_name(value: str) -> bool:
    """Whether a PERSON span from the NER model can be a name.

    The model sometimes tags two sentence words in an upper-case or odd message ("WANTS
    AN UPDATE", "DUPLICATE CHART"). Operations and everyday words at either end are set
    aside; the span is kept if something is left, unless what is left is one lower- or
    upper-case word the name lists do not know and the span had to be cut to get there
    ("CLAIM BOUNCED", "dismissal letter").
    The kept span is always the model's whole span.
    """
    words = _NAME_WORD.findall(value)
    lexical_words = lexicon()
    flags = [is_everyday_word(word, lexical_words) for word in words]
    if all(flags):
        return False
    first = flags.index(False)
    last = len(flags) - 1 - flags[::-1].index(False)
    core = words[first : last + 1]
    if len(core) == len(words) or len(core) > 1:
        return True
    if core[0][:1].isupper() and not core[0].isupper():
        return True  # "Hi Rosalind": a capitalised word after a greeting
    given, family, _ = name_lists()
    word = core[0].capitalize() if core[0].isupper() or core[0].islower() else core[0]
    return word in given or word in family


def _latin_names(names: Iterable[str]) -> Iterable[str]:
    for name in names:
        for part in transliterate(str(name)).split():
            if part.isalpha() and len(part) > 1 and all(_is_latin(ch) for ch in part):
                yield part[:1].upper() + part[1:].lower()


def _is_latin(letter: str) -> bool:
    """Latin script, accents included ("Tómas", "Lýðsson", "Đurđa"): how US
    registration writes a name."""
    return unicodedata.name(letter, "").startswith("LATIN")


def transliterate(name: str) -> str:
    """Cyrillic letters in Latin spelling; other scripts are left as they are."""
    if not any("\u0400" <= ch <= "\u04ff" for ch in name):
        return name
    latin = "".join(_CYRILLIC.get(ch.lower(), ch) for ch in name).replace("_", "")
    return latin[:-2] + "y" if latin.endswith("iy") else latin


class KnownNameRecognizer(EntityRecognizer):
    """Flags "Given Surname" (and "Family Given Given") sequences as PERSON, and a
    capitalised known given name on its own ("Michelle said", "shouted at Martin").

    A lone given name is the shape staff use most for a patient or a relative they have
    already named; given names that are also everyday or operations words ("Will",
    "Grace", "Epic") are not on the list (``name_lists``), and upper-case words never
    count alone (an upper-case message is full of words that are also names).
    """

    SCORE = 0.6
    SINGLE_SCORE = 0.55

    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], supported_language="en")

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
        results += self._last_comma_first(text, words)
        opening = _ADDRESSED.match(text)
        if opening and opening.group(1).capitalize() in self._given:
            # "ngozi can u call ...", "gwen see ...", "bridget's mom ...": a message that
            # opens by addressing or naming someone in lower case.
            results.append(RecognizerResult("PERSON", 0, opening.end(1), self.SINGLE_SCORE))
        covered = {(r.start, r.end) for r in results}
        for position, word in enumerate(words):
            if any(start <= word.start() < end for start, end in covered):
                continue
            if self._lone_given_name(word.group()) or (
                self._lone_surname(word.group()) and self._stands_alone(text, words, position)
            ):
                results.append(
                    RecognizerResult("PERSON", word.start(), word.end(), self.SINGLE_SCORE)
                )
        return results

    def _lone_surname(self, word: str) -> bool:
        """A capitalised listed family name on its own ("the Haugen notes", "ask Okafor"):
        staff name a patient or a colleague by surname as often as by given name. Family
        lists hold many English words ("Price", "Long"), so every everyday, operations,
        organisation, month or place word is set aside."""
        return (
            len(word) >= 4
            and word[:1].isupper()
            and word[1:].islower()
            and word in self._family
            and self._plausible(word)
            and not is_everyday_word(word, lexicon())
            and word.lower() not in NOT_GIVEN_NAMES
            and not self._inflected_word(word)
            and word not in vocab.MONTHS
            and word not in _STATE_WORDS
            and word not in vocab.EPONYMS
        )

    @staticmethod
    def _stands_alone(text: str, words: list[re.Match[str]], position: int) -> bool:
        """Not one word of a longer capitalised phrase ("Johns Hopkins", "Mayo Clinic"):
        the words on either side, if adjacent, are not capitalised."""
        word = words[position]
        if word.start() and (text[word.start() - 1].isalnum() or text[word.start() - 1] in "-'’"):
            return False  # "BlueCross": the tail of a camel-case or hyphenated word
        for other in (position - 1, position + 1):
            if 0 <= other < len(words):
                left, right = sorted((words[other], word), key=lambda m: m.start())
                if _adjacent(text, left, right):
                    return False
        return text[word.end() : word.end() + 1] != "-"

    def _last_comma_first(self, text: str, words: list[re.Match[str]]) -> list[RecognizerResult]:
        """ "Ivanova, Svetlana", "HUYNH, THANH": how registration writes a name. The
        second word must be a listed given name, the first a plausible surname, both in
        the same case."""
        results = []
        for left, right in zip(words, words[1:], strict=False):
            between = text[left.end() : right.start()]
            a, b = left.group(), right.group()
            surname, given = _title(a), _title(b)
            if (
                _COMMA.fullmatch(between)
                and a.isupper() == b.isupper()
                and len(a) >= 2
                and (
                    # "Ivanova, Svetlana": a listed given name after a plausible surname;
                    # "Chu, Lily": a listed surname before any listed given name.
                    (
                        given in self._given
                        and self._plausible(surname)
                        and not self._inflected_word(surname)
                    )
                    or (surname in self._family and given in all_given_names())
                )
            ):
                results.append(RecognizerResult("PERSON", left.start(), right.end(), self.SCORE))
        return results

    def _lone_given_name(self, word: str) -> bool:
        return (
            len(word) >= 3
            and word[:1].isupper()
            and word[1:].islower()
            and word in self._given
            and self._plausible(word)
            and not self._inflected_word(word)
        )

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
            or (
                b in self._family
                and self._plausible(a)
                and not self._inflected_word(a)
                and not is_everyday_word(a, lexicon())  # "WANTS AN UPDATE": "An" is a surname
            )
            # A romanised two-syllable given name ("Seo-yeon", "Jae-won") is a name shape
            # of its own; hyphenated operations words ("Pre-op", "Follow-up") are not.
            or self._hyphenated_given(a)
        ):
            run = 2
            if index + 2 < len(words) and _adjacent(text, second, words[index + 2]):
                c = _title(words[index + 2].group())
                same_case = words[index + 2].group().isupper() == second.group().isupper()
                if same_case and self._plausible(c):
                    run = 3
            return run
        return 0

    @staticmethod
    def _hyphenated_given(word: str) -> bool:
        parts = word.lower().split("-")
        return (
            len(parts) == 2
            and word[:1].isupper()
            and not word.isupper()
            and all(p.isalpha() and 2 <= len(p) <= 6 and p not in _NOT_NAME_PARTS for p in parts)
            # Faker's word list only: "min" is operations shorthand but "Min-jun" a name.
            and not any(is_everyday_word(p, name_lists()[2]) for p in parts)
        )

    def _everyday_word(self, word: str) -> bool:
        return is_everyday_word(word, self._everyday)

    def _inflected_word(self, word: str) -> bool:
        """ "Called", "Reviewing", "Quickly": an everyday word with an ending, not a name."""
        stem = _INFLECTED.sub("", word.lower())
        return stem != word.lower() and bool({stem, stem + "e"} & self._everyday)

    def _plausible(self, word: str) -> bool:
        """Could be part of a name: not an everyday, operations or organisation word."""
        lower = word.lower()
        return not (lower in self._everyday or lower in NOT_SURNAMES or _is_vocabulary(word))


# What a family calls its elders: "nana is coming", not a name in lower case.
_FAMILY_TERMS = frozenset(_words("nana nan mama papa baba gran granny nanny abuela abuelo"))
_CALENDAR_WORDS = frozenset(
    [*vocab.MONTHS, "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
)
_STATE_WORDS = frozenset(word for state in vocab.STATES for word in state.split())

# Word parts of hyphenated operations terms ("Pre-op", "Co-pay", "Re-admit", "Non-urgent").
_NOT_NAME_PARTS = frozenset(
    _words("pre post co re non anti self op ops ex sub mid multi semi inter intra de un")
)

# Short function words, auxiliaries and common verbs missing from Faker's word list:
# a word after "daughter" or "Mrs." that is one of these is part of the sentence.
FUNCTION_WORDS: frozenset[str] = frozenset(
    _words(
        """is isn't was wasn't are aren't were be been being am has hasn't had have having
    does did doesn't didn't done will won't would can can't could should shall must may
    might said says told asks asked wants wanted needs needed called calls came comes
    went goes got gets left stated states says aware here there not also just still
    already again too and or but if so then than at in on of to from by with for about
    into onto over under via per re as an a the this that these those it its he she him
    her his hers they them their we our you your i me my who whom which what when where
    why how all any each both either neither some none no yes ok okay pls please thanks
    thx asap today tonight tomorrow yesterday now later soon being"""
    )
)


def is_everyday_word(word: str, everyday: frozenset[str]) -> bool:
    """An English word (or a simple inflection of one), an operations term or a function word.

    "says", "wants", "called", "denied", "holding" are sentence words, not names.
    """
    lower = word.lower().strip("'’")
    lower = lower.removesuffix("'s").removesuffix("’s")
    if lower in FUNCTION_WORDS or lower in everyday or _is_vocabulary(lower):
        return True
    for suffix, replacement in (
        ("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
        ("es", ""), ("s", ""), ("ly", ""), ("er", ""), ("d", ""),
    ):  # fmt: skip
        if lower.endswith(suffix) and lower[: -len(suffix)] + replacement in everyday:
            return True
    return False


def _adjacent(text: str, left: re.Match[str], right: re.Match[str]) -> bool:
    return bool(_GAP.fullmatch(text[left.end() : right.start()]))


def _title(word: str) -> str:
    return word[:1].upper() + word[1:].lower() if word.isupper() else word


def _is_vocabulary(word: str) -> bool:
    return vocab.is_operations_phrase(word)


# -- names made certain by the words around them -------------------------------------------

# One word of a name in any case: letters with inner hyphens or apostrophes ("el-amin",
# "O'Brien", "D'ANGELO").
_ANY_WORD = r"[^\W\d_]+(?:['’-][^\W\d_]+)*"
# Relatives and other people a note names by given name only: "her daughter Keisha",
# "niece Marisol", "WIFE PHUONG ON HER WAY".
RELATION_WORDS = (
    "daughter|son|wife|husband|mother|mom|father|dad|sister|brother|niece|nephew|aunt"
    "|uncle|cousin|granddaughter|grandson|grandmother|grandfather|grandma|grandpa"
    "|neighbor|neighbour|friend|fiance|fiancee|girlfriend|boyfriend|caregiver"
    "|guardian|spouse|stepson|stepdaughter|stepmother|stepfather|roommate|sibling"
    "|partner|grandchild|godmother|godfather|landlord|landlady|pastor|chaplain|interpreter"
    "|aide|caseworker|rep|representative|adjuster|attorney|lawyer|conservator|proxy"
)
# Labels of a form line whose value is a person: "Pt: Bui, Dale", "Guarantor: Ana Ruiz".
FORM_NAME_LABELS = (
    "pt|patient|patient name|name|full name|guarantor|provider|portal user|user"
    "|emergency contact|contact|caller|subscriber|insured|resident|client|pcp|attending"
    "|ordering|referring|requestor|requester|poa|next of kin|nok|member name"
)
_RELATION = re.compile(
    rf"\b(?i:{RELATION_WORDS})(?i:-in-law)?(?:[,:(]|[ \t]+(?i:is|named|called))?[ \t]*"
    r"(?<=[\s,:(])"
    rf"(?P<name>{_ANY_WORD}(?:[ \t]+{_ANY_WORD})?)"
)
_TITLE = re.compile(
    # Bare titles only for the unambiguous ones ("ms" is also multiple sclerosis, "miss"
    # a verb, "dr wants" a role); the others need their period ("MS.", "DR.").
    rf"(?:\b(?:mr|mrs)\.?|\b(?:MR|MRS)\b\.?|\b(?:MS|DR|MX|MISS)\.)[ \t]+(?P<name>{_ANY_WORD})"
)
_FORM_LINE = re.compile(
    rf"^[ \t]*(?i:{FORM_NAME_LABELS})[ \t]*:[ \t]*"
    rf"(?P<name>{_ANY_WORD}(?:,?[ \t]+{_ANY_WORD}){{1,2}})(?=[ \t]*(?:$|[\d(+,;]))",
    re.MULTILINE,
)
# "pt is rania el-amin", "PT IS BAO TRAN", "pt min-jun cho": a two-word name after the
# patient word, in lower or upper case (title case is PatientContextNameRecognizer's).
_PATIENT_LEAD = re.compile(
    rf"\b(?i:pt|patient)(?:[ \t]+(?i:is|was|named))?[:,]?[ \t]+"
    rf"(?P<name>{_ANY_WORD}[ \t]+{_ANY_WORD})"
)
# "HUYNH, THANH DOB ...", "Okafor, Chidi 4/2/1970", "de los santos, ana maria 08/15/1955":
# a name as registration writes it, surname first, right before a date of birth or a
# record number. Particles may open the surname.
# Longest first, so "de los santos" takes "de los" whole rather than "de".
_PARTICLE = r"(?i:de\s+la|de\s+los|de\s+las|del|de|van\s+der|van\s+den|van|von|da|di|du|le|la)"
_SURNAME_FIRST = re.compile(
    rf"(?<![\w'’-])(?P<name>(?:{_PARTICLE}[ \t]+)?{_ANY_WORD},[ \t]*{_ANY_WORD}"
    rf"(?:[ \t]+{_ANY_WORD})?(?:[ \t]+[A-Za-z]\.)?)"
    r"(?=[ \t]*[,(-]?[ \t]*(?:(?i:dob|d\.o\.b|mrn|mbi|acct|ssn|born)\b|\d{1,2}[/.-]\d{1,2}[/.-]\d))"
)
_PARTICLE_WORD = re.compile(rf"{_PARTICLE}")
# A capitalised word that the verbs around it make a person: "Nkechi asked whether",
# "assigned to Hollis", "tell Bogdan". The word must be unknown to English and to the
# operations vocabulary: "Kronos", "Epic" or "Informed" are not people.
_PERSON_VERB_BEFORE = (
    r"ask|asked|tell|told|text|texted|page|paged|ping|pinged|email|emailed|remind|thank|"
    r"thanks|thx|cc|per|assigned\s+to|spoke\s+(?:with|to)|talked\s+to|spoke\s+w|"
    r"(?:vm|voicemail|message)\s+(?:for|from)|hi|hey|dear|call|called|meet|met|"
    r"reassign(?:ed)?\s+to|forward(?:ed)?\s+to|escalate(?:d)?\s+to|covering\s+for|"
    # How people introduce, sign or address themselves: "my name is Hargrove",
    # "Regards, Quist", "this is Delphine", "on behalf of Abernathy".
    r"name\s+is|named|i\s+am|i['’]m|this\s+is|it['’]s|regards,?|sincerely,?|cheers,?|"
    r"signed\s+by|attn:?|c/o|meeting\s+with|on\s+behalf\s+of|according\s+to|hello|"
    r"congrats|congratulations|welcome|goodbye|bye"
)
_PERSON_VERB_AFTER = (
    r"said|says|asked|asks|called|calls|wants|wanted|needs|emailed|texted|mentioned|"
    r"confirmed|reported|stated|requested|agreed|declined|refused|signed|is\s+asking|"
    r"is\s+calling|dropped|brought|picked|wrote|writes|replied|responded|phoned|visited|"
    r"owes|paid|lives|lived|works|worked|thinks|knows|feels|felt|arrived|went"
)
_VERB_NAME = re.compile(
    rf"(?:(?<=\b(?i:{_PERSON_VERB_BEFORE})[ \t]+)\p{{Lu}}\p{{Ll}}{{2,}}(?=['’]s\b|(?![\w'’-]))"
    # Not the second word of a capitalised phrase: "Joint Commission wants ...".
    rf"|(?<![\w'’@.-]|\p{{Lu}}[\w&.-]*[ \t]+)\p{{Lu}}\p{{Ll}}{{2,}}"
    rf"(?=[ \t]+(?i:{_PERSON_VERB_AFTER})\b))"
)
_VERB_LOWER_NAME = re.compile(
    rf"(?<=\b(?:{_PERSON_VERB_BEFORE})[ \t]+)[a-z]{{3,}}(?![\w'’-])"
    rf"|(?<![\w'’@.-])[a-z]{{3,}}(?=[ \t]+(?:{_PERSON_VERB_AFTER})\b)"
)
# "Okafor, Chidi called back", "PT: WALSH, PATRICK": a line that opens with a name
# written surname first.
_SURNAME_FIRST_OPENING = re.compile(
    rf"^[ \t]*(?:(?i:re|pt|patient|fyi|for)[ \t]*:?[ \t]+)?(?P<name>{_ANY_WORD},[ \t]*{_ANY_WORD})"
    rf"(?P<third>[ \t]+{_ANY_WORD})?(?=[ \t]+\S|[ \t]*$|[ \t]*[,.;:(-])",
    re.MULTILINE,
)
# Where a colleague or a payer's rep works: "Bill in finance", "Rich in coding says",
# "Dana from Aetna". A name before one of these is a person even when it is also a word.
_DEPARTMENTS = (
    r"finance|coding|billing|registration|admitting|pharmacy|him|medical\s+records|records|"
    r"prior\s+auth|auth|authorizations?|scheduling|transport|case\s+management|cm|"
    r"social\s+work|sw|ur|utilization\s+review|pfs|patient\s+access|access|collections|"
    r"denials|cdi|quality|compliance|rev\s+cycle|revenue\s+cycle|payroll|hr|intake|"
    r"front\s+desk|central\s+scheduling|nursing|credentialing|contracting|cash\s+posting|"
    r"refunds|customer\s+service|the\s+business\s+office|business\s+office|it|legal|risk"
)
_STAFF_NAME = re.compile(
    r"(?<![\w'’@.-])(?P<name>\p{Lu}\p{Ll}{2,}|\p{Lu}{3,})"
    rf"(?=[ \t]+(?i:in|from|over\s+in|down\s+in|up\s+in)[ \t]+(?i:the[ \t]+)?"
    rf"(?:(?i:{_DEPARTMENTS})\b|(?P<org>[A-Za-z][\w&-]*)))"
)
# A family name used for the case: "every Whitfield acct", "the Haugen cath notes".
_CASE_SURNAME = re.compile(
    r"(?<![\w'’@.-])(?P<name>\p{Lu}\p{Ll}{2,})(?=[ \t]+(?:[a-z]+[ \t]+)?"
    r"(?:acct|account|chart|claim|family|case|file|bill|balance|statement|referral|auth"
    r"|notes?|records|paperwork|estate|appeal)s?\b)"
)
# "Robert "Bobby" Tillman", "“Bubba” Jenkins": a nickname in quotes inside a name.
_NICKNAME = re.compile(
    r"(?<![\w'’])(?:(?P<given>\p{Lu}\p{Ll}+)[ \t]+)?[\"“'‘](?P<nick>\p{Lu}\p{Ll}+)[\"”'’]"
    r"[ \t]+(?P<last>\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}\p{Ll}+)?)"
)
# A given name, then a surname that opens with a particle: "Maeve Mac Aodha",
# "ana de los santos", "Pieter van der Meer", "Ali bin Rashid".
_NAME_PARTICLES = (
    r"mac|mc|de|del|della|der|den|van|von|da|das|dos|du|di|la|le|el|al|bin|ibn|bint|ben"
    r"|ter|ten|st\.?|ó|ni|ní|ua|ap"
)
_PARTICLE_NAME = re.compile(
    rf"(?<![\w'’@.-])(?P<given>{_ANY_WORD})[ \t]+"
    rf"(?P<particles>(?:(?i:{_NAME_PARTICLES})[ \t]+){{1,2}})(?P<last>{_ANY_WORD})"
)
# Vietnamese names with their middle name marker: "le thi hong", "Tran Van Minh".
_VIETNAMESE_NAME = re.compile(
    rf"(?<![\w'’@.-])(?P<family>{_ANY_WORD})[ \t]+(?i:thi|thị|van|văn)[ \t]+"
    rf"(?P<given>{_ANY_WORD})(?![\w'’-])"
)
# "Kendrick Washington III", "Ortiz, Luis Jr.": a generational suffix after a name.
_NAME_SUFFIX = re.compile(
    r"(?<=(?P<prev>\p{Lu}\p{Ll}+|\p{Lu}{2,}),?[ \t]+)(?-i:Jr|JR|Sr|SR|II|III|IV)\b\.?"
)
# "Olamide: pt ...", "Tavita, can you ...": a message that opens by addressing someone.
_OPENING_ADDRESS = re.compile(r"^[ \t]*(?P<name>\p{Lu}\p{Ll}{2,})(?=[,:][ \t]+\S)")
# "DARIUS + BRIANNA COLEMAN", "Eamon and Fiona Gallagher": a given name joined to a full
# name shares its surname.
_JOINED_GIVEN = re.compile(
    r"(?<![\w'’@.-])(?P<name>\p{Lu}\p{Ll}+|\p{Lu}{3,})[ \t]*(?:\+|&|(?i:and))[ \t]*"
    r"(?P<next>\p{Lu}\p{Ll}+|\p{Lu}{3,})[ \t]+(?P<last>\p{Lu}\p{Ll}+|\p{Lu}{3,})(?![\w'’-])"
)
# "Ivy Chen-Lambert": a given name (even one that is also a word) before a double surname.
_DOUBLE_SURNAME = re.compile(
    r"(?<![\w'’@.-])(?P<given>\p{Lu}\p{Ll}+)[ \t]+(?P<last>\p{Lu}\p{Ll}+-\p{Lu}\p{Ll}+)"
    r"(?=['’]s\b|(?![\w'’-]))"
)
# "the Okonkwos want a meeting": a family by its name in the plural.
_FAMILY_PLURAL = re.compile(r"(?<=\b(?i:the)[ \t]+)(?P<stem>\p{Lu}\p{Ll}{2,}?)(?:es|s)(?![\w'’-])")
# "pt quist called back": a surname in lower case between a patient word and a verb.
_LOWER_PATIENT_NAME = re.compile(
    r"(?<=\b(?i:pt|patient|mr|mrs)[ \t]+)[a-z]{3,}(?:['’-][a-z]+)?"
    rf"(?=[ \t]+(?:{_PERSON_VERB_AFTER})\b)"
)
_LOWER_WORD = re.compile(r"(?<![\w@.'’-])[a-z]+(?:['’-][a-z]+)*(?![\w@'’-]|\.\w)")
_CONTRACTION = re.compile(r"['’](?:s|t|ll|re|ve|d|m)$")
_PREFIXED_SURNAME = re.compile(r"(?:o['’]|d['’]|mc)[a-z]{3,}")


class ContextNameRecognizer(EntityRecognizer):
    """Names the surrounding words make certain, in any capitalisation.

    * a given name after a relation word ("daughter Harpreet", "her son tuan");
    * a surname after a title in lower or upper case ("mrs alvarado", "MRS. ALVARADO");
    * the value of a form line labelled as a person ("Pt: Bui, Dale");
    * two lower-case words that are a listed given name and a listed surname
      ("call back ana ruiz"), as Slack messages are often typed without capitals.

    Every candidate word is checked against everyday English (with simple inflections),
    operations vocabulary and function words, so "daughter says", "DR. ON CALL" or
    "Pt: stable overnight" never match.
    """

    # Just above the NER's score: Presidio keeps one result per identical span, the
    # higher-scored, and the guard then vets the model's spans word by word, which would
    # drop "her husband Guy" or "Bill in finance" that the context here makes certain.
    SCORE = 0.86
    LOWER_SCORE = 0.6

    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], supported_language="en")

    def load(self) -> None:
        self._given, self._family, _ = name_lists()
        self._everyday = lexicon()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        spans: list[tuple[int, int]] = []
        for match in _RELATION.finditer(text):
            spans += self._relation_name(match)
        for match in _TITLE.finditer(text):
            word = match.group("name")
            if self._title_name_ok(word):
                spans.append(match.span("name"))
        for match in _PATIENT_LEAD.finditer(text):
            if self._patient_name(match.group("name").split()):
                spans.append(match.span("name"))
        for match in _FORM_LINE.finditer(text):
            words = re.findall(_ANY_WORD, match.group("name"))
            # Capitalised words only need to be unlike English; a lower-case value must
            # also contain a listed name ("PT: petrovic, dmitri", not "Pt: stable now").
            if all(self._listed(w) or not self._everyday_word(w) for w in words) and (
                any(w[:1].isupper() for w in words) or any(self._listed(w) for w in words)
            ):
                spans.append(match.span("name"))
        for match in _SURNAME_FIRST.finditer(text):
            if self._surname_first(match.group("name")):
                spans.append(match.span("name"))
        for match in _VERB_NAME.finditer(text):
            if self._unknown_word(match.group()):
                spans.append(match.span())
        for match in _VERB_LOWER_NAME.finditer(text):
            word = match.group()
            if word.capitalize() in self._given and not self._everyday_word(word):
                spans.append(match.span())  # "ask tyler", "per rosalind"
        spans += self._spelling_shapes(text)
        for match in _STAFF_NAME.finditer(text):
            if self._staff_name(match):
                spans.append(match.span("name"))
        for match in _CASE_SURNAME.finditer(text):
            if self._case_surname(text, match):
                spans.append(match.span("name"))
        for match in _SURNAME_FIRST_OPENING.finditer(text):
            name, third = match.group("name"), match.group("third")
            if name.islower():
                continue
            if third and self._surname_first(name + third):
                spans.append((match.start("name"), match.end("third")))  # "NGUYEN, VAN LONG"
            elif self._surname_first(name):
                spans.append(match.span("name"))
        # Several shapes may find the same name ("her son tomasz called"): once is enough.
        spans = list(dict.fromkeys(spans))
        results = [RecognizerResult("PERSON", s, e, self.SCORE) for s, e in spans]
        # Lower-case names found by the list alone, where no shape above found them.
        results += [
            RecognizerResult("PERSON", s, e, self.LOWER_SCORE)
            for s, e in self._lower_names(text)
            if not any(start < e and s < end for start, end in spans)
        ]
        return results

    def _relation_name(self, match: re.Match[str]) -> list[tuple[int, int]]:
        words = list(re.finditer(_ANY_WORD, match.group("name")))
        first = words[0].group()
        if not self._given_like(first):
            return []
        start = match.start("name")
        end = start + len(_CONTRACTION.sub("", first))
        if len(words) > 1 and not _CONTRACTION.search(first):
            second = words[1].group()
            same_case = second.isupper() == first.isupper() and second[:1].isupper()
            if (
                same_case
                and len(second) > 2  # "SON EARL PH 740-...": "PH" is the phone label
                and (self._listed(second) or not self._everyday_word(second))
            ):
                end = start + words[1].start() + len(_CONTRACTION.sub("", second))
        return [(start, end)]

    def _surname_first(self, name: str) -> bool:
        """ "Last, First" before a record cue: every word in one case style and none an
        everyday or operations word ("Denied, Resubmit 11/02" is not a name)."""
        particle = _PARTICLE_WORD.match(name)
        rest = name[particle.end() :] if particle and name[particle.end() :][:1].isspace() else name
        words = [w for w in re.findall(_ANY_WORD, rest) if len(w) > 1]
        styles = {"upper" if w.isupper() else "lower" if w.islower() else "title" for w in words}
        if len(words) < 2 or len(styles) > 1:
            return False
        if styles == {"lower"} and not any(self._listed(w) for w in words):
            return False
        return all(self._listed(w) or not self._everyday_word(w) for w in words) and not any(
            _is_vocabulary(w) for w in words
        )

    def _unknown_word(self, word: str) -> bool:
        """A capitalised word no English, operations or organisation list knows, or a
        listed given name."""
        if word in self._given:
            return True
        return not (
            self._everyday_word(word)
            or _is_vocabulary(word)
            or word.lower() in NOT_SURNAMES
            or word.lower() in NOT_GIVEN_NAMES
            or _INFLECTED.search(word) is not None
        )

    def _patient_name(self, words: list[str]) -> bool:
        """Two words after "pt": same case (lower or upper), neither an everyday word,
        and at least one a listed name or a romanised hyphenated given name."""
        first, second = (_CONTRACTION.sub("", w) for w in words)
        if not (first.islower() and second.islower()) and not (
            first.isupper() and second.isupper()
        ):
            return False
        if any(len(w) < 2 or self._everyday_word(w) for w in (first, second)):
            return False
        return (
            self._listed(first)
            or self._listed(second)
            or self._hyphenated_given(first.capitalize())
            or bool(_PREFIXED_SURNAME.fullmatch(second.lower()))
        )

    def _spelling_shapes(self, text: str) -> list[tuple[int, int]]:
        """Names recognisable by how they are spelled out: a quoted nickname, a particle
        surname, a Vietnamese middle-name marker, a "Jr"/"III" suffix, a family in the
        plural, a lower-case surname between "pt" and a verb."""
        spans: list[tuple[int, int]] = []
        for match in _NICKNAME.finditer(text):
            given, last = match.group("given"), match.group("last")
            if self._name_word(last) and (given is None or self._name_word(given)):
                # Each word on its own: a name span starts and ends with a letter.
                spans += [match.span(part) for part in ("given", "nick", "last") if match[part]]
        for match in _PARTICLE_NAME.finditer(text):
            given, last = match.group("given"), match.group("last")
            same_case = given.islower() == last.islower() and given.isupper() == last.isupper()
            if (
                same_case
                and (_title(given).capitalize() in self._given or given in self._given)
                and not self._everyday_word(given)
                and (self._listed(last) or not self._everyday_word(last))
            ):
                spans.append(match.span())
        for match in _VIETNAMESE_NAME.finditer(text):
            family, given = match.group("family"), match.group("given")
            if (
                self._listed(family)
                and not self._everyday_word(family)
                and not self._everyday_word(given)
            ):
                spans.append(match.span())
        for match in _NAME_SUFFIX.finditer(text):
            prev = match.group("prev")
            if self._listed(prev) and not (self._everyday_word(prev) or _is_vocabulary(prev)):
                spans.append(match.span())
        for match in _FAMILY_PLURAL.finditer(text):
            stem = match.group("stem")
            if stem in self._family and self._unknown_word(stem):
                spans.append(match.span())
        opening = _OPENING_ADDRESS.match(text)
        if opening and self._listed(opening.group("name")):  # not "Dental:", "Update:"
            spans.append(opening.span("name"))
        for match in _JOINED_GIVEN.finditer(text):
            name, following, last = match.group("name", "next", "last")
            if (
                name.isupper() == following.isupper() == last.isupper()
                and _title(name) in all_given_names()
                and _title(following) in all_given_names()
                and not self._everyday_word(name)
                and self._name_word(_title(last))
            ):
                spans.append(match.span("name"))
        for match in _DOUBLE_SURNAME.finditer(text):
            given, last = match.group("given", "last")
            if given in all_given_names() and all(self._name_word(p) for p in last.split("-")):
                spans.append(match.span())
        for match in _LOWER_PATIENT_NAME.finditer(text):
            if not self._everyday_word(match.group()):
                spans.append(match.span())
        return spans

    def _name_word(self, word: str) -> bool:
        return self._listed(word) or not (
            self._everyday_word(word) or _is_vocabulary(word) or word.lower() in NOT_SURNAMES
        )

    def _staff_name(self, match: re.Match[str]) -> bool:
        """ "Bill in finance", "McKenzie in prior auth", "Dana from Aetna": a given name
        (any listed one) or an unknown word; a payer or system only counts as the
        workplace when the vocabulary knows it."""
        word, org = match.group("name"), match.group("org")
        if org is not None and not _is_vocabulary(org):
            return False
        if word.isupper():
            return self._listed(word) and not self._everyday_word(word)
        return word in all_given_names() or self._unknown_word(word)

    def _case_surname(self, text: str, match: re.Match[str]) -> bool:
        """A surname naming a case: unknown to English and the vocabulary, listed as a
        family name, and not the first word of a sentence ("Denial notes", "Every chart")."""
        word = match.group("name")
        if word in vocab.EPONYMS:
            return False  # "the Whipple cases": a procedure named after a surgeon
        before = text[: match.start()].rstrip()
        if not before or before[-1] in ".!?:;\n":
            return word in self._family and self._unknown_word(word)
        return self._unknown_word(word) and word not in all_given_names() - self._given

    def _given_like(self, word: str) -> bool:
        """A given name after a relation word: capitalised and not a sentence word, or a
        listed given name in lower case ("her son tuan" only when "Tuan" is listed)."""
        bare = _CONTRACTION.sub("", word)
        if len(bare) < 2:
            return False
        if bare[:1].isupper():
            # "her husband Guy", "son Will": after a relation word a capitalised given
            # name is the person even when it is also an English word.
            title_case = not bare.isupper()
            return (
                self._listed(bare)
                or not self._everyday_word(bare)
                or (title_case and bare in all_given_names())
            )
        return bare.capitalize() in self._given and not self._everyday_word(bare)

    def _title_name_ok(self, word: str) -> bool:
        bare = _CONTRACTION.sub("", word)
        if len(bare) < 2 or (bare[:1].isupper() and not bare.isupper()):
            return False  # "Mrs. Alvarado" is the honorific pattern's
        return self._listed(bare) or not self._everyday_word(bare)

    def _lower_names(self, text: str) -> list[tuple[int, int]]:
        words = list(_LOWER_WORD.finditer(text))
        spans: list[tuple[int, int]] = []
        index = 0
        while index < len(words):
            first = words[index]
            second = words[index + 1] if index + 1 < len(words) else None
            if (
                second is not None
                and _adjacent(text, first, second)
                and self._lower_pair(first.group(), second.group())
            ):
                spans.append((first.start(), second.end()))
                index += 2
                continue
            if self._lower_lone_name(first.group()):
                spans.append(first.span())
            index += 1
        return spans

    def _lower_lone_name(self, word: str) -> bool:
        """ "tavita from the Sandoval family": a lower-case word of four or more letters
        that the given-name lists know and no English, operations or place list does.
        (Family lists hold too many English words, "master", "cant", to count alone.)"""
        return (
            len(word) >= 4
            and word.capitalize() in self._given
            and not self._everyday_word(word)
            and word.capitalize() not in _CALENDAR_WORDS
            and word not in NOT_GIVEN_NAMES
            and word not in NOT_SURNAMES
            and word not in _FAMILY_TERMS
        )

    def _lower_pair(self, first: str, second: str) -> bool:
        """ "ana ruiz": a listed given name and a listed (or O'/Mc) surname, neither an
        everyday word; "will bill" or "mark complete" never qualify."""
        if len(first) < 3 or len(second) < 3 or _CONTRACTION.search(second):
            return False
        given = first.capitalize() in self._given or self._hyphenated_given(first.capitalize())
        family = second.capitalize() in self._family or bool(_PREFIXED_SURNAME.fullmatch(second))
        if self._everyday_word(first) or self._everyday_word(second):
            return False
        # "layla quennick", "xiaoling kwon": one half listed, the other unknown to every
        # list of words (English, operations, places) - a rare surname or given name.
        return (given and family) or (
            (given or family)
            and len(first) >= 4
            and len(second) >= 4
            and first not in NOT_GIVEN_NAMES
            and not _is_vocabulary(first)
            and not _is_vocabulary(second)
            and first.capitalize() not in _CALENDAR_WORDS
            and second.capitalize() not in _CALENDAR_WORDS
        )

    def _listed(self, word: str) -> bool:
        title = word.capitalize() if word.isupper() or word.islower() else word
        return title in self._given or title in self._family

    def _everyday_word(self, word: str) -> bool:
        return is_everyday_word(word, self._everyday)

    _hyphenated_given = staticmethod(KnownNameRecognizer._hyphenated_given)
