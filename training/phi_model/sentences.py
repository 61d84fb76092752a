"""Synthetic, labelled sentences for the PHI name/place model.

Sentences imitate healthcare-operations chat: Slack one-liners, note fragments, some
upper-case, some lower-case, some typos. Names come from Faker, places from a list of
real US cities and made-up streets; everything is fictional. About half of the sentences
are negatives: full of capitalised operations words (payers, systems, agencies, units,
roles, code sets) that the model must learn NOT to tag.

Labels: ``PERSON`` and ``LOC`` (city, county, street or street address).
"""

from __future__ import annotations

import importlib
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from faker import Faker

from tools.phi import vocabulary as vocab
from tools.phi.name_recognizer import transliterate

PERSON = "PERSON"
LOC = "LOC"
LABELS: tuple[str, ...] = (PERSON, LOC)

# A piece of a sentence: its text, its NER label (or None) and whether casing and typo
# transforms must leave it alone (placeholders such as <PERSON_1> keep their form).
Piece = tuple[str, str | None, bool]


@dataclass(frozen=True)
class Sentence:
    """One training sentence with character spans ``(start, end, label)``."""

    text: str
    spans: tuple[tuple[int, int, str], ...]

    @property
    def is_negative(self) -> bool:
        return not self.spans


CITIES: tuple[str, ...] = (
    "Columbus",
    "Dayton",
    "Toledo",
    "Akron",
    "Springfield",
    "Fresno",
    "Tulsa",
    "Boise",
    "Raleigh",
    "Durham",
    "Greensboro",
    "Knoxville",
    "Chattanooga",
    "Lexington",
    "Louisville",
    "Evansville",
    "Fort Wayne",
    "Peoria",
    "Rockford",
    "Madison",
    "Green Bay",
    "Duluth",
    "Rochester",
    "Syracuse",
    "Albany",
    "Buffalo",
    "Scranton",
    "Allentown",
    "Harrisburg",
    "Wilmington",
    "Baltimore",
    "Richmond",
    "Norfolk",
    "Roanoke",
    "Charleston",
    "Savannah",
    "Macon",
    "Tallahassee",
    "Gainesville",
    "Pensacola",
    "Mobile",
    "Montgomery",
    "Birmingham",
    "Jackson",
    "Shreveport",
    "Baton Rouge",
    "Lafayette",
    "Little Rock",
    "Fayetteville",
    "Wichita",
    "Topeka",
    "Omaha",
    "Lincoln",
    "Sioux Falls",
    "Fargo",
    "Bismarck",
    "Billings",
    "Missoula",
    "Spokane",
    "Tacoma",
    "Eugene",
    "Salem",
    "Reno",
    "Provo",
    "Ogden",
    "Pueblo",
    "Albuquerque",
    "Las Cruces",
    "El Paso",
    "Lubbock",
    "Amarillo",
    "Waco",
    "Tyler",
    "Corpus Christi",
    "Laredo",
    "McAllen",
    "Brownsville",
    "San Antonio",
    "Houston",
    "Dallas",
    "Fort Worth",
    "Phoenix",
    "Tucson",
    "Mesa",
    "Flagstaff",
    "Bakersfield",
    "Stockton",
    "Modesto",
    "Sacramento",
    "Oakland",
    "San Jose",
    "Riverside",
    "Anaheim",
    "Chula Vista",
    "Denver",
    "Aurora",
    "Cheyenne",
    "Des Moines",
    "Cedar Rapids",
    "Davenport",
    "Kansas City",
    "St. Louis",
    "Joplin",
    "Cleveland",
    "Cincinnati",
    "Youngstown",
    "Canton",
    "Pittsburgh",
    "Erie",
    "Detroit",
    "Flint",
    "Lansing",
    "Grand Rapids",
    "Kalamazoo",
    "Gary",
    "South Bend",
    "Indianapolis",
    "Bloomington",
    "Champaign",
    "Joliet",
    "Naperville",
    "Milwaukee",
    "Minneapolis",
    "St. Paul",
    "Memphis",
    "Nashville",
    "Atlanta",
    "Augusta",
    "Charlotte",
    "Asheville",
    "Greenville",
    "Columbia",
    "Jacksonville",
    "Orlando",
    "Tampa",
    "Miami",
    "Hialeah",
    "Newark",
    "Paterson",
    "Trenton",
    "Hartford",
    "New Haven",
    "Providence",
    "Worcester",
    "Lowell",
    "Springfield",
    "Manchester",
    "Burlington",
    "Portland",
    "Bangor",
    "Anchorage",
    "Fairbanks",
    "Honolulu",
    "Hilo",
    "Yonkers",
    "Brooklyn",
    "the Bronx",
    "Queens",
    "Camden",
    "Dover",
    "Parkersburg",
    "Huntington",
    "Morgantown",
    "Marietta",
    "Zanesville",
    "Chillicothe",
    "Lima",
    "Mansfield",
    "Sandusky",
    "Elyria",
    "Lorain",
    "Hamilton",
    "Middletown",
    "Xenia",
)

STREET_WORDS: tuple[str, ...] = (
    "Larkspur",
    "Main",
    "Oak",
    "Maple",
    "Elm",
    "Cedar",
    "Pine",
    "Walnut",
    "Chestnut",
    "Hickory",
    "Willow",
    "Birch",
    "Sycamore",
    "Magnolia",
    "Dogwood",
    "Juniper",
    "Lakeview",
    "Hillcrest",
    "Ridgeway",
    "Meadowbrook",
    "Fairview",
    "Sunset",
    "Riverside",
    "Parkside",
    "Highland",
    "Orchard",
    "Prospect",
    "Church",
    "Mill",
    "Spring",
    "Market",
    "Water",
    "Broad",
    "High",
    "Liberty",
    "Union",
    "Franklin",
    "Jefferson",
    "Lincoln",
    "Madison",
    "Monroe",
    "Adams",
    "Wilson",
    "Harrison",
    "Bluebonnet",
    "Cottonwood",
    "Mesquite",
    "Palmetto",
    "Quail Run",
    "Fox Chase",
)

