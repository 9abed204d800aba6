"""The petitions API's remaining steps, through the page's actions: a verification, an extension, the
publication, a withdrawal, and the people handling a petition. Whoever may not take a step gets 403;
whoever may not read the petition, 404; neither answer names the denouncer.

On 2 June 2025: the denunciation DN is at the inspectorate, accepted on 5 March, the inspector assigned;
the complaint CP waits at the Department of Environment."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from resolute.petitions.actions import routing, settlement

from .conftest import DENOUNCER, RECEIVED
from .test_api import PETITIONS, client_of, mentions_a_person, send


@pytest.fixture(autouse=True)
def on_june_2(time_machine):
    time_machine.move_to(datetime(2025, 6, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


@pytest.fixture
def denunciation(register, people, petitions_tree):
    petition, _secret = register(kind="denunciation", petitioner=DENOUNCER, subject="Tố cáo cán bộ địa chính")
    routing.route_petition(
        acting_user=people["reception_head"],
        petition=petition,
        handling_unit=petitions_tree["inspectorate"],
        day=RECEIVED,
    )
    settlement.accept_petition(
        acting_user=people["inspectorate_manager"],
        petition=petition,
        day=date(2025, 3, 5),
        document_number="03/TB-TTr",
        complexity="complex",
    )
    routing.assign_handler(
        acting_user=people["inspectorate_manager"], petition=petition, user=people["inspector"]
    )
    return petition


STEP = {"kind": "verification", "day": "2025-04-02", "note": "Làm việc với người bị tố cáo."}
EXTENSION = {"decided_on": "2025-04-01", "decision_number": "20/QĐ-TTr", "days": 30, "reason": "Phức tạp."}
DENIALS = [("inspector", 200), ("inspectorate_colleague", 403), ("clerk", 403), ("officer", 404)]


def refusal_is_silent(response) -> bool:
    return response.status_code == 200 or not mentions_a_person(response.content.decode())


@pytest.mark.parametrize(("role", "status"), DENIALS)
def test_who_may_record_a_verification(denunciation, people, role, status):
    response = send(client_of(people, role), f"{PETITIONS}/{denunciation.pk}/steps", STEP)
    assert response.status_code == status
    assert refusal_is_silent(response)
    if status == 200:
        assert "verification" in [step["kind"] for step in response.json()["steps"]]


@pytest.mark.parametrize(("role", "status"), DENIALS)
def test_who_may_extend_the_denunciations_time_limit(denunciation, people, role, status):
    response = send(client_of(people, role), f"{PETITIONS}/{denunciation.pk}/extend", EXTENSION)
    assert response.status_code == status
    assert refusal_is_silent(response)
    if status == 200:
        body = response.json()
        assert [extension["days"] for extension in body["extensions"]] == [30]
        assert body["settlement_deadline"] > body["original_settlement_deadline"]


def test_an_extension_past_thirty_days_is_refused_naming_the_days(denunciation, people):
    response = send(
        client_of(people, "inspector"), f"{PETITIONS}/{denunciation.pk}/extend", {**EXTENSION, "days": 31}
    )
    assert response.status_code == 422
    assert "days" in response.content.decode()


@pytest.mark.parametrize(("role", "status"), DENIALS)
def test_who_may_publish_the_decision(denunciation, people, role, status):
    settlement.decide_petition(
        acting_user=people["inspectorate_manager"],
        petition=denunciation,
        day=date(2025, 5, 20),
        decision_number="12/KL-TTr",
        outcome="partly_upheld",
    )
    response = send(client_of(people, role), f"{PETITIONS}/{denunciation.pk}/publish", {"day": "2025-05-25"})
    assert response.status_code == status
    assert refusal_is_silent(response)
    if status == 200:
        assert response.json()["published_on"] == "2025-05-25"


def test_a_publication_before_the_decision_is_refused(denunciation, people):
    response = send(
        client_of(people, "inspector"), f"{PETITIONS}/{denunciation.pk}/publish", {"day": "2025-05-25"}
    )
    assert response.status_code == 422


@pytest.mark.parametrize(("role", "status"), DENIALS)
def test_who_may_record_a_withdrawal(denunciation, people, role, status):
    response = send(client_of(people, role), f"{PETITIONS}/{denunciation.pk}/withdraw", {"day": "2025-06-02"})
    assert response.status_code == status
    assert refusal_is_silent(response)
    if status == 200:
        assert (response.json()["stage"], response.json()["withdrawn_on"]) == ("withdrawn", "2025-06-02")


@pytest.mark.parametrize(
    ("role", "status"), [("inspectorate_manager", 200), ("inspector", 403), ("officer", 404)]
)
def test_who_may_assign_and_remove_the_people_handling_it(denunciation, people, role, status):
    colleague = people["inspectorate_colleague"]
    client = client_of(people, role)
    assigned = send(client, f"{PETITIONS}/{denunciation.pk}/handlers", {"user_id": colleague.pk})
    assert assigned.status_code == status
    assert refusal_is_silent(assigned)
    removed = client.delete(f"{PETITIONS}/{denunciation.pk}/handlers/{people['inspector'].pk}")
    assert removed.status_code == status
    assert refusal_is_silent(removed)
    if status == 200:
        handlers = set(denunciation.handlers.all())
        assert colleague in handlers
        assert people["inspector"] not in handlers


def test_a_person_outside_the_competent_unit_is_refused_naming_the_user(denunciation, people):
    response = send(
        client_of(people, "inspectorate_manager"),
        f"{PETITIONS}/{denunciation.pk}/handlers",
        {"user_id": people["officer"].pk},
    )
    assert response.status_code == 422
    assert "user_id" in response.content.decode()


@pytest.mark.parametrize(("role", "status"), DENIALS)
def test_who_may_record_the_enforcement(denunciation, people, role, status):
    settlement.decide_petition(
        acting_user=people["inspectorate_manager"],
        petition=denunciation,
        day=date(2025, 5, 20),
        decision_number="12/KL-TTr",
        outcome="partly_upheld",
    )
    response = send(client_of(people, role), f"{PETITIONS}/{denunciation.pk}/enforce", {"day": "2025-05-30"})
    assert response.status_code == status
    assert refusal_is_silent(response)
    if status == 200:
        assert response.json()["enforced_on"] == "2025-05-30"


@pytest.mark.parametrize(("role", "status"), DENIALS)
def test_who_may_change_the_complexity(denunciation, people, role, status):
    response = send(
        client_of(people, role),
        f"{PETITIONS}/{denunciation.pk}/complexity",
        {"complexity": "particularly_complex", "reason": "Nhiều người bị tố cáo."},
    )
    assert response.status_code == status
    assert refusal_is_silent(response)
    if status == 200:
        assert response.json()["complexity"] == "particularly_complex"


@pytest.mark.parametrize(("role", "status"), DENIALS)
def test_who_may_reclassify_a_petition(denunciation, people, role, status):
    response = send(
        client_of(people, role),
        f"{PETITIONS}/{denunciation.pk}/reclassify",
        {"kind": "reflection", "reason": "Chỉ phản ánh, không tố cáo ai."},
    )
    assert response.status_code == status
    assert refusal_is_silent(response)
    if status == 200:
        assert response.json()["kind"] == "reflection"


@pytest.mark.parametrize(("role", "status"), [("reception_head", 200), ("clerk", 403), ("officer", 404)])
def test_who_may_forward_a_petition_to_another_body(register, people, role, status):
    petition, _secret = register()
    response = send(
        client_of(people, role),
        f"{PETITIONS}/{petition.pk}/forward",
        {"forwarded_to": "Tòa án nhân dân huyện", "day": "2025-03-05", "letter_number": "05/CV-TCD"},
    )
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert (body["stage"], body["forward_letter_number"]) == ("forwarded", "05/CV-TCD")


@pytest.mark.parametrize(("role", "status"), [("reception_head", 200), ("clerk", 403), ("officer", 404)])
def test_who_may_link_a_duplicate(register, people, role, status):
    original, _secret = register()
    again, _secret = register(received_on=date(2025, 3, 4))
    response = send(
        client_of(people, role), f"{PETITIONS}/{again.pk}/link-duplicate", {"original_id": original.pk}
    )
    assert response.status_code == status
    if status == 200:
        assert response.json()["duplicate_of"] == original.code


def test_an_original_the_user_may_not_read_is_refused_naming_the_field(register, denunciation, people):
    petition, _secret = register()
    response = send(
        client_of(people, "reception_head"),
        f"{PETITIONS}/{petition.pk}/link-duplicate",
        {"original_id": petition.pk},
    )
    assert response.status_code == 422
    assert "original_id" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [("inspector", 200), ("clerk", 200), ("inspectorate_colleague", 403), ("admin", 403), ("officer", 404)],
)
def test_a_denunciations_files_open_to_its_handlers_only(register, people, petitions_tree, role, status):
    from django.core.files.uploadedfile import SimpleUploadedFile

    letter = SimpleUploadedFile("don-to-cao.pdf", b"%PDF-1.4 letter", content_type="application/pdf")
    petition, _secret = register(kind="denunciation", petitioner=DENOUNCER, files=[letter])
    routing.route_petition(
        acting_user=people["reception_head"],
        petition=petition,
        handling_unit=petitions_tree["inspectorate"],
        day=RECEIVED,
    )
    routing.assign_handler(
        acting_user=people["inspectorate_manager"], petition=petition, user=people["inspector"]
    )
    stored = petition.files.get()
    client = client_of(people, role)
    response = client.get(f"{PETITIONS}/{petition.pk}/files/{stored.pk}")
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 letter"
        assert [
            file["original_name"] for file in client.get(f"{PETITIONS}/{petition.pk}").json()["files"]
        ] == ["don-to-cao.pdf"]
    elif status == 403:
        assert client.get(f"{PETITIONS}/{petition.pk}").json()["files"] == []


def text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def test_the_export_is_the_pages_csv_of_what_the_reader_may_read_without_a_petitioner(denunciation, people):
    response = client_of(people, "inspector").get(f"{PETITIONS}/export.csv?kind=denunciation")
    assert (response.status_code, response["Content-Type"].split(";")[0]) == (200, "text/csv")
    assert denunciation.code in text_of(response)
    assert not mentions_a_person(text_of(response))
    outsider = client_of(people, "officer").get(f"{PETITIONS}/export.csv")
    assert denunciation.code not in text_of(outsider)
