"""The local encoder gives unit vectors whose similarities make sense."""

import numpy as np
import pytest

from knowledge.embedder import EMBEDDING_DIM, MiniLMEmbedder


@pytest.fixture(scope="module")
def embedder() -> MiniLMEmbedder:
    return MiniLMEmbedder()


def test_vectors_are_unit_length_with_the_model_dimension(embedder: MiniLMEmbedder) -> None:
    vectors = embedder.embed(["claim denial appeal", "bed capacity in the ED", "a"])
    assert vectors.shape == (3, EMBEDDING_DIM)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_related_requests_are_closer_than_unrelated_ones(embedder: MiniLMEmbedder) -> None:
    a, b, c = embedder.embed(
        [
            "the payer denied the claim for missing prior authorization",
            "insurance rejected our claim because the authorization was missing",
            "emergency department boarding and inpatient bed capacity",
        ]
    )
    assert a @ b > a @ c + 0.2


def test_batching_and_padding_do_not_change_a_vector(embedder: MiniLMEmbedder) -> None:
    short = "short text"
    long = "a much longer sentence about utilization review of observation status patients"
    alone = embedder.embed_one(short)
    batched = embedder.embed([long, short])[1]
    np.testing.assert_allclose(alone, batched, atol=1e-5)


def test_empty_input_gives_an_empty_matrix(embedder: MiniLMEmbedder) -> None:
    assert embedder.embed([]).shape == (0, EMBEDDING_DIM)
