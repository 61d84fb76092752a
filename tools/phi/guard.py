"""The PHI guard: find protected health information and replace it by typed placeholders.

Every other part of Baton sees only ``Redaction.text``: it is what gets routed, stored,
logged, checkpointed, embedded or sent to a chat model.

    guard = PhiGuard()
    conversation = PlaceholderMap()
    guard.redact("pt Maria Delgado DOB 03/14/1952 called", conversation).text
    # 'pt <PERSON_1> DOB <DATE_1> called'

Detection is Presidio over two spaCy NER pipelines for names and places (a pinned stock
English pipeline and Baton's committed model, see ``pipelines``), plus the pattern and
name-list recognizers in ``recognizers``. Nothing is downloaded or trained at start-up,
and a missing or altered model is an error, never a silent pass-through.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from presidio_analyzer import RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from tools.phi.analyzer import GuardAnalyzerEngine, GuardContextEnhancer
from tools.phi.name_recognizer import (
    NOT_GIVEN_NAMES,
    is_acronym,
    lexicon,
    name_lists,
    plausible_model_name,
    plausible_model_place,
)
from tools.phi.pipelines import (
    NerPipeline,
    PipelineNerRecognizer,
    baton_pipeline,
    stock_pipeline,
)
from tools.phi.recognizers import DEFAULT_SCORE_THRESHOLD, ENTITY_TYPES, pattern_recognizers
from tools.phi.vocabulary import STATE_ABBREVIATIONS, is_operations_phrase, names_an_eponym

# The NER's entity types; pipelines map their own labels onto these (``pipelines``).
NER_ENTITY_TYPES: tuple[str, ...] = ("PERSON", "LOCATION")
NER_SCORE = 0.85
# Re-checking the redacted text (``recheck=True``) looks for names the NER model only
# sees once their neighbours became placeholders. On the labelled set it found nothing
# that the first pass missed, and it costs a second NER run (about 45% of the guard's
# time on PHI-heavy messages), so it is off by default; the idempotence tests hold
# either way.
MAX_PASSES = 3
# A chat message or a document chunk is far below this; anything longer is refused with a
# clear error rather than let through or left to spaCy's own (much higher) length limit.
MAX_TEXT_CHARS = 100_000

# When overlapping detections disagree on the type, the higher score wins; at equal
# scores the more specific type (earlier here) wins over the NER's PERSON/LOCATION.
TYPE_PRIORITY: tuple[str, ...] = (
    "SSN",
    "MRN",
    "MEMBER_ID",
    "ACCOUNT_NUMBER",
    "LICENSE_NUMBER",
    "DEVICE_ID",
    "FAX",
    "PHONE",
    "EMAIL",
    "IP_ADDRESS",
    "URL",
    "DATE",
    "AGE",
    "ADDRESS",
    "ZIP",
    "PERSON",
    "LOCATION",
)
_RANK = {entity_type: rank for rank, entity_type in enumerate(reversed(TYPE_PRIORITY))}
assert set(TYPE_PRIORITY) == set(ENTITY_TYPES), "every entity type needs a priority"

PLACEHOLDER = re.compile(r"<(" + "|".join(ENTITY_TYPES) + r")_(\d+)>")
# Identifier types compare by letters and digits only: "555-201-7788" is "(555) 201-7788".
_COMPARE_ALNUM = frozenset(
    {
        "PHONE",
        "FAX",
        "SSN",
        "MRN",
        "MEMBER_ID",
        "ACCOUNT_NUMBER",
        "LICENSE_NUMBER",
        "DEVICE_ID",
        "ZIP",
        "IP_ADDRESS",
    }
)
_NER_TYPES = frozenset(NER_ENTITY_TYPES)
_JOINER = re.compile(r"\s*[-‐]?\s*")
# Shape checks on what the model calls a name or a place: a name starts with a letter
# (or a Slack "@") and has no digits or symbols; a place starts with a letter or digit.
_PLAUSIBLE: Mapping[str, re.Pattern[str]] = {
    "PERSON": re.compile(r"@?[^\W\d_][^\W\d_'’.,\- ]*(?:['’.,\- ]+[^\W\d_]+)*\.?"),
    "LOCATION": re.compile(r"[^\W_].*", re.DOTALL),
}


class PhiInputError(ValueError):
    """The guard was handed something that is not a string."""


@dataclass(frozen=True)
class PhiEntity:
    """One detected identifier; ``start``/``end`` index the ORIGINAL text."""

    type: str
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class Redaction:
    """Redacted text with typed placeholders (``<PERSON_1>``) and what was replaced."""

    text: str
    entities: tuple[PhiEntity, ...] = ()
    # The placeholder each entity became, in the same order (empty when nothing was found).
    placeholders: tuple[str, ...] = ()

    @property
    def phi_detected(self) -> bool:
        return bool(self.entities)

    def originals(self, original_text: str) -> dict[str, str]:
        """Placeholder -> the value it replaced, read from the text that was redacted.

        PHI: for the in-memory reveal to the person who typed it, nothing else.
        """
        return {
            placeholder: original_text[entity.start : entity.end]
            for entity, placeholder in zip(self.entities, self.placeholders, strict=True)
        }


class PlaceholderMap:
    """Keeps "same value -> same placeholder" within one conversation.

    Values are compared case-insensitively with whitespace collapsed (identifier types by
    letters and digits only). The map never stores a value: only a keyed hash with a
    random per-map key, so it holds no PHI and cannot be reversed. It lives in memory
    only and is safe to share between threads.
    """

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)
        self._placeholders: dict[bytes, str] = {}
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._placeholders)

    def copy(self) -> PlaceholderMap:
        """An independent map that continues from this one's state."""
        twin = PlaceholderMap()
        with self._lock:
            twin._key = self._key
            twin._placeholders = dict(self._placeholders)
            twin._counts = dict(self._counts)
        return twin

    def placeholder_for(
        self, entity_type: str, value: str, taken: Mapping[str, int] | None = None
    ) -> str:
        """Return the placeholder of ``value``, allocating the next number if it is new.

        ``taken`` gives, per type, the highest number already present in the text, so a
        new placeholder never collides with one written by an earlier redaction.
        """
        if entity_type not in ENTITY_TYPES:
            raise ValueError(f"unknown entity type {entity_type!r}; use one of {ENTITY_TYPES}")
        digest = hmac.new(
            self._key,
            f"{entity_type}\x00{_comparable(entity_type, value)}".encode(),
            hashlib.sha256,
        ).digest()
        with self._lock:
            existing = self._placeholders.get(digest)
            if existing is not None:
                return existing
            floor = (taken or {}).get(entity_type, 0)
            number = max(self._counts.get(entity_type, 0), floor) + 1
            self._counts[entity_type] = number
            placeholder = f"<{entity_type}_{number}>"
            self._placeholders[digest] = placeholder
            return placeholder


