"""The sentence-role model and what the reader makes of texts without headings: prose lists split into one
target per figure, past-tense achievements and estimates read as results, quoted speech read as a sentence
of its own; the model loads, trains deterministically, and the commands that train and measure it say
clearly what they lack. Every text here is written for these tests."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from resolute.extraction import extract
from resolute.extraction.evaluation import folds, genre_group
from resolute.extraction.model import LABELS, SentenceModel, Unit, features, shipped_model
from resolute.extraction.model.training import fit, labelled_units, train_on_folder
from resolute.extraction.pipeline import per_unit


def figures(proposals):
    return [(p.fields["value"], p.fields["unit"], p.fields.get("comparator")) for p in proposals]


def test_a_prose_sentence_naming_four_aims_gives_four_targets_each_with_its_own_figure():
    text = (
        "The provincial People's Council set four aims for next year: GRDP growth of 8%, export turnover "
        "of 2 billion USD, a poverty rate below 1.5% and forest cover of 55%."
    )
    assert figures(extract(text).targets) == [
        (8, "%", "="),
        (2000000000, "USD", "="),
        (1.5, "%", "<"),
        (55, "%", "="),
    ]


def test_a_vietnamese_commitment_listing_four_figures_is_a_task_and_four_targets():
    text = (
        "Năm 2026, tỉnh phấn đấu tăng trưởng kinh tế đạt 10%, thu nhập bình quân đầu người đạt 95 triệu "
        "đồng/người, tỷ lệ hộ nghèo giảm còn dưới 2% và tỷ lệ che phủ rừng đạt 60%."
    )
    result = extract(text)
    assert [task.text for task in result.tasks] == [text]
    assert figures(result.targets) == [
        (10, "%", "="),
        (95000000, "VND/person", "="),
        (2, "%", "<"),
        (60, "%", "="),
    ]


def test_past_tense_achievements_and_estimates_are_results_and_x_of_y_keeps_its_whole():
    text = (
        "In 2025, GRDP grew by an estimated 7.1%, budget revenue reached 12,500 billion VND and 18 of 21 "
        "targets were met."
    )
    result = extract(text)
    assert result.targets == [] and result.tasks == []
    assert [
        (r.text, r.fields["value"], r.fields["unit"], r.fields["of"], r.fields["qualifier"])
        for r in result.results
    ] == [
        ("In 2025, GRDP grew by an estimated 7.1%", 7.1, "%", None, "estimated"),
        ("budget revenue reached 12,500 billion VND", 12500000000000, "VND", None, None),
        ("18 of 21 targets were met", 18, "targets", 21, None),
    ]


def test_vietnamese_results_of_a_year_are_read_one_per_figure():
    text = (
        "Năm 2025, tăng trưởng GRDP ước đạt 8,2%; thu ngân sách đạt 15.200 tỷ đồng; "
        "có 20/22 chỉ tiêu đạt kế hoạch."
    )
    assert [(r.fields["value"], r.fields["of"]) for r in extract(text).results] == [
        (8.2, None),
        (15200000000000, None),
        (20, 22),
    ]


def test_quoted_speech_is_read_as_a_sentence_of_its_own():
    text = (
        'Speaking at the meeting, the Chairman said: "Departments must complete the site clearance before '
        'June 30, 2026 and disburse at least 95% of the capital."'
    )
    result = extract(text)
    [task] = result.tasks
    assert task.text.startswith("Departments must complete the site clearance")
    assert figures(result.targets) == [(95, "%", ">=")]


def test_a_rate_per_person_or_per_year_keeps_what_follows_the_figure():
    assert per_unit("VND", "/người") == "VND/person"
    assert per_unit("%", "/năm, cao hơn") == "%/year"
    assert per_unit("VND", " per person") == "VND"
    assert per_unit("%", "/person/year") == "%/person/year"


# --- the model ---


def test_the_shipped_model_loads_and_gives_every_label_a_probability():
    model = shipped_model()
    probabilities = model.probabilities(
        Unit("The ministries must review the projects by June 30.", lang="en")
    )
    assert set(probabilities) == set(LABELS)
    assert all(0.0 <= value <= 1.0 for value in probabilities.values())
    assert set(model.thresholds) == set(LABELS)


def test_a_model_file_of_another_shape_is_refused_with_a_message():
    with pytest.raises(ValueError, match="format 1 with labels target, result, task, shortcoming"):
        SentenceModel.from_json({"format": 2, "labels": ["task"], "weights": {}, "thresholds": {}})


def test_features_read_figures_cues_structure_and_numbers_as_one_word():
    names = features(Unit("Budget revenue reached 12,500 billion VND.", lang="en", is_list_item=True))
    assert {"has:digit", "has:money", "cue:past", "struct:list_item", "w:#", "first:budget"} <= set(names)
    assert "w:12" not in names


DIRECTIVES = [
    "The department must finish the review of projects this month.",
    "The committee must prepare the plan for the new school year.",
    "The district must repair the roads damaged by the storm.",
]
ACHIEVEMENTS = [
    "Revenue reached 900 billion VND, up 8% on the year before.",
    "Exports reached 2 billion USD, up 10% on the year before.",
    "Tourist arrivals reached 3 million, up 12% on the year before.",
]


def training_examples():
    examples = []
    for index, text in enumerate(DIRECTIVES):
        marks = {"target": 0, "result": 0, "task": 1, "shortcoming": 0}
        examples.append((Unit(text, lang="en"), marks, index))
    for index, text in enumerate(ACHIEVEMENTS):
        marks = {"target": 0, "result": 1, "task": 0, "shortcoming": 0}
        examples.append((Unit(text, lang="en"), marks, 10 + index))
    return examples


def test_training_learns_the_roles_it_is_shown():
    model = fit(training_examples())
    directive = model.probabilities(Unit("The province must clear the canals this month.", lang="en"))
    achievement = model.probabilities(Unit("Rice output reached 1 million tonnes, up 5%.", lang="en"))
    assert directive["task"] > achievement["task"]
    assert achievement["result"] > directive["result"]


def test_training_twice_gives_the_same_bytes():
    assert fit(training_examples()).to_json() == fit(training_examples()).to_json()


def test_a_trained_model_written_and_read_back_scores_alike(tmp_path):
    model = fit(training_examples())
    path = tmp_path / "model.json"
    path.write_text(model.to_json(), encoding="utf-8")
    again = SentenceModel.load(path)
    unit = Unit(DIRECTIVES[0], lang="en")
    assert again.scores(unit) == pytest.approx(model.scores(unit))


def test_sentences_are_labelled_from_the_answer_key_and_borderline_items_are_left_out():
    text = "Revenue reached 900 billion VND. The department must finish the review. Plant more trees."
    key = {
        "lang": "en",
        "results": [{"text": "Revenue reached 900 billion VND", "borderline": False}],
        "tasks": [
            {"text": "The department must finish the review.", "borderline": False},
            {"text": "Plant more trees.", "borderline": True},
        ],
    }
    labelled = [(unit.text, marks["result"], marks["task"]) for unit, marks in labelled_units(text, key)]
    assert labelled == [
        ("Revenue reached 900 billion VND.", 1, 0),
        ("The department must finish the review.", 0, 1),
        ("Plant more trees.", 0, None),
    ]


# --- the corpus of real documents: commands ---


def write_corpus(root):
    """A corpus of the real corpus's shape (dev/ and test/), with texts written here."""
    documents = {
        "dev/01-en-a": (
            "The department must finish the review of projects this month.",
            "tasks",
            "press report",
        ),
        "dev/02-en-b": ("Revenue reached 900 billion VND, up 8%.", "results", "review meeting"),
        "dev/03-en-c": ("The district must repair the roads damaged by the storm.", "tasks", "directive"),
        "test/04-en-d": ("The committee must prepare the plan.", "tasks", "directive"),
    }
    for name, (text, key, genre) in documents.items():
        path = root / f"{name}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        item = {"text": text, "borderline": False}
        if key == "results":
            item.update(value=900000000000, unit="VND")
        answer = {"lang": "en", "genre": genre, key: [item]}
        path.with_name(path.name[: -len(".txt")] + ".expected.json").write_text(
            json.dumps(answer), encoding="utf-8"
        )
    return root


