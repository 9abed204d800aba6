"""Reads of the read-heavy pages from a PostgreSQL streaming replica; every other read, and every write,
on the primary; and never a user's own write missing from what that user reads.

Which pages: a view decorated with `reads_from_replica` (the dashboard and scorecards, the implementation
reports, the league table and statistics, the exports, the unit search). Only its GET and HEAD requests
read from the replica, and only the domain's rows: who may see what (accounts, memberships), sessions,
the sign-in throttle and the job queue are always read from the primary, so a role taken away is gone at
once on every page. A read inside a transaction on the primary stays on the primary.

Read-your-writes by WAL position rather than by a timer. After a request that wrote (any POST, PUT,
PATCH or DELETE, or any write the router saw), `ReadYourWritesMiddleware` reads the primary's WAL insert
position (`pg_current_wal_insert_lsn()`), which lies at or past the end of the request's commits, and
keeps it in a signed cookie. A marked view then asks the replica how far it has replayed
(`pg_last_wal_replay_lsn()`): at or past the cookie's position, the replica already holds everything
this user wrote and serves the page; behind it, the primary does. A timer ("the primary for 10 s after a
write") would be wrong whenever the replica lags longer than the window, and would send reads to the
primary long after a replica that keeps up had the write; the position is exact at the cost of one
query per marked page and one per write.

When the replica does not answer — at that check or in the middle of the page — the page is read from
the primary, and the replica is left alone for `RESOLUTE_REPLICA_RETRY_SECONDS` (per process).

Without a `replica` database (no DATABASE_REPLICA_URL) the decorator does nothing, and the router and
the middleware are not installed (config/nodes.py).
"""

import contextlib
import logging
import time
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core import signing
from django.db import DEFAULT_DB_ALIAS, DatabaseError, OperationalError, connections

logger = logging.getLogger(__name__)

