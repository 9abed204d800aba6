"""Where a page's database time goes: sign in as a user, open a page once to warm up, open it again
while capturing its queries, then run `EXPLAIN ANALYZE` on each SELECT and print the total and the
slowest. For PostgreSQL databases too large for `make bench` to build (the synthetic country):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/country_full \
        .venv/bin/python bench/explain_page.py country1_04 "/tasks/?unit=180&include_below=on&status=overdue"

Run `resolute collectstatic` once first (the page is rendered with the production settings).
"""

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resolute.config.settings.base")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from resolute.accounts.models import User  # noqa: E402

# A server-side cursor's query is explained without its DECLARE.
DECLARE = re.compile(r'DECLARE "\S+" NO SCROLL CURSOR WITH HOLD FOR (.*)', re.S)


def explained(username: str, url: str, slowest: int = 5) -> None:
    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.get(url)
    if response.status_code != 200:
        sys.exit(f"{url} answered {response.status_code}")
    connection.force_debug_cursor = True
    connection.queries_log.clear()
    client.get(url)
    queries = list(connection.queries)
    connection.force_debug_cursor = False
    timed = []
    with connection.cursor() as cursor:
        for query in queries:
            match = DECLARE.match(query["sql"])
            sql = match.group(1) if match else query["sql"]
            if not sql.startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            timed.append((cursor.fetchone()[0][0]["Execution Time"], sql))
    timed.sort(reverse=True)
    print(f"{len(queries)} queries, {sum(ms for ms, _sql in timed):.1f} ms of database time")
    for ms, sql in timed[:slowest]:
        print(f"{ms:8.1f} ms  {sql[:160]}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    explained(sys.argv[1], sys.argv[2])
