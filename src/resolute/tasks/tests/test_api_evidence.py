"""Evidence files through the API: a progress report, an extension request or a completion proposal
sent as multipart with its files (the JSON operations stay as they are), and a file downloaded by
whoever may see its task."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from resolute.tasks.models import Evidence

from .factories import TODAY, api_for, assign, at_noon

PDF = b"%PDF-1.4\n%minutes of the site meeting\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(at_noon(TODAY), tick=False)


@pytest.fixture
def ring_road(tree):
    """Hội An leads it, the finance department coordinates."""
    return assign(
        tree["district_a"],
        assigned_by_unit=tree["office"],
        title="Clear the site of the ring road",
        deadline=date(2025, 3, 31),
        coordinating=[tree["finance"]],
    )


def send_with_files(user, url, payload, *files):
    return api_for(user).post(url, {"payload": json.dumps(payload), "files": list(files)})


def pdf(name="minutes.pdf"):
    return SimpleUploadedFile(name, PDF, "application/pdf")


def test_the_lead_unit_reports_progress_with_files_and_a_viewer_downloads_them(ring_road, users):
    response = send_with_files(
        users["district_a_reporter"],
        f"/api/tasks/{ring_road.pk}/reports/with-files",
        {"narrative": "Twelve of fifteen households have moved.", "percent_complete": 80},
        pdf(),
        SimpleUploadedFile("site.png", PNG, "image/png"),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["percent_complete"] == 80
    assert sorted(item["name"] for item in body["files"]) == ["minutes.pdf", "site.png"]

    minutes = next(item for item in body["files"] if item["name"] == "minutes.pdf")
    download = api_for(users["leader"]).get(f"/api/tasks/evidence/{minutes['id']}")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "minutes.pdf" in download["Content-Disposition"]


def test_a_file_of_a_task_one_may_not_see_is_not_found(ring_road, users):
    response = send_with_files(
        users["district_a_reporter"],
        f"/api/tasks/{ring_road.pk}/reports/with-files",
        {"narrative": "Moved."},
        pdf(),
    )
    evidence_id = response.json()["files"][0]["id"]
    assert api_for(users["district_b_reporter"]).get(f"/api/tasks/evidence/{evidence_id}").status_code == 404
    assert api_for(users["leader"]).get(f"/api/tasks/evidence/{evidence_id + 1}").status_code == 404


def test_a_file_that_is_not_accepted_or_a_wrong_field_is_refused_and_nothing_is_written(ring_road, users):
    url = f"/api/tasks/{ring_road.pk}/reports/with-files"
    program = SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00\x03" + b"\x00" * 64, "application/pdf")
    refused = send_with_files(users["district_a_reporter"], url, {"narrative": "Moved."}, program)
    assert refused.status_code == 422 and "files" in refused.json()["errors"]

    wrong = send_with_files(
        users["district_a_reporter"], url, {"narrative": "Moved.", "percent_complete": 150}, pdf()
    )
    assert wrong.status_code == 422 and "payload.percent_complete" in wrong.json()["errors"]

    not_json = api_for(users["district_a_reporter"]).post(url, {"payload": "narrative=Moved"})
    assert not_json.status_code == 422 and "payload" in json.dumps(not_json.json()["errors"])

    assert send_with_files(users["leader"], url, {"narrative": "Looks fine."}, pdf()).status_code == 403
    assert not ring_road.reports.exists() and not Evidence.objects.exists()


def test_an_extension_request_and_a_completion_proposal_carry_their_files(ring_road, users):
    asked = send_with_files(
        users["district_a_reporter"],
        f"/api/tasks/{ring_road.pk}/extension-requests/with-files",
        {
            "proposed_deadline": "2025-09-30",
            "reason": "Households have not agreed.",
            "requested_on": "2025-06-20",
        },
        pdf("letter.pdf"),
    )
    assert asked.status_code == 201, asked.content
    assert [item["name"] for item in asked.json()["files"]] == ["letter.pdf"]

    proposed = send_with_files(
        users["district_a_reporter"],
        f"/api/tasks/{ring_road.pk}/completion-proposals/with-files",
        {"result": "The site is clear.", "proposed_on": "2025-06-20"},
        pdf("handover.pdf"),
    )
    assert proposed.status_code == 201, proposed.content
    assert [item["name"] for item in proposed.json()["files"]] == ["handover.pdf"]
