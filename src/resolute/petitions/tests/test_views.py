"""The petition pages as the people who use them see them: the reception office's clerk registers a
petition and hands the petitioner a receipt; its head sends it to the Department of Natural Resources
and Environment, whose manager accepts and settles it; the department's viewer reads it without the
petitioner; the commune's clerk and anyone outside the province do not find it at all.

A denunciation's page never shows the denouncer to anyone who does not handle it — not the
department's other staff, not the reception office's head, not a superuser — and no list or export
shows any petitioner, even to the people handling them. Forms put their errors next to the field; a
step taken on a page loaded before someone else's is refused with who took it (409); every list reads
in a number of queries that does not grow with the petitions; reading a page never writes.

"Today" is Monday 2 June 2025 (see conftest); petitions are received on 3 March 2025 unless said."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from resolute.core.models import ChangeLogEntry
from resolute.core.xlsx import open_for_reading
from resolute.petitions.actions import routing, settlement
from resolute.petitions.choices import PetitionKind, Stage
from resolute.petitions.models import Petition, PetitionFile
from resolute.petitions.views.intake import RECEIPT_SESSION_KEY

from .conftest import DENOUNCER, PETITIONER, RECEIVED

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
PDF = b"%PDF-1.4\n% a letter\n"


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(datetime(2025, 6, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


def client_of(user) -> Client:
    client = Client(**ENGLISH)
    client.force_login(user)
    return client


def identity_of(who: dict) -> list[str]:
    return [who["full_name"], who["id_number"], who["phone"], who["email"], who["address"]]


def routed(register, people, petitions_tree, **fields):
    """A petition registered by the reception clerk and sent by its head to the department."""
    petition, _secret = register(**fields)
    return routing.route_petition(
        acting_user=people["reception_head"],
        petition=petition,
        handling_unit=petitions_tree["environment"],
        day=RECEIVED,
    )


@pytest.fixture
def denunciation(register, people, petitions_tree):
    """A denunciation with the denouncer's letter, received by the reception office and sent to the
    inspectorate, whose inspector handles it."""
    petition, _secret = register(
        kind=PetitionKind.DENUNCIATION,
        petitioner=DENOUNCER,
        subject="Tố cáo cán bộ địa chính nhận tiền",
        content="Cán bộ địa chính xã nhận tiền để cấp giấy chứng nhận.",
        files=[SimpleUploadedFile("don-to-cao.pdf", PDF, content_type="application/pdf")],
    )
    petition = routing.route_petition(
        acting_user=people["reception_head"],
        petition=petition,
        handling_unit=petitions_tree["inspectorate"],
        day=RECEIVED,
    )
    routing.assign_handler(
        acting_user=people["inspectorate_manager"], petition=petition, user=people["inspector"]
    )
    return Petition.objects.get(pk=petition.pk)


# -- the list -----------------------------------------------------------------------------------------------


def test_the_list_shows_a_petition_with_its_stage_and_late_deadline_but_never_its_petitioner(
    register, people
):
    petition, _secret = register()
    response = client_of(people["clerk"]).get(reverse("petitions:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert petition.code in body
    assert "Khiếu nại quyết định thu hồi đất" in body
    assert "Complaint" in body and "Classified" in body
    # Ten days from 3 March: the acceptance deadline of 13 March is long past on 2 June.
    assert "13/03/2025" in body or "2025-03-13" in body or "March 13, 2025" in body
    assert 'badge--bad">Late' in body
    for text in identity_of(PETITIONER):
        assert text not in body


def test_a_commune_clerk_finds_no_petition_of_the_province_and_is_told_what_to_expect(register, people):
    register()
    response = client_of(people["commune_clerk"]).get(reverse("petitions:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is no petition you can read yet" in body
    assert "Register the first petition" in body
    assert "2025-00001" not in body


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(db):
    response = Client().get(reverse("petitions:list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_the_list_keeps_the_late_ones_of_a_kind_and_finds_a_code(register, people, petitions_tree):
    late, _secret = register()
    soon, _secret = register(received_on=date(2025, 5, 27), subject="Kiến nghị sửa đường")
    denounced, _secret = register(
        kind=PetitionKind.DENUNCIATION, petitioner=DENOUNCER, received_on=date(2025, 6, 2)
    )
    client = client_of(people["clerk"])

    def codes(**query):
        response = client.get(reverse("petitions:list"), query)
        assert response.status_code == 200
        return {petition.code for petition in response.context["petitions"]}

    assert codes(deadline_state="late") == {late.code}
    # Received 27 May, ten days: 6 June, within five working days of 2 June.
    assert codes(deadline_state="due_soon") == {soon.code}
    assert codes(kind=PetitionKind.DENUNCIATION) == {denounced.code}
    assert codes(q=soon.code) == {soon.code}
    assert codes(q="sửa đường") == {soon.code}
    assert codes(received_from="2025-05-01", year="2025") == {soon.code, denounced.code}
    assert codes(year="2024") == set()


def test_the_list_sorts_by_the_next_deadline_either_way(register, people):
    late, _secret = register()
    later, _secret = register(received_on=date(2025, 5, 27))
    client = client_of(people["clerk"])
    soonest = client.get(reverse("petitions:list"), {"sort": "next_deadline"}).context["petitions"]
    assert [petition.code for petition in soonest] == [late.code, later.code]
    latest = client.get(reverse("petitions:list"), {"sort": "-next_deadline"}).context["petitions"]
    assert [petition.code for petition in latest] == [later.code, late.code]


def test_the_list_answers_an_htmx_request_with_its_results_only(register, people):
    register()
    response = client_of(people["clerk"]).get(reverse("petitions:list"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="petition-results"' in body
    assert "<html" not in body


def test_the_list_reads_in_a_number_of_queries_that_does_not_grow_with_the_petitions(
    register, people, django_assert_max_num_queries
):
    for number in range(30):
        register(subject=f"Kiến nghị số {number}")
    client = client_of(people["clerk"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("petitions:list"))
    assert len(response.context["petitions"]) == 25
    with django_assert_max_num_queries(10):
        client.get(reverse("petitions:list"), {"page": "2", "deadline_state": "late"})


# -- the export ----------------------------------------------------------------------------------------------


def test_the_excel_export_holds_the_filtered_list_without_any_petitioner(register, people, denunciation):
    register()
    response = client_of(people["inspector"]).get(reverse("petitions:export"), {"format": "xlsx"})
    assert response.status_code == 200
    workbook = open_for_reading(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook["Petitions"].iter_rows(values_only=True))
    assert rows[0][:8] == (
        "Code",
        "Kind",
        "Subject",
        "Received on",
        "Competent unit",
        "Stage",
        "Next deadline",
        "Deadline",
    )
    assert [row[0] for row in rows[1:]] == [denunciation.code]
    text = repr(rows) + repr(list(workbook["About"].iter_rows(values_only=True)))
    for value in identity_of(DENOUNCER):
        assert value not in text


def test_the_csv_export_holds_every_row_of_the_filter_with_formulas_quoted(
    register, people, django_assert_max_num_queries
):
    register(subject='=HYPERLINK("http://example.com","click")')
    for number in range(5):
        register(subject=f"Kiến nghị số {number}")
    client = client_of(people["clerk"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("petitions:export"), {"format": "csv", "q": "HYPERLINK"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Code"
    assert len(rows) == 2
    assert rows[1][2].startswith("'=HYPERLINK")
    everything = client.get(reverse("petitions:export"), {"format": "csv"}).content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(everything)))) == 7
    for text in identity_of(PETITIONER):
        assert text not in everything


def test_the_export_keeps_to_what_the_user_may_read(register, people):
    register()
    response = client_of(people["commune_clerk"]).get(reverse("petitions:export"), {"format": "csv"})
    assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) == 1


# -- intake and the receipt ----------------------------------------------------------------------------------


def intake_data(petitions_tree, **changes) -> dict:
    data = {
        "kind": "complaint",
        "channel": "reception",
        "received_on": "2025-06-02",
        "received_by_unit": str(petitions_tree["reception"].pk),
        **{name: value for name, value in PETITIONER.items() if name != "is_organisation"},
        "signatories": "1",
        "subject": "Khiếu nại việc bồi thường",
        "content": "Đề nghị xem xét lại mức bồi thường.",
        "instance": "first",
        "complexity": "ordinary",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_clerk_registers_a_petition_and_hands_the_receipt_with_the_secret_once(petitions_tree, people):
    client = client_of(people["clerk"])
    page = client.get(reverse("petitions:new"))
    assert page.status_code == 200
    assert str(petitions_tree["reception"].pk) in page.content.decode()
    letter = SimpleUploadedFile("don.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("petitions:new"), {**intake_data(petitions_tree), "files": letter})
    petition = Petition.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("petitions:receipt", args=[petition.pk])
    assert petition.registered_by == people["clerk"]
    assert PetitionFile.objects.filter(petition=petition).count() == 1

    secret = client.session[RECEIPT_SESSION_KEY]["secret"]
    assert secret not in response.url
    receipt = client.get(response.url)
    body = receipt.content.decode()
    assert receipt["Cache-Control"].startswith("max-age=0")
    assert "no-store" in receipt["Cache-Control"]
    assert petition.code in body and secret in body
    assert "http://testserver/petitions/lookup/" in body
    # Ten days from 2 June: Thursday 12 June.
    assert "12/06/2025" in body or "June 12, 2025" in body or "2025-06-12" in body
    # Only a keyed hash is kept, and the receipt does not show it twice.
    assert secret not in petition.lookup_secret_hash
    again = client.get(response.url).content.decode()
    assert petition.code in again and secret not in again
    assert "cannot be shown again" in again


def test_a_petition_received_at_the_competent_unit_is_that_units_to_settle(petitions_tree, people):
    client = client_of(people["clerk"])
    client.post(reverse("petitions:new"), intake_data(petitions_tree, at_competent_unit="on"))
    petition = Petition.objects.get()
    assert petition.handling_unit == petitions_tree["reception"]


def test_only_a_clerk_of_a_receiving_unit_opens_the_intake_form(people):
    assert client_of(people["department_viewer"]).get(reverse("petitions:new")).status_code == 403
    assert client_of(people["leader"]).post(reverse("petitions:new"), {}).status_code == 403


def test_intake_errors_name_their_field(petitions_tree, people):
    client = client_of(people["clerk"])
    response = client.post(
        reverse("petitions:new"),
        intake_data(petitions_tree, full_name="", email="not-an-address", subject=""),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"full_name", "email", "subject"}
    assert 'id="id_full_name_error"' in response.content.decode()
    assert not Petition.objects.exists()


def test_a_rule_the_action_enforces_is_shown_at_its_field(petitions_tree, people):
    client = client_of(people["clerk"])
    response = client.post(reverse("petitions:new"), intake_data(petitions_tree, received_on="2025-06-03"))
    assert response.status_code == 200
    assert "cannot be after today" in " ".join(response.context["form"].errors["received_on"])
    wrong = client.post(
        reverse("petitions:new"), intake_data(petitions_tree, kind="denunciation", instance="second")
    )
    assert "instance" in wrong.context["form"].errors
    assert not Petition.objects.exists()


def test_the_same_persons_earlier_petition_is_offered_before_anything_is_saved(
    register, petitions_tree, people
):
    earlier, _secret = register()
    client = client_of(people["clerk"])
    first = client.post(reverse("petitions:new"), intake_data(petitions_tree))
    assert first.status_code == 200
    assert [petition.pk for petition in first.context["candidates"]] == [earlier.pk]
    body = first.content.decode()
    assert f"Link as a duplicate of {earlier.code}" in body
    assert "Register as a new petition" in body
    assert Petition.objects.count() == 1

    linked = client.post(reverse("petitions:new"), intake_data(petitions_tree, duplicate=str(earlier.pk)))
    assert linked.status_code == 302
    duplicate = Petition.objects.exclude(pk=earlier.pk).get()
    assert duplicate.duplicate_of == earlier
    assert duplicate.next_deadline is None

    client.post(reverse("petitions:new"), intake_data(petitions_tree, duplicate="new"))
    assert Petition.objects.filter(duplicate_of__isnull=True).count() == 2


def test_the_duplicate_check_answers_a_script_with_the_candidates_only(register, petitions_tree, people):
    earlier, _secret = register()
    response = client_of(people["clerk"]).post(
        reverse("petitions:duplicates"),
        {"id_number": PETITIONER["id_number"], "full_name": PETITIONER["full_name"]},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert 'id="duplicates"' in body and earlier.code in body
    assert "<html" not in body
    # A GET would put an identity number in the address: only POST is answered.
    assert client_of(people["clerk"]).get(reverse("petitions:duplicates")).status_code == 405


def test_the_receipt_of_a_petition_outside_ones_area_is_not_found(register, people):
    petition, _secret = register()
    assert (
        client_of(people["commune_clerk"]).get(reverse("petitions:receipt", args=[petition.pk])).status_code
        == 404
    )


# -- a petition's page --------------------------------------------------------------------------------------


def test_the_clerk_who_registered_it_reads_the_petitioner_and_the_clocks_with_their_rules(register, people):
    petition, _secret = register()
    response = client_of(people["clerk"]).get(petition.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    for text in identity_of(PETITIONER):
        assert text in body
    assert "Accept or refuse by" in body and "Settle by" in body
    assert "10 days (Luật Khiếu nại 2011, Điều 27)" in body
    assert "30 days (Luật Khiếu nại 2011, Điều 28)" in body
    assert "starts when it is accepted" in body


def test_the_departments_viewer_reads_the_petition_without_its_petitioner(register, people, petitions_tree):
    petition = routed(register, people, petitions_tree)
    response = client_of(people["department_viewer"]).get(petition.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert petition.subject in body
    for text in identity_of(PETITIONER):
        assert text not in body
    assert "Next steps" not in body


@pytest.mark.parametrize(
    "who", ["reception_head", "inspectorate_colleague", "inspectorate_manager", "superuser", "leader"]
)
def test_a_denunciations_page_never_shows_the_denouncer_to_someone_who_does_not_handle_it(
    denunciation, people, who
):
    response = client_of(people[who]).get(denunciation.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    for text in identity_of(DENOUNCER):
        assert text not in body
    assert (
        "The denouncer's identity is confidential; only the people handling this denunciation see it." in body
    )
    # The letter may show the denouncer's hand: its file is not offered either.
    assert "don-to-cao.pdf" not in body


def test_the_inspector_handling_the_denunciation_reads_the_denouncer_and_opens_the_letter(
    denunciation, people
):
    client = client_of(people["inspector"])
    body = client.get(denunciation.get_absolute_url()).content.decode()
    for text in identity_of(DENOUNCER):
        assert text in body
    letter = PetitionFile.objects.get(petition=denunciation)
    assert "don-to-cao.pdf" in body
    download = client.get(reverse("petitions:file", args=[letter.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_a_denunciations_file_is_refused_to_whom_may_not_read_the_denouncer(denunciation, people):
    letter = PetitionFile.objects.get(petition=denunciation)
    url = reverse("petitions:file", args=[letter.pk])
    assert client_of(people["inspectorate_colleague"]).get(url).status_code == 403
    assert client_of(people["superuser"]).get(url).status_code == 403
    assert client_of(people["commune_clerk"]).get(url).status_code == 404


def test_a_petition_outside_ones_area_is_not_found(register, people):
    petition, _secret = register()
    client = client_of(people["commune_clerk"])
    assert client.get(petition.get_absolute_url()).status_code == 404
    assert client.post(reverse("petitions:accept", args=[petition.pk]), {}).status_code == 404


def test_the_step_forms_are_offered_to_whom_may_take_them(register, people, petitions_tree):
    petition, _secret = register()
    head = client_of(people["reception_head"]).get(petition.get_absolute_url()).context
    assert {item["step"].name for item in head["step_forms"]} == {
        "reclassify",
        "route",
        "forward",
        "link",
        "withdraw",
    }
    petition = routed(register, people, petitions_tree)
    manager = client_of(people["department_manager"]).get(petition.get_absolute_url()).context
    assert {item["step"].name for item in manager["step_forms"]} == {
        "reclassify",
        "accept",
        "refuse",
        "withdraw",
    }
    assert manager["assign_form"] is not None
    viewer = client_of(people["department_viewer"]).get(petition.get_absolute_url()).context
    assert viewer["step_forms"] == [] and viewer["assign_form"] is None


def test_a_step_is_refused_to_whom_may_not_take_it(register, people, petitions_tree):
    petition = routed(register, people, petitions_tree)
    response = client_of(people["department_viewer"]).post(
        reverse("petitions:accept", args=[petition.pk]),
        {"day": "2025-03-05", "document_number": "12/TB-STNMT", "version": petition.version},
    )
    assert response.status_code == 403
    assert client_of(people["officer"]).get(reverse("petitions:route", args=[petition.pk])).status_code == 403
    assert Petition.objects.get(pk=petition.pk).accepted_on is None


def test_the_head_sends_it_on_and_the_manager_accepts_and_decides_it(register, people, petitions_tree):
    petition, _secret = register()
    head = client_of(people["reception_head"])
    response = head.post(
        reverse("petitions:route", args=[petition.pk]),
        {"handling_unit": petitions_tree["environment"].pk, "day": "2025-03-04", "version": petition.version},
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.handling_unit == petitions_tree["environment"]

    manager = client_of(people["department_manager"])
    accepted = manager.post(
        reverse("petitions:accept", args=[petition.pk]),
        {
            "day": "2025-03-10",
            "document_number": "15/TB-STNMT",
            "complexity": "ordinary",
            "instance": "first",
            "version": petition.version,
        },
        follow=True,
    )
    assert "The petition was accepted" in accepted.content.decode()
    petition.refresh_from_db()
    assert petition.stage == Stage.ACCEPTED
    # Thirty days from 10 March: 9 April.
    assert petition.settlement_deadline == date(2025, 4, 9)

    manager.post(
        reverse("petitions:decide", args=[petition.pk]),
        {
            "day": "2025-04-08",
            "decision_number": "88/QĐ-STNMT",
            "outcome": "partly_upheld",
            "version": petition.version,
        },
    )
    petition.refresh_from_db()
    assert petition.stage == Stage.DECIDED
    body = manager.get(petition.get_absolute_url()).content.decode()
    assert "88/QĐ-STNMT" in body and "met on time" in body


def test_a_steps_errors_name_their_field(register, people, petitions_tree):
    petition = routed(register, people, petitions_tree)
    response = client_of(people["department_manager"]).post(
        reverse("petitions:accept", args=[petition.pk]),
        {
            "day": "2025-06-03",
            "document_number": "",
            "complexity": "ordinary",
            "instance": "first",
            "version": petition.version,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "document_number" in errors
    body = response.content.decode()
    assert 'id="id_accept_document_number_error"' in body
    later = client_of(people["department_manager"]).post(
        reverse("petitions:accept", args=[petition.pk]),
        {
            "day": "2025-06-03",
            "document_number": "1/TB",
            "complexity": "ordinary",
            "instance": "first",
            "version": petition.version,
        },
    )
    assert "cannot be after today" in " ".join(later.context["form"].errors["day"])


def test_a_step_taken_on_a_page_loaded_before_someone_elses_is_refused_with_their_name(
    register, people, petitions_tree
):
    petition = routed(register, people, petitions_tree)
    loaded_at = petition.version
    settlement.accept_petition(
        acting_user=people["department_manager"],
        petition=petition,
        day=date(2025, 3, 10),
        document_number="15/TB",
    )
    response = client_of(people["department_manager"]).post(
        reverse("petitions:refuse", args=[petition.pk]),
        {
            "day": "2025-03-11",
            "reason": "Không đủ điều kiện",
            "document_number": "16/TB",
            "version": loaded_at,
        },
    )
    assert response.status_code == 409
    assert "Someone else saved this in the meantime: environment_manager" in response.content.decode()
    assert Petition.objects.get(pk=petition.pk).stage == Stage.ACCEPTED


def test_the_manager_assigns_and_removes_a_person_handling_it(register, people, petitions_tree):
    petition = routed(register, people, petitions_tree)
    manager = client_of(people["department_manager"])
    manager.post(reverse("petitions:assign", args=[petition.pk]), {"user": people["officer"].pk})
    assert petition.handlers.filter(pk=people["officer"].pk).exists()
    body = manager.get(petition.get_absolute_url()).content.decode()
    assert "environment_officer" in body
    manager.post(reverse("petitions:remove", args=[petition.pk]), {"user": people["officer"].pk})
    assert not petition.handlers.filter(pk=people["officer"].pk).exists()


def test_a_petition_is_linked_as_a_duplicate_by_its_originals_code(register, people):
    earlier, _secret = register()
    later, _secret = register(received_on=date(2025, 5, 20))
    response = client_of(people["reception_head"]).post(
        reverse("petitions:link", args=[later.pk]), {"original_code": earlier.code, "version": later.version}
    )
    assert response.status_code == 302
    later.refresh_from_db()
    assert later.duplicate_of == earlier
    body = client_of(people["reception_head"]).get(earlier.get_absolute_url()).content.decode()
    assert later.code in body
    unknown = client_of(people["reception_head"]).post(
        reverse("petitions:link", args=[earlier.pk]),
        {"original_code": "2025-99999", "version": earlier.version},
    )
    assert "original_code" in unknown.context["form"].errors


def test_a_denunciations_extension_shows_on_its_settle_by_clock(denunciation, people):
    petition = settlement.accept_petition(
        acting_user=people["inspector"],
        petition=denunciation,
        day=date(2025, 5, 12),
        document_number="20/TB-TTr",
        complexity="complex",
    )
    client = client_of(people["inspector"])
    page = client.get(petition.get_absolute_url())
    assert "extend" in {item["step"].name for item in page.context["step_forms"]}
    client.post(
        reverse("petitions:extend", args=[petition.pk]),
        {
            "decided_on": "2025-06-02",
            "decision_number": "30/QĐ-TTr",
            "days": "30",
            "reason": "Cần xác minh thêm",
            "version": petition.version,
        },
    )
    body = client.get(petition.get_absolute_url()).content.decode()
    assert "30/QĐ-TTr" in body
    assert "the original deadline was" in body
    assert "extend" not in {
        item["step"].name for item in client.get(petition.get_absolute_url()).context["step_forms"]
    }


def test_reading_the_pages_writes_nothing(register, people, petitions_tree):
    petition = routed(register, people, petitions_tree)
    before = ChangeLogEntry.objects.count()
    client = client_of(people["department_manager"])
    for url in [
        reverse("petitions:list"),
        petition.get_absolute_url(),
        reverse("petitions:accept", args=[petition.pk]),
        reverse("petitions:export"),
    ]:
        assert client.get(url).status_code == 200
    assert ChangeLogEntry.objects.count() == before
    assert Petition.objects.get(pk=petition.pk).version == petition.version


def test_a_petitions_page_reads_in_a_bounded_number_of_queries(
    register, people, petitions_tree, django_assert_max_num_queries
):
    petition = routed(register, people, petitions_tree)
    petition = settlement.accept_petition(
        acting_user=people["department_manager"],
        petition=petition,
        day=date(2025, 3, 10),
        document_number="1/TB",
    )
    for day in (date(2025, 3, 20), date(2025, 3, 25), date(2025, 3, 28)):
        petition = settlement.record_step(
            acting_user=people["department_manager"],
            petition=petition,
            kind="verification",
            day=day,
            note="Xác minh",
        )
    client = client_of(people["department_manager"])
    with django_assert_max_num_queries(20):
        response = client.get(petition.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_page_renders_in_both_languages(register, people, petitions_tree, language):
    petition = routed(register, people, petitions_tree)
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(people["department_manager"])
    for url in [
        reverse("petitions:list"),
        petition.get_absolute_url(),
        reverse("petitions:accept", args=[petition.pk]),
    ]:
        assert client.get(url).status_code == 200
    clerk = Client(HTTP_ACCEPT_LANGUAGE=language)
    clerk.force_login(people["clerk"])
    assert clerk.get(reverse("petitions:new")).status_code == 200
    assert clerk.get(reverse("petitions:receipt", args=[petition.pk])).status_code == 200
    assert Client(HTTP_ACCEPT_LANGUAGE=language).get(reverse("petitions:lookup")).status_code == 200


def test_the_people_offered_to_handle_it_are_the_competent_units_staff(register, people, petitions_tree):
    petition = routed(register, people, petitions_tree)
    form = client_of(people["department_manager"]).get(petition.get_absolute_url()).context["assign_form"]
    offered = set(form.fields["user"].queryset)
    assert {people["officer"], people["colleague"]} <= offered
    # A viewer reads; the reception office's clerk works for another unit.
    assert people["department_viewer"] not in offered
    assert people["clerk"] not in offered
