"""Pattern recognizers on their own: what each one matches at or above the threshold.

Context words are not applied here (no NLP artifacts), so these rows show what a
recognizer finds from the text of the match alone; context is covered in the guard tests.
"""

from __future__ import annotations

import pytest
from presidio_analyzer import Pattern

from tools.phi import recognizers as r

THRESHOLD = r.DEFAULT_SCORE_THRESHOLD


def found(recognizer: r.PatternRecognizer, text: str) -> list[str]:
    entity = recognizer.supported_entities[0]
    results = recognizer.analyze(text, entities=[entity], nlp_artifacts=None)
    return sorted(text[x.start : x.end] for x in results if x.score >= THRESHOLD)


CASES = [
    # MRN
    (r.MrnRecognizer, "MRN 00482913 needs a chart review", ["00482913"]),
    (r.MrnRecognizer, "MRN#00482913", ["00482913"]),
    (r.MrnRecognizer, "med rec # 7730021 is a duplicate", ["7730021"]),
    (r.MrnRecognizer, "chart: E4419027", ["E4419027"]),
    (r.MrnRecognizer, "patient id is 55019283", ["55019283"]),
    (r.MrnRecognizer, "CPT 99490 billed, DRG 871", []),
    (r.MrnRecognizer, "chart review for 12 patients", []),
    (r.MrnRecognizer, "pulled 00482913 from the queue", ["00482913"]),
    (r.MrnRecognizer, "NPI 1457382910 on the claim", []),
    (r.MrnRecognizer, "ticket INC0048812 is open", []),
    (r.MrnRecognizer, "$1250000 budget, 4.2 days, 12345 widgets", []),
    (r.MrnRecognizer, "pt is on file, mr# 00734120", ["00734120"]),
    (r.MrnRecognizer, "Mr. Okafor 5 North, bed 12", []),
    # member ID
    (r.MemberIdRecognizer, "member id W123456789 termed", ["W123456789"]),
    (r.MemberIdRecognizer, "Subscriber # XJH992310457", ["XJH992310457"]),
    (r.MemberIdRecognizer, "Medicaid ID: 100234567", ["100234567"]),
    (r.MemberIdRecognizer, "member id is missing on the claim", []),
    (r.MemberIdRecognizer, "Medicare 2025 fee schedule", []),
    (r.MemberIdRecognizer, "bcbs id XKP448120931 denied", ["XKP448120931"]),
    (r.MemberIdRecognizer, "Aetna (W998120475) primary", ["W998120475"]),
    (r.MemberIdRecognizer, "ticket INC0048812, HCPCS G2211, ICD-10 E11.9", []),
    (r.MemberIdRecognizer, "Medicaid 340B carve-out", []),
    (r.MemberIdRecognizer, "the card for her reads XQ55102938 now", ["XQ55102938"]),
    (r.MemberIdRecognizer, "card reads ok, front desk scanned it", []),
    (r.MedicareBeneficiaryIdRecognizer, "MBI 1EG4-TE5-MK73", ["1EG4-TE5-MK73"]),
    (r.MedicareBeneficiaryIdRecognizer, "new card 1EG4TE5MK73", ["1EG4TE5MK73"]),
    (r.MedicareBeneficiaryIdRecognizer, "ICD-10 J18.9, CPT 99490", []),
    # account numbers
    (r.AccountNumberRecognizer, "acct 7731902245 still open", ["7731902245"]),
    (r.AccountNumberRecognizer, "claim # 2025110400123 denied", ["2025110400123"]),
    (r.AccountNumberRecognizer, "HAR: 55019283", ["55019283"]),
    (r.AccountNumberRecognizer, "invoice no. INV-448812", ["INV-448812"]),
    (r.AccountNumberRecognizer, "claim # CO-197 again", []),
    (r.AccountNumberRecognizer, "claim 99490 for March", []),
    (r.AccountNumberRecognizer, "claim 2 of 5 is pending", []),
    (r.AccountNumberRecognizer, "revenue code 0450 on the account", []),
    # street addresses
    (r.StreetAddressRecognizer, "lives at 1420 Larkspur Ave", ["1420 Larkspur Ave"]),
    (r.StreetAddressRecognizer, "22 N Main St Apt 4, Dayton", ["22 N Main St Apt 4"]),
    (r.StreetAddressRecognizer, "mail to 7 West 42nd Street", ["7 West 42nd Street"]),
    (r.StreetAddressRecognizer, "1420 LARKSPUR AVE", ["1420 LARKSPUR AVE"]),
    (r.StreetAddressRecognizer, "PO Box 118, Xenia", ["PO Box 118"]),
    (r.StreetAddressRecognizer, "2 pts on 4 West need head CT", []),
    (r.StreetAddressRecognizer, "pt on 4 West Dr. Patel is attending", []),
    (r.StreetAddressRecognizer, "3 TIMES BY DR", []),
    (r.StreetAddressRecognizer, "412 OAK HOLLOW WAY APT 3C", ["412 OAK HOLLOW WAY APT 3C"]),
    (r.StreetAddressRecognizer, "2 PTS ON THE WAY", []),
    (r.StreetAddressRecognizer, "lives 20 min drive each way", []),
    # ZIP
    (r.ZipCodeRecognizer, "Columbus, OH 43215", ["43215"]),
    (r.ZipCodeRecognizer, "Dayton Ohio 45402-1234", ["45402-1234"]),
    (r.ZipCodeRecognizer, "ZIP+4 45402-1234", ["45402-1234"]),
    (r.ZipCodeRecognizer, "CPT 99490 OR 99439", []),
    (r.ZipCodeRecognizer, "bill 99490 or 99439", []),
    (r.ZipCodeRecognizer, "43215", []),
    (r.ZipCodeRecognizer, "PO BOX 41, MARION OH 43302", ["43302"]),
    (r.ZipCodeRecognizer, "12 Elm Ct, Piqua 45356", ["45356"]),
    (r.ZipCodeRecognizer, "Medicare 99490 for March", []),
    # cities in address lines
    (r.CityRecognizer, "PO Box 41, Marion OH 43302", ["Marion"]),
    (r.CityRecognizer, "PO BOX 41, MARION OH 43302", ["MARION"]),
    (r.CityRecognizer, "12 Elm Ct, Piqua.", ["Piqua"]),
    (r.CityRecognizer, "55 Elm St, Delaware 43015", ["Delaware"]),
    (r.CityRecognizer, "Ohio Medicaid MCO change", []),
    (r.CityRecognizer, "CPT OH 43215", []),
    # dates
    (r.SafeHarborDateRecognizer, "DOB 03/14/1952", ["03/14/1952"]),
    (r.SafeHarborDateRecognizer, "seen 3/14/52", ["3/14/52"]),
    (r.SafeHarborDateRecognizer, "admitted 2025-03-14", ["2025-03-14"]),
    (r.SafeHarborDateRecognizer, "ICD-10 J18.9 and rev code 0450", []),
    (r.WrittenDateRecognizer, "born March 14, 1952", ["March 14, 1952"]),
    (r.WrittenDateRecognizer, "on 14 Mar 1952", ["14 Mar 1952"]),
    (r.WrittenDateRecognizer, "DOB: 03141952", ["03141952"]),
    (r.WrittenDateRecognizer, "DOS 3/14", ["3/14"]),
    (r.WrittenDateRecognizer, "the March 2025 billing run", []),
    (r.WrittenDateRecognizer, "4/5 nurses showed", []),
    (r.WrittenDateRecognizer, "f/u moved to Mar 3rd", ["Mar 3rd"]),
    (r.WrittenDateRecognizer, "PICKUP BEFORE JUL 29TH", ["JUL 29TH"]),
    (r.WrittenDateRecognizer, "the October 2 huddle", ["October 2"]),
    (r.WrittenDateRecognizer, "seen on 3/2, labs pending", ["3/2"]),
    (r.WrittenDateRecognizer, "is he on for the 11/7 echo?", ["11/7"]),
    (r.WrittenDateRecognizer, "Ana's 6/9 visit was moved", ["6/9"]),
    (r.WrittenDateRecognizer, "2/5 onward, MWF", ["2/5"]),
    (r.WrittenDateRecognizer, "may 3 pts go to 4 West?", []),
    (r.WrittenDateRecognizer, "on 2/3 of the claims", []),
    (r.WrittenDateRecognizer, "March 2025 close", []),
    # ages over 89
    (r.AgeOver89Recognizer, "92 yo F with CHF", ["92"]),
    (r.AgeOver89Recognizer, "92yoF, CHF", ["92"]),
    (r.AgeOver89Recognizer, "a 93-year-old man", ["93"]),
    (r.AgeOver89Recognizer, "age 94, lives alone", ["94"]),
    (r.AgeOver89Recognizer, "71 yo M", []),
    (r.AgeOver89Recognizer, "claims aged 91-120 days", []),
    (r.AgeOver89Recognizer, "AR aged 90 days", []),
    (r.AgeOver89Recognizer, "90-day readmissions", []),
    (r.AgeOver89Recognizer, "CPT 99490", []),
    (r.AgeOver89Recognizer, "she's 96 and anxious", ["96"]),
    (r.AgeOver89Recognizer, "pt is 91, lives alone", ["91"]),
    (r.AgeOver89Recognizer, "she's 95% compliant", []),
    (r.AgeOver89Recognizer, "pt is 92 minutes late", []),
    # phone and fax
    (r.UsPhoneRecognizer, "called from 555-201-7788", ["555-201-7788"]),
    (r.UsPhoneRecognizer, "cell (614) 555-0142 x12", ["(614) 555-0142 x12"]),
    (r.UsPhoneRecognizer, "+1 614.555.0199", ["+1 614.555.0199"]),
    (r.UsPhoneRecognizer, "CPT 99490 99439, NPI 1234567893", []),
    (r.UsPhoneRecognizer, "SSN 536-22-8571", []),
    (r.FaxRecognizer, "fax: 614-555-0100", ["614-555-0100"]),
    (r.FaxRecognizer, "Fax # 6145550100", ["6145550100"]),
    (r.FaxRecognizer, "call 614-555-0100", []),
    # license numbers (DEA check digit: BK1234563 is valid, BK1234567 is not)
    (r.LicenseNumberRecognizer, "DL# S530-4471-9922", ["S530-4471-9922"]),
    (r.LicenseNumberRecognizer, "her DL (W4471992) is scanned", ["W4471992"]),
    (r.LicenseNumberRecognizer, "RN license: RN.448812", ["RN.448812"]),
    (r.LicenseNumberRecognizer, "DEA: BK1234567", ["BK1234567"]),
    (r.LicenseNumberRecognizer, "pharmacy has BK1234563 on file", ["BK1234563"]),
    (r.LicenseNumberRecognizer, "pharmacy has BK1234567 on file", []),
    (r.LicenseNumberRecognizer, "license renewal due in May", []),
    # device identifiers
    (r.DeviceIdRecognizer, "pump serial SN-88213-KX", ["SN-88213-KX"]),
    (r.DeviceIdRecognizer, "CGM transmitter ID 4MK2T9", ["4MK2T9"]),
    (r.DeviceIdRecognizer, "her pacemaker (QX55102K) reads fine", ["QX55102K"]),
    (r.DeviceIdRecognizer, "transmitter ID is missing", []),
    (r.DeviceIdRecognizer, "pump (2 of them) alarming", []),
    # SSN, e-mail, URL, IP (Presidio's own, re-labelled)
    (r.SsnRecognizer, "SSN 536-22-8571", ["536-22-8571"]),
    (r.SsnRecognizer, "ssn: 536228571", ["536228571"]),
    (r.SsnRecognizer, "SSN 123-45-6789 is a sample", []),
    (r.SsnRecognizer, "CPT 99490", []),
    (r.OfflineEmailRecognizer, "email ana.ruiz88@yahoo.com", ["ana.ruiz88@yahoo.com"]),
    (r.OfflineEmailRecognizer, "C. diff and J18.9", []),
    (
        r.SafeHarborUrlRecognizer,
        "see https://facebook.com/maria.delgado.7",
        ["https://facebook.com/maria.delgado.7"],
    ),
    (r.SafeHarborUrlRecognizer, "rates on cms.gov", []),
    (r.SafeHarborUrlRecognizer, "see www.example.org/help-ana", ["www.example.org/help-ana"]),
    (r.SafeHarborUrlRecognizer, "posted at fundme.example.com/f/ana", ["fundme.example.com/f/ana"]),
    (r.SafeHarborUrlRecognizer, "rule at cms.gov/files/doc", []),
    (r.SafeHarborIpRecognizer, "login from 10.20.30.40", ["10.20.30.40"]),
    (r.SafeHarborIpRecognizer, "ICD-10 J18.9 at 10:30", []),
]


