"""Final-decision requests are recognised; requests about those topics are not."""

import pytest

from graph.decision_detection import detect_decision_request

DECISIONS = [
    ("approve the write-off for this account", "billing"),
    ("Change the principal diagnosis to sepsis and finalize", "coding"),
    ("decide whether to terminate the night nurse on 4 West", "employment"),
    ("should we sign the Aetna amendment, yes or no?", "contracting"),
    ("just tell me if we can release these records to the attorney", "legal"),
    ("go ahead and drop the modifier and rebill", "coding"),
    ("pls approve the discharge to the SNF today", "clinical"),
    ("Make the final call on whether the audit finding is closed", "audit"),
    ("can you just deny the peer-to-peer and close it out", "clinical"),
    ("We reviewed it twice. Approve the refund to the patient.", "billing"),
    ("Terminate the contract with the staffing agency effective Friday", "contracting"),
    ("OK deny the appeal and close it", "clinical"),
    ("Sign off on the survey plan of correction and submit it to CMS", "audit"),
    ("Hurricane in 48 hours. Decide which nurses stay on the ride-out team.", "employment"),
    ("Attending agrees, so switch <MRN_1> from observation to inpatient now.", "clinical"),
    # The team will act on Baton's answer, or hands Baton the ruling.
    ("is the MRI medically necessary? tell us so we can approve it ourselves", "clinical"),
    ("we'll deny the extra visits ourselves if they're not covered; are they?", "clinical"),
    ("is the PET scan covered or not", "clinical"),
    ("just tell us the ICD-10 code, we'll use whatever you say", "coding"),
    ("whether to forgive the balance is up to you", "billing"),
    ("you decide which agency contract we renew", "contracting"),
    # Orders whose verb no pattern lists, read by their grammar.
    ("renew the courier contract for two more years", "contracting"),
    ("dock her pay for the two missed shifts", "employment"),
    ("Strike the 25 modifier from the claim", "coding"),
    ("ok, honor the prompt-pay discount on the Lee balance", "billing"),
]

NOT_DECISIONS = [
    # Orders that prepare or ask, and headings that open with a verb-shaped word.
    "track the appeal on the Lee balance until the payer answers",
    "Query the attending when the diagnosis is unclear",
    "Pull the denied claims for the coding lead",
    "Admit: 2/24, DRG 871, LOS 2 days over",
    "claim # 555 for the March visit is pending",
    "what documentation supports a sepsis principal diagnosis?",
    "draft talking points for the write-off committee",
    "how do we reduce CO-197 denials on cardiology?",
    "prior auth stuck with aetna for MRI, 9 days",
    "Prepare a checklist for the Joint Commission tracer next month",
    "explain when we can release records to an attorney without authorization",
    "summarize the options before the CFO decides on the write-off",
    "our ED boarding hours doubled since October, need a capacity plan",
    "Can we bill 99490 for a patient with 18 minutes this month?",
    "What is our process for approving write-offs over 5k?",
    "Need help understanding whether we can share data with the county",
    "The attending wants to admit; what criteria apply?",
    "transfer center is turning down outside transfers, what should our tiers be?",
    "approve",
    "",
]


@pytest.mark.parametrize(("text", "kind"), DECISIONS)
def test_a_directive_to_decide_is_flagged_with_its_kind(text: str, kind: str) -> None:
    cue = detect_decision_request(text)
    assert cue is not None, text
    assert cue.kind == kind


@pytest.mark.parametrize("text", NOT_DECISIONS)
def test_analysis_about_decision_topics_is_not_flagged(text: str) -> None:
    assert detect_decision_request(text) is None
