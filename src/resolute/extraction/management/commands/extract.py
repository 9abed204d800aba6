"""`resolute extract FILE [--lang en|vi] [--json]`: propose what a directive's text holds.

FILE is a plain-text file (UTF-8, UTF-16 with a byte-order mark, Windows-1258 or Windows-1252: the first
that decodes cleanly wins) or a Word .docx. With --json the answer key is printed as JSON; without it, a
readable summary per key.
"""

import json
import unicodedata
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resolute.extraction import extract

# Tried in order: strict UTF-8 first, since a legacy code page decodes almost any bytes.
_ENCODINGS = ("utf-8", "cp1258", "cp1252")


def read_text_file(path: Path) -> str:
    """The text of a .txt file, its encoding detected (a BOM settles UTF-8 and UTF-16)."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if len(data) >= 4 and data[1:2] == b"\x00" and data[3:4] == b"\x00":
        return data.decode("utf-16-le")  # UTF-16 without a BOM, as some Windows tools write it
    for encoding in _ENCODINGS:
        try:
            # Windows-1258 writes tone marks as combining characters: compose them.
            return unicodedata.normalize("NFC", data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise CommandError(f"{path}: the text is neither UTF-8, UTF-16, Windows-1258 nor Windows-1252.")


def read_docx(path: Path) -> str:
    """The paragraphs of a .docx, one a line."""
    try:
        import docx
    except ImportError as error:  # pragma: no cover - python-docx is a dependency
        raise CommandError("Reading .docx needs python-docx, which is not installed.") from error
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several kinds for a damaged file
        raise CommandError(f"{path}: not a readable .docx file ({error}).") from error
    # Paragraphs and table rows in document order; a row's cells on one line, joined by " | ".
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = [cell.text.strip() for cell in row.cells]
                lines.append(" | ".join(dict.fromkeys(cell for cell in cells if cell)))
    return "\n".join(lines)


def read_document(path: Path) -> str:
    """The text of a .txt or .docx file; a CommandError naming the problem otherwise."""
    if not path.exists():
        raise CommandError(f"{path}: no such file.")
    if not path.is_file():
        raise CommandError(f"{path}: not a file.")
    suffix = path.suffix.casefold()
    if suffix == ".docx":
        return read_docx(path)
    if suffix in (".txt", ".text", ""):
        return read_text_file(path)
    if suffix in (".pdf", ".doc"):
        raise CommandError(
            f"{path}: {suffix} files are read by the web application's upload; "
            "give this command a .txt or .docx file."
        )
    raise CommandError(f"{path}: unsupported file type {suffix!r}; give a .txt or .docx file.")


class Command(BaseCommand):
    help = (
        "Propose the sections, targets, results, tasks, shortcomings, references and bodies of a directive."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .txt (UTF-8, UTF-16, Windows-1258/1252) or .docx file.")
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
