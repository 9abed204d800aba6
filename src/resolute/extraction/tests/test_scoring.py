"""The scorer on small hand-made pairs of predicted and expected answer keys."""

import io
import json

import pytest

from resolute.extraction.scoring import (
    Counts,
    normalise,
    normalise_unit,
    score_document,
    score_folder,
    score_key,
    text_match,
    tokens,
)


def target(text, comparator="<", value=4, unit="%", deadline="2025-12-31", **fields):
    return {
        "text": text,
        "comparator": comparator,
        "value": value,
        "min": None,
        "max": None,
        "unit": unit,
        "deadline": deadline,
        "borderline": False,
        **fields,
    }


def result(text, value, unit="%", **fields):
    return {"text": text, "value": value, "unit": unit, "borderline": False, **fields}


POVERTY = "Strive to reduce the poverty rate of the whole province to below 4% by the end of 2025"


def test_normalisation_casefolds_and_drops_punctuation_and_keeps_vietnamese_letters():
    assert (
        normalise("  Tăng trưởng GRDP: đạt 8,0%;  (Sở Tài chính)  ")
        == "tăng trưởng grdp đạt 8 0 sở tài chính"
    )


def test_normalisation_composes_decomposed_vietnamese():
    decomposed = "Nghi\u0323 quyê\u0301t"
    assert tokens(decomposed) == tokens("Nghị quyết")


def test_text_matches_when_most_expected_tokens_are_predicted_and_prediction_is_relevant():
    expected = tokens("reduce the poverty rate to below 4%")
    assert text_match(expected, tokens(POVERTY)) is not None
    assert text_match(expected, tokens("reduce the poverty rate")) is None  # too few expected tokens
    padded = tokens("reduce the poverty rate to below 4% " + " ".join(f"word{n}" for n in range(40)))
    assert text_match(expected, padded) is None  # the expected item is drowned in the prediction


def test_perfect_match_scores_one_on_every_key():
    expected = {
        "sections": [{"heading": "I. Results", "level": 1, "line": 2}],
        "targets": [target(POVERTY)],
        "results": [result("GRDP growth will reach about 7.1%", 7.1)],
        "tasks": [{"text": "Promote administrative reform.", "borderline": False}],
        "shortcomings": [{"text": "Enterprises still face many difficulties."}],
        "references": [{"text": "Land Law", "aliases": [], "borderline": False}],
        "org_units": [{"name": "Politburo", "aliases": [], "borderline": False}],
    }
    score = score_document(json.loads(json.dumps(expected)), expected)
    for key, key_score in score.keys.items():
        assert (key_score.precision, key_score.recall, key_score.f1) == (1.0, 1.0, 1.0), key
    assert score.total.tp == 7


def test_wrong_comparator_is_a_false_positive_and_a_false_negative():
    score = score_key("targets", [target(POVERTY, comparator="<=")], [target(POVERTY)])
    assert (score.tp, score.fp, score.fn) == (0, 1, 1)
    assert score.near_misses[0].fields == ["comparator"]


@pytest.mark.parametrize(
    ("field", "predicted_value"),
    [("value", 4.5), ("deadline", "2025-06-30"), ("unit", "percentage points"), ("min", 1)],
)
def test_any_wrong_target_field_breaks_the_match(field, predicted_value):
    predicted = target(POVERTY, **{field: predicted_value})
    score = score_key("targets", [predicted], [target(POVERTY)])
    assert (score.tp, score.fp, score.fn) == (0, 1, 1)


def test_numbers_compare_as_decimals():
    predicted = target(POVERTY, value=4.0)
    assert score_key("targets", [predicted], [target(POVERTY, value=4)]).tp == 1
    predicted = result("Budget revenue reached 15 trillion VND", "15000000000000", unit="VND")
    expected = result("Budget revenue reached 15 trillion VND", 15000000000000, unit="VND")
    assert score_key("results", [predicted], [expected]).tp == 1


def test_percent_sign_and_the_word_percent_are_the_same_unit():
    assert normalise_unit("%") == normalise_unit("Percent") == "%"
    assert normalise_unit("percentage points") == "percentage points"
    predicted = result("Disbursement of public investment capital (58.3%)", 58.3, unit="percent")
    expected = result("Disbursement of public investment capital (58.3%)", 58.3, unit="%")
    assert score_key("results", [predicted], [expected]).tp == 1


def test_a_lumped_sentence_matches_only_one_of_three_expected_items():
    sentence = (
        "GRDP growth will reach about 7.1%. GRDP scale will increase by more than 15 trillion VND. "
        "Budget revenue will exceed the set plan (about 10%"
    )
    expected = [
        result("GRDP growth will reach about 7.1%", 7.1),
        result("GRDP scale will increase by more than 15 trillion VND", 15000000000000, unit="VND"),
        result("Budget revenue will exceed the set plan (about 10%", 10),
    ]
    predicted = [result(sentence, 15000000000000, unit="VND")]
    score = score_key("results", predicted, expected)
    assert (score.tp, score.fp, score.fn) == (1, 0, 2)


def test_each_prediction_matches_at_most_one_expected_item():
    expected = [
        result("GRDP growth will reach about 7.1%", 7.1),
        result("GRDP growth will reach about 7.1%", 7.1),
    ]
    score = score_key("results", [result("GRDP growth will reach about 7.1%", 7.1)], expected)
    assert (score.tp, score.fp, score.fn) == (1, 0, 1)