STREET_SUFFIXES: tuple[str, ...] = (
    "St",
    "St.",
    "Street",
    "Ave",
    "Ave.",
    "Avenue",
    "Rd",
    "Road",
    "Blvd",
    "Dr",
    "Drive",
    "Ln",
    "Lane",
    "Ct",
    "Court",
    "Way",
    "Pl",
    "Place",
    "Ter",
    "Pkwy",
    "Cir",
    "Trail",
)

FACILITIES: tuple[str, ...] = (
    "Riverside Medical Center",
    "Mercy General",
    "Lakeview SNF",
    "Good Samaritan",
    "Valley Regional",
    "Summit Rehab",
    "Northside Hospital",
    "Pinecrest Nursing Home",
    "Harbor View Hospice",
    "Memorial Hospital",
    "University Hospital",
    "Children's Hospital",
    "Baptist Health",
    "Methodist Hospital",
    "Regional Medical Center",
    "County General",
    "the VA",
    "Shriners",
)

COUNTY_WORDS: tuple[str, ...] = (
    "Franklin",
    "Montgomery",
    "Cuyahoga",
    "Hamilton",
    "Summit",
    "Lucas",
    "Butler",
    "Stark",
    "Lorain",
    "Greene",
    "Clark",
    "Warren",
    "Licking",
    "Delaware",
    "Fairfield",
    "Marion",
    "Jefferson",
    "Orange",
    "Kern",
    "Travis",
    "Harris",
    "Bexar",
    "Cook",
)

PLACEHOLDER_TYPES: tuple[str, ...] = (
    "PERSON",
    "PERSON",
    "MRN",
    "DATE",
    "PHONE",
    "LOCATION",
    "ADDRESS",
    "MEMBER_ID",
    "ACCOUNT_NUMBER",
)

