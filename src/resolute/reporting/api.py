"""The reporting API, mounted at /api/reporting: what the reporting pages let people do.

- Regimes: read by whoever sees the issuing unit (`ReportingRegime.objects.visible_to`, else 404);
  set up and changed by the office or an administrator of the issuing unit (403 for anyone else),
  through `actions.regimes` with the regime form's rules.
- Report submissions: read by whoever covers the unit that sent them; a narrative report is sent
  for a cell of the compliance table the sender can open (`selectors.compliance.get_visible_cell`,
  else 404) by a reporter of the unit (403 for anyone else).
- Compliance: the compliance page's table (`forms.ComplianceForm`, `selectors.obligations.compliance`)
  over the units the reader covers, one row per unit and regime.
- Notifications: the reader's own, and nobody else's.
- The follow-up board, the ladder's settings and the urging letters: the office's, as on the pages
  (`permissions.can_follow_up`, `can_urge`, `can_change_ladder`); a letter to a unit the reader's
  office does not follow is not found (404).

Every write goes through the action the page calls, with `acting_user`; the action's field names are
answered as the API's (`issuer` → `issuer_id`)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from resolute.core import clock
from resolute.core.concurrency import entity_tag, required_version
from resolute.core.contributions import BoardRows, contributed
from resolute.core.forms import errors_renamed, form_errors
from resolute.core.pagination import PageNumberPagination
from resolute.core.periods import Period
from resolute.core.schemas import Id
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.scope import ADMINISTRATIVE_LEVELS, scope_for
from resolute.targets.models import Indicator

from .actions import regimes as regime_actions
from .actions.ladder import resolve_escalation, update_ladder_step
from .actions.letters import draft_letter, send_letter, sign_letter
from .actions.notifications import mark_all_read, mark_read
from .forms import ComplianceForm, LadderStepFormSet
from .models import (
    LadderStep,
    LetterStatus,
    Notification,
    ReportingRegime,
    ReportSubmission,
    UrgingLetter,
)
from .permissions import can_change_ladder, can_follow_up, can_manage_regimes, can_urge
from .schemas import (
    BoardOut,
    ComplianceQuery,
    ComplianceRowOut,
    EscalationOut,
    LadderStepOut,
    LadderStepPatch,
    LetterCreate,
    LetterDetail,
    LetterListQuery,
    LetterOut,
    MarkedOut,
    MarkReadIn,
    NotificationListQuery,
    NotificationOut,
    RegimeCreate,
    RegimeListQuery,
    RegimeOut,
    RegimePatch,
    SubmissionCreate,
    SubmissionListQuery,
    SubmissionOut,
)
from .selectors.compliance import default_root, get_visible_cell, units_under
from .selectors.ladder import board_data, get_visible_escalation, get_visible_letter
from .selectors.notifications import unread_count
from .selectors.obligations import compliance
from .selectors.regimes import get_visible_regime, visible_regimes

router = Router(tags=["reporting"])

# The actions name related records by the model's field; the API by id.
API_FIELD_NAMES = {
    "issuer": "issuer_id",
    "recipient": "recipient_id",
    "units": "unit_ids",
    "indicators": "indicator_ids",
    "regime": "regime_id",
    "unit": "unit_id",
}


def errors_named_as_in_the_api():
    return errors_renamed(API_FIELD_NAMES)


def _unknown_unit(pk) -> str:
    return _("No unit you can see has the id %(id)s.") % {"id": pk}


# -- regimes ---------------------------------------------------------------------------------------


def regimes_with_details(queryset):
    return queryset.select_related("issuer").prefetch_related(
        Prefetch("units", OrgUnit.objects.only("pk")), Prefetch("indicators", Indicator.objects.only("pk"))
    )


def regime_out(user, pk, response: HttpResponse | None = None):
    regime = get_visible_regime(user, pk)
    regime = regimes_with_details(ReportingRegime.objects.filter(pk=regime.pk)).get()
    if response is not None:
        response["ETag"] = entity_tag(regime.version)
    return regime


def regime_fields(user, values: dict) -> dict:
    """The action's fields from the payload's: ids turned into the records the regime form offers (an
    issuer of the province, district or commune level the user's office covers, units the user sees), every
    unknown id gathered into one 422 naming its field."""
    scope = scope_for(user)
    errors: dict[str, list[str]] = {}
    fields = {}
    for name, value in values.items():
        if name == "issuer_id":
            issuers = OrgUnit.objects.filter(kind__in=ADMINISTRATIVE_LEVELS)
            condition = scope.unit_q(Role.OFFICE)
            issuer = (issuers if condition is None else issuers.filter(condition)).filter(pk=value).first()
            if issuer is None:
                errors[name] = [
                    _(
                        "No unit of the province, district or commune level whose regimes you may "
                        "set has the id %(id)s."
                    )
                    % {"id": value}
                ]
            fields["issuer"] = issuer
        elif name == "unit_ids":
            found = scope.filter_units(OrgUnit.objects.filter(pk__in=value)).in_bulk()
            missing = [pk for pk in value if pk not in found]
            if missing:
                errors[name] = [_unknown_unit(pk) for pk in missing]
            fields["units"] = [found[pk] for pk in dict.fromkeys(value) if pk in found]
        elif name == "indicator_ids":
            found = Indicator.objects.in_bulk(value)
            missing = [pk for pk in value if pk not in found]
            if missing:
                errors[name] = [_("No indicator has the id %(id)s.") % {"id": pk} for pk in missing]
            fields["indicators"] = [found[pk] for pk in dict.fromkeys(value) if pk in found]
        else:
            fields[name] = value.value if hasattr(value, "value") else value
    if errors:
        raise ValidationError(errors)
    return fields


@router.get("/regimes", response=list[RegimeOut], summary="List the reporting regimes you can read")
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def list_regimes(request, query: Query[RegimeListQuery]):
    """Every regime issued by a unit you can see (your own levels and the ones above), by name; with
    `managed=true`, only those you may set, as the regimes' settings page lists them."""
    regimes = ReportingRegime.objects.visible_to(request.user)
    if query.managed:
        regimes = regimes.managed_by(request.user)
    if query.active is not None:
        regimes = regimes.filter(active=query.active)
    return regimes_with_details(regimes).order_by("-active", "name", "pk")


@router.get("/regimes/{int:regime_id}", response=RegimeOut, summary="Read a reporting regime")
def read_regime(request, regime_id: Id, response: HttpResponse):
    return regime_out(request.user, regime_id, response)


@router.post("/regimes", response={201: RegimeOut}, summary="Set up a reporting regime")
def create_regime(request, payload: RegimeCreate, response: HttpResponse):
    if not can_manage_regimes(request.user):
        raise PermissionDenied(
            _("Only the office or an administrator of the issuing unit may set its regimes.")
        )
    fields = regime_fields(request.user, payload.dict())
    with errors_named_as_in_the_api():
        regime = regime_actions.create_regime(acting_user=request.user, **fields)
    return Status(201, regime_out(request.user, regime.pk, response))


@router.patch("/regimes/{int:regime_id}", response=RegimeOut, summary="Change a reporting regime")
def update_regime(request, regime_id: Id, payload: RegimePatch, response: HttpResponse):
    """Change some of a regime's fields (`unit_ids` and `indicator_ids` replace the lists). Send the
    `version` you read, or its ETag in If-Match."""
    regime = get_visible_regime(request.user, regime_id)
    if not can_manage_regimes(request.user, regime.issuer):
        raise PermissionDenied(
            _("Only the office or an administrator of the issuing unit may set its regimes.")
        )
    values = payload.dict(exclude_unset=True)
    version = required_version(values.pop("version", None), request.headers.get("If-Match"))
    for name in ("name", "kind", "issuer_id", "period_type", "cutoff_day", "deadline_working_days", "active"):
        if name in values and values[name] is None:
            values.pop(name)  # null leaves the field as it is
    for name in ("unit_kinds", "unit_ids", "indicator_ids"):
        if name in values and values[name] is None:
            values[name] = []
    if "legal_basis" in values and values["legal_basis"] is None:
        values["legal_basis"] = ""
    fields = regime_fields(request.user, values)
    with errors_named_as_in_the_api():
        regime_actions.update_regime(
            acting_user=request.user, regime=regime, expected_version=version, **fields
        )
    return regime_out(request.user, regime.pk, response)


# -- report submissions ----------------------------------------------------------------------------


@router.get("/submissions", response=list[SubmissionOut], summary="List the reports sent by units you cover")
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def list_submissions(request, query: Query[SubmissionListQuery]):
    """Narrative reports sent under a regime, the latest first."""
    submissions = ReportSubmission.objects.visible_to(request.user)
    if query.regime is not None:
        submissions = submissions.filter(regime_id=query.regime)
    if query.unit is not None:
        submissions = submissions.filter(unit_id=query.unit)
    if query.period:
        submissions = submissions.filter(period=query.period)
    return submissions.select_related("regime", "unit", "submitted_by").order_by("-submitted_at", "-pk")


def _checked_period(user, code: str, regime_id) -> Period:
    """The period the payload names, of the regime's type, or a 422 naming `period`."""
    try:
        period = Period.parse(code)
    except ValueError:
        raise ValidationError(
            {"period": _("Write a period such as 202503, 2025Q1, 2025S1 or 2025.")}
        ) from None
    regime = visible_regimes(user).filter(pk=regime_id).first()
    if regime is not None and period.type != regime.period_type:
        raise ValidationError(
            {"period": _("Give a period of the regime's type (%(type)s).") % {"type": regime.period_type}}
        )
    return period


@router.post(
    "/submissions",
    response={201: SubmissionOut},
    summary="Send a narrative report for a unit and a period (multipart: fields and an optional file)",
)
def submit_report(request, payload: Form[SubmissionCreate], file: File[UploadedFile] = None):
    """The report of one cell of the compliance table: a regime you can read whose kind is
    `narrative`, a unit you cover (else 404), sent by a reporter of the unit (else 403)."""
    period = _checked_period(request.user, payload.period, payload.regime_id)
    regime, unit, period = get_visible_cell(request.user, payload.regime_id, payload.unit_id, period.code)
    with errors_named_as_in_the_api():
        submission = regime_actions.submit_report(
            acting_user=request.user,
            regime=regime,
            unit=unit,
            period=period.code,
            text=payload.text,
            file=file,
        )
    return Status(
        201, ReportSubmission.objects.select_related("regime", "unit", "submitted_by").get(pk=submission.pk)
    )


# -- compliance ------------------------------------------------------------------------------------


def _form_data(query: ComplianceQuery) -> dict:
    data = {}
    for name, value in query.dict(exclude_none=True).items():
        data[name] = value.isoformat() if hasattr(value, "isoformat") else getattr(value, "value", value)
    return data


@router.get(
    "/compliance",
    response=list[ComplianceRowOut],
    summary="The compliance table: each unit × regime, received and on time, period by period",
)
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def compliance_table(request, query: Query[ComplianceQuery]):
    """The compliance page's table, with its filters: the units under `unit` you cover, in the tree of
    `as_of`, under one regime or every regime of `period_type`, over `first`…`last` (at most 24
    periods). The totals of a row count only the periods whose deadline has passed."""
    today = clock.today()
    regimes = visible_regimes(request.user)
    form = ComplianceForm(_form_data(query), user=request.user, regimes=regimes, today=today)
    if not form.is_valid():
        raise form_errors(form)
    data = form.cleaned_data
    root = data.get("unit") or default_root(request.user)
    if root is None:
        raise PermissionDenied(_("You have no role in any unit."))
    chosen = (
        [data["regime"]]
        if data.get("regime")
        else [r for r in regimes if r.period_type == data["period_type"]]
    )
    as_of = data.get("as_of") or today
    return compliance(units_under(request.user, root, as_of), chosen, data["periods"], as_of=as_of)


# -- notifications ---------------------------------------------------------------------------------


@router.get("/notifications", response=list[NotificationOut], summary="List your notifications, newest first")
@paginate(PageNumberPagination, page_size=30, max_page_size=100)
def list_notifications(request, query: Query[NotificationListQuery]):
    notifications = Notification.objects.for_user(request.user)
    return notifications.unread() if query.unread else notifications


@router.post("/notifications/read", response=MarkedOut, summary="Mark some of your notifications read")
def mark_notifications_read(request, payload: MarkReadIn):
    marked = mark_read(user=request.user, notification_ids=payload.ids)
    return {"marked": marked, "unread": unread_count(request.user)}


@router.post("/notifications/read-all", response=MarkedOut, summary="Mark all your notifications read")
def mark_all_notifications_read(request):
    marked = mark_all_read(user=request.user)
    return {"marked": marked, "unread": unread_count(request.user)}


# -- the follow-up board ---------------------------------------------------------------------------


def _require_office(user) -> None:
    if not can_follow_up(user):
        raise PermissionDenied(_("The follow-up board and the urging letters are the office's."))


@router.get("/board", response=BoardOut, summary="The follow-up board of the units your office follows")
def read_board(request):
    """What the board page shows, today: units owing overdue work (each list at most 50 rows),
    deadlines of the week, letters waiting, a unit's own overdue work and the escalations."""
    _require_office(request.user)
    board = board_data(request.user, clock.today())
    board["columns"] = [
        {"key": source.key, "label": str(source.column), "counted": source.counted}
        for source in contributed(BoardRows)
    ]
    return board


@router.post(
    "/escalations/{int:escalation_id}/resolve",
    response=EscalationOut,
    summary="Take an escalation off the leadership meeting's list (it was discussed)",
)
def resolve(request, escalation_id: Id):
    event = get_visible_escalation(request.user, escalation_id)
    if not can_urge(request.user, event.unit):
        raise PermissionDenied(
            _("Only the office that follows the unit may take its escalation off the list.")
        )
    event = resolve_escalation(acting_user=request.user, event=event, on=clock.today())
    return type(event).objects.select_related("unit", "task").get(pk=event.pk)


# -- the ladder ------------------------------------------------------------------------------------


def ladder_steps(user):
    return LadderStep.objects.visible_to(user).order_by("order", "pk")


@router.get("/ladder/steps", response=list[LadderStepOut], summary="The rungs of the urging ladder")
def list_ladder_steps(request):
    """The ladder's steps in their order (at most one of each kind, so never more than four)."""
    _require_office(request.user)
    return list(ladder_steps(request.user))


@router.patch(
    "/ladder/steps/{int:step_id}", response=LadderStepOut, summary="Change a rung of the urging ladder"
)
def update_ladder_rung(request, step_id: Id, payload: LadderStepPatch):
    """Change a step's place, delay or activity. The ladder is shared by every unit: the province's
    office changes it (403 for anyone else). The steps are checked together, as on the settings page:
    a reminder comes before the deadline, and the notice, the letter and the escalation after it, in
    that order (a 422 naming the field, or `__all__` for the order)."""
    _require_office(request.user)
    if not can_change_ladder(request.user):
        raise PermissionDenied(_("The ladder is shared by every unit: the province's office changes it."))
    steps = list(ladder_steps(request.user))
    if not any(step.pk == step_id for step in steps):
        raise Http404(_("No such step."))
    changes = {name: value for name, value in payload.dict(exclude_unset=True).items() if value is not None}
    data = {
        "form-TOTAL_FORMS": str(len(steps)),
        "form-INITIAL_FORMS": str(len(steps)),
    }
    for index, step in enumerate(steps):
        values = {"order": step.order, "delay_working_days": step.delay_working_days, "active": step.active}
        if step.pk == step_id:
            values.update(changes)
        data[f"form-{index}-id"] = str(step.pk)
        data[f"form-{index}-order"] = str(values["order"])
        data[f"form-{index}-delay_working_days"] = str(values["delay_working_days"])
        if values["active"]:
            data[f"form-{index}-active"] = "on"
    formset = LadderStepFormSet(data, queryset=ladder_steps(request.user))
    if not formset.is_valid():
        errors: dict[str, list[str]] = {}
        for form in formset.forms:
            if form.instance.pk == step_id:
                for field, messages in form.errors.items():
                    errors.setdefault(field, []).extend(str(message) for message in messages)
        for message in formset.non_form_errors():
            errors.setdefault("__all__", []).append(str(message))
        raise ValidationError(errors or {"__all__": [_("The ladder's steps are not consistent.")]})
    form = next(form for form in formset.forms if form.instance.pk == step_id)
    if not form.has_changed():
        return form.instance
    return update_ladder_step(
        acting_user=request.user,
        step_id=step_id,
        order=form.cleaned_data["order"],
        delay_working_days=form.cleaned_data["delay_working_days"],
        active=form.cleaned_data["active"],
    )


# -- urging letters --------------------------------------------------------------------------------


def letters_of(user):
    return UrgingLetter.objects.visible_to(user).select_related("issuer", "recipient")


@router.get(
    "/letters", response=list[LetterOut], summary="List the urging letters to units your office follows"
)
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def list_letters(request, query: Query[LetterListQuery]):
    """The latest first. Someone outside an office follows no unit and reads an empty list."""
    letters = letters_of(request.user)
    if query.status is not None:
        letters = letters.filter(status=query.status)
    if query.recipient is not None:
        letters = letters.filter(recipient_id=query.recipient)
    if query.year is not None:
        letters = letters.filter(year=query.year)
    return letters.order_by("-issued_on", "-pk")


@router.get(
    "/letters/{int:letter_id}", response=LetterDetail, summary="Read an urging letter and what it lists"
)
def read_letter(request, letter_id: Id):
    return get_visible_letter(request.user, letter_id)


def _unit_to_urge(user, pk, field: str) -> OrgUnit:
    """A unit the user may see (else 422 naming `field`) that their office follows (else 403)."""
    unit = OrgUnit.objects.visible_to(user).filter(pk=pk).first()
    if unit is None:
        raise ValidationError({field: _unknown_unit(pk)})
    if not can_urge(user, unit):
        raise PermissionDenied(_("Your office does not follow %(unit)s.") % {"unit": unit})
    return unit


@router.post(
    "/letters",
    response={200: LetterDetail, 201: LetterDetail},
    summary="Draft an urging letter (or bring the waiting draft to the same unit up to date)",
)
def create_letter(request, payload: LetterCreate):
    """201 with a new letter, numbered; 200 when a draft from the same issuer to the same unit was
    waiting for signature and now lists what is overdue today."""
    _require_office(request.user)
    issuer = _unit_to_urge(request.user, payload.issuer_id, "issuer_id")
    recipient = _unit_to_urge(request.user, payload.recipient_id, "recipient_id")
    waiting = UrgingLetter.objects.filter(issuer=issuer, recipient=recipient, status=LetterStatus.DRAFTED)
    was_waiting = waiting.filter(year=clock.today().year).exists()
    with errors_named_as_in_the_api():
        letter = draft_letter(acting_user=request.user, issuer=issuer, recipient=recipient, on=clock.today())
    return Status(200 if was_waiting else 201, get_visible_letter(request.user, letter.pk))


@router.post(
    "/letters/{int:letter_id}/sign",
    response=LetterDetail,
    summary="Keep the signed scan of a drafted letter (multipart `signed_scan`: PDF or image)",
)
def sign(request, letter_id: Id, signed_scan: File[UploadedFile]):
    letter = get_visible_letter(request.user, letter_id)
    if letter.status != LetterStatus.DRAFTED:
        raise ValidationError({"status": _("Only a letter waiting for signature can be signed.")})
    sign_letter(acting_user=request.user, letter=letter, signed_scan=signed_scan, on=clock.today())
    return get_visible_letter(request.user, letter_id)


@router.post("/letters/{int:letter_id}/send", response=LetterDetail, summary="Mark a signed letter sent")
def send(request, letter_id: Id):
    letter = get_visible_letter(request.user, letter_id)
    if letter.status != LetterStatus.SIGNED:
        raise ValidationError({"status": _("Only a signed letter can be sent.")})
    with errors_named_as_in_the_api():
        send_letter(acting_user=request.user, letter=letter, on=clock.today())
    return get_visible_letter(request.user, letter_id)


@router.get(
    "/letters/{int:letter_id}/docx",
    url_name="download_letter",
    summary="Download the letter to print and sign (DOCX)",
)
def download_letter(request, letter_id: Id):
    letter = get_visible_letter(request.user, letter_id)
    if not letter.docx:
        raise Http404(_("The letter has no document yet."))
    name = f"cong-van-{letter.sequence}-{letter.year}.docx"
    return FileResponse(letter.docx.open("rb"), as_attachment=True, filename=name)


@router.get(
    "/letters/{int:letter_id}/signed-scan",
    url_name="download_signed_scan",
    summary="Download the signed scan of a letter",
)
def download_signed_scan(request, letter_id: Id):
    letter = get_visible_letter(request.user, letter_id)
    if not letter.signed_scan:
        raise Http404(_("The letter has no signed scan yet."))
    return FileResponse(letter.signed_scan.open("rb"), as_attachment=True, filename=letter.signed_scan.name)
