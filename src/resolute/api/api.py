"""The REST API: one NinjaAPI, OpenAPI at /api/v1/openapi.json and docs at /api/v1/docs.

Each app contributes its router (`core.contributions.ApiRouter`); this module mounts what is
contributed, in order, and imports no app's router itself, so a new domain's API is one line in
its own `contributions.py`. Every error is answered as problem details (`problems.py`), and the
OpenAPI declares those answers on every operation."""

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from resolute.core.contributions import ApiRouter, contributed
from resolute.orgunits.access import AccessChangeNeedsConfirmation

from . import idempotency, problems
from .auth import (
    PersonalTokenAuth,
    SessionAuth,
    TokenNoLongerValid,
    TokenScopeDenied,
    limited_to_area,
    scope_problem,
)


class ResoluteAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = problems.declare_problems(super().get_openapi_schema(*args, **kwargs))
        return idempotency.declare_header(schema)


api = ResoluteAPI(
    title="Resolute API",
    version="1",
    description=(
        "Targets, tasks and follow-up. Authenticate with a personal token from your profile page: "
        "`Authorization: Bearer rsl_…`. A token acts with its owner's permissions.\n\n"
        "Every error is RFC 9457 problem details (`application/problem+json`) with `errors` naming "
        "each field. A change (PATCH) sends the `version` it read, or the ETag in `If-Match`: "
        "without it the answer is 428, with a stale one 409."
    ),
    auth=[PersonalTokenAuth(), SessionAuth(csrf=True)],
    urls_namespace="api",
)
problems.install(api)
api.add_decorator(idempotency.idempotent, mode="view")


@api.exception_handler(TokenNoLongerValid)
def on_token_no_longer_valid(request, exc):
    """401 saying why a token that worked no longer does (revoked, expired)."""
    return problems.problem_response(401, exc.message)


@api.exception_handler(TokenScopeDenied)
def on_token_scope_denied(request, exc):
    """403 naming the scope the token lacks (`write`, or `area:<area>`)."""
    return scope_problem(exc)


@api.exception_handler(AccessChangeNeedsConfirmation)
def on_access_change_needs_confirmation(request, exc):
    """409 with the preview (who loses and gains access to what): nothing was written; send the
    request again with ?confirm=true to make the change."""
    return problems.problem_response(
        409,
        _("%(summary)s Nothing was saved: send the request again with ?confirm=true to make the change.")
        % {"summary": exc.access_change.summary()},
        type="https://resolute.example/problems/access-change-needs-confirmation",
        title=_("This change alters who sees what"),
        access_change=exc.access_change.as_dict(),
    )


for contribution in contributed(ApiRouter):
    router = contribution.router
    router = import_string(router) if isinstance(router, str) else router
    # A token limited to some areas reaches this router only if its area is one of them.
    router.add_decorator(limited_to_area(contribution.area), mode="view")
    api.add_router(contribution.prefix, router)
