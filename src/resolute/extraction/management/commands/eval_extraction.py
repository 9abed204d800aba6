"""`resolute eval_extraction [FOLDER] [--verbose] [--json]`: measure the extractor on annotated documents.

Every `*.txt` in FOLDER with a sibling `*.expected.json` is extracted and scored (the rules are in
resolute.extraction.scoring). The command measures; it does not gate, so it exits 0 whatever the scores.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resolute.extraction import scoring


class Command(BaseCommand):
    help = (
        "Score the extractor against annotated documents (every *.txt with a sibling *.expected.json): "
        "precision, recall and F1 per document and key, then micro-averaged per key."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            nargs="?",
            default=str(scoring.CORPUS_FOLDER),
            help="Folder of annotated documents (default: the corpus shipped with the package).",
        )
        parser.add_argument(
            "--verbose",
            action="store_true",
            help="List, per key, the expected items missed and the predictions that matched nothing.",
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the scores as JSON instead of a table."
        )

    def handle(self, *args, **options):
        folder = Path(options["folder"])
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        if not scoring.find_documents(folder):
            raise CommandError(f"{folder} holds no *.txt with a sibling *.expected.json.")
        # Imported here so that a missing or broken extractor is reported as such, not as an unknown command.
        try:
            from resolute.extraction import extract
        except ImportError as error:
            raise CommandError(f"The extractor cannot be imported: {error}") from error

        result = scoring.score_folder(folder, extract)
        if options["json"]:
            self.stdout.write(
                json.dumps(result.as_dict(details=options["verbose"]), ensure_ascii=False, indent=2)
            )
            return
        self.write_table(result)
        if options["verbose"]:
            self.write_details(result)

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
