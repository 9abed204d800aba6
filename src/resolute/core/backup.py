"""One archive holding the database and the uploaded files together (`resolute backup` / `restore`).

The archive is a tar.gz:

    manifest.json   format, the app's version, when, the database engine, the migrations applied (per
                    app), the rows of every model, and the SHA-256 of every stored file
    data.xml        every row, as `dumpdata --format=xml --natural-foreign` writes it (content types
                    and permissions are left out: `migrate` creates them, and rows point to them by
                    natural key). XML, not JSON: Django's JSON encoder cuts times to milliseconds, so a
                    restored row would differ from the saved one; the XML serializer keeps microseconds.
    media/<name>    each file of the default storage (MEDIA_ROOT), under its stored name

Why dumpdata rather than pg_dump or a copy of the SQLite file: the same archive restores on either
engine (a demo on SQLite moved to PostgreSQL, or back for an inquiry), the rows keep their ids, and
the file is checked row by row on the way in. It is slower than an engine's own dump on a large
database; docs/dev/operations.md says when to prefer one.

A restore refuses an archive whose migrations differ from the database's (a different schema
version), and a database that already holds data unless forced; it loads everything in one
transaction and checks every model's row count and every file's hash before it is done.
"""

import hashlib
import io
import json
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DATA = "data.xml"
MEDIA_PREFIX = "media/"
# Created by `migrate` in every database (and referred to by natural key), so never dumped.
NOT_DUMPED = ["contenttypes", "auth.permission"]


class BackupError(Exception):
    """The archive cannot be restored here; the message says why and what to do."""


def _app_version() -> str:
    try:
        return metadata.version("resolute")
    except metadata.PackageNotFoundError:
        return "unknown"


def migration_state(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    """The migrations applied to the database, per app, sorted."""
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def _dumped_models():
    excluded_apps = {label for label in NOT_DUMPED if "." not in label}
    excluded_models = {label for label in NOT_DUMPED if "." in label}
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label in excluded_apps:
            continue
        if meta.label_lower in excluded_models:
            continue
        yield model


def row_counts() -> dict[str, int]:
    """The rows of every dumped model (its own table; many-to-many rows travel with their model)."""
    return {model._meta.label_lower: model._base_manager.count() for model in _dumped_models()}


def stored_files(storage=default_storage, directory: str = ""):
    """The names of every file in the storage, walking its folders."""
    try:
        folders, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for folder in sorted(folders):
        yield from stored_files(storage, f"{directory}/{folder}" if directory else folder)


def _sha256(stream) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def file_hashes(storage=default_storage) -> dict[str, str]:
    hashes = {}
    for name in stored_files(storage):
        with storage.open(name, "rb") as stored:
            hashes[name] = _sha256(stored)
    return hashes


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup(path: Path, *, storage=default_storage) -> dict:
    """Write the archive to `path` and return its manifest. The rows are read in one transaction,
    so they agree with each other (PostgreSQL: one snapshot; SQLite: one read)."""
    path = Path(path)
    with tempfile.TemporaryDirectory() as work:
        data_path = Path(work) / DATA
        with transaction.atomic():
            call_command(
                "dumpdata",
                *[f"--exclude={label}" for label in NOT_DUMPED],
                natural_foreign=True,
                format="xml",
                output=str(data_path),
                verbosity=0,
            )
            manifest = {
                "format": FORMAT,
                "app_version": _app_version(),
                "created_at": timezone.now().isoformat(),
                "engine": connections[DEFAULT_DB_ALIAS].vendor,
                "migrations": migration_state(),
                "tables": row_counts(),
            }
        with tarfile.open(path, "w:gz") as archive:
            archive.add(data_path, arcname=DATA)
            hashes = {}
            for name in stored_files(storage):
                with storage.open(name, "rb") as stored:
                    content = stored.read()
                hashes[name] = hashlib.sha256(content).hexdigest()
                _add_bytes(archive, MEDIA_PREFIX + name, content)
            manifest["files"] = hashes
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode())
    return manifest


