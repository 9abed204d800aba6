"""Scoring an extraction against a hand-made answer key.

The rules (docs/extraction-quality.md explains them for readers):

- Texts are compared as token sets after normalisation: Unicode NFC, casefold, punctuation and symbols
  turned into spaces, whitespace collapsed. A predicted item P *matches* an expected item E when at least
  80% of E's tokens are in P and at least 25% of P's tokens are in E.
- Each key adds its own field checks on top of the text match (targets: comparator, value, min, max,
  unit, deadline; results: value, unit; sections: level). A pair that matches on text but not on a field
  is not a match: the prediction is a false positive and the expected item a false negative.
- Matching is one-to-one and greedy: the eligible pairs are taken best first (expected items that are not
  borderline before borderline ones, then by token overlap), and each item is used at most once.
- Expected items marked ``borderline: true`` are optional: matching one counts nothing, missing one counts
  nothing.
- Precision, recall and F1 are reported per key per document and micro-averaged over a folder (counts
  summed first, ratios taken last).

The module is pure Python and imports nothing from Django, so tests and benchmarks can use it directly.
"""

from __future__ import annotations

import datetime
import json
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

KEYS = ("sections", "targets", "results", "tasks", "shortcomings", "references", "org_units")

# The field holding each key's text, and the other fields that may stand for it (expected side only).
TEXT_FIELD = {
    "sections": "heading",
    "targets": "text",
    "results": "text",
    "tasks": "text",
    "shortcomings": "text",
    "references": "text",
    "org_units": "name",
}
ALIAS_FIELD = {"references": "aliases", "org_units": "aliases"}

# Fields that must be equal, besides the text, for a pair to count as a match.
NUMBER_FIELDS = {"targets": ("value", "min", "max"), "results": ("value",)}
UNIT_FIELD = {"targets": "unit", "results": "unit"}
EXACT_FIELDS = {"targets": ("comparator", "deadline"), "sections": ("level",)}

MIN_EXPECTED_COVERED = 0.8
MIN_PREDICTED_RELEVANT = 0.25

CORPUS_FOLDER = Path(__file__).resolve().parent / "corpus"


# --- normalisation -------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """NFC, casefold, punctuation and symbols replaced by spaces, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text or "").casefold()
    kept = [" " if unicodedata.category(char)[0] in "PS" else char for char in text]
    return " ".join("".join(kept).split())


def tokens(text: str) -> frozenset[str]:
    """The set of normalised tokens of `text`."""
    return frozenset(normalise(text).split())


def text_match(expected_tokens: frozenset[str], predicted_tokens: frozenset[str]) -> float | None:
    """The overlap score of a pair when it matches by the token rule, else None.

    The score (Jaccard) only orders candidate pairs; the thresholds decide whether they match at all.
    """
    if not expected_tokens or not predicted_tokens:
        return None
    shared = len(expected_tokens & predicted_tokens)
    if shared < MIN_EXPECTED_COVERED * len(expected_tokens):
        return None
    if shared < MIN_PREDICTED_RELEVANT * len(predicted_tokens):
        return None
    return shared / len(expected_tokens | predicted_tokens)


def as_decimal(value: Any) -> Decimal | None:
    """A JSON number (or numeric string) as a Decimal; None stays None, junk becomes NaN-free None."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


_PERCENT_WORD = re.compile(r"\bper\s?cent\b")


def normalise_unit(unit: Any) -> str | None:
    """Casefolded unit with "percent" written as "%", so "%" == "percent" and "% of plan" == "percent of
    plan"; "percentage points" is left alone (it is a different unit)."""
    if unit is None:
        return None
    unit = " ".join(str(unit).casefold().split())
    if not unit:
        return None
    return _PERCENT_WORD.sub("%", unit)