def test_train_reader_writes_the_same_bytes_twice_from_dev_only(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    call_command("train_reader", "--corpus", str(corpus), "--output", str(first), stdout=io.StringIO())
    call_command("train_reader", "--corpus", str(corpus), "--output", str(second), stdout=io.StringIO())
    assert first.read_bytes() == second.read_bytes()
    assert json.loads(first.read_text(encoding="utf-8"))["meta"]["examples"] == 3  # the three dev sentences
    assert train_on_folder(corpus / "dev").to_json() == first.read_text(encoding="utf-8")


def test_train_reader_names_the_missing_corpus(tmp_path):
    with pytest.raises(CommandError, match=r"not at .*missing\. Set EXTRACTION_CORPUS"):
        call_command("train_reader", "--corpus", str(tmp_path / "missing"), stdout=io.StringIO())


def test_make_eval_says_clearly_when_the_corpus_is_absent(tmp_path, monkeypatch):
    monkeypatch.setenv("EXTRACTION_CORPUS", str(tmp_path / "missing"))
    output = io.StringIO()
    call_command("eval_extraction", "--corpus", stdout=output)
    assert output.getvalue().strip() == (
        f"The corpus of real documents is not at {tmp_path / 'missing'}. Set EXTRACTION_CORPUS (or --corpus) "
        "to the folder that holds dev/ and test/. Only the repository's own examples were scored."
    )


def test_the_corpus_is_scored_on_dev_by_k_fold_and_on_test_with_failure_classes_from_dev(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    output = io.StringIO()
    call_command("eval_extraction", "--corpus", str(corpus), "--folds", "3", stdout=output)
    text = output.getvalue()
    assert "Development (3 documents, the shipped model)" in text
    assert "Development by 3-fold" in text
    assert "Test (1 documents, the shipped model; figures only" in text
    assert "The ten most common failure classes (development only)" in text
    assert "The committee must prepare the plan" not in text  # no test item is ever printed


def test_test_items_are_never_listed(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    with pytest.raises(CommandError, match="--verbose is refused when --splits holds test"):
        call_command("eval_extraction", "--corpus", str(corpus), "--verbose", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--verbose is refused on test/"):
        call_command("eval_extraction", str(corpus / "test"), "--verbose", stdout=io.StringIO())
    output = io.StringIO()
    call_command("eval_extraction", "--corpus", str(corpus), "--splits", "dev", "--verbose", stdout=output)
    assert "Development (3 documents" in output.getvalue()


def test_documents_are_dealt_into_folds_in_name_order_and_genres_into_groups():
    assert folds(list("abcdefg"), 3) == [["a", "d", "g"], ["b", "e"], ["c", "f"]]
    assert genre_group("press report of a PM official telegram (công điện)") == "directive or telegram"
    assert (
        genre_group("provincial People's Council resolution on the annual plan")
        == "resolution, plan or decision"
    )
    assert (
        genre_group("press report of a provincial Party Committee conference")
        == "meeting, conference or review"
    )
    assert genre_group("an interview") == "meeting, conference or review"
    assert genre_group(None) == "other"
