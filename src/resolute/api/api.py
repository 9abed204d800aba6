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

from . import problems
from .auth import PersonalTokenAuth, SessionAuth


class ResoluteAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        return problems.declare_problems(super().get_openapi_schema(*args, **kwargs))


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
    api.add_router(contribution.prefix, import_string(router) if isinstance(router, str) else router)
