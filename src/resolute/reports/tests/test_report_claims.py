"""The report never contradicts itself: every claim of "III. Shortcomings" is drawn from the same
evaluated figures as the rows of "II. Results", on any day, in either language; and the demo's houses
target reads "not achieved" from its deadline day on, in the report and on the dashboard."""

import re
from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from resolute.accounts.models import User
from resolute.core.documents import TableBlock
from resolute.demo.data import PASSWORD
from resolute.directives.models import Document
from resolute.reports import actions
from resolute.reports.narrative import draft_sections
from resolute.reports.report_data import build_report_data
from resolute.targets.report import WORDS as TARGET_WORDS
from resolute.targets.status import TargetStatus
from resolute.tasks.report import WORDS as TASK_WORDS

pytestmark = pytest.mark.django_db

DEMO_DAY = date(2026, 11, 25)
REPORT_DAYS = [date(2025, 6, 30), date(2025, 12, 31), date(2026, 1, 1), date(2026, 6, 30)]
REFERENCE = re.compile(r"\bT-\d+\b")


@pytest.fixture
def demo(demo):
    """The demo (see the shared fixture), with each test run on the demo's day."""
    with time_machine.travel(DEMO_DAY, tick=False):
        yield


def _section(data, key):
    return next(section for section in data.sections if section.section.key == key)


def _table(section) -> TableBlock:
    return next(block for block in section.blocks.tables if isinstance(block, TableBlock))


def _number(text: str) -> int:
    return int(re.sub(r"[.,]", "", text))


def check_the_targets_claims(data, language):
    words = TARGET_WORDS[language]
    section = _section(data, "targets")
    rows = _table(section).rows if section.figures.rows else []
    assessment = {row[0]: row[5] for row in rows}
    not_achieved = {ref for ref, said in assessment.items() if said == words["not_achieved"]}
    with translation.override(language):
        behind_labels = {str(TargetStatus(s).label) for s in (TargetStatus.OFF_TRACK, TargetStatus.AT_RISK)}
    behind = {ref for ref, said in assessment.items() if said in behind_labels}
    missed_phrase = "were not achieved:" if language == "en" else "chỉ tiêu không đạt:"
    behind_phrase = "are off track or at risk:" if language == "en" else "chậm tiến độ hoặc có nguy cơ"
    none_phrase = "no target was missed" if language == "en" else "không có chỉ tiêu nào không đạt"
    claims = {"missed": set(), "behind": set()}
    said_none = False
    for paragraph in section.blocks.shortcomings:
        if missed_phrase in paragraph:
            claims["missed"] = set(REFERENCE.findall(paragraph))
            count = re.search(r"(\d+)(?: of |/)(\d+)", paragraph)
            assert (int(count[1]), int(count[2])) == (len(not_achieved), len(rows)), paragraph
        elif behind_phrase in paragraph:
            claims["behind"] = set(REFERENCE.findall(paragraph))
        elif none_phrase in paragraph:
            said_none = True
    assert claims["missed"] == not_achieved
    assert claims["behind"] == behind
    assert said_none == (not not_achieved and not behind)
    # "II" says "not achieved" of exactly the rows its table assesses so.
    judged = "not achieved" if language == "en" else "không đạt"
    for row in section.figures.rows:
        sentence = next(s for s in section.blocks.results[0].split(". ") if s.startswith(row.indicator[:20]))
        assert (judged in sentence) == (row.reference in not_achieved), sentence


def check_the_tasks_claims(data, language):
    words = TASK_WORDS[language]
    section = _section(data, "tasks")
    figures = section.figures
    overdue_rows = [row for row in section.blocks.appendix[1].rows if row[4] == words["overdue"].lower()]
    areas_overdue = sum(_number(row[3]) for row in _table(section).rows) if figures.areas else 0
    summary = section.blocks.results[0]
    said_in_two = re.search(r"(\d[\d.,]*) (?:are overdue|nhiệm vụ quá hạn)", summary)
    overdue_in_two = _number(said_in_two[1])
    said_in_three = [
        re.search(r"(\d[\d.,]*) (?:tasks are overdue|nhiệm vụ quá hạn)", paragraph)
        for paragraph in section.blocks.shortcomings
    ]
    said_in_three = [match for match in said_in_three if match]
    overdue_in_three = _number(said_in_three[0][1]) if said_in_three else 0
    assert overdue_in_two == overdue_in_three == areas_overdue == len(overdue_rows), (
        overdue_in_two,
        overdue_in_three,
        areas_overdue,
        len(overdue_rows),
    )


def test_every_claim_of_part_three_is_drawn_from_the_rows_of_part_two_on_any_day(demo):
    office = User.objects.get(username="office")
    documents = Document.objects.filter(targets__isnull=False, targets__year=2025).distinct()
    assert documents.count() >= 2
    seen = set()
    for document in documents:
        for as_of in REPORT_DAYS:
            for language in ("vi", "en"):
                data = build_report_data(
                    office,
                    document,
                    period_start=date(2025, 1, 1),
                    period_end=date(2025, 12, 31),
                    as_of=as_of,
                    language=language,
                )
                drafted = draft_sections(data)
                assert all(
                    p in drafted["shortcomings"] for p in _section(data, "targets").blocks.shortcomings
                )
                check_the_targets_claims(data, language)
                check_the_tasks_claims(data, language)
                seen |= {row.status for row in data.figures("targets").rows}
    # The days chosen show targets under way and targets judged, met and missed.
    assert {TargetStatus.ACHIEVED, TargetStatus.NOT_ACHIEVED} <= seen
    assert seen & {TargetStatus.ON_TRACK, TargetStatus.AT_RISK, TargetStatus.OFF_TRACK}


def test_the_houses_target_reads_not_achieved_from_its_deadline_day_in_the_report_and_on_the_dashboard(
    demo,
):
    conclusion = Document.objects.get(title__startswith="Kết luận của Bí thư")
    houses = conclusion.targets.get(indicator__code="HOUSES_REPLACED")
    client = Client()
    assert client.login(username="office", password=PASSWORD)
    for as_of in (date(2025, 12, 31), date(2026, 1, 1)):
        with time_machine.travel(DEMO_DAY, tick=False):
            report = actions.create_report(
                acting_user=User.objects.get(username="office"),
                document=conclusion,
                period_start=date(2025, 1, 1),
                period_end=date(2025, 12, 31),
                as_of=as_of,
                language="en",
                format="party",
                number="",
                signer="",
                place="Quảng Nam",
            )
            page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
            dashboard = client.get(
                reverse("reports:dashboard"), {"as_of": as_of.isoformat()}
            ).content.decode()
        row = re.search(rf'<tr><td><a href="{houses.get_absolute_url()}">T-{houses.pk}</a>.*?</tr>', page)
        assert row and "not achieved (gap 120" in row[0], row
        assert f"T-{houses.pk}" in report.shortcomings.split("were not achieved:")[1]
        assert "no target was missed" not in report.shortcomings
        card = re.search(
            rf'<li class="dash-card dash-card--(\w+)">\s*<a class="dash-card__link" '
            rf'href="{houses.get_absolute_url()}">.*?</li>',
            dashboard,
            re.S,
        )
        assert card and card[1] == TargetStatus.NOT_ACHIEVED, card
        # The office reads the dashboard in Vietnamese, its language.
        assert "thực hiện 10.825, chênh lệch 120 → không đạt" in card[0]
