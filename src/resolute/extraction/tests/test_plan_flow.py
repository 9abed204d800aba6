"""From a document's text to a plan: read in the background, reviewed sentence by sentence, and
created — tasks and targets anchored to their clauses — only when a person confirms."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from resolute.core.periods import PeriodType
from resolute.directives import actions as document_actions
from resolute.directives.models import DocumentKind
from resolute.extraction import actions
from resolute.extraction.models import Decision, ItemKind, PlanProposal, ProposalStatus
from resolute.targets.actions import indicators as indicator_actions
from resolute.targets.models import Direction, Target
from resolute.tasks.models import Task

pytestmark = pytest.mark.django_db

VIETNAMESE_PARAGRAPH = (
    "III. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU\n"
    "1. Phấn đấu đến cuối năm 2025 tỷ lệ hộ nghèo toàn tỉnh giảm xuống dưới 4%.\n"
    "2. Sở Tài chính chủ trì tham mưu phân bổ vốn đầu tư công trước ngày 30/6/2025.\n"
)


@pytest.fixture
def document(tree):
    return document_actions.create_document(
        acting_user=None,
        owner=tree["party"],
        kind=DocumentKind.RESOLUTION,
        title="Nghị quyết về nhiệm vụ năm 2025",
        issued_on=date(2024, 12, 10),
    )


@pytest.fixture
def poverty(db):
    return indicator_actions.create_indicator(
        acting_user=None,
        code="POVERTY_RATE",
        name="Tỷ lệ hộ nghèo",
        name_en="Poverty rate",
        unit_of_measure="%",
        direction=Direction.LOWER_IS_BETTER,
        periodicity=PeriodType.YEARLY,
    )


def read(document, user, text=VIETNAMESE_PARAGRAPH, callbacks=None) -> PlanProposal:
    proposal = actions.start_proposal(acting_user=user, document=document, text=text)
    return actions.read_proposal(PlanProposal.objects.get(pk=proposal.pk))


def item_of(proposal, kind, words):
    return next(item for item in proposal.items.all() if item.kind == kind and words in item.text)


def test_the_office_pastes_a_paragraph_and_the_reading_runs_in_a_background_job(
    client, users, document, django_capture_on_commit_callbacks
):
    client.force_login(users["office"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("extraction:new", args=[document.pk]), {"text": VIETNAMESE_PARAGRAPH})
    proposal = PlanProposal.objects.get()
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    assert proposal.status == ProposalStatus.READY
    assert proposal.detected_language == "vi"
    assert proposal.paragraphs_total > 0 and proposal.paragraphs_done == proposal.paragraphs_total
    kinds = {item.kind for item in proposal.items.all()}
    assert kinds == {ItemKind.TARGET, ItemKind.TASK}
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Phấn đấu đến cuối năm 2025" in page and 'id="sentence-1"' in page


def test_nothing_is_created_until_the_office_confirms(users, document):
    proposal = read(document, users["office"])
    assert proposal.items.exists()
    assert not Task.objects.exists() and not Target.objects.exists()
    document.refresh_from_db()
    assert document.text == "" and not document.clauses.exists()


def test_accepted_proposals_become_a_task_and_a_target_linked_to_their_clauses(
    tree, users, document, poverty
):
    office = users["office"]
    proposal = read(document, office)
    target_item = item_of(proposal, ItemKind.TARGET, "hộ nghèo")
    task_item = item_of(proposal, ItemKind.TASK, "Sở Tài chính")
    for other in proposal.items.exclude(pk__in=[target_item.pk, task_item.pk]):
        actions.decide_item(acting_user=office, item=other, decision=Decision.REJECTED)
    actions.decide_item(
        acting_user=office,
        item=target_item,
        decision=Decision.ACCEPTED,
        indicator=poverty,
        unit=tree["province"],
        comparator="below",
        value=Decimal(4),
        year=2025,
        deadline=date(2025, 12, 31),
    )
    actions.decide_item(
        acting_user=office,
        item=task_item,
        decision=Decision.ACCEPTED,
        title="Tham mưu phân bổ vốn đầu tư công",
        unit=tree["finance"],
        deadline=date(2025, 6, 30),
    )

    actions.confirm_proposal(acting_user=office, proposal=proposal, today=date(2025, 1, 5))

    target, task = Target.objects.get(), Task.objects.get()
    assert (target.indicator, target.unit, target.comparator, target.value) == (
        poverty,
        tree["province"],
        "below",
        Decimal(4),
    )
    assert "dưới 4%" in target.clause.text and target.clause.document == document
    assert (task.lead_unit, task.deadline) == (tree["finance"], date(2025, 6, 30))
    assert "Sở Tài chính chủ trì" in task.source_clause.text
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CONFIRMED
    target_item.refresh_from_db()
    assert target_item.created_target == target and target_item.clause == target.clause


def test_a_refused_item_names_its_number_and_nothing_is_created(tree, users, document):
    office = users["office"]
    proposal = read(document, office)
    target_item = item_of(proposal, ItemKind.TARGET, "hộ nghèo")
    task_item = item_of(proposal, ItemKind.TASK, "Sở Tài chính")
    actions.decide_item(
        acting_user=office,
        item=task_item,
        decision=Decision.ACCEPTED,
        title="Phân bổ vốn",
        unit=tree["finance"],
    )
    # A range whose upper end is below its lower end is refused by the target's own rules.
    actions.decide_item(
        acting_user=office,
        item=target_item,
        decision=Decision.ACCEPTED,
        new_indicator_name="Tỷ lệ hộ nghèo",
        new_indicator_unit="%",
        unit=tree["province"],
        comparator="range",
        value=Decimal(5),
        value_max=Decimal(4),
        year=2025,
        deadline=date(2025, 12, 31),
    )
    with pytest.raises(Exception) as refused:
        actions.confirm_proposal(acting_user=office, proposal=proposal, today=date(2025, 1, 5))
    assert f"Proposal {target_item.position}" in str(refused.value)
    assert not Task.objects.exists() and not Target.objects.exists()
    document.refresh_from_db()
    assert document.text == ""
    assert PlanProposal.objects.get().status == ProposalStatus.READY


def test_a_reporter_may_not_propose_nor_decide(client, users, document):
    client.force_login(users["finance"])
    assert client.get(reverse("extraction:new", args=[document.pk])).status_code == 403
    proposal = read(document, users["office"])
    item = proposal.items.first()
    response = client.post(
        reverse("extraction:item_decide", args=[proposal.pk, item.pk]),
        {f"item-{item.pk}-decision": "rejected"},
    )
    assert response.status_code == 403
    assert client.post(reverse("extraction:confirm", args=[proposal.pk])).status_code == 403
    item.refresh_from_db()
    assert item.decision == Decision.PENDING


def test_a_unit_that_cannot_read_the_document_cannot_see_its_proposals(client, tree, users):
    hidden = document_actions.create_document(
        acting_user=None, owner=tree["district_b"], kind=DocumentKind.PLAN, title="Kế hoạch của huyện"
    )
    proposal = read(hidden, None)
    client.force_login(users["district_a_reporter"])
    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert client.get(reverse("extraction:list", args=[hidden.pk])).status_code == 404


def test_accepting_a_task_without_a_lead_unit_says_which_field_is_missing(client, users, document):
    proposal = read(document, users["office"])
    task_item = item_of(proposal, ItemKind.TASK, "Sở Tài chính")
    client.force_login(users["office"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    prefix = f"item-{task_item.pk}"
    response = client.post(
        reverse("extraction:item_decide", args=[proposal.pk, task_item.pk]),
        {f"{prefix}-decision": "accepted", f"{prefix}-title": "Phân bổ vốn", f"{prefix}-unit": ""},
    )
    assert response.status_code == 400
    assert "Choose the lead unit." in response.content.decode()
    task_item.refresh_from_db()
    assert task_item.decision == Decision.PENDING


def test_a_failed_reading_is_shown_and_writes_nothing(monkeypatch, users, document):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("resolute.extraction.extract", broken)
    proposal = read(document, users["office"])
    assert proposal.status == ProposalStatus.FAILED
    assert "could not be read" in proposal.failure_reason
    assert not proposal.items.exists()


def test_reading_a_proposal_twice_proposes_each_item_once(users, document):
    proposal = read(document, users["office"])
    count = proposal.items.count()
    actions.read_proposal(proposal)
    assert proposal.items.count() == count


def test_the_review_screen_costs_the_same_queries_however_many_proposals(
    client, users, document, django_assert_max_num_queries
):
    small = read(document, users["office"])
    longer_text = VIETNAMESE_PARAGRAPH + "".join(
        f"{number}. Sở Tài chính chủ trì phân bổ vốn đầu tư công đợt {number} trước ngày 30/6/2025.\n"
        for number in range(3, 23)
    )
    large = read(document, users["office"], text=longer_text)
    assert large.items.count() > small.items.count() + 10
    client.force_login(users["office"])
    with django_assert_max_num_queries(40) as few:
        client.get(small.get_absolute_url())
    with django_assert_max_num_queries(40) as many:
        page = client.get(large.get_absolute_url())
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.content.decode().count('class="panel proposal-item') == large.items.count()


def test_the_reader_proposes_the_lead_unit_it_names_and_the_indicator_that_fits(
    tree, users, document, poverty
):
    proposal = read(document, users["office"])
    task_item = item_of(proposal, ItemKind.TASK, "Sở Tài chính")
    target_item = item_of(proposal, ItemKind.TARGET, "hộ nghèo")
    assert task_item.unit == tree["finance"]
    assert task_item.deadline == date(2025, 6, 30)
    assert (target_item.indicator, target_item.comparator, target_item.value) == (
        poverty,
        "below",
        Decimal(4),
    )
    assert (target_item.year, target_item.deadline, target_item.unit) == (
        2025,
        date(2025, 12, 31),
        tree["province"],
    )


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        ("tỷ đồng", Decimal(25000)),
        ("billion VND", Decimal(25000)),
        ("nghìn tỷ đồng", Decimal(25)),
        ("VND", None),
    ],
)
def test_money_is_proposed_in_the_unit_the_indicator_is_kept_in(users, document, measure, expected):
    indicator_actions.create_indicator(
        acting_user=None,
        code="BUDGET_REVENUE",
        name="Thu ngân sách nhà nước trên địa bàn",
        unit_of_measure=measure,
        direction=Direction.HIGHER_IS_BETTER,
        periodicity=PeriodType.YEARLY,
    )
    text = "II. NHIỆM VỤ NĂM 2025\n1. Thu ngân sách nhà nước trên địa bàn đạt 25.000 tỷ đồng.\n"
    item = item_of(read(document, users["office"], text=text), ItemKind.TARGET, "ngân sách")
    assert item.value == (expected if expected is not None else Decimal(25000) * 10**9)
