"""The annotated corpus is well formed: every answer key loads, has the seed key's shape, quotes its document
verbatim and states numbers that its fragments actually contain."""

import datetime
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from resolute.extraction.scoring import CORPUS_FOLDER, KEYS, find_documents, score_document

# The fields every item of each key carries, as in the seed key.
FIELDS = {
    "sections": {"heading", "level", "line"},
    "targets": {
        "text", "indicator", "comparator", "value", "min", "max", "unit", "deadline", "deadline_text",
        "period", "area", "reference", "approximate", "borderline", "value_text", "note",
    },
    "results": {
        "text", "indicator", "value", "unit", "of", "period", "kind", "area", "qualifier", "value_text",
        "note",
    },
    "tasks": {
        "text", "action_verb", "responsible", "deadline", "deadline_text", "area", "clauses", "segment",
        "borderline", "note",
    },
    "shortcomings": {"text", "topic", "area", "line"},
    "references": {"text", "kind", "number", "date", "issuer", "aliases", "status", "borderline", "note"},
    "org_units": {"name", "kind", "aliases", "borderline", "note"},
}  # fmt: skip
COMPARATORS = {"<", "<=", ">", ">=", "=", "range", "decrease_by", "increase_by"}

# Scale words after a number, English and Vietnamese ("nghìn tỷ" before "nghìn" and "tỷ").
SCALES = {
    "nghìn tỷ": Decimal(10) ** 12,
    "ngàn tỷ": Decimal(10) ** 12,
    "trillion": Decimal(10) ** 12,
    "billion": Decimal(10) ** 9,
    "tỷ": Decimal(10) ** 9,
    "million": Decimal(10) ** 6,
    "triệu": Decimal(10) ** 6,
    "thousand": Decimal(10) ** 3,
    "nghìn": Decimal(10) ** 3,
    "ngàn": Decimal(10) ** 3,
}
NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:\s*(" + "|".join(SCALES) + r")\b)?")

TUNING_DOCUMENTS = find_documents(CORPUS_FOLDER)
# Documents kept away from the extractor's authors, to measure how it does on text it was not tuned on.
HELD_OUT_DOCUMENTS = find_documents(CORPUS_FOLDER / "heldout")
DOCUMENTS = TUNING_DOCUMENTS + HELD_OUT_DOCUMENTS


def readings(fragment: str) -> set[Decimal]:
    """Every value a number written in `fragment` can stand for, in English or Vietnamese style."""
    values = set()
    for match in NUMBER.finditer(fragment):
        digits = match.group(0)[: len(match.group(0)) - len(match.group(1) or "")].strip()
        scale = SCALES.get(match.group(1), Decimal(1))
        english = digits.replace(",", "")  # 10,945 / 7.1
        vietnamese = digits.replace(".", "").replace(",", ".")  # 10.945 / 7,1
        for candidate in {english, vietnamese}:
            if candidate.count(".") <= 1:
                values.add(Decimal(candidate) * scale)
    return values


def load(expected_path: Path) -> dict:
    return json.loads(expected_path.read_text(encoding="utf-8"))


def test_the_corpus_holds_the_seed_and_new_documents_in_both_languages():
    names = [text_path.stem for text_path, _ in TUNING_DOCUMENTS]
    assert "000_a06584f7dbdf5516" in names
    languages = [load(expected_path).get("lang") for _, expected_path in TUNING_DOCUMENTS]
    assert languages.count("vi") >= 2
    assert len(TUNING_DOCUMENTS) >= 4
    assert {load(expected_path).get("lang") for _, expected_path in HELD_OUT_DOCUMENTS} == {"vi", "en"}


@pytest.mark.parametrize(("text_path", "expected_path"), DOCUMENTS, ids=[path.stem for path, _ in DOCUMENTS])
class TestAnswerKey:
    def test_has_the_seven_keys_and_every_field_of_the_seed_key(self, text_path, expected_path):
        key = load(expected_path)
        assert set(key) - {"lang"} == set(KEYS)
        assert key.get("lang", "en") in {"en", "vi"}
        for name in KEYS:
            for item in key[name]:
                assert set(item) == FIELDS[name], (name, item)

    def test_quotes_the_document_verbatim(self, text_path, expected_path):
        text = text_path.read_text(encoding="utf-8")
        key = load(expected_path)
        quoted = [section["heading"] for section in key["sections"]]
        quoted += [unit["name"] for unit in key["org_units"]]
        for name in ("targets", "results", "tasks", "shortcomings", "references"):
            quoted += [item["text"] for item in key[name]]
        for name in ("references", "org_units"):
            quoted += [alias for item in key[name] for alias in item["aliases"]]
        for name in ("targets", "tasks"):
            quoted += [item["deadline_text"] for item in key[name] if item["deadline_text"]]
        for task in key["tasks"]:
            quoted += task["clauses"]
        missing = [fragment for fragment in quoted if fragment not in text]
        assert not missing

    def test_line_numbers_point_at_the_quoted_line(self, text_path, expected_path):
        lines = text_path.read_text(encoding="utf-8").split("\n")
        key = load(expected_path)
        for section in key["sections"]:
            assert section["heading"] in lines[section["line"] - 1]
        for shortcoming in key["shortcomings"]:
            assert shortcoming["text"] in lines[shortcoming["line"] - 1]

    def test_numbers_appear_in_their_fragment(self, text_path, expected_path):
        key = load(expected_path)
        for name, fields in (("targets", ("value", "min", "max")), ("results", ("value", "of"))):
            for item in key[name]:
                written = readings(item["text"]) | readings(item["value_text"] or "")
                for field in fields:
                    if item[field] is not None:
                        assert Decimal(str(item[field])) in written, (item["text"], field, item[field])

    def test_targets_use_known_comparators_and_iso_deadlines(self, text_path, expected_path):
        for target in load(expected_path)["targets"]:
            assert target["comparator"] in COMPARATORS
            if target["comparator"] == "range":
                assert target["value"] is None and None not in (target["min"], target["max"])
            if target["deadline"] is not None:
                datetime.date.fromisoformat(target["deadline"])
            assert isinstance(target["borderline"], bool) and isinstance(target["approximate"], bool)

    def test_scores_perfectly_against_itself(self, text_path, expected_path):
        """No two items of a key are so alike that the one-to-one matching could pair them wrongly."""
        key = load(expected_path)
        score = score_document(key, key)
        for name, key_score in score.keys.items():
            assert (key_score.fp, key_score.fn) == (0, 0), name

    def test_sections_have_positive_levels(self, text_path, expected_path):
        for section in load(expected_path)["sections"]:
            assert isinstance(section["level"], int) and section["level"] >= 1


def test_numbers_are_read_in_both_styles():
    assert readings("10.945 căn") == {Decimal("10945"), Decimal("10.945")}
    assert Decimal("8500000") in readings("8,5 triệu lượt khách")
    assert Decimal("15000000000000") in readings("15 trillion VND")
    assert Decimal("28500000000000") in readings("28.500 tỷ đồng")
