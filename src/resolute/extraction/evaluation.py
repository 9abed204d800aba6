"""Measuring the reader on the corpus of real documents (`resolute eval_extraction --corpus`, `make eval`).

The corpus (kept outside the repository: its texts are public but not ours to ship) has a `dev/` folder
to read, tune and train on and a `test/` folder that is only scored. This module scores the development
documents with the shipped model, scores them again by k-fold (the documents dealt into k folds in name
order; for each fold a model is fitted on the other folds and reads the fold), scores the test documents
with the shipped model, groups the figures by genre and language, and sorts what remains wrong on the
development documents into failure classes. Pure Python; it imports the pipeline but nothing of Django.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import scoring
from .model import SentenceModel
from .model.training import corpus_examples, fit

CORPUS_ENV = "EXTRACTION_CORPUS"
DEFAULT_CORPUS = Path("..") / "shared" / "extraction-corpus"
ITEM_KEYS = ("targets", "results", "tasks", "shortcomings")

# Genres are written freely in the keys; these groups gather them by what the document is.
_GENRES = (
    ("directive or telegram", re.compile(r"directive|telegram|chỉ thị|công điện|instruction", re.I)),
    ("resolution, plan or decision", re.compile(r"resolution|plan\b|decision|infographic", re.I)),
    (
        "meeting, conference or review",
        re.compile(
            r"conference|meeting|session|review|interview|directions|"
            r"conclusion|results",
            re.I,
        ),
    ),
)


def genre_group(genre: str | None) -> str:
    """The group a key's free-text genre falls in."""
    for name, pattern in _GENRES:
        if pattern.search(genre or ""):
            return name
    return "other"


def corpus_folder(explicit: str | Path | None = None) -> Path:
    """The corpus folder: the one given, else $EXTRACTION_CORPUS, else ../shared/extraction-corpus."""
    if explicit:
        return Path(explicit)
    return Path(os.environ.get(CORPUS_ENV) or DEFAULT_CORPUS)


def absent_message(folder: Path) -> str | None:
    """Why the corpus at `folder` cannot be read (None when it can)."""
    if not folder.is_dir():
        return (
            f"The corpus of real documents is not at {folder}. Set {CORPUS_ENV} (or --corpus) to the "
            "folder that holds dev/ and test/."
        )
    if not scoring.find_documents(folder / "dev"):
        return f"{folder} has no dev/ folder of annotated documents (*.txt beside *.expected.json)."
    return None


@dataclass
class Scored:
    """The scores of a set of documents with each document's genre group and language."""

    result: scoring.FolderScore
    groups: dict[str, str] = field(default_factory=dict)  # document name -> genre group
    langs: dict[str, str] = field(default_factory=dict)
    predictions: dict[str, dict] = field(default_factory=dict)  # document name -> predicted key

    def by(self, attribute: str) -> dict[str, dict[str, scoring.Counts]]:
        """Counts per key summed over the documents of each genre group ("groups") or language ("langs")."""
        labels = getattr(self, attribute)
        summed: dict[str, dict[str, scoring.Counts]] = {}
        for document in self.result.documents:
            bucket = summed.setdefault(labels.get(document.name, "other"), {})
            for key, score in document.keys.items():
                bucket.setdefault(key, scoring.Counts()).add(score)
        return dict(sorted(summed.items()))


def score_documents(pairs: list[tuple[Path, Path]], extract_fn, model: SentenceModel | None = None) -> Scored:
    """Score (text, key) pairs with `extract_fn(text, lang=..., model=...)`."""
    scored = Scored(scoring.FolderScore(documents=[]))
    for text_path, expected_path in pairs:
        expected = scoring.load_expected(expected_path)
        text = text_path.read_text(encoding="utf-8")
        predicted = extract_fn(text, lang=expected.get("lang"), model=model).to_answer_key()
        name = text_path.name[: -len(".txt")]
        document = scoring.score_document(predicted, expected, name=name)
        scored.result.documents.append(document)
        scored.groups[name] = genre_group(expected.get("genre"))
        scored.langs[name] = expected.get("lang") or expected.get("language") or "?"
        scored.predictions[name] = predicted
    return scored


def folds(pairs: list, k: int) -> list[list]:
    """The documents dealt into k folds in name order (document i goes to fold i mod k)."""
    k = max(2, min(k, len(pairs)))
    return [pairs[index::k] for index in range(k)]


def k_fold(pairs: list[tuple[Path, Path]], extract_fn, k: int = 5) -> Scored:
    """Each fold read by a model fitted on the other folds; the scores of every fold together."""
    together = Scored(scoring.FolderScore(documents=[]))
    dealt = folds(pairs, k)
    for index, held in enumerate(dealt):
        training = [pair for other, fold in enumerate(dealt) if other != index for pair in fold]
        model = fit(corpus_examples(training))
        scored = score_documents(held, extract_fn, model)
        together.result.documents.extend(scored.result.documents)
        together.groups.update(scored.groups)
        together.langs.update(scored.langs)
    together.result.documents.sort(key=lambda document: document.name)
    return together


# --- failure classes -----------------------------------------------------------------------------------

_KIND_OF_KEY = {"targets": "target", "results": "result", "tasks": "task", "shortcomings": "shortcoming"}


def _overlap(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a) if a else 0.0


def failure_classes(scored: Scored, expected_keys: dict[str, dict]) -> Counter:
    """What remains wrong, sorted into classes ("targets missed: read as a task", "results spurious:
    the sentence holds no item", "targets missed: unit differs", ...) and counted."""
    classes: Counter = Counter()
    for document in scored.result.documents:
        expected = expected_keys[document.name]
        predicted = scored.predictions.get(document.name, {})
        for key in ITEM_KEYS:
            score = document.keys[key]
            near = {id(miss.expected): miss for miss in score.near_misses}
            for item in score.unmatched_expected:
                classes[f"{key} missed: {_why_missed(key, item, near.get(id(item)), predicted)}"] += 1
            for item in score.unmatched_predicted:
                classes[f"{key} spurious: {_why_spurious(key, item, expected)}"] += 1
    return classes


def _why_missed(key: str, item: dict, near, predicted: dict) -> str:
    if near is not None:
        return f"{' and '.join(near.fields)} differs"
    wanted = scoring.tokens(item.get("text") or "")
    same_key = [scoring.tokens(other.get("text") or "") for other in predicted.get(key) or []]
    if any(_overlap(wanted, other) >= 0.5 for other in same_key):
        return "cut differently (a prediction shares part of its words)"
    for other_key in ITEM_KEYS:
        if other_key == key:
            continue
        for other in predicted.get(other_key) or []:
            if _overlap(wanted, scoring.tokens(other.get("text") or "")) >= 0.8:
                return f"read as {_KIND_OF_KEY[other_key]} only"
    return "sentence not read as one"


def _why_spurious(key: str, item: dict, expected: dict) -> str:
    found = scoring.tokens(item.get("text") or "")
    for other_key in ITEM_KEYS:
        for other in expected.get(other_key) or []:
            wanted = scoring.tokens(other.get("text") or "")
            if wanted and _overlap(found, wanted) >= 0.5 or _overlap(wanted, found) >= 0.8:
                if other_key == key:
                    return "cut differently or a second item from one"
                return f"key has it as {_KIND_OF_KEY[other_key]}"
    return "the key has no item there"
