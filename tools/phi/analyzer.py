"""Presidio's analyzer without the work the guard never reads.

The guard reads each result's type, span, score and recognizer name; never Presidio's
decision process (its explanations are dropped before ``analyze`` returns). Two steps
of Presidio's ``analyze`` cost time for nothing here, on every message:

* ``LemmaContextAwareEnhancer`` deep-copies every result before raising scores (a fifth
  of the analyzer's own time), and looks each context lemma up in a list;
* ``AnalyzerEngine._enhance_using_context`` splits the results by recognizer with two
  passes over all results per recognizer (about forty recognizers).

``GuardContextEnhancer`` and ``GuardAnalyzerEngine`` do the same steps with the same
arithmetic, on the results ``analyze`` just built (nothing else holds them, so raising a
score in place is safe); tests/unit/tools/test_phi_analyzer.py checks them against
Presidio's on the guard's sets.
"""

from __future__ import annotations

import bisect

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import (
    ContextAwareEnhancer,
    LemmaContextAwareEnhancer,
)
from presidio_analyzer.nlp_engine import NlpArtifacts

_ID = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY
_BOOSTED = RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY


class GuardContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's lemma context enhancer, raising scores in place, without explanations.

    Same window (``context_prefix_count`` lemmas back, ``context_suffix_count`` forward,
    keywords only), same substring or whole-word matching, same score arithmetic.
    """

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        if nlp_artifacts is None:
            return raw_results
        by_id = {recognizer.id: recognizer for recognizer in recognizers}
        extra = [word.lower() for word in context] if context else []
        # Built on the first result that needs them.
        keywords: frozenset[str] | None = None
        ends: list[int] = []
        for result in raw_results:
            metadata = result.recognition_metadata
            recognizer = by_id.get(metadata[_ID]) if metadata and _ID in metadata else None
            if not recognizer or not recognizer.context or metadata.get(_BOOSTED):
                continue
            if not nlp_artifacts.tokens:
                surrounding = [""]
            else:
                if keywords is None:
                    # A set answers "is this lemma a keyword" as the list did.
                    keywords = frozenset(nlp_artifacts.keywords)
                    ends = [
                        index + len(token)
                        for index, token in zip(
                            nlp_artifacts.tokens_indices, nlp_artifacts.tokens, strict=True
                        )
                    ]
                surrounding = self._surrounding(nlp_artifacts, text, result, keywords, ends)
            surrounding.extend(extra)
            word = self._find_supportive_word_in_context(
                surrounding, recognizer.context, self.context_matching_mode
            )
            if word != "":
                score = result.score + self.context_similarity_factor
                score = max(score, self.min_score_with_context_similarity)
                result.score = min(score, ContextAwareEnhancer.MAX_SCORE)
                if result.analysis_explanation is not None:
                    result.analysis_explanation.set_supportive_context_word(word)
                    result.analysis_explanation.set_improved_score(result.score)
        return raw_results

    def _surrounding(
        self,
        nlp_artifacts: NlpArtifacts,
        text: str,
        result: RecognizerResult,
        keywords: frozenset[str],
        ends: list[int],
    ) -> list[str]:
        # Presidio's _find_index_of_match_token walks the tokens for the first one that
        # starts at or covers the result's start; token ends only grow, so bisect finds it.
        index = bisect.bisect_right(ends, result.start)
        if index == len(ends):
            raise ValueError(
                f"Did not find a token at {result.start} although one is expected there"
            )
        lemmas = nlp_artifacts.lemmas
        # Presidio's _add_n_words with a set for the keyword test.
        backward = self._add_n_words(index, self.context_prefix_count, lemmas, keywords, True)  # type: ignore[arg-type]
        forward = self._add_n_words(index, self.context_suffix_count, lemmas, keywords, False)  # type: ignore[arg-type]
        return list(set(backward + forward))


class GuardAnalyzerEngine(AnalyzerEngine):
    """Presidio's analyzer, grouping results by recognizer in one pass."""

    def _enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        by_id: dict[str, list[RecognizerResult]] = {}
        for result in raw_results:
            by_id.setdefault(result.recognition_metadata[_ID], []).append(result)
        results: list[RecognizerResult] = []
        for recognizer in recognizers:
            own = by_id.get(recognizer.id, [])
            if type(recognizer).enhance_using_context is not EntityRecognizer.enhance_using_context:
                # A recognizer with its own context step sees everyone else's results.
                others = [r for r in raw_results if r.recognition_metadata[_ID] != recognizer.id]
                own = recognizer.enhance_using_context(
                    text=text,
                    raw_recognizer_results=own,
                    other_raw_recognizer_results=others,
                    nlp_artifacts=nlp_artifacts,
                    context=context,
                )
            results.extend(own)
        return self.context_aware_enhancer.enhance_using_context(
            text=text,
            raw_results=results,
            nlp_artifacts=nlp_artifacts,
            recognizers=recognizers,
            context=context,
        )
