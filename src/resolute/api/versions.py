"""The API's versions. Version 1 is served under /api/v1/ (`urls_namespace` "api", so
`reverse("api:…")` names its addresses). The addresses without a version, under /api/, answer as
version 1 does — the same views, the same authentication — for one more release, and say so on every
answer: `Deprecation: true`, the `Sunset` day after which they stop answering, and a `Link` to the
same address under /api/v1/ (`rel="successor-version"`)."""

from datetime import UTC, datetime
from functools import partial, wraps

from django.urls import URLPattern, URLResolver
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.http import http_date
from ninja.responses import Response

CURRENT_PREFIX = "/api/v1/"
UNVERSIONED_PREFIX = "/api/"
UNVERSIONED_NAMESPACE = "api-unversioned"

# One release ahead of the one that introduced /api/v1/ (see docs/dev/api.md).
SUNSET = datetime(2027, 6, 30, tzinfo=UTC)

DEPRECATION_HEADERS = ("Deprecation", "Sunset", "Link")


def successor_of(request) -> str:
    """The /api/v1/ address of an unversioned request, its query string kept, escaped as an address
    (a header cannot carry what a path may hold once decoded)."""
    script_prefix = request.path[: len(request.path) - len(request.path_info)]
    path = request.path_info
    if path.startswith(UNVERSIONED_PREFIX):
        path = CURRENT_PREFIX + path[len(UNVERSIONED_PREFIX) :]
    query = request.META.get("QUERY_STRING", "")
    return escape_uri_path(script_prefix + path) + (f"?{iri_to_uri(query)}" if query else "")


def mark_deprecated(response, request):
    response["Deprecation"] = "true"
    response["Sunset"] = http_date(SUNSET.timestamp())
    response["Link"] = f'<{successor_of(request)}>; rel="successor-version"'
    return response


def deprecated(view):
    """`view`, its every answer marked as deprecated in favour of the /api/v1/ address."""

    @wraps(view)  # keeps csrf_exempt and the other marks ninja puts on its views
    def deprecated_view(request, *args, **kwargs):
        return mark_deprecated(view(request, *args, **kwargs), request)

    return deprecated_view


def unversioned_openapi_json(request, api):
    """The OpenAPI of the addresses without a version: version 1's operations at /api/…, each
    marked `deprecated`."""
    schema = api.get_openapi_schema(path_prefix=request.path.removesuffix("openapi.json"))
    for operations in schema["paths"].values():
        for operation in operations.values():
            operation["deprecated"] = True
    return Response(schema)


def _deprecated_patterns(patterns, api):
    result = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            result.append(
                URLResolver(
                    pattern.pattern,
                    _deprecated_patterns(pattern.url_patterns, api),
                    pattern.default_kwargs,
                    pattern.app_name,
                    pattern.namespace,
                )
            )
        else:
            view = pattern.callback
            if pattern.name == "openapi-json":
                view = partial(unversioned_openapi_json, api=api)
            result.append(URLPattern(pattern.pattern, deprecated(view), pattern.default_args, pattern.name))
    return result


def unversioned_urls(api):
    """What to `include` at /api/: every address of `api`, answering as it does, marked deprecated.
    Its names live in a namespace of their own, so `reverse("api:…")` keeps naming /api/v1/."""
    return _deprecated_patterns(api._get_urls(), api), "ninja", UNVERSIONED_NAMESPACE
