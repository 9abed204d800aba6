"""An import of values always ends: a damaged workbook is refused at once, its owner may cancel it,
recovery retries or fails an import whose worker died, and a worker killed in the middle of an import
is replaced by one that finishes it whole."""

import os
import re
import signal
import time
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from resolute.core.actions.jobs import recover_stalled_jobs
from resolute.core.models import ChangeLogEntry
from resolute.targets.actions.imports import import_values, start_value_import
from resolute.targets.models import DataValue, ValueImport
from resolute.targets.workbook import unit_reference

from .test_import import IN_MARCH_WINDOW, XLSX, workbook_bytes
from .test_values import make_indicator

pytestmark = pytest.mark.urls("resolute.targets.tests.entry_urls")


@pytest.fixture(autouse=True)
def periods_of_2025_open(settings):
    settings.RESOLUTE_LOCK_DAYS_AFTER_DEADLINE = 36500


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    translation.activate("en")
    yield
    translation.deactivate()


def rows_for(unit, indicators):
    return [
        (indicator.code, unit_reference(unit), f"2025{month:02d}", number + month, 1, "")
        for number, indicator in enumerate(indicators)
        for month in range(1, 13)
    ]


def uploaded(content: bytes, name="values.xlsx"):
    return SimpleUploadedFile(name, content, XLSX)


def test_a_file_that_is_no_workbook_is_refused_on_upload_naming_it(client, users):
    client.force_login(users["district_a_reporter"])
    response = client.post(
        reverse("targets:import"), {"file": uploaded(b"plain text, not a workbook", "june.xlsx")}
    )
    assert response.status_code == 422
    assert "“june.xlsx” is not an Excel workbook (.xlsx) that can be opened" in response.content.decode()
    assert not ValueImport.objects.exists()


