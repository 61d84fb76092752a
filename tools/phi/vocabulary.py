"""Healthcare-operations vocabulary that must never be treated as a person or a place.

Two users:

* ``training_data`` fills the negative sentences of the NER trainer with these terms, so
  the model learns that "Aetna", "Epic Clarity" or "4 West" are not names. This is the
  main mechanism.
* ``guard`` drops a PERSON or LOCATION found by the model when its whole text is one of
  these phrases. That is only a safety net for what the model still gets wrong.

Words that are also common surnames or first names (Kaiser, Molina, Willow, Austin...)
are deliberately left out of the safety net: dropping them would leak a real name.
"""

from __future__ import annotations

import re

PAYERS: tuple[str, ...] = (
    "Aetna", "Humana", "BlueCross", "Blue Cross", "BCBS", "Blue Shield", "Cigna",
    "UnitedHealthcare", "United Healthcare", "UHC", "Optum", "Medicare", "Medicaid",
    "Medicare Advantage", "Anthem", "Centene", "WellCare", "Tricare", "Highmark",
    "Ambetter", "CareSource", "Elevance", "Medi-Cal", "MassHealth", "Amerigroup",
)

SYSTEMS: tuple[str, ...] = (
    "Epic", "Clarity", "Caboodle", "Cerner", "Oracle Health", "Meditech", "Kronos", "UKG",
    "Workday", "PeopleSoft", "Allscripts", "athenahealth", "eClinicalWorks", "NextGen",
    "Pyxis", "Omnicell", "Lawson", "Tableau", "Power BI", "ServiceNow", "Teams", "Zoom",
    "Slack", "Outlook", "Excel", "SharePoint", "MyChart", "Cadence", "Prelude", "Resolute",
    "Tapestry", "Healthy Planet", "Hyperspace", "Vocera", "Imprivata", "QGenda", "Midas",
    "Vizient", "Press Ganey", "Availity", "Waystar", "Experian", "Epic Clarity", "Hyland",
    "OnBase", "3M", "Solventum", "Nuance", "Dragon", "PointClickCare",
)

AGENCIES: tuple[str, ...] = (
    "CMS", "HRSA", "Joint Commission", "The Joint Commission", "TJC", "HEDIS", "CAHPS",
    "HCAHPS", "OIG", "NHSN", "CDC", "NCQA", "URAC", "DNV", "AHRQ", "ONC", "HHS", "OCR",
    "FDA", "DEA", "Leapfrog", "MedPAC", "OSHA", "MIPS", "MACRA", "ACO REACH", "HRRP",
    "PSI-90", "SEP-1", "Star Ratings", "HIPAA", "EMTALA", "Stark", "Anti-Kickback",
    "Magnet", "ANCC", "340B", "Apexus", "MAC", "Noridian", "Palmetto", "Novitas",
)

UNITS: tuple[str, ...] = (
    "4 West", "5 North", "3 East", "6 South", "7 Tower", "2 West", "ED", "PACU", "ICU",
    "MICU", "SICU", "CVICU", "NICU", "PICU", "L&D", "OR", "Cath Lab", "Med-Surg", "Tele",
    "Step-Down", "Oncology", "Dialysis", "Wound Clinic", "Infusion Center", "Main OR",
    "Ortho", "Rehab", "Psych", "Behavioral Health", "Observation", "Obs", "Pre-Op",
    "Endo", "IR", "Radiology", "Lab", "Pharmacy", "Registration", "Patient Access",
    "Central Scheduling", "HIM", "CDI", "Biomed", "EVS", "Dietary", "Transport",
    "Float Pool", "Nursing Supervisor", "Bed Board", "Transfer Center",
)

ROLES: tuple[str, ...] = (
    "Dr.", "the attending", "Charge RN", "charge nurse", "RN", "LPN", "CNA", "NP", "PA",
    "MD", "hospitalist", "intensivist", "case manager", "social worker", "unit secretary",
    "house supervisor", "nurse manager", "CNO", "CMO", "CFO", "CEO", "COO", "CMIO",
    "CNIO", "CIO", "CISO", "Privacy officer", "Compliance officer",
    "Revenue cycle director", "HIM director", "coder", "CDI specialist",
    "patient access rep", "scheduler", "pharmacist", "PharmD", "unit clerk",
    "Director of Nursing", "VP of Operations", "Chief Nursing Officer",
    "Patient Safety Officer", "Infection Preventionist", "Quality Manager",
    "Practice Manager", "Supply Chain Manager", "Risk Manager", "Charge Nurse",
    "Nurse Navigator", "Care Coordinator", "Utilization Review Nurse", "Medical Director",
)

