"""Fitting the sentence-role model on annotated documents (`resolute train_reader`, `make train-reader`).

Each sentence or list item of a document (as the pipeline reads it) is labelled from the document's
answer key: a label is on when an item of that kind (a target, result, task or shortcoming) is written in
the sentence, or the sentence is a part of the item. Items marked borderline leave their sentences out of
that label's training, as the scorer leaves them out of the score. The fit is plain stochastic gradient
descent with an L2 penalty, in a fixed order drawn from a fixed seed, so the same documents give the
same coefficients, byte for byte.
"""

from __future__ import annotations

import random
from pathlib import Path

from .. import scoring
from . import LABELS, SentenceModel, Unit, features

_KEY_OF = {"target": "targets", "result": "results", "task": "tasks", "shortcoming": "shortcomings"}
SEED = 20261205
EPOCHS = 30
RATE = 0.2
PENALTY = 1e-2
# Words are many and each is seen in few sentences: they are held back harder than the general features.
WORD_PENALTY = 1e-2
MIN_COUNT = 2
MIN_DOCUMENTS = 2
THRESHOLD = 0.5
# Word features help to tell a task (whose wording varies less across documents) and mislead on the
# other roles, which are told better by figures, cue words and the rules: only tasks read them.
LEXICAL_LABELS = ("task",)


def labelled_units(text: str, expected: dict) -> list[tuple[Unit, dict[str, int | None]]]:
    """The units of a document, each with 1 (on), 0 (off) or None (left out) per label."""
    from ..pipeline import document_units

    lang = expected.get("lang") or expected.get("language")
    units = document_units(text, lang=lang)
    unit_tokens = [scoring.tokens(unit.text) for unit in units]
    marks: list[dict[str, int | None]] = [dict.fromkeys(LABELS, 0) for _ in units]
    for label in LABELS:
        for item in expected.get(_KEY_OF[label]) or []:
            item_tokens = scoring.tokens(item.get("text") or "")
            if not item_tokens:
                continue
            value = None if item.get("borderline") else 1
            for index, tokens in enumerate(unit_tokens):
                if not tokens:
                    continue
                shared = len(item_tokens & tokens)
                inside = shared >= 0.8 * len(item_tokens)
                part_of = shared >= 0.8 * len(tokens) and len(tokens) >= 3
                if (inside or part_of) and (value == 1 or marks[index][label] == 0):
                    marks[index][label] = value
    return list(zip(units, marks, strict=True))


Example = tuple[Unit, dict[str, int | None], int]  # a unit, its labels, the index of its document


def corpus_examples(paths: list[tuple[Path, Path]]) -> list[Example]:
    """The labelled units of every (text, key) pair, in the order given, with their document's index."""
    examples = []
    for index, (text_path, expected_path) in enumerate(paths):
        found = labelled_units(text_path.read_text(encoding="utf-8"), scoring.load_expected(expected_path))
        examples.extend((unit, marks, index) for unit, marks in found)
    return examples


def fit(examples: list[Example], *, seed: int = SEED) -> SentenceModel:
    """Logistic regressions, one per label, on the examples (see the module docstring). A feature is kept
    when it is seen in at least two sentences and, for words, in at least three documents: a word of one
    document only (a name, a place) says nothing of the next."""
    rows = [(sorted(set(features(unit))), marks) for unit, marks, _document in examples]
    counts: dict[str, int] = {}
    documents: dict[str, set[int]] = {}
    for (names, _marks), (_unit, _labels, document) in zip(rows, examples, strict=True):
        for name in names:
            counts[name] = counts.get(name, 0) + 1
            documents.setdefault(name, set()).add(document)
    kept = {
        name
        for name, count in counts.items()
        if name == "bias:1"
        or count >= MIN_COUNT
        and (len(documents[name]) >= MIN_DOCUMENTS or not _is_lexical(name))
    }
    rows = [([name for name in names if name in kept], marks) for names, marks in rows]
    weights = {name: [0.0] * len(LABELS) for name in sorted(kept)}
    order = list(range(len(rows)))
    shuffler = random.Random(seed)
    for label_index, label in enumerate(LABELS):
        labelled = [index for index in order if rows[index][1][label] is not None]
        positives = sum(1 for index in labelled if rows[index][1][label] == 1)
        negatives = len(labelled) - positives
        # Rare labels weigh their positives up (at most 3 times) so that they are not drowned.
        positive_weight = min(3.0, max(1.0, negatives / positives)) if positives else 1.0
        step = 0
        lexical = label in LEXICAL_LABELS
        for _epoch in range(EPOCHS):
            shuffler.shuffle(labelled)
            for index in labelled:
                names, marks = rows[index]
                if not lexical:
                    names = [name for name in names if not name.startswith("w:")]
                step += 1
                rate = RATE / (1.0 + step / 2000.0)
                score = sum(weights[name][label_index] for name in names)
                predicted = 1.0 / (1.0 + _exp(-score))
                target = marks[label]
                gradient = (predicted - target) * (positive_weight if target == 1 else 1.0)
                for name in names:
                    row = weights[name]
                    penalty = WORD_PENALTY if name.startswith("w:") else PENALTY
                    row[label_index] -= rate * (gradient + penalty * row[label_index])
    weights = {name: [round(value, 4) for value in values] for name, values in weights.items()}
    weights = {name: values for name, values in weights.items() if any(values)}
    meta = {"examples": len(rows), "features": len(weights), "seed": seed, "epochs": EPOCHS}
    return SentenceModel(weights, dict.fromkeys(LABELS, THRESHOLD), meta)


def _is_lexical(name: str) -> bool:
    return name.startswith(("w:", "first:", "first2:", "h:"))


def _exp(value: float) -> float:
    import math

    return math.exp(max(-60.0, min(60.0, value)))


def train_on_folder(folder: Path | str, *, seed: int = SEED) -> SentenceModel:
    """A model fitted on every annotated document of a folder."""
    return fit(corpus_examples(scoring.find_documents(folder)), seed=seed)