def test_a_stored_file_that_is_no_workbook_fails_at_once_with_the_reason_on_its_page(
    client, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        value_import = start_value_import(
            acting_user=users["district_a_reporter"],
            uploaded_file=uploaded(b"PK\x03\x04 damaged", "july.xlsx"),
        )
    value_import.refresh_from_db()
    assert value_import.status == ValueImport.Status.FAILED
    assert "“july.xlsx” is not an Excel workbook" in value_import.failure_reason
    client.force_login(users["district_a_reporter"])
    page = client.get(value_import.get_absolute_url()).content.decode()
    assert "is not an Excel workbook" in page and "every 2s" not in page


def test_the_owner_cancels_a_waiting_import_and_it_never_runs(client, users, tree):
    indicator = make_indicator("HOUSES", minimum=Decimal("0"))
    value_import = start_value_import(
        acting_user=users["district_a_reporter"],
        uploaded_file=uploaded(workbook_bytes(rows_for(tree["district_a"], [indicator]))),
    )
    client.force_login(users["district_a_reporter"])
    page = client.get(value_import.get_absolute_url()).content.decode()
    assert "Cancel the import" in page

    response = client.post(reverse("targets:import_cancel", args=[value_import.pk]), follow=True)
    assert "The import was cancelled; nothing was saved." in response.content.decode()
    import_values(value_import)  # the job, arriving later, finds nothing to do
    value_import.refresh_from_db()
    assert value_import.status == ValueImport.Status.CANCELLED
    assert value_import.failure_reason.startswith("Cancelled by")
    assert not DataValue.objects.exists()
    assert ChangeLogEntry.objects.filter(
        object_id=str(value_import.pk), changes__status__isnull=False
    ).exists()


def test_only_the_owner_may_cancel_an_import(client, users, tree):
    value_import = start_value_import(
        acting_user=users["district_a_reporter"],
        uploaded_file=uploaded(workbook_bytes(rows_for(tree["district_a"], [make_indicator("HOUSES")]))),
    )
    client.force_login(users["district_b_reporter"])
    assert client.post(reverse("targets:import_cancel", args=[value_import.pk])).status_code == 404
    value_import.refresh_from_db()
    assert value_import.status == ValueImport.Status.QUEUED


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_an_import_whose_worker_went_silent_is_run_again_and_saved_whole(
    users, tree, django_capture_on_commit_callbacks
):
    indicator = make_indicator("HOUSES", minimum=Decimal("0"))
    value_import = start_value_import(
        acting_user=users["district_a_reporter"],
        uploaded_file=uploaded(workbook_bytes(rows_for(tree["district_a"], [indicator]))),
    )
    # A worker claimed it and died: running, its last sign of life long ago.
    ValueImport.objects.filter(pk=value_import.pk).update(
        status=ValueImport.Status.CHECKING, attempts=1, heartbeat_at=timezone.now() - timedelta(minutes=5)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert recover_stalled_jobs() == {"retried": 1, "failed": 0}
    value_import.refresh_from_db()  # the immediate backend ran it again at once
    assert value_import.status == ValueImport.Status.DONE, (value_import.errors, value_import.failure_reason)
    assert value_import.attempts == 2 and DataValue.objects.count() == 12


def test_an_import_whose_worker_keeps_dying_fails_with_the_reason_for_its_owner(client, users, tree):
    value_import = start_value_import(
        acting_user=users["district_a_reporter"],
        uploaded_file=uploaded(workbook_bytes(rows_for(tree["district_a"], [make_indicator("HOUSES")]))),
    )
    ValueImport.objects.filter(pk=value_import.pk).update(
        status=ValueImport.Status.SAVING, attempts=2, heartbeat_at=timezone.now() - timedelta(minutes=5)
    )
    assert recover_stalled_jobs() == {"retried": 0, "failed": 1}
    client.force_login(users["district_a_reporter"])
    page = client.get(value_import.get_absolute_url()).content.decode()
    assert "The worker running this job stopped 2 times; nothing was saved." in page
    assert not DataValue.objects.exists()


def test_an_import_no_worker_ever_started_is_queued_again_then_failed(users, tree):
    value_import = start_value_import(
        acting_user=users["district_a_reporter"],
        uploaded_file=uploaded(workbook_bytes(rows_for(tree["district_a"], [make_indicator("HOUSES")]))),
    )
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert recover_stalled_jobs() == {"retried": 1, "failed": 0}
    with time_machine.travel(timezone.now() + timedelta(minutes=4)):
        assert recover_stalled_jobs() == {"retried": 1, "failed": 0}
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert recover_stalled_jobs() == {"retried": 0, "failed": 1}
    value_import.refresh_from_db()
    assert value_import.status == ValueImport.Status.FAILED
    assert "stopped 2 times" in value_import.failure_reason


def test_a_running_import_with_a_recent_heartbeat_is_left_alone(users, tree):
    value_import = start_value_import(
        acting_user=users["district_a_reporter"],
        uploaded_file=uploaded(workbook_bytes(rows_for(tree["district_a"], [make_indicator("HOUSES")]))),
    )
    ValueImport.objects.filter(pk=value_import.pk).update(
        status=ValueImport.Status.CHECKING, attempts=1, heartbeat_at=timezone.now() - timedelta(seconds=5)
    )
    assert recover_stalled_jobs() == {"retried": 0, "failed": 0}


def _wait_for(condition, seconds: float, step: float = 0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return None


def test_a_worker_killed_mid_import_is_replaced_and_the_import_finishes_whole(worker_database, users, tree):
    indicators = [make_indicator(f"HOUSES_{number:03d}", minimum=Decimal("0")) for number in range(20)]
    rows = rows_for(tree["district_a"], indicators)
    value_import = start_value_import(
        acting_user=users["district_a_reporter"], uploaded_file=uploaded(workbook_bytes(rows))
    )
    worker_database.publish()
    worker_database.start("scheduler", "--interval", "1")
    workers = worker_database.start("workers", "--queues", "default,long", "--interval", "0.1")
    long_worker = None
    while long_worker is None:
        line = workers.stdout.readline()
        assert line, "the workers command stopped"
        found = re.search(r"queue long \(pid (\d+)\)", line)
        long_worker = int(found.group(1)) if found else None

    def state():
        found = worker_database.query(
            "SELECT status, rows_total FROM targets_valueimport WHERE id = %s", [value_import.pk]
        )
        return found[0] if found else None

    running = _wait_for(lambda: state()[0] in ("checking", "saving") and state(), 30)
    assert running, f"the import never started: {state()}"
    os.kill(long_worker, signal.SIGKILL)
    killed_at = time.monotonic()
    assert state()[0] in ("checking", "saving"), "the import ended before its worker was killed"
    assert worker_database.query("SELECT COUNT(*) FROM targets_datavalue") == [(0,)]

    ended = _wait_for(lambda: state()[0] in ("done", "failed", "cancelled"), 60, step=0.2)
    assert ended, f"the import did not end within a minute: {state()}"
    assert time.monotonic() - killed_at < 60
    worker_database.stop()
    output = workers.stdout.read()
    assert f"The worker of queue long exited with code -{signal.SIGKILL}" in output

    worker_database.sync()
    value_import.refresh_from_db()
    assert value_import.status == ValueImport.Status.DONE, (value_import.errors, value_import.failure_reason)
    assert value_import.attempts == 2
    assert value_import.values_saved == len(rows) == DataValue.objects.count()
