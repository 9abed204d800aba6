"""Behind a load balancer the throttles count the person's address, which the balancer passes in
X-Forwarded-For, and never one the person wrote there themselves."""

from django.test import RequestFactory

from resolute.core.client import client_address

BALANCER = "10.0.0.5"


def request(forwarded_for=None):
    headers = {"REMOTE_ADDR": BALANCER}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/accounts/login/", **headers)


def test_reached_directly_the_address_is_the_connections(settings):
    settings.RESOLUTE_TRUSTED_PROXIES = 0
    assert client_address(request("203.0.113.9")) == BALANCER


def test_behind_one_balancer_the_address_is_the_one_it_appended(settings):
    settings.RESOLUTE_TRUSTED_PROXIES = 1
    assert client_address(request("203.0.113.9")) == "203.0.113.9"


def test_an_address_the_client_wrote_itself_is_never_taken(settings):
    settings.RESOLUTE_TRUSTED_PROXIES = 1
    assert client_address(request("198.51.100.1, 203.0.113.9")) == "203.0.113.9"


def test_behind_two_proxies_the_address_the_first_one_appended(settings):
    settings.RESOLUTE_TRUSTED_PROXIES = 2
    assert client_address(request("198.51.100.1, 203.0.113.9, 10.0.0.4")) == "203.0.113.9"


def test_a_request_that_did_not_pass_the_proxies_counts_its_connection(settings):
    settings.RESOLUTE_TRUSTED_PROXIES = 1
    assert client_address(request()) == BALANCER
    assert client_address(request("not an address")) == BALANCER
