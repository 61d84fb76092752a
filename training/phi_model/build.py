"""Train the small spaCy NER pipeline the PHI guard uses for names and places.

    python -m training.phi_model.build --out tools/phi/model [--sentences N] [--epochs E]
                                    [--seed S]

No spaCy English model can be downloaded on our machines (see offline-deps.md), so the
model is trained here from synthetic sentences (``training_data``). The same seed gives
the same sentences and the same initial weights; the run takes about two minutes on two
CPU cores and the saved pipeline is a few MB.

The pipeline is ``blank("en")`` + ``baton_lower_lemma`` (lemmas for Presidio's context
words) + ``ner`` with the labels PERSON and LOC. The model is written to a temporary
directory next to ``--out`` and moved into place only when training succeeded.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.util import compounding, fix_random_seed, minibatch

from tools.phi.components import LOWER_LEMMA
from training.phi_model.sentences import LABELS, Sentence, SentenceFactory

DEFAULT_SENTENCES = 5000
DEFAULT_EPOCHS = 8
DEFAULT_SEED = 20261122
DEV_SENTENCES = 600
DROPOUT = 0.2
MODEL_NAME = "baton_phi_ner"
MODEL_VERSION = "1.0.0"

# A smaller tok2vec than spaCy's default keeps the model a few MB and a message under
# ~10 ms; NORM carries the vocabulary, SHAPE/PREFIX/SUFFIX carry capitalisation.
NER_CONFIG: dict[str, Any] = {
    "model": {
        "@architectures": "spacy.TransitionBasedParser.v2",
        "state_type": "ner",
        "extra_state_tokens": False,
        "hidden_width": 64,
        "maxout_pieces": 2,
        "use_upper": True,
        "nO": None,
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": {
                "@architectures": "spacy.MultiHashEmbed.v2",
                "width": 64,
                "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
                "rows": [5000, 1000, 2500, 1000],
                "include_static_vectors": False,
            },
            "encode": {
                "@architectures": "spacy.MaxoutWindowEncoder.v2",
                "width": 64,
                "depth": 4,
                "window_size": 1,
                "maxout_pieces": 3,
            },
        },
    }
}


def to_examples(nlp: Language, sentences: Sequence[Sentence]) -> list[Example]:
    """Turn sentences into spaCy examples, skipping any whose spans miss token bounds."""
    examples = []
    for sentence in sentences:
        doc = nlp.make_doc(sentence.text)
        spans = [doc.char_span(s, e, label=label) for s, e, label in sentence.spans]
        if any(span is None for span in spans):
            continue  # a misaligned span would teach "O" for part of a name
        examples.append(Example.from_dict(doc, {"entities": list(sentence.spans)}))
    return examples


# Staff requests written for the routing profiles: real operations phrasing with no
# people in it. Read as plain data files (not through the knowledge package) and used
# as negatives, so capitalised verbs and wh-words ("Decide whether", "What") and
# operations nouns are not learned as names.
OPERATIONS_CORPUS = Path(__file__).resolve().parents[2] / "knowledge" / "data"


def operations_negatives(folder: Path = OPERATIONS_CORPUS) -> list[Sentence]:
    import yaml

    texts: list[str] = []
    for path in sorted(folder.glob("agents/*.yaml")):
        texts += yaml.safe_load(path.read_text(encoding="utf-8")).get("typical_requests", [])
    for path in sorted(folder.glob("examples/*.yaml")):
        texts += yaml.safe_load(path.read_text(encoding="utf-8")).get("examples", [])
    variants: list[str] = []
    for text in texts:
        variants.append(text)
        # The same request capitalised the other way: Slack text is often lower case,
        # and a capital first word must not look like a name either.
        first = text[:1]
        variants.append((first.lower() if first.isupper() else first.upper()) + text[1:])
    return [Sentence(text=t, spans=()) for t in dict.fromkeys(variants)]


def new_pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe(LOWER_LEMMA)
    ner = nlp.add_pipe("ner", config=NER_CONFIG)
    for label in LABELS:
        ner.add_label(label)  # type: ignore[attr-defined]  # spaCy types a pipe as a callable
    return nlp


def train(
    sentences: int = DEFAULT_SENTENCES,
    epochs: int = DEFAULT_EPOCHS,
    seed: int = DEFAULT_SEED,
    log: Any = print,
) -> tuple[Language, dict[str, Any]]:
    """Train the pipeline; return it with a small report (counts and dev scores)."""
    if sentences < 100:
        raise ValueError(f"--sentences must be at least 100, got {sentences}")
    if epochs < 1:
        raise ValueError(f"--epochs must be at least 1, got {epochs}")
    fix_random_seed(seed)
    started = time.perf_counter()
    nlp = new_pipeline()
    train_examples = to_examples(nlp, SentenceFactory(seed).sentences(sentences))
    train_examples += to_examples(nlp, operations_negatives())
    dev_sentences = SentenceFactory(seed + 1).sentences(DEV_SENTENCES)
    dev_examples = to_examples(nlp, dev_sentences)
    optimizer = nlp.initialize(lambda: train_examples)
    # Shuffling must not depend on spaCy's global seed, hence its own generator.
    rng = random.Random(seed)
    for epoch in range(1, epochs + 1):
        rng.shuffle(train_examples)
        losses: dict[str, float] = {}
        for batch in minibatch(train_examples, size=compounding(4.0, 32.0, 1.001)):
            nlp.update(batch, drop=DROPOUT, sgd=optimizer, losses=losses)
        log(f"epoch {epoch}/{epochs}  ner loss {losses.get('ner', 0.0):.1f}")
    scores = nlp.evaluate(dev_examples)
    negatives = [s for s in dev_sentences if s.is_negative]
    tagged = sum(1 for doc in nlp.pipe(s.text for s in negatives) if doc.ents)
    report = {
        "seed": seed,
        "epochs": epochs,
        "train_sentences": len(train_examples),
        "dev_sentences": len(dev_examples),
        "dev_precision": round(scores["ents_p"], 4),
        "dev_recall": round(scores["ents_r"], 4),
        "dev_f": round(scores["ents_f"], 4),
        "dev_per_type": {
            label: {k: round(v, 4) for k, v in values.items()}
            for label, values in (scores.get("ents_per_type") or {}).items()
        },
        "dev_negative_sentences_with_entities": f"{tagged}/{len(negatives)}",
        "train_seconds": round(time.perf_counter() - started, 1),
    }
    nlp.meta.update(
        name=MODEL_NAME,
        version=MODEL_VERSION,
        description="Baton PHI guard: PERSON/LOC NER trained on synthetic operations chat.",
        license="proprietary",
    )
    nlp.meta["baton_training"] = report
    return nlp, report


def save(nlp: Language, out: Path) -> None:
    """Write the pipeline to ``out`` atomically (a temporary sibling, then a rename)."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        nlp.to_disk(staging)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m training.phi_model.build",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--out", type=Path, required=True, help="directory to write")
    parser.add_argument("--sentences", type=int, default=DEFAULT_SENTENCES)
    parser.add_argument("--epochs", type=int, default=DEFAULT_EPOCHS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    try:
        nlp, report = train(args.sentences, args.epochs, args.seed)
    except ValueError as error:
        parser.error(str(error))
    save(nlp, args.out)
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    print(json.dumps({**report, "out": str(args.out), "size_bytes": size}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
