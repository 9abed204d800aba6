"""The scope probe: no district reads its siblings' rows, on any page or export.

The office of the province opens every page it can reach by following links from the home page
(targets, tasks, directives, regimes, reports, units and the exports they link to). Each district
user then opens each of those addresses: a page they may not see answers 403 or 404; a page they may
see names no other district and none of its communes, in its HTML or, for a workbook or a Word
document, in the text inside the file.
"""

import io
import zipfile
from collections import Counter
from datetime import date
from decimal import Decimal
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client

from resolute.core.periods import PeriodType
from resolute.directives.actions import create_document
from resolute.directives.models import DocumentKind
from resolute.orgunits.models import OrgUnit
from resolute.targets.actions import indicators as indicator_actions
from resolute.targets.actions import targets as target_actions
from resolute.targets.actions import values as value_actions
from resolute.targets.models import Comparator, Direction, OverTime
from resolute.tasks import actions as task_actions

from .test_smoke import SKIPPED_PREFIXES, LinkCollector, shape_of

pytestmark = pytest.mark.django_db

# Pages of one shape (a task, a target page with another `?as_of`) are sampled: the point is every kind.
SAMPLES_PER_SHAPE = 6
MAX_PAGES = 300
SKIPPED = (*SKIPPED_PREFIXES, "/accounts/", "/i18n/")
TODAY = date(2025, 10, 15)


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def shared_work(tree, users):
    """A provincial resolution whose target is broken down between the two districts, both of which
    report figures, and a provincial task both districts coordinate, report on and hold a sub-task of."""
    office = users["office"]
    document = create_document(
        acting_user=office,
        owner=tree["party"],
        kind=DocumentKind.RESOLUTION,
        title="Resolution on housing for 2025",
        number="9-NQ/TU",
        issued_on=date(2025, 1, 10),
        issuer=tree["party"],
    )
    houses = indicator_actions.create_indicator(
        acting_user=office,
        code="HOUSES",
        name="Nhà tạm được xóa",
        name_en="Temporary houses replaced",
        unit_of_measure="căn",
        direction=Direction.HIGHER_IS_BETTER,
        periodicity=PeriodType.QUARTERLY,
        over_time=OverTime.CUMULATIVE,
    )
    target_actions.create_target(
        acting_user=office,
        document=document,
        indicator=houses,
        unit=tree["province"],
        year=2025,
        deadline=date(2025, 12, 31),
        comparator=Comparator.AT_LEAST,
        value=Decimal(10945),
        breakdown=[(tree["district_a"], Decimal(6000)), (tree["district_b"], Decimal(4945))],
    )
    for key, user, figure in (("district_a", "district_a_manager", 700), ("district_b", "office", 300)):
        value_actions.save_values(
            acting_user=users[user], unit=tree[key], period="2025Q3", entries=[(houses, Decimal(figure), "")]
        )
    task = task_actions.create_task(
        acting_user=office,
        title="Xóa nhà tạm",
        title_en="Replace the temporary houses",
        lead_unit=tree["province"],
        assigned_by_unit=tree["party"],
        assigned_on=date(2025, 2, 3),
        deadline=date(2025, 12, 31),
        coordinating_units=[tree["district_a"], tree["district_b"]],
        source_document=document,
    )
    for key in ("district_a", "district_b"):
        task_actions.report_progress(
            acting_user=None, task=task, unit=tree[key], reported_on=date(2025, 6, 2), narrative="Đang làm."
        )
        task_actions.create_subtask(
            acting_user=None,
            parent=task,
            title=f"Xóa nhà tạm ở {tree[key].name}",
            lead_unit=tree[key],
            assigned_on=date(2025, 3, 3),
        )
    return task


def text_of(response) -> str:
    """What a reader finds in the response: the page, or the text inside a workbook or document."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    return content.decode("utf-8", "replace")


def crawl(client: Client) -> list[str]:
    """Every same-site address reachable from the home page by links, breadth first, sampled by shape."""
    queue, opened, shapes = ["/"], [], Counter()
    while queue and len(opened) < MAX_PAGES:
        url = queue.pop(0)
        response = client.get(url)
        opened.append(url)
        if response.status_code != 200 or not response.headers["Content-Type"].startswith("text/html"):
            continue
        collector = LinkCollector()
        collector.feed(response.content.decode())
        for href in collector.links:
            parts = urlsplit(urldefrag(urljoin(url, href))[0])
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.path.startswith(SKIPPED) or path in opened or path in queue:
                continue
            shape = shape_of(parts.path) + ("?" if parts.query else "")
            if shapes[shape] < SAMPLES_PER_SHAPE:
                shapes[shape] += 1
                queue.append(path)
    return opened


def names_of_others(district) -> set[str]:
    """The names (both languages) of every other district and of the units below them."""
    others = OrgUnit.objects.filter(parent=district.parent, kind=district.kind).exclude(pk=district.pk)
    names = set()
    for other in others:
        for unit in OrgUnit.objects.filter(path__startswith=other.path):
            names |= {unit.name, unit.name_en} - {""}
    return names


def test_no_district_reads_a_siblings_rows_on_any_page_the_office_reaches(tree, users, shared_work):
    office = Client(HTTP_ACCEPT_LANGUAGE="vi")
    office.force_login(users["office"])
    addresses = crawl(office)
    shapes = {shape_of(urlsplit(url).path) for url in addresses}
    assert {"/targets/N/", "/tasks/N/", "/documents/N/", "/units/N/"} <= shapes, sorted(shapes)

    leaks = []
    # Each district reads in one language; the names of both languages are looked for.
    readers = (("district_a", "district_a_reporter", "en"), ("district_b", "district_b_reporter", "vi"))
    for district, user, language in readers:
        names = names_of_others(tree[district])
        reader = Client(HTTP_ACCEPT_LANGUAGE=language)
        reader.force_login(users[user])
        for url in addresses:
            response = reader.get(url)
            assert response.status_code in (200, 301, 302, 403, 404), (
                f"{user}: {url} answered {response.status_code}"
            )
            if response.status_code != 200:
                continue
            text = text_of(response)
            leaks += [f"{user} reads {name} at {url}" for name in sorted(names) if name in text]
    assert not leaks, "\n".join(leaks)
