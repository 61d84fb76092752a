"""Both local encoders give unit vectors whose similarities make sense."""

import numpy as np
import pytest

from knowledge.embedder import EMBEDDING_DIM, SentenceEmbedder
from knowledge.onnx_embedder import OnnxMiniLMEmbedder
from knowledge.reference_embedder import ReferenceMiniLMEmbedder


@pytest.fixture(scope="module", params=[OnnxMiniLMEmbedder, ReferenceMiniLMEmbedder])
def embedder(request) -> SentenceEmbedder:
    return request.param()


def test_vectors_are_unit_length_with_the_model_dimension(embedder: SentenceEmbedder) -> None:
    vectors = embedder.embed(["claim denial appeal", "bed capacity in the ED", "a"])
    assert vectors.shape == (3, EMBEDDING_DIM)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_related_requests_are_closer_than_unrelated_ones(embedder: SentenceEmbedder) -> None:
    a, b, c = embedder.embed(
        [
            "the payer denied the claim for missing prior authorization",
            "insurance rejected our claim because the authorization was missing",
            "emergency department boarding and inpatient bed capacity",
        ]
    )
    assert a @ b > a @ c + 0.2


def test_batching_and_padding_do_not_change_a_vector(embedder: SentenceEmbedder) -> None:
    short = "short text"
    long = "a much longer sentence about utilization review of observation status patients"
    alone = embedder.embed_one(short)
    batched = embedder.embed([long, short])[1]
    np.testing.assert_allclose(alone, batched, atol=1e-5)


def test_rows_come_back_in_the_order_given_whatever_the_batch_size(
    embedder: SentenceEmbedder,
) -> None:
    texts = [f"request number {i} " + "about a claim " * (i % 5) for i in range(7)]
    one_batch = embedder.embed(texts)
    small_batches = embedder.embed(texts, batch_size=3)
    np.testing.assert_allclose(one_batch, small_batches, atol=1e-5)
    for text, row in zip(texts, one_batch, strict=True):
        np.testing.assert_allclose(embedder.embed_one(text), row, atol=1e-5)


def test_a_batch_size_below_one_is_refused(embedder: SentenceEmbedder) -> None:
    with pytest.raises(ValueError, match="batch_size"):
        embedder.embed(["a"], batch_size=0)


def test_empty_input_gives_an_empty_matrix(embedder: SentenceEmbedder) -> None:
    assert embedder.embed([]).shape == (0, EMBEDDING_DIM)
