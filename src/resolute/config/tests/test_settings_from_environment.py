"""The environment decides how many nodes Resolute runs on: with no variable set it is one node as
before; REDIS_URL, S3_BUCKET, DATABASE_REPLICA_URL and DATABASE_PGBOUNCER each change only their part.
Each test reads the settings module afresh under the environment it sets."""

import importlib.util
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS_FILE = Path(__file__).resolve().parents[1] / "settings" / "base.py"
SCALE_OUT_VARIABLES = [
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "DATABASE_PGBOUNCER",
    "DATABASE_REPLICA_PGBOUNCER",
    "DATABASE_CONN_MAX_AGE",
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
    "S3_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_REGION",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_PREFIX",
    "S3_ADDRESSING_STYLE",
    "RESOLUTE_REPLICA_RETRY_SECONDS",
]
PRIMARY = "postgres://resolute:secret@db-primary:5432/resolute"
REPLICA = "postgres://resolute:secret@db-replica:5432/resolute"


@pytest.fixture
def settings_under(monkeypatch, tmp_path):
    """settings_under(**environment) → the settings module as base.py computes it there."""

    def load(**environment):
        for name in SCALE_OUT_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("SECRET_KEY", "a-key-for-this-test")
        monkeypatch.setenv("RESOLUTE_VAR_DIR", str(tmp_path))
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        spec = importlib.util.spec_from_file_location("resolute_settings_under_test", SETTINGS_FILE)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load


def test_with_nothing_set_it_is_one_node_as_before(settings_under, tmp_path):
    settings = settings_under()
    assert list(settings.DATABASES) == ["default"]
    assert settings.DATABASES["default"]["NAME"] == str(tmp_path / "resolute.sqlite3")
    assert settings.DATABASE_ROUTERS == []
    assert not hasattr(settings, "CACHES")  # Django's own default: this process's memory
    assert not hasattr(settings, "SESSION_ENGINE")  # Django's own default: the database
    assert settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert "resolute.core.replica.ReadYourWritesMiddleware" not in settings.MIDDLEWARE


def test_postgresql_alone_keeps_jit_off_and_persistent_connections(settings_under):
    database = settings_under(DATABASE_URL=PRIMARY).DATABASES["default"]
    assert database["HOST"] == "db-primary"
    assert database["OPTIONS"]["options"] == "-c jit=off"
    assert database["CONN_MAX_AGE"] == 60
    assert not database.get("DISABLE_SERVER_SIDE_CURSORS")


def test_redis_holds_the_cache_of_every_node_and_the_sessions_survive_its_restart(settings_under):
    settings = settings_under(REDIS_URL="redis://cache:6379/7")
    cache = settings.CACHES["default"]
    assert cache["BACKEND"] == "django_redis.cache.RedisCache"
    assert cache["LOCATION"] == "redis://cache:6379/7"
    assert cache["KEY_PREFIX"] == "resolute"
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


def test_uploaded_files_go_to_a_private_bucket(settings_under):
    settings = settings_under(
        S3_BUCKET="resolute-files",
        S3_ENDPOINT_URL="https://s3.example.gov.vn",
        S3_REGION="hanoi-1",
        S3_ACCESS_KEY_ID="key-id",
        S3_SECRET_ACCESS_KEY="secret",
        S3_PREFIX="/uploads/",
        S3_ADDRESSING_STYLE="path",
    )
    storage = settings.STORAGES["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "resolute-files"
    assert options["endpoint_url"] == "https://s3.example.gov.vn"
    assert options["region_name"] == "hanoi-1"
    assert (options["access_key"], options["secret_key"]) == ("key-id", "secret")
    assert options["location"] == "uploads"
    assert options["addressing_style"] == "path"
    # Never public: no ACL on the objects, every URL signed and short-lived.
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] <= 60
    assert options["max_memory_size"] == settings.FILE_UPLOAD_MAX_MEMORY_SIZE


def test_without_keys_the_bucket_is_reached_with_the_machines_own_credentials(settings_under):
    options = settings_under(S3_BUCKET="resolute-files").STORAGES["default"]["OPTIONS"]
    assert "access_key" not in options
    assert "endpoint_url" not in options


def test_a_replica_adds_its_database_the_router_and_read_your_writes(settings_under):
    settings = settings_under(DATABASE_URL=PRIMARY, DATABASE_REPLICA_URL=REPLICA)
    replica = settings.DATABASES["replica"]
    assert replica["HOST"] == "db-replica"
    assert replica["OPTIONS"]["options"] == "-c jit=off"
    assert replica["OPTIONS"]["connect_timeout"] == 2
    assert replica["TEST"] == {"MIRROR": "default"}
    assert settings.DATABASE_ROUTERS == ["resolute.core.replica.PrimaryReplicaRouter"]
    assert settings.MIDDLEWARE[:2] == [
        "django.middleware.security.SecurityMiddleware",
        "resolute.core.replica.ReadYourWritesMiddleware",
    ]
    assert settings.RESOLUTE_REPLICA_RETRY_SECONDS == 30


def test_a_replica_needs_postgresql_on_both_sides(settings_under):
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL"):
        settings_under(DATABASE_REPLICA_URL=REPLICA)


def test_behind_pgbouncer_no_cursor_outlives_a_transaction_and_no_startup_option_is_sent(settings_under):
    settings = settings_under(
        DATABASE_URL="postgres://resolute@pgbouncer:6432/resolute",
        DATABASE_REPLICA_URL=REPLICA,
        DATABASE_PGBOUNCER="true",
    )
    primary = settings.DATABASES["default"]
    assert primary["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert primary["CONN_HEALTH_CHECKS"] is True
    assert "options" not in primary["OPTIONS"]
    assert primary["CONN_MAX_AGE"] == 60  # kept open to PgBouncer, which pools the server side
    # The replica is reached straight unless said otherwise.
    assert not settings.DATABASES["replica"].get("DISABLE_SERVER_SIDE_CURSORS")
    assert settings.DATABASES["replica"]["OPTIONS"]["options"] == "-c jit=off"


def test_a_replica_behind_pgbouncer_too(settings_under):
    settings = settings_under(
        DATABASE_URL="postgres://resolute@pgbouncer:6432/resolute",
        DATABASE_REPLICA_URL="postgres://resolute@pgbouncer:6432/resolute_replica",
        DATABASE_PGBOUNCER="true",
        DATABASE_REPLICA_PGBOUNCER="true",
    )
    replica = settings.DATABASES["replica"]
    assert replica["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert "options" not in replica["OPTIONS"]
