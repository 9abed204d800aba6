"""The tasks API, mounted at /api/v1/tasks. Reads start from the tasks the user may see; writes go
through the same actions as the pages, which check permissions (403) and rules (422 naming the
field); a stale `version` is a 409. A task the user may not see is a 404."""

import tempfile
from contextlib import contextmanager
from datetime import date

import pydantic
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from resolute.accounts.models import User
from resolute.core import clock
from resolute.core.concurrency import entity_tag, required_version
from resolute.core.files import download_response
from resolute.core.pagination import CursorPagination, with_known_count
from resolute.core.schemas import Id
from resolute.core.sparse import sparse_fields
from resolute.core.xlsx import XLSX_CONTENT_TYPE
from resolute.directives.models import Clause, Document
from resolute.directives.selectors import default_owner_for
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.scope import scope_for

from . import actions
from .actions.imports import confirm_task_import, start_task_import
from .filters import TaskFilter
from .forms import TaskImportForm
from .models import (
    CompletionProposal,
    ExtensionRequest,
    ProgressReport,
    Task,
    TaskCoordination,
    TaskImport,
)
from .permissions import can_create_tasks, reporting_units
from .rates import COUNTED_STATUSES, unit_rates
from .schemas import (
    AssignerDecisionIn,
    CancelIn,
    CommentIn,
    CommentOut,
    CompletionProposalCreate,
    CompletionProposalOut,
    DetailQuery,
    ExtensionRecordCreate,
    ExtensionRequestCreate,
    ExtensionRequestOut,
    RatesOut,
    RatesQuery,
    ReportCreate,
    ReportOut,
    SubtaskCreate,
    TaskCountsOut,
    TaskCreate,
    TaskDetail,
    TaskFilterQuery,
    TaskImportOut,
    TaskListQuery,
    TaskPatch,
    TaskSummary,
)
from .selectors import get_own_task_import, get_visible_evidence
from .status import OverdueAge, TaskStatus
from .views.lists import build_task_workbook

router = Router(tags=["tasks"])

# The actions name related records by the model's field; the API by id.
API_FIELD_NAMES = {
    "lead_unit": "lead_unit_id",
    "assigned_by_unit": "assigned_by_unit_id",
    "coordinating_units": "coordinating_unit_ids",
    "source_clause": "source_clause_id",
    "source_document": "source_document_id",
    "supervising_leader": "supervising_leader_id",
    "request_document": "request_document_id",
    "corrects": "corrects_id",
    "unit": "unit_id",
}


def renamed(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {API_FIELD_NAMES.get(field, field): messages for field, messages in error.error_dict.items()}
    )


@contextmanager
def errors_named_as_in_the_api():
    try:
        yield
    except ValidationError as error:
        raise renamed(error) from None


def today() -> date:
    return clock.today()