def normalise_date(value: Any) -> str | None:
    """A deadline as an ISO string (dates and datetimes accepted), None for null or empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def field_differences(key: str, expected: dict, predicted: dict) -> list[str]:
    """The names of the fields (besides the text) on which a predicted item disagrees with the expected."""
    differences = []
    for name in EXACT_FIELDS.get(key, ()):
        if name == "deadline":
            equal = normalise_date(expected.get(name)) == normalise_date(predicted.get(name))
        else:
            equal = expected.get(name) == predicted.get(name)
        if not equal:
            differences.append(name)
    for name in NUMBER_FIELDS.get(key, ()):
        if as_decimal(expected.get(name)) != as_decimal(predicted.get(name)):
            differences.append(name)
    unit_field = UNIT_FIELD.get(key)
    if unit_field and normalise_unit(expected.get(unit_field)) != normalise_unit(predicted.get(unit_field)):
        differences.append(unit_field)
    return differences


def _expected_variants(key: str, item: dict) -> list[frozenset[str]]:
    """The token sets an expected item can be matched by: its text and, where the key has them, aliases."""
    variants = [tokens(item.get(TEXT_FIELD[key]) or "")]
    alias_field = ALIAS_FIELD.get(key)
    if alias_field:
        variants.extend(tokens(alias) for alias in item.get(alias_field) or [])
    return [variant for variant in variants if variant]


# --- results -------------------------------------------------------------------------------------------


def _ratio(numerator: int, denominator: int, other_errors: int) -> float:
    """A ratio whose empty denominator counts as perfect only when there is nothing else wrong."""
    if denominator:
        return numerator / denominator
    return 0.0 if other_errors else 1.0


@dataclass
class Counts:
    """True positives, false positives and false negatives, and the ratios they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """TP / (TP + FP); with no predictions it is 0 when something was expected, else 1."""
        return _ratio(self.tp, self.tp + self.fp, self.fn)

    @property
    def recall(self) -> float:
        """TP / (TP + FN); with nothing expected it is 0 when something was predicted, else 1."""
        return _ratio(self.tp, self.tp + self.fn, self.fp)

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall (0 when both are 0)."""
        precision, recall = self.precision, self.recall
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def add(self, other: Counts) -> None:
        """Sum another's counts into this one (micro-averaging)."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict:
        """Counts and ratios, ready for JSON."""
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class NearMiss:
    """An expected item that a prediction matched on text but not on some field."""

    expected: dict
    predicted: dict
    fields: list[str]


@dataclass
class KeyScore(Counts):
    """The score of one key of one document, with what was left unmatched on either side."""

    key: str = ""
    borderline_found: int = 0
    borderline_missed: int = 0
    matches: list[tuple[int, int]] = field(default_factory=list)  # (predicted index, expected index)
    unmatched_expected: list[dict] = field(default_factory=list)  # the false negatives
    unmatched_predicted: list[dict] = field(default_factory=list)  # the false positives
    near_misses: list[NearMiss] = field(default_factory=list)

    def as_dict(self, *, details: bool = False) -> dict:
        """Counts and ratios; with `details`, the unmatched items and near misses too."""
        data = super().as_dict()
        data["borderline_found"] = self.borderline_found
        data["borderline_missed"] = self.borderline_missed
        if details:
            data["unmatched_expected"] = self.unmatched_expected
            data["unmatched_predicted"] = self.unmatched_predicted
            data["near_misses"] = [
                {"expected": miss.expected, "predicted": miss.predicted, "fields": miss.fields}
                for miss in self.near_misses
            ]
        return data


@dataclass
class DocumentScore:
    """The score of one document: one KeyScore per key of the answer key."""

    name: str
    keys: dict[str, KeyScore]
    seconds: float | None = None

    @property
    def total(self) -> Counts:
        """The counts of every key summed."""
        total = Counts()
        for score in self.keys.values():
            total.add(score)
        return total

    def as_dict(self, *, details: bool = False) -> dict:
        """The document's scores, ready for JSON."""
        return {
            "name": self.name,
            "seconds": self.seconds,
            "keys": {key: score.as_dict(details=details) for key, score in self.keys.items()},
            "total": self.total.as_dict(),
        }


@dataclass
class FolderScore:
    """The scores of every document of a folder and their micro-average per key."""

    documents: list[DocumentScore]

    @property
    def per_key(self) -> dict[str, Counts]:
        """Counts per key summed over the documents (micro-average)."""
        summed = {key: Counts() for key in KEYS}
        for document in self.documents:
            for key, score in document.keys.items():
                summed.setdefault(key, Counts()).add(score)
        return summed

    @property
    def total(self) -> Counts:
        """Counts of every key of every document summed."""
        total = Counts()
        for counts in self.per_key.values():
            total.add(counts)
        return total

    def as_dict(self, *, details: bool = False) -> dict:
        """The folder's scores, ready for JSON."""
        return {
            "documents": [document.as_dict(details=details) for document in self.documents],
            "micro_average": {key: counts.as_dict() for key, counts in self.per_key.items()},
            "total": self.total.as_dict(),
        }


# --- scoring -------------------------------------------------------------------------------------------


