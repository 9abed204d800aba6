"""In Chromium, the task list's unit filter suggests units as the user types: typed in Vietnamese
without tone marks, chosen with the keys, it filters the list; on a laptop and on a phone, in both
languages."""

import pytest
from django.conf import settings

from resolute.core import lookups
from resolute.web.tests.browser import screenshot, sign_in
from resolute.web.tests.test_browser_phone import OVERFLOWING

from .factories import assign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tasks(tree, users, monkeypatch):
    # A box from six units on: the office sees nine, so the filter is a box, as a national viewer's is.
    monkeypatch.setattr(lookups, "LOOKUP_THRESHOLD", 5)
    office = tree["office"]
    assign(tree["district_a"], assigned_by_unit=office, title="Clear the ring road site")
    assign(tree["district_b"], assigned_by_unit=office, title="Rebuild the Đại Lộc market")


@pytest.mark.parametrize(("width", "language"), [(1366, "vi"), (390, "vi"), (1366, "en"), (390, "en")])
def test_a_district_typed_without_tone_marks_is_chosen_with_the_keys_and_filters_the_list(
    chromium, live_server, tasks, tree, width, language
):
    context = chromium.new_context(
        locale="vi-VN", viewport={"width": width, "height": 900}, device_scale_factor=1
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server, "office")
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/tasks/")
    rows = page.locator("#task-results tbody tr")
    assert rows.count() == 2

    box = page.get_by_role("combobox", name="Đơn vị" if language == "vi" else "Unit", exact=True)
    box.press_sequentially("dai loc")
    suggestion = page.locator("#id_unit_listbox").get_by_role("option").first
    suggestion.wait_for()
    expected = "Huyện Đại Lộc (506)" if language == "vi" else "Dai Loc District (506)"
    assert suggestion.inner_text().startswith(expected)
    assert box.get_attribute("aria-expanded") == "true"
    assert page.evaluate(OVERFLOWING, width)["scrollWidth"] <= width
    screenshot(page, f"task-list-lookup-{width}-{language}-suggestions")

    box.press("ArrowDown")
    assert suggestion.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == suggestion.get_attribute("id")
    with page.expect_response(lambda response: "/tasks/?" in response.url):
        box.press("Enter")
    page.wait_for_function("document.querySelectorAll('#task-results tbody tr').length === 1")
    assert "Đại Lộc market" in rows.first.inner_text()
    assert box.input_value() == expected
    assert f"unit={tree['district_b'].pk}" in page.url and "unit_text" not in page.url
    screenshot(page, f"task-list-lookup-{width}-{language}-filtered")

    # Escape closes the suggestions without choosing.
    box.fill("")
    box.press_sequentially("hoi")
    page.locator("#id_unit_listbox").get_by_role("option").first.wait_for()
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    context.close()
