"""Lexical routing signals: the vocabulary of each agent and the cues of each workflow.

Terms and request text go through the same normalisation (lower case, hyphens
and slashes as spaces, a light plural strip), and phrases are matched as word
n-grams, so "peer-to-peer", "Peer to peer" and "peer to peers" all count.
A term that many agents share says little about any one of them, so each
agent's hits are weighted by inverse agent frequency.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_WORD = re.compile(r"[a-z0-9]+(?:['.][a-z0-9]+)*")
_PLACEHOLDER = re.compile(r"<[A-Z_]+_\d+>")
MAX_NGRAM = 4


def _stem(word: str) -> str:
    # Only the regular plural: enough to match "denials" with "denial" without
    # a stemmer that would also fold "cases" and "case" into nonsense.
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    text = _PLACEHOLDER.sub(" ", text).lower().replace("-", " ").replace("/", " ")
    return [_stem(w) for w in _WORD.findall(text)]


def term_key(term: str) -> str:
    return " ".join(tokens(term))


def ngrams(words: list[str]) -> set[str]:
    grams: set[str] = set()
    for n in range(1, MAX_NGRAM + 1):
        for i in range(len(words) - n + 1):
            grams.add(" ".join(words[i : i + n]))
    return grams


@dataclass(frozen=True)
class TermTable:
    """term -> {label: weight}; labels are agent slugs or workflow ids."""

    weights: Mapping[str, Mapping[str, float]]

    @classmethod
    def build(cls, terms_by_label: Mapping[str, Iterable[str]]) -> TermTable:
        labels_by_term: dict[str, set[str]] = defaultdict(set)
        for label, terms in terms_by_label.items():
            for term in terms:
                key = term_key(term)
                if key:
                    labels_by_term[key].add(label)
        total = max(len(terms_by_label), 1)
        weights: dict[str, dict[str, float]] = {}
        for key, labels in labels_by_term.items():
            idf = math.log(1 + total / len(labels))
            # Multi-word phrases are more specific than single words.
            specificity = 1.0 + 0.25 * (key.count(" "))
            weights[key] = {label: idf * specificity for label in labels}
        return cls(weights=weights)

    def score(self, grams: set[str]) -> dict[str, float]:
        """Sum of matched term weights per label."""
        totals: dict[str, float] = defaultdict(float)
        for gram in grams:
            for label, weight in self.weights.get(gram, {}).items():
                totals[label] += weight
        return dict(totals)

    def hits(self, grams: set[str], label: str) -> list[str]:
        return sorted(g for g in grams if label in self.weights.get(g, {}))


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@dataclass(frozen=True)
class TypoCorrector:
    """Maps a misspelt word to a vocabulary word one edit away ("denails" → "denial").

    Symmetric-delete lookup: a word and its one-character deletions are looked up
    in a table of the vocabulary's deletions, which catches one insertion,
    deletion, substitution or adjacent swap without scanning the vocabulary.
    Short words are left alone: at four letters one edit changes meaning too often.
    """

    known: frozenset[str]
    by_delete: Mapping[str, str]
    min_length: int = 5

    @classmethod
    def build(cls, terms: Iterable[str], min_length: int = 5) -> TypoCorrector:
        words = {w for term in terms for w in tokens(term)}
        by_delete: dict[str, str] = {}
        for word in sorted(words):
            if len(word) < min_length:
                continue
            for variant in _deletes(word) | {word}:
                by_delete.setdefault(variant, word)
        return cls(known=frozenset(words), by_delete=by_delete, min_length=min_length)

    def correct(self, words: list[str]) -> list[str]:
        fixed = []
        for word in words:
            if len(word) >= self.min_length and word not in self.known and not word.isdigit():
                match = self.by_delete.get(word)
                if match is None:
                    match = next(
                        (self.by_delete[d] for d in sorted(_deletes(word)) if d in self.by_delete),
                        None,
                    )
                word = match or word
            fixed.append(word)
        return fixed
