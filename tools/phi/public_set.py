"""A public synthetic PII evaluation set, built from Presidio's own evaluation data.

The ``presidio-evaluator`` package (pinned by hash in ``requirements-model.txt``, installed
without its dependencies) ships the templates Presidio's authors evaluate with
(``raw_data/templates.txt``: "My name is {{person}}", "{{building_number}} {{street_name}}"
…) and a table of fictional people (``raw_data/FakeNameGenerator.com_3000.csv``). This
module fills the templates with the table's United States rows, and Faker (fixed seed) for
what the table lacks, and labels each filled value with the guard's type.

For evaluation only: nothing here may be used to train or tune the guard. Values whose
type is not a Safe Harbor identifier (organizations, countries, nationalities, jobs,
years, weekdays, state abbreviations, titles) are filled but not labelled; credit-card
and IBAN numbers are account numbers under Safe Harbor.

    messages = build_public_set(n=600, seed=2026)   # list[LabelledMessage]
"""

from __future__ import annotations

import csv
import importlib.util
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from faker import Faker

from tools.phi.evaluation import LabelledMessage, LabelledSpan

PACKAGE = "presidio_evaluator"
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")

# Template entity -> guard type; None: filled, never labelled (not an identifier).
ENTITY_TYPES: dict[str, str | None] = {
    "person": "PERSON",
    "name": "PERSON",
    "first_name": "PERSON",
    "last_name": "PERSON",
    "name_female": "PERSON",
    "name_male": "PERSON",
    "first_name_male": "PERSON",
    "first_name_female": "PERSON",
    "first_name_nonbinary": "PERSON",
    "last_name_male": "PERSON",
    "last_name_female": "PERSON",
    "address": "ADDRESS",
    "street_name": "ADDRESS",
    "building_number": "ADDRESS",
    "secondary_address": "ADDRESS",
    "city": "LOCATION",
    "zipcode": "ZIP",
    "postcode": "ZIP",
    "phone_number": "PHONE",
    "email": "EMAIL",
    "url": "URL",
    "ip_address": "IP_ADDRESS",
    "ssn": "SSN",
    "credit_card_number": "ACCOUNT_NUMBER",
    "iban": "ACCOUNT_NUMBER",
    "us_driver_license": "LICENSE_NUMBER",
    "date_of_birth": "DATE",
    "date_time": "DATE",
    "age": "AGE",  # labelled when over 89 (build_public_set)
    "organization": None,
    "country": None,
    "nationality": None,
    "nation_woman": None,
    "nation_plural": None,
    "job": None,
    "year": None,
    "day_of_week": None,
    "state_abbr": None,
    "prefix": None,
    "prefix_male": None,
    "prefix_female": None,
}


class PublicSetMissing(RuntimeError):
    """presidio-evaluator's data is not installed."""


def data_dir() -> Path:
    """The package's raw_data folder, found without importing the package (its imports
    need libraries Baton does not install)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise PublicSetMissing(
            f"{PACKAGE} is not installed; bin/setup installs it from requirements-model.txt"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data_generator" / "raw_data"


@dataclass(frozen=True)
class _Person:
    row: dict[str, str]

    def value(self, entity: str, fake: Faker) -> str:
        r = self.row
        female = r["Gender"] == "female"
        values: dict[str, Callable[[], str]] = {
            "person": lambda: f"{r['GivenName']} {r['Surname']}",
            "name": lambda: f"{r['GivenName']} {r['Surname']}",
            "name_female": lambda: (
                f"{r['GivenName']} {r['Surname']}" if female else fake.name_female()
            ),
            "name_male": lambda: fake.name_male() if female else f"{r['GivenName']} {r['Surname']}",
            "first_name": lambda: r["GivenName"],
            "first_name_female": lambda: r["GivenName"] if female else fake.first_name_female(),
            "first_name_male": lambda: fake.first_name_male() if female else r["GivenName"],
            "first_name_nonbinary": lambda: r["GivenName"],
            "last_name": lambda: r["Surname"],
            "last_name_male": lambda: r["Surname"],
            "last_name_female": lambda: r["Surname"],
            "address": lambda: r["StreetAddress"],
            "street_name": lambda: r["StreetAddress"].split(" ", 1)[-1],
            "building_number": lambda: r["StreetAddress"].split(" ", 1)[0],
            "secondary_address": fake.secondary_address,
            "city": lambda: r["City"],
            # The table lost the leading zeros of New England ZIP codes ("1821").
            "zipcode": lambda: r["ZipCode"].zfill(5),
            "postcode": lambda: r["ZipCode"].zfill(5),
            "state_abbr": lambda: r["State"],
            "phone_number": lambda: r["TelephoneNumber"],
            "email": lambda: r["EmailAddress"],
            "ssn": lambda: r["NationalID"],
            "date_of_birth": lambda: r["Birthday"],
            "age": lambda: r["Age"],
            "job": lambda: r["Occupation"],
            "organization": lambda: r["Company"],
            "prefix": lambda: r["Title"],
            "prefix_male": lambda: "Mr.",
            "prefix_female": lambda: r["Title"] if female else "Ms.",
            "url": fake.url,
            "ip_address": fake.ipv4_public,
            "credit_card_number": fake.credit_card_number,
            "iban": fake.iban,
            "us_driver_license": lambda: fake.bothify("?#######").upper(),
            "date_time": lambda: fake.date(pattern="%B %d, %Y"),
            "country": fake.country,
            "nationality": lambda: fake.random_element(("American", "Canadian", "Mexican")),
            "nation_woman": lambda: fake.random_element(("American", "Irish", "Korean")),
            "nation_plural": lambda: fake.random_element(("Americans", "Canadians")),
            "year": lambda: str(fake.random_int(1950, 2025)),
            "day_of_week": fake.day_of_week,
        }
        return values[entity]()


def load_templates(folder: Path) -> list[str]:
    templates = []
    for line in (folder / "templates.txt").read_text(encoding="utf-8").splitlines():
        # Templates write line breaks as "\n"; a few use single braces by mistake.
        line = line.replace("\\n", "\n").replace("\\,", ",").strip()
        if line and set(_PLACEHOLDER.findall(line)) <= set(ENTITY_TYPES):
            templates.append(line)
    return templates


def load_people(folder: Path) -> list[_Person]:
    with (folder / "FakeNameGenerator.com_3000.csv").open(encoding="utf-8-sig") as handle:
        return [_Person(row) for row in csv.DictReader(handle) if row["Country"] == "US"]


def build_public_set(n: int = 600, seed: int = 2026) -> list[LabelledMessage]:
    """``n`` messages from the templates that hold at least one identifier."""
    folder = data_dir()
    templates = [t for t in load_templates(folder) if _labelled_entities(t)]
    people = load_people(folder)
    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    messages = []
    for number in range(1, n + 1):
        template = rng.choice(templates)
        person = rng.choice(people)
        text, spans = "", []
        position = 0
        for match in _PLACEHOLDER.finditer(template):
            text += template[position : match.start()]
            value = person.value(match.group(1), fake)
            kind = ENTITY_TYPES[match.group(1)]
            if kind == "AGE" and int(value) < 90:
                kind = None  # Safe Harbor removes ages over 89 only
            if kind is not None:
                spans.append(LabelledSpan(kind, len(text), len(text) + len(value)))
            text += value
            position = match.end()
        text += template[position:]
        messages.append(LabelledMessage(f"pub{number:04d}", text, tuple(spans)))
    return messages


def _labelled_entities(template: str) -> list[str]:
    return [e for e in _PLACEHOLDER.findall(template) if ENTITY_TYPES[e] is not None]
