"""`resolute backup` and `resolute restore`: the database and the uploaded files travel together, and
come back exactly — every row of every model, every file's bytes."""

import io
import json
import tarfile
from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from resolute.core.backup import MANIFEST, file_hashes, read_manifest, stored_files
from resolute.orgunits import actions as unit_actions
from resolute.orgunits.models import OrgUnit
from resolute.tasks import actions as task_actions

pytestmark = pytest.mark.django_db(transaction=True)


def _natural(value, model):
    """A row's reference to a content type or permission, by natural key: `migrate` recreates those
    rows, so their ids may differ between databases while the rows pointing to them stay the same."""
    if value is None:
        return None
    return model.objects.get(pk=value).natural_key()


def every_row() -> dict[str, list[dict]]:
    """All rows of every model (many-to-many tables too), ordered by id."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or model in (ContentType, Permission):
            continue
        rows = list(model._base_manager.order_by("pk").values())
        for field in meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if target in (ContentType, Permission):
                for row in rows:
                    row[field.attname] = _natural(row[field.attname], target)
        tables[meta.label_lower] = rows
    return tables


@pytest.fixture(name="empty_storage")
def empty_storage_fixture():
    for name in list(stored_files()):
        default_storage.delete(name)
    yield default_storage
    for name in list(stored_files()):
        default_storage.delete(name)


@pytest.fixture(name="province_at_work")
def province_at_work_fixture(tree, users, empty_storage):
    """A province with tasks, a change log, and uploaded files in two folders."""
    task_actions.create_task(
        acting_user=users["office"],
        title="Clear the Ái Nghĩa canal",
        lead_unit=tree["commune_b1"],
        assigned_by_unit=tree["committee"],
        assigned_on=date(2026, 3, 2),
        coordinating_units=[tree["finance"]],
    )
    unit_actions.update_unit(acting_user=users["admin"], unit=tree["finance"], short_name="STC")
    empty_storage.save("attachments/2026/03/nghi-quyet.pdf", ContentFile(b"%PDF-1.7 resolution"))
    empty_storage.save("evidence/ảnh hiện trường.jpg", ContentFile(bytes(range(256)) * 40))
    return tree


def test_a_backup_restored_over_a_changed_database_gives_back_every_row_and_every_file(
    province_at_work, users, tmp_path
):
    archive = tmp_path / "resolute.tar.gz"
    rows_before, files_before = every_row(), file_hashes()
    call_command("backup", str(archive), stdout=io.StringIO())
    # Life goes on after the backup: a unit renamed, a file replaced, another added.
    unit_actions.update_unit(acting_user=users["admin"], unit=province_at_work["province"], name="Tỉnh mới")
    default_storage.delete("attachments/2026/03/nghi-quyet.pdf")
    default_storage.save("attachments/2026/03/nghi-quyet.pdf", ContentFile(b"another file"))
    default_storage.save("later.txt", ContentFile(b"after the backup"))
    assert every_row() != rows_before

    out = io.StringIO()
    call_command("restore", str(archive), force=True, stdout=out)

    assert every_row() == rows_before
    assert file_hashes() == files_before
    assert "Restored" in out.getvalue()


def test_the_manifest_names_the_version_migrations_rows_and_file_hashes(province_at_work, tmp_path):
    archive = tmp_path / "resolute.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    manifest = read_manifest(archive)

    assert manifest["format"] == 1 and manifest["app_version"]
    assert "0001_initial" in manifest["migrations"]["orgunits"]
    assert manifest["tables"]["orgunits.orgunit"] == OrgUnit.objects.count() == 9
    assert manifest["tables"]["tasks.task"] == 1
    assert manifest["files"] == file_hashes()
    assert set(manifest["files"]) == {"attachments/2026/03/nghi-quyet.pdf", "evidence/ảnh hiện trường.jpg"}


def test_restore_refuses_a_database_that_holds_data_unless_forced(province_at_work, users, tmp_path):
    archive = tmp_path / "resolute.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    unit_actions.update_unit(acting_user=users["admin"], unit=province_at_work["province"], name="Tỉnh mới")

    with pytest.raises(CommandError, match=r"not empty \(7 user\(s\), 9 unit\(s\)\).*--force"):
        call_command("restore", str(archive))

    assert OrgUnit.objects.get(pk=province_at_work["province"].pk).name == "Tỉnh mới"


def test_a_fresh_database_takes_the_archive_without_force(province_at_work, tmp_path):
    archive = tmp_path / "resolute.tar.gz"
    rows_before, files_before = every_row(), file_hashes()
    call_command("backup", str(archive), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    for name in list(stored_files()):
        default_storage.delete(name)

    call_command("restore", str(archive), stdout=io.StringIO())

    assert every_row() == rows_before
    assert file_hashes() == files_before


def _rewrite_manifest(archive, change) -> None:
    with tarfile.open(archive, "r:gz") as source:
        members = [(member, source.extractfile(member).read()) for member in source.getmembers()]
    with tarfile.open(archive, "w:gz") as target:
        for member, data in members:
            if member.name == MANIFEST:
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))


def test_restore_refuses_an_archive_of_another_schema_version_and_says_which_migrations_differ(
    province_at_work, tmp_path
):
    archive = tmp_path / "resolute.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    _rewrite_manifest(archive, lambda manifest: manifest["migrations"]["tasks"].append("0099_future_change"))

    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(archive), force=True)

    message = str(refusal.value)
    assert "different schema version" in message
    assert "tasks: the archive has 0099_future_change, this database does not" in message
    assert OrgUnit.objects.count() == 9  # nothing was touched


def test_restore_refuses_a_damaged_file_and_changes_nothing(province_at_work, users, tmp_path):
    archive = tmp_path / "resolute.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    _rewrite_manifest(
        archive, lambda manifest: manifest["files"].update({"evidence/ảnh hiện trường.jpg": "0" * 64})
    )
    unit_actions.update_unit(acting_user=users["admin"], unit=province_at_work["province"], name="Tỉnh mới")

    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(archive), force=True)

    assert OrgUnit.objects.get(pk=province_at_work["province"].pk).name == "Tỉnh mới"


def test_backup_will_not_overwrite_an_archive_by_accident(province_at_work, tmp_path):
    archive = tmp_path / "resolute.tar.gz"
    archive.write_bytes(b"yesterday's backup")

    with pytest.raises(CommandError, match="exists"):
        call_command("backup", str(archive))

    assert archive.read_bytes() == b"yesterday's backup"