class RelatedRecords:
    """Turns the ids of a payload into records the user may see, gathering every unknown id into
    one ValidationError keyed by the payload's field names."""

    def __init__(self, user):
        self.user = user
        self.errors: dict[str, list[str]] = {}

    def _one(self, queryset, pk, field: str, message: str):
        if pk is None:
            return None
        found = queryset.filter(pk=pk).first()
        if found is None:
            self.errors.setdefault(field, []).append(message % {"id": pk})
        return found

    def unit(self, pk, field: str):
        return self._one(
            OrgUnit.objects.visible_to(self.user), pk, field, _("No unit you can see has the id %(id)s.")
        )

    def units(self, pks, field: str) -> list:
        found = {unit.pk: unit for unit in OrgUnit.objects.visible_to(self.user).filter(pk__in=pks)}
        missing = [pk for pk in pks if pk not in found]
        for pk in missing:
            self.errors.setdefault(field, []).append(_("No unit you can see has the id %(id)s.") % {"id": pk})
        return [found[pk] for pk in dict.fromkeys(pks) if pk in found]

    def document(self, pk, field: str):
        return self._one(
            Document.objects.visible_to(self.user),
            pk,
            field,
            _("No document you can see has the id %(id)s."),
        )

    def clause(self, pk, field: str):
        clauses = Clause.objects.filter(document__in=Document.objects.visible_to(self.user))
        return self._one(
            clauses.select_related("document"), pk, field, _("No clause you can see has the id %(id)s.")
        )

    def person(self, pk, field: str):
        return self._one(
            User.objects.visible_to(self.user), pk, field, _("No person you can see has the id %(id)s.")
        )

    def check(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def visible_task(user, task_id: Id) -> Task:
    return get_object_or_404(Task.objects.visible_to(user), pk=task_id)


def task_with_details(
    user, task_id: Id, day: date | None = None, response: HttpResponse | None = None
) -> Task:
    """The task as of `day` (default today) with everything the detail shows, read in a fixed
    number of queries."""
    day = day or today()
    visible_task(user, task_id)
    files = ("files",)
    # A district reading a task it shares with its siblings reads its own rows, not theirs, as on
    # the task's page: coordinating units and reports are those of units the user may see, and the
    # reports of the task's lead and assigning units, who answer for the whole task.
    visible_unit = scope_for(user).visible_unit_q("unit") or Q()
    party = (
        Q(unit__isnull=True) | Q(unit_id=F("task__lead_unit_id")) | Q(unit_id=F("task__assigned_by_unit_id"))
    )
    task = (
        Task.objects.filter(pk=task_id)
        .as_of(day)
        .select_related("lead_unit", "assigned_by_unit", "supervising_leader")
        .prefetch_related(
            Prefetch(
                "coordinations",
                TaskCoordination.objects.filter(visible_unit).select_related("unit").order_by("unit__path"),
            ),
            Prefetch(
                "reports",
                ProgressReport.objects.filter(visible_unit | party)
                .select_related("unit", "submitted_by")
                .prefetch_related("obstacles", *files),
            ),
            Prefetch(
                "extension_requests",
                ExtensionRequest.objects.select_related("requested_by", "decided_by").prefetch_related(
                    *files
                ),
            ),
            Prefetch(
                "completion_proposals",
                CompletionProposal.objects.select_related("proposed_by", "decided_by").prefetch_related(
                    *files
                ),
            ),
        )
        .first()
    )
    if task is None:
        raise ValidationError({"as_of": _("The task was assigned after this day.")})
    task.as_of_day = day
    if response is not None:
        response["ETag"] = entity_tag(task.version)
    task.api_subtask_ids = list(
        Task.objects.visible_to(user).filter(parent=task).order_by("id").values_list("pk", flat=True)
    )
    return task


# -- reads -----------------------------------------------------------------------------------------


def form_data(values: dict) -> dict:
    data = {}
    for name, value in values.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif hasattr(value, "value"):
            value = value.value
        data[name] = value
    return data


def filtered_tasks(request, filters: TaskFilterQuery) -> TaskFilter:
    """The list's FilterSet over the tasks the user may see, bound to the query; a bad filter is a
    422 naming it."""
    filterset = TaskFilter(form_data(filters.dict(exclude_none=True)), request=request)
    if not filterset.is_valid():
        raise ValidationError(
            {
                field: [str(message) for message in messages]
                for field, messages in filterset.form.errors.items()
            }
        )
    return filterset


@router.get(
    "/", response=list[TaskSummary], summary="List the tasks you can see, with their status as of a day"
)
@sparse_fields(TaskSummary)
@paginate(CursorPagination, page_size=25, max_page_size=100)
def list_tasks(request, filters: Query[TaskListQuery]):
    filterset = filtered_tasks(request, filters)
    tasks = filterset.rows("lead_unit", "assigned_by_unit").prefetch_related("coordinations")
    return with_known_count(tasks, filterset.count_from(filterset.status_counts()))


@router.get(
    "/counts",
    response=TaskCountsOut,
    summary="Count the tasks you can see by status and overdue age as of a day, under the list's filters",
)
def count_tasks(request, filters: Query[TaskFilterQuery]):
    """The counts the list page shows above its rows: the tasks the filters keep (the list's, but the
    status, the overdue age and the order), counted by status and by overdue age in one query."""
    filterset = filtered_tasks(request, filters)
    counts = filterset.status_counts()
    return {
        "as_of": filterset.as_of_day,
        "total": counts["total"],
        "by_status": {status: counts[status] for status in TaskStatus.values},
        "by_overdue_age": {age: counts[age] for age in OverdueAge.values},
    }


@router.get(
    "/export.xlsx",
    response={200: None},
    summary="Export the tasks you can see as an Excel workbook, under the list's filters",
    openapi_extra={"responses": {200: {"description": "The workbook", "content": {XLSX_CONTENT_TYPE: {}}}}},
)
def export_tasks(request, filters: Query[TaskListQuery]):
    """The list page's export (`tasks:export`): the tasks the filters keep, in the list's order, one
    row each with the page's columns, and an About sheet naming the day, the filters and the order."""
    filterset = filtered_tasks(request, filters)
    # FileResponse streams the file in chunks and closes it (deleting it) when it is sent.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    build_task_workbook(request, filterset, handle)
    handle.seek(0)
    filename = f"tasks-{filterset.as_of_day.isoformat()}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


@router.get("/rates", response=RatesOut, summary="A unit's task rates as of a day, alone or with its subtree")
def read_rates(request, query: Query[RatesQuery]):
    related = RelatedRecords(request.user)
    unit = related.unit(query.unit, "unit")
    related.check()
    day = query.as_of or today()
    rates = unit_rates(unit, as_of=day, include_subtree=query.subtree, user=request.user)
    values = {name: getattr(rates, name) for name in COUNTED_STATUSES}
    return {
        "unit": unit,
        "subtree": query.subtree,
        "as_of": day,
        **values,
        "fallen_due": rates.fallen_due,
        "completed": rates.completed,
        "completion_rate": rates.completion_rate,
        "on_time_rate": rates.on_time_rate,
        "formulas": rates.formulas,
    }


@router.get(
    "/{int:task_id}",
    response=TaskDetail,
    summary="Read a task: its status as of a day, units, sub-tasks, reports, extensions and completion",
)
@sparse_fields(TaskDetail)
def read_task(request, task_id: Id, query: Query[DetailQuery], response: HttpResponse):
    return task_with_details(request.user, task_id, query.as_of, response)


# -- assigning and changing ------------------------------------------------------------------------


def default_assigning_unit(user):
    """The unit of the user's only office membership; None when there is none or several."""
    offices = [m.unit for m in user.memberships.select_related("unit") if m.role == Role.OFFICE]
    return offices[0] if len(offices) == 1 else None


@router.post("/", response={201: TaskDetail}, summary="Assign a task")
def create_task(request, payload: TaskCreate, response: HttpResponse):
    if not can_create_tasks(request.user):
        raise PermissionDenied(_("Only an office may assign tasks."))
    related = RelatedRecords(request.user)
    lead_unit = related.unit(payload.lead_unit_id, "lead_unit_id")
    if payload.assigned_by_unit_id is not None:
        assigned_by_unit = related.unit(payload.assigned_by_unit_id, "assigned_by_unit_id")
    else:
        assigned_by_unit = default_assigning_unit(request.user)
        if assigned_by_unit is None:
            related.errors["assigned_by_unit_id"] = [_("Name the unit that assigns the task.")]
    coordinating = related.units(payload.coordinating_unit_ids, "coordinating_unit_ids")
    clause = related.clause(payload.source_clause_id, "source_clause_id")
    document = related.document(payload.source_document_id, "source_document_id")
    leader = related.person(payload.supervising_leader_id, "supervising_leader_id")
    related.check()
    with errors_named_as_in_the_api():
        task = actions.create_task(
            acting_user=request.user,
            title=payload.title,
            title_en=payload.title_en,
            lead_unit=lead_unit,
            assigned_by_unit=assigned_by_unit,
            assigned_on=payload.assigned_on or today(),
            description=payload.description,
            area=payload.area,
            coordinating_units=coordinating,
            source_clause=clause,
            source_document=document,
            supervising_leader=leader,
            priority=payload.priority,
            expected_result=payload.expected_result,
            deadline=payload.deadline,
            reporting_frequency=payload.reporting_frequency,
        )
    return Status(201, task_with_details(request.user, task.pk, response=response))


@router.patch("/{int:task_id}", response=TaskDetail, summary="Change a task")
def update_task(request, task_id: Id, payload: TaskPatch, response: HttpResponse):
    """Change some of a task's fields. Send the `version` you read (or its ETag in If-Match):
    without it nothing is written (428); if someone saved the task since, 409."""
    task = visible_task(request.user, task_id)
    values = payload.dict(exclude_unset=True)
    version = required_version(values.pop("version", None), request.headers.get("If-Match"))
    related = RelatedRecords(request.user)
    changes = {}
    for name, value in values.items():
        if name == "coordinating_unit_ids":
            changes["coordinating_units"] = related.units(value or [], name)
        elif name == "supervising_leader_id":
            changes["supervising_leader"] = related.person(value, name)
        elif name == "lead_unit_id":
            if value is None:
                related.errors[name] = [_("A task has a lead unit.")]
            changes["lead_unit"] = related.unit(value, name)
        elif name == "deadline":
            changes["deadline"] = value
        else:
            # Text and choices: an empty value is checked by the action like any other.
            changes[name] = value if value is not None else ""
    related.check()
    with errors_named_as_in_the_api():
        actions.update_task(acting_user=request.user, task=task, expected_version=version, **changes)
    return task_with_details(request.user, task.pk, response=response)


@router.post("/{int:task_id}/subtasks", response={201: TaskDetail}, summary="Split a task: assign a sub-task")
def create_subtask(request, task_id: Id, payload: SubtaskCreate):
    parent = visible_task(request.user, task_id)
    related = RelatedRecords(request.user)
    lead_unit = related.unit(payload.lead_unit_id, "lead_unit_id")
    coordinating = related.units(payload.coordinating_unit_ids, "coordinating_unit_ids")
    related.check()
    with errors_named_as_in_the_api():
        subtask = actions.create_subtask(
            acting_user=request.user,
            parent=parent,
            title=payload.title,
            title_en=payload.title_en,
            lead_unit=lead_unit,
            assigned_on=payload.assigned_on or today(),
            deadline=payload.deadline,
            deadline_after_parent_reason=payload.deadline_after_parent_reason,
            coordinating_units=coordinating,
            description=payload.description,
            expected_result=payload.expected_result,
            reporting_frequency=payload.reporting_frequency,
        )
    return Status(201, task_with_details(request.user, subtask.pk))


@router.post("/{int:task_id}/cancel", response=TaskDetail, summary="Cancel a task, with the reason")
def cancel_task(request, task_id: Id, payload: CancelIn):
    task = visible_task(request.user, task_id)
    with errors_named_as_in_the_api():
        actions.cancel_task(
            acting_user=request.user,
            task=task,
            cancelled_on=payload.cancelled_on or today(),
            reason=payload.reason,
            expected_version=payload.version,
        )
    return task_with_details(request.user, task.pk)


@router.post("/{int:task_id}/comments", response={201: CommentOut}, summary="Comment on a task")
def add_comment(request, task_id: Id, payload: CommentIn):
    task = visible_task(request.user, task_id)
    with errors_named_as_in_the_api():
        comment = actions.add_comment(acting_user=request.user, task=task, text=payload.text)
    return Status(201, comment)


# -- reporting -------------------------------------------------------------------------------------


def with_files_part(schema, raw: str):
    """The JSON `payload` part of a multipart request read as `schema`; its errors named
    `payload.<field>`, as a JSON body's are named `<field>`."""
    try:
        return schema.model_validate_json(raw)
    except pydantic.ValidationError as error:
        raise NinjaValidationError(
            [{**item, "loc": ("form", "payload", *item["loc"])} for item in error.errors()]
        ) from None


def _report(request, task_id: int, payload: ReportCreate, files=()):
    task = visible_task(request.user, task_id)
    related = RelatedRecords(request.user)
    if payload.unit_id is not None:
        unit = related.unit(payload.unit_id, "unit_id")
    else:
        units = reporting_units(request.user, task)
        unit = units[0] if units else task.lead_unit
    corrects = related._one(
        task.reports.all(),
        payload.corrects_id,
        "corrects_id",
        _("This task has no report with the id %(id)s."),
    )
    related.check()
    with errors_named_as_in_the_api():
        report = actions.report_progress(
            acting_user=request.user,
            task=task,
            unit=unit,
            reported_on=payload.reported_on or today(),
            narrative=payload.narrative,
            percent_complete=payload.percent_complete,
            obstacles=[(obstacle.category, obstacle.description) for obstacle in payload.obstacles],
            files=files,
            corrects=corrects,
        )
    return Status(
        201,
        ProgressReport.objects.select_related("unit", "submitted_by")
        .prefetch_related("obstacles", "files")
        .get(pk=report.pk),
    )


@router.post("/{int:task_id}/reports", response={201: ReportOut}, summary="Report progress on a task")
def report_progress(request, task_id: Id, payload: ReportCreate):
    return _report(request, task_id, payload)


@router.post(
    "/{int:task_id}/reports/with-files",
    response={201: ReportOut},
    summary="Report progress on a task, with evidence files (multipart)",
)
def report_progress_with_files(
    request, task_id: Id, payload: Form[str], files: File[list[UploadedFile]] = None
):
    """The same report as `POST /tasks/{task_id}/reports`, sent as multipart/form-data: the JSON
    body of that operation in the `payload` part, and the evidence files in `files` (one part per
    file). Each file is checked by its content and size, as on the page."""
    return _report(request, task_id, with_files_part(ReportCreate, payload), files or ())


# -- extensions and completion ---------------------------------------------------------------------


def _extension_request(request, task_id: int, payload: ExtensionRequestCreate, files=()):
    task = visible_task(request.user, task_id)
    related = RelatedRecords(request.user)
    document = related.document(payload.request_document_id, "request_document_id")
    related.check()
    with errors_named_as_in_the_api():
        extension = actions.request_extension(
            acting_user=request.user,
            task=task,
            requested_on=payload.requested_on or today(),
            proposed_deadline=payload.proposed_deadline,
            reason=payload.reason,
            request_document=document,
            files=files,
            expected_version=payload.version,
        )
    return Status(201, extension)


@router.post(
    "/{int:task_id}/extension-requests",
    response={201: ExtensionRequestOut},
    summary="Ask for a new deadline, with the reason",
)
def request_extension(request, task_id: Id, payload: ExtensionRequestCreate):
    return _extension_request(request, task_id, payload)


@router.post(
    "/{int:task_id}/extension-requests/with-files",
    response={201: ExtensionRequestOut},
    summary="Ask for a new deadline, with the reason and files (multipart)",
)
def request_extension_with_files(
    request, task_id: Id, payload: Form[str], files: File[list[UploadedFile]] = None
):
    """`POST /tasks/{task_id}/extension-requests` as multipart/form-data: its JSON body in the
    `payload` part, the files in `files`."""
    return _extension_request(request, task_id, with_files_part(ExtensionRequestCreate, payload), files or ())


@router.post(
    "/{int:task_id}/extensions",
    response={201: ExtensionRequestOut},
    summary="Extend the deadline as the assigning unit: an extension requested and approved at once",
)
def record_extension(request, task_id: Id, payload: ExtensionRecordCreate):
    """How the assigning unit moves a deadline (a task's PATCH cannot): recorded with the reason
    and, when there is one, the number and date of the document that decides it."""
    task = visible_task(request.user, task_id)
    with errors_named_as_in_the_api():
        extension = actions.record_extension(
            acting_user=request.user,
            task=task,
            decided_on=payload.decided_on or today(),
            new_deadline=payload.new_deadline,
            reason=payload.reason,
            decision_document_number=payload.decision_document_number,
            decision_document_date=payload.decision_document_date,
            expected_version=payload.version,
        )
    return Status(201, extension)


def _completion(request, task_id: int, payload: CompletionProposalCreate, files=()):
    task = visible_task(request.user, task_id)
    with errors_named_as_in_the_api():
        proposal = actions.propose_completion(
            acting_user=request.user,
            task=task,
            proposed_on=payload.proposed_on or today(),
            result=payload.result,
            files=files,
            expected_version=payload.version,
        )
    return Status(201, proposal)


@router.post(
    "/{int:task_id}/completion-proposals",
    response={201: CompletionProposalOut},
    summary="Say the task is done, with the result",
)
def propose_completion(request, task_id: Id, payload: CompletionProposalCreate):
    return _completion(request, task_id, payload)


@router.post(
    "/{int:task_id}/completion-proposals/with-files",
    response={201: CompletionProposalOut},
    summary="Say the task is done, with the result and its evidence files (multipart)",
)
def propose_completion_with_files(
    request, task_id: Id, payload: Form[str], files: File[list[UploadedFile]] = None
):
    """`POST /tasks/{task_id}/completion-proposals` as multipart/form-data: its JSON body in the
    `payload` part, the evidence files in `files`."""
    return _completion(request, task_id, with_files_part(CompletionProposalCreate, payload), files or ())


@router.get(
    "/evidence/{int:evidence_id}",
    response={200: None},
    summary="Download an evidence file of a task you may see",
    openapi_extra={"responses": {200: {"description": "The file, under the name it was uploaded with"}}},
)
def download_evidence(request, evidence_id: Id):
    """A file of a progress report, an extension request or a completion proposal; 404 unless the
    task is one the user may see."""
    return download_response(get_visible_evidence(request.user, evidence_id))


def decide(request, model, pk: int, payload: AssignerDecisionIn):
    """The one way to decide on a request: found among the tasks the user may see (404 otherwise),
    decided by `actions.decide_request`."""
    decision_request = get_object_or_404(model.objects.visible_to(request.user), pk=pk)
    with errors_named_as_in_the_api():
        return actions.decide_request(
            acting_user=request.user,
            request=decision_request,
            approve=payload.approve,
            decided_on=payload.decided_on or today(),
            comment=payload.comment,
            decision_document_number=payload.decision_document_number,
            decision_document_date=payload.decision_document_date,
            expected_version=payload.version,
        )


@router.post(
    "/extension-requests/{int:request_id}/decision",
    response=ExtensionRequestOut,
    summary="Approve or reject an extension request",
)
def decide_extension(request, request_id: Id, payload: AssignerDecisionIn):
    return decide(request, ExtensionRequest, request_id, payload)


@router.post(
    "/completion-proposals/{int:proposal_id}/decision",
    response=CompletionProposalOut,
    summary="Accept a completion, or return it with the reason",
)
def decide_completion(request, proposal_id: Id, payload: AssignerDecisionIn):
    return decide(request, CompletionProposal, proposal_id, payload)


# -- importing from a workbook ---------------------------------------------------------------------


def _import_out(task_import: TaskImport) -> dict:
    return {
        "id": task_import.pk,
        "status": task_import.status,
        "status_label": str(task_import.get_status_display()),
        "rows_total": task_import.rows_total,
        "rows_done": task_import.rows_done,
        "tasks_to_create": task_import.tasks_to_create,
        "tasks_created": task_import.tasks_created,
        "errors": task_import.errors,
        "preview": task_import.preview,
        "failure_reason": task_import.failure_reason,
        "url": task_import.get_absolute_url(),
    }


def _own_import(user, import_id: int) -> TaskImport:
    if not can_create_tasks(user):
        raise PermissionDenied(_("Only an office that assigns tasks may import them."))
    task_import = get_own_task_import(user, import_id)
    if task_import is None:
        raise Http404(_("No such import."))
    return task_import


@router.post("/import", response={202: TaskImportOut}, summary="Import tasks from a workbook: check it first")
def import_tasks(request, file: File[UploadedFile], assigned_by_unit_id: Form[int | None] = None):
    """Upload a filled tasks template (.xlsx, multipart `file`), assigned in the name of
    `assigned_by_unit_id` (default: the body the user's office serves). A background job checks it:
    poll `GET /api/v1/tasks/import/{id}` until it is `ready` (then confirm it) or `failed` (with every
    error by row and column). Nothing is created before the confirmation."""
    if not can_create_tasks(request.user):
        raise PermissionDenied(_("Only an office that assigns tasks may import them."))
    if assigned_by_unit_id is None:
        body = default_owner_for(request.user)
        assigned_by_unit_id = body.pk if body is not None else None
    form = TaskImportForm(
        data={"assigned_by_unit": assigned_by_unit_id}, files={"file": file}, user=request.user
    )
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    task_import = start_task_import(
        acting_user=request.user,
        uploaded_file=form.cleaned_data["file"],
        assigned_by_unit=form.cleaned_data["assigned_by_unit"],
    )
    task_import.refresh_from_db()
    return Status(202, _import_out(task_import))


@router.get(
    "/import/{int:import_id}", response=TaskImportOut, summary="An import of tasks: its status and errors"
)
def task_import_status(request, import_id: Id):
    return _import_out(_own_import(request.user, import_id))


@router.post(
    "/import/{int:import_id}/confirm",
    response={202: TaskImportOut},
    summary="Create the tasks of a checked import (once, however often confirmed)",
)
def confirm_import(request, import_id: Id):
    task_import = confirm_task_import(
        acting_user=request.user, task_import=_own_import(request.user, import_id)
    )
    task_import.refresh_from_db()
    return Status(202, _import_out(task_import))
