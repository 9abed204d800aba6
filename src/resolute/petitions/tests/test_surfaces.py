"""What petitions add to the other shared surfaces: the search box finds a petition by its code or the
words of its subject among those the reader may read — a denunciation by its code only, never showing
its subject — and never by or with its petitioner; the dashboard's recent activity lists the changes
to the petitions of the page's area; a change to who sees a unit counts its petitions. The half-year of
`scenario`."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from resolute.core.contributions import AccessRecords, SearchSource, contributed
from resolute.petitions.selectors.search import search_petitions
from resolute.reports.selectors import recent_activity

from .conftest import DENOUNCER, PETITIONER
from .scenario import half_year


@pytest.fixture(autouse=True)
def on_june_2(time_machine):
    time_machine.move_to(datetime(2025, 6, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
    with translation.override("en"):
        yield


@pytest.fixture
def made(petitions_tree, people):
    return half_year(petitions_tree)


def test_petitions_are_a_source_of_the_search_box(made):
    [source] = [source for source in contributed(SearchSource) if source.key == "petitions"]
    assert source.search is search_petitions


def test_a_petition_is_found_by_its_code_or_the_words_of_its_subject(made, people):
    complaint = made["A"]
    [by_code] = search_petitions(people["leader"], complaint.code, 10)
    assert by_code == {
        "title": f"{complaint.code} · complaint",
        "url": reverse("petitions:detail", args=[complaint.pk]),
        "kind": "petition",
        "snippet": complaint.subject,
    }
    words = search_petitions(people["leader"], "reflection 03/03", 10)
    assert [result["title"] for result in words] == [f"{made['E'].code} · reflection"]


def test_a_denunciation_is_found_by_its_code_only_and_shows_no_subject(made, people):
    denunciation = made["C"]
    assert search_petitions(people["superuser"], "denunciation 03/02/2025", 10) == []
    [found] = search_petitions(people["superuser"], denunciation.code, 10)
    assert found["snippet"] == "" and denunciation.subject not in str(found)


def test_the_search_finds_only_what_the_reader_may_read_and_never_the_petitioner(made, people):
    assert search_petitions(people["district_b_reporter"], made["A"].code, 10) == []
    assert [
        result["title"].split(" · ")[0] for result in search_petitions(people["commune_clerk"], "2025", 10)
    ] == [made["H"].code]
    for person in (PETITIONER, DENOUNCER):
        assert search_petitions(people["superuser"], person["full_name"], 10) == []
        assert search_petitions(people["superuser"], person["id_number"], 10) == []


def test_the_search_reads_one_query_and_keeps_to_its_limit(made, people, django_assert_num_queries):
    search_petitions(people["leader"], "2025", 3)  # the scope, read once per user
    with django_assert_num_queries(1):
        assert len(search_petitions(people["leader"], "2025", 3)) == 3


def test_the_recent_activity_lists_the_changes_to_the_petitions_of_the_area(made, petitions_tree, people):
    activity = recent_activity(people["leader"], petitions_tree["environment"], limit=50)
    records = {entry.record for entry in activity}
    assert {made[letter].code for letter in "ABDF"} <= records
    assert made["H"].code not in records
    urls = {entry.url for entry in activity if entry.record == made["A"].code}
    assert urls == {reverse("petitions:detail", args=[made["A"].pk])}


def test_a_change_of_who_sees_a_unit_counts_its_petitions(made, people):
    [records] = [records for records in contributed(AccessRecords) if records.key == "petitions"]
    assert set(records.visible_ids(people["commune_clerk"])) == {made["H"].pk}
    assert records.noun(3) % {"count": 3} == "3 petitions"
