"""Which verb a clause opens with, when it is an order ("knock 40% off the bill").

The decision detector's pattern list knows the verbs people have used so far; staff keep
finding new ones. A part-of-speech tagger recognises an imperative by its grammar
instead: a clause that opens with a verb in its base form, with no subject before it.
The tagger is the tagging half of the PHI guard's pinned English pipeline (the same
package, checked against the same checksum), loaded on first use only, so commands that
never read a request for a decision never pay for it.
"""

from __future__ import annotations

import re
import threading
from functools import cache

import spacy
from spacy.language import Language

from tools.phi.pipelines import check_stock_pipeline, stock_model_dir

# Only the tagger and the vectors it reads; the NER, parser and lemmas are not needed.
_UNUSED = ("ner", "parser", "attribute_ruler", "lemmatizer", "senter")
# "ok so please just go ahead and …": what precedes the verb of an order.
_LEAD_IN = re.compile(
    r"^(?:(?:ok(?:ay)?|so|then|please|pls|just|now|fine|and|but|also|hey|baton)[,]?\s+)*"
    r"(?:go\s+ahead\s+(?:and\s+)?)?",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"[A-Z]{2,}\b")  # "EVS cost per patient day …" opens with a noun
# An order is followed by what it acts on: "the", "it", "her", "40%", "off". A base-form
# verb followed by anything else is a heading or a noun ("Admit: 2/24", "claim # 123",
# "discharge before noon rate", "do not assign").
_OBJECT_TAGS = frozenset({"DT", "PDT", "PRP", "PRP$", "CD", "RP"})
_lock = threading.Lock()


@cache
def _tagger() -> Language:
    model_dir = stock_model_dir()
    check_stock_pipeline(model_dir)
    return spacy.load(model_dir, exclude=list(_UNUSED))


def leading_imperative(clause: str) -> str | None:
    """The verb (lower case) that opens ``clause`` as an order on an object, or None.

    The first letter is lowered before tagging: a sentence-initial capital makes the
    tagger read a rare verb ("Deem", "Knock") as a proper noun."""
    body = _LEAD_IN.sub("", clause.strip())
    if not body or _ACRONYM.match(body):
        return None
    with _lock:  # loading is once per process; tagging itself is thread-safe
        tagger = _tagger()
    tokens = tagger(body[0].lower() + body[1:])
    if len(tokens) < 2 or tokens[0].tag_ != "VB" or tokens[1].tag_ not in _OBJECT_TAGS:
        return None
    return tokens[0].text.lower()