POSITIVE_TEMPLATES: tuple[str, ...] = (
    "pt {NAME} DOB {DATE} MRN {MRN} called from {PHONE} re: her {PAYER} denial",
    "{NAME} called again about the {PAYER} denial, DOB {DATE}",
    "Can someone call {FIRST} back at {PHONE}? She is {NAME}'s daughter",
    "{MR} in {UNIT} is asking for a copy of his itemized bill",
    "{DR} wants the {CLIN} bundle audit done by {WEEKDAY}",
    "FYI {FIRST} from {DEPT} is covering for {FIRST} this week",
    "Spoke with {NAME}'s wife, they live in {CITY} and can't make the 8am appt",
    "{LASTFIRST} - DOS {DATE} - {CODE} - denied {CODE}",
    "Discharge for {NAME} is held up, the SNF in {CITY} won't take {PAYER}",
    "patient moved to {ADDR}, {CITYST} {ZIP}, please update registration",
    "home health referral for {NAME}, lives alone off {STREET} in {CITY}",
    "{NAME} no-showed twice, transportation from {CITY} is the problem",
    "per {FIRST} in registration, {NAME}'s {PAYER} card has a new member id {MEMBER}",
    "thanks {FIRST}!",
    "Thanks {FIRST}, I'll loop in the {ROLE}",
    "Pt: {NAME} | DOB: {DATE} | Ins: {PAYER} | PCP: {DR}",
    "{NAME}, {AGE} yo {SEX}, from {CITY}, admitted with {CLIN}",
    "family ({NAME}, son) wants an update, call {PHONE}",
    "reviewed chart for {NAME}; {CODE} billed on {DATE}",
    "{MR} fell on {UNIT} at {TIME}, {ROLE} notified and incident report filed",
    "transfer request: {NAME} from {FACILITY} in {CITY}, {CLIN}, accepting {DR}",
    "need prior auth for {NAME} ({PAYER}), MRI scheduled {DATE}",
    "{FIRST} {LAST} asked whether her CCM minutes for {MONTH} count",
    "Log 25 min for {NAME}, care plan review",
    "{NAME} was readmitted within 30 days, {CLIN} again",
    "Who is the case manager for {NAME} on {UNIT}?",
    "{FIRST} can you pull the {SYSTEM} report for {NAME}?",
    "{DR} and {DR} disagree on the level of care for {NAME}",
    "address on file for {NAME} is {ADDR}, {CITY}",
    "mailing address: {ADDR}, {CITYST} {ZIP}",
    "the daughter {FIRST} lives in {CITY} and has POA",
    "complaint from {NAME} about wait times in the {UNIT}",
    "{NAME} ({MRN}) needs a Spanish interpreter",
    "{LAST} family meeting moved to {WEEKDAY} at {TIME}",
    "EMS picked up {NAME} at {ADDR} around {TIME}",
    "{NAME} works at the plant in {CITY}, employer wants a return-to-work note",
    "We got a records request for {NAME} from a law office in {CITY}",
    "{NAME} {DATE} {PAYER} {MEMBER}",
    "RE: {NAME} - {PAYER} appeal",
    "{MR} says the bill went to his old address on {STREET}",
    "Hi {FIRST}, quick q on {NAME}'s auth",
    "Hey {FIRST} - {NAME} is back in the {UNIT}",
    "{AT} can you cover {UNIT} tonight?",
    "thanks {AT}, {NAME} is all set",
    "{FIRST} and {FIRST} are on call this weekend",
    "Shift swap: {NAME} for {NAME} on {WEEKDAY}",
    "New hire {NAME} starts {DATE} on {UNIT}",
    "{NAME}, RN, flagged the {CLIN} case",
    "Please credential {DR} before {MONTH}",
    "{DR} from {CITY} Ortho wants privileges here",
    "pt from {COUNTY} with {CLIN}, {PAYER} pending",
    "patient lives in {COUNTY}, outside our service area",
    "visiting nurse can't reach {NAME} at {ADDR}",
    "{NAME} expired on {UNIT} at {TIME}, {ROLE} notified the family",
    "Caller {NAME} says she is {NAME}'s sister",
    "{LASTFIRST} MRN {MRN} DOB {DATE}",
    "{LASTFIRST} {AGE}{SEX} {CLIN} {UNIT}",
    "ED boarding: {NAME}, {CLIN}, waiting on a {UNIT} bed",
    "per {DR} ok to discharge {NAME} home to {CITY}",
    "{NAME} refuses {CLIN} screening, documented in {SYSTEM}",
    "grievance from {NAME} ({PHONE}) about billing",
    "pt {FIRST} {LAST} here for infusion, {PAYER} auth expired",
    "{NAME} is asking why {PAYER} paid only part of the claim",
    "{MR} wants to know if {PAYER} covers home oxygen",
    "Did anyone reach {NAME}? Left VM at {PHONE}",
    "Staffing: {NAME} called out sick, {UNIT} is short one RN",
    "{NAME} completed {CLIN} training, update {SYSTEM}",
    "{FIRST} in {DEPT} said the file for {NAME} is in {SYSTEM}",
    "Dr {LAST} is the attending for {NAME}",
    "Moving {NAME} from the {CITY} clinic to the {CITY} clinic",
    "{NAME} was seen at our {CITY} location on {DATE}",
    "send the letter to {NAME}, {ADDR}, {CITYST} {ZIP}",
    "follow up with {NAME} about {CODE} documentation",
    "{PH} and {NAME} both had {CLIN} on {UNIT}",
    "{PH} called, and her husband {NAME} wants a callback",
    "{NAME} - {CITY} - {PAYER}",
    "{MR} from {CITY} is on the {UNIT} board",
    "ok to bill {CODE} for {NAME} this month?",
    "{NAME}'s {PAYER} plan termed on {DATE}",
    "{FIRST}, {NAME} is asking for you",
    "Lives with daughter {NAME} on {STREET}, {CITY}",
    "{NAME} and {NAME} were both on the {CLIN} line list",
    "Did {DR} sign the discharge summary for {NAME}?",
    "Patient {NAME}, DOB {DATE}, MRN {MRN}, phone {PHONE}, address {ADDR}",
    "{ADDR}, {CITYST} {ZIP}. Phone {PHONE}. Ins {PAYER}.",
    "{CITYST} {ZIP}; {PAYER} member {MEMBER}",
    "thx, {FIRST}",
    "- {FIRST}",
    "cc {FIRST} {LAST} and {FIRST} {LAST}",
    "Quick question about {NAME}: is {CODE} ok with {PAYER}?",
    "Heads up, {MR} is upset about the {PAYER} bill",
    "Per {FIRST}, the {CLIN} patient in {UNIT} is {NAME}",
    "{NAME} (DOB {DATE}) needs {CLIN} follow-up with {DR}",
    "I spoke to {NAME} today; she moved to {CITY} last month",
    "Reached {NAME} by phone, confirmed {ADDR} as the mailing address",
    "{NAME}'s son {FIRST} picks her up on {WEEKDAY}s",
    "Grandson {NAME} is the emergency contact, lives in {CITY}",
    "Assigned {NAME} to coordinator {FIRST} {LAST}",
    "Coordinator {NAME} logged {NUM} minutes for {NAME} in {MONTH}",
    "Escalating {NAME}'s case to the {ROLE}",
    "{NAME} at {FACILITY} says the {PAYER} auth is approved",
    "Please see {NAME} in room {NUM} on {UNIT}",
    "{FIRST}'s mom {NAME} is in the {UNIT}",
    "Originally from {CITY}, now lives on {STREET} near the {FACILITY}",
    "Interpreter needed for {MR}, family in {CITY}",
    "{DR} signed the consent for {NAME} yesterday",
    "{DR} called about {NAME}'s labs",
    "callback number for {NAME} is {PHONE}",
    "{NAME} {DATE}",
    "{DATE} {NAME} {MRN}",
    "per the face sheet {NAME} lives at {ADDR}",
    "{WORDS} {NAME} {WORDS}",
    "{NAME} {WORDS}",
    "{WORDS} in {CITY}, {WORDS}",
    "{WORDS}, {FIRST}?",
    "{MR} {WORDS} {PAYER}",
    "her son {FIRST} called twice about the bill",
    "his daughter {FIRST} is the contact, not the wife",
    "wife {FIRST} wants a callback before {TIME}",
    "nurse {FIRST} says {NAME} is ready for discharge",
    "UM nurse {FIRST} approved the extension",
    "{ROLE} {FIRST} is covering {UNIT} today",
    "tell {FIRST} the {PAYER} auth came through",
    "Nurse {FIRST} from {UNIT} called about {MR}",
    # Requests usually open with a verb, and the operations corpus teaches the model that
    # a capitalised opening word is not a name: these keep a name right after it found.
    "Call {NAME} at {PHONE} about MRN {MRN}.",
    "Call {NAME} back about the {PAYER} denial",
    "Ask {NAME} whether the {CLIN} follow-up happened",
    "Remind {NAME} about the appointment on {DATE}",
    "Text {FIRST} the new time",
    "Email {NAME} the itemized bill",
    "Page {DR} about {NAME}",
    "Notify {NAME}'s daughter {FIRST} before discharge",
    "Schedule {NAME} for a {CLIN} visit next week",
    "Check on {NAME} in {UNIT}",
    "Follow up with {NAME} by {WEEKDAY}",
    "Send {NAME} the consent form for CCM",
    "Draft a letter to {NAME} about the {PAYER} appeal",
    "Escalate {NAME}'s complaint to the {ROLE}",
    "Help {NAME} pick a new PCP",
    "See if {NAME} can come in on {WEEKDAY}",
    "{NAME} called from {PHONE} about her {PAYER} bill",
    "{NAME} needs a ride to dialysis on {WEEKDAY}",
    "{NAME} has not picked up her meds since {DATE}",
    "{NAME} wants her records sent to {DR}",
    "{FIRST} {LAST}, {PHONE}, asked about the {CLIN} results",
    "Can you log 20 min for {NAME}?",
    "What happened with {NAME}'s {PAYER} auth?",
    "Why was {NAME} discharged without a follow-up?",
    "Is {NAME} still on the {UNIT} census?",
    "Who is covering {NAME} this week?",
    # Names in the middle of Slack shorthand: after "is", before a possessive, next to
    # a record label, in a "not X" correction, as the subject of a short report.
    "the pt on {UNIT} is {NAME}, {AGE} yo",
    "turns out the pt is {NAME}, acct {ACCT}",
    "which chart is {NAME}'s? there are two",
    "{NAME}'s {PAYER} card expired, front desk needs a copy",
    "got {NAME}'s labs back, faxing to {DR}",
    "{NAME}'s ride cancelled again",
    "the lab mixed up {NAME} and {NAME}, both born {DATE}",
    "this statement is for {NAME}, not {NAME}",
    "wrong chart: it was {NAME} not {NAME}",
    "{FIRST} says she never got the letter",
    "{FIRST} said the copay was already paid",
    "can {FIRST} sign for her mom's meds?",
    "{FIRST} lives with her son in {CITY}",
    "not sure if {FIRST} was discharged yet",
    "{NAME} {PHONE} wants a call back",
    "{NAME} ({AGE} y/o) fell at home",
    "{NAME} - {CLIN} - {UNIT}",
    "rm {NUM} - {NAME}, {CLIN}",
    "bed {NUM}: {NAME}, {AGE}yo, {CLIN}",
    "UM: {NAME} inpatient vs obs",
    "CM: {NAME} needs SNF placement",
    "equipment pickup at {NAME}'s house on {WEEKDAY}",
    "pharmacy says {NAME} is due for a refill",
    "remind me to call {NAME} tmrw",
    "asked the hospitalist about {NAME}, she said wait for labs",
    "add {NAME} to the {CLIN} registry",
    "registration put {NAME} under the wrong {PAYER} plan",
    "her daughter {FIRST} has POA",
    "his son {FIRST} will pick him up",
    "the niece {FIRST} called, not on the release",
    "neighbor {FIRST} found him on the floor",
    "pt's wife {FIRST} wants a callback",
    "{NAME}'s husband {FIRST} is the guarantor",
    "{NAME} and her sister {FIRST} both called",
    "Pt: {LASTFIRST}\nDOB: {DATE}\nMRN: {MRN}",
    "Name: {NAME}\nPhone: {PHONE}",
    "Guarantor: {NAME}\nAcct: {ACCT}",
    "Caller: {NAME}\nRe: {PAYER} bill",
    "Emergency contact: {NAME} {PHONE}",
    "{MR} in bed {NUM} wants the TV fixed",
    "{MR} and {MR} are roommates on {UNIT}",
)

