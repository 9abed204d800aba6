"""Extraction at document scale: `extract` on long English and Vietnamese documents built from the annotated
corpus, against a raw pass over the same text (split into lines, one compiled regex over each line) — the
floor any reader of the text pays.

Each document is made of the corpus documents of one language repeated, each copy under its own part heading
and with its paragraphs in a rotated order, so no two copies are the same text. Two sizes: 18,000 words (a
30-page document, which the extractor is meant to read in under two seconds) and 60,000 words.
"""

import re

from resolute.extraction import extract
from resolute.extraction.scoring import CORPUS_FOLDER, find_documents, load_expected

SIZES = {"30 pages": 18_000, "100 pages": 60_000}
RAW_PATTERN = re.compile(r"\d+(?:[.,]\d+)*\s*%?|[A-ZĐ][\w-]+")


def corpus_paragraphs(lang: str) -> list[list[str]]:
    """The lines of each corpus document in `lang` (the seed, without a "lang" key, is English), without the
    trailing source line."""
    documents = []
    for text_path, expected_path in find_documents(CORPUS_FOLDER):
        if load_expected(expected_path).get("lang", "en") != lang:
            continue
        lines = [line for line in text_path.read_text(encoding="utf-8").split("\n") if line.strip()]
        documents.append([line for line in lines if not line.startswith(("Source:", "Comment ("))])
    return documents


def long_document(lang: str, words: int) -> str:
    """About `words` words of `lang` text made of varied copies of the corpus documents."""
    documents = corpus_paragraphs(lang)
    part_word = "PHẦN" if lang == "vi" else "PART"
    lines: list[str] = []
    count = 0
    copy = 0
    while count < words:
        paragraphs = documents[copy % len(documents)]
        shift = copy // len(documents) % len(paragraphs)
        body = paragraphs[shift:] + paragraphs[:shift]
        lines.append(f"{part_word} {copy + 1}")
        lines.extend(body)
        count += sum(len(line.split()) for line in body) + 2
        copy += 1
    return "\n".join(lines)


def run(best_of):
    rows = []
    for lang in ("en", "vi"):
        for pages, size in SIZES.items():
            text = long_document(lang, size)
            words = len(text.split())

            def raw_pass(text=text):
                return sum(len(RAW_PATTERN.findall(line)) for line in text.split("\n"))

            def extraction(text=text, lang=lang):
                return extract(text, lang=lang).to_answer_key()

            rows.append(
                (
                    f"extract: {lang}, {pages} ({words:,} words)",
                    best_of(extraction, repeat=5),
                    best_of(raw_pass),
                    "lines + one regex",
                )
            )
    rows.extend(pathological_inputs(best_of))
    return rows


# Runs of the pieces a regular expression could backtrack on. Each is read at full length against a
# quarter of it as the baseline: a ratio near 4 is linear; quadratic reading would show about 16.
PATHOLOGICAL_PIECES = [
    "1,2.3 4\u00a0567/8-9 ",
    "1/",
    "(1",
    "15/2024/",
    "giảm từ 5% xuống ",
    "the end of ",
    " ",
]


def pathological_inputs(best_of):
    from resolute.extraction.dates import find_deadline, find_working_year
    from resolute.extraction.quantities import find_comparison, find_quantities

    def read(sample):
        find_quantities(sample, "vi")
        find_comparison(sample[:20_000], "en")
        find_deadline(sample, "vi", default_year=2025)
        find_working_year(sample)

    rows = []
    for piece in PATHOLOGICAL_PIECES:
        text = piece * (100_000 // len(piece))
        quarter = text[: len(text) // 4]
        rows.append(
            (
                f"growth on a 100 KB run of {piece.strip() or 'spaces'!r}",
                best_of(lambda text=text: read(text), repeat=3),
                best_of(lambda quarter=quarter: read(quarter), repeat=3),
                "a quarter of it (linear ≈ 4×)",
            )
        )
    return rows
