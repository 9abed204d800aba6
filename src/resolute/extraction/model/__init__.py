"""What a sentence is for: a small model that reads each sentence (or list item) of a text and says how
likely it is to state a target, a result, a task or a shortcoming.

The model is four logistic regressions (one per role, a sentence may play several: a directive carrying
a figure is both a task and a target) over sparse features: the words and word pairs of the sentence, its
first words, cue words of both languages (past-tense and achievement verbs, modal and imperative words,
commitment and shortfall words), whether it holds a figure, a share, a year or money, whether it is a
list item, and the heading it sits under with the role the heading's words give it. Its coefficients are
shipped as JSON beside this file (`sentence_roles.json`) and read in pure Python; `resolute train_reader`
(`make train-reader`) fits them again, deterministically, from the development documents of the corpus.

The pipeline (`pipeline.py`) uses the model where structure is silent - a part whose heading gives no
role, a press report without headings - and keeps the precise rules (numbers, units, comparators, dates,
bodies) for what the chosen sentences hold.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LABELS = ("target", "result", "task", "shortcoming")
MODEL_PATH = Path(__file__).resolve().parent / "sentence_roles.json"
FORMAT = 1
LEXICAL = ("w",)

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_DIGIT = re.compile(r"\d")
_SHARE = re.compile(r"\d\s*%|\bpercent|\bphần trăm", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MONEY = re.compile(
    r"\b(?:vnd|usd|billion|trillion|million|tỷ|tỉ|triệu)\b|\d\s*(?:đồng|dong)\b", re.IGNORECASE
)
_QUOTE = re.compile(r"[\"“”«»]")
# Cue words, each family one feature, in both languages.
_CUES = {
    "past": re.compile(
        r"\b(?:đạt|đã|ước|ước đạt|ước tính|vượt|hoàn thành|thu hút|was|were|reached|grew|rose|increased|"
        r"decreased|fell|achieved|attained|exceeded|hit|recorded|totalled|totaled|estimated|disbursed|"
        r"completed|posted|surpassed|amounted|accounted|ranked|ranking|has been|have been|had been)\b",
        re.IGNORECASE,
    ),
    "change": re.compile(r"\b(?:tăng|giảm|up|down|increase|increases|decrease|rise|growth|grow)\b", re.I),
    "request": re.compile(
        r"\b(?:yêu cầu|đề nghị|chỉ đạo|giao|giao cho|requests?|requested|asks?|asked|assigns?|assigned|"
        r"urged?|directs?|directed|instructs?|instructed|called on|calls on|ordered|tasked|demanded|proposed|"
        r"kêu gọi|quán triệt)\b",
        re.IGNORECASE,
    ),
    "modal": re.compile(
        r"\b(?:phải|cần|cần phải|khẩn trương|chủ động|kịp thời|must|should|need to|needs to|have to|has to|"
        r"is to|are to|required to)\b",
        re.IGNORECASE,
    ),
    "future": re.compile(r"\b(?:sẽ|will|shall|going to|tiếp tục|continue|continues)\b", re.IGNORECASE),
    "imperative": re.compile(
        r"^\W*(?:tập trung|triển khai|đẩy mạnh|tăng cường|thực hiện|chỉ đạo|rà soát|nâng cao|bảo đảm|đảm bảo|"
        r"xây dựng|hoàn thiện|kiểm tra|tổ chức|focus|ensure|strengthen|accelerate|promote|review|speed|"
        r"implement|continue|step|develop|improve|complete|urgently|strictly|direct|take|build|"
        r"enhance|boost|strive|prepare|effectively)\b",
        re.IGNORECASE,
    ),
    "aim": re.compile(
        r"\b(?:phấn đấu|chỉ tiêu|mục tiêu|dự kiến|trở lên|tối thiểu|ít nhất|không thấp hơn|đến năm|"
        r"strive|strives|striving|target|targets|goal|goals|aim|aims|at least|or more|by \d{4}|"
        r"expected|projected|to reach|reach)\b",
        re.IGNORECASE,
    ),
    "shortfall": re.compile(
        r"\b(?:còn|hạn chế|chậm|chưa|thấp|khó khăn|yếu kém|tồn tại|bất cập|only|low|slow|slowly|not yet|"
        r"limitations|shortcomings|weaknesses|failed|below|behind|lower than)\b",
        re.IGNORECASE,
    ),
    "report": re.compile(
        r"\b(?:theo|báo cáo|cho biết|nói|phát biểu|said|says|reported|according|noted|stated|told)\b",
        re.IGNORECASE,
    ),
    "meta": re.compile(r"^\W*(?:source|nguồn|\[|photo|ảnh|date)\b|\b(?:vna|ttxvn|vgp)\b", re.IGNORECASE),
}


@dataclass(frozen=True)
class Unit:
    """One sentence or list item as the model sees it."""

    text: str
    lang: str = "en"
    heading: str = ""  # the heading of the part it sits in, "" without one
    role: str | None = None  # the role the heading's words give it
    is_list_item: bool = False
    first_in_paragraph: bool = True
    rules: tuple[str, ...] = ()  # what the precise rules say of it ("directive", "commitment", ...)
    context: tuple[str, ...] = ()  # what the sentence before it says ("colon", "directive", ...)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _words(text: str) -> list[str]:
    """The words of a text, casefolded, every number written "#"."""
    return ["#" if word[0].isdigit() else word for word in _WORD.findall(_fold(text))]


def features(unit: Unit) -> list[str]:  # noqa: C901 - one flat list of checks reads best
    """The names of the features a unit has (each counts 1; repeated words count once)."""
    words = _words(unit.text)
    found = {"bias:1", f"lang:{unit.lang}"}
    if "w" in LEXICAL:
        found.update(f"w:{word}" for word in words)
    if "b" in LEXICAL:
        found.update(f"b:{a}_{b}" for a, b in zip(words, words[1:], strict=False))
    if words:
        found.add(f"first:{words[0]}")
        if len(words) > 1:
            found.add(f"first2:{words[0]}_{words[1]}")
    text = unit.text
    if _DIGIT.search(text):
        found.add("has:digit")
    if _SHARE.search(text):
        found.add("has:share")
    if _YEAR.search(text):
        found.add("has:year")
    if _MONEY.search(text):
        found.add("has:money")
    if _QUOTE.search(text):
        found.add("has:quote")
    if text.rstrip().endswith(":"):
        found.add("ends:colon")
    for name, pattern in _CUES.items():
        if pattern.search(text):
            found.add(f"cue:{name}")
            if name in ("past", "aim", "shortfall") and _DIGIT.search(text):
                found.add(f"cue:{name}+digit")
    length = len(words)
    found.add("len:" + ("short" if length < 8 else "medium" if length < 30 else "long"))
    if unit.is_list_item:
        found.add("struct:list_item")
    if not unit.first_in_paragraph:
        found.add("struct:later_sentence")
    found.update(f"rule:{name}" for name in unit.rules)
    found.update(f"prev:{name}" for name in unit.context)
    found.add(f"role:{unit.role or 'none'}")
    if unit.heading:
        found.update(f"h:{word}" for word in set(_words(unit.heading)))
    else:
        found.add("h:(none)")
    return sorted(found)


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1.0 + exp)


class SentenceModel:
    """Coefficients per label and feature; `probabilities(unit)` gives each label's probability."""

    def __init__(
        self, weights: dict[str, list[float]], thresholds: dict[str, float], meta: dict | None = None
    ):
        self.weights = weights
        self.thresholds = thresholds
        self.meta = meta or {}

    @classmethod
    def from_json(cls, data: dict) -> SentenceModel:
        if data.get("format") != FORMAT or list(data.get("labels", ())) != list(LABELS):
            raise ValueError(f"not a sentence-role model of format {FORMAT} with labels {', '.join(LABELS)}")
        weights = {name: [float(value) for value in values] for name, values in data["weights"].items()}
        if any(len(values) != len(LABELS) for values in weights.values()):
            raise ValueError("every feature needs one weight per label")
        return cls(weights, {label: float(data["thresholds"][label]) for label in LABELS}, data.get("meta"))

    @classmethod
    def load(cls, path: Path | str = MODEL_PATH) -> SentenceModel:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))

    def to_json(self) -> str:
        """The model as JSON text, the same bytes for the same model (sorted keys, rounded weights)."""
        data = {
            "format": FORMAT,
            "labels": list(LABELS),
            "meta": self.meta,
            "thresholds": {label: round(self.thresholds[label], 4) for label in LABELS},
            "weights": {
                name: [round(value, 4) for value in self.weights[name]] for name in sorted(self.weights)
            },
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=0) + "\n"

    def scores(self, unit: Unit) -> list[float]:
        """The linear score of each label."""
        totals = [0.0] * len(LABELS)
        for name in features(unit):
            values = self.weights.get(name)
            if values:
                for index, value in enumerate(values):
                    totals[index] += value
        return totals

    def probabilities(self, unit: Unit) -> dict[str, float]:
        return {label: _sigmoid(score) for label, score in zip(LABELS, self.scores(unit), strict=True)}

    def roles(self, unit: Unit) -> set[str]:
        """The labels whose probability reaches their threshold."""
        return {label for label, p in self.probabilities(unit).items() if p >= self.thresholds[label]}


@lru_cache(maxsize=1)
def shipped_model() -> SentenceModel:
    """The model shipped with the package (read once)."""
    return SentenceModel.load(MODEL_PATH)
