"""A kind of regime a domain contributes (`core.contributions.ReportedWork`): once its app is
installed, a regime may ask for it, the compliance table counts what the domain says arrived, the cell
page lists its items, and the board and the ladder chase what is missing, like any other report;
without the app, the kind is refused and its regimes owe nothing. And an urging letter lists a
subject of a kind it does not know under the name its domain gives that kind."""

import io
from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from docx import Document as WordDocument

from resolute.core.periods import Period
from resolute.orgunits.models import OrgUnitKind
from resolute.reporting.actions.letters import draft_letter
from resolute.reporting.actions.regimes import create_regime
from resolute.reporting.models import regime_kind_choices
from resolute.reporting.selectors.ladder import board_data, report_subjects
from resolute.reporting.selectors.obligations import compliance, items_of
from resolute.tasks.tests.factories import assign, browser_for

from .example_kind import villages as wells

EXAMPLE = "resolute.reporting.tests.example_kind"
MARCH = Period.parse("202503")
APRIL = Period.parse("202504")
# March 2025 runs from 15/02 to 14/03 (a Friday) and is due on Monday 17/03.
MARCH_DEADLINE = date(2025, 3, 17)
AFTER_APRIL = date(2025, 5, 20)

with_the_example_kind = override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, EXAMPLE])


@pytest.fixture
def villages(tree):
    """District A owes the wells of two villages each month, district B of one."""
    wells.VILLAGES.clear()
    wells.ARRIVALS.clear()
    wells.VILLAGES.update(
        {tree["district_a"].pk: ["Cẩm Hà", "Cẩm Thanh"], tree["district_b"].pk: ["Ái Nghĩa"]}
    )
    yield
    wells.VILLAGES.clear()
    wells.ARRIVALS.clear()


def wells_regime(tree, **fields):
    return create_regime(
        acting_user=None,
        name="Monthly count of wells",
        kind="wells",
        issuer=tree["province"],
        period_type="monthly",
        unit_kinds=[OrgUnitKind.DISTRICT],
        **fields,
    )


@pytest.mark.django_db
def test_a_regime_may_ask_for_a_kind_an_installed_domain_contributes_and_not_once_it_is_gone(
    tree, users, villages
):
    with with_the_example_kind:
        assert ("wells", "wells dug in each village") in regime_kind_choices()
        page = browser_for(users["office"]).get(reverse("reporting:regime_create")).content.decode()
        assert 'value="wells"' in page and "Wells dug in each village" in page
        regime = wells_regime(tree)
        assert regime.get_kind_display() == "wells dug in each village"
    assert "wells" not in dict(regime_kind_choices())
    with pytest.raises(ValidationError) as refused:
        wells_regime(tree)
    assert "kind" in refused.value.message_dict
    # The regime set up while the domain was installed now owes nothing, and its pages still open.
    assert compliance([tree["district_a"]], [regime], [MARCH], as_of=AFTER_APRIL)[0].expected == 0
    assert browser_for(users["office"]).get(reverse("reporting:regime_list")).status_code == 200


@pytest.mark.django_db
def test_compliance_counts_what_the_domain_says_arrived_and_judges_it_against_the_deadline(
    tree, users, villages
):
    district_a = tree["district_a"]
    wells.ARRIVALS.update(
        {
            (district_a.pk, MARCH.code, "Cẩm Hà"): MARCH_DEADLINE,
            (district_a.pk, MARCH.code, "Cẩm Thanh"): date(2025, 3, 20),
        }
    )
    with with_the_example_kind:
        regime = wells_regime(tree)
        [row] = compliance([district_a], [regime], [MARCH, APRIL], as_of=AFTER_APRIL)
        assert [(cell.expected, cell.received, cell.on_time) for cell in row.cells] == [(2, 2, 1), (2, 0, 0)]
        assert (row.completeness, row.timeliness) == (50, 25)

        items = items_of(regime, district_a, MARCH, AFTER_APRIL)
        assert [(item.label, item.arrived, item.on_time) for item in items] == [
            ("Wells of Cẩm Hà", MARCH_DEADLINE, True),
            ("Wells of Cẩm Thanh", date(2025, 3, 20), False),
        ]
        cell = browser_for(users["office"]).get(
            reverse("reporting:compliance_cell"),
            {"regime": regime.pk, "unit": district_a.pk, "period": MARCH.code},
        )
        assert cell.status_code == 200
        assert "Wells of Cẩm Thanh" in cell.content.decode() and "Late" in cell.content.decode()


@pytest.mark.django_db
def test_the_board_and_the_ladder_chase_the_reports_of_a_contributed_kind(
    tree, users, villages, time_machine
):
    time_machine.move_to(date(2025, 3, 25), tick=False)
    # District A sent both counts of March on time; district B sent nothing.
    for village in ("Cẩm Hà", "Cẩm Thanh"):
        wells.ARRIVALS[(tree["district_a"].pk, MARCH.code, village)] = date(2025, 3, 14)
    with with_the_example_kind:
        wells_regime(tree)
        subjects = report_subjects(date(2025, 3, 25), deadline_before=date(2025, 3, 25))
        chased_for_march = [
            (subject.unit, subject.kind) for subject in subjects if subject.deadline == MARCH_DEADLINE
        ]
        assert chased_for_march == [(tree["district_b"], "report")]
        rows = {row.unit: row for row in board_data(users["office"], date(2025, 3, 25))["overdue"]}
        assert "Monthly count of wells — 202503" in rows[tree["district_b"]].cells["reporting.reports"].titles
        assert (
            "Monthly count of wells — 202503"
            not in rows[tree["district_a"]].cells["reporting.reports"].titles
        )


@pytest.mark.django_db
def test_a_letter_names_a_kind_of_item_it_does_not_know_by_the_name_its_domain_gives(
    tree, villages, time_machine
):
    time_machine.move_to(date(2026, 11, 25), tick=False)
    wells.DRY_WELLS.append(
        (
            tree["district_a"],
            tree["committee"],
            date(2026, 11, 10),
            "Giếng thôn Cẩm Hà: chưa sửa, chậm 15 ngày",
        )
    )
    assign(
        tree["district_a"],
        assigned_by_unit=tree["committee"],
        title="Báo cáo kết quả xóa nhà tạm",
        assigned_on=date(2026, 9, 1),
        deadline=date(2026, 11, 20),
    )
    with with_the_example_kind:
        letter = draft_letter(
            acting_user=None, issuer=tree["committee"], recipient=tree["district_a"], on=date(2026, 11, 25)
        )
    assert [(item["kind"], item["kind_label"], item["title"]) for item in letter.items] == [
        ("task", "", "Báo cáo kết quả xóa nhà tạm"),
        ("dry_well", "giếng chưa sửa", "Giếng thôn Cẩm Hà: chưa sửa, chậm 15 ngày"),
    ]
    document = WordDocument(io.BytesIO(letter.docx.open("rb").read()))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "còn 2 nhiệm vụ, báo cáo, giếng chưa sửa đã quá thời hạn" in text
    table = document.tables[1]
    assert [cell.text for cell in table.rows[0].cells][1] == "Nội dung"
    lines = {row.cells[1].text: row.cells[2].text for row in table.rows[1:]}
    assert lines["Giếng thôn Cẩm Hà: chưa sửa, chậm 15 ngày"] == "Kế hoạch nước sạch"
