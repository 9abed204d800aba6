"""The liveness and readiness probes answer what a load balancer needs: 200 when the instance can
work, 503 (never a 500 page) when something it depends on is away."""

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.db.migrations.executor import MigrationExecutor

from resolute.web.views import health


def _database_goes_away(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)


@pytest.mark.django_db
def test_liveness_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_liveness_answers_503_not_500_when_the_database_is_away(client, monkeypatch):
    _database_goes_away(monkeypatch)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert b"database unavailable" in response.content


@pytest.mark.django_db(transaction=True)
def test_liveness_answers_503_when_the_database_port_is_closed(client):
    from django.db import connections

    connection = connections["default"]
    if connection.vendor != "postgresql":
        pytest.skip("only a networked database has a port to close (SQLite is covered above)")
    real_port = connection.settings_dict["PORT"]
    connection.settings_dict["PORT"] = "1"
    connection.close()
    try:
        response = client.get("/healthz")
    finally:
        connection.settings_dict["PORT"] = real_port
        connection.close()

    assert response.status_code == 503


@pytest.mark.django_db
def test_readiness_is_ready_with_the_database_migrations_job_queue_and_storage(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "job_queue": "ok", "storage": "ok"},
    }


@pytest.mark.django_db
def test_readiness_leaves_no_probe_file_behind(client):
    from django.core.files.storage import default_storage

    client.get("/readyz")

    assert default_storage.listdir(health.PROBE_DIRECTORY)[1] == []


@pytest.mark.django_db
def test_readiness_names_every_failed_check_when_the_database_is_away(client, monkeypatch):
    _database_goes_away(monkeypatch)

    response = client.get("/readyz")

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert response.json()["status"] == "not ready"
    assert checks["database"].startswith("failed: OperationalError")
    assert checks["job_queue"].startswith("failed:")
    assert checks["storage"] == "ok"


@pytest.mark.django_db
def test_readiness_is_not_ready_while_a_migration_is_pending(client, monkeypatch):
    real_plan = MigrationExecutor.migration_plan

    def one_pending(self, targets, clean_start=False):
        plan = real_plan(self, targets, clean_start)
        migration = self.loader.graph.nodes[("orgunits", "0001_initial")]
        return [*plan, (migration, False)]

    monkeypatch.setattr(MigrationExecutor, "migration_plan", one_pending)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "failed: RuntimeError: 1 migration(s) not applied: " + (
        "orgunits.0001_initial"
    )


@pytest.mark.django_db
def test_readiness_is_not_ready_when_the_storage_refuses_writes(client, monkeypatch):
    from django.core.files.storage import default_storage

    def refuse(*args, **kwargs):
        raise PermissionError("read-only file system")

    monkeypatch.setattr(default_storage, "save", refuse)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "failed: PermissionError: read-only file system"
    assert response.json()["checks"]["database"] == "ok"