def test_greedy_matching_pairs_the_best_overlap_first():
    expected = [
        {"text": "Promote administrative reform", "borderline": False},
        {"text": "Promote administrative reform and digital transformation", "borderline": False},
    ]
    predicted = [
        {"text": "Promote administrative reform and digital transformation"},
        {"text": "Promote administrative reform"},
    ]
    score = score_key("tasks", predicted, expected)
    assert score.matches == [(0, 1), (1, 0)]
    assert score.tp == 2


def test_missing_a_borderline_item_is_not_a_false_negative():
    expected = [
        target(POVERTY),
        target("drastically reducing traffic accidents", value=None, borderline=True),
    ]
    score = score_key("targets", [target(POVERTY)], expected)
    assert (score.tp, score.fp, score.fn) == (1, 0, 0)
    assert score.borderline_missed == 1


def test_finding_a_borderline_item_is_not_a_false_positive():
    borderline = target("drastically reducing traffic accidents", value=None, borderline=True)
    score = score_key("targets", [dict(borderline, borderline=False)], [borderline])
    assert (score.tp, score.fp, score.fn) == (0, 0, 0)
    assert score.borderline_found == 1


def test_empty_predictions_give_recall_zero_and_precision_reported_as_zero():
    expected = {"tasks": [{"text": "Promote administrative reform.", "borderline": False}]}
    score = score_document({"tasks": []}, expected).keys["tasks"]
    assert (score.precision, score.recall, score.f1) == (0.0, 0.0, 0.0)
    assert score.unmatched_expected == expected["tasks"]


def test_nothing_expected_and_nothing_predicted_is_perfect():
    assert (Counts().precision, Counts().recall, Counts().f1) == (1.0, 1.0, 1.0)


def test_predictions_where_nothing_was_expected_are_false_positives():
    score = score_key("tasks", [{"text": "Promote administrative reform."}], [])
    assert (score.tp, score.fp, score.fn, score.precision) == (0, 1, 0, 0.0)
    assert score.unmatched_predicted == [{"text": "Promote administrative reform."}]


def test_org_units_and_references_match_by_any_alias():
    expected_unit = {
        "name": "Standing Committee of the Provincial Party Committee",
        "aliases": ["Provincial Party Standing Committee"],
        "borderline": False,
    }
    assert score_key("org_units", [{"name": "Provincial Party Standing Committee"}], [expected_unit]).tp == 1
    expected_reference = {
        "text": "Conclusion Notice No. 581 of the Central Inspection Committee",
        "aliases": ["Conclusion 581"],
        "borderline": False,
    }
    assert score_key("references", [{"text": "Conclusion 581"}], [expected_reference]).tp == 1


def test_sections_need_the_same_level():
    expected = [{"heading": "A. About the results achieved", "level": 2}]
    assert score_key("sections", [{"heading": "A. About the results achieved", "level": 1}], expected).fn == 1
    assert score_key("sections", [{"heading": "A. About the results achieved", "level": 2}], expected).tp == 1


def test_deadlines_compare_as_iso_dates():
    import datetime

    predicted = target(POVERTY, deadline=datetime.date(2025, 12, 31))
    assert score_key("targets", [predicted], [target(POVERTY)]).tp == 1


def test_folder_score_micro_averages_counts_over_documents(tmp_path):
    for name, tasks in (
        ("a", ["Promote administrative reform.", "Build new schools."]),
        ("b", ["Plant trees."]),
    ):
        (tmp_path / f"{name}.txt").write_text(" ".join(tasks), encoding="utf-8")
        key = {"lang": "en", "tasks": [{"text": text, "borderline": False} for text in tasks]}
        (tmp_path / f"{name}.expected.json").write_text(json.dumps(key), encoding="utf-8")
    (tmp_path / "unannotated.txt").write_text("Ignored.", encoding="utf-8")
    languages = []

    def extract_first_sentence(text, lang=None):
        languages.append(lang)
        return {"tasks": [{"text": text.split(".")[0]}]}

    folder_score = score_folder(tmp_path, extract_first_sentence)
    assert [document.name for document in folder_score.documents] == ["a", "b"]
    assert languages == ["en", "en"]
    tasks = folder_score.per_key["tasks"]
    assert (tasks.tp, tasks.fp, tasks.fn) == (2, 0, 1)
    assert tasks.recall == pytest.approx(2 / 3)


def test_eval_command_prints_a_table_per_document_and_the_micro_average(tmp_path, monkeypatch):
    from django.core.management import call_command

    import resolute.extraction

    (tmp_path / "doc.txt").write_text("Promote administrative reform.", encoding="utf-8")
    key = {"lang": "en", "tasks": [{"text": "Promote administrative reform.", "borderline": False}]}
    (tmp_path / "doc.expected.json").write_text(json.dumps(key), encoding="utf-8")
    monkeypatch.setattr(
        resolute.extraction, "extract", lambda text, lang=None: {"tasks": [{"text": "Plant trees."}]}
    )
    output = io.StringIO()
    call_command("eval_extraction", str(tmp_path), "--verbose", stdout=output)
    lines = output.getvalue().splitlines()
    assert any(line.split()[:5] == ["doc", "tasks", "0", "1", "1"] for line in lines)
    assert any(line.split()[:5] == ["micro-average", "tasks", "0", "1", "1"] for line in lines)
    assert "  missed    'Promote administrative reform.'" in lines
    assert "  spurious  'Plant trees.'" in lines