def _comparable(entity_type: str, value: str) -> str:
    if entity_type in _COMPARE_ALNUM:
        return "".join(ch for ch in value.casefold() if ch.isalnum())
    return " ".join(value.split()).casefold()


class _LoadedSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine over a pipeline we already loaded; it never downloads."""

    def __init__(self, pipeline: NerPipeline) -> None:
        super().__init__(
            models=[{"lang_code": "en", "model_name": pipeline.nlp.meta.get("name", "ner")}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping=dict(pipeline.labels),
                default_score=NER_SCORE,
                labels_to_ignore=sorted(pipeline.ignored_labels),
            ),
        )
        # Presidio types ``nlp`` by the None its own __init__ assigns before loading.
        self.nlp = {"en": pipeline.nlp}  # type: ignore[assignment]

    def load(self) -> None:
        """Nothing to load: the pipeline came in through the constructor."""


class PhiGuard:
    """Finds PHI in free text and replaces it with typed, numbered placeholders."""

    def __init__(
        self,
        pipeline: NerPipeline | None = None,
        score_threshold: float = DEFAULT_SCORE_THRESHOLD,
        recheck: bool = False,
        extra_pipelines: Sequence[NerPipeline] | None = None,
    ) -> None:
        """``pipeline`` finds names and places and tokenizes the text for every
        recognizer's context words (default: the pinned stock English pipeline);
        ``extra_pipelines`` run as further NER recognizers whose finds are added
        (default: Baton's committed model). ``pipelines`` explains the two."""
        if not 0.0 < score_threshold <= 1.0:
            raise ValueError(f"score_threshold must be in (0, 1], got {score_threshold!r}")
        self._threshold = score_threshold
        self._passes = MAX_PASSES if recheck else 1
        self._nlp_engine = _LoadedSpacyNlpEngine(pipeline or stock_pipeline())
        registry = RecognizerRegistry(supported_languages=["en"])
        for recognizer in pattern_recognizers():
            registry.add_recognizer(recognizer)
        registry.add_recognizer(SpacyRecognizer(supported_entities=sorted(_NER_TYPES)))
        for extra in (baton_pipeline(),) if extra_pipelines is None else extra_pipelines:
            registry.add_recognizer(PipelineNerRecognizer(extra, NER_SCORE))
        self._analyzer = GuardAnalyzerEngine(
            registry=registry,
            nlp_engine=self._nlp_engine,
            supported_languages=["en"],
            default_score_threshold=score_threshold,
            context_aware_enhancer=GuardContextEnhancer(),
        )

    @property
    def score_threshold(self) -> float:
        return self._threshold

    def redact(self, text: str, placeholders: PlaceholderMap | None = None) -> Redaction:
        """Replace PHI in ``text``; pass a ``PlaceholderMap`` to keep numbering per thread."""
        _check_text(text)
        if not text.strip():
            return Redaction(text)
        return self._redact(text, None, placeholders)

    def redact_many(
        self, texts: Sequence[str], placeholders: PlaceholderMap | None = None
    ) -> list[Redaction]:
        """Redact several texts in one spaCy batch.

        Without ``placeholders`` each text is numbered on its own, as with ``redact``;
        with one, numbering is shared across the texts (one conversation).
        """
        if isinstance(texts, str) or not isinstance(texts, Sequence):
            raise PhiInputError(f"redact_many expects a list of str, got {type(texts).__name__}")
        for index, text in enumerate(texts):
            _check_text(text, where=f"texts[{index}]")
        wanted = [i for i, text in enumerate(texts) if text.strip()]
        redactions = [Redaction(text) for text in texts]
        batch = self._nlp_engine.process_batch([texts[i] for i in wanted], "en", batch_size=32)
        for index, (_text, artifacts, *_) in zip(wanted, batch, strict=True):
            redactions[index] = self._redact(texts[index], artifacts, placeholders)
        return redactions

    def _redact(
        self, text: str, artifacts: NlpArtifacts | None, placeholders: PlaceholderMap | None
    ) -> Redaction:
        """Detect and replace; with ``recheck``, until a pass over the redacted text
        finds nothing new.

        The NER model sees different context once names become placeholders; checking
        the redacted text again (at most ``MAX_PASSES`` times) guarantees
        ``redact(redact(x).text).text == redact(x).text`` (the tests check that it holds
        on our sets with one pass too). Each pass renders with a copy of the map, so the
        text checked is exactly the text returned.
        """
        mapping = placeholders if placeholders is not None else PlaceholderMap()
        taken: dict[str, int] = {}
        for match in PLACEHOLDER.finditer(text):
            taken[match.group(1)] = max(taken.get(match.group(1), 0), int(match.group(2)))
        entities: list[PhiEntity] = []
        current, segments = text, [_Segment(0, len(text), 0)]
        wanted: list[str] | None = None  # every type on the first pass
        for _ in range(self._passes):
            results = self._analyzer.analyze(
                current,
                language="en",
                entities=wanted,
                score_threshold=self._threshold,
                nlp_artifacts=artifacts,
            )
            artifacts = None  # only valid for the first pass
            # Later passes look for what the NER model sees anew once names became
            # placeholders. Patterns cannot match anew: their matches are the same text,
            # now inside placeholders, and their context words are never redacted.
            wanted = sorted(_NER_TYPES)
            holes = [(m.start(), m.end()) for m in PLACEHOLDER.finditer(current)]
            found = _to_original(_candidates(current, results, holes), segments)
            if not found:
                break
            entities = _resolve_overlaps(text, entities + found)
            current, segments, _ = _render(text, entities, mapping.copy(), taken)
        if not entities:
            return Redaction(text)
        redacted, _, used = _render(text, entities, mapping, taken)
        return Redaction(redacted, tuple(entities), tuple(used))


@dataclass(frozen=True)
class _Segment:
    """Original text kept as is: ``[start, end)`` of the original at ``at`` in the output."""

    start: int
    end: int
    at: int


def _render(
    text: str, entities: list[PhiEntity], mapping: PlaceholderMap, taken: Mapping[str, int]
) -> tuple[str, list[_Segment], list[str]]:
    parts: list[str] = []
    segments: list[_Segment] = []
    used: list[str] = []
    position = length = 0
    for entity in entities:
        segments.append(_Segment(position, entity.start, length))
        kept = text[position : entity.start]
        placeholder = mapping.placeholder_for(entity.type, text[entity.start : entity.end], taken)
        parts += [kept, placeholder]
        used.append(placeholder)
        length += len(kept) + len(placeholder)
        position = entity.end
    segments.append(_Segment(position, len(text), length))
    parts.append(text[position:])
    return "".join(parts), segments, used


def _to_original(found: list[PhiEntity], segments: list[_Segment]) -> list[PhiEntity]:
    """Map entities found in a redacted text back onto the original text."""
    mapped = []
    for entity in found:
        for segment in segments:
            seg_end = segment.at + segment.end - segment.start
            start, end = max(entity.start, segment.at), min(entity.end, seg_end)
            if start < end:
                shift = segment.start - segment.at
                mapped.append(PhiEntity(entity.type, start + shift, end + shift, entity.score))
    return mapped


def _check_text(text: object, where: str = "text") -> None:
    if not isinstance(text, str):
        raise PhiInputError(f"{where} must be a str, got {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        raise PhiInputError(
            f"{where} is {len(text):,} characters; the PHI guard takes at most "
            f"{MAX_TEXT_CHARS:,} per message (split documents into sections first)"
        )


def _candidates(
    text: str, results: Iterable[RecognizerResult], placeholders: list[tuple[int, int]]
) -> list[PhiEntity]:
    """Turn analyzer results into entities, minus existing placeholders and ops words."""
    found: list[PhiEntity] = []
    for result in results:
        if result.entity_type not in ENTITY_TYPES:
            continue
        for start, end in _outside(result.start, result.end, placeholders):
            start, end = _trim(text, start, end)
            from_model = (
                _recognizer(result) in _MODEL_RECOGNIZERS and result.entity_type in _NER_TYPES
            )
            if from_model:
                start, end = _before_digits(text, result.entity_type, start, end)
            if end <= start or not any(ch.isalnum() for ch in text[start:end]):
                continue
            value = text[start:end]
            if result.entity_type in _NER_TYPES and (
                (is_operations_phrase(value) and _recognizer(result) not in _SELF_CHECKED)
                or not _PLAUSIBLE[result.entity_type].fullmatch(value)
            ):
                continue  # safety net: "Aetna" or "4 West" is never a person or a place
            if (
                result.entity_type == "PERSON"
                and _recognizer(result) in _MODEL_RECOGNIZERS
                and not plausible_model_name(value)
            ):
                continue  # the model's "WANTS AN UPDATE" in an upper-case message
            if (
                result.entity_type == "LOCATION"
                and _recognizer(result) in _MODEL_RECOGNIZERS
                and not text.isupper()
                and not plausible_model_place(value)
            ):
                continue  # "lives alone", "SNF" in a mixed-case message are not places
            if from_model:
                if result.entity_type == "PERSON" and names_an_eponym(value, text[end : end + 20]):
                    continue  # "Parkinson's clinic", "Glasgow Coma Scale", "Johns Hopkins"
                start, end = _model_span(text, result.entity_type, start, end)
                if end <= start:
                    continue
            found.append(PhiEntity(result.entity_type, start, end, round(result.score, 4)))
    return found


_STATE_CODE = re.compile("|".join(STATE_ABBREVIATIONS))
_WORD_WITH_DIGIT = re.compile(r"\S*\d")
_SPAN_WORD = re.compile(r"\S+")
_COMPASS = re.compile(r"(?i:north|south|east|west)(?:(?i:east|west))?")
# A leading word the model takes into a name ("PT GEORGE ABERNATHY", "Dr Ruiz"): cut.
_NAME_LEAD = re.compile(r"(?i:pt|patient|dr|mr|mrs|ms|mx|hi|hey|hello|dear|thanks)\.?,?\s+")
_POSSESSIVE = re.compile(r"['’]s?$")


def _before_digits(text: str, entity_type: str, start: int, end: int) -> tuple[int, int]:
    """A model's span up to its first word with a digit; empty if nothing is left.

    A name or a place has no digits: the model sometimes runs on into what follows
    ("Rosalind Okafor MRN 00736215", "Springfield 62704"), which the pattern recognizers
    cover. A name cut this way must keep two words: "CY 2026" is a calendar year.
    """
    digit = _WORD_WITH_DIGIT.search(text, start, end)
    if not digit:
        return start, end
    end = _trim(text, start, digit.start())[1]
    if entity_type == "PERSON" and len(_SPAN_WORD.findall(text, start, end)) < 2:
        return start, start
    return start, end


def _model_span(text: str, entity_type: str, start: int, end: int) -> tuple[int, int]:
    """The name or place inside a model's span; empty (end <= start) when there is none:
    no trailing operations acronym ("Rosalind Okafor MRN"), no state alone ("ID" before a
    member id is the model's Idaho; a state is not an identifier)."""
    matches = list(_SPAN_WORD.finditer(text, start, end))
    while len(matches) > 1 and is_acronym(matches[-1].group()):
        end = _trim(text, start, matches.pop().start())[1]
    if entity_type == "LOCATION":
        place = text[start:end]
        if _STATE_CODE.fullmatch(place) or _COMPASS.fullmatch(place):
            return start, start  # a state, or a building's wing ("5 North")
        return start, end
    start, end = _trim_name(text, start, end)
    words = _SPAN_WORD.findall(text, start, end)
    if (
        all(len(w) <= 2 and w.isupper() for w in words)  # "XU": a modifier, not a name
        or (len(words) == 1 and _lone_word_not_a_name(text, words[0]))
        or any(w in _NOT_IN_NAMES for w in words)  # "joy of joys"
    ):
        return start, start
    return start, end


def _lone_word_not_a_name(text: str, word: str) -> bool:
    """One word the model calls a name that is more likely something else: a lower-case
    English word ("mark") or a short unlisted one ("inj"), or an upper-case word in a
    mixed-case message, of acronym length, that no name list knows ("ORIF", "DFCS")."""
    if word.islower():
        return (
            word in lexicon()
            or word in NOT_GIVEN_NAMES
            or (len(word) <= 3 and word.capitalize() not in name_lists()[0])
        )
    if word.isupper() and len(word) <= 4 and not text.isupper():
        given, family, _ = name_lists()
        return word.capitalize() not in given and word.capitalize() not in family
    return False


# Lower-case words a name never holds ("de", "van", "la", "bin" do; "of", "the" do not).
_NOT_IN_NAMES = frozenset({"of", "the", "and", "for", "to", "in", "on", "at", "with", "is"})


def _trim_name(text: str, start: int, end: int) -> tuple[int, int]:
    """The name inside a model's PERSON span: no title or greeting before it, no
    possessive after it ("Luis Ortega's" -> "Luis Ortega")."""
    lead = _NAME_LEAD.match(text, start, end)
    if lead and lead.end() < end:
        start = lead.end()
    tail = _POSSESSIVE.search(text[start:end])
    if tail and tail.start() > 0:
        end = start + tail.start()
    return start, end


_MODEL_RECOGNIZERS = frozenset({SpacyRecognizer.__name__, PipelineNerRecognizer.__name__})
# Recognizers that check operations vocabulary themselves, knowing the position: a state
# name in an address line's city slot ("Delaware OH 43015") is a city.
_SELF_CHECKED = frozenset({"CityRecognizer"})


def _recognizer(result: RecognizerResult) -> str:
    metadata = result.recognition_metadata or {}
    return str(metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, ""))


