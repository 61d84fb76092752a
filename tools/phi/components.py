"""spaCy pipeline components of the PHI model.

The trained pipeline names these factories in its ``config.cfg``; ``spacy.load`` can only
rebuild it after this module is imported, which ``tools.phi`` does on import.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

LOWER_LEMMA = "baton_lower_lemma"


@Language.component(LOWER_LEMMA)
def lower_lemma(doc: Doc) -> Doc:
    """Set each token's lemma to its lower-cased text.

    Presidio's context enhancer compares context words ("mrn", "dob", "fax") with token
    lemmas. A blank English pipeline has no lemmatizer, so without this every lemma is
    empty and no context word ever counts.
    """
    for token in doc:
        # The hash of the lower-case form, already in the vocabulary's strings: the same
        # lemma as ``token.lemma_ = token.lower_`` without two string conversions.
        token.lemma = token.lower
    return doc
