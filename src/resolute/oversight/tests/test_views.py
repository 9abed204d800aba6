"""The oversight pages for each role: the conclusions with their recommendations by state, registering
a conclusion and adding its recommendations (the follow-up office), a recommendation with its task,
its money recovered, its people to discipline and its closure (each form only for who may use it),
the list behind the ledger and the ledger itself; what each role is refused, and the forms naming
the field they refuse.

The inspectorate's conclusion 12/KL-TTr of 15/03/2024 on land in Hội An (see conftest), read on
15/10/2024, after its recommendations' deadline of 30/09/2024."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from resolute.directives.models import DocumentKind
from resolute.oversight import actions
from resolute.oversight.choices import DisciplineOutcome, OversightKind, RecommendationKind
from resolute.oversight.models import Oversight, Recovery
from resolute.tasks import actions as task_actions

from .conftest import MILLION

OCTOBER_15 = date(2024, 10, 15)


@pytest.fixture(autouse=True)
def mid_october(time_machine):
    time_machine.move_to(datetime(2024, 10, 15, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


def browser(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def page(user, name, *args, **query):
    return browser(user).get(reverse(name, args=args), query)


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def money(recommend):
    return recommend(
        "Thu hồi tiền sử dụng đất nộp thiếu",
        kind=RecommendationKind.RECOVER_MONEY,
        label="1",
        amount_required=500 * MILLION,
    )


def complete(recommendation, people, *, on=date(2024, 8, 1)):
    """The unit responsible proposes completion and the office accepts it."""
    proposal = task_actions.propose_completion(
        acting_user=people["hoian"], task=recommendation.task, proposed_on=on, result="Đã thực hiện xong."
    )
    task_actions.decide_request(acting_user=people["office"], request=proposal, approve=True, decided_on=on)
    recommendation.refresh_from_db()
    return recommendation


# -- the conclusions ------------------------------------------------------------------------------


def test_the_list_shows_each_conclusion_with_its_recommendations_by_state(recommend, money, people):
    actions.record_recovery(
        acting_user=people["hoian"], recommendation=money, recovered_on=date(2024, 5, 2), amount=100 * MILLION
    )
    recommend("Chấn chỉnh công tác cấp giấy chứng nhận", label="2", deadline=date(2025, 3, 31))
    html = html_of(page(people["leader"], "oversight:list"))
    assert "12/KL-TTr" in html
    assert "Provincial Inspectorate" in html
    # One partly implemented (money recovered, and overdue since 30/09), one not yet (due 31/03/2025).
    row = html[html.index("12/KL-TTr") :]
    cells = [cell.split("<")[0] for cell in row.split('<td class="num">')[1:6]]
    assert cells[:3] == ["0", "1", "1"]
    assert '<span class="badge badge--bad">1</span>' in row
    assert "<strong>2</strong>" in row


def test_a_unit_that_sees_no_conclusion_is_told_what_the_list_holds(recommend, people):
    recommend()
    html = html_of(page(people["dailoc"], "oversight:list"))
    assert "12/KL-TTr" not in html
    assert "There is no conclusion you can see yet." in html
    assert reverse("oversight:new") not in html


def test_the_list_is_for_signed_in_users(db):
    response = page(None, "oversight:list")
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_list_filters_by_words_and_by_inspecting_body(conclusion, people, tree):
    actions.register_oversight(
        acting_user=people["office"],
        kind=OversightKind.AUDIT,
        subject="Quản lý ngân sách huyện Đại Lộc năm 2023",
        inspected_unit=tree["district_b"],
        follow_up_unit=tree["office"],
        number="45/BC-KTNN",
        issued_on=date(2024, 6, 20),
        title="Báo cáo kiểm toán ngân sách huyện Đại Lộc",
        inspecting_body_name="Kiểm toán nhà nước khu vực III",
    )
    html = html_of(page(people["office"], "oversight:list", q="KTNN"))
    assert "45/BC-KTNN" in html and "12/KL-TTr" not in html
    html = html_of(page(people["office"], "oversight:list", body=people["inspectorate_unit"].pk))
    assert "12/KL-TTr" in html and "45/BC-KTNN" not in html
    html = html_of(page(people["office"], "oversight:list", body="Kiểm toán nhà nước khu vực III"))
    assert "45/BC-KTNN" in html and "12/KL-TTr" not in html
    html = html_of(page(people["office"], "oversight:list", q="không có"))
    assert "No conclusion matches these filters." in html


# -- registering a conclusion ---------------------------------------------------------------------


def registration(tree, people, **changes):
    return {
        "kind": OversightKind.AUDIT,
        "number": "45/BC-KTNN",
        "issued_on": "2024-06-20",
        "title": "Báo cáo kiểm toán ngân sách huyện Đại Lộc năm 2023",
        "signer": "Kiểm toán trưởng",
        "inspecting_body_name": "Kiểm toán nhà nước khu vực III",
        "inspected_unit": tree["district_b"].pk,
        "follow_up_unit": tree["office"].pk,
        "subject": "Quản lý, sử dụng ngân sách năm 2023",
        "period_covered": "2023",
        **changes,
    }


def test_the_office_registers_an_audit_report_with_its_file_and_goes_on_to_its_recommendations(tree, people):
    office = browser(people["office"])
    assert office.get(reverse("oversight:new")).status_code == 200
    report = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = office.post(reverse("oversight:new"), {**registration(tree, people), "attachments": report})
    oversight = Oversight.objects.get()
    assert response.status_code == 302
    assert response["Location"] == oversight.get_absolute_url()
    assert oversight.document.kind == DocumentKind.AUDIT_REPORT
    assert oversight.document.attachments.count() == 1
    html = html_of(office.get(response["Location"]))
    assert "The conclusion 45/BC-KTNN was registered. Add its recommendations below." in html
    assert 'id="add-recommendation"' in html
    assert oversight.document.get_absolute_url() in html


def test_a_registration_missing_its_number_or_body_names_the_fields(tree, people):
    response = browser(people["office"]).post(
        reverse("oversight:new"), registration(tree, people, number="", inspecting_body_name="")
    )
    html = html_of(response)
    assert 'id="id_number_error"' in html
    assert 'id="id_inspecting_body_name_error"' in html
    assert "Name the inspecting body, or choose it among the units." in html
    assert not Oversight.objects.exists()


def test_a_rule_the_action_enforces_is_shown_next_to_its_field(tree, people):
    response = browser(people["office"]).post(
        reverse("oversight:new"), registration(tree, people, issued_on="2025-01-10")
    )
    html = html_of(response)
    assert 'id="id_issued_on_error"' in html
    assert not Oversight.objects.exists()


@pytest.mark.parametrize("who", ["hoian", "leader", "dailoc"])
def test_only_an_office_may_register_a_conclusion(tree, people, who):
    assert page(people[who], "oversight:new").status_code == 403
    response = browser(people[who]).post(reverse("oversight:new"), registration(tree, people))
    assert response.status_code == 403
    assert not Oversight.objects.exists()


# -- a conclusion and its recommendations --------------------------------------------------------


def test_the_conclusions_page_lists_its_recommendations_with_state_deadline_unit_and_money(money, people):
    actions.record_recovery(
        acting_user=people["hoian"], recommendation=money, recovered_on=date(2024, 5, 2), amount=100 * MILLION
    )
    html = html_of(page(people["hoian"], "oversight:detail", money.oversight.pk))
    assert "Thu hồi tiền sử dụng đất nộp thiếu" in html
    assert "Hoi An City" in html or "Thành phố Hội An" in html
    assert "09/30/2024" in html or "2024-09-30" in html
    assert "Partly implemented" in html and "overdue" in html
    assert "500,000,000" in html and "100,000,000" in html
    assert money.get_absolute_url() in html
    # The unit responsible reads, it does not add recommendations.
    assert 'id="add-recommendation"' not in html


def test_the_office_adds_a_recommendation_that_becomes_a_task_of_the_unit_responsible(
    conclusion, tree, people
):
    office = browser(people["office"])
    response = office.post(
        reverse("oversight:recommendation_new", args=[conclusion.pk]),
        {
            "recommendation-label": "1",
            "recommendation-text": "Thu hồi 1.250.000.000 đồng tiền sử dụng đất",
            "recommendation-kind": RecommendationKind.RECOVER_MONEY,
            "recommendation-responsible_unit": tree["district_a"].pk,
            "recommendation-deadline": "2024-12-31",
            "recommendation-amount_required": "1.250.000.000",
        },
    )
    assert response.status_code == 302
    recommendation = conclusion.recommendations.get()
    assert recommendation.amount_required == 1_250 * MILLION
    assert recommendation.task.lead_unit == tree["district_a"]
    assert recommendation.task.assigned_by_unit == tree["office"]


def test_a_recommendation_to_recover_money_without_its_amount_names_the_amount(conclusion, tree, people):
    response = browser(people["office"]).post(
        reverse("oversight:recommendation_new", args=[conclusion.pk]),
        {
            "recommendation-text": "Thu hồi tiền",
            "recommendation-kind": RecommendationKind.RECOVER_MONEY,
            "recommendation-responsible_unit": tree["district_a"].pk,
            "recommendation-deadline": "2024-12-31",
            "recommendation-amount_required": "1.5",
        },
    )
    html = html_of(response)
    assert 'id="id_recommendation-amount_required_error"' in html
    assert "VND has no smaller unit" in html
    assert not conclusion.recommendations.exists()


def test_the_unit_responsible_cannot_add_a_recommendation(conclusion, tree, people):
    response = browser(people["hoian"]).post(
        reverse("oversight:recommendation_new", args=[conclusion.pk]),
        {
            "recommendation-text": "Chấn chỉnh",
            "recommendation-kind": RecommendationKind.CORRECT,
            "recommendation-responsible_unit": tree["district_a"].pk,
            "recommendation-deadline": "2024-12-31",
        },
    )
    assert response.status_code == 403
    assert not conclusion.recommendations.exists()


def test_a_conclusion_outside_ones_scope_is_not_found(recommend, people):
    recommendation = recommend()
    assert page(people["dailoc"], "oversight:detail", recommendation.oversight.pk).status_code == 404
    assert page(people["dailoc"], "oversight:recommendation", recommendation.pk).status_code == 404


# -- a recommendation ----------------------------------------------------------------------------


def test_the_recommendations_page_links_to_its_task_and_offers_the_unit_its_recovery_form(money, people):
    html = html_of(page(people["hoian"], "oversight:recommendation", money.pk))
    assert money.task.get_absolute_url() in html
    assert "Its progress, extensions and completion are reported and decided on its task" in html
    assert reverse("oversight:recovery_new", args=[money.pk]) in html
    # Who only reads sees no form.
    html = html_of(page(people["leader"], "oversight:recommendation", money.pk))
    assert reverse("oversight:recovery_new", args=[money.pk]) not in html
    assert reverse("oversight:closure_confirm", args=[money.pk]) not in html


def test_the_unit_records_money_recovered_and_the_page_shows_the_ledger_and_the_rate(money, people):
    hoian = browser(people["hoian"])
    url = reverse("oversight:recovery_new", args=[money.pk])
    for day, amount in (("2024-05-02", "100.000.000"), ("2024-07-01", "150,000,000")):
        response = hoian.post(
            url,
            {"recovery-recovered_on": day, "recovery-amount": amount, "recovery-document_number": "PT-01"},
        )
        assert response.status_code == 302
        assert response["Location"].endswith("#recoveries")
    html = html_of(hoian.get(money.get_absolute_url()))
    assert "250,000,000 VND recovered ÷ 500,000,000 VND to recover = 50.0%" in html
    assert "Still to recover: 250,000,000 VND." in html
    assert html.count("PT-01") == 2


def test_a_refused_recovery_is_shown_next_to_its_field(money, people):
    response = browser(people["hoian"]).post(
        reverse("oversight:recovery_new", args=[money.pk]),
        {"recovery-recovered_on": "2024-11-01", "recovery-amount": "1.000.000"},
    )
    html = html_of(response)
    assert 'id="id_recovery-recovered_on_error"' in html
    assert "is in the future" in html
    assert not Recovery.objects.exists()


@pytest.mark.parametrize("who", ["leader", "inspector"])
def test_who_does_not_act_for_the_unit_or_the_office_cannot_record_money(money, people, who):
    response = browser(people[who]).post(
        reverse("oversight:recovery_new", args=[money.pk]),
        {"recovery-recovered_on": "2024-05-02", "recovery-amount": "1.000.000"},
    )
    assert response.status_code in (403, 404)
    assert not Recovery.objects.exists()


def test_another_district_cannot_post_to_a_recommendation_it_does_not_see(money, people):
    response = browser(people["dailoc"]).post(
        reverse("oversight:recovery_new", args=[money.pk]),
        {"recovery-recovered_on": "2024-05-02", "recovery-amount": "1.000.000"},
    )
    assert response.status_code == 404


def test_people_to_discipline_are_added_and_decided_on_the_page(recommend, people):
    discipline = recommend("Kiểm điểm trách nhiệm cán bộ địa chính", kind=RecommendationKind.DISCIPLINE)
    hoian = browser(people["hoian"])
    response = hoian.post(
        reverse("oversight:discipline_new", args=[discipline.pk]),
        {"case-person": "Nguyễn Văn A", "case-position": "Công chức địa chính"},
    )
    assert response.status_code == 302
    case = discipline.discipline_cases.get()
    html = html_of(hoian.get(discipline.get_absolute_url()))
    assert "Nguyễn Văn A" in html and "Under review" in html
    prefix = f"decision-{case.pk}"
    refused = hoian.post(
        reverse("oversight:discipline_decide", args=[case.pk]),
        {f"{prefix}-outcome": DisciplineOutcome.WARNING, f"{prefix}-decided_on": "2024-07-10"},
    )
    assert f'id="id_{prefix}-decision_number_error"' in html_of(refused)
    response = hoian.post(
        reverse("oversight:discipline_decide", args=[case.pk]),
        {
            f"{prefix}-outcome": DisciplineOutcome.WARNING,
            f"{prefix}-decided_on": "2024-07-10",
            f"{prefix}-decision_number": "88/QĐ-UBND",
        },
    )
    assert response.status_code == 302
    html = html_of(hoian.get(discipline.get_absolute_url()))
    assert "Warning" in html and "88/QĐ-UBND" in html
    assert reverse("oversight:discipline_decide", args=[case.pk]) not in html


def test_a_recommendation_of_another_kind_has_no_money_nor_discipline_forms(recommend, people):
    correction = recommend(kind=RecommendationKind.CORRECT)
    html = html_of(page(people["office"], "oversight:recommendation", correction.pk))
    assert reverse("oversight:recovery_new", args=[correction.pk]) not in html
    assert reverse("oversight:discipline_new", args=[correction.pk]) not in html


def test_closure_is_offered_once_the_task_is_completed_and_only_to_the_office_or_the_inspectorate(
    money, people
):
    url = reverse("oversight:closure_confirm", args=[money.pk])
    assert url not in html_of(page(people["office"], "oversight:recommendation", money.pk))
    complete(money, people)
    assert url in html_of(page(people["office"], "oversight:recommendation", money.pk))
    assert url in html_of(page(people["inspector"], "oversight:recommendation", money.pk))
    assert url not in html_of(page(people["hoian"], "oversight:recommendation", money.pk))
    refused = browser(people["hoian"]).post(
        url, {"closure-confirmed_on": "2024-08-05", "closure-document_number": "20/TTr"}
    )
    assert refused.status_code == 403
    missing = browser(people["inspector"]).post(url, {"closure-confirmed_on": "2024-08-05"})
    assert 'id="id_closure-document_number_error"' in html_of(missing)
    response = browser(people["inspector"]).post(
        url, {"closure-confirmed_on": "2024-08-05", "closure-document_number": "20/TTr"}
    )
    assert response.status_code == 302
    html = html_of(page(people["leader"], "oversight:recommendation", money.pk))
    assert "closure confirmed" in html and "20/TTr" in html and "Implemented" in html


# -- the list of recommendations -----------------------------------------------------------------


def test_the_list_of_recommendations_filters_by_state_overdue_kind_and_unit(recommend, money, people, tree):
    recommend("Chấn chỉnh công tác cấp giấy chứng nhận", label="2", deadline=date(2025, 3, 31))
    office = people["office"]
    both = html_of(page(office, "oversight:recommendations"))
    assert "Thu hồi tiền sử dụng đất" in both and "Chấn chỉnh công tác" in both
    overdue = html_of(page(office, "oversight:recommendations", overdue="on"))
    assert "Thu hồi tiền sử dụng đất" in overdue and "Chấn chỉnh công tác" not in overdue
    money_only = html_of(page(office, "oversight:recommendations", kind=RecommendationKind.RECOVER_MONEY))
    assert "Chấn chỉnh công tác" not in money_only
    implemented = html_of(page(office, "oversight:recommendations", state="implemented"))
    assert "No recommendation matches these filters." in implemented
    elsewhere = html_of(page(office, "oversight:recommendations", unit=tree["district_b"].pk))
    assert "No recommendation matches these filters." in elsewhere
    area = html_of(page(office, "oversight:recommendations", area=tree["province"].pk))
    assert "Thu hồi tiền sử dụng đất" in area


def test_the_list_of_recommendations_is_an_excel_file_too(money, people):
    import io

    import openpyxl

    response = page(people["office"], "oversight:recommendations", format="xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:5] == ("Conclusion", "Issued on", "Inspecting body", "Number", "Recommendation")
    assert rows[1][0] == "12/KL-TTr" and rows[1][10] == 500 * MILLION


# -- the ledger ----------------------------------------------------------------------------------


def test_the_ledger_counts_by_body_and_links_each_number_to_the_list_behind_it(recommend, money, people):
    actions.record_recovery(
        acting_user=people["hoian"], recommendation=money, recovered_on=date(2024, 5, 2), amount=200 * MILLION
    )
    recommend("Chấn chỉnh công tác cấp giấy chứng nhận", label="2", deadline=date(2025, 3, 31))
    html = html_of(page(people["leader"], "oversight:ledger"))
    assert "Provincial Inspectorate" in html or "Thanh tra tỉnh" in html
    assert "200,000,000 VND recovered ÷ 500,000,000 VND to recover = 40.0%" in html
    assert "40.0%" in html
    body = people["inspectorate_unit"].pk
    overdue_link = f"{reverse('oversight:recommendations')}?as_of=2024-10-15&amp;body={body}&amp;overdue=on"
    assert overdue_link in html
    response = browser(people["leader"]).get(overdue_link.replace("&amp;", "&"))
    listed = html_of(response)
    assert "Thu hồi tiền sử dụng đất" in listed and "Chấn chỉnh công tác" not in listed
    assert "Total = implemented + partly implemented + not yet implemented" in html
    # The body's name links to every recommendation of the row.
    assert f'href="{reverse("oversight:recommendations")}?body={body}&amp;as_of=2024-10-15"' in html


def test_the_ledger_by_unit_on_an_earlier_day_counts_what_stood_then(money, people):
    actions.record_recovery(
        acting_user=people["hoian"], recommendation=money, recovered_on=date(2024, 8, 2), amount=200 * MILLION
    )
    html = html_of(page(people["office"], "oversight:ledger", by="unit", as_of="2024-06-01"))
    assert "Unit responsible" in html
    assert "0 VND recovered ÷ 500,000,000 VND to recover = 0.0%" in html
    assert "You are looking at where the recommendations stood on" in html


def test_the_ledger_is_an_excel_file_with_its_totals_and_formulas(money, people):
    import io

    import openpyxl

    response = page(people["office"], "oversight:ledger", format="xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:6] == (
        "Inspecting body",
        "Implemented",
        "Partly implemented",
        "Not yet implemented",
        "Overdue",
        "Total",
    )
    assert rows[-1][0] == "Total" and rows[-1][5] == 1 and rows[-1][6] == 500 * MILLION
    about = [row for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert any(row[0] == "Formula" for row in about)


def test_a_user_who_sees_no_recommendation_reads_an_empty_ledger(money, people):
    html = html_of(page(people["dailoc"], "oversight:ledger"))
    assert "No recommendation you can see was in force on this day." in html


# -- every page for each role ----------------------------------------------------------------------

READS_ALL = {"office": 200, "leader": 200, "hoian": 200, "inspector": 200, "dailoc": 404, None: 302}
EXPECTED = {
    "oversight:list": {**READS_ALL, "dailoc": 200},
    "oversight:new": {"office": 200, "leader": 403, "hoian": 403, "inspector": 403, "dailoc": 403, None: 302},
    "oversight:detail": READS_ALL,
    "oversight:recommendation": READS_ALL,
    "oversight:recommendations": {**READS_ALL, "dailoc": 200},
    "oversight:ledger": {**READS_ALL, "dailoc": 200},
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_page_answers_each_role_as_its_scope_allows(money, people, name):
    args = {"oversight:detail": [money.oversight.pk], "oversight:recommendation": [money.pk]}.get(name, [])
    answers = {who: page(people[who] if who else None, name, *args).status_code for who in EXPECTED[name]}
    assert answers == EXPECTED[name]


def test_a_filter_asked_by_htmx_answers_with_the_results_only(money, people):
    client = browser(people["office"])
    for name, marker in (
        ("oversight:list", 'id="oversight-results"'),
        ("oversight:recommendations", 'id="recommendation-results"'),
        ("oversight:ledger", 'id="ledger-results"'),
    ):
        html = client.get(reverse(name), {"q": "12/KL"}, HTTP_HX_REQUEST="true").content.decode()
        assert html.lstrip().startswith(f"<div {marker}"), name
        assert "<html" not in html