def _outside(start: int, end: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``[start, end)`` not covered by placeholder spans."""
    segments = [(start, end)]
    for hole_start, hole_end in holes:
        next_segments = []
        for s, e in segments:
            if hole_end <= s or hole_start >= e:
                next_segments.append((s, e))
                continue
            if s < hole_start:
                next_segments.append((s, hole_start))
            if hole_end < e:
                next_segments.append((hole_end, e))
        segments = next_segments
    return segments


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding whitespace (a "(614) 555-0142" keeps its bracket)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _resolve_overlaps(text: str, entities: list[PhiEntity]) -> list[PhiEntity]:
    """Merge overlapping detections into one entity covering all of them.

    The merged span is the union, so nothing any recognizer found stays visible. Its
    type comes from a pattern recognizer when one took part (a number the NER calls a
    place is still an MRN), else from the highest score, the more specific type, the
    longer span. Two names or places of the same type separated only by spaces or a
    hyphen ("GEORGE" "ABERNATHY", "Harris" "Bùi") become one.
    """
    merged: list[PhiEntity] = []
    cluster: list[PhiEntity] = []
    for entity in sorted(entities, key=lambda e: (e.start, -e.end)):
        if cluster and entity.start >= max(e.end for e in cluster):
            merged.append(_merge(cluster))
            cluster = []
        cluster.append(entity)
    if cluster:
        merged.append(_merge(cluster))
    joined: list[PhiEntity] = []
    for entity in merged:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.type == entity.type
            and entity.type in _NER_TYPES
            and _JOINER.fullmatch(text[previous.end : entity.start])
        ):
            joined[-1] = PhiEntity(
                entity.type, previous.start, entity.end, max(previous.score, entity.score)
            )
        else:
            joined.append(entity)
    return joined


def _merge(cluster: list[PhiEntity]) -> PhiEntity:
    best = max(
        cluster,
        key=lambda e: (e.type not in _NER_TYPES, e.score, _RANK[e.type], e.end - e.start),
    )
    return PhiEntity(
        type=best.type,
        start=min(e.start for e in cluster),
        end=max(e.end for e in cluster),
        score=max(e.score for e in cluster),
    )
