"""The onnxruntime encoder Baton routes with gives the numpy reference's vectors, and runs
only the graph whose checksum Baton records."""

from pathlib import Path

import numpy as np
import pytest

from knowledge.embedder import MAX_TOKENS, EmbedderUnavailable
from knowledge.onnx_embedder import (
    OnnxMiniLMEmbedder,
    default_onnx_path,
    intra_op_threads,
    set_intra_op_threads,
)
from knowledge.reference_embedder import ReferenceMiniLMEmbedder

LONG_NOTE = (
    "Care coordination note for <PERSON_1> (MRN <MRN_1>): discharged on <DATE_1> after a "
    "three-day observation stay; follow-up with the PCP within seven days, home health "
    "referral pending prior authorization, pharmacy reconciliation done, "
) * 12  # far past the 256-token limit: both encoders keep the first 256 word pieces

TEXTS = [
    "",
    " ",
    "a",
    "?",
    "claim denial appeal",
    "bed capacity in the ED",
    "Who approves a write-off over $500?",
    "log 25 minutes of CCM for <PERSON_1> on <DATE_1>",
    "<PERSON_1> called from <PHONE_NUMBER_1> about <PERSON_2>'s referral",
    "Send <EMAIL_ADDRESS_1> the prior auth status for <MRN_1>",
    "patient at <LOCATION_1> needs transport on <DATE_TIME_1>",
    "the payer denied the claim for missing prior authorization",
    "insurance rejected our claim because the authorization was missing",
    "emergency department boarding and inpatient bed capacity",
    "CPT 99490 and 99439: can we bill both this month?",
    "G0556 APCM level 1 – who signs off?",
    "URGENT!!! schedule conflict for Dr. <PERSON_3> tomorrow 8:00–10:00",
    "who owns the HIPAA breach notification decision",
    "reassign my panel to another coordinator while I am on leave",
    "what's the policy on after-hours nurse triage callbacks",
    "Résumé of the café meeting: naïve scheduling rules",
    "el paciente necesita una cita de seguimiento",
    "患者の予約を変更してください",
    "📞 callback requested 🙏",
    "see https://intranet.example.org/policies/denials#appeals",
    "`baton tasks log --minutes 30`",
    "*bold* _italic_ ~strike~ <@U123ABC> <#C456DEF|care-team>",
    "utilization review utilization review utilization review",
    "\n\ttabs and\nnew lines\n",
    "1234567890 0987654321",
    "What is the status of the credentialing packet for the new NP?",
    "please escalate: the fax to the SNF bounced twice",
    LONG_NOTE,
    "word " * 600,
    ("supercalifragilistic " * 80).strip(),
]


@pytest.fixture(scope="module")
def onnx_embedder() -> OnnxMiniLMEmbedder:
    return OnnxMiniLMEmbedder()


@pytest.fixture(scope="module")
def reference() -> ReferenceMiniLMEmbedder:
    return ReferenceMiniLMEmbedder()


def test_the_texts_include_some_past_the_token_limit(onnx_embedder) -> None:
    lengths = [len(e.ids) for e in onnx_embedder._tokenizer.encode_batch(TEXTS)]
    assert max(lengths) == MAX_TOKENS  # truncated, and so the same for both encoders
    assert min(lengths) == 2  # [CLS] [SEP] alone


def test_gives_the_reference_vectors(onnx_embedder, reference) -> None:
    got = onnx_embedder.embed(TEXTS)
    expected = reference.embed(TEXTS)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-5)


def test_gives_the_reference_vectors_one_text_at_a_time(onnx_embedder, reference) -> None:
    for text in TEXTS[::4]:
        np.testing.assert_allclose(
            onnx_embedder.embed_one(text), reference.embed_one(text), rtol=0, atol=1e-5
        )


def test_caches_of_vectors_keep_the_two_encoders_apart(onnx_embedder, reference) -> None:
    assert onnx_embedder.fingerprint != reference.fingerprint


def test_a_graph_with_other_bytes_is_refused(tmp_path: Path) -> None:
    tampered = tmp_path / "all-MiniLM-L6-v2.onnx"
    data = bytearray(default_onnx_path().read_bytes())
    data[-1] ^= 0x01
    tampered.write_bytes(bytes(data))
    with pytest.raises(EmbedderUnavailable, match="run bin/setup to rebuild it"):
        OnnxMiniLMEmbedder(onnx_path=tampered)


def test_a_missing_graph_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(EmbedderUnavailable, match="not built.*run bin/setup"):
        OnnxMiniLMEmbedder(onnx_path=tmp_path / "missing.onnx")


def test_encoders_take_the_process_thread_setting_when_made() -> None:
    try:
        set_intra_op_threads(1)
        embedder = OnnxMiniLMEmbedder()
    finally:
        set_intra_op_threads(0)
    assert embedder._session.get_session_options().intra_op_num_threads == 1
    assert intra_op_threads() == 0


def test_a_negative_thread_count_is_refused() -> None:
    with pytest.raises(ValueError, match="intra-op threads"):
        set_intra_op_threads(-1)
