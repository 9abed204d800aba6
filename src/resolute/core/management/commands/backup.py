"""`resolute backup FILE`: the database and the uploaded files in one tar.gz (see `core.backup`)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resolute.core.backup import backup


class Command(BaseCommand):
    help = "Write the database and the uploaded files (MEDIA_ROOT) into one .tar.gz archive with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write, e.g. resolute-2026-03-01.tar.gz")
        parser.add_argument("--overwrite", action="store_true", help="replace FILE if it exists")

    def handle(self, *args, file, overwrite, **options):
        path = Path(file)
        if path.exists() and not overwrite:
            raise CommandError(f"{path} exists; choose another name or add --overwrite.")
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        manifest = backup(path)
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {path}: {rows} rows in {len(manifest['tables'])} tables, "
                f"{len(manifest['files'])} files."
            )
        )