NEGATIVE_TEMPLATES: tuple[str, ...] = (
    "{PAYER} denied {NUM} claims last week with {CODE}, mostly {CODE}",
    "Who owns the {SYSTEM} report for the {AGENCY} submission?",
    "{UNIT} is short two RNs tonight, {ROLE} is asking for float pool",
    "{CLIN} rates on {UNIT} are up, need {AGENCY} reporting before {MONTH}",
    "Can the {ROLE} sign off on the {PAYER} contract amendment?",
    "Is {CODE} billable with {CODE} in the same month?",
    "{AGENCY} survey window opens in {MONTH}; {ROLE} wants a mock tracer on {UNIT}",
    "Dr. needs to cosign the H&P before {TIME}",
    "the attending wants a {CLIN} workup on the new admit",
    "{SYSTEM} downtime {WEEKDAY} {TIME}, use downtime forms",
    "{PAYER} sent the {AGENCY} gap list, {DEPT} is reviewing",
    "Need the ICD-10 for {CLIN}, is it {CODE}?",
    "{STATE} Medicaid changed prior auth rules for {CODE}",
    "please route this to the {ROLE}",
    "{DEPT} huddle moved to {WEEKDAY} at {TIME}",
    "How many minutes do we need for {CODE} in {MONTH}?",
    "{ROLE} asked for the {CLIN} line list from {SYSTEM}",
    "Charge RN on {UNIT} says {NUM} beds are blocked for {CLIN} isolation",
    "{PAYER} and {PAYER} both updated their {CODE} policy",
    "Reminder: {AGENCY} data due {WEEKDAY}",
    "{SYSTEM} to {SYSTEM} interface is dropping ADT messages",
    "{MEETING} at {TIME} in the {UNIT} conference room",
    "Can {DEPT} pull {AGENCY} measures from {SYSTEM}?",
    "{CODE} volume is up {NUM} percent this quarter",
    "{ROLE} wants to know why {PAYER} keeps denying with {CODE}",
    "{CLIN} and {CLIN} cases reported to {AGENCY} this month",
    "{UNIT} census {NUM}, {UNIT} census {NUM}, {NUM} pending admits",
    "the {ROLE} and the {ROLE} need to approve the schedule",
    "{SYSTEM} build for the {CLIN} order set is done",
    "Please update the {SYSTEM} template before the {MEETING}",
    "{PAYER}, {PAYER} and {PAYER} all need new fee schedules loaded",
    "{SYSTEM} is down on {UNIT}",
    "{AGENCY} requires the {CLIN} bundle for {AGENCY}",
    "Is {CODE} still valid for {MONTH} dates of service?",
    "{UNIT} and {UNIT} are on diversion",
    "{ROLE} coverage for {UNIT} on {WEEKDAY} night?",
    "Who is the {ROLE} for {DEPT}?",
    "{DEPT} needs the {AGENCY} attestation signed by the {ROLE}",
    "Submitting {AGENCY} data for {CLIN} and {CLIN} by {MONTH}",
    "{SYSTEM} shows {NUM} open encounters in {DEPT}",
    "can we bill {CODE} with modifier 25?",
    "{CODE} vs {CODE} for the same visit?",
    "{PAYER} wants {CODE} on the claim, not {CODE}",
    "{FACILITY} joins the {PAYER} network in {MONTH}",
    "Our {AGENCY} score dropped, {ROLE} wants a plan",
    "RCA for the {CLIN} event on {UNIT} is {WEEKDAY}",
    "{NUM} pts on {UNIT} need {CLIN} screening",
    "{CLIN} bundle compliance {NUM}% on {UNIT}",
    "Forwarding the {PAYER} bulletin to {DEPT}",
    "{ROLE} approved overtime for {UNIT}",
    "{SYSTEM} password resets go through the Help Desk",
    "{STATE} and {STATE} licenses needed for telehealth",
    "Please review {CODE} and {CODE} with the {ROLE}",
    "{AGENCY}, {AGENCY} and {AGENCY} deadlines this quarter",
    "{UNIT}: {NUM} discharges before noon, goal {NUM}",
    "Travel nurse contracts for {UNIT} end in {MONTH}",
    "{PAYER} Medicare Advantage plan requires auth for {CODE}",
    "Capture {CLIN} on the {SYSTEM} problem list",
    "Any update from {PAYER} on the {CODE} appeal?",
    "{ROLE} out {WEEKDAY}, {ROLE} covering",
    "{PH} on {UNIT} needs {CLIN} precautions",
    "{PH} ({PH}) called about the {PAYER} denial",
    "{PH}'s {PAYER} claim {PH} was denied with {CODE}",
    "Spoke with {PH} at {PH}, she will come in {WEEKDAY}",
    "MRN {MRN} shows {CODE} billed twice",
    "acct {ACCT} still pending with {PAYER}",
    "DOB {DATE} doesn't match what {PAYER} has",
    "Call back {PHONE} about {CODE}",
    "Member ID {MEMBER} termed per {PAYER}",
    "{DEPT} weekly: {CODE} denials, {PAYER} backlog, {SYSTEM} work queue",
    "{ROLE} - {UNIT} - {WEEKDAY}",
    "{SYSTEM} {SYSTEM} {SYSTEM}",
    "{PAYER} {CODE} {CLIN}",
    "{AGENCY} {MONTH} {CODE}",
    "{UNIT} {ROLE} {CLIN}",
    "Good morning team, {MEETING} starts at {TIME}",
    "Happy {WEEKDAY} all, {UNIT} has {NUM} open beds",
    "Does {PAYER} follow {AGENCY} rules for {CODE}?",
    "Who signs off on {CODE} when the {ROLE} is out?",
    "{ROLE} says {FACILITY} is full, try {FACILITY}",
    "{DEPT} to {DEPT} handoff for {CLIN} cases",
    "{CLIN}: {NUM} new cases on {UNIT}, {NUM} on {UNIT}",
    "Escalate {CODE} denials from {PAYER} to the {ROLE}",
    "Please add {CLIN} to the {MEETING} agenda",
    "{ROLE} and {ROLE} to review {AGENCY} findings",
    "Please send the {AGENCY} report to the {ROLE} by {WEEKDAY}",
    "Thanks all, {MEETING} notes are in {SYSTEM}",
    "Heads up: {PAYER} portal is down, use {SYSTEM} for eligibility",
    "Quick question, does {CODE} need modifier 25 for {PAYER}?",
    "Dr. on call for {UNIT} tonight?",
    "Dr. to call back after rounds",
    "Page the {ROLE} for {UNIT}",
    "{ROLE} wants {CLIN} numbers by unit for the {MEETING}",
    "Can {DEPT} build a {SYSTEM} dashboard for {CLIN} and {CLIN}?",
    "{PAYER} said {CODE} needs prior auth starting {MONTH} 1",
    "New {AGENCY} rule for {CLIN} reporting, effective {MONTH}",
    "{STATE} Medicaid MCOs and {PAYER} both cover {CODE}",
    "Moving the {DEPT} team to {SYSTEM} in {MONTH}",
    "Who approves {CODE} write-offs over $5,000, the {ROLE} or the {ROLE}?",
    "Logged {NUM} minutes of care management for {PH} in {MONTH}",
    "{PH} lives at {PH}, {PH} {PH}",
    "callback number on file is wrong",
    "please scan the face sheet and the consent form",
    "the call back number goes to voicemail",
    "The MRN on the face sheet does not match {SYSTEM}",
    "is it {MRN} or {MRN}? I think the second one",
    "acct ending {NUM} I believe, check with {DEPT}",
    "{NUM} Beds Open On {UNIT} As Of {TIME}",
    "{MRN} has two open encounters in {SYSTEM}",
    "number of {CLIN} cases by unit for {MONTH}",
    "per the discharge summary the patient is stable",
    "sheet music for the {MEETING}? no, the census sheet",
    "ok sounds good, will do",
    "got it, thank you!",
    "Per policy, the attending signs the note",
    "Signed, sealed, delivered to the {ROLE}",
    "{WORDS} {ROLE} {WORDS}",
    "{UNIT} {WORDS}",
    "{WORDS} {CLIN}, {WORDS}",
    "ssn {WORDS}",
    "{CODE} {WORDS}",
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Where patients' names come from: mostly US names, then the many origins a US
# hospital sees (Faker's person providers; Cyrillic and CJK names in Latin spelling).
NAME_LOCALE_WEIGHTS: dict[str, int | float] = {  # the type Faker takes
    "en_US": 8, "es_MX": 2, "en_IN": 1, "vi_VN": 1, "pl_PL": 1, "en_NG": 1, "en_IE": 1,
    "it_IT": 1, "fr_FR": 1, "yo_NG": 1, "tw_GH": 1, "de_DE": 1, "pt_BR": 1, "en_GB": 1,
    "ru_RU": 1, "uk_UA": 1, "ha_NG": 1, "en_KE": 1, "tr_TR": 1,
}  # fmt: skip
# Invented surnames ("Ashcombe", "Thornwick"): the model must learn the slot, not the
# list, because real surnames are endless.
SURNAME_HEADS: tuple[str, ...] = _words(
    """ash bram cald dun fenn gar hol kes lang mor ned oak pem rud sel thorn wick yar
    brock cob dray els fal grim hal kel lid mar nor pell quen rav stan tal ul ven wes
    bell brin carr del ever fair glen hart kirk lowe mill pike rook shel tre whit"""
)
SURNAME_TAILS: tuple[str, ...] = _words(
    """wick stone ford ley ton by more well croft dale hurst mere ridge worth gate haven
    bury field wood combe holt shaw brook thorpe cott den low wyn ham land marsh"""
)
# Romanised two-syllable given names ("Seo-yeon", "Ji-ho"), written with a hyphen.
GIVEN_SYLLABLES: tuple[str, ...] = _words(
    """ji min seo hye jae soo eun hyun yeon woo jin ah ho young sung hee kyung dong
    mei xiu wen jun li hua ying tae hae na ra"""
)

WORD_SALAD_SHARE = 0.25  # of the negative sentences
REDACTED_SHARE = 0.2  # of the positive sentences

# Slots holding PHI, and the placeholder type the guard writes in their place.
REDACTED_SLOTS: dict[str, str] = {
    "NAME": "PERSON",
    "FIRST": "PERSON",
    "LAST": "PERSON",
    "LASTFIRST": "PERSON",
    "AT": "PERSON",
    "MR": "PERSON",
    "DR": "PERSON",
    "CITY": "LOCATION",
    "COUNTY": "LOCATION",
    "STREET": "LOCATION",
    "CITYST": "LOCATION",
    "ADDR": "ADDRESS",
    "DATE": "DATE",
    "MRN": "MRN",
    "ACCT": "ACCOUNT_NUMBER",
    "PHONE": "PHONE",
    "MEMBER": "MEMBER_ID",
    "ZIP": "ZIP",
}

_SLOT = re.compile(r"\{([A-Z]+)\}")
_TYPO_WORD = re.compile(r"[A-Za-z]{4,}")


class SentenceFactory:
    """Generates labelled sentences, reproducibly for a given seed."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)
        self._fake = Faker(NAME_LOCALE_WEIGHTS)
        self._fake.seed_instance(seed)
        self._romanised = _romanised_names()
        self._slots: dict[str, Callable[[], list[Piece]]] = {
            "NAME": self._name,
            "FIRST": self._first,
            "LAST": self._last,
            "LASTFIRST": self._last_first,
            "MR": self._mr,
            "DR": self._dr,
            "AT": self._at,
            "CITY": self._city,
            "CITYST": self._city_state,
            "STREET": self._street,
            "ADDR": self._address,
            "COUNTY": self._county,
            "PAYER": self._pick(vocab.PAYERS),
            "SYSTEM": self._pick(vocab.SYSTEMS),
            "AGENCY": self._pick(vocab.AGENCIES),
            "UNIT": self._pick(vocab.UNITS),
            "ROLE": self._pick(vocab.ROLES),
            "CLIN": self._pick(vocab.CLINICAL_TERMS),
            "CODE": self._pick(vocab.CODE_SETS),
            "DEPT": self._pick(vocab.DEPARTMENTS),
            "MEETING": self._pick(vocab.MEETINGS),
            "STATE": self._pick(vocab.STATES),
            "WEEKDAY": self._pick(vocab.WEEKDAYS),
            "MONTH": self._pick(vocab.MONTHS),
            "FACILITY": self._pick(FACILITIES),
            "DATE": self._date,
            "MRN": self._mrn,
            "ACCT": self._account,
            "PHONE": self._phone,
            "MEMBER": self._member,
            "ZIP": self._zip,
            "AGE": self._age,
            "SEX": self._sex,
            "NUM": self._num,
            "TIME": self._time,
            "PH": self._placeholder,
            "WORDS": self._words,
        }
        for template in POSITIVE_TEMPLATES + NEGATIVE_TEMPLATES:
            for slot in _SLOT.findall(template):
                if slot not in self._slots:
                    raise ValueError(f"template slot {{{slot}}} has no filler: {template!r}")

    def sentences(self, count: int, negative_share: float = 0.5) -> list[Sentence]:
        """Return ``count`` sentences, about ``negative_share`` of them without entities."""
        if count < 1:
            raise ValueError(f"count must be at least 1, got {count}")
        if not 0.0 <= negative_share <= 1.0:
            raise ValueError(f"negative_share must be within [0, 1], got {negative_share}")
        return [self._sentence(self._rng.random() < negative_share) for _ in range(count)]

    # -- assembly ---------------------------------------------------------------------

    def _sentence(self, negative: bool) -> Sentence:
        if negative and self._rng.random() < WORD_SALAD_SHARE:
            # Everyday English the templates never use ("keyed", "wrong", "means"): the
            # model must not take an unfamiliar lower-case word for a name.
            pieces = self._fill("{WORDS}" + self._rng.choice(("", " {CODE}", " {PAYER}")))
        elif negative:
            pieces = self._fill(self._rng.choice(NEGATIVE_TEMPLATES))
        else:
            # A share of the positive sentences comes out already redacted, as the guard
            # itself writes them: the model must find nothing new in its own output.
            redacted = self._rng.random() < REDACTED_SHARE
            pieces = self._fill(self._rng.choice(POSITIVE_TEMPLATES), redacted)
        negative = not any(label for _, label, _ in pieces)
        roll = self._rng.random()
        if roll < 0.09:
            pieces = _recase(pieces, str.upper)
        elif roll < 0.22:
            pieces = _recase(pieces, str.lower)
        elif negative and roll < 0.27:
            pieces = _recase(pieces, _title)
        elif not negative and roll < 0.45:
            # Slack style: the sentence keeps its capitals ("Aetna", "ED", "Dr.") but the
            # names were typed in lower case, or shouted in upper case.
            pieces = _recase(pieces, str.lower if roll < 0.40 else str.upper, PERSON)
        if self._rng.random() < 0.15:
            pieces = self._add_typo(pieces)
        return _join(pieces)

    def _fill(self, template: str, redacted: bool = False) -> list[Piece]:
        pieces: list[Piece] = []
        position = 0
        for match in _SLOT.finditer(template):
            if match.start() > position:
                pieces.append((template[position : match.start()], None, False))
            slot = match.group(1)
            if redacted and slot in REDACTED_SLOTS:
                pieces.extend(self._redacted(slot))
            else:
                pieces.extend(self._slots[slot]())
            position = match.end()
        if position < len(template):
            pieces.append((template[position:], None, False))
        return pieces

    def _add_typo(self, pieces: list[Piece]) -> list[Piece]:
        candidates = [
            i
            for i, (text, label, keep) in enumerate(pieces)
            if label is None and not keep and _TYPO_WORD.search(text)
        ]
        if not candidates:
            return pieces
        index = self._rng.choice(candidates)
        text, label, keep = pieces[index]
        words = list(_TYPO_WORD.finditer(text))
        word = self._rng.choice(words)
        w = word.group(0)
        i = self._rng.randrange(1, len(w) - 1)
        kind = self._rng.randrange(3)
        if kind == 0:
            typo = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
        elif kind == 1:
            typo = w[:i] + w[i + 1 :]
        else:
            typo = w[:i] + w[i] + w[i:]
        new_text = text[: word.start()] + typo + text[word.end() :]
        return [*pieces[:index], (new_text, label, keep), *pieces[index + 1 :]]

    # -- slot fillers -----------------------------------------------------------------

    def _pick(self, values: tuple[str, ...]) -> Callable[[], list[Piece]]:
        return lambda: [(self._rng.choice(values), None, False)]

    def _first_name(self) -> str:
        roll = self._rng.random()
        if roll < 0.07:
            first, second = self._rng.sample(GIVEN_SYLLABLES, 2)
            return f"{first.capitalize()}-{second}"
        if roll < 0.12:
            return self._rng.choice(self._romanised[0])
        if roll < 0.15:
            return f"{self._rng.choice(('D', 'De'))}'{self._faker_first()}"  # D'Andre
        return self._faker_first()

    def _faker_first(self) -> str:
        return transliterate(str(self._fake.first_name()).split()[0]).capitalize()

    def _faker_last(self) -> str:
        return transliterate(str(self._fake.last_name()).split()[0]).capitalize()

    def _last_name(self) -> str:
        roll = self._rng.random()
        if roll < 0.12:
            return (self._rng.choice(SURNAME_HEADS) + self._rng.choice(SURNAME_TAILS)).capitalize()
        if roll < 0.17:
            return self._rng.choice(self._romanised[1])
        last = self._faker_last()
        roll = self._rng.random()
        if roll < 0.04:
            return f"O'{last}"  # O'Brien, O'Neal
        if roll < 0.08:
            return f"{last}-{self._faker_last()}"  # double-barrelled
        if roll < 0.11:
            return f"Mc{last.lower().capitalize()}"
        return last

    def _name(self) -> list[Piece]:
        first, last = self._first_name(), self._last_name()
        roll = self._rng.random()
        if roll < 0.12:
            initial = self._rng.choice("ABCDEFGHJKLMNPRSTW")
            return [(f"{first} {initial}. {last}", PERSON, False)]
        if roll < 0.22:
            # Two given names ("Mary Ann Smith") or family name first ("Nguyen Van Thanh").
            middle = self._first_name()
            if self._rng.random() < 0.5:
                return [(f"{first} {middle} {last}", PERSON, False)]
            return [(f"{last} {middle} {first}", PERSON, False)]
        return [(f"{first} {last}", PERSON, False)]

    def _first(self) -> list[Piece]:
        return [(self._first_name(), PERSON, False)]

    def _last(self) -> list[Piece]:
        return [(self._last_name(), PERSON, False)]

    def _at(self) -> list[Piece]:
        # "@Denise" is one token for spaCy, so the mention is labelled as a whole.
        return [(f"@{self._first_name()}", PERSON, False)]

    def _last_first(self) -> list[Piece]:
        return [(f"{self._last_name()}, {self._first_name()}", PERSON, False)]

    def _mr(self) -> list[Piece]:
        title = self._rng.choice(("Mr. ", "Mrs. ", "Ms. ", "Mr ", "Mrs ", "Miss "))
        return [(title, None, False), (self._last_name(), PERSON, False)]

    def _dr(self) -> list[Piece]:
        title = self._rng.choice(("Dr. ", "Dr ", "dr. ", "Dr. "))
        name = self._name()[0][0] if self._rng.random() < 0.3 else self._last_name()
        return [(title, None, False), (name, PERSON, False)]

    def _city(self) -> list[Piece]:
        if self._rng.random() < 0.1:
            return [(str(self._fake["en_US"].city()), LOC, False)]
        return [(self._rng.choice(CITIES), LOC, False)]

    def _city_state(self) -> list[Piece]:
        state = self._rng.choice(vocab.STATE_ABBREVIATIONS)
        return [*self._city(), (f", {state}", None, False)]

    def _street_name(self) -> str:
        word = self._rng.choice(STREET_WORDS)
        if self._rng.random() < 0.15:
            word = f"{self._rng.choice('NSEW')} {word}"
        return f"{word} {self._rng.choice(STREET_SUFFIXES)}"

    def _street(self) -> list[Piece]:
        return [(self._street_name(), LOC, False)]

    def _address(self) -> list[Piece]:
        address = f"{self._rng.randrange(1, 9999)} {self._street_name()}"
        if self._rng.random() < 0.25:
            address += f" {self._rng.choice(('Apt', 'Unit', 'Ste', 'Apt.', '#'))} "
            address += str(self._rng.randrange(1, 40))
        return [(address, LOC, False)]

    def _county(self) -> list[Piece]:
        return [(f"{self._rng.choice(COUNTY_WORDS)} County", LOC, False)]

    def _date(self) -> list[Piece]:
        d = self._fake.date_between(start_date="-95y", end_date="+1y")
        formats = (
            f"{d.month:02d}/{d.day:02d}/{d.year}",
            f"{d.month}/{d.day}/{d.year % 100:02d}",
            f"{d:%B} {d.day}, {d.year}",
            f"{d:%Y-%m-%d}",
            f"{d:%b} {d.day}",
            f"{d.month}/{d.day}",
            f"{d.day}-{d:%b}-{d.year}".upper(),
        )
        return [(self._rng.choice(formats), None, False)]

    def _digits(self, low: int, high: int) -> str:
        length = self._rng.randrange(low, high + 1)
        return "".join(self._rng.choice("0123456789") for _ in range(length))

    def _mrn(self) -> list[Piece]:
        prefix = "E" if self._rng.random() < 0.15 else ""
        return [(prefix + self._digits(6, 10), None, False)]

    def _account(self) -> list[Piece]:
        return [(self._digits(8, 12), None, False)]

    def _phone(self) -> list[Piece]:
        a, b, c = self._digits(3, 3), self._digits(3, 3), self._digits(4, 4)
        forms = (
            f"{a}-{b}-{c}",
            f"({a}) {b}-{c}",
            f"{a}.{b}.{c}",
            f"{a}{b}{c}",
            f"+1 {a} {b} {c}",
            f"555-{b}-{c}",
        )
        return [(self._rng.choice(forms), None, False)]

    def _member(self) -> list[Piece]:
        forms = (
            f"W{self._digits(9, 9)}",
            f"XJH{self._digits(9, 9)}",
            f"{self._digits(1, 1)}EG4-TE5-MK{self._digits(2, 2)}",
            f"MCD{self._digits(8, 8)}",
        )
        return [(self._rng.choice(forms), None, False)]

    def _zip(self) -> list[Piece]:
        z = self._digits(5, 5)
        return [(z if self._rng.random() < 0.8 else f"{z}-{self._digits(4, 4)}", None, False)]

    def _age(self) -> list[Piece]:
        return [(str(self._rng.randrange(18, 104)), None, False)]

    def _sex(self) -> list[Piece]:
        return [(self._rng.choice(("F", "M", " F", " M", "yo F", " y/o male", "yoF")), None, False)]

    def _num(self) -> list[Piece]:
        return [(str(self._rng.randrange(1, 60)), None, False)]

    def _time(self) -> list[Piece]:
        forms = ("0300", "2:15pm", "7a", "1900", "noon", "0730", "3 pm", "11:45")
        return [(self._rng.choice(forms), None, False)]

    def _words(self) -> list[Piece]:
        words = self._fake["en_US"].words(nb=self._rng.randrange(2, 12))
        text = " ".join(words)
        if self._rng.random() < 0.5:
            text = text[:1].upper() + text[1:]
        return [(text, None, False)]

    def _redacted(self, slot: str) -> list[Piece]:
        kind = REDACTED_SLOTS[slot]
        placeholder: Piece = (f"<{kind}_{self._rng.randrange(1, 6)}>", None, True)
        if slot in ("MR", "DR"):
            return [(self._mr()[0][0] if slot == "MR" else "Dr. ", None, False), placeholder]
        if slot == "CITYST":
            return [placeholder, (f", {self._rng.choice(vocab.STATE_ABBREVIATIONS)}", None, False)]
        return [placeholder]

    def _placeholder(self) -> list[Piece]:
        kind = self._rng.choice(PLACEHOLDER_TYPES)
        return [(f"<{kind}_{self._rng.randrange(1, 6)}>", None, True)]


def _romanised_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Given and family names of Faker's Japanese and Chinese providers, Latin spelling."""
    given: set[str] = set()
    family: set[str] = set()
    for locale in ("ja_JP", "zh_CN"):
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        given.update(str(n).capitalize() for n in provider.first_romanized_names)
        family.update(str(n).capitalize() for n in provider.last_romanized_names)
    return tuple(sorted(given)), tuple(sorted(family))


def _title(text: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in text.split(" "))


def _recase(
    pieces: list[Piece], change: Callable[[str], str], only: str | None = None
) -> list[Piece]:
    """Change the case of every piece, or only of the pieces labelled ``only``."""
    recased: list[Piece] = []
    for text, label, keep in pieces:
        new_text = text if keep or (only is not None and label != only) else change(text)
        # Offsets are computed after assembly, but a change of length inside a piece
        # (German sharp s, some ligatures) would still shift characters: keep those.
        recased.append((new_text if len(new_text) == len(text) else text, label, keep))
    return recased


def _join(pieces: list[Piece]) -> Sentence:
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    position = 0
    for text, label, _keep in pieces:
        if label is not None:
            spans.append((position, position + len(text), label))
        parts.append(text)
        position += len(text)
    joined = "".join(parts)
    # "{FIRST} {LAST}" is one person, not two: merge same-label spans split by spaces.
    merged: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if merged and merged[-1][2] == label and joined[merged[-1][1] : start].isspace():
            merged[-1] = (merged[-1][0], end, label)
        else:
            merged.append((start, end, label))
    return Sentence(text=joined, spans=tuple(merged))
