"""The figures of petitions over a period (`selectors.statistics`): what was received, settled on time
and late, closed otherwise, open within the deadline and overdue, by kind and by unit, the same period
a year earlier and the change — counted by hand in `scenario`, read in a fixed number of queries, and
only of the petitions the reader may read."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from resolute.petitions.models import Petition
from resolute.petitions.selectors.statistics import (
    counted_under,
    in_standing,
    percent_change,
    petition_figures,
)

from .conftest import TODAY
from .scenario import half_year

YEAR_START = date(2025, 1, 1)


@pytest.fixture
def made(petitions_tree, people):
    return half_year(petitions_tree)


def figures_for(user, unit=None, start=YEAR_START, end=TODAY, **options):
    return petition_figures(user, unit=unit, start=start, end=end, **options)


def test_the_year_to_date_counts_each_petition_once_in_one_standing(made, petitions_tree, people):
    total = figures_for(people["superuser"], petitions_tree["province"]).total
    assert total.received == 7
    assert total.duplicates == 1
    assert (total.settled_on_time, total.settled_late) == (1, 1)
    assert (total.refused, total.forwarded, total.withdrawn) == (1, 1, 0)
    assert (total.open_within, total.open_overdue) == (1, 2)
    assert total.balances
    assert (total.accepted, total.in_competence, total.several_signatories) == (3, 5, 1)
    assert (total.upheld, total.rejected, total.partly_upheld) == (1, 1, 0)
    assert (total.extended, total.extensions) == (1, 1)
    assert total.carried_over == 0


def test_the_figures_by_kind_list_the_four_kinds(made, petitions_tree, people):
    figures = figures_for(people["superuser"], petitions_tree["province"])
    assert [(row.kind, row.counts.received) for row in figures.by_kind] == [
        ("complaint", 4),
        ("denunciation", 1),
        ("recommendation", 1),
        ("reflection", 1),
    ]
    complaints = figures.current.kind("complaint")
    assert (
        complaints.settled_on_time,
        complaints.settled_late,
        complaints.refused,
        complaints.open_overdue,
    ) == (
        1,
        1,
        1,
        1,
    )
    assert figures.current.kind("denunciation").open_overdue == 1
    assert figures.current.kind("recommendation").open_within == 1


def test_each_petition_is_counted_under_the_top_level_unit_of_its_competent_unit(
    made, petitions_tree, people
):
    figures = figures_for(people["superuser"], petitions_tree["province"])
    assert [(row.unit, row.counts.received) for row in figures.by_unit] == [
        (petitions_tree["committee"], 6),
        (petitions_tree["district_a"], 1),
    ]
    committee = figures.by_unit[0]
    assert committee.by_kind["complaint"].received == 3
    assert committee.counts.open_overdue == 1  # the denunciation; Minh An's complaint is Hội An's


def test_below_the_committee_each_department_has_its_own_row(made, petitions_tree, people):
    figures = figures_for(people["superuser"], petitions_tree["committee"])
    rows = {row.unit.pk: row.counts.received for row in figures.by_unit}
    # A, B, D, F were sent to the department; C to the inspectorate; E stayed with the reception office.
    assert rows == {
        petitions_tree["reception"].pk: 1,
        petitions_tree["environment"].pk: 4,
        petitions_tree["inspectorate"].pk: 1,
    }
    assert figures.total.received == 6


def test_a_unit_alone_counts_what_it_received_or_handles_itself(made, petitions_tree, people):
    alone = figures_for(people["superuser"], petitions_tree["environment"], include_subtree=False).total
    assert alone.received == 4
    assert (alone.settled_on_time, alone.settled_late, alone.refused, alone.open_within) == (1, 1, 1, 1)


def test_the_same_period_a_year_earlier_and_the_change(made, petitions_tree, people):
    figures = figures_for(people["superuser"], petitions_tree["province"])
    assert (figures.last_year.start, figures.last_year.end) == (date(2024, 1, 1), date(2024, 6, 2))
    assert figures.last_year.total.received == 2
    assert figures.change == Decimal("250.0")
    with translation.override("en"):
        assert figures.change_formula() == "(7 − 2) ÷ 2 × 100 = +250.0%"


def test_the_change_is_rounded_half_away_from_zero_and_none_without_last_year():
    assert percent_change(43, 40) == Decimal("7.5")
    assert percent_change(1, 3) == Decimal("-66.7")
    assert percent_change(3, 0) is None


def test_petitions_brought_forward_are_counted_when_asked_for(made, petitions_tree, people):
    plain = figures_for(people["superuser"], petitions_tree["province"]).total
    carried = figures_for(people["superuser"], petitions_tree["province"], include_carried_over=True).total
    assert (plain.carried_over, carried.carried_over) == (0, 2)
    assert carried.received == 7
    assert carried.open_overdue == 4  # the two of 2024 never accepted
    assert carried.balances


def test_a_petition_settled_before_the_period_is_not_brought_forward(made, petitions_tree, people):
    figures = figures_for(
        people["superuser"],
        petitions_tree["province"],
        start=date(2025, 3, 15),
        end=date(2025, 6, 2),
        include_carried_over=True,
    ).total
    # Received before 15 March and still open on the 14th: I, J and C (the denunciation); E was
    # forwarded on 4 March. Received since: H, F and D.
    assert figures.carried_over == 3
    assert figures.received == 3
    assert figures.settled == 0  # A and B were decided before the period
    assert figures.balances


def test_the_deadline_owed_on_the_last_day_is_the_one_in_force_that_day(made, petitions_tree, people):
    # The denunciation owed its settlement by 12 March until the extension of 5 March moved it to 11
    # April: judged on 4 March, 20 March and 14 April it is within, within, then overdue.
    def denunciation_on(day):
        return figures_for(people["superuser"], petitions_tree["province"], end=day).current.kind(
            "denunciation"
        )

    assert Petition.objects.get(pk=made["C"].pk).settlement_deadline == date(2025, 4, 11)
    assert denunciation_on(date(2025, 3, 4)).open_within == 1
    assert denunciation_on(date(2025, 3, 20)).open_within == 1
    assert denunciation_on(date(2025, 4, 14)).open_overdue == 1


def test_a_reader_counts_only_the_petitions_they_may_read(made, petitions_tree, people):
    department = figures_for(people["department_viewer"]).total
    assert department.received == 4  # A, B, D, F: sent to the department
    ward = figures_for(people["commune_clerk"]).total
    assert ward.received == 1  # H
    outsider = figures_for(people["district_b_reporter"]).total
    assert outsider.received == 0 and outsider.open == 0


def test_the_figures_take_the_same_queries_for_many_petitions_as_for_a_few(
    made, petitions_tree, people, django_assert_num_queries
):
    user = people["leader"]
    figures_for(user, petitions_tree["province"])  # the scope, read once per user
    with django_assert_num_queries(3):
        figures_for(user, petitions_tree["province"])


def test_the_lists_behind_the_figures_hold_the_petitions_counted(made, petitions_tree, people):
    province = petitions_tree["province"]
    received = Petition.objects.filter(received_on__gte=YEAR_START, received_on__lte=TODAY)
    codes = {
        standing: {petition.pk for petition in in_standing(received, standing, TODAY)}
        for standing in ("settled_on_time", "settled_late", "closed_otherwise", "open_within", "open_overdue")
    }
    assert codes == {
        "settled_on_time": {made["A"].pk},
        "settled_late": {made["B"].pk},
        "closed_otherwise": {made["E"].pk, made["F"].pk},
        "open_within": {made["D"].pk},
        "open_overdue": {made["C"].pk, made["H"].pk},
    }
    under_hoi_an = counted_under(received, province, petitions_tree["district_a"])
    assert list(under_hoi_an) == [made["H"]]
