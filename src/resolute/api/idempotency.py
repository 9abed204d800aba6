"""Idempotency keys: a POST sent with `Idempotency-Key: <a string of at most 255 characters>` runs once.

The first request's answer (status, body, `Content-Type`, `ETag`, `Location`) is kept for 24 hours per
person and key, with a fingerprint of the method, the path with its query and the body. A retry with the
same key and the same request gets that answer again, with `Idempotent-Replayed: true`, and nothing runs
again; the same key with another request is a 422 naming `Idempotency-Key`; a retry while the first is
still running is a 409. An answer that says nothing was done — 401, 403, 409, 429, or an error on our
side — is not kept, so a retry with the key runs afresh.

`idempotent` wraps every operation of the API (`api.add_decorator`) and acts on POSTs only: the creates
(tasks, reports, documents, values, targets, extension requests, webhooks, imports…) and the other
actions sent by POST alike. PATCH and PUT carry a version instead (see docs/dev/api.md). A request
nobody is authenticated for is left alone: the key belongs to a person."""

import hashlib
from functools import wraps

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja.utils import check_csrf

from . import actions
from .auth import api_user, bearer_token
from .problems import problem_response

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
KEPT_HEADERS = ("Content-Type", "Content-Language", "ETag", "Location")
# Answers that mean the work was not done (or not yet): a retry should try again.
NOT_KEPT = {401, 403, 409, 429}


def fingerprint(request) -> str:
    """A hash of the method, the path with its query, and the body (a form's fields and files' contents
    for a multipart upload, which is never read whole into memory)."""
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(b"\0" + request.get_full_path().encode() + b"\0")
    if request.content_type == "multipart/form-data":
        for name, values in sorted(request.POST.lists()):
            digest.update(repr((name, values)).encode())
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                digest.update(repr((name, upload.name, upload.size)).encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()


def key_problem(message: str, status: int = 422) -> HttpResponse:
    return problem_response(status, message, {HEADER: [message]})


def replay(record) -> HttpResponse:
    response = HttpResponse(record.response_body, status=record.status_code)
    for name, value in record.response_headers.items():
        response[name] = value
    response[REPLAYED_HEADER] = "true"
    return response


def _keepable(response) -> bool:
    return (
        not getattr(response, "streaming", False)
        and response.status_code < 500
        and response.status_code not in NOT_KEPT
    )


def idempotent(run):
    """Wrap an operation's run: see the module's docstring."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None:
            return run(request, *args, **kwargs)
        key = key.strip()
        if not key or len(key) > MAX_KEY_LENGTH:
            return key_problem(
                _("Send an idempotency key of 1 to %(max)s characters, e.g. a UUID.")
                % {"max": MAX_KEY_LENGTH}
            )
        user = api_user(request)
        if user is None:
            return run(request, *args, **kwargs)
        request_fingerprint = fingerprint(request)
        if bearer_token(request) is None and check_csrf(request) is not None:
            return run(request, *args, **kwargs)  # the session's CSRF check answers it
        state, record = actions.claim_idempotency_key(user=user, key=key, fingerprint=request_fingerprint)
        if state == actions.REPLAY:
            return replay(record)
        if state == actions.DIFFERENT_REQUEST:
            return key_problem(
                _(
                    "This idempotency key was used for a different request in the last 24 hours: "
                    "send a new key for a new request."
                )
            )
        if state == actions.STILL_RUNNING:
            return key_problem(
                _("The first request with this idempotency key is still running; try again in a moment."),
                status=409,
            )
        try:
            response = run(request, *args, **kwargs)
        except BaseException:
            actions.release_idempotency_key(record=record)
            raise
        body = None
        if _keepable(response):
            try:
                body = response.content.decode()
            except UnicodeDecodeError:
                body = None
        if body is None:
            actions.release_idempotency_key(record=record)
        else:
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            actions.keep_idempotent_answer(
                record=record, status_code=response.status_code, headers=headers, body=body
            )
        return response

    return wrapper


HEADER_PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": (
        "Send the same key again to retry this request safely: within 24 hours the first answer is "
        "replayed (with `Idempotent-Replayed: true`) and nothing runs twice."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
}


def declare_header(schema: dict) -> dict:
    """Declare the `Idempotency-Key` header on every POST of an OpenAPI document."""
    for operations in schema.get("paths", {}).values():
        operation = operations.get("post")
        if operation is not None:
            parameters = operation.setdefault("parameters", [])
            if not any(parameter.get("name") == HEADER for parameter in parameters):
                parameters.append(dict(HEADER_PARAMETER))
    return schema
