"""Slow projects on the office's follow-up board and on the urging ladder: a project below the schedule
that missed a milestone is overdue, owed by its investor to the plan's issuer since the milestone's
day; a milestone falling this week for a project below its share is due soon; the ladder chases each
such project once per milestone, and a letter drafted to the investor names the project, its rate and
its obstacles with the units that must remove them.

The 2024 plan (see conftest), milestones 40% on 30/6 and 60% on 30/9; reports to 30 June: the road
55 of 120 bn (45.8%), the school 9 of 10 bn, the dyke 3 of 70 bn (4.3%) held back by its site, which
Ái Nghĩa must clear."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document as WordDocument

from resolute.investment.choices import ObstacleCategory
from resolute.investment.selectors.follow_up import slow_project_subjects
from resolute.reporting.actions.ladder import run_ladder
from resolute.reporting.actions.letters import draft_letter
from resolute.reporting.models import LadderEvent
from resolute.reporting.selectors.ladder import board_data
from resolute.tasks.tests.factories import browser_for

from .conftest import CENTRAL, FOREIGN, LOCAL, billions
from .figures import report

JULY_15 = date(2024, 7, 15)
JUNE_END = date(2024, 6, 30)
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def on(time_machine, day: date) -> date:
    time_machine.move_to(datetime(day.year, day.month, day.day, 9, 0, tzinfo=HANOI), tick=False)
    return day


@pytest.fixture
def june(investment, time_machine):
    on(time_machine, JULY_15)
    report(investment, "road", JUNE_END, {CENTRAL: billions(50), LOCAL: billions(5)})
    report(investment, "school", JUNE_END, {LOCAL: billions(9)})
    report(
        investment,
        "dyke",
        JUNE_END,
        {CENTRAL: billions(3), FOREIGN: 0},
        obstacles=[
            {
                "category": ObstacleCategory.SITE_CLEARANCE,
                "description": "47 hộ chưa nhận bồi thường",
                "responsible_unit": investment["commune_b1"],
            }
        ],
    )
    return investment


def test_a_slow_project_that_missed_a_milestone_is_on_the_board_of_its_investor(june, users):
    board = browser_for(users["office"]).get(reverse("reporting:board")).context
    [row] = board["overdue"]
    assert (row.issuer, row.unit, row.oldest_deadline) == (june["province"], june["construction"], JUNE_END)
    assert row.cells["investment.slow"].count == 1
    assert row.cells["investment.slow"].titles[0].startswith("DL-03 · Kè sông Vu Gia")
    assert "Slow projects" in [str(column) for column in board["columns"]]


def test_a_milestone_falling_this_week_for_a_project_below_its_share_is_due_soon(
    investment, users, time_machine
):
    on(time_machine, date(2024, 6, 24))  # a Monday; the week ends on Sunday 30 June, the milestone's day
    report(investment, "road", date(2024, 5, 31), {CENTRAL: billions(30)})  # 25.0% of 120 bn
    report(investment, "school", date(2024, 5, 31), {LOCAL: billions(5)})  # 50.0%, past the 40%
    due = board_data(users["office"], date(2024, 6, 24))["due_this_week"]
    titles = [item.title for item in due if item.deadline == JUNE_END]
    assert len(titles) == 2  # the road, and the dyke with nothing reported
    assert any(title.startswith("DT-01 · Đường ven biển") and "(now 25.0%)" in title for title in titles)
    assert all("HA-02" not in title for title in titles)


def test_the_ladder_chases_each_slow_project_once_per_missed_milestone(june):
    [subject] = slow_project_subjects(JULY_15, deadline_before=JULY_15)
    dyke = june["dyke"]
    assert subject.key == f"investment:{dyke.pk}:2024-06-30"
    assert (subject.unit, subject.issuer, subject.deadline, subject.kind) == (
        june["construction"],
        june["province"],
        JUNE_END,
        "project",
    )
    title = str(subject.title)
    assert title.startswith("DL-03 · Kè sông Vu Gia")
    assert "4.3% of the 2024 plan disbursed, 43.3% expected" in title
    assert "the milestone of 40.0% by 30/06/2024 not reached" in title
    assert "site clearance (to be removed by Thị trấn Ái Nghĩa" in title
    assert subject.url == reverse("investment:project", args=[dyke.pk])
    # Once it reaches 40% and falls behind 60% on 30 September, the next milestone is a new subject.
    report(june, "dyke", date(2024, 7, 14), {CENTRAL: billions(30)})
    assert slow_project_subjects(JULY_15, deadline_before=JULY_15) == []
    later = slow_project_subjects(date(2024, 10, 15), deadline_before=date(2024, 10, 15))
    assert f"investment:{dyke.pk}:2024-09-30" in [subject.key for subject in later]


def test_a_letter_to_the_investor_names_the_project_its_rate_and_its_obstacles(june, default_ladder):
    letter = draft_letter(
        acting_user=None, issuer=june["province"], recipient=june["construction"], on=JULY_15
    )
    [item] = letter.items
    assert item["kind"] == "project"
    assert item["title"].startswith("DL-03 · Kè sông Vu Gia")
    assert "4,3%" in item["title"] and "43,3%" in item["title"]
    assert "đã giải ngân 4,3% kế hoạch vốn năm 2024, theo tiến độ phải đạt 43,3%" in item["title"]
    assert "chưa đạt mốc 40,0% đến ngày 30/06/2024" in item["title"]
    assert "vướng mắc: giải phóng mặt bằng (Thị trấn Ái Nghĩa xử lý)" in item["title"]
    assert item["kind_label"] == "dự án chậm giải ngân"
    document = WordDocument(io.BytesIO(letter.docx.open("rb").read()))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert f"còn 1 nhiệm vụ, báo cáo, {item['kind_label']} đã quá thời hạn" in text
    [row] = document.tables[1].rows[1:]
    assert row.cells[1].text == item["title"]
    assert row.cells[2].text == "Kế hoạch đầu tư công năm 2024"
    assert row.cells[3].text == "30/06/2024"


def test_the_ladder_fires_its_steps_for_a_slow_project(june, default_ladder):
    run_ladder(on=date(2024, 7, 15))
    events = LadderEvent.objects.filter(subject_key=f"investment:{june['dyke'].pk}:2024-06-30")
    assert {event.kind for event in events} >= {"overdue_notice", "letter"}
    letter = next(event.letter for event in events if event.letter_id)
    assert letter.recipient == june["construction"]
