"""What the reader finds besides targets and tasks is kept once the office confirms: results become
values of indicators (or baselines of the new targets), shortcomings become findings of the document,
references become relations to registered documents (or registrations of those not yet registered)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from resolute.core.changelog import history_of
from resolute.core.periods import PeriodType
from resolute.directives import actions as document_actions
from resolute.directives.models import Document, DocumentFinding, DocumentKind, DocumentRelation
from resolute.extraction import actions
from resolute.extraction.models import Decision, ItemKind, ItemUse, PlanProposal
from resolute.targets.actions import indicators as indicator_actions
from resolute.targets.actions import values as value_actions
from resolute.targets.models import DataValue, Direction, Target, ValueState, Vintage

pytestmark = pytest.mark.django_db

TEXT = (
    "NGHỊ QUYẾT\n"
    "Về nhiệm vụ năm 2025\n"
    "Căn cứ Nghị quyết số 158/2024/QH15 ngày 12 tháng 11 năm 2024 của Quốc hội về Kế hoạch phát triển "
    "kinh tế - xã hội năm 2025;\n"
    "Tiếp tục thực hiện Nghị quyết số 08-NQ/TU ngày 20 tháng 5 năm 2021 của Tỉnh ủy về phát triển du lịch;\n"
    "Điều 1. Đánh giá tình hình thực hiện nhiệm vụ năm 2024\n"
    "Năm 2024, tốc độ tăng trưởng GRDP ước đạt 7,1%; tỷ lệ hộ nghèo giảm còn 4,62%.\n"
    "Tuy nhiên, tình hình kinh tế - xã hội vẫn còn một số hạn chế, yếu kém:\n"
    "- Giải ngân vốn đầu tư công chậm, đến ngày 30/11/2024 mới đạt 58,3% kế hoạch vốn giao.\n"
    "- Công tác cải cách thủ tục hành chính, chuyển đổi số chưa đáp ứng yêu cầu.\n"
    "Điều 2. Các chỉ tiêu chủ yếu năm 2025\n"
    "1. Tốc độ tăng trưởng GRDP đạt 8%.\n"
    "2. Tỷ lệ hộ nghèo giảm xuống dưới 4%.\n"
)
CONFIRMED_ON = date(2025, 1, 5)  # the period 2024 is still open for entry (it closes 15 days after its end)


@pytest.fixture
def document(tree):
    return document_actions.create_document(
        acting_user=None,
        owner=tree["party"],
        kind=DocumentKind.RESOLUTION,
        number="45-NQ/TU",
        title="Nghị quyết về nhiệm vụ năm 2025",
        issued_on=date(2024, 12, 10),
    )


@pytest.fixture
def tourism(tree):
    return document_actions.create_document(
        acting_user=None,
        owner=tree["party"],
        kind=DocumentKind.RESOLUTION,
        number="08-NQ/TU",
        title="Nghị quyết về phát triển du lịch",
        issued_on=date(2021, 5, 20),
    )


def _indicator(code, name, direction=Direction.HIGHER_IS_BETTER):
    return indicator_actions.create_indicator(
        acting_user=None,
        code=code,
        name=name,
        unit_of_measure="%",
        direction=direction,
        periodicity=PeriodType.YEARLY,
    )


@pytest.fixture
def indicators(db):
    return {
        "growth": _indicator("GRDP_GROWTH", "Tốc độ tăng trưởng GRDP"),
        "poverty": _indicator("POVERTY_RATE", "Tỷ lệ hộ nghèo", Direction.LOWER_IS_BETTER),
    }


def read(document, user, text=TEXT) -> PlanProposal:
    proposal = actions.start_proposal(acting_user=user, document=document, text=text)
    return actions.read_proposal(PlanProposal.objects.get(pk=proposal.pk))


def item_of(proposal, kind, words):
    return next(
        item for item in proposal.items.order_by("position") if item.kind == kind and words in item.text
    )


def reject_all_but(office, proposal, *kept):
    for other in proposal.items.exclude(pk__in=[item.pk for item in kept]):
        actions.decide_item(acting_user=office, item=other, decision=Decision.REJECTED)


def accept(office, item, **fields):
    return actions.decide_item(acting_user=office, item=item, decision=Decision.ACCEPTED, **fields)


# -- what is proposed -----------------------------------------------------------------------------


def test_results_shortcomings_and_references_are_proposed_with_their_fields(
    tree, users, document, tourism, indicators
):
    proposal = read(document, users["office"])
    growth = item_of(proposal, ItemKind.RESULT, "GRDP ước đạt 7,1%")
    assert (growth.indicator, growth.unit, growth.period, growth.value, growth.becomes) == (
        indicators["growth"],
        tree["province"],
        "2024",
        Decimal("7.1"),
        ItemUse.BASELINE,  # the text also sets a 2025 target for the same indicator
    )
    assert growth.baseline_for == item_of(proposal, ItemKind.TARGET, "GRDP đạt 8%")
    assert growth.line == 6

    shortcoming = item_of(proposal, ItemKind.SHORTCOMING, "cải cách thủ tục hành chính")
    assert shortcoming.title == shortcoming.text

    registered = item_of(proposal, ItemKind.REFERENCE, "08-NQ/TU")
    assert (registered.referenced_document, registered.becomes, registered.relation_kind) == (
        tourism,
        ItemUse.RELATION,
        DocumentRelation.Kind.IMPLEMENTS,  # "Tiếp tục thực hiện …"
    )
    unknown = item_of(proposal, ItemKind.REFERENCE, "158/2024/QH15")
    assert unknown.referenced_document is None
    assert (
        unknown.becomes,
        unknown.relation_kind,
        unknown.reference_number,
        unknown.reference_kind,
        unknown.reference_issuer,
        unknown.reference_issued_on,
    ) == (
        ItemUse.REGISTRATION,
        DocumentRelation.Kind.REFERS_TO,  # "Căn cứ …"
        "158/2024/QH15",
        DocumentKind.RESOLUTION,
        "Quốc hội",
        date(2024, 11, 12),
    )


# -- what confirming creates ------------------------------------------------------------------------


def test_an_accepted_result_becomes_a_value_of_its_indicator_submitted_for_approval(
    tree, users, document, indicators
):
    office = users["office"]
    # A draft of another indicator the unit is still working on stays a draft.
    value_actions.save_values(
        acting_user=None,
        unit=tree["province"],
        period="2024",
        entries=[(indicators["poverty"], Decimal("4.7"), "")],
    )
    proposal = read(document, office)
    growth = item_of(proposal, ItemKind.RESULT, "GRDP ước đạt 7,1%")
    reject_all_but(office, proposal, growth)
    accept(office, growth, becomes=ItemUse.VALUE, baseline_for=None)

    actions.confirm_proposal(acting_user=office, proposal=proposal, today=CONFIRMED_ON)

    value = DataValue.objects.get(indicator=indicators["growth"])
    assert (value.unit, value.period, value.value, value.state, value.vintage) == (
        tree["province"],
        "2024",
        Decimal("7.1"),
        ValueState.SUBMITTED,
        Vintage.ESTIMATE,
    )
    assert "45-NQ/TU" in value.comment and "7,1%" in value.comment
    assert value.entered_by == office
    assert DataValue.objects.get(indicator=indicators["poverty"]).state == ValueState.DRAFT
    assert history_of(value).exists()
    growth.refresh_from_db()
    assert growth.created_value == value and "7,1%" in growth.clause.text


def test_a_value_keeps_every_digit_the_office_typed(tree, users, document, indicators):
    office = users["office"]
    proposal = read(document, office)
    growth = item_of(proposal, ItemKind.RESULT, "GRDP ước đạt 7,1%")
    reject_all_but(office, proposal, growth)
    accept(office, growth, becomes=ItemUse.VALUE, value=Decimal("7.123456"))
    actions.confirm_proposal(acting_user=office, proposal=proposal, today=CONFIRMED_ON)
    assert DataValue.objects.get().value == Decimal("7.123456")


def test_a_value_with_more_digits_than_are_kept_is_refused_next_to_the_field(client, users, document):
    proposal = read(document, users["office"])
    growth = item_of(proposal, ItemKind.RESULT, "GRDP ước đạt 7,1%")
    client.force_login(users["office"])
    prefix = f"item-{growth.pk}"
    response = client.post(
        reverse("extraction:item_decide", args=[proposal.pk, growth.pk]),
        {
            f"{prefix}-decision": "accepted",
            f"{prefix}-indicator": growth.indicator_id or "",
            f"{prefix}-new_indicator_name": "Tăng trưởng",
            f"{prefix}-new_indicator_unit": "%",
            f"{prefix}-unit": growth.unit_id,
            f"{prefix}-period": "2024",
            f"{prefix}-value": "7.1234567",
            f"{prefix}-becomes": "value",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "at most 6 digits after the decimal point" in response.content.decode()
    growth.refresh_from_db()
    assert growth.decision == Decision.PENDING


def test_a_result_accepted_as_a_baseline_gives_the_new_target_its_baseline(tree, users, document, indicators):
    office = users["office"]
    proposal = read(document, office)
    result = item_of(proposal, ItemKind.RESULT, "GRDP ước đạt 7,1%")
    target_item = item_of(proposal, ItemKind.TARGET, "GRDP đạt 8%")
    reject_all_but(office, proposal, result, target_item)
    accept(office, target_item)
    accept(office, result)  # as proposed: the baseline of that target

    actions.confirm_proposal(acting_user=office, proposal=proposal, today=CONFIRMED_ON)

    target = Target.objects.get()
    assert (target.indicator, target.value, target.baseline_value, target.baseline_year) == (
        indicators["growth"],
        Decimal(8),
        Decimal("7.1"),
        2024,
    )
    assert not DataValue.objects.exists()
    result.refresh_from_db()
    assert result.created_target == target


def test_a_baseline_whose_target_is_rejected_is_refused_by_number(users, document, indicators):
    office = users["office"]
    proposal = read(document, office)
    result = item_of(proposal, ItemKind.RESULT, "GRDP ước đạt 7,1%")
    shortcoming = item_of(proposal, ItemKind.SHORTCOMING, "cải cách thủ tục hành chính")
    reject_all_but(office, proposal, result, shortcoming)
    accept(office, result)
    accept(office, shortcoming)
    with pytest.raises(ValidationError) as refused:
        actions.confirm_proposal(acting_user=office, proposal=proposal, today=CONFIRMED_ON)
    assert f"Proposal {result.position}: the target it is the baseline of is not accepted." in str(
        refused.value
    )
    assert not DocumentFinding.objects.exists()


def test_an_accepted_shortcoming_becomes_a_finding_of_the_document_shown_on_its_page(client, users, document):
    office = users["office"]
    proposal = read(document, office)
    shortcoming = item_of(proposal, ItemKind.SHORTCOMING, "cải cách thủ tục hành chính")
    reject_all_but(office, proposal, shortcoming)
    accept(office, shortcoming, title="Cải cách thủ tục hành chính, chuyển đổi số chưa đáp ứng yêu cầu.")

    actions.confirm_proposal(acting_user=office, proposal=proposal, today=CONFIRMED_ON)

    finding = DocumentFinding.objects.get()
    assert (finding.document, finding.kind, finding.text, finding.position) == (
        document,
        DocumentFinding.Kind.SHORTCOMING,
        "Cải cách thủ tục hành chính, chuyển đổi số chưa đáp ứng yêu cầu.",
        1,
    )
    assert "chuyển đổi số" in finding.clause.text and finding.clause.document == document
    assert history_of(finding).exists()
    client.force_login(users["leader"])
    page = client.get(document.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Shortcomings it records" in page and f'id="finding-{finding.pk}"' in page


def test_an_accepted_reference_becomes_a_relation_to_the_registered_document(users, document, tourism):
    office = users["office"]
    proposal = read(document, office)
    reference = item_of(proposal, ItemKind.REFERENCE, "08-NQ/TU")
    reject_all_but(office, proposal, reference)
    accept(office, reference)

    actions.confirm_proposal(acting_user=office, proposal=proposal, today=CONFIRMED_ON)

    relation = DocumentRelation.objects.get()
    assert (relation.source, relation.target, relation.kind) == (
        document,
        tourism,
        DocumentRelation.Kind.IMPLEMENTS,
    )
    assert Document.objects.count() == 2


def test_an_unregistered_reference_is_registered_with_what_the_text_says_and_related(users, document):
    office = users["office"]
    proposal = read(document, office)
    reference = item_of(proposal, ItemKind.REFERENCE, "158/2024/QH15")
    reject_all_but(office, proposal, reference)
    accept(office, reference, title="Nghị quyết về Kế hoạch phát triển kinh tế - xã hội năm 2025")

    actions.confirm_proposal(acting_user=office, proposal=proposal, today=CONFIRMED_ON)

    registered = Document.objects.get(number="158/2024/QH15")
    assert (
        registered.kind,
        registered.issuer_name,
        registered.issued_on,
        registered.owner,
        registered.title,
    ) == (
        DocumentKind.RESOLUTION,
        "Quốc hội",
        date(2024, 11, 12),
        document.owner,
        "Nghị quyết về Kế hoạch phát triển kinh tế - xã hội năm 2025",
    )
    relation = DocumentRelation.objects.get()
    assert (relation.source, relation.target, relation.kind) == (
        document,
        registered,
        DocumentRelation.Kind.REFERS_TO,
    )


def test_rejected_results_shortcomings_and_references_write_nothing(users, document, tourism, indicators):
    office = users["office"]
    proposal = read(document, office)
    task_like = item_of(proposal, ItemKind.TARGET, "GRDP đạt 8%")
    reject_all_but(office, proposal, task_like)
    accept(office, task_like)
    actions.confirm_proposal(acting_user=office, proposal=proposal, today=CONFIRMED_ON)
    assert Target.objects.count() == 1
    assert not DataValue.objects.exists()
    assert not DocumentFinding.objects.exists()
    assert not DocumentRelation.objects.exists()
    assert Document.objects.count() == 2


def test_confirming_is_all_or_nothing_and_names_each_refused_item_and_field(
    users, document, tourism, indicators
):
    office = users["office"]
    proposal = read(document, office)
    growth = item_of(proposal, ItemKind.RESULT, "GRDP ước đạt 7,1%")
    poverty = item_of(proposal, ItemKind.RESULT, "hộ nghèo giảm còn 4,62%")
    shortcoming = item_of(proposal, ItemKind.SHORTCOMING, "cải cách thủ tục hành chính")
    reference = item_of(proposal, ItemKind.REFERENCE, "08-NQ/TU")
    reject_all_but(office, proposal, growth, poverty, shortcoming, reference)
    accept(office, shortcoming)
    accept(office, reference)
    accept(office, growth, becomes=ItemUse.VALUE, baseline_for=None)
    accept(office, poverty, becomes=ItemUse.VALUE, baseline_for=None, period="2024Q9")

    # By March 2025 the period 2024 is closed: the value of 2024 is refused as the value workflow refuses it.
    with pytest.raises(ValidationError) as refused:
        actions.confirm_proposal(acting_user=office, proposal=proposal, today=date(2025, 3, 1))

    errors = refused.value.message_dict
    assert set(errors) == {f"item-{growth.position}", f"item-{poverty.position}"}
    assert "closed on" in errors[f"item-{growth.position}"][0]
    assert errors[f"item-{poverty.position}"] == [
        f"Proposal {poverty.position} (period): “2024Q9” is not a period (2024, 2024Q2, 2024S1, 202406)."
    ]
    assert not DataValue.objects.exists()
    assert not DocumentFinding.objects.exists()
    assert not DocumentRelation.objects.exists()
    document.refresh_from_db()
    assert document.text == "" and not document.clauses.exists()


# -- who may ----------------------------------------------------------------------------------------


def test_only_the_office_of_the_documents_owner_may_decide_or_confirm_what_was_read(
    client, users, document, indicators
):
    proposal = read(document, users["office"])
    shortcoming = item_of(proposal, ItemKind.SHORTCOMING, "cải cách thủ tục hành chính")
    result = item_of(proposal, ItemKind.RESULT, "GRDP ước đạt 7,1%")
    for name in ("finance", "leader", "district_a_manager"):
        with pytest.raises(PermissionDenied):
            accept(users[name], shortcoming)
        client.force_login(users[name])
        response = client.post(
            reverse("extraction:item_decide", args=[proposal.pk, result.pk]),
            {f"item-{result.pk}-decision": "accepted"},
        )
        assert response.status_code in (403, 404)
        assert client.post(reverse("extraction:confirm", args=[proposal.pk])).status_code in (403, 404)
    accept(users["office"], shortcoming)
    with pytest.raises(PermissionDenied):
        actions.confirm_proposal(acting_user=users["finance"], proposal=proposal, today=CONFIRMED_ON)
    assert not DocumentFinding.objects.exists()
    result.refresh_from_db()
    assert result.decision == Decision.PENDING


# -- the review screen -------------------------------------------------------------------------------


def test_the_review_screen_shows_a_section_for_each_kind_with_its_fields(client, users, document, tourism):
    proposal = read(document, users["office"])
    client.force_login(users["office"])
    page = client.get(proposal.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for heading in ("Targets and tasks", "Results", "Shortcomings", "References to other documents"):
        assert f">{heading}</h2>" in page
    reference = item_of(proposal, ItemKind.REFERENCE, "08-NQ/TU")
    result = item_of(proposal, ItemKind.RESULT, "GRDP ước đạt 7,1%")
    assert f'name="item-{reference.pk}-relation_kind"' in page and "Registered as" in page
    assert f'name="item-{result.pk}-period"' in page and f'name="item-{result.pk}-baseline_for"' in page
    assert "proposal-mark--shortcoming" in page and "line 6" in page


def test_the_review_screen_says_when_a_kind_was_not_found(client, users, document):
    text = "II. NHIỆM VỤ NĂM 2025\n1. Sở Tài chính chủ trì phân bổ vốn đầu tư công trước ngày 30/6/2025.\n"
    proposal = read(document, users["office"], text=text)
    client.force_login(users["office"])
    page = client.get(proposal.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No result with a number was found in this text." in page
    assert "No shortcoming was found in this text." in page
    assert "No other document is referred to in this text." in page
    assert "No target or task was found in this text." not in page


def test_the_review_screen_costs_the_same_queries_however_many_results_shortcomings_and_references(
    client, users, document, tourism, indicators, django_assert_max_num_queries
):
    small = read(document, users["office"])
    more = "".join(
        f"- Năm 2024, tốc độ tăng trưởng GRDP của khu vực {number} ước đạt 7,{number}%; "
        f"việc giải ngân vốn đợt {number} còn chậm. "
        f"Tiếp tục thực hiện Nghị quyết số {number}-NQ/TU ngày 20 tháng 5 năm 2021 của Tỉnh ủy.\n"
        for number in range(1, 9)
    )
    large = read(document, users["office"], text=TEXT + more)
    assert large.items.exclude(kind__in=[ItemKind.TARGET, ItemKind.TASK]).count() >= (
        small.items.exclude(kind__in=[ItemKind.TARGET, ItemKind.TASK]).count() + 8
    )
    client.force_login(users["office"])
    with django_assert_max_num_queries(40) as few:
        client.get(small.get_absolute_url())
    with django_assert_max_num_queries(40) as many:
        page = client.get(large.get_absolute_url())
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.content.decode().count('class="panel proposal-item') == large.items.count()


def test_confirming_on_the_page_reports_what_was_kept(client, users, document, tourism):
    office = users["office"]
    proposal = read(document, office)
    reference = item_of(proposal, ItemKind.REFERENCE, "08-NQ/TU")
    reject_all_but(office, proposal, reference)
    client.force_login(office)
    prefix = f"item-{reference.pk}"
    response = client.post(
        reverse("extraction:item_decide", args=[proposal.pk, reference.pk]),
        {
            f"{prefix}-decision": "accepted",
            f"{prefix}-becomes": "relation",
            f"{prefix}-relation_kind": "implements",
            f"{prefix}-reference_number": "08-nq/tu",
            f"{prefix}-title": reference.title,
            f"{prefix}-reference_kind": "resolution",
        },
    )
    assert response.status_code == 302
    reference.refresh_from_db()
    assert reference.referenced_document == tourism
    response = client.post(
        reverse("extraction:confirm", args=[proposal.pk]), HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    page = response.content.decode()
    assert "1 references kept" in page
    assert "Related to" in page and DocumentRelation.objects.filter(target=tourism).exists()


def test_a_reference_to_a_number_nobody_registered_must_be_registered_instead(client, users, document):
    proposal = read(document, users["office"])
    reference = item_of(proposal, ItemKind.REFERENCE, "158/2024/QH15")
    client.force_login(users["office"])
    prefix = f"item-{reference.pk}"
    response = client.post(
        reverse("extraction:item_decide", args=[proposal.pk, reference.pk]),
        {
            f"{prefix}-decision": "accepted",
            f"{prefix}-becomes": "relation",
            f"{prefix}-relation_kind": "refers_to",
            f"{prefix}-reference_number": "158/2024/QH15",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "No registered document you can read has the number “158/2024/QH15”; register it instead." in (
        response.content.decode()
    )


def test_a_sentence_inside_another_still_has_its_number_and_anchor_in_the_text():
    from resolute.extraction.models import ProposedItem
    from resolute.extraction.selectors import text_segments

    text = "Giải ngân chậm, mới đạt 58,3% kế hoạch."
    shortcoming = ProposedItem(kind=ItemKind.SHORTCOMING, position=1, start=0, end=len(text))
    result = ProposedItem(kind=ItemKind.RESULT, position=2, start=0, end=29)
    segments = text_segments(text, [result, shortcoming])
    assert segments == [(text, shortcoming), ("", result)]
