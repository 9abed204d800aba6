"""`resolute restore FILE [--force]`: put back what `resolute backup` wrote (see `core.backup`)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resolute.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the database's rows and the uploaded files by those of a backup archive. The database must "
        "be migrated to the archive's schema version; one that holds data is replaced only with --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="an archive written by `resolute backup`")
        parser.add_argument(
            "--force", action="store_true", help="replace the data of a database that is not empty"
        )

    def handle(self, *args, file, force, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        try:
            manifest = restore(path, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {path} (made {manifest['created_at']}): {rows} rows, "
                f"{len(manifest['files'])} files."
            )
        )
