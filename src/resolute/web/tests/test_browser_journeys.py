"""Journeys clicked through in a real browser."""

import re

import pytest
from django.core.management import call_command

from resolute.directives.models import Document

from .browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def test_a_district_reporter_reads_a_clause_of_the_conclusion_and_switches_to_vietnamese(
    demo, live_server, page
):
    conclusion = Document.objects.get(text__startswith="According to the Working Program")
    sign_in(page, live_server, "hoian")
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Documents").click()
    page.get_by_role(
        "link", name=re.compile("Provincial Party Secretary|Bí thư Tỉnh ủy|conclusion", re.I)
    ).first.click()
    assert page.url.endswith(conclusion.get_absolute_url())

    clause = conclusion.clauses.get(anchor="II-B")
    page.locator(f"a[href='#{clause.anchor}']").first.click()
    assert page.url.endswith(f"#{clause.anchor}")
    assert page.locator(f"#{clause.anchor}").is_visible()
    assert "socio-economics" in page.locator(f"#{clause.anchor}").inner_text()
    screenshot(page, "conclusion-clause-en")

    with page.expect_navigation():
        page.select_option("#language-select", "vi")
    navigation = page.get_by_role("navigation", name=re.compile("Điều hướng chính"))
    assert navigation.get_by_role("link", name="Văn bản").is_visible()
    assert navigation.get_by_role("link", name="Tổ chức").is_visible()
    screenshot(page, "conclusion-vi")
