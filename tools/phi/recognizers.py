"""Presidio recognizers for the HIPAA Safe Harbor identifiers Baton must catch in chat.

Safe Harbor (45 CFR 164.514(b)(2)) lists the identifiers to remove: names; geography
below the state (street, city, ZIP); all elements of dates except the year, and ages over
89; phone and fax numbers; e-mail; SSN; medical record, health plan beneficiary and
account numbers; URLs; IP addresses; any other unique identifying number.

Each recognizer is data (patterns, context words, scores as class constants) with at most
one small validation hook, in Presidio's own style. Presidio's predefined recognizers are
reused where they exist and work offline (SSN, Medicare MBI, e-mail, URL, IP, date,
phone); the rest are ours. Names and places come from the NER model (see ``guard``).

Scores are tuned against ``DEFAULT_SCORE_THRESHOLD`` = 0.5:

* a value next to its label ("MRN 00482913", "fax: 555-201-7788") scores 0.85-0.9;
* a distinctive format on its own (formatted phone, full date, street address) 0.5-0.85;
* a bare number that could be anything scores 0.15-0.2 and only passes when a context
  word ("mrn", "acct", "zip", "dob") stands within five words before it: Presidio then
  adds 0.35.

Code-set tokens (CPT 99490, DRG 871, ICD-10 J18.9, revenue code 0450, CARC CO-197) fall
through every pattern: bare numbers need six or more digits to be a record or account
number, and five-digit numbers count as a ZIP only after a state or a "zip" context word.
"""

from __future__ import annotations

from typing import ClassVar

import regex as re
import tldextract
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    DateRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    PhoneRecognizer,
    UrlRecognizer,
    UsMbiRecognizer,
    UsSsnRecognizer,
)

from tools.phi import vocabulary as vocab
from tools.phi.name_recognizer import ContextNameRecognizer, KnownNameRecognizer, lexicon

ENTITY_TYPES: tuple[str, ...] = (
    "PERSON",
    "DATE",
    "PHONE",
    "FAX",
    "EMAIL",
    "SSN",
    "MRN",
    "MEMBER_ID",
    "ACCOUNT_NUMBER",
    "ADDRESS",
    "LOCATION",
    "ZIP",
    "URL",
    "IP_ADDRESS",
    "AGE",
    "LICENSE_NUMBER",
    "DEVICE_ID",
)

DEFAULT_SCORE_THRESHOLD = 0.5

# Presidio's default: DOTALL | MULTILINE | IGNORECASE. Recognizers whose patterns rely on
# capitalisation (street names, "OH 43215") drop IGNORECASE and opt in per group (?i:...).
CASE_INSENSITIVE = re.DOTALL | re.MULTILINE | re.IGNORECASE
CASE_SENSITIVE = re.DOTALL | re.MULTILINE

# What may stand between a label and its value: "MRN 123", "MRN: 123", "MRN# 123",
# "acct no. 123", "member id is W123".
_AFTER_LABEL = r"(?:\s*(?:#|(?:no|num|number|id)\b\.?))?\s*[:#=]?\s*(?:(?:is|was)\s+)?"


# An identifier printed in groups ("ZGP 4418 8201", "U44129087 01", "S530 4471 9922",
# "1129-4471"): groups of letters and digits joined by single spaces or dashes, every
# group after the first holding a digit, at least five digits in all. Two letters alone
# before a space are a state or a label ("DL TX 30118842"), not the value's first group.
_GROUPED_VALUE = (
    r"(?-i:(?=(?:[A-Z -]*\d){5})(?![A-Z]{2}\s)[A-Z0-9]{1,12}"
    r"(?:[ -](?=[A-Z]{0,3}\d)[A-Z0-9]{1,8}){1,5})\b"
    r"(?!-[A-Z0-9]|[ -]?[:/]|\s+(?i:am|pm|min|mins|minutes|hrs?|hours|days?|units?|mg|ml)\b)"
)


def _labelled(labels: str, value: str) -> str:
    """A value directly after one of ``labels``; the label itself stays out of the match."""
    return rf"(?<=\b(?:{labels}){_AFTER_LABEL}){value}"


class SafeHarborRecognizer(PatternRecognizer):
    """A pattern recognizer declared by class constants.

    Subclasses set ``ENTITY`` (one of ``ENTITY_TYPES``), ``PATTERNS``, ``CONTEXT`` and,
    if their patterns depend on capitalisation, ``FLAGS``.
    """

    ENTITY: ClassVar[str] = ""
    PATTERNS: ClassVar[list[Pattern]] = []
    CONTEXT: ClassVar[list[str]] = []
    FLAGS: ClassVar[int] = CASE_INSENSITIVE

    def __init__(
        self, patterns: list[Pattern] | None = None, context: list[str] | None = None
    ) -> None:
        if self.ENTITY not in ENTITY_TYPES:
            raise ValueError(
                f"{type(self).__name__}.ENTITY must be one of {ENTITY_TYPES}, got {self.ENTITY!r}"
            )
        chosen = patterns if patterns is not None else self.PATTERNS
        if not chosen:
            raise ValueError(f"{type(self).__name__} needs at least one pattern")
        super().__init__(
            supported_entity=self.ENTITY,
            patterns=list(chosen),
            context=list(context if context is not None else self.CONTEXT),
            supported_language="en",
            global_regex_flags=self.FLAGS,
        )


# -- names --------------------------------------------------------------------------------

_CAPITALISED = r"(?:O['’]|D['’]|Mc|Mac)?[A-Z][a-z]+(?:-[A-Z][a-z]+)*"


