"""Baton's PHI guard: typed placeholders for HIPAA Safe Harbor identifiers in free text.

Public API: ``PhiGuard``, ``PlaceholderMap``, ``Redaction``, ``PhiEntity``,
``PhiInputError``, ``PhiModelMissing``, ``PhiRedactingFilter`` and ``ENTITY_TYPES``.
"""

import os

# tldextract (used by Presidio's e-mail recognizer) fetches the public suffix list over
# the network unless told otherwise; set before anything imports it. Our e-mail
# recognizer also uses an explicitly offline extractor, so this is belt and braces.
os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""

# Registers the spaCy factory the saved model refers to; must precede spacy.load.
from tools.phi import components  # noqa: F401
from tools.phi.guard import (
    PhiEntity,
    PhiGuard,
    PhiInputError,
    PlaceholderMap,
    Redaction,
)
from tools.phi.logging_filter import PhiRedactingFilter
from tools.phi.pipelines import PhiModelMissing
from tools.phi.recognizers import ENTITY_TYPES

__all__ = [
    "ENTITY_TYPES",
    "PhiEntity",
    "PhiGuard",
    "PhiInputError",
    "PhiModelMissing",
    "PhiRedactingFilter",
    "PlaceholderMap",
    "Redaction",
]
