"""What changes when Resolute runs as several identical nodes behind a load balancer, read from the
environment (docs/operator/deployment.md). Each function takes the environment as a mapping and returns
settings, so `settings/base.py` applies them and the tests check them without starting anything.

With none of these variables set, nothing changes: one node, its own memory cache, sessions in the
database, uploaded files under MEDIA_ROOT, one database.
"""

from collections.abc import Mapping

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}

# The alias of the read replica in DATABASES; `resolute.core.replica` routes reads to it.
REPLICA_ALIAS = "replica"
REPLICA_ROUTER = "resolute.core.replica.PrimaryReplicaRouter"
REPLICA_MIDDLEWARE = "resolute.core.replica.ReadYourWritesMiddleware"
POSTGRESQL = "django.db.backends.postgresql"


def _flag(environ: Mapping[str, str], name: str) -> bool:
    return environ.get(name, "").strip().lower() in TRUE_WORDS


def cache_settings(environ: Mapping[str, str]) -> dict:
    """CACHES and SESSION_ENGINE: a Redis shared by every node when REDIS_URL is set, else nothing
    (Django's default: each process its own memory, sessions in the database)."""
    url = environ.get("REDIS_URL", "").strip()
    if not url:
        return {}
    return {
        "CACHES": {
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": url,
                # One Redis may serve other applications: every key of Resolute starts with this.
                "KEY_PREFIX": environ.get("CACHE_KEY_PREFIX", "resolute"),
                "OPTIONS": {
                    "CLIENT_CLASS": "django_redis.client.DefaultClient",
                    # A Redis that does not answer fails the request in seconds, not minutes.
                    "SOCKET_CONNECT_TIMEOUT": float(environ.get("REDIS_TIMEOUT_SECONDS", "2")),
                    "SOCKET_TIMEOUT": float(environ.get("REDIS_TIMEOUT_SECONDS", "2")),
                },
            }
        },
        # Sessions read from Redis and written to the database as well: a Redis restarted empty (or one
        # that evicts keys under memory pressure) signs nobody out, and `clearsessions` still works. A
        # session is written at most once a minute (accounts.middleware), so the database write is cheap.
        "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
    }


def storage_settings(environ: Mapping[str, str], *, max_memory_bytes: int) -> dict | None:
    """The `default` entry of STORAGES for uploaded files in an S3-compatible bucket when S3_BUCKET
    is set, else None (files stay under MEDIA_ROOT).

    The bucket stays private: no ACL is set on the objects (the bucket's own, private by default) and
    every URL the storage could make is signed. Files are served by Resolute's own views after the
    permission check, streamed from the bucket (`core.files.download_response`)."""
    bucket = environ.get("S3_BUCKET", "").strip()
    if not bucket:
        return None
    options = {
        "bucket_name": bucket,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 60,
        # Names are generated (core.files); should one ever repeat, it gets a suffix, as on disk.
        "file_overwrite": False,
        # A file read for a download is held in memory up to this size, then in a temporary file.
        "max_memory_size": max_memory_bytes,
        "signature_version": "s3v4",
        "location": environ.get("S3_PREFIX", "").strip("/"),
    }
    for variable, option in (
        ("S3_ENDPOINT_URL", "endpoint_url"),
        ("S3_REGION", "region_name"),
        ("S3_ACCESS_KEY_ID", "access_key"),
        ("S3_SECRET_ACCESS_KEY", "secret_key"),
        ("S3_ADDRESSING_STYLE", "addressing_style"),
    ):
        if environ.get(variable, "").strip():
            options[option] = environ[variable].strip()
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def _postgresql_options(database: dict, *, through_pgbouncer: bool) -> None:
    """Connection settings every PostgreSQL alias gets, behind PgBouncer or not."""
    options = database.setdefault("OPTIONS", {})
    if through_pgbouncer:
        # Transaction pooling hands each transaction to any server connection: a cursor kept open
        # across transactions (QuerySet.iterator) would be lost, so Django fetches in chunks instead.
        # PgBouncer refuses the `options` startup parameter, so `jit = off` is set on the database
        # (ALTER DATABASE … SET jit = off, see the deployment guide). Django already turns psycopg's
        # prepared statements off, which transaction pooling also needs.
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
        # A connection kept between requests is to PgBouncer, which may have been restarted.
        database["CONN_HEALTH_CHECKS"] = True
    else:
        # The pages' queries are short; PostgreSQL's JIT compiles the task-status query for longer than
        # it runs (measured in docs/dev/performance.md). A DATABASE_URL's own options still come first.
        options["options"] = ("-c jit=off " + options.get("options", "")).strip()


def database_settings(environ: Mapping[str, str], *, default_url: str) -> dict:
    """DATABASES, and with a replica the router and the middleware that keep a user's own writes
    visible to them (`resolute.core.replica`)."""
    conn_max_age = int(environ.get("DATABASE_CONN_MAX_AGE", "60"))
    through_pgbouncer = _flag(environ, "DATABASE_PGBOUNCER")
    primary = dj_database_url.parse(environ.get("DATABASE_URL", default_url), conn_max_age=conn_max_age)
    if primary["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers and the single writer work at once; IMMEDIATE avoids "database is locked"
        # surprises when a read transaction later wants to write.
        primary["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        }
        primary["CONN_MAX_AGE"] = 0
    elif primary["ENGINE"] == POSTGRESQL:
        _postgresql_options(primary, through_pgbouncer=through_pgbouncer)
    databases = {"default": primary}

    replica_url = environ.get("DATABASE_REPLICA_URL", "").strip()
    if not replica_url:
        return {"DATABASES": databases}
    replica = dj_database_url.parse(replica_url, conn_max_age=conn_max_age)
    if primary["ENGINE"] != POSTGRESQL or replica["ENGINE"] != POSTGRESQL:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL needs PostgreSQL for both DATABASE_URL and the replica: a streaming "
            "replica tells how far it has replayed the primary's writes, which the routing relies on."
        )
    # Reached straight by default, so a replica that is down refuses at once: PgBouncer would accept the
    # connection and hold each query up to its query_wait_timeout (120 s by default) instead.
    _postgresql_options(replica, through_pgbouncer=_flag(environ, "DATABASE_REPLICA_PGBOUNCER"))
    # A replica that does not answer is given up quickly; reads then go to the primary.
    connect_timeout = int(environ.get("DATABASE_REPLICA_CONNECT_TIMEOUT", "2"))
    replica["OPTIONS"].setdefault("connect_timeout", connect_timeout)
    # Tests never create a database on the replica (it is read-only): they read the primary's.
    replica["TEST"] = {"MIRROR": "default"}
    databases[REPLICA_ALIAS] = replica
    return {"DATABASES": databases, "DATABASE_ROUTERS": [REPLICA_ROUTER]}


def with_replica_middleware(middleware: list[str], databases: dict) -> list[str]:
    """The middleware list, with read-your-writes right after the security middleware when there is a
    replica: outside the session middleware, so it sees every write the view made."""
    if REPLICA_ALIAS not in databases or REPLICA_MIDDLEWARE in middleware:
        return middleware
    return [middleware[0], REPLICA_MIDDLEWARE, *middleware[1:]]
