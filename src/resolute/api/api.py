"""The REST API: one NinjaAPI, OpenAPI at /api/openapi.json and docs at /api/docs.

Each app contributes its router (`core.contributions.ApiRouter`); this module mounts what is
contributed, in order, and imports no app's router itself, so a new domain's API is one line in
its own `contributions.py`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from resolute.core.contributions import ApiRouter, contributed
from resolute.core.exceptions import StaleObjectError
from resolute.orgunits.access import AccessChangeNeedsConfirmation

from .auth import PersonalTokenAuth, SessionAuth

api = NinjaAPI(
    title="Resolute API",
    version="1",
    description=(
        "Targets, tasks and follow-up. Authenticate with a personal token from your profile page: "
        "`Authorization: Bearer rsl_…`. A token acts with its owner's permissions."
    ),
    auth=[PersonalTokenAuth(), SessionAuth(csrf=True)],
    urls_namespace="api",
)


def validation_messages(error: ValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    return api.create_response(request, {"detail": validation_messages(exc)}, status=422)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "You may not do this."}, status=403)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(
        request, {"detail": "Authentication required: send a personal API token."}, status=401
    )


@api.exception_handler(StaleObjectError)
def on_stale(request, exc):
    return api.create_response(
        request,
        {"detail": f"Changed by {exc.changed_by} at {exc.changed_at:%Y-%m-%d %H:%M}; reload and try again."},
        status=409,
    )


@api.exception_handler(AccessChangeNeedsConfirmation)
def on_access_change_needs_confirmation(request, exc):
    """RFC 9457 problem details with the preview: nothing was written; send again with ?confirm=true."""
    response = api.create_response(
        request,
        {
            "type": "https://resolute.example/problems/access-change-needs-confirmation",
            "title": _("This change alters who sees what"),
            "status": 409,
            "detail": _(
                "%(summary)s Nothing was saved: send the request again with ?confirm=true to make the change."
            )
            % {"summary": exc.access_change.summary()},
            "access_change": exc.access_change.as_dict(),
        },
        status=409,
    )
    response["Content-Type"] = "application/problem+json"
    return response


for contribution in contributed(ApiRouter):
    router = contribution.router
    api.add_router(contribution.prefix, import_string(router) if isinstance(router, str) else router)