CLINICAL_TERMS: tuple[str, ...] = (
    "C. diff", "C.diff", "sepsis", "CLABSI", "CAUTI", "MRSA", "VRE", "SSI", "VAP", "CHF",
    "COPD", "AKI", "DVT", "UTI", "pneumonia", "CKD", "ESRD", "A-fib", "Afib", "Foley",
    "PICC", "central line", "NPO", "DNR", "POLST", "COVID", "COVID-19", "RSV",
    "Influenza", "Norovirus", "Candida auris", "C. auris", "CRE", "ESBL", "Hep C",
    "Sepsis", "Pneumonia", "Stroke", "STEMI", "NSTEMI", "Falls", "Pressure Injury",
    "HAPI", "Hypoglycemia", "Delirium", "Restraints", "Heparin", "Insulin", "Vancomycin",
)

CODE_SETS: tuple[str, ...] = (
    "ICD-10", "ICD-10-CM", "ICD-10-PCS", "CPT", "CPT 99490", "CPT 99439", "CPT 99487",
    "DRG 871", "MS-DRG 871", "DRG 291", "HCPCS", "J-codes", "J1885", "J3490", "G0019",
    "revenue code 0450", "rev code 0636", "CARC CO-197", "CO-45", "PR-1", "CO-16",
    "RARC N130", "modifier 25", "modifier 59", "NDC", "LOINC", "SNOMED", "E/M", "99213",
    "99214", "99490", "99491", "J18.9", "I50.9", "E11.9", "N39.0", "A41.9", "Z79.4",
    "POS 11", "UB-04", "CMS-1500", "837P", "837I", "835", "270/271", "ERA",
)

DEPARTMENTS: tuple[str, ...] = (
    "Revenue Cycle", "Finance", "Quality", "Compliance", "Infection Prevention",
    "Case Management", "Utilization Management", "Care Management", "Credentialing",
    "Managed Care", "Supply Chain", "Workforce", "Population Health", "Patient Experience",
    "Patient Safety", "Risk Management", "Medical Staff Office", "Health Information",
    "Informatics", "Telehealth", "Home Health", "Long-Term Care", "Ambulatory",
    "Emergency Preparedness", "Chargemaster", "Coding", "Denials", "Prior Auth",
    "Referrals", "Research", "Value-Based Care", "Contracting", "Payer Relations",
)

MEETINGS: tuple[str, ...] = (
    "Safety Huddle", "huddle", "Town Hall", "Board", "Finance Committee",
    "Quality Council", "MEC", "P&T", "Go-Live", "Command Center", "Tiger Team",
    "Steering Committee", "Bed Huddle", "Morning Report", "Grand Rounds", "Kaizen",
    "Gemba Walk", "Root Cause Analysis", "RCA", "FMEA", "PDSA", "Mock Tracer",
)

STATES: tuple[str, ...] = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa",
    "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan",
    "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
    "New Hampshire", "New Jersey", "New Mexico", "New York State", "North Carolina",
    "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island",
    "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont",
    "Virginia", "Washington State", "West Virginia", "Wisconsin", "Wyoming",
)

STATE_ABBREVIATIONS: tuple[str, ...] = (
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
    "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
    "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
    "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
)

WEEKDAYS: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)

MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)

# Safe-net phrases only: terms above minus those that double as everyday names.
_NOT_IN_SAFETY_NET = frozenset({"april", "may", "june", "august", "georgia", "virginia"})

_SPACES = re.compile(r"\s+")


def normalise_phrase(text: str) -> str:
    """Lower-case, collapse whitespace and drop a trailing possessive or punctuation."""
    phrase = _SPACES.sub(" ", text).strip().lower()
    phrase = re.sub(r"(?:'s|’s)$", "", phrase)
    return phrase.strip(" .,;:!?()[]\"'")


OPERATIONS_PHRASES: frozenset[str] = frozenset(
    normalise_phrase(term)
    for group in (
        PAYERS, SYSTEMS, AGENCIES, UNITS, ROLES, CLINICAL_TERMS, CODE_SETS, DEPARTMENTS,
        MEETINGS, STATES, STATE_ABBREVIATIONS, WEEKDAYS, MONTHS,
    )
    for term in group
) - _NOT_IN_SAFETY_NET - {""}


def is_operations_phrase(text: str) -> bool:
    """True when ``text`` as a whole is operations vocabulary (not a name or a place)."""
    phrase = normalise_phrase(text)
    return phrase in OPERATIONS_PHRASES or phrase.removeprefix("the ") in OPERATIONS_PHRASES
