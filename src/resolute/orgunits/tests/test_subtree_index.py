""" "All units under X" is answered by the path index on both databases, not by a table scan."""

from django.db import connection

from resolute.orgunits.models import OrgUnit


def query_plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The test tables are tiny, where a scan is cheapest; forbid it to see whether the index serves.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(" ".join(str(column) for column in row) for row in cursor.fetchall())


def test_the_subtree_query_uses_the_path_index(tree):
    plan = query_plan(OrgUnit.objects.subtree_of(tree["district_a"]).values("pk"))
    # Django names the index of `path` orgunits_orgunit_path_<hash>.
    assert "orgunits_orgunit_path" in plan.lower(), plan
    assert "index" in plan.lower(), plan