def read_manifest(path: Path) -> dict:
    try:
        with tarfile.open(path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = json.load(member)
    except (tarfile.TarError, KeyError, OSError, json.JSONDecodeError) as error:
        raise BackupError(f"{path} is not a Resolute backup (no readable {MANIFEST}): {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path} is a backup of format {manifest.get('format')}; this version reads {FORMAT}."
        )
    return manifest


def _schema_difference(archived: dict[str, list[str]], current: dict[str, list[str]]) -> list[str]:
    lines = []
    for app_label in sorted(set(archived) | set(current)):
        only_archive = sorted(set(archived.get(app_label, [])) - set(current.get(app_label, [])))
        only_here = sorted(set(current.get(app_label, [])) - set(archived.get(app_label, [])))
        if only_archive:
            lines.append(f"  {app_label}: the archive has {', '.join(only_archive)}, this database does not")
        if only_here:
            lines.append(f"  {app_label}: this database has {', '.join(only_here)}, the archive does not")
    return lines


def database_holds_data() -> str:
    """'' for a database fresh from `migrate`; else what it holds (users or units: data people entered)."""
    held = []
    users = get_user_model()._base_manager.count()
    # By name from the registry: core sits below orgunits and never imports it.
    units = apps.get_model("orgunits", "OrgUnit")._base_manager.count()
    if users:
        held.append(f"{users} user(s)")
    if units:
        held.append(f"{units} unit(s)")
    return ", ".join(held)


def restore(path: Path, *, force: bool = False, storage=default_storage) -> dict:
    """Replace the database's rows and the stored files by the archive's. Returns the manifest."""
    path = Path(path)
    manifest = read_manifest(path)
    difference = _schema_difference(manifest["migrations"], migration_state())
    if difference:
        raise BackupError(
            "The archive was made with a different schema version than this database has, so it is not "
            "restored. Restore it with the version of Resolute that made it "
            f"(archive: {manifest.get('app_version')}), or bring this database to the same migrations:\n"
            + "\n".join(difference)
        )
    held = database_holds_data()
    if held and not force:
        raise BackupError(
            f"This database is not empty ({held}); restoring would replace everything in it. "
            "Run the restore again with --force to replace it, or restore into an empty database."
        )
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as work:
        files = _checked_files(archive, manifest)
        data_path = Path(work) / DATA
        member = archive.extractfile(DATA)
        if member is None:
            raise BackupError(f"{path} holds no {DATA}.")
        data_path.write_bytes(member.read())
        with transaction.atomic():
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(data_path), verbosity=0)
            counts = row_counts()
            wrong = {
                label: (expected, counts.get(label))
                for label, expected in manifest["tables"].items()
                if counts.get(label) != expected
            }
            if wrong:
                raise BackupError(
                    "The restored rows do not match the archive's manifest, so nothing was restored: "
                    + "; ".join(
                        f"{label}: {got} instead of {expected}" for label, (expected, got) in wrong.items()
                    )
                )
            _replace_files(files, storage)
    return manifest


def _checked_files(archive: tarfile.TarFile, manifest: dict) -> dict[str, bytes]:
    """Every file the manifest names, read from the archive and checked against its hash."""
    files = {}
    for name, expected in manifest["files"].items():
        member = archive.extractfile(MEDIA_PREFIX + name)
        if member is None:
            raise BackupError(f"The archive lacks the file {name} that its manifest names.")
        content = member.read()
        if hashlib.sha256(content).hexdigest() != expected:
            raise BackupError(
                f"The file {name} in the archive is damaged (its hash differs from the manifest's)."
            )
        files[name] = content
    return files


def _replace_files(files: dict[str, bytes], storage) -> None:
    """Make the storage hold exactly the archive's files, under their stored names."""
    for name in list(stored_files(storage)):
        if name not in files:
            storage.delete(name)
    for name, content in files.items():
        if storage.exists(name):
            storage.delete(name)
        saved_as = storage.save(name, ContentFile(content))
        if saved_as != name:
            raise BackupError(
                f"The storage renamed {name} to {saved_as}; restore it into an empty MEDIA_ROOT."
            )
