"""The guard's analyzer steps give exactly what Presidio's own give (tools/phi/analyzer.py)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from presidio_analyzer import AnalyzerEngine, RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

from tools.phi import PhiGuard
from tools.phi.analyzer import GuardContextEnhancer

DATA = Path(__file__).resolve().parents[2] / "data"


def _texts() -> list[str]:
    paths = [
        DATA / "phi_labelled.jsonl",
        DATA / "phi_negatives.jsonl",
        DATA / "phi_eval" / "holdout_dev.jsonl",
    ]
    texts = []
    for path in paths:
        lines = [line for line in path.read_text().splitlines() if line.strip()]
        texts += [json.loads(line)["text"] for line in lines[::3]]
    return texts


TEXTS = _texts()


def _key(result: RecognizerResult) -> tuple[object, ...]:
    name = result.recognition_metadata[RecognizerResult.RECOGNIZER_NAME_KEY]
    return (result.entity_type, result.start, result.end, result.score, name)


@pytest.fixture(scope="module")
def presidio_analyzer(phi_guard: PhiGuard) -> AnalyzerEngine:
    """Presidio's own analyzer over the guard's recognizers and pipeline."""
    ours = phi_guard._analyzer
    return AnalyzerEngine(
        registry=ours.registry,
        nlp_engine=ours.nlp_engine,
        supported_languages=["en"],
        default_score_threshold=phi_guard.score_threshold,
    )


def _raw_results(
    analyzer: AnalyzerEngine, text: str
) -> tuple[list[RecognizerResult], object, list[object]]:
    recognizers = analyzer.registry.get_recognizers(language="en", all_fields=True)
    artifacts = analyzer.nlp_engine.process_text(text, "en")
    entities = analyzer.get_supported_entities(language="en")
    raw = []
    for recognizer in recognizers:
        for result in recognizer.analyze(text=text, entities=entities, nlp_artifacts=artifacts):
            # As AnalyzerEngine.analyze tags them before its context step.
            metadata = result.recognition_metadata or {}
            metadata.setdefault(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY, recognizer.id)
            metadata.setdefault(RecognizerResult.RECOGNIZER_NAME_KEY, recognizer.name)
            result.recognition_metadata = metadata
            raw.append(result)
    return raw, artifacts, recognizers


@pytest.mark.parametrize("context", [None, ["MRN", "date of birth"]])
def test_context_enhancer_raises_the_same_scores_as_presidios(
    presidio_analyzer: AnalyzerEngine, context: list[str] | None
) -> None:
    boosted = 0
    for text in TEXTS:
        raw, artifacts, recognizers = _raw_results(presidio_analyzer, text)
        theirs = LemmaContextAwareEnhancer().enhance_using_context(
            text, copy.deepcopy(raw), artifacts, recognizers, context
        )
        ours = GuardContextEnhancer().enhance_using_context(
            text, copy.deepcopy(raw), artifacts, recognizers, context
        )
        assert [_key(r) for r in ours] == [_key(r) for r in theirs], text
        boosted += sum(a.score != b.score for a, b in zip(raw, theirs, strict=True))
    assert boosted > 0, "no context word raised a score: the comparison proves nothing"


def test_guard_analyzer_returns_what_presidios_returns(
    phi_guard: PhiGuard, presidio_analyzer: AnalyzerEngine
) -> None:
    for text in TEXTS:
        ours = phi_guard._analyzer.analyze(
            text, language="en", score_threshold=phi_guard.score_threshold
        )
        theirs = presidio_analyzer.analyze(
            text, language="en", score_threshold=phi_guard.score_threshold
        )
        assert [_key(r) for r in ours] == [_key(r) for r in theirs], text


def test_context_enhancer_keeps_presidios_error_for_a_span_past_the_tokens(
    presidio_analyzer: AnalyzerEngine,
) -> None:
    text = "MRN 00482913"
    raw, artifacts, recognizers = _raw_results(presidio_analyzer, text)
    contextual = next(r for r in raw if r.entity_type == "MRN")
    contextual.start = contextual.end = len(text) + 5
    with pytest.raises(ValueError):
        LemmaContextAwareEnhancer().enhance_using_context(
            text, copy.deepcopy([contextual]), artifacts, recognizers
        )
    with pytest.raises(ValueError):
        GuardContextEnhancer().enhance_using_context(text, [contextual], artifacts, recognizers)