def score_key(key: str, predicted: list[dict], expected: list[dict]) -> KeyScore:
    """Score the predicted items of one key against the expected ones (see the module docstring)."""
    text_field = TEXT_FIELD[key]
    predicted_tokens = [tokens(item.get(text_field) or "") for item in predicted]
    candidates = []  # (core first, overlap, predicted index, expected index)
    near_misses: dict[int, tuple[float, int, list[str]]] = {}
    for expected_index, expected_item in enumerate(expected):
        variants = _expected_variants(key, expected_item)
        is_core = not expected_item.get("borderline", False)
        for predicted_index, predicted_item in enumerate(predicted):
            overlaps = [text_match(variant, predicted_tokens[predicted_index]) for variant in variants]
            overlaps = [overlap for overlap in overlaps if overlap is not None]
            if not overlaps:
                continue
            overlap = max(overlaps)
            differences = field_differences(key, expected_item, predicted_item)
            if differences:
                best = near_misses.get(expected_index)
                if best is None or overlap > best[0]:
                    near_misses[expected_index] = (overlap, predicted_index, differences)
                continue
            candidates.append((is_core, overlap, -predicted_index, -expected_index))
    candidates.sort(reverse=True)

    score = KeyScore(key=key)
    used_predicted: set[int] = set()
    used_expected: set[int] = set()
    for is_core, _overlap, negative_predicted, negative_expected in candidates:
        predicted_index, expected_index = -negative_predicted, -negative_expected
        if predicted_index in used_predicted or expected_index in used_expected:
            continue
        used_predicted.add(predicted_index)
        used_expected.add(expected_index)
        score.matches.append((predicted_index, expected_index))
        if is_core:
            score.tp += 1
        else:
            score.borderline_found += 1
    score.matches.sort()

    for expected_index, expected_item in enumerate(expected):
        if expected_index in used_expected:
            continue
        if expected_item.get("borderline", False):
            score.borderline_missed += 1
            continue
        score.fn += 1
        score.unmatched_expected.append(expected_item)
        if expected_index in near_misses:
            _overlap, predicted_index, differences = near_misses[expected_index]
            score.near_misses.append(NearMiss(expected_item, predicted[predicted_index], differences))
    for predicted_index, predicted_item in enumerate(predicted):
        if predicted_index not in used_predicted:
            score.fp += 1
            score.unmatched_predicted.append(predicted_item)
    return score


def score_document(predicted: dict, expected: dict, *, name: str = "") -> DocumentScore:
    """Score a predicted answer key against an expected one, key by key.

    A key missing on either side counts as an empty list. Keys outside the seven of the answer key (such
    as a top-level "lang") are ignored.
    """
    keys = {key: score_key(key, predicted.get(key) or [], expected.get(key) or []) for key in KEYS}
    return DocumentScore(name=name, keys=keys)


def find_documents(folder: Path | str) -> list[tuple[Path, Path]]:
    """Every `*.txt` in `folder` that has a sibling `*.expected.json`, sorted by name."""
    folder = Path(folder)
    pairs = []
    for text_path in sorted(folder.glob("*.txt")):
        expected_path = text_path.with_name(text_path.name[: -len(".txt")] + ".expected.json")
        if expected_path.exists():
            pairs.append((text_path, expected_path))
    return pairs


def load_expected(path: Path | str) -> dict:
    """An answer key from its JSON file."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _as_answer_key(result: Any) -> dict:
    """An extractor's result as an answer-key dict (an object with `to_answer_key()` or a dict)."""
    if hasattr(result, "to_answer_key"):
        return result.to_answer_key()
    return result


def score_folder(
    folder: Path | str,
    extract_fn: Callable[..., Any],
    *,
    on_document: Callable[[DocumentScore], None] | None = None,
) -> FolderScore:
    """Run `extract_fn(text, lang=...)` on every annotated document of `folder` and score each.

    The language comes from the answer key's optional top-level "lang"; without it `lang=None` lets the
    extractor detect it. `extract_fn` may return a dict or an object with `to_answer_key()`.
    """
    documents = []
    for text_path, expected_path in find_documents(folder):
        expected = load_expected(expected_path)
        text = text_path.read_text(encoding="utf-8")
        started = time.perf_counter()
        predicted = _as_answer_key(extract_fn(text, lang=expected.get("lang")))
        seconds = time.perf_counter() - started
        document = score_document(predicted, expected, name=text_path.stem)
        document.seconds = seconds
        documents.append(document)
        if on_document:
            on_document(document)
    return FolderScore(documents=documents)


def describe(item: dict, key: str) -> str:
    """A one-line description of an item for verbose listings: its text and the fields that are scored."""
    text = item.get(TEXT_FIELD[key]) or ""
    details = [
        f"{name}={item.get(name)!r}"
        for name in (*EXACT_FIELDS.get(key, ()), *NUMBER_FIELDS.get(key, ()), UNIT_FIELD.get(key))
        if name
    ]
    line = f" (line {item['line']})" if item.get("line") else ""
    return f"{text!r}{line}" + (f" [{', '.join(details)}]" if details else "")
