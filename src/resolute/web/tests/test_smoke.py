"""Every demo user opens every page reachable from the navigation and from links on those pages.

No page may answer with a server error, every HTML page must offer a way back (the navigation), and
browsing (GET) must never change data.
"""

import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.db import connection
from django.test import Client

from resolute.demo.data import PASSWORD, USERS

# Pages of the same shape (a document, a unit) are sampled, not all opened: the point is every kind of page.
SAMPLES_PER_SHAPE = 4
MAX_PAGES = 400
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/accounts/logout/", "/api/docs", "/api/v1/docs")


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def shape_of(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def table_sizes() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        sizes = {}
        for table in tables:
            if table.startswith(("django_session", "axes_")):
                continue
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names come from introspection
            sizes[table] = cursor.fetchone()[0]
        return sizes


def crawl(client: Client) -> dict[str, int]:
    """Breadth-first over same-site links; returns the status of every page opened."""
    seen_shapes: Counter = Counter()
    queue = ["/"]
    statuses: dict[str, int] = {}
    while queue and len(statuses) < MAX_PAGES:
        url = queue.pop(0)
        if url in statuses:
            continue
        response = client.get(url)
        statuses[url] = response.status_code
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        if response.status_code in (301, 302):
            continue
        content_type = response.headers.get("Content-Type", "")
        if not content_type.startswith("text/html"):
            continue
        html = response.content.decode()
        assert 'class="brand"' in html, f"{url} has no navigation back to the rest of the application"
        collector = LinkCollector()
        collector.feed(html)
        for href in collector.links:
            target = urldefrag(urljoin(url, href))[0]
            parts = urlsplit(target)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.path.startswith(SKIPPED_PREFIXES) or path in statuses or path in queue:
                continue
            shape = shape_of(parts.path)
            if seen_shapes[shape] >= SAMPLES_PER_SHAPE:
                continue
            seen_shapes[shape] += 1
            queue.append(path)
    return statuses


@pytest.fixture(scope="module")
def demo_loaded_on():
    """The demo is loaded as `resolute load_demo` loads it, on the real today, and browsed on it."""
    return None


# One test per demo user, so that the test processes share the crawl; each reads the demo loaded once
# in its process.
@pytest.mark.parametrize("username", [user[0] for user in USERS])
def test_every_reachable_page_opens_for_each_demo_user_and_browsing_changes_nothing(demo, username):
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    before = table_sizes()
    statuses = crawl(client)
    assert len(statuses) > 5, f"{username} reached only {sorted(statuses)}"
    assert table_sizes() == before, f"browsing as {username} changed data"
