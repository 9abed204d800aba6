"""No page overflows sideways on a 390-px phone.

The office signs in and opens, 390 px wide, one page of every kind the smoke crawl reaches (the crawl's own
list of pages, one per shape of address), in Vietnamese, whose words are the longer; the pages that once
overflowed are opened in English too. A wide table may scroll inside its own container: only the page itself
must not be wider than the screen.
"""

import pytest
from django.test import Client

from resolute.demo.data import PASSWORD

from .browser import screenshot, sign_in
from .test_smoke import crawl, shape_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390
MAX_PAGES = 80  # one per kind of page; the crawl reaches fewer kinds than this

# The elements that stick out of the screen and are not inside a container that scrolls them: what a
# reader would have to scroll the whole page sideways to see.
OVERFLOWING = """
(width) => {
  const scrolls = (element) => {
    for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) return true;
    }
    return false;
  };
  const out = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.width && box.right > width + 1 && !scrolls(element)) {
      out.push(element.tagName.toLowerCase() + (element.className ? '.' + String(element.className) : ''));
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, culprits: out.slice(0, 5)};
}
"""


@pytest.fixture(scope="module")
def demo_loaded_on():
    """The demo is loaded as `resolute load_demo` loads it: on the real today."""
    return None


@pytest.fixture
def pages_of_every_kind(committed_demo):
    client = Client()
    assert client.login(username="office", password=PASSWORD)
    shapes = {}
    for url, status in crawl(client).items():
        if status == 200 and shape_of(url.split("?")[0]) not in shapes:
            shapes[shape_of(url.split("?")[0])] = url
    return list(shapes.values())[:MAX_PAGES]


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(
        locale="vi-VN", viewport={"width": PHONE_WIDTH, "height": 844}, device_scale_factor=1
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def too_wide(phone, url: str) -> str | None:
    from playwright.sync_api import Error as PlaywrightError

    try:
        response = phone.goto(url)
    except PlaywrightError as error:
        if "Download is starting" in str(error):  # a file (DOCX, XLSX, PDF), not a page
            return None
        raise
    if response is None or not response.headers.get("content-type", "").startswith("text/html"):
        return None
    measured = phone.evaluate(OVERFLOWING, PHONE_WIDTH)
    if measured["scrollWidth"] <= PHONE_WIDTH:
        return None
    return f"{url}: {measured['scrollWidth']} px wide ({', '.join(measured['culprits'])})"


def test_no_page_of_the_smoke_crawl_overflows_sideways_on_a_390_px_phone(
    pages_of_every_kind, live_server, phone
):
    assert len(pages_of_every_kind) > 20
    sign_in(phone, live_server, "office")
    overflowing = [
        problem
        for url in pages_of_every_kind
        if (problem := too_wide(phone, f"{live_server.url}{url}")) is not None
    ]
    for name, url in [("tasks", "/tasks/"), ("compliance", "/reporting/compliance/")]:
        if url in pages_of_every_kind:
            phone.goto(f"{live_server.url}{url}")
            screenshot(phone, f"phone-vi-{name}")

    # The same pages in English.
    with phone.expect_navigation():
        phone.select_option("#language-select", "en")
    task_page = next(url for url in pages_of_every_kind if shape_of(url) == "/tasks/N/")
    for name, url in [("tasks", "/tasks/"), ("task", task_page), ("compliance", "/reporting/compliance/")]:
        problem = too_wide(phone, f"{live_server.url}{url}")
        if problem is not None:
            overflowing.append(problem)
        screenshot(phone, f"phone-en-{name}")

    assert not overflowing, "Pages wider than a 390-px phone:\n" + "\n".join(overflowing)