# The alias config/nodes.py gives the replica in DATABASES.
REPLICA = "replica"
# The signed cookie holding the primary's WAL position after this browser's last write.
WRITTEN_POSITION_COOKIE = "resolute_written"
COOKIE_SALT = "resolute.core.replica.written"
READ_METHODS = frozenset({"GET", "HEAD"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

# Read from the primary even on a marked page: who may see what, sign-in state, the throttle, the jobs.
PRIMARY_ONLY_APPS = frozenset(
    {"accounts", "auth", "sessions", "axes", "otp_totp", "otp_static", "django_tasks_database", "admin"}
)
PRIMARY_ONLY_MODELS = frozenset({"orgunits.membership"})
# Writes that do not count as the user's: a session's activity stamp changes nothing a page shows.
UNCOUNTED_WRITES = frozenset({"sessions"})


@dataclass
class RequestDatabases:
    """What the current request does with the databases: where a marked view reads, whether it wrote."""

    read_from: str | None = None
    wrote: bool = False


_current: ContextVar[RequestDatabases | None] = ContextVar("resolute_request_databases", default=None)
# time.monotonic() until which this process leaves a replica that failed alone.
_replica_resting_until = 0.0


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


# -- WAL positions ------------------------------------------------------------------------------------


def parse_position(text: str | None) -> int | None:
    """A pg_lsn such as '16/B374D848' as a number that orders as the WAL does; None if it is not one."""
    if not text or "/" not in text:
        return None
    high, _, low = str(text).partition("/")
    try:
        return (int(high, 16) << 32) | int(low, 16)
    except ValueError:
        return None


def format_position(position: int) -> str:
    return f"{position >> 32:X}/{position & 0xFFFFFFFF:X}"


def primary_position() -> int | None:
    """How far the primary has written its WAL: at or past the end of every transaction committed."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        return parse_position(cursor.fetchone()[0])


def replayed_position() -> int | None:
    """How far the replica has replayed the primary's WAL; None if it is not replaying (not a standby)."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_last_wal_replay_lsn()::text")
        return parse_position(cursor.fetchone()[0])


def written_position(request) -> int | None:
    """The position after this browser's last write, from its signed cookie (None: none, or forged)."""
    try:
        value = request.get_signed_cookie(WRITTEN_POSITION_COOKIE, default=None, salt=COOKIE_SALT)
    except signing.BadSignature:
        return None
    return parse_position(value)


# -- choosing the database ----------------------------------------------------------------------------


def _rest_the_replica(error: Exception) -> None:
    """Leave the replica alone for a while, and drop its connection so the next try opens a new one."""
    global _replica_resting_until
    _replica_resting_until = time.monotonic() + settings.RESOLUTE_REPLICA_RETRY_SECONDS
    logger.warning(
        "The read replica failed (%s); reading from the primary for %g s.",
        error,
        settings.RESOLUTE_REPLICA_RETRY_SECONDS,
    )
    with contextlib.suppress(DatabaseError):
        connections[REPLICA].close()


def replica_resting() -> bool:
    return time.monotonic() < _replica_resting_until


def replica_serves(request) -> bool:
    """Whether this request of a marked view may read from the replica."""
    if request.method not in READ_METHODS or not replica_configured() or replica_resting():
        return False
    try:
        replayed = replayed_position()
    except DatabaseError as error:
        _rest_the_replica(error)
        return False
    if replayed is None:  # not in recovery: promoted, or not a replica at all
        return False
    written = written_position(request)
    return written is None or replayed >= written


def _replica_broke() -> bool:
    """Whether the replica's connection failed during the request (Django marks it so)."""
    connection = connections[REPLICA]
    return connection.connection is not None and getattr(connection, "errors_occurred", False)


def reads_from_replica(view):
    """Mark a read-heavy view: its GET and HEAD reads may go to the replica (see the module's doc).

    If the replica fails in the middle of the page, the page is read again from the primary: the
    view only reads (a marked view's POST never reads from the replica), so a second run is safe."""

    @wraps(view)
    def read_heavy_view(request, *args, **kwargs):
        if not replica_configured() or not replica_serves(request):
            return view(request, *args, **kwargs)
        state = _current.get()
        token = None
        if state is None:  # called without the middleware (a test, a command)
            state = RequestDatabases()
            token = _current.set(state)
        state.read_from = REPLICA
        try:
            return view(request, *args, **kwargs)
        except OperationalError as error:
            if not _replica_broke():
                raise
            _rest_the_replica(error)
            state.read_from = None
            return view(request, *args, **kwargs)
        finally:
            state.read_from = None
            if token is not None:
                _current.reset(token)

    read_heavy_view.reads_from_replica = True
    return read_heavy_view


def _label(model) -> tuple[str, str]:
    meta = model._meta
    return meta.app_label, meta.label_lower


class PrimaryReplicaRouter:
    """Reads to the replica only inside a marked view that may use it (see `reads_from_replica`);
    everything else, and every write, to the primary. Installed by config/nodes.py with a replica."""

    def db_for_read(self, model, **hints):
        state = _current.get()
        if state is None or state.read_from is None:
            return DEFAULT_DB_ALIAS
        app_label, label = _label(model)
        if app_label in PRIMARY_ONLY_APPS or label in PRIMARY_ONLY_MODELS:
            return DEFAULT_DB_ALIAS
        # Inside a transaction on the primary (an action, a locked read) every read sees that
        # transaction's own state, which the replica cannot.
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return state.read_from

    def db_for_write(self, model, **hints):
        state = _current.get()
        if state is not None and model._meta.app_label not in UNCOUNTED_WRITES:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both hold the same rows: an object read from the replica may point to one from the primary.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA, None}:
            return True
        return None

    def allow_migrate(self, db, app_label, **hints):
        # The replica follows the primary's migrations through replication; it is read-only.
        return False if db == REPLICA else None


class ReadYourWritesMiddleware:
    """Remember, in a signed cookie, how far the primary had written after a request that wrote, so
    the marked views of this browser read from the replica only once it has replayed that far."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = RequestDatabases()
        token = _current.set(state)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        if state.wrote or request.method not in SAFE_METHODS:
            self.remember_position(response)
        return response

    def remember_position(self, response) -> None:
        try:
            position = primary_position()
        except DatabaseError:
            # The write (if any) is done; without its position this browser may, for the replica's lag,
            # read a marked page without it. Worth a line in the log, not an error page.
            logger.warning("Could not read the primary's WAL position after a write.", exc_info=True)
            return
        if position is None:
            return
        response.set_signed_cookie(
            WRITTEN_POSITION_COOKIE,
            format_position(position),
            salt=COOKIE_SALT,
            max_age=settings.SESSION_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
