"""Petitions on the office's follow-up board and on the urging ladder: a petition past its next deadline
is owed by its competent unit (or the unit that received it, while it has none) to the unit that
received and routed it (or to the administrative level of a unit that received it itself); a petition
whose deadline falls this week is due soon; the ladder chases each petition once per deadline, named by
its code and kind — never its subject nor its petitioner — citing the law whose limit it missed. The
half-year of `scenario`, on 2 June 2025: C (the denunciation at the inspectorate, settle by 11/04) and H
(Minh An's own complaint, accept by 27/03) are overdue; D (the recommendation at the Department of
Environment, accept by 09/06) is due next week; I and J (2024, never routed) are long overdue."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from resolute.conftest import make_user
from resolute.orgunits.choices import Role
from resolute.petitions.selectors.follow_up import (
    overdue_petitions_by_unit,
    petition_subjects,
    petitions_due_soon,
)
from resolute.reporting.actions.letters import draft_letter
from resolute.reporting.selectors.ladder import board_data

from .conftest import DENOUNCER, TODAY
from .scenario import half_year, register_at

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def on_june_2(time_machine):
    time_machine.move_to(datetime(2025, 6, 2, 9, 0, tzinfo=HANOI), tick=False)
    with translation.override("en"):
        yield


@pytest.fixture
def made(petitions_tree, people):
    return half_year(petitions_tree)


def test_overdue_petitions_are_counted_per_unit_and_issuer_oldest_first(made, petitions_tree, people):
    rows = overdue_petitions_by_unit(people["office"], TODAY, 50)
    assert [(row.issuer, row.unit, row.count, row.oldest_deadline) for row in rows] == [
        # I and J, received by the reception office and never routed: owed to the province.
        (petitions_tree["province"], petitions_tree["reception"], 2, date(2024, 3, 14)),
        # H, Minh An's own complaint: the ward owes it to itself.
        (petitions_tree["commune_a1"], petitions_tree["commune_a1"], 1, date(2025, 3, 27)),
        # C, routed by the reception office to the inspectorate.
        (petitions_tree["reception"], petitions_tree["inspectorate"], 1, date(2025, 4, 11)),
    ]


def test_the_board_shows_petitions_in_their_own_column_and_what_is_due_this_week(
    made, petitions_tree, people
):
    data = board_data(people["office"], TODAY)
    assert "Petitions past their deadline" in [str(column) for column in data["columns"]]
    inspectorate = next(row for row in data["overdue"] if row.unit == petitions_tree["inspectorate"])
    assert inspectorate.cells["petitions.deadline"].count == 1
    assert any(row.unit == petitions_tree["commune_a1"] for row in data["own_overdue"])
    # D must be accepted by Monday 9 June, next week; it is due soon once that week comes.
    assert not [item for item in data["due_this_week"] if made["D"].code in item.title]
    [due] = petitions_due_soon(people["office"], TODAY, date(2025, 6, 9), 50)
    assert due.title == f"{made['D'].code} · recommendation: to accept or refuse"
    assert (due.unit, due.deadline) == (petitions_tree["environment"], date(2025, 6, 9))


def test_an_office_sees_only_the_units_it_follows(made, petitions_tree, people):
    # An office in Minh An ward follows Hội An City and what is below it: Minh An's own complaint.
    ward_office = make_user("minh_an_office", (petitions_tree["commune_a1"], Role.OFFICE))
    [row] = overdue_petitions_by_unit(ward_office, TODAY, 50)
    assert (row.unit, row.count) == (petitions_tree["commune_a1"], 1)
    assert petitions_due_soon(ward_office, TODAY, date(2025, 6, 9), 50) == []


def test_the_ladder_chases_each_petition_once_per_deadline_by_its_code_and_kind(made, petitions_tree, people):
    subjects = {subject.key: subject for subject in petition_subjects(TODAY, deadline_before=TODAY)}
    denunciation = made["C"]
    subject = subjects[f"petition:{denunciation.pk}:2025-04-11"]
    assert (subject.unit, subject.issuer, subject.deadline, subject.kind) == (
        petitions_tree["inspectorate"],
        petitions_tree["reception"],
        date(2025, 4, 11),
        "petition",
    )
    assert str(subject.title) == f"{denunciation.code} · denunciation"
    assert str(subject.kind_label) == "petition past its legal deadline"
    assert subject.source == "Luật Tố cáo 2018, Điều 30"
    assert subject.url == denunciation.get_absolute_url()
    for shown in (str(subject.title), subject.obligation_label, subject.source):
        assert denunciation.subject not in shown and DENOUNCER["full_name"] not in shown
    # The look-ahead holds D too, due on 9 June; a closed or duplicate petition never.
    ahead = {subject.key for subject in petition_subjects(TODAY, deadline_before=date(2025, 6, 30))}
    assert f"petition:{made['D'].pk}:2025-06-09" in ahead
    assert not any(f"petition:{made[letter].pk}:" in key for key in ahead for letter in "ABEFG")


def test_the_ladder_narrows_to_what_a_unit_owes_an_issuer(made, petitions_tree, people):
    owed = petition_subjects(
        TODAY, deadline_before=TODAY, issuer=petitions_tree["reception"], unit=petitions_tree["inspectorate"]
    )
    assert [subject.key for subject in owed] == [f"petition:{made['C'].pk}:2025-04-11"]
    assert (
        petition_subjects(
            TODAY,
            deadline_before=TODAY,
            issuer=petitions_tree["province"],
            unit=petitions_tree["inspectorate"],
        )
        == []
    )


def test_a_letter_to_the_reception_office_names_its_petitions_in_vietnamese_by_code_and_kind(
    made, petitions_tree, default_ladder
):
    letter = draft_letter(
        acting_user=None, issuer=petitions_tree["province"], recipient=petitions_tree["reception"], on=TODAY
    )
    assert [(item["kind"], item["title"]) for item in letter.items] == [
        ("petition", f"{made['I'].code} · khiếu nại"),
        ("petition", f"{made['J'].code} · khiếu nại"),
    ]
    assert letter.items[0]["kind_label"] == "đơn đã quá thời hạn giải quyết theo quy định"
    assert letter.items[0]["source"] == "Luật Khiếu nại 2011, Điều 27"
    assert made["I"].subject not in str(letter.items)


def test_the_board_and_the_ladder_read_as_many_queries_for_many_petitions_as_for_a_few(
    made, petitions_tree, people
):
    office = people["office"]
    overdue_petitions_by_unit(office, TODAY, 50)  # the office's scope is read once, then kept

    def queries(read) -> int:
        with CaptureQueriesContext(connection) as captured:
            read()
        return len(captured)

    board = queries(lambda: overdue_petitions_by_unit(office, TODAY, 50))
    soon = queries(lambda: petitions_due_soon(office, TODAY, date(2025, 6, 30), 50))
    ladder = queries(lambda: petition_subjects(TODAY, deadline_before=TODAY))
    for unit in ("commune_b1", "district_b", "finance", "environment"):
        register_at(petitions_tree[unit], "complaint", date(2025, 1, 6))
    assert len(petition_subjects(TODAY, deadline_before=TODAY)) == 8  # I, J, C, H and the four new
    assert queries(lambda: overdue_petitions_by_unit(office, TODAY, 50)) == board
    assert queries(lambda: petitions_due_soon(office, TODAY, date(2025, 6, 30), 50)) == soon
    assert queries(lambda: petition_subjects(TODAY, deadline_before=TODAY)) == ladder
