"""Every error of the API in one shape: RFC 9457 problem details (`application/problem+json`).

    {"type": "about:blank", "title": "Unprocessable Content", "status": 422,
     "detail": "Check the fields named in errors.", "errors": {"year": ["…"]}}

`title` is the HTTP status phrase (what `about:blank` means), `detail` says in the reader's language
what happened, and `errors` — on a 400, 422 or 428 — names each field with its messages. The
handlers below turn every exception of a view into one; `ProblemDetailsMiddleware` does the same
for what never reaches a view under /api/ (an unknown path, a method the path does not have) and
for an unexpected exception, which is logged as Django logs it and answered 500 without the HTML
error page. The OpenAPI declares these answers on every operation (`declare_problems`).
"""

import json
import logging
from http import HTTPStatus

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from resolute.core.exceptions import StaleObjectError, VersionRequiredError

CONTENT_TYPE = "application/problem+json"
API_PREFIX = "/api/"
# Set by the rate limit (`ratelimit.py`) on every answer, kept when an answer becomes a problem.
RATE_LIMIT_HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")

logger = logging.getLogger("django.request")


class Problem(Schema):
    """An error, as RFC 9457 problem details."""

    type: str = Field("about:blank", description="about:blank: the status says what kind of error.")
    title: str = Field(description="The HTTP status phrase.")
    status: int
    detail: str = Field(description="What happened, in the reader's language.")
    errors: dict[str, list[str]] | None = Field(
        None, description="On 400, 422 and 428: the messages of each field, by the field's name."
    )


def problem_response(status: int, detail: str, errors: dict | None = None, **members) -> HttpResponse:
    """A problem-details answer. A kind of problem of its own names its `type` and `title` in
    `members`, with the extension members it adds."""
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    body.update(members)
    return HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False),
        status=status,
        content_type=CONTENT_TYPE,
    )


def django_field_errors(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


def field_name(location) -> str:
    """pydantic's location of an error as the field's name: ("body", "payload", "entries", 0,
    "value") → "entries[0].value"; ("query", "year") → "year"."""
    parts = list(location)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form", "file"):
        source = parts.pop(0)
        # A body schema sits under the view's parameter name, which a client never sees.
        if source == "body" and len(parts) > 1:
            parts.pop(0)
    name = ""
    for part in parts:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else str(part)
    return name or "__all__"


def schema_field_errors(error: NinjaValidationError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for item in error.errors:
        errors.setdefault(field_name(item.get("loc", ())), []).append(str(item.get("msg", "")))
    return errors


def install(api) -> None:
    """Register the problem handlers on `api`."""

    @api.exception_handler(NinjaValidationError)
    def on_schema_error(request, exc):
        return problem_response(422, _("Check the fields named in errors."), schema_field_errors(exc))

    @api.exception_handler(ValidationError)
    def on_validation_error(request, exc):
        return problem_response(422, _("Check the fields named in errors."), django_field_errors(exc))

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        return problem_response(401, _("Authentication required: send a personal API token."))

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request, exc):
        return problem_response(403, str(exc) or _("You may not do this."))

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return problem_response(404, _("Not found, or not yours to see."))

    @api.exception_handler(StaleObjectError)
    def on_stale(request, exc):
        return problem_response(
            409,
            _("Changed by %(person)s at %(time)s; reload and try again.")
            % {"person": exc.changed_by, "time": f"{exc.changed_at:%Y-%m-%d %H:%M}"},
            {"version": [_("A newer version is saved; reload it and try again.")]},
        )

    @api.exception_handler(IntegrityError)
    def on_conflict(request, exc):
        # A constraint the database checks at the same instant as another write (two requests
        # taking one code): the checks before it passed, so the record conflicts with another.
        logger.warning("Conflict on %s: %s", request.path, exc)
        return problem_response(409, _("This conflicts with a record saved at the same time; try again."))

    @api.exception_handler(VersionRequiredError)
    def on_version_required(request, exc):
        message = _("Send the version you read, as `version` or in an If-Match header (the ETag).")
        return problem_response(428, message, {exc.field: [message]})

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        if exc.status_code == 400:
            return problem_response(400, _("The request body is not valid JSON."), {"body": [str(exc)]})
        if exc.status_code == 403:
            return problem_response(403, _("The request was refused (CSRF check failed): send the token."))
        return problem_response(exc.status_code, str(exc))

    @api.exception_handler(Exception)
    def on_unexpected(request, exc):
        return unexpected_error(request, exc)


def unexpected_error(request, exc) -> HttpResponse:
    logger.error(
        "Internal Server Error: %s",
        request.path,
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"status_code": 500, "request": request},
    )
    return problem_response(500, _("Something went wrong on our side; it has been logged."))


class ProblemDetailsMiddleware:
    """Under /api/, an error answered outside the API's views (Django's 404 for an unknown path,
    ninja's 405, a 400 from a bad host) becomes problem details too, and so does an exception."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and response.get("Content-Type", "").split(";")[0] != CONTENT_TYPE
        ):
            return self.as_problem(response)
        return response

    def process_exception(self, request, exception):
        if request.path.startswith(API_PREFIX) and not isinstance(exception, Http404 | PermissionDenied):
            return unexpected_error(request, exception)
        return None

    @staticmethod
    def as_problem(response) -> HttpResponse:
        status = response.status_code
        if status == 404:
            detail = _("No such address in the API; see /api/v1/docs.")
        elif status == 405:
            detail = _("This address does not take this method; it takes %(allowed)s.") % {
                "allowed": response.get("Allow", "")
            }
        else:
            detail = HTTPStatus(status).phrase
        problem = problem_response(status, detail)
        for header in (
            "Allow",
            "WWW-Authenticate",
            "Retry-After",
            *RATE_LIMIT_HEADERS,
            "Deprecation",
            "Sunset",
            "Link",
        ):
            if header in response:
                problem[header] = response[header]
        return problem


PROBLEM_REFERENCE = {"$ref": "#/components/schemas/Problem"}
# 429: past the rate limit (`ratelimit.py`), which counts every request of a token.
STATUSES_OF_EVERY_OPERATION = (400, 401, 403, 404, 422, 429)
STATUSES_OF_A_CHANGE = (409,)
STATUSES_OF_AN_UPDATE = (428,)


def problem_statuses(method: str) -> tuple[int, ...]:
    statuses = STATUSES_OF_EVERY_OPERATION
    if method.lower() in ("post", "put", "patch", "delete"):
        statuses += STATUSES_OF_A_CHANGE
    if method.lower() in ("put", "patch"):
        statuses += STATUSES_OF_AN_UPDATE
    return statuses


def declare_problems(schema: dict) -> dict:
    """Add the problem answers to every operation of an OpenAPI document, and the Problem schema."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = Problem.model_json_schema()
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in problem_statuses(method):
                if status in responses or str(status) in responses:
                    continue
                responses.setdefault(
                    status,
                    {
                        "description": HTTPStatus(status).phrase,
                        "content": {CONTENT_TYPE: {"schema": PROBLEM_REFERENCE}},
                    },
                )
    return schema
