"""`resolute extract FILE [--lang en|vi] [--json]`: propose what a directive's text holds.

FILE is read as the web page reads an upload (`extraction.uploads`): a Word .docx (paragraphs and table
rows in order), a PDF with a text layer, or plain text in UTF-8, UTF-16 or Windows-1258. With --json the
answer key is printed as JSON; without it, a readable summary per key.
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from resolute.extraction import extract
from resolute.extraction.uploads import text_of_upload


def read_document(path: Path) -> str:
    """The text of the file; a CommandError naming the problem otherwise."""
    if not path.exists():
        raise CommandError(f"{path}: no such file.")
    if not path.is_file():
        raise CommandError(f"{path}: not a file.")
    with path.open("rb") as handle:
        try:
            return text_of_upload(File(handle, name=path.name))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error


class Command(BaseCommand):
    help = (
        "Propose the sections, targets, results, tasks, shortcomings, references and bodies of a directive."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="A .docx, a .pdf with text, or a text file (UTF-8, UTF-16, Windows-1258)."
        )
        parser.add_argument("--lang", choices=("en", "vi"), help="The text's language (default: detect).")
        parser.add_argument("--json", action="store_true", help="Print the answer key as JSON.")

    def handle(self, *args, **options):
        text = read_document(Path(options["file"]))
        result = extract(text, lang=options["lang"])
        key = result.to_answer_key()
        if options["json"]:
            self.stdout.write(json.dumps(key, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Language: {result.lang}; working year: {result.working_year or 'unknown'}")
        for name, items in key.items():
            self.stdout.write("")
            self.stdout.write(self.style.MIGRATE_HEADING(f"{name} ({len(items)})"))
            for item in items:
                self.stdout.write(f"  line {item.get('line', '?'):>4}  {summary(name, item)}")


def summary(name: str, item: dict) -> str:
    """One line describing an item of the answer key."""
    if name == "sections":
        return f"{'  ' * (item['level'] - 1)}{item['heading']}"
    if name == "targets":
        figure = f"{item['min']}-{item['max']}" if item["comparator"] == "range" else f"{item['value'] or ''}"
        deadline = f" by {item['deadline']}" if item.get("deadline") else ""
        return f"{item['comparator']} {figure} {item['unit'] or ''}{deadline} — {item['text']}"
    if name == "results":
        of = f"/{item['of']}" if item.get("of") else ""
        return f"{item['value']}{of} {item['unit'] or ''} ({item['kind']}) — {item['text']}"
    if name == "tasks":
        return f"[{item['segment']}] {item['action_verb']} — {item['text'][:160]}"
    if name == "references":
        return f"{item['kind']}: {item['text']}"
    if name == "org_units":
        aliases = f" (also {', '.join(item['aliases'])})" if item["aliases"] else ""
        return f"{item['kind']}: {item['name']}{aliases}"
    return item.get("text", "")[:160]
