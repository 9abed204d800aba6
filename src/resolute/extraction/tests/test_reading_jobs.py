"""A reading always ends: the form states and enforces the largest text, a reading past its time
limit is stopped with the reason, its owner may cancel it, and signing in works while a reading and
an import run in real workers on a file database."""

import io
import json
import subprocess
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from resolute.core.actions.jobs import JobRun, cancel_job
from resolute.extraction import actions
from resolute.extraction.models import PlanProposal, ProposalStatus, ProposedItem

from .test_plan_flow import VIETNAMESE_PARAGRAPH, document  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    translation.activate("en")
    yield
    translation.deactivate()


def test_the_reading_form_states_the_largest_text_it_takes(client, users, document, settings):  # noqa: F811
    settings.RESOLUTE_MAX_READING_CHARACTERS = 5000
    settings.RESOLUTE_MAX_READING_PARAGRAPHS = 40
    client.force_login(users["office"])
    page = client.get(reverse("extraction:new", args=[document.pk])).content.decode()
    assert "At most 5,000 characters and 40 paragraphs." in page


def test_a_pasted_text_longer_than_the_limit_is_refused_naming_the_field(
    client,
    users,
    document,  # noqa: F811
    settings,
):
    settings.RESOLUTE_MAX_READING_PARAGRAPHS = 40
    client.force_login(users["office"])
    response = client.post(reverse("extraction:new", args=[document.pk]), {"text": "A paragraph.\n" * 41})
    assert response.status_code == 400
    assert "characters in 41 paragraphs; the reader takes at most" in response.content.decode()
    assert response.context["form"].errors["text"]
    assert not PlanProposal.objects.exists()


def test_an_uploaded_file_longer_than_the_limit_is_refused_on_the_file_field(
    client,
    users,
    document,  # noqa: F811
    settings,
):
    settings.RESOLUTE_MAX_READING_CHARACTERS = 1000
    client.force_login(users["office"])
    upload = SimpleUploadedFile("long.txt", ("Một đoạn văn bản dài.\n" * 100).encode(), "text/plain")
    response = client.post(reverse("extraction:new", args=[document.pk]), {"file": upload})
    assert response.status_code == 400
    assert "the reader takes at most 1,000 characters" in response.context["form"].errors["file"][0]


def test_a_reading_past_its_time_limit_is_stopped_with_the_reason_and_proposes_nothing(
    users,
    document,  # noqa: F811
    settings,
    django_capture_on_commit_callbacks,
):
    settings.RESOLUTE_LONG_JOB_TIME_LIMIT = 0.05
    settings.RESOLUTE_JOB_HEARTBEAT_SECONDS = 0
    long_text = VIETNAMESE_PARAGRAPH * 400
    with django_capture_on_commit_callbacks(execute=True):
        proposal = actions.start_proposal(acting_user=users["office"], document=document, text=long_text)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.FAILED
    # Written in the language of the person who started it (Vietnamese, the default).
    assert proposal.failure_reason.startswith("Đã dừng sau")
    assert "chưa có gì được lưu" in proposal.failure_reason
    assert not ProposedItem.objects.exists()


def test_a_reading_cancelled_while_it_runs_stops_at_its_next_heartbeat_and_writes_nothing(
    users,
    document,  # noqa: F811
    settings,
):
    settings.RESOLUTE_JOB_HEARTBEAT_SECONDS = 0
    proposal = actions.start_proposal(
        acting_user=users["office"], document=document, text=VIETNAMESE_PARAGRAPH
    )
    original_beat = JobRun.beat

    def cancel_on_first_beat(run, **fields):
        if not getattr(run, "cancelled_once", False):
            run.cancelled_once = True
            cancel_job(acting_user=users["office"], record=run.record)
        return original_beat(run, **fields)

    JobRun.beat = cancel_on_first_beat
    try:
        actions.read_proposal(proposal)
    finally:
        JobRun.beat = original_beat
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CANCELLED
    assert proposal.failure_reason == "Đã được office hủy; chưa có gì được lưu."
    assert not ProposedItem.objects.exists()


def test_only_the_person_who_started_a_reading_may_cancel_it(client, users, document):  # noqa: F811
    proposal = actions.start_proposal(
        acting_user=users["office"], document=document, text=VIETNAMESE_PARAGRAPH
    )
    client.force_login(users["office"])
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Cancel the reading" in page
    client.force_login(users["district_b_reporter"])
    response = client.post(reverse("extraction:cancel", args=[proposal.pk]))
    assert response.status_code in (403, 404)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.QUEUED

    client.force_login(users["office"])
    response = client.post(reverse("extraction:cancel", args=[proposal.pk]), follow=True)
    assert "The reading was cancelled." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CANCELLED


# Signs in N times through the real sign-in page, against the workers' database; the users of the
# test have passwords made by the test's fast hasher.
SIGN_IN_SCRIPT = """
import json, sys
import django
from django.conf import settings
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
django.setup()
from django.test import Client
from django.urls import reverse
statuses, errors = [], []
client = Client(raise_request_exception=False)
for attempt in range(int(sys.argv[1])):
    try:
        response = client.post(reverse("accounts:login"), {"username": "office", "password": "resolute-demo"})
        statuses.append(response.status_code)
        client.logout()
    except Exception as error:
        errors.append(repr(error))
print(json.dumps({"statuses": statuses, "errors": errors}))
"""


def test_people_sign_in_while_a_reading_and_an_import_run_on_a_file_database(
    worker_database,
    users,
    document,  # noqa: F811
):
    from openpyxl import Workbook

    from resolute.targets.actions.imports import start_value_import
    from resolute.targets.workbook import COLUMNS

    proposal = actions.start_proposal(
        acting_user=users["office"], document=document, text=VIETNAMESE_PARAGRAPH * 3000
    )
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("values")
    sheet.append(COLUMNS)
    for number in range(3000):
        sheet.append(["NOPE", "503", "202501", number, 1, ""])  # checked row by row, refused: nothing saved
    buffer = io.BytesIO()
    workbook.save(buffer)
    start_value_import(
        acting_user=users["district_a_reporter"],
        uploaded_file=SimpleUploadedFile("v.xlsx", buffer.getvalue()),
    )
    worker_database.publish()
    worker_database.start("workers", "--queues", "long", "--interval", "0.1")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not worker_database.query(
        "SELECT 1 FROM extraction_planproposal WHERE status = 'running'"
    ):
        time.sleep(0.05)

    signing_in_from = timezone.now()
    result = subprocess.run(  # noqa: S603
        [worker_database.python, "-c", SIGN_IN_SCRIPT, "20"],
        env=worker_database.env | {"ALLOWED_HOSTS": "testserver,localhost"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["errors"] == []
    assert outcome["statuses"] == [302] * 20
    assert "database is locked" not in result.stderr
    # The reading was at work while people signed in, and it ended well.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and worker_database.query(
        "SELECT 1 FROM extraction_planproposal WHERE status = 'running'"
    ):
        time.sleep(0.2)
    worker_database.sync()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.READY
    assert proposal.finished_at > signing_in_from
