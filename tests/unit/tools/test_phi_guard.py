"""The PHI guard end to end, over its two pinned NER pipelines (tools/phi/pipelines.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from presidio_analyzer import RecognizerResult

from tools.phi import (
    ENTITY_TYPES,
    PhiEntity,
    PhiGuard,
    PhiInputError,
    PhiModelMissing,
    PlaceholderMap,
    Redaction,
    pipelines,
)
from tools.phi.guard import _candidates
from tools.phi.pipelines import check_stock_pipeline, load_ner, stock_model_dir

# Realistic messages and exactly what must be found in them: (type, original value).
DETECTIONS = [
    (
        "pt Maria Delgado DOB 03/14/1952 MRN 00482913 called from 555-201-7788 re: her Aetna "
        "denial",
        {
            ("PERSON", "Maria Delgado"),
            ("DATE", "03/14/1952"),
            ("MRN", "00482913"),
            ("PHONE", "555-201-7788"),
        },
    ),
    (
        "Can you call back Tomasz Wieczorek about the Humana appeal?",
        {("PERSON", "Tomasz Wieczorek")},
    ),
    ("Spoke with Mrs. Okonkwo's son, he wants the itemized bill", {("PERSON", "Okonkwo")}),
    (
        "Dr. Lindqvist signed the CCM consent for Harold Beaumont yesterday",
        {("PERSON", "Lindqvist"), ("PERSON", "Harold Beaumont")},
    ),
    ("PT GEORGE ABERNATHY IN 4 WEST, HUMANA AUTH PENDING", {("PERSON", "GEORGE ABERNATHY")}),
    (
        "Kwame Mensah's daughter says he moved to Chillicothe",
        {("PERSON", "Kwame Mensah"), ("LOCATION", "Chillicothe")},
    ),
    (
        "Hi Priya, can you check whether Luis Ortega's CCM minutes for October hit 20?",
        {("PERSON", "Priya"), ("PERSON", "Luis Ortega")},
    ),
    ("Mr. O'Brien wants to know why Anthem denied the MRI", {("PERSON", "O'Brien")}),
    (
        "DOS 11/04/2025 was billed as 99490 but only 18 minutes were logged",
        {("DATE", "11/04/2025")},
    ),
    ("born March 14, 1952 per the face sheet", {("DATE", "March 14, 1952")}),
    ("admitted 2025-03-14, discharged 3/18", {("DATE", "2025-03-14"), ("DATE", "3/18")}),
    ("DOB: 3/14/52, Medicare primary", {("DATE", "3/14/52")}),
    ("callback number (614) 555-0142", {("PHONE", "(614) 555-0142")}),
    ("cell 614.555.0199 after 5pm", {("PHONE", "614.555.0199")}),
    ("fax the denial letter to 614-555-0100", {("FAX", "614-555-0100")}),
    ("Fax: 614-555-0100 attn UM", {("FAX", "614-555-0100")}),
    ("her daughter's email is ana.ruiz88@yahoo.com", {("EMAIL", "ana.ruiz88@yahoo.com")}),
    ("SSN 536-22-8571 on the registration form", {("SSN", "536-22-8571")}),
    ("ssn 536228571 was keyed wrong", {("SSN", "536228571")}),
    ("MRN 00482913 has two open encounters", {("MRN", "00482913")}),
    ("The MRN for him is 4471902 I think", {("MRN", "4471902")}),
    ("med rec # 7730021 is a duplicate of another chart", {("MRN", "7730021")}),
    # The day coverage ended is a date element of the member's record (164.514(b)(2)(i)(C)).
    (
        "member id W123456789 termed 10/31",
        {("MEMBER_ID", "W123456789"), ("DATE", "10/31")},
    ),
    ("Medicaid ID: 100234567 shows inactive", {("MEMBER_ID", "100234567")}),
    ("MBI 1EG4-TE5-MK73 on the new card", {("MEMBER_ID", "1EG4-TE5-MK73")}),
    ("acct 7731902245 is in collections", {("ACCOUNT_NUMBER", "7731902245")}),
    ("claim # 2025110400123 was denied CO-197", {("ACCOUNT_NUMBER", "2025110400123")}),
    ("HAR 55019283 needs a rebill", {("ACCOUNT_NUMBER", "55019283")}),
    ("DL# S530-4471-9922 is on the registration", {("LICENSE_NUMBER", "S530-4471-9922")}),
    ("pump serial SN-88213-KX is on recall", {("DEVICE_ID", "SN-88213-KX")}),
    ("lives at 1420 Larkspur Ave with her sister", {("ADDRESS", "1420 Larkspur Ave")}),
    (
        "new address 22 N Main St Apt 4, Dayton, OH 45402",
        {("ADDRESS", "22 N Main St Apt 4"), ("LOCATION", "Dayton"), ("ZIP", "45402")},
    ),
    (
        "send statements to PO Box 118, Xenia, OH 45385",
        {("ADDRESS", "PO Box 118"), ("LOCATION", "Xenia"), ("ZIP", "45385")},
    ),
    ("moved to Columbus, OH 43215 last spring", {("LOCATION", "Columbus"), ("ZIP", "43215")}),
    ("zip 43215 is outside our service area", {("ZIP", "43215")}),
    (
        "posted photos at https://facebook.com/maria.delgado.7",
        {("URL", "https://facebook.com/maria.delgado.7")},
    ),
    ("portal login from 10.20.30.40 flagged by security", {("IP_ADDRESS", "10.20.30.40")}),
    ("92 yo F with CHF exacerbation on 5 North", {("AGE", "92")}),
    ("age 94, lives alone, fell twice", {("AGE", "94")}),
    ("a 93-year-old man waiting in ED for a bed", {("AGE", "93")}),
    (
        "Patient Desmond Achterberg, DOB 02/19/1947, MRN 00593817, member ID XQW448201937, "
        "phone 312-555-0187, lives at 4418 Larkspur Ave; his PCP panel change is stuck.",
        {
            ("PERSON", "Desmond Achterberg"),
            ("DATE", "02/19/1947"),
            ("MRN", "00593817"),
            ("MEMBER_ID", "XQW448201937"),
            ("PHONE", "312-555-0187"),
            ("ADDRESS", "4418 Larkspur Ave"),
        },
    ),
    # no-match rows: numbers and words that look like identifiers but are not
    ("71 yo M, CHF, readmitted within 30 days", set()),
    ("claims aged 91-120 days are up 12% at Humana", set()),
    ("rates are posted on cms.gov under the PFS look-up", set()),
    ("the March 2025 billing run posts on the 5th", set()),
    ("family is driving in from Zanesville tonight", {("LOCATION", "Zanesville")}),
    ("Nguyen Van Thanh needs a Vietnamese interpreter", {("PERSON", "Nguyen Van Thanh")}),
    ("pt lives at 1420 larkspur ave, no phone", {("ADDRESS", "1420 larkspur ave")}),
    # shapes the context makes certain: relatives, titles and forms in any case, short
    # dates, labelled licenses and devices, scheme-less URLs, city slots of addresses
    ("her daughter Rosalind is POA", {("PERSON", "Rosalind")}),
    ("MRS. QUARTERMAINE IN 412 REFUSING VITALS", {("PERSON", "QUARTERMAINE")}),
    (
        "Pt: Okonjo, Adaeze\nMRN: 5519283",
        {("PERSON", "Okonjo, Adaeze"), ("MRN", "5519283")},
    ),
    ("f/u moved to Mar 3rd", {("DATE", "Mar 3rd")}),
    ("RN license: RN.448812 verified", {("LICENSE_NUMBER", "RN.448812")}),
    ("CGM transmitter ID 4MK2T9 needs re-pairing", {("DEVICE_ID", "4MK2T9")}),
    ("family set up www.example.org/help-ana", {("URL", "www.example.org/help-ana")}),
    (
        "statements go to PO Box 41, Delaware OH 43015",
        {("ADDRESS", "PO Box 41"), ("LOCATION", "Delaware"), ("ZIP", "43015")},
    ),
    ("she's 96 and very anxious tonight", {("AGE", "96")}),
    # shapes of text the project did not write: ages beside sex or a relative, grouped
    # and state-prefixed identifiers, serials after the device, dates day-first, dotted
    # or as a range, addresses without a street type, names surname first
    ("92F hip fx, grandma is 96", {("AGE", "92"), ("AGE", "96")}),
    ("DL TX 30118842 on file", {("LICENSE_NUMBER", "30118842")}),
    ("state ID 44-882-193 scanned", {("LICENSE_NUMBER", "44-882-193")}),
    ("member ID: ZGP 4418 8201 active", {("MEMBER_ID", "ZGP 4418 8201")}),
    ("MRN: 1129-4471 merged", {("MRN", "1129-4471")}),
    ("acct ending in 4471 is past due", {("ACCOUNT_NUMBER", "4471")}),
    ("insulin pump #MM780G-44821 alarming", {("DEVICE_ID", "MM780G-44821")}),
    ("seen on the 14th of March", {("DATE", "14th of March")}),
    ("date of death 2025.11.02 per the family", {("DATE", "2025.11.02")}),
    ("auth valid 11/1-11/30 only", {("DATE", "11/1-11/30")}),
    ("coverage termed 09/30", {("DATE", "09/30")}),
    ("RR 2 Box 118 is the mailing address", {("ADDRESS", "RR 2 Box 118")}),
    ("lives at 2211 County Road 14 now", {("ADDRESS", "2211 County Road 14")}),
    (
        "5 Harbor View, Portsmouth NH 03801",
        {("ADDRESS", "5 Harbor View"), ("LOCATION", "Portsmouth"), ("ZIP", "03801")},
    ),
    ("Okafor, Chidi 4/2/1970 needs auth", {("PERSON", "Okafor, Chidi"), ("DATE", "4/2/1970")}),
    ("Nkechi asked whether the bill was paid", {("PERSON", "Nkechi")}),
]

# Operations vocabulary: must produce no entity at all.
ROUTING_VOCABULARY = [
    "Aetna, Humana, BlueCross, Cigna, UnitedHealthcare, Medicare, Medicaid and Anthem all "
    "changed prior auth rules",
    "Epic Clarity and Cerner feed Meditech; Kronos and Workday handle staffing",
    "CMS, HRSA, the Joint Commission, HEDIS, CAHPS, OIG and NHSN deadlines this quarter",
    "4 West is short a Charge RN; Dr. is covering ED and PACU; ICU is full",
    "the attending wants C. diff precautions; sepsis, CLABSI, CAUTI and MRSA rates are up",
    "ICD-10 J18.9, CPT 99490, DRG 871, HCPCS J-codes, revenue code 0450, CARC CO-197",
    "Revenue cycle director, CFO, CMIO and Privacy officer need to approve",
    "Can we bill 99490 and 99439 for the same patient in March?",
    "Who owns the HCAHPS action plan for 5 North?",
    "Medicare Advantage denials for CPT 99487 went up in Ohio",
    "Monday huddle: PACU holds, ED boarding 14, ICU at capacity",
    "EPIC DOWNTIME TONIGHT 2300 FOR 4 WEST AND ICU",
    "aetna keeps denying 99490 with co-197",
    "Need a ruling from Baton: ask Baton whether the auth is covered",
    "Is the Joint Commission survey in April?",
    "Kronos timecards for Charge RN shifts need CFO sign-off",
    "NHSN CLABSI report for Q3 is due; the Infection Preventionist owns it",
    "Revenue code 0450 with CPT 99285 on the UB-04",
    "HEDIS gap list from Humana for the diabetes measures",
    "DRG 871 sepsis with MCC audit from the OIG",
    "CARC CO-197 means precert absent; RARC N130 was on the ERA",
    "340B split billing for the Medicaid carve-out",
    "Who signs off on CCM enrollment, the CMIO or the Privacy officer?",
    "Cigna and UnitedHealthcare both want modifier 25 on 99214",
    "Workday requisition for a PACU Charge RN is open",
    "PACU IS HOLDING FOUR, UR SAYS UNITEDHEALTHCARE IS AUTO-DENYING OBS",
    "TCM, AWV and CCM codes need the attestation; zero CLABSIs on 4 West",
    "DR. ON CALL HASN'T CALLED BACK, DUPLICATE CHART WANTS AN UPDATE",
    "4/5 nurses showed; 2/3 of claims aged 90 days; cms.gov/files has the rule",
    "Q4 FY2026 denials down 12%; batch 20251203 posted",
    "Joint Commission wants the SSI policy updated; mark as read and move on",
    "scheduled for ORIF, needs auth for the pain mgmt inj",
    "Census is 26/28 on 4 West; we have 95 beds staffed and the 90 day rate is 14%",
]

# Known misses of the small NER model (see the report in the package docstring):


def found(text: str, redaction: Redaction) -> set[tuple[str, str]]:
    return {(e.type, text[e.start : e.end]) for e in redaction.entities}


@pytest.mark.parametrize(("text", "expected"), DETECTIONS, ids=[d[0][:40] for d in DETECTIONS])
def test_detects_each_entity_type(phi_guard: PhiGuard, text: str, expected: set) -> None:
    assert found(text, phi_guard.redact(text)) == expected


def test_the_detection_table_covers_every_entity_type() -> None:
    covered = {entity_type for _, expected in DETECTIONS for entity_type, _ in expected}
    assert covered == set(ENTITY_TYPES)


@pytest.mark.parametrize("text", ROUTING_VOCABULARY, ids=[t[:40] for t in ROUTING_VOCABULARY])
def test_routing_vocabulary_is_not_phi(phi_guard: PhiGuard, text: str) -> None:
    redaction = phi_guard.redact(text)
    assert redaction.entities == ()
    assert redaction.text == text
    assert not redaction.phi_detected


ALL_MESSAGES = [text for text, _ in DETECTIONS] + ROUTING_VOCABULARY


@pytest.mark.parametrize("text", ALL_MESSAGES, ids=[t[:40] for t in ALL_MESSAGES])
def test_offsets_index_the_original_text(phi_guard: PhiGuard, text: str) -> None:
    redaction = phi_guard.redact(text)
    previous_end = 0
    rebuilt = []
    for entity in redaction.entities:
        value = text[entity.start : entity.end]
        assert value and value == value.strip()
        assert entity.start >= previous_end, "entities are sorted and do not overlap"
        assert entity.type in ENTITY_TYPES
        assert 0.0 < entity.score <= 1.0
        rebuilt.append(text[previous_end : entity.start])
        rebuilt.append(f"<{entity.type}_")
        previous_end = entity.end
    rebuilt.append(text[previous_end:])
    # The redacted text is the original with each entity swapped for a placeholder.
    assert redaction.text.count("<") - text.count("<") == len(redaction.entities)
    assert "".join(rebuilt).replace("<", "") == _strip_placeholder_numbers(redaction.text)


def _strip_placeholder_numbers(text: str) -> str:
    import re

    return re.sub(r"<([A-Z_]+?_)\d+>", r"\1", text).replace("<", "")


@pytest.mark.parametrize("text", ALL_MESSAGES, ids=[t[:40] for t in ALL_MESSAGES])
def test_redaction_is_idempotent(phi_guard: PhiGuard, text: str) -> None:
    once = phi_guard.redact(text).text
    twice = phi_guard.redact(once)
    assert twice.text == once
    assert twice.entities == ()


def test_placeholders_are_numbered_per_type_in_order(phi_guard: PhiGuard) -> None:
    text = "Maria Delgado and Jose Ramirez share MRN 00482913 per Maria Delgado; also MRN 00519902"
    assert phi_guard.redact(text).text == (
        "<PERSON_1> and <PERSON_2> share MRN <MRN_1> per <PERSON_1>; also MRN <MRN_2>"
    )


def test_a_placeholder_map_keeps_values_stable_across_turns(phi_guard: PhiGuard) -> None:
    conversation = PlaceholderMap()
    first = phi_guard.redact("pt Maria Delgado MRN 00482913 called", conversation)
    second = phi_guard.redact("Jose Ramirez is the son of Maria Delgado", conversation)
    third = phi_guard.redact("chart 00482913: call back (555) 201-7788", conversation)
    fourth = phi_guard.redact("the number was 555-201-7788", conversation)
    assert first.text == "pt <PERSON_1> MRN <MRN_1> called"
    assert second.text == "<PERSON_2> is the son of <PERSON_1>"
    assert third.text == "chart <MRN_1>: call back <PHONE_1>"
    assert fourth.text == "the number was <PHONE_1>"


def test_without_a_map_each_call_starts_at_one(phi_guard: PhiGuard) -> None:
    assert phi_guard.redact("Jose Ramirez called").text == "<PERSON_1> called"
    assert phi_guard.redact("Maria Delgado called").text == "<PERSON_1> called"


def test_new_placeholders_never_reuse_numbers_already_in_the_text(phi_guard: PhiGuard) -> None:
    redaction = phi_guard.redact("<PERSON_1> spoke with Jose Ramirez about <MRN_3>")
    assert redaction.text == "<PERSON_1> spoke with <PERSON_2> about <MRN_3>"
    assert [e.type for e in redaction.entities] == ["PERSON"]


def test_placeholder_map_compares_case_and_space_insensitively() -> None:
    conversation = PlaceholderMap()
    a = conversation.placeholder_for("PERSON", "Maria Delgado")
    assert conversation.placeholder_for("PERSON", "  maria   DELGADO ") == a
    assert conversation.placeholder_for("PERSON", "Jose Ramirez") == "<PERSON_2>"
    assert conversation.placeholder_for("PHONE", "(555) 201-7788") == "<PHONE_1>"
    assert conversation.placeholder_for("PHONE", "555.201.7788") == "<PHONE_1>"
    assert conversation.placeholder_for("MRN", "Maria Delgado") == "<MRN_1>"
    assert len(conversation) == 4
    with pytest.raises(ValueError, match="unknown entity type"):
        conversation.placeholder_for("NAME", "x")


def test_placeholder_map_keeps_no_raw_values() -> None:
    conversation = PlaceholderMap()
    conversation.placeholder_for("PERSON", "Maria Delgado")
    assert "delgado" not in repr(vars(conversation)).lower()


def test_redact_many_matches_redact(phi_guard: PhiGuard) -> None:
    texts = [text for text, _ in DETECTIONS[:8]] + ["", "   ", ROUTING_VOCABULARY[0]]
    assert phi_guard.redact_many(texts) == [phi_guard.redact(t) for t in texts]


def test_redact_many_shares_a_map_when_given_one(phi_guard: PhiGuard) -> None:
    conversation = PlaceholderMap()
    redactions = phi_guard.redact_many(
        ["Maria Delgado called", "Jose Ramirez and Maria Delgado"], conversation
    )
    assert [r.text for r in redactions] == ["<PERSON_1> called", "<PERSON_2> and <PERSON_1>"]


@pytest.mark.parametrize("text", ["", "   \n\t"])
def test_blank_text_is_returned_as_is(phi_guard: PhiGuard, text: str) -> None:
    assert phi_guard.redact(text) == Redaction(text, ())
    assert not phi_guard.redact(text).phi_detected


@pytest.mark.parametrize("bad", [None, b"Maria Delgado", 42, ["Maria Delgado"]])
def test_non_string_input_is_rejected(phi_guard: PhiGuard, bad: object) -> None:
    with pytest.raises(PhiInputError, match="must be a str"):
        phi_guard.redact(bad)  # type: ignore[arg-type]
    assert issubclass(PhiInputError, ValueError)


def test_a_message_over_the_size_limit_is_refused_not_passed_through(
    phi_guard: PhiGuard,
) -> None:
    from tools.phi.guard import MAX_TEXT_CHARS

    huge = "pt Maria Delgado MRN 00482913 " * (MAX_TEXT_CHARS // 30 + 1)
    with pytest.raises(PhiInputError, match="at most 100,000"):
        phi_guard.redact(huge)


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01\x02 binary \ufffd\ufffd noise \x7f",
        "患者 Maria Delgado 电话 555-201-7788, مريض, пациент",
        "🙂 pt Maria Delgado 🙂 MRN 00482913",
    ],
)
def test_odd_text_is_redacted_cleanly(phi_guard: PhiGuard, text: str) -> None:
    redaction = phi_guard.redact(text)
    for value in ("Delgado", "555-201-7788", "00482913"):
        assert value not in redaction.text


def test_redact_many_rejects_bad_items_and_bare_strings(phi_guard: PhiGuard) -> None:
    with pytest.raises(PhiInputError, match=r"texts\[1\] must be a str"):
        phi_guard.redact_many(["fine", None])  # type: ignore[list-item]
    with pytest.raises(PhiInputError, match="list of str"):
        phi_guard.redact_many("Maria Delgado")  # type: ignore[arg-type]


def test_phi_detected_reflects_entities() -> None:
    assert Redaction("<MRN_1>", (PhiEntity("MRN", 4, 12, 0.85),)).phi_detected
    assert not Redaction("nothing here").phi_detected


def test_operations_words_are_never_kept_as_names_or_places() -> None:
    # Safety net under the model: a PERSON/LOCATION that is ops vocabulary is dropped.
    text = "Aetna and the attending spoke with 4 West about Maria Delgado"
    results = [
        RecognizerResult("PERSON", 0, 5, 0.85),
        RecognizerResult("PERSON", 10, 23, 0.85),
        RecognizerResult("LOCATION", 35, 41, 0.85),
        RecognizerResult("PERSON", 48, 61, 0.85),
        RecognizerResult("MRN", 35, 41, 0.85),  # pattern types are not filtered
    ]
    kept = {(e.type, text[e.start : e.end]) for e in _candidates(text, results, [])}
    assert kept == {("PERSON", "Maria Delgado"), ("MRN", "4 West")}


def test_a_stock_pipeline_that_is_not_the_pinned_one_is_refused(tmp_path: Path) -> None:
    (tmp_path / "ner").mkdir()
    (tmp_path / "ner" / "model").write_bytes(b"other weights")
    (tmp_path / "meta.json").write_text('{"name": "core_web_md", "version": "3.8.0"}')
    with pytest.raises(PhiModelMissing, match="not the pinned one"):
        check_stock_pipeline(tmp_path)


def test_an_unreadable_stock_pipeline_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PhiModelMissing, match="unreadable"):
        check_stock_pipeline(tmp_path)


def test_the_installed_stock_pipeline_is_the_pinned_one() -> None:
    check_stock_pipeline(stock_model_dir())  # raises if set-up installed other bytes


def test_an_altered_baton_model_is_refused(tmp_path: Path, monkeypatch) -> None:
    copy = tmp_path / "model"
    shutil.copytree(pipelines.BATON_MODEL_DIR, copy)
    weights = copy / "ner" / "model"
    weights.write_bytes(weights.read_bytes()[:-1] + b"\x00")
    monkeypatch.setattr(pipelines, "BATON_MODEL_DIR", copy)
    with pytest.raises(PhiModelMissing, match="not the committed one"):
        pipelines.baton_pipeline.__wrapped__()


def test_a_missing_baton_model_says_how_to_restore_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pipelines, "BATON_MODEL_DIR", tmp_path / "absent")
    with pytest.raises(PhiModelMissing, match="git checkout -- tools/phi/model"):
        pipelines.baton_pipeline.__wrapped__()


def test_a_directory_that_is_not_a_model_raises(tmp_path: Path) -> None:
    (tmp_path / "config.cfg").write_text("[nlp]\nthis is not a spaCy config\n")
    with pytest.raises(PhiModelMissing, match="could not be loaded"):
        load_ner(tmp_path)


@pytest.mark.parametrize("threshold", [0.0, -0.1, 1.5])
def test_score_threshold_must_be_a_probability(threshold: float) -> None:
    with pytest.raises(ValueError, match="score_threshold"):
        PhiGuard(score_threshold=threshold)


def test_the_optional_recheck_pass_agrees_with_the_single_pass(phi_guard: PhiGuard) -> None:
    careful = PhiGuard(recheck=True)
    for text in ALL_MESSAGES[:40]:
        assert careful.redact(text) == phi_guard.redact(text)
