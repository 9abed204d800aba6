"""Sparse fields: `?fields=id,title,deadline` on an API list or detail answers only those fields of
each record (of each item, on a list), so a client that shows three columns does not carry thirty.

    @router.get("/", response=list[TaskSummary])
    @sparse_fields(TaskSummary)
    @paginate(CursorPagination)
    def list_tasks(request, …): …

A name the record does not have is a 422 naming `fields`, with the names it has. The record is read
and checked as without `fields`; the answer is cut down once serialised, so a field's value is the
same whichever others are asked for (and `ETag`, `count`, `next` and `previous` are kept)."""

import json
from functools import wraps

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.decorators import decorate_view
from ninja.responses import NinjaJSONEncoder
from ninja.utils import contribute_operation_args

FIELDS_PARAMETER = "fields"
ARGUMENT = "sparse_fields_query"
ITEMS = "items"


class FieldsQuery(Schema):
    fields: str | None = Field(
        None,
        max_length=2000,
        description="Answer only these fields, separated by commas (`id,title`); an unknown name is a 422.",
    )


def chosen_fields(raw: str | None, names: tuple[str, ...]) -> tuple[str, ...] | None:
    """The field names `raw` asks for, in the record's order; None when it asks for none."""
    asked = [name.strip() for name in (raw or "").split(",") if name.strip()]
    if not asked:
        return None
    unknown = [name for name in asked if name not in names]
    if unknown:
        raise ValidationError(
            {
                FIELDS_PARAMETER: _("No such field: %(unknown)s. The fields are: %(names)s.")
                % {"unknown": ", ".join(unknown), "names": ", ".join(names)}
            }
        )
    return tuple(name for name in names if name in asked)


def sparse_fields(schema: type[Schema]):
    """Let the operation below answer only the fields of `schema` that `?fields=` names. Put it
    above `@paginate` on a list: each item is cut down."""
    names = tuple(schema.model_fields)

    def decorator(view):
        paginated = getattr(view, "_ninja_is_paginated", False)

        @wraps(view)
        def view_with_fields(request, *args, **kwargs):
            query = kwargs.pop(ARGUMENT, None)
            request.sparse_fields = chosen_fields(query.fields if query else None, names)
            return view(request, *args, **kwargs)

        def cut_answers_down(run):
            @wraps(run)
            def run_with_fields(request, *args, **kwargs):
                request.sparse_fields = None
                response = run(request, *args, **kwargs)
                chosen = getattr(request, "sparse_fields", None)
                if (
                    chosen
                    and response.status_code == 200
                    and response.get("Content-Type", "").startswith("application/json")
                ):
                    data = json.loads(response.content)
                    if paginated:
                        data[ITEMS] = [_only(item, chosen) for item in data[ITEMS]]
                    else:
                        data = _only(data, chosen)
                    response.content = json.dumps(data, cls=NinjaJSONEncoder)
                return response

            return run_with_fields

        contribute_operation_args(view_with_fields, ARGUMENT, FieldsQuery, Query(...))
        # On the operation's run, so that it applies to the answer once serialised (and to every
        # copy of the operation ninja makes when it mounts the router).
        return decorate_view(cut_answers_down)(view_with_fields)

    return decorator


def _only(record: dict, chosen: tuple[str, ...]) -> dict:
    return {name: record[name] for name in chosen if name in record}
