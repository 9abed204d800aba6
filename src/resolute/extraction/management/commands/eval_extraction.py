"""`resolute eval_extraction [FOLDER] [--verbose] [--json]`: measure the extractor on annotated documents.
`resolute eval_extraction --corpus [DIR] [--splits dev,kfold,test] [--folds 5]`: measure it on the
corpus of real documents (docs/extraction-quality.md).

Every `*.txt` in FOLDER with a sibling `*.expected.json` is extracted and scored (the rules are in
resolute.extraction.scoring). With `--corpus`, the development documents are scored with the shipped
model and by k-fold (a model fitted per fold on the other folds), the test documents with the shipped model
only and without their details, each per key, per genre and per language; the ten most common failure
classes are counted on the development documents only. The command measures; it does not gate, so it exits
0 whatever the scores, and when the corpus is absent it says so and exits 0.
"""

import json
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resolute.extraction import evaluation, scoring

SPLITS = ("dev", "kfold", "test")


class Command(BaseCommand):
    help = (
        "Score the extractor against annotated documents (every *.txt with a sibling *.expected.json): "
        "precision, recall and F1 per document and key, then micro-averaged per key. With --corpus, score "
        "the corpus of real documents: development, k-fold over development, and test."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            nargs="?",
            default=None,
            help="Folder of annotated documents (default: the corpus shipped with the package).",
        )
        parser.add_argument(
            "--verbose",
            action="store_true",
            help="List, per key, the expected items missed and the predictions that matched nothing "
            "(never for the test documents).",
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the scores as JSON instead of a table."
        )
        parser.add_argument(
            "--corpus",
            nargs="?",
            const="",
            default=None,
            help=f"Score the corpus of real documents (dev/ and test/) at this folder (default: "
            f"${evaluation.CORPUS_ENV}, else {evaluation.DEFAULT_CORPUS}).",
        )
        parser.add_argument(
            "--splits",
            default="dev,kfold,test",
            help="With --corpus: which of dev, kfold and test to score, comma-separated (default: all).",
        )
        parser.add_argument(
            "--folds", type=int, default=5, help="With --corpus: the number of folds (default 5)."
        )

    def handle(self, *args, **options):
        # Imported here so that a missing or broken extractor is reported as such, not as an unknown command.
        try:
            from resolute.extraction import extract
        except ImportError as error:
            raise CommandError(f"The extractor cannot be imported: {error}") from error
        if options["corpus"] is not None:
            if options["folder"]:
                raise CommandError("Give either a folder or --corpus, not both.")
            self.handle_corpus(extract, options)
            return
        folder = Path(options["folder"] or scoring.CORPUS_FOLDER)
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        if not scoring.find_documents(folder):
            raise CommandError(f"{folder} holds no *.txt with a sibling *.expected.json.")
        if folder.name == "test" and options["verbose"]:
            raise CommandError(
                "The test documents are scored, never read item by item: --verbose is refused on test/."
            )

        result = scoring.score_folder(folder, extract)
        if options["json"]:
            self.stdout.write(
                json.dumps(result.as_dict(details=options["verbose"]), ensure_ascii=False, indent=2)
            )
            return
        self.write_table(result)
        if options["verbose"]:
            self.write_details(result)

    # --- the corpus of real documents ---

    def handle_corpus(self, extract, options) -> None:
        splits = [split.strip() for split in options["splits"].split(",") if split.strip()]
        unknown = [split for split in splits if split not in SPLITS]
        if unknown:
            raise CommandError(f"--splits: unknown {', '.join(unknown)}; choose among {', '.join(SPLITS)}.")
        if options["verbose"] and "test" in splits:
            raise CommandError(
                "The test documents are scored, never read item by item: --verbose is refused when --splits "
                "holds test (use --splits dev,kfold)."
            )
        folder = evaluation.corpus_folder(options["corpus"] or None)
        problem = evaluation.absent_message(folder)
        if problem:
            # Absent is not an error: the repository's own examples are scored without it.
            self.stdout.write(f"{problem} Only the repository's own examples were scored.")
            return
        development = scoring.find_documents(folder / "dev")
        report: dict = {"corpus": str(folder)}
        if "dev" in splits:
            scored = evaluation.score_documents(development, extract)
            expected = {path.name[: -len(".txt")]: scoring.load_expected(key) for path, key in development}
            classes = evaluation.failure_classes(scored, expected)
            report["dev"] = self.summary(scored, details=options["verbose"])
            report["dev"]["failure_classes"] = classes.most_common(10)
            if not options["json"]:
                self.write_summary(f"Development ({len(development)} documents, the shipped model)", scored)
                self.write_failures(classes)
                if options["verbose"]:
                    self.write_details(scored.result)
        if "kfold" in splits:
            scored = evaluation.k_fold(development, extract, options["folds"])
            report["kfold"] = self.summary(scored)
            if not options["json"]:
                self.write_summary(
                    f"Development by {min(options['folds'], len(development))}-fold (a model fitted per fold "
                    "on the other folds)",
                    scored,
                )
        if "test" in splits:
            testing = scoring.find_documents(folder / "test")
            if not testing:
                self.stdout.write(f"{folder / 'test'} holds no annotated documents: no test figures.")
            else:
                scored = evaluation.score_documents(testing, extract)
                report["test"] = self.summary(scored)
                if not options["json"]:
                    self.write_summary(
                        f"Test ({len(testing)} documents, the shipped model; figures only — each run counts "
                        "as a look at the test set, see docs/extraction-quality.md)",
                        scored,
                    )
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))

    @staticmethod
    def summary(scored: evaluation.Scored, *, details: bool = False) -> dict:
        return {
            "micro_average": {key: counts.as_dict() for key, counts in scored.result.per_key.items()},
            "by_genre": {
                group: {key: counts.as_dict() for key, counts in keys.items()}
                for group, keys in scored.by("groups").items()
            },
            "by_language": {
                lang: {key: counts.as_dict() for key, counts in keys.items()}
                for lang, keys in scored.by("langs").items()
            },
            **({"documents": scored.result.as_dict(details=True)["documents"]} if details else {}),
        }

    def write_summary(self, title: str, scored: evaluation.Scored) -> None:
        """Per key over every document, then the item keys per genre and per language."""
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(title))
        self.name_width = 34
        for key, counts in scored.result.per_key.items():
            self.stdout.write(self.row("all documents", key, counts))
        self.stdout.write(self.row("all documents", "all keys", scored.result.total))
        for attribute in ("groups", "langs"):
            documents = Counter(getattr(scored, attribute).values())
            for group, keys in scored.by(attribute).items():
                label = f"{group} ({documents[group]})"[: self.name_width]
                for key in evaluation.ITEM_KEYS:
                    self.stdout.write(self.row(label, key, keys[key]))

    def write_failures(self, classes: Counter) -> None:
        self.stdout.write("")
        self.stdout.write(
            self.style.MIGRATE_HEADING("The ten most common failure classes (development only)")
        )
        for name, count in classes.most_common(10):
            self.stdout.write(f"{count:>5}  {name}")

    # --- a folder ---

    def write_table(self, result: scoring.FolderScore) -> None:
        """One row per document and key, then the micro-average per key and over every key."""
        self.name_width = max([len("micro-average"), *(len(document.name) for document in result.documents)])
        header = (
            f"{'document'.ljust(self.name_width)}  {'key'.ljust(12)}  {'TP':>4} {'FP':>4} {'FN':>4}"
            f"  {'P':>5} {'R':>5} {'F1':>5}  borderline found/missed"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for document in result.documents:
            for key, score in document.keys.items():
                borderline = f"{score.borderline_found}/{score.borderline_missed}"
                self.stdout.write(self.row(document.name, key, score) + f"  {borderline:>23}")
            self.stdout.write(self.row(document.name, "all keys", document.total))
            if document.seconds is not None:
                self.stdout.write(
                    f"{''.ljust(self.name_width)}  extracted in {document.seconds * 1000:.0f} ms"
                )
            self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Micro-average over the folder"))
        for key, counts in result.per_key.items():
            self.stdout.write(self.row("micro-average", key, counts))
        self.stdout.write(self.row("micro-average", "all keys", result.total))

    def row(self, name: str, key: str, counts: scoring.Counts) -> str:
        return (
            f"{name.ljust(self.name_width)}  {key.ljust(12)}  {counts.tp:>4} {counts.fp:>4} {counts.fn:>4}"
            f"  {counts.precision:5.2f} {counts.recall:5.2f} {counts.f1:5.2f}"
        )

    def write_details(self, result: scoring.FolderScore) -> None:
        """Per document and key: missed expected items (with near misses) and unmatched predictions."""
        for document in result.documents:
            for key, score in document.keys.items():
                if not (score.unmatched_expected or score.unmatched_predicted):
                    continue
                self.stdout.write("")
                self.stdout.write(self.style.MIGRATE_HEADING(f"{document.name} — {key}"))
                near = {id(miss.expected): miss for miss in score.near_misses}
                for item in score.unmatched_expected:
                    self.stdout.write(f"  missed    {scoring.describe(item, key)}")
                    miss = near.get(id(item))
                    if miss:
                        fields = ", ".join(miss.fields)
                        self.stdout.write(
                            f"    text matched {scoring.describe(miss.predicted, key)} but not {fields}"
                        )
                for item in score.unmatched_predicted:
                    self.stdout.write(f"  spurious  {scoring.describe(item, key)}")