class HonorificNameRecognizer(SafeHarborRecognizer):
    """A capitalised name after Dr./Mr./Mrs./Ms. ("Dr. Lindqvist", "Mrs. O'Brien").

    The NER model finds most names; this rule backs it up where the title makes the name
    certain. Case-sensitive: "Dr. needs to cosign" and "DR. ON CALL" are not names.
    """

    ENTITY = "PERSON"
    FLAGS = CASE_SENSITIVE
    PATTERNS = [
        Pattern(
            "Name after a title",
            rf"(?<=\b(?:Dr|Mr|Mrs|Ms|Mx|Miss)\.?\s+){_CAPITALISED}(?:\s+{_CAPITALISED})?\b",
            0.85,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = []


_FULL_NAME = rf"{_CAPITALISED}(?:\s+[A-Z]\.)?\s+{_CAPITALISED}"
# Lead words after which two capitalised words are a person: the patient, a resident,
# a relative. Case-insensitive lead ("Pt", "pt", "PATIENT"); the name part is not.
_PERSON_LEADS = (
    r"pt|patient|resident|member|caller|client|reviewing|son|daughter|wife|husband|mother"
    r"|father|sister|brother|grandson|granddaughter|guardian|caregiver|spouse"
)
# Capitalised words that follow those leads without being a name ("patient Financial
# Services", "member Services"): a match containing one is dropped.
_NOT_NAME_WORDS = frozenset(
    [
        "access",
        "accounts",
        "advocate",
        "advocacy",
        "affairs",
        "care",
        "center",
        "experience",
        "financial",
        "health",
        "information",
        "intake",
        "liaison",
        "navigation",
        "navigator",
        "portal",
        "relations",
        "safety",
        "services",
        "transport",
        "transportation",
        "satisfaction",
        "support",
        "the",
        "this",
        "that",
    ]
)


_RECORD_LABELS = r"mrn|mbi|dob|d\.o\.b|dos|acct|ssn|member\s+id|\d{1,3}\s*(?:yo|y/o)\b"
_CASE_NOUNS = "account|family|chart|case|claim|encounter|admission|stay|bill|referral"


class MentionRecognizer(SafeHarborRecognizer):
    """A person mentioned by handle in chat ("@Will can you check", "@ngozi.a").

    Slack's own broadcast mentions (@here, @channel, @everyone) name nobody.
    """

    ENTITY = "PERSON"
    PATTERNS = [
        Pattern(
            "Chat mention",
            r"(?<![\w@])@(?!(?:here|channel|everyone)\b)[A-Za-z][A-Za-z.'’-]{1,30}[A-Za-z]",
            0.6,
        )
    ]
    CONTEXT: ClassVar[list[str]] = []


class PatientContextNameRecognizer(SafeHarborRecognizer):
    """A full name where the context makes it a person the message is about.

    "Resident Walter Pruitt", "pt Ruth Gallagher", "Reviewing Walter Achebe, MRN ...",
    "Harold Binkowski, MRN ...", "the Whitcomb account". The NER model finds most names;
    these shapes are certain enough to back it up when it hesitates. Case-sensitive on the
    name so "patient access" and "the attending" never match.
    """

    ENTITY = "PERSON"
    FLAGS = CASE_SENSITIVE
    PATTERNS = [
        Pattern(
            "Full name after a patient word",
            rf"(?<=\b(?i:{_PERSON_LEADS}):?\s+){_FULL_NAME}\b",
            0.7,
        ),
        Pattern(
            "Full name before a record label",
            rf"\b{_FULL_NAME}(?=,?\s+(?:\(\s*)?(?i:{_RECORD_LABELS}))",
            0.75,
        ),
        Pattern(
            "Family name as a case",
            rf"(?<=\bthe\s+){_CAPITALISED}(?=\s+(?:{_CASE_NOUNS})\b)",
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = []

    def invalidate_result(self, pattern_text: str) -> bool | None:
        words = re.findall(r"[A-Za-z]+", pattern_text.lower())
        return any(word in _NOT_NAME_WORDS or vocab.is_operations_phrase(word) for word in words)


# -- record, plan and account numbers ---------------------------------------------------


class MrnRecognizer(SafeHarborRecognizer):
    """Medical record numbers: 6-12 digits (optionally 1-2 letters first) after a label."""

    ENTITY = "MRN"
    PATTERNS = [
        Pattern(
            "MRN (labelled)",
            _labelled(
                # "mr#" is the record-number shorthand ("mr# 00123456"); "mr" alone is a title.
                r"mrn|mr\s*#|med(?:ical)?[\s.-]*rec(?:ord)?s?|chart|pt\s+id|patient\s+id",
                rf"(?:[A-Z]{{0,2}}\d{{6,12}}\b|{_GROUPED_VALUE})",
            ),
            0.85,
        ),
        Pattern("MRN (bare number, needs context)", r"\b[A-Z]?\d{6,10}\b(?![/.-]\d)", 0.2),
        # Practice chart codes ("ZK1029"): letters then digits, after "chart" / "patient" /
        # "pt" ("for chart ZK1029", "pt zk1029").
        Pattern(
            "Chart code (labelled)",
            _labelled(r"chart(?:\s+code)?|patient|pt", r"[A-Z]{1,3}-?\d{3,10}\b(?![/.-]\d)"),
            0.85,
        ),
        # Bare, in capitals, two letters and four to eight digits: the shape of a chart
        # code and of nothing in the routing vocabulary (CPT/DRG codes are digits only,
        # ICD-10 codes have one letter, denial codes a dash: CO-197).
        Pattern(
            "Chart code (bare)",
            # "FY2026", "CY2025", "PY2024": fiscal, calendar and plan years.
            r"\b(?!(?-i:FY|CY|PY|MY|SFY)\d)(?-i:[A-Z]{2}\d{4,8})\b(?![/.-]\d)",
            0.55,
        ),
        Pattern(
            # "pulled 00917342 from the queue": in operations chat a bare run of seven to
            # twelve digits is a record, account or member number (codes are shorter,
            # amounts carry "$" or separators). An NPI or a tax id is not patient data.
            "Bare long number",
            r"(?<![\w$.,/#-])(?<!\b(?i:npi|tin|ein|tax\s+id|batch|ticket|tkt|job|build|"
            r"version|ver|po|req|run|file|report|ext|extension)\s*[:#]?\s*)\d{7,12}"
            r"(?![\w%/-]|[.,]\d)",
            0.55,
        ),
    ]
    CONTEXT = ["mrn", "medical record", "med rec", "chart", "patient id"]


class BareGroupedIdentifierRecognizer(SafeHarborRecognizer):
    """An identifier printed in dashed groups, without a label: "S530-4471-9922",
    "88421-07", "1129-4471".

    Staff paste record, account and license numbers bare as often as labelled. Seven or
    more digits in dashed groups is an identifier unless its shape says otherwise: a
    date ("2025-12-03"), a shift ("0700-1900"), a CPT code with its modifier
    ("99213-25"), a phone or SSN (their own recognizers), or a number after a ticket,
    batch, NDC or tax-id label.
    """

    ENTITY = "ACCOUNT_NUMBER"
    PATTERNS = [
        Pattern(
            "Dashed groups with seven digits",
            r"(?<![\w$.,/#-])(?<!\b(?i:npi|tin|ein|tax\s+id|batch|ticket|tkt|job|build|version"
            r"|ver|po|req|run|file|report|ext|extension|ndc|cpt|hcpcs|icd|drg|rev|revenue|inc"
            r"|case|incident|policy|group|grp|order|ref|reference|auth|claim|pa)\s*[:#]?\s*)"
            # Ticket systems' own prefixes ("INC-0044721", "RITM-0012345") are not patients'.
            r"(?!(?-i:INC|REQ|RITM|CHG|PRB|TASK|TKT|CS|SR|CR|PR|BUG|JIRA)-)"
            r"(?-i:(?:[A-Z0-9]{1,10}-){1,4}[A-Z0-9]{1,10})(?![\w-]|[.,]\d)"
            r"(?!\s*(?i:claims|pts|patients|accounts|accts|days|hrs|hours|min|mins|units|beds"
            r"|visits|calls|charts|dollars|usd|%))",
            0.55,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = []
    _NOT_AN_ID = re.compile(
        r"(?:19|20)\d\d-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-(?:\d{2}|\d{4})"  # dates
        r"|(?:[01]\d|2[0-3])[0-5]\d-(?:[01]\d|2[0-3])[0-5]\d"  # a shift, 0700-1900
        r"|\d{5}-(?:\d{2}|[A-Z]{2}|[A-Z]\d)"  # CPT with modifier, 99213-25
        r"|\d{3}-\d{3}-\d{4}|\d{3}-\d{2}-\d{4}|1-\d{3}-\d{3}-\d{4}"  # phone, SSN
        r"|(?:19|20)\d\d-(?:19|20)?\d\d"  # a span of years, 2025-2026
    )

    def invalidate_result(self, pattern_text: str) -> bool | None:
        digits = sum(ch.isdigit() for ch in pattern_text)
        return digits < 7 or bool(self._NOT_AN_ID.fullmatch(pattern_text))


class MemberIdRecognizer(SafeHarborRecognizer):
    """Health plan member / subscriber / beneficiary identifiers after a label.

    Member IDs have no national format, so only labelled values count. "Member",
    "subscriber", "beneficiary" and "MBI" label a value on their own; "Medicaid",
    "Medicare", "policy", "insurance" only with "id", "#" or "number" ("Medicare 2025"
    is not an ID).
    """

    ENTITY = "MEMBER_ID"
    _VALUE = r"(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{5,19}\b"
    _WEAK_LABELS = r"(?:medicaid|medicare|policy|insurance|ins|plan|hicn?)"
    PATTERNS = [
        Pattern(
            "Member ID (labelled)",
            _labelled(
                r"member|subscriber|sub\s+id|beneficiary|mbi|hicn",
                rf"(?:{_GROUPED_VALUE}|{_VALUE})",
            ),
            0.85,
        ),
        Pattern(
            # "insurance card reads W93..." / "new card shows ...": the value printed on
            # a plan card is its member ID.
            "Member ID (read off a card)",
            rf"(?<=\bcard\b[^.;\n]{{0,40}}?\s(?:reads|shows|says|lists)\s*[:=]?\s*){_VALUE}",
            0.85,
        ),
        Pattern(
            # "bcbs id XKP448120931", "(W998120475)", "medicaid MA8802271934": capitals
            # mixed with at least five digits, seven to fifteen characters, is a plan's
            # identifier (codes of the code sets are shorter; ticket numbers are not).
            "Identifier-shaped value",
            r"(?-i:(?<![\w-])(?!(?:INC|REQ|RITM|CHG|PRB|TASK|TKT|CS|SR)\d)"
            r"(?=[A-Z0-9]{7,15}\b)(?=[A-Z0-9]*[A-Z])(?=(?:[A-Z]*\d){5})[A-Z0-9]+\b)",
            0.6,
        ),
        Pattern(
            # "Cigna ID is U44129087 01", "ID# 4418 8201 77": a value in groups after "id".
            "Identifier in groups after id",
            rf"(?<=\b(?i:id|id\s*#|#)\s*[:=]?\s*(?:(?i:is|was)\s+)?){_GROUPED_VALUE}",
            0.6,
        ),
        Pattern(
            "Member ID (plan name + id)",
            rf"(?<=\b{_WEAK_LABELS}\s*(?:#|no\.?|num(?:ber)?|id)\.?\s*[:=]?\s*"
            rf"(?:(?:is|was)\s+)?)(?:{_GROUPED_VALUE}|{_VALUE})",
            0.85,
        ),
    ]
    CONTEXT = ["member", "subscriber", "beneficiary", "mbi", "policy", "medicaid", "hicn"]


class MedicareBeneficiaryIdRecognizer(UsMbiRecognizer):
    """Presidio's Medicare Beneficiary Identifier (MBI), reported as MEMBER_ID.

    The MBI layout (digit, letter, letter-or-digit, digit, ... 11 characters, no S, L, O,
    I, B, Z) is specific enough to count on its own, so the scores are raised above
    Presidio's defaults.
    """

    PATTERNS = [
        Pattern("MBI (no dashes)", rf"\b{UsMbiRecognizer._MBI_NO_DASH}\b", 0.6),
        Pattern("MBI (with dashes)", rf"\b{UsMbiRecognizer._MBI_WITH_DASH}\b", 0.7),
    ]

    def __init__(self) -> None:
        super().__init__(patterns=self.PATTERNS, supported_entity="MEMBER_ID")


class AccountNumberRecognizer(SafeHarborRecognizer):
    """Patient account, claim, invoice and encounter numbers (6+ digits) after a label.

    "claim # CO-197", "claim 99490" or "claim 2 of 5" do not match: the value needs six
    digits, more than any code set uses.
    """

    ENTITY = "ACCOUNT_NUMBER"
    PATTERNS = [
        Pattern(
            "Account number (labelled)",
            _labelled(
                r"acct|account|claim|invoice|inv|har|fin|encounter|enc|csn|statement|"
                r"icn|tcn|guarantor|visit|vst|receipt|ledger",
                r"(?:(?=(?:[A-Z-]*\d){6})[A-Z]{0,4}-?\d[\d-]*\d\b|(?=(?:[A-Z -]*\d){6})"
                + _GROUPED_VALUE
                + ")",
            ),
            0.85,
        ),
        Pattern(
            # "acct ending in 4471", "card ending 0093": the last digits of a number.
            "Last digits of an account",
            r"(?<=\b(?:acct|account|card|cc|checking|savings|har|ssn|social)\b[^.\n]{0,20}?"
            r"\b(?:ending|ends|last\s+(?:4|four|digits))(?:\s+(?:in|of|with))?\s*[:#]?\s*)"
            r"\d{4}\b",
            0.85,
        ),
        Pattern(
            # "HAR 55102", "enc# 88123": the hospital's own account labels are certain
            # enough for five digits ("claim 99490" stays a code: claim is not here).
            "Five-digit account after a hospital label",
            _labelled(r"acct|account|har|fin|csn|encounter|enc|guarantor", r"\d{5}\b(?![/.-]\d)"),
            0.6,
        ),
        Pattern("Account number (bare, needs context)", r"\b\d{6,14}\b", 0.2),
        Pattern(
            # "my card 2274742843528144", "cc 503883822267", "card # 4183…": a payment
            # card number that Presidio's card patterns (by issuer prefix) do not know.
            "Card number (labelled)",
            r"(?<=\b(?:card|cc|credit\s+card)\b[^\d\n]{0,20})\d{12,19}\b",
            0.85,
        ),
    ]
    CONTEXT = [
        "acct",
        "account",
        "claim",
        "invoice",
        "statement",
        "guarantor",
        "billing",
        "har",
    ]


_DEA_NUMBER = r"\b[A-Z][A-Z9]\d{7}\b"
_STATE_CODES_FOR_IDS = "|".join(vocab.STATE_ABBREVIATIONS)


class LicenseNumberRecognizer(SafeHarborRecognizer):
    """Certificate and license numbers: driver's, nursing and DEA registrations.

    Safe Harbor (45 CFR 164.514(b)(2)(i)(K)) names certificate/license numbers. In chat
    they come labelled ("DL# S530-4471-9922", "DL (S5304471)", "RN license RN.448812",
    "DEA: BK4412876"). A DEA registration (two letters, seven digits) also counts on its
    own when its check digit is right, since "pharmacy has BK4412876 on file" often sits
    far from the word "DEA". NPI numbers stay out: ten digits, no letters.
    """

    ENTITY = "LICENSE_NUMBER"
    # At least three digits, together or spread ("F2284471", "WDL88Z1Q3M").
    _VALUE = r"(?=(?:[A-Z.-]*\d){3})[A-Z0-9][A-Z0-9.-]{4,19}\b"
    _LABELS = (
        r"dl|dln|oln|d\.l\.|driver'?s?\s+licen[cs]e|driver'?s?\s+lic|driving\s+licen[cs]e"
        r"|operator'?s?\s+licen[cs]e|licen[cs]e|lic|certificate|cert|dea"
        r"|dea\s+(?:registration|reg)|state\s+id|(?:state\s+)?id\s+card|identification"
        r"(?:\s+card)?|passport|permit"
    )
    PATTERNS = [
        Pattern(
            "License number (labelled)",
            rf"(?<=\b(?:{_LABELS}){_AFTER_LABEL}\(?\s*"
            # "DL TX 30118842", "license (OH) RS123456": the issuing state may sit between.
            rf"(?:\(?(?-i:{_STATE_CODES_FOR_IDS})\)?\s*[:#-]?\s*)?)"
            # "d123 4567 8901": a value in digit groups, in any case.
            rf"(?:{_GROUPED_VALUE}|[A-Z]{{0,2}}\d{{2,5}}(?:[ -]\d{{2,5}}){{1,4}}\b"
            rf"|(?!(?-i:{_STATE_CODES_FOR_IDS})\s)(?-i:[A-Z]{{1,3}})\s\d{{5,9}}\b|{_VALUE})",
            0.85,
        ),
        Pattern("DEA registration (check digit)", _DEA_NUMBER, 0.3),
    ]
    CONTEXT = ["license", "licence", "driver", "certificate", "dea"]

    def validate_result(self, pattern_text: str) -> bool | None:
        """A DEA-shaped value with a valid check digit counts on its own (score 1.0);
        otherwise it keeps its low score and needs a context word. Labelled values of
        any other shape are left as they are."""
        if not re.fullmatch(_DEA_NUMBER, pattern_text):
            return None
        digits = [int(d) for d in pattern_text[2:]]
        check = (digits[0] + digits[2] + digits[4] + 2 * (digits[1] + digits[3] + digits[5])) % 10
        return True if check == digits[6] else None


class DeviceIdRecognizer(SafeHarborRecognizer):
    """Device serial numbers and identifiers after a label ("pump serial SN-88213-KX").

    A serial identifies the patient who carries the device (pacemaker, insulin pump,
    CPAP); only labelled values count, since bare alphanumerics are usually codes.
    """

    ENTITY = "DEVICE_ID"
    # Short transmitter IDs ("4MK2T9") have digits spread out; two digits in 5+ characters.
    _VALUE = r"(?=[A-Z0-9-]*\d[A-Z0-9-]*\d)(?=[A-Z0-9-]{5})[A-Z0-9][A-Z0-9-]{3,24}\b"
    _DEVICES = (
        r"pacemaker|defibrillator|icd|aicd|pump|insulin\s+pump|cgm|transmitter|sensor|"
        r"receiver|glucometer|monitor|implant|stimulator|cpap|bipap|hearing\s+aid|ventilator|"
        r"neurostimulator|lvad|vad|processor|concentrator|nebulizer|wheelchair|scooter|"
        r"meter|pod|pendant|prosthesis|tank|loaner|dexcom|omnipod|libre|oximeter|scale|"
        r"cuff|tablet|hub|gateway|walker|bed|cochlear|port|stimulator|tens|vest|brace|"
        r"hearing\s+aids?|sound\s+processor|equipment|dme|device"
    )
    # A serial as devices print it: letters and digits mixed (at least one of each), or
    # eight or more digits; five to twenty-five characters.
    _SERIAL = (
        r"(?-i:(?=[A-Z0-9-]{5})(?=[A-Z0-9-]*\d)(?:(?=[A-Z0-9-]*[A-Z])|(?=(?:-?\d){8}))"
        r"[A-Z0-9][A-Z0-9-]{4,24})\b(?![/.:]\d)"
    )
    PATTERNS = [
        Pattern(
            "Device serial (labelled)",
            _labelled(
                rf"serial|s/n|sn|ser\s+no|device\s+id|udi|imei|serial\s+number|"
                rf"(?:{_DEVICES})\s+(?:id|#|no|number)",
                rf"(?:{_GROUPED_VALUE}|{_VALUE})",
            ),
            0.85,
        ),
        Pattern(
            # "dexcom transmitter 8GX4KL", "insulin pump #MM780G-44821", "CPAP
            # 22391188442": a serial-shaped value right after the device it identifies.
            "Serial-shaped value after a device",
            rf"(?<=\b(?:{_DEVICES})s?\s*(?:#|:)?\s*){_SERIAL}",
            0.75,
        ),
        Pattern(
            # "(01)00884521123456(17)260101(21)A4471": a GS1 device identifier, with its
            # application identifiers in brackets; the shape is unique to devices.
            "GS1 unique device identifier",
            r"(?<![\w)])(?:\(\d{2,4}\)[A-Z0-9]{2,20}){2,}\b",
            0.85,
        ),
        Pattern(
            # "Ulises's pacemaker (XK4411902) ...": a value in brackets right after the device.
            "Device serial (in brackets)",
            rf"(?<=\b(?:{_DEVICES})\s*\(\s*){_VALUE}(?=\s*\))",
            0.85,
        ),
    ]
    CONTEXT = ["serial", "device", "pump", "pacemaker", "udi", "imei"]


# -- geography ----------------------------------------------------------------------------

_STREET_SUFFIXES = (
    "Street",
    "St",
    "Avenue",
    "Ave",
    "Road",
    "Rd",
    "Boulevard",
    "Blvd",
    "Drive",
    "Dr",
    "Lane",
    "Ln",
    "Court",
    "Ct",
    "Way",
    "Place",
    "Pl",
    "Terrace",
    "Ter",
    "Parkway",
    "Pkwy",
    "Circle",
    "Cir",
    "Highway",
    "Hwy",
    "Trail",
    "Trl",
    "Square",
    "Sq",
    "Pike",
    "Loop",
    "Thruway",
    "Expressway",
    "Crossing",
    "Ridge",
    "Run",
    "Row",
    "Path",
    "Alley",
    "Bend",
    "Cove",
    "Point",
    "Heights",
)
# Street types that are also place words ("Hill", "Plaza", "Commons"): only with a number.
_RARE_SUFFIXES = (
    "Crescent|Cres|Close|Mews|Plaza|Plz|Promenade|Esplanade|Landing|Commons|Hollow|Turnpike"
    "|Tpke|Causeway|Freeway|Fwy|Trace|Spur|Glen|Knoll|Meadows|Estates|Gardens|Grove|Hill"
    "|Hills|Vista|Creek|Springs|Woods|Walk|Manor|Crest|Shores"
)
# Street types in lower case, less those that are also clinical words ("head ct").
_LOWER_SUFFIXES = "|".join(
    s.lower()
    for s in _STREET_SUFFIXES
    if s.upper()
    not in {"CT", "DR", "PL", "WAY", "SQ", "LOOP", "RUN", "ROW", "PATH", "POINT", "BEND"}
)
_LOWER_UNIT = (
    r"(?:[ \t]*,?[ \t]*(?i:apt|apartment|unit|ste|suite|#)\.?[ \t]*#?[ \t]*[a-z0-9-]{1,6}\b)?"
)
# An address line's city and state, as the street-line pattern looks ahead for them.
_CITY_LINE_WORDS = r"(?:[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}|[A-Z]{3,}(?:[ -][A-Z]{3,}){0,2})"
_STATE_LINE_CODES = "|".join(vocab.STATE_ABBREVIATIONS)
# Upper-case forms that are also clinical or role words ("head CT", "BY DR") are left out.
_UPPER_SUFFIX_EXCLUDED = frozenset({"CT", "DR", "PL", "WAY", "SQ", "LOOP"})
# "Dr" before a capitalised word is a title ("4 West Dr. Patel"), not a street.
_SUFFIX = (
    "(?:"
    + "|".join(
        [
            *(r"Dr(?!\.?\s+[A-Z][a-z])" if s == "Dr" else s for s in _STREET_SUFFIXES),
            *(s.upper() for s in _STREET_SUFFIXES if s.upper() not in _UPPER_SUFFIX_EXCLUDED),
        ]
    )
    + r")\.?"
)
_STREET_NAME_WORD = r"(?:[A-Z][a-z]+|[A-Z]{2,}|\d{1,3}(?:st|nd|rd|th))"
_DIRECTION = r"(?:[NSEW]|NE|NW|SE|SW|North|South|East|West|NORTH|SOUTH|EAST|WEST)\.?"
_UNIT = (
    r"(?:\s+(?:N|S|E|W|NE|NW|SE|SW)\b\.?)?"  # "4520 Cedar Ave S"
    r"(?:\s*,?\s*(?i:apt|apartment|unit|ste|suite|rm|room|lot|bldg|building|fl|floor|spc|space|"
    r"trlr|trailer|#)\.?\s*#?\s*[A-Z0-9-]{1,6}\b)?"
)


class StreetAddressRecognizer(SafeHarborRecognizer):
    """US street addresses: "1420 Larkspur Ave", "22 N Main St Apt 4", "PO Box 118".

    Case-sensitive on purpose: the street name must be capitalised, so "2 pts need
    head CT" is not an address. A lower-case address ("1420 larkspur ave") counts only
    next to a context word such as "address", "lives" or "moved".
    """

    ENTITY = "ADDRESS"
    FLAGS = CASE_SENSITIVE
    PATTERNS = [
        Pattern(
            "Street address",
            rf"\b(?:\d{{1,3}}-)?\d{{1,6}}(?:-?[A-Z])?(?:\s+{_DIRECTION})?"
            rf"(?:\s+{_STREET_NAME_WORD}){{1,3}}\s+{_SUFFIX}{_UNIT}",
            0.85,
        ),
        Pattern(
            # "12 Larch Crescent", "300 Harbor Landing", "1600 Broadway": street types
            # too close to place words to count without a house number.
            "Street address (less common street types)",
            rf"\b\d{{1,6}}(?:\s+{_DIRECTION})?(?:(?:\s+{_STREET_NAME_WORD}){{1,3}}\s+"
            rf"(?:{_RARE_SUFFIXES})\b\.?|\s+Broadway\b){_UNIT}",
            0.85,
        ),
        Pattern(
            # "118 Rue Beauregard", "40 Camino Real": the street type before the name.
            "Street address (type first)",
            r"\b\d{1,6}\s+(?:Rue|Via|Camino|Calle|Avenida|Avenue\s+of\s+the)"
            r"(?:\s+[A-Z][a-z]+){1,3}\b",
            0.85,
        ),
        Pattern(
            # "765 TWIN CREEK WAY APT 2F": the upper-case suffixes left out above ("WAY",
            # "CT", "DR") count when a unit number or a comma follows.
            "Street address (upper case, ambiguous suffix)",
            rf"\b\d{{1,6}}(?:\s+{_DIRECTION})?(?:\s+[A-Z]{{2,}}){{1,3}}\s+"
            rf"(?:{'|'.join(sorted(_UPPER_SUFFIX_EXCLUDED))})\.?"
            rf"(?:(?=\s*,)|\s*,?\s*(?:APT|UNIT|STE|SUITE|#)\.?\s*#?\s*[A-Z0-9-]{{1,6}}\b)",
            0.85,
        ),
        Pattern("PO box", r"\b(?i:p\.?\s?o\.?\s*box|pob)\s+\d{1,6}\b", 0.85),
        Pattern(
            # "RR 2 Box 118", "HC 64 Box 20": rural route and highway contract boxes.
            "Rural route box",
            r"\b(?i:rr|r\.r\.|rural\s+route|hc|hcr)\s*#?\s*\d{1,4},?\s+(?i:box)\s+\d{1,6}\b",
            0.85,
        ),
        Pattern(
            # "2211 County Road 14", "18 State Route 9", "400 Highway 50 W": a numbered road.
            "Numbered road",
            r"\b\d{1,6}(?:\s+[NSEW]\.?)?\s+(?:(?i:county|state|farm\s+to\s+market|us)\s+)?"
            r"(?i:road|rd|route|rte|highway|hwy|cr|sr|fm)\s*-?\s*\d{1,4}[A-Z]?"
            r"(?:\s+(?:[NSEW]|North|South|East|West)\b)?\b",
            0.85,
        ),
        Pattern(
            # "5 Harbor View, Portsmouth NH 03801", "301 E. Main, Marion, IL": a street
            # without a street type, placed by the city, state and ZIP after it.
            "Street line before city, state and ZIP",
            rf"\b\d{{1,6}}(?:\s+{_DIRECTION})?(?:\s+{_STREET_NAME_WORD}){{1,3}}{_UNIT}"
            rf"(?=,\s*{_CITY_LINE_WORDS},?\s+(?:{_STATE_LINE_CODES})\b\.?(?:,?\s+\d{{5}}|\s*$|\s*[,.;]))",
            0.7,
        ),
        Pattern(
            "Street address (any case, needs context)",
            # "35 min drive each way" is a distance, not a street.
            r"(?i:\b\d{1,6}(?!\s+(?:min|mins|minutes?|hrs?|hours?|days?|miles?|mi|blocks?|ft)\b)"
            r"(?:\s+[nsew]\.?)?(?:\s+(?:[a-z]+|\d{1,3}(?:st|nd|rd|th)))(?:\s+[a-z]+){0,2}\s+(?:"
            + "|".join(s.lower() for s in _STREET_SUFFIXES)
            + r")\b\.?(?:\s*,?\s*(?:apt|apartment|unit|ste|suite|#)\.?\s*#?\s*[a-z0-9-]{1,6}\b)?)",
            0.2,
        ),
    ]
    CONTEXT = [
        "address",
        "addr",
        "lives",
        "live",
        "living",
        "moved",
        "mailing",
        "home",
        "street",
        "reside",
        "place",
        "staying",
        "deliver",
        "delivery",
    ]


# Full street-type words only: "Main St" alone is too often a clinic's short name.
_FULL_SUFFIXES = "|".join(s for s in _STREET_SUFFIXES if len(s) > 3)


class StreetNameRecognizer(SafeHarborRecognizer):
    """A street named without its number: "lives on Sunburst Drive", "off Despard Street".

    Safe Harbor removes street addresses; a named street near the home is part of one.
    Only full street-type words count ("Drive", not "Dr"), and the name must be
    capitalised; after "on", "off", "at", "near" or "to" the score is higher.
    """

    ENTITY = "ADDRESS"
    FLAGS = CASE_SENSITIVE
    PATTERNS = [
        Pattern(
            "Street name after a place word",
            rf"(?<=\b(?:on|off|at|near|to|of)\s)(?:[A-Z][a-z]+\s+){{1,3}}(?:{_FULL_SUFFIXES})\b",
            0.6,
        ),
        Pattern(
            "Street name",
            rf"\b(?:[A-Z][a-z]+\s+){{1,3}}(?:{_FULL_SUFFIXES})\b",
            0.4,
        ),
    ]
    CONTEXT = ["address", "lives", "live", "moved", "mailing", "home", "street", "reside"]


class UnitLineRecognizer(SafeHarborRecognizer):
    """The unit part of an address on a line of its own: "Apt. 845", "Suite 317".

    "Unit" and "Room" are left out: in a hospital they name wards and rooms.
    """

    ENTITY = "ADDRESS"
    FLAGS = CASE_SENSITIVE
    PATTERNS = [
        Pattern(
            "Apartment or suite",
            r"\b(?:Apt|APT|apt|Apartment|APARTMENT|Suite|SUITE|Ste|STE)\.?\s*#?\s*"
            r"(?=[A-Z0-9-]{0,5}\d)[A-Z0-9-]{1,6}\b",
            0.6,
        ),
    ]
    CONTEXT = ["address", "lives", "mailing", "home"]


_STATE_NAMES = "|".join(s.removesuffix(" State") for s in vocab.STATES)
_MONTH_WORDS = frozenset(vocab.MONTHS)
_STATE_CODES = "|".join(vocab.STATE_ABBREVIATIONS)
_STATE_NAME_SET = frozenset(vocab.normalise_phrase(s) for s in vocab.STATES)
# A city name as written in an address line: one to three capitalised or upper-case words.
_CITY_WORDS = r"(?:[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}|[A-Z]{3,}(?:[ -][A-Z]{3,}){0,2})"


class CityRecognizer(SafeHarborRecognizer):
    """Cities in address lines: before a state and ZIP, or right after a street address.

    Safe Harbor (45 CFR 164.514(b)(2)(i)(B)) removes all geography below the state. The
    NER model finds cities in sentences; in an address line ("PO Box 12, Wooster OH
    44691", "803 Elm Rd, Hillsboro.") the position alone makes the word a city, in any
    capitalisation the address itself uses.
    """

    ENTITY = "LOCATION"
    # Above the NER's score: where both find the same city, Presidio keeps this one,
    # which knows that a state name in the city slot ("Delaware OH 43015") is a city.
    FLAGS = CASE_SENSITIVE
    PATTERNS = [
        Pattern(
            "City before state and ZIP",
            rf"(?<![\w-]){_CITY_WORDS}(?=,?\s+(?:{_STATE_CODES}|{_STATE_NAMES})\.?,?\s+\d{{5}}\b)",
            0.9,
        ),
        Pattern(
            # "Lena Kuznetsova, Gary, IN", "moved to Dayton, Ohio.": a city set off before
            # its state, without a ZIP ("Oak St, OH" is dropped below: a street type).
            "City before a state",
            rf"(?<![\w-]){_CITY_WORDS}(?=,\s*(?:{_STATE_CODES}|{_STATE_NAMES})"
            r"\b\.?(?!\s*\d)(?:\s*$|\s*[,.;:)!?]|\s+(?-i:[a-z])))",
            0.7,
        ),
        Pattern(
            "City after a street address",
            rf"(?<=\b\d{{1,6}}\s[^,\n]{{2,40}}?\b{_SUFFIX}{_UNIT},\s*){_CITY_WORDS}"
            r"(?=\s*(?:[.,;]|\d{5}\b|$))",
            0.9,
        ),
        Pattern(
            # "915 W Coolidge St Phoenix": the city closing a street address line without
            # a comma between them.
            "City closing a street address line",
            rf"(?<=\b\d{{1,6}}\s[^,\n]{{2,40}}?\b{_SUFFIX}{_UNIT}[ \t]+)"
            r"\p{Lu}\p{Ll}{2,}(?:[ -]\p{Lu}\p{Ll}{2,}){0,2}(?=[ \t]*(?:$|[.,;]))",
            0.7,
        ),
        Pattern(
            # "1430 Ashley River Rd charleston", "88 elm st, dayton oh": a lower-case city
            # closing a street address line (everyday words are dropped below).
            "Lower-case city after a street address",
            rf"(?<=\b\d{{1,6}}\s[^,\n]{{2,40}}?\b(?:{_SUFFIX}|(?:{_LOWER_SUFFIXES})\b\.?)"
            rf"{_LOWER_UNIT},?[ \t]+)[a-z]{{3,}}(?:[ -][a-z]{{3,}})?"
            rf"(?=[ \t]*(?:$|[.,;]|(?i:{_STATE_CODES})\b|\d{{5}}\b))",
            0.6,
        ),
        Pattern(
            "City between a street address and its ZIP",
            rf"(?<=\b\d{{1,6}}\s[^,\n]{{2,40}}?\b{_SUFFIX}{_UNIT}\s+){_CITY_WORDS}"
            r"(?=,?\s+\d{5}\b)",
            0.9,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = []

    def invalidate_result(self, pattern_text: str) -> bool | None:
        if pattern_text.islower() and any(w in lexicon() for w in pattern_text.split()):
            return True  # "1430 Ashley River Rd tomorrow"
        # A state name in the city slot is the city ("Delaware, OH 43015"); other
        # operations words are not.
        phrase = vocab.normalise_phrase(pattern_text)
        if phrase.split()[-1].title() in _STREET_SUFFIXES:
            return True  # "55 Elm St, Delaware 43015": the street, before a state-named city
        return vocab.is_operations_phrase(pattern_text) and phrase not in _STATE_NAME_SET


class ResidenceCityRecognizer(SafeHarborRecognizer):
    """A city named as where someone lives or moved: "lives in Bangor", "moved from
    Gallup", "her home in Frederick".

    Capitalised words only, and none of them English or operations vocabulary ("moved
    to Hospice", "lives in Section 8 housing", "transferred to ICU" do not count).
    """

    ENTITY = "LOCATION"
    FLAGS = CASE_SENSITIVE
    PATTERNS = [
        Pattern(
            # "lives in Bangor", "moved from Gallup", "her home in Frederick": a
            # capitalised place after where someone lives or moved (vocabulary words and
            # English words are dropped below: "moved to Hospice", "lives in Section 8").
            "City after a living or moving word",
            r"(?<=\b(?i:lives|live|living|lived|staying|stays|moved|moving|relocated|"
            r"relocating|resides|reside|home|house|apartment|visiting)\s+"
            r"(?:(?i:back|over|down|up|out)\s+)?(?i:in|to|from|near)\s+)"
            r"\p{Lu}\p{Ll}{2,}(?:[ -]\p{Lu}\p{Ll}{2,}){0,2}(?![\w'’-])",
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = []

    def invalidate_result(self, pattern_text: str) -> bool | None:
        words = pattern_text.split()
        return (
            any(
                w.lower() in lexicon() or w in _MONTH_WORDS or vocab.is_operations_phrase(w)
                for w in words
            )
            or vocab.is_operations_phrase(pattern_text)
            or (vocab.normalise_phrase(pattern_text) in _STATE_NAME_SET)
        )


class ZipCodeRecognizer(SafeHarborRecognizer):
    """US ZIP codes: after a city and state ("Columbus, OH 43215"), ZIP+4, or with context.

    A bare five-digit number is far more often a CPT code than a ZIP, so it needs a
    context word ("zip", "postal").
    """

    ENTITY = "ZIP"
    FLAGS = CASE_SENSITIVE
    PATTERNS = [
        Pattern(
            "ZIP after city and state",
            rf"(?<=(?:\b[A-Za-z][A-Za-z.]*,\s*|\b[A-Z][a-z]+\s+|\b[A-Z]{{3,}}\s+)"
            rf"(?:{_STATE_CODES}|{_STATE_NAMES})\.?,?\s+)\d{{5}}(?:-\d{{4}})?\b",
            0.85,
        ),
        Pattern(
            # "44 Orchard Hill Ave, Xenia 45385": city and ZIP right after a street address.
            "ZIP after street address and city",
            rf"(?<=\b\d{{1,6}}\s[^,\n]{{2,40}}?\b{_SUFFIX}{_UNIT},\s*{_CITY_WORDS},?\s+)"
            r"\d{5}(?:-\d{4})?\b",
            0.85,
        ),
        Pattern(
            # An address block's last line: "Vietnam 94568", "Glen Arbor 49636" (a
            # capitalised word, then five digits ending the line). "CPT 99490" is
            # upper case and never matches.
            "ZIP ending an address line",
            r"(?<=\b[A-Z][a-z]+\s)\d{5}(?:-\d{4})?(?=[ \t]*$)",
            0.6,
        ),
        Pattern(
            # "2210 Poplar Ave 38112", "1106 Evangeline Thruway Lafayette 70501": five
            # digits later on the line of a street address.
            "ZIP on a street address's line",
            rf"(?<=\b\d{{1,6}}\s[^\n]{{2,40}}?\b{_SUFFIX}{_UNIT}[^\n\d]{{0,40}})"
            r"\d{5}(?:-\d{4})?\b",
            0.6,
        ),
        Pattern(
            # "1207 w 5th st unit 2 tulsa ok 74127": the same on a lower-case line.
            "ZIP on a lower-case street address's line",
            rf"(?<=\b\d{{1,6}}\s[^\n]{{2,40}}?\b(?:{_LOWER_SUFFIXES})\b\.?{_LOWER_UNIT}[^\n\d]{{0,40}})"
            r"\d{5}(?:-\d{4})?\b",
            0.6,
        ),
        Pattern("ZIP+4", r"\b\d{5}-\d{4}\b", 0.5),
        Pattern("ZIP (bare, needs context)", r"\b\d{5}\b(?!-\d)", 0.15),
    ]
    CONTEXT = ["zip", "zipcode", "postal"]


# -- dates and ages -----------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_NUMERIC_DATE = r"(?:0?[1-9]|1[0-2])[/.-](?:0?[1-9]|[12]\d|3[01])(?:[/.-](?:\d{4}|\d{2}))?"
# Month names as they stand alone in a date: "May" only capitalised ("may 3 pts" is a verb).
_MONTH_NAME = _MONTH.replace("may|", "(?-i:May|MAY)|")
# Words that put a bare "3/14" on the calendar: "on 3/14", "before 3/14", "d/c 3/14",
# "the 3/14 echo", "Ana's 3/14 visit". Fractions ("4/5 nurses", "2/3 of claims") lack them.
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?"
_BEFORE_SHORT_DATE = (
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|mailed|sent|faxed|seen|starts|begins|and|chemo|infusion|"
    r"surgery|dialysis|"
    r"on|before|after|by|until|till|thru|through|since|from|to|for|the|due|starting|"
    r"effective|d/c|dc|adm|admit|admitted|discharged?|appt|visit|rescheduled|moved|"
    r"scheduled|booked|apt|eff|termed|term|terminated|expires?|expired|exp|valid|ends?|"
    r"ended|started|start|dated|signed|received|rcvd|recd|submitted|denied|paid|billed|"
    r"approved|resched|fu|f/u|pickup|returned|delivered|cancell?ed|canceled|[\w]['’]s|"
    r"away|passed|died|come|coming|arrives?|arriving|last|next|pod|date|tmrw|tomorrow"
)
# Words that make a dashed "12-4" a date rather than a range or a score.
_BEFORE_DASHED_DATE = (
    r"dob|dos|appt|apt|visit|seen|admit|admitted|discharged?|d/c|dc|surgery|scheduled|"
    r"rescheduled|resched|booked|due|on"
)
_AFTER_SHORT_DATE = (
    r"visit|appt|appointment|echo|f/u|follow[\s-]?up|onward|onwards|surgery|procedure|"
    r"infusion|chemo|dialysis|mri|ct|labs?|"
    r"admit|discharge|d/c|at\s+\d|@\s*\d|noon|\d{3,4}\b|\d{1,2}(?::\d\d)?\s*(?:am|pm|a|p)\b|"
    r"morning|afternoon|evening"
)
_MONTH_DAY = r"(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])"
_SHORT_DATE = _MONTH_DAY + r"\b(?![/.-]?\d)"
_DATE_LABELS = (
    r"dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?|dos|date\s+of\s+service|"
    r"admit(?:ted)?(?:\s+on)?|admission|discharged?(?:\s+on)?|deceased|expired|died(?:\s+on)?"
)

DATE_CONTEXT = [
    "dob",
    "birth",
    "born",
    "bday",
    "birthday",
    "dos",
    "service",
    "admit",
    "admission",
    "discharge",
    "seen",
    "visit",
    "appt",
    "appointment",
    "surgery",
    "procedure",
    "deceased",
    "death",
    "expired",
    "died",
    "date",
]


class SafeHarborDateRecognizer(DateRecognizer):
    """Presidio's numeric date patterns, reported as DATE, with DOB/DOS context words."""

    def __init__(self) -> None:
        super().__init__(supported_entity="DATE", context=DATE_CONTEXT)


class WrittenDateRecognizer(SafeHarborRecognizer):
    """Dates Presidio's date recognizer misses: month names, day-first, labelled dates.

    "March 14, 1952" and "14 Mar 1952" count on their own; "March 14" or "3/14" only with
    a context word ("DOB", "DOS", "seen", "admit"); anything right after "DOB"/"DOS"
    counts, including "03141952".
    """

    ENTITY = "DATE"
    PATTERNS = [
        Pattern(
            "Month day, year",
            rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY},?\s+{_YEAR}\b",
            0.6,
        ),
        Pattern("Weekday and m/d", rf"\b{_WEEKDAY},?\s+{_SHORT_DATE}", 0.6),
        Pattern("Day month year", rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", 0.6),
        # "3rd Dec", "14 March": the day first, without the year.
        Pattern(
            "Day and month name",
            rf"\b{_DAY}\s+{_MONTH_NAME}(?![\w.]|\.\w)(?!,?\s+{_YEAR})",
            0.6,
        ),
        # "14-Mar-1952", "the 3rd of June": the day first, in words or with dashes.
        Pattern("Day of month", rf"\b{_DAY}\s+of\s+{_MONTH_NAME}\b", 0.6),
        Pattern("Day-month-year", rf"\b{_DAY}[-/.]{_MONTH}[-/.](?:{_YEAR}|\d{{2}})\b", 0.6),
        Pattern(
            # "2025.11.02", "11.20.2025", "1952-3-14": a four-digit year makes any
            # separator a date.
            "Numeric date with a four-digit year",
            r"(?<![\d.])(?:(?:19|20)\d{2}([./-])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])"
            r"|(?:0?[1-9]|1[0-2])([./-])(?:0?[1-9]|[12]\d|3[01])\2(?:19|20)\d{2})(?![\d.]\d)",
            0.6,
        ),
        Pattern(
            # "d/c'd 12-3-25": month, day and a two-digit year with dashes.
            "Dashed date with a two-digit year",
            r"(?<![\w./-])(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])-\d{2}(?![\w/-]|\.\d)",
            0.6,
        ),
        Pattern(
            # "03DEC1941", "3DEC25": the military and pharmacy way of writing a date.
            "Day, month abbreviation and year run together",
            r"(?<![\w/-])(?:0?[1-9]|[12]\d|3[01])(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov"
            r"|dec)(?:\d{2}|(?:19|20)\d{2})\b",
            0.6,
        ),
        Pattern(
            # "auth valid 11/1-11/30", "12/1 thru 12/15": both ends of a span of dates.
            "Range of m/d dates",
            rf"\b{_MONTH_DAY}\s*(?:-|–|to|thru|through)\s*{_SHORT_DATE}",
            0.6,
        ),
        Pattern(
            "Dashed m-d after a calendar word",
            rf"(?<=\b(?:{_BEFORE_DASHED_DATE})\s*:?\s+)(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])"
            r"(?![-/.]?\d|\s*(?:am|pm|a|p|hrs?|hours|min|pts?|patients)\b)",
            0.55,
        ),
        Pattern(
            "Labelled date",
            _labelled(
                _DATE_LABELS,
                rf"(?:{_NUMERIC_DATE}\b|\d{{8}}\b|\d{{6}}\b|\d{{4}}[-./]\d{{1,2}}[-./]\d{{1,2}}\b|"
                rf"{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b|{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?\b)",
            ),
            0.9,
        ),
        Pattern("Month day (needs context)", rf"\b{_MONTH}\s+{_DAY}\b(?!,?\s*\d)", 0.2),
        # A month name and a day ("Mar 3rd", "August 30", "JUL 29TH") is a date on its
        # own: day and month are both Safe Harbor date elements (164.514(b)(2)(i)(C)).
        Pattern(
            "Month name and day",
            rf"\b{_MONTH_NAME}\s+{_DAY}\b(?![:/.]\d|\s*(?:%|percent|mg|ml|units?)\b)",
            0.6,
        ),
        Pattern(
            "m/d after a calendar word",
            rf"(?<=\b(?:{_BEFORE_SHORT_DATE})\s*:?\s+){_SHORT_DATE}"
            r"(?!\s+(?:of|pts?|patients|nurses|beds|staff|rns?|shifts?|claims|charts)\b|\s*%)",
            0.55,
        ),
        Pattern(
            # "3/14 - spoke w pt", "12/2: daughter called": a note's entry opens with
            # the day it happened.
            "m/d opening a line",
            rf"(?m:^[ \t]*){_SHORT_DATE}(?=[ \t]*(?:[-–:,]|\s+(?i:pt|patient|spoke|called|"
            r"left|lvm|vm|per|rec'?d|received|faxed|sent|mailed|seen|admitted|d/c|dc)\b))",
            0.55,
        ),
        Pattern(
            "m/d before an event word",
            rf"\b{_SHORT_DATE}(?=\s+(?:{_AFTER_SHORT_DATE}))",
            0.55,
        ),
        Pattern(
            "m/d (needs context)",
            r"\b(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])\b(?![/.-]?\d)",
            0.2,
        ),
    ]
    CONTEXT = DATE_CONTEXT


_AGE_OVER_89 = (
    r"(?:9\d|1[01]\d|ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|(?:a|one)\s+hundred(?:\s+and\s+(?:one|two|three|four|five))?)"
)
# Whoever an age sentence is about: "grandma is 96", "the resident is 91".
_AGE_SUBJECTS = (
    r"she|he|pt|patient|who|resident|member|client|mom|mum|dad|mother|father|grandma|grandpa"
    r"|grandmother|grandfather|nana|husband|wife|aunt|uncle|sister|brother|veteran|vet"
)
# What follows a number that is not an age: units, percentages, counts.
_NOT_AN_AGE_AFTER = (
    r"(?![\d+%.,]\d|\s*(?:%|percent|days?|d\b|min|minutes|hours?|hrs?|months?|mos?\b|"
    r"weeks?|wks?|lbs?|kg|mg|ml|units?|bpm|beds?|pts|patients|claims|over|/))"
)


class AgeOver89Recognizer(SafeHarborRecognizer):
    """Ages of 90 and over ("92 yo", "92yoF", "93-year-old", "age 94").

    Only the number is matched. "aged 91-120 days" (receivables aging) and percentages
    are not ages.
    """

    ENTITY = "AGE"
    PATTERNS = [
        Pattern(
            "Age with unit",
            rf"\b{_AGE_OVER_89}(?=\s*-?\s*(?:y/o|y\.o\.|yo|yrs?|years?|y)(?![a-eg-ln-z]))",
            0.85,
        ),
        Pattern(
            # "she's 96 and anxious", "pt is 94", "he turned 100": an age as a sentence.
            "Age as a predicate",
            rf"(?<=\b(?:(?:{_AGE_SUBJECTS})(?:['’]s|\s+is|\s+was|\s+(?:just\s+)?turned|"
            rf"\s+turns|\s+turning|\s+will\s+be)|shes|hes|(?:just\s+)?turned|turning)\s+)"
            rf"{_AGE_OVER_89}\b{_NOT_AN_AGE_AFTER}",
            0.6,
        ),
        Pattern(
            # "Mr. Lutz is 93", "Ana turned 90": a named person's age.
            "Age of a named person",
            rf"(?<=\b(?<!(?i:census|count|total|score|rate|number|volume|queue|backlog|"
            rf"capacity|occupancy|average|median|mean|it|that|this|which|there|what)\s*)"
            rf"(?-i:\p{{Lu}}\p{{Ll}}+)(?:['’]s|\s+is|\s+was|\s+(?:just\s+)?turned|\s+turns|"
            rf"\s+will\s+be)\s+){_AGE_OVER_89}\b{_NOT_AN_AGE_AFTER}"
            r"(?!\s*(?:tonight|today|now|this|on|in|at|for|of)\b)",
            0.6,
        ),
        Pattern(
            # "92F hip fx", "(94M)", "94 M w fall": age and sex, as a chart header has them.
            "Age before sex",
            rf"\b{_AGE_OVER_89}(?=\s?(?-i:[MF])\b|\s?(?:yo|y/o)?(?-i:[MF])\b)",
            0.6,
        ),
        Pattern(
            # "F, 98, DNR", "male/93": sex, then age.
            "Sex before age",
            rf"(?<=\b(?:(?-i:[MF])|male|female)\s*[,/]\s*){_AGE_OVER_89}\b(?=\s*(?:[,;.)]|$))",
            0.6,
        ),
        Pattern(
            # "Harold Lutz (91) missed ...": an age in brackets right after a name.
            "Age in brackets after a name",
            rf"(?<=\b(?-i:[A-Z][a-z]+)\s+\(\s*){_AGE_OVER_89}(?=\s*\))",
            0.6,
        ),
        Pattern(
            # "dad (92) fell", "her mother (95)": in brackets after whom it is about.
            "Age in brackets after a person word",
            rf"(?<=\b(?:{_AGE_SUBJECTS})\s*\(\s*){_AGE_OVER_89}(?=\s*(?:y/?o|yrs?)?\s*\))",
            0.6,
        ),
        Pattern(
            # "Lorraine Petit, 91, DOB ...": an age set off by commas after a name.
            "Age between commas after a name",
            rf"(?<=\b\p{{Lu}}\p{{Ll}}+,\s){_AGE_OVER_89}(?=[,.;](?:\s|$))",
            0.6,
        ),
        Pattern(
            # "dob 11/02/1939 is 91,": a bare "is 91" counts once a birth word is near.
            "Age as a bare predicate (needs context)",
            rf"(?<=\b(?:is|was|turned|turns|now)\s+){_AGE_OVER_89}\b{_NOT_AN_AGE_AFTER}"
            r"(?=\s*(?:[,.;)]|$|\s+(?:and|but|with|w/|lives|living|yrs|years)\b))",
            0.3,
        ),
        Pattern(
            # "b. 1/22/1934 (91)": the age in brackets after the birth date.
            "Age in brackets after a date",
            rf"(?<=\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\s*\(\s*){_AGE_OVER_89}(?=\s*(?:y/?o|yrs?)?\s*\))",
            0.6,
        ),
        Pattern(
            # "her 95th birthday": a birthday of 90 or more gives the age.
            "Age as a birthday",
            r"\b(?:9\d|1[01]\d)(?=(?:th|st|nd|rd)\s+(?i:bday|birthday|b-day))",
            0.6,
        ),
        Pattern(
            # "Omar Farouk 90 fell": an age between a name and what happened.
            "Age after a name, before a verb",
            rf"(?<=\b(?!(?i:room|rm|bed|unit|suite|floor|pod|station|apt|building|bldg|gate|door|"
            rf"ext|line|chair|highway|hwy|route|tier|level|step|stage|phase|version|bay|slot|box|"
            rf"cpt|drg|code|window|lane|pier|dock|table|zone)\b)\p{{Lu}}\p{{Ll}}+\s){_AGE_OVER_89}"
            r"(?=,?\s+(?:fell|falls|has|had|with|w/|lives|living|presents|presented|admitted|came|"
            r"c/o|died|passed|refuses|refused|wants)\b)",
            0.6,
        ),
        Pattern(
            "Age after label",
            rf"(?<=\b(?:age|aged)\s*[:=]?\s*){_AGE_OVER_89}\b"
            r"(?![\d+%]|\s*(?:-|–|to|\+)\s*\d|\s*(?:%|percent|days?|d\b|min|hours?|hrs?|"
            r"months?|mos?\b|weeks?|wks?))",
            0.85,
        ),
    ]
    CONTEXT = ["age", "old", "dob", "born", "birth", "birthday", "yo"]


# -- contact details ----------------------------------------------------------------------

_NANP_FORMATTED = (
    r"(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}"
    r"(?:\s*,?\s*(?:x|ext\.?|extension|ext\s*#)\s*\d{1,5})?\b"
)
PHONE_CONTEXT = ["phone", "cell", "call", "telephone", "mobile", "contact", "reach", "home"]


class UsPhoneRecognizer(SafeHarborRecognizer):
    """Formatted North American numbers ("555-201-7788", "(555) 201-7788").

    Presidio's phone recognizer (also used) validates numbers with libphonenumber, which
    rejects the 555 numbers of test data and of many fictional examples; a formatted
    number is a phone number whether or not the exchange exists.
    """

    ENTITY = "PHONE"
    PATTERNS = [
        Pattern("NANP formatted", rf"(?<![\w+]){_NANP_FORMATTED}", 0.6),
        Pattern(
            "Ten digits after a call word",
            r"(?<=\b(?i:cb|call\s*back|callback|phone|ph|cell|tel|mobile|landline|"
            r"call|at|#)\s*[:#]?\s*)\d{10}\b",
            0.6,
        ),
        # "is 555-0137": a local number without its area code.
        Pattern("Local number (needs context)", r"(?<![\w-])\d{3}-\d{4}\b(?!-)", 0.3),
        Pattern(
            # "new # is 555-0137", "cb 555.0163": a local number right after a phone word.
            "Local number after a phone word",
            r"(?<=(?:#|\b(?i:number|phone|ph|cell|cb|call|tel|mobile|home|work|reach))\s*[:#]?\s*"
            r"(?:(?i:is|at)\s+)?)\d{3}[-.]\d{4}\b(?![-.]\d)",
            0.6,
        ),
    ]
    CONTEXT = [*PHONE_CONTEXT, "cb", "number", "landline", "ph"]


class SafeHarborPhoneRecognizer(PhoneRecognizer):
    """Presidio's libphonenumber-based recognizer, reported as PHONE, US numbering only."""

    def __init__(self) -> None:
        super().__init__(context=PHONE_CONTEXT, supported_entity="PHONE", supported_regions=("US",))


class FaxRecognizer(SafeHarborRecognizer):
    """Fax numbers: a phone number right after "fax", or with "fax" a few words before.

    The context-only pattern scores like a formatted phone number once "fax" is near; at
    equal scores the guard prefers FAX over PHONE.
    """

    ENTITY = "FAX"
    PATTERNS = [
        Pattern(
            "Fax (labelled)",
            rf"(?<=\bfax(?:\s*(?:#|no\.?|num(?:ber)?|line))?\s*[:=]?\s*(?:(?:is|to|at)\s+)?)"
            rf"(?:{_NANP_FORMATTED}|\d{{10}}\b)",
            0.9,
        ),
        Pattern("Fax (needs context)", rf"(?<![\w+]){_NANP_FORMATTED}", 0.25),
    ]
    CONTEXT = ["fax"]


class SsnRecognizer(UsSsnRecognizer):
    """Presidio's SSN recognizer (with its validity checks), reported as SSN.

    Adds one pattern: nine digits right after "SSN" / "social security", which Presidio
    scores too low when they are written without dashes.
    """

    PATTERNS = [
        *UsSsnRecognizer.PATTERNS,
        Pattern(
            "SSN (labelled)",
            r"(?<=\b(?:ssn|ss#|ss\s+no\.?|social(?:\s+security)?(?:\s*(?:#|no\.?|num(?:ber)?))?)"
            r"\s*[:#=]?\s*(?:(?:is|was)\s+)?)\d{3}[- .]?\d{2}[- .]?\d{4}\b",
            0.9,
        ),
    ]

    def __init__(self) -> None:
        super().__init__(patterns=self.PATTERNS, supported_entity="SSN")


# No network: the default extractor may fetch the public suffix list; this one only uses
# the snapshot bundled with tldextract.
_OFFLINE_SUFFIXES = tldextract.TLDExtract(
    suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True
)


class CardNumberRecognizer(CreditCardRecognizer):
    """Presidio's payment-card recognizer (Luhn-checked), reported as ACCOUNT_NUMBER.

    Safe Harbor's "account numbers" (45 CFR 164.514(b)(2)(i)(J)) include the card a
    patient pays with.
    """

    def __init__(self) -> None:
        super().__init__(supported_entity="ACCOUNT_NUMBER")


class BankAccountRecognizer(IbanRecognizer):
    """Presidio's IBAN recognizer (checksum-validated), reported as ACCOUNT_NUMBER."""

    def __init__(self) -> None:
        super().__init__(supported_entity="ACCOUNT_NUMBER")


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's e-mail recognizer, reported as EMAIL, validated without DNS or HTTP."""

    def __init__(self) -> None:
        super().__init__(supported_entity="EMAIL")

    def validate_result(self, pattern_text: str) -> bool:
        return _OFFLINE_SUFFIXES(pattern_text).fqdn != ""


# A sentence's full stop or comma after a URL is not part of it.
_URL_END = r"(?<![.,;:!?])"


class SafeHarborUrlRecognizer(UrlRecognizer):
    """Presidio's URL recognizer. A bare domain ("cms.gov") needs a context word.

    Public reference sites come up constantly in operations chat and are not PHI; a
    full URL with a scheme is redacted since it may point at a person.
    """

    PATTERNS = [
        Pattern("Standard URL", r"(?i)(?:https?://)" + UrlRecognizer.BASE_URL_REGEX, 0.6),
        # "www.example.org/help-ana" has no scheme but is as specific as one that does.
        Pattern(
            "www address",
            r"(?i)(?<![\w.@/-])(?=www\d{0,3}\.)" + UrlRecognizer.BASE_URL_REGEX + _URL_END,
            0.6,
        ),
        # A domain with a path ("gofund.example/f/ana") points at a page, often a person's;
        # public reference pages on .gov sites are left alone.
        Pattern(
            "Domain with a path",
            r"(?i)(?<![\w.@/-])(?![a-z0-9.-]*\.gov/)(?=[a-z0-9.-]+\.[a-z]{2,}/[^\s/])"
            + UrlRecognizer.BASE_URL_REGEX
            + _URL_END,
            0.5,
        ),
        Pattern("Bare domain (needs context)", "(?i)" + UrlRecognizer.BASE_URL_REGEX, 0.2),
    ]
    CONTEXT = ["url", "website", "link", "site", "blog", "page", "profile"]

    def __init__(self) -> None:
        super().__init__(patterns=self.PATTERNS, context=self.CONTEXT, supported_entity="URL")


class SafeHarborIpRecognizer(IpRecognizer):
    """Presidio's IPv4/IPv6 recognizer, reported as IP_ADDRESS."""

    def __init__(self) -> None:
        super().__init__(supported_entity="IP_ADDRESS")


def pattern_recognizers() -> list[EntityRecognizer]:
    """Fresh instances of every pattern-based recognizer the guard uses."""
    return [
        HonorificNameRecognizer(),
        MentionRecognizer(),
        PatientContextNameRecognizer(),
        KnownNameRecognizer(),
        ContextNameRecognizer(),
        MrnRecognizer(),
        MemberIdRecognizer(),
        MedicareBeneficiaryIdRecognizer(),
        AccountNumberRecognizer(),
        BareGroupedIdentifierRecognizer(),
        LicenseNumberRecognizer(),
        DeviceIdRecognizer(),
        StreetAddressRecognizer(),
        StreetNameRecognizer(),
        UnitLineRecognizer(),
        CityRecognizer(),
        ResidenceCityRecognizer(),
        ZipCodeRecognizer(),
        SafeHarborDateRecognizer(),
        WrittenDateRecognizer(),
        AgeOver89Recognizer(),
        UsPhoneRecognizer(),
        SafeHarborPhoneRecognizer(),
        FaxRecognizer(),
        SsnRecognizer(),
        CardNumberRecognizer(),
        BankAccountRecognizer(),
        OfflineEmailRecognizer(),
        SafeHarborUrlRecognizer(),
        SafeHarborIpRecognizer(),
    ]