@pytest.mark.parametrize(
    ("recognizer_class", "text", "expected"),
    CASES,
    ids=[f"{c[0].__name__}-{c[1][:30]}" for c in CASES],
)
def test_recognizer_table(
    recognizer_class: type[r.PatternRecognizer], text: str, expected: list[str]
) -> None:
    assert found(recognizer_class(), text) == sorted(expected)


CODE_SET_TOKENS = [
    "CPT 99490",
    "CPT 99439 x2",
    "DRG 871",
    "MS-DRG 291",
    "ICD-10 J18.9",
    "ICD-10-CM I50.9",
    "revenue code 0450",
    "rev code 0636",
    "CARC CO-197",
    "CO-45",
    "RARC N130",
    "HCPCS J1885",
    "G0019",
    "modifier 25",
    "POS 11",
    "837P",
    "270/271",
    "99213-25",
]


@pytest.mark.parametrize("text", CODE_SET_TOKENS)
def test_code_set_tokens_match_no_pattern(text: str) -> None:
    hits = {
        type(recognizer).__name__: found(recognizer, text)
        for recognizer in r.pattern_recognizers()
        if isinstance(recognizer, r.PatternRecognizer)
    }
    assert {name: values for name, values in hits.items() if values} == {}


def test_every_recognizer_reports_a_guard_entity_type() -> None:
    for recognizer in r.pattern_recognizers():
        assert set(recognizer.supported_entities) <= set(r.ENTITY_TYPES), recognizer.name


class _NoEntity(r.SafeHarborRecognizer):
    PATTERNS = [Pattern("x", r"x", 0.5)]


class _NoPattern(r.SafeHarborRecognizer):
    ENTITY = "MRN"


def test_recognizer_declared_wrongly_fails_when_built() -> None:
    with pytest.raises(ValueError, match="ENTITY must be one of"):
        _NoEntity()
    with pytest.raises(ValueError, match="needs at least one pattern"):
        _NoPattern()
