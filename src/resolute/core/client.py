"""The network address of the person sending a request, as the throttles count it: the sign-in
throttle (django-axes, through AXES_CLIENT_IP_CALLABLE), password resets and petition look-ups.

Behind a load balancer every request arrives from the balancer's address, so counting REMOTE_ADDR
would count everyone as one client. Each proxy in front of the nodes appends the address it was
reached from to `X-Forwarded-For`; with `RESOLUTE_TRUSTED_PROXIES` = n (how many proxies there are),
the client is the n-th address from the right. Anything to its left was sent by the client itself and
could say anything, so it is never used. With 0 (the default: the node is reached directly), or a
request that did not pass through the proxies (a health check), it is REMOTE_ADDR.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.RESOLUTE_TRUSTED_PROXIES
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < hops:
        return remote
    candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # a proxy that writes something else: do not store it as an address
        return remote
