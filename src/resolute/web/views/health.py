"""Probes for load balancers, orchestrators and `make run` checks (docs/dev/operations.md).

`/healthz` (liveness) is cheap: the process answers and reaches its database with one `SELECT 1`.
`/readyz` (readiness) says whether this instance can serve real work: the database answers, every
migration is applied, the job queue's table can be read and the uploaded-files storage takes a write.
Both answer 503 — never a 500 page — when something they check is away, so a balancer takes the
instance out of rotation instead of logging an error for every probe.
"""

import logging
import uuid
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

PROBE_DIRECTORY = ".probes"


def _database_answers() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _migrations_applied() -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _backwards in pending[:5])
        raise RuntimeError(f"{len(pending)} migration(s) not applied: {names}")


def _job_queue_reachable() -> None:
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.order_by().values_list("pk").first()


def _storage_writable() -> None:
    name = default_storage.save(f"{PROBE_DIRECTORY}/{uuid.uuid4().hex}.txt", ContentFile(b"ready"))
    try:
        with default_storage.open(name) as stored:
            if stored.read() != b"ready":
                raise RuntimeError("the storage gave back different bytes")
    finally:
        default_storage.delete(name)


READINESS_CHECKS: dict[str, Callable[[], None]] = {
    "database": _database_answers,
    "migrations": _migrations_applied,
    "job_queue": _job_queue_reachable,
    "storage": _storage_writable,
}


@never_cache
@require_GET
def health(request):
    """Liveness: the app answers and reaches its database (503 when the database is away)."""
    try:
        _database_answers()
    except DatabaseError:
        logger.warning("Health probe: the database does not answer.", exc_info=True)
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_GET
def ready(request):
    """Readiness: every check in READINESS_CHECKS passes (200), or the failed ones are named (503).

    Later checks still run after a failure, so the answer lists everything that is wrong at once; a
    check that needs the database reports its own failure when the database is away."""
    results = {}
    for name, check in READINESS_CHECKS.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 — a probe reports every failure, it never raises
            logger.warning("Readiness check %s failed.", name, exc_info=True)
            results[name] = f"failed: {error.__class__.__name__}: {error}"[:300]
        else:
            results[name] = "ok"
    ready_now = all(result == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ready" if ready_now else "not ready", "checks": results},
        status=200 if ready_now else 503,
    )
