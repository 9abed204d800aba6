"""Routing reads to the replica: which pages may, when a user's own write sends them to the primary,
and what happens without a replica or when it fails. No replica runs here: its answers (how far it
replayed) and the primary's (how far it wrote) are given by the test; the harness in deploy/nodes/
runs the real thing."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from resolute.accounts.models import User
from resolute.config import nodes
from resolute.core import replica
from resolute.core.replica import (
    REPLICA,
    WRITTEN_POSITION_COOKIE,
    PrimaryReplicaRouter,
    ReadYourWritesMiddleware,
    format_position,
    parse_position,
    reads_from_replica,
)
from resolute.orgunits.models import Membership, OrgUnit
from resolute.tasks.models import Task

router = PrimaryReplicaRouter()


class FakeDatabases:
    """The replica's and the primary's WAL positions, as the test sets them, and what was asked."""

    def __init__(self, monkeypatch, *, replayed=100, written=100):
        self.replayed, self.written = replayed, written
        self.replica_asked = 0
        monkeypatch.setattr(replica, "replica_configured", lambda: True)
        monkeypatch.setattr(replica, "replayed_position", self.replay)
        monkeypatch.setattr(replica, "primary_position", lambda: self.written)
        monkeypatch.setattr(replica, "_replica_resting_until", 0.0)
        monkeypatch.setattr(replica, "_rest_the_replica", self.rest)
        self.rested = []

    def replay(self):
        self.replica_asked += 1
        if isinstance(self.replayed, Exception):
            raise self.replayed
        return self.replayed

    def rest(self, error):
        self.rested.append(error)
        replica._replica_resting_until = replica.time.monotonic() + 30


def reads_of(model):
    """A read-heavy view that answers with where a read of `model` goes."""

    @reads_from_replica
    def view(request):
        return HttpResponse(router.db_for_read(model))

    return view


def with_position_cookie(request, position: int):
    """The request of a browser whose last write left the primary at `position`."""
    response = HttpResponse()
    response.set_signed_cookie(WRITTEN_POSITION_COOKIE, format_position(position), salt=replica.COOKIE_SALT)
    request.COOKIES[WRITTEN_POSITION_COOKIE] = response.cookies[WRITTEN_POSITION_COOKIE].value
    return request


def get(path="/reports/"):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    return request


def test_positions_read_and_written_as_postgresql_prints_them():
    assert parse_position("16/B374D848") == (0x16 << 32) | 0xB374D848
    assert parse_position("0/0") == 0
    assert parse_position("0/10") > parse_position("0/F")
    assert parse_position("1/0") > parse_position("0/FFFFFFFF")
    assert format_position(parse_position("16/B374D848")) == "16/B374D848"
    assert parse_position(None) is None
    assert parse_position("not a position") is None


def test_without_a_replica_a_read_heavy_page_reads_the_primary():
    assert not replica.replica_configured()
    assert reads_of(Task)(get()).content == b"default"
    assert router.db_for_read(Task) == "default"


def test_a_read_heavy_page_reads_the_replica_when_its_reader_wrote_nothing(monkeypatch):
    FakeDatabases(monkeypatch)
    assert reads_of(Task)(get()).content == REPLICA.encode()
    assert reads_of(OrgUnit)(get()).content == REPLICA.encode()


def test_other_pages_and_everything_outside_a_page_read_the_primary(monkeypatch):
    FakeDatabases(monkeypatch)
    assert router.db_for_read(Task) == "default"


def test_who_may_see_what_is_always_read_from_the_primary(monkeypatch):
    FakeDatabases(monkeypatch)
    assert reads_of(User)(get()).content == b"default"
    assert reads_of(Membership)(get()).content == b"default"


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary(monkeypatch):
    FakeDatabases(monkeypatch)

    @reads_from_replica
    def view(request):
        with transaction.atomic():
            return HttpResponse(router.db_for_read(Task))

    assert view(get()).content == b"default"


def test_a_form_posted_to_a_read_heavy_page_reads_the_primary(monkeypatch):
    databases = FakeDatabases(monkeypatch)
    request = RequestFactory().post("/reports/implementation/1/")
    assert reads_of(Task)(request).content == b"default"
    assert databases.replica_asked == 0


def test_after_a_write_its_writer_reads_the_primary_until_the_replica_has_replayed_it(monkeypatch):
    databases = FakeDatabases(monkeypatch, replayed=parse_position("0/3000000"))
    written = parse_position("0/3000100")
    assert reads_of(Task)(with_position_cookie(get(), written)).content == b"default"
    databases.replayed = written
    assert reads_of(Task)(with_position_cookie(get(), written)).content == REPLICA.encode()
    # Someone else, who wrote nothing, was on the replica all along.
    databases.replayed = parse_position("0/3000000")
    assert reads_of(Task)(get()).content == REPLICA.encode()


def test_a_position_cookie_not_signed_by_resolute_is_ignored(monkeypatch):
    FakeDatabases(monkeypatch, replayed=5)
    request = get()
    request.COOKIES[WRITTEN_POSITION_COOKIE] = "FFFF/FFFFFFFF"
    assert reads_of(Task)(request).content == REPLICA.encode()


def test_a_server_that_replays_nothing_is_not_used_as_a_replica(monkeypatch):
    """A promoted replica (or the primary named by mistake) answers NULL: its reads are not trusted."""
    FakeDatabases(monkeypatch, replayed=None)
    assert reads_of(Task)(get()).content == b"default"


def test_a_replica_that_does_not_answer_is_left_alone_for_a_while(monkeypatch):
    databases = FakeDatabases(monkeypatch, replayed=OperationalError("connection refused"))
    assert reads_of(Task)(get()).content == b"default"
    assert reads_of(Task)(get()).content == b"default"
    assert databases.replica_asked == 1
    assert len(databases.rested) == 1


def test_a_replica_failing_in_the_middle_of_a_page_is_replaced_by_the_primary(monkeypatch):
    databases = FakeDatabases(monkeypatch)
    monkeypatch.setattr(replica, "_replica_broke", lambda: True)
    reads = []

    @reads_from_replica
    def view(request):
        reads.append(router.db_for_read(Task))
        if reads[-1] == REPLICA:
            raise OperationalError("server closed the connection unexpectedly")
        return HttpResponse("the page")

    assert view(get()).content == b"the page"
    assert reads == [REPLICA, "default"]
    assert len(databases.rested) == 1


def test_an_error_of_the_primary_in_a_read_heavy_page_is_not_hidden(monkeypatch):
    FakeDatabases(monkeypatch)
    monkeypatch.setattr(replica, "_replica_broke", lambda: False)

    @reads_from_replica
    def view(request):
        raise OperationalError("the primary is away")

    with pytest.raises(OperationalError):
        view(get())


def middleware_answer(view, request):
    return ReadYourWritesMiddleware(view)(request)


def test_a_posted_write_leaves_the_primarys_position_in_a_signed_cookie(monkeypatch):
    FakeDatabases(monkeypatch, written=parse_position("A/1000"))
    response = middleware_answer(
        lambda request: HttpResponse(), RequestFactory().post("/tasks/1/reports/new/")
    )
    cookie = response.cookies[WRITTEN_POSITION_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    request = get()
    request.COOKIES[WRITTEN_POSITION_COOKIE] = cookie.value
    assert replica.written_position(request) == parse_position("A/1000")


def test_a_write_made_while_showing_a_page_counts_as_a_write(monkeypatch):
    FakeDatabases(monkeypatch)

    def view(request):
        router.db_for_write(Task)
        return HttpResponse()

    assert WRITTEN_POSITION_COOKIE in middleware_answer(view, get()).cookies


def test_reading_a_page_or_saving_the_session_leaves_no_position(monkeypatch):
    from django.contrib.sessions.models import Session

    FakeDatabases(monkeypatch)

    def view(request):
        router.db_for_read(Task)
        router.db_for_write(Session)
        return HttpResponse()

    assert WRITTEN_POSITION_COOKIE not in middleware_answer(view, get()).cookies


def test_writes_always_go_to_the_primary_and_the_replica_is_never_migrated(monkeypatch):
    FakeDatabases(monkeypatch)

    @reads_from_replica
    def view(request):
        return HttpResponse(router.db_for_write(Task))

    assert view(get()).content == b"default"
    assert router.allow_migrate(REPLICA, "tasks") is False
    assert router.allow_migrate("default", "tasks") is None


def test_the_read_heavy_pages_are_marked_and_the_forms_are_not():
    for path in [
        "/reports/",
        "/reports/units/1/",
        "/reports/obstacles/",
        "/reports/implementation/1/",
        "/reports/implementation/1/report.pdf",
        "/tasks/export.xlsx",
        "/tasks/league/",
        "/petitions/export/",
        "/units/search",
    ]:
        assert getattr(resolve(path).func, "reads_from_replica", False), path
    for path in ["/tasks/1/reports/new/", "/tasks/1/", "/accounts/login/", "/healthz"]:
        assert not getattr(resolve(path).func, "reads_from_replica", False), path


def test_the_settings_and_the_router_name_the_replica_alike():
    assert nodes.REPLICA_ALIAS == REPLICA
    assert f"{PrimaryReplicaRouter.__module__}.{PrimaryReplicaRouter.__name__}" == nodes.REPLICA_ROUTER
    assert (
        f"{ReadYourWritesMiddleware.__module__}.{ReadYourWritesMiddleware.__name__}"
        == nodes.REPLICA_MIDDLEWARE
    )


def test_the_apps_kept_on_the_primary_are_installed_apps():
    from django.apps import apps

    labels = {config.label for config in apps.get_app_configs()}
    assert labels >= replica.PRIMARY_ONLY_APPS
    assert labels >= replica.UNCOUNTED_WRITES
    for label in replica.PRIMARY_ONLY_MODELS:
        assert apps.get_model(label)
