"""`resolute train_reader [--corpus DIR] [--output FILE]`: fit the sentence-role model on the development
documents of the corpus and write its coefficients (by default over the shipped model).

Only `dev/` is read: the test documents are for scoring, never for training. The fit is deterministic
(fixed seed and order), so training twice on the same documents writes the same bytes.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resolute.extraction import evaluation, scoring
from resolute.extraction.model import MODEL_PATH
from resolute.extraction.model.training import train_on_folder


class Command(BaseCommand):
    help = "Fit the sentence-role model of the text reader on the corpus's development documents (dev/ only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--corpus",
            default=None,
            help=f"The corpus folder holding dev/ (default: ${evaluation.CORPUS_ENV}, else "
            f"{evaluation.DEFAULT_CORPUS}).",
        )
        parser.add_argument(
            "--output",
            default=str(MODEL_PATH),
            help="Where to write the coefficients (default: the shipped model).",
        )

    def handle(self, *args, **options):
        folder = evaluation.corpus_folder(options["corpus"])
        problem = evaluation.absent_message(folder)
        if problem:
            raise CommandError(problem)
        development = folder / "dev"
        model = train_on_folder(development)
        output = Path(options["output"])
        output.write_text(model.to_json(), encoding="utf-8")
        documents = len(scoring.find_documents(development))
        self.stdout.write(
            f"Fitted on {documents} development documents ({model.meta['examples']} sentences, "
            f"{model.meta['features']} features); written to {output}."
        )
