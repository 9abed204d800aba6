"""The office's follow-up board, the urging letters (draft, download, signed scan, sent) and the
ladder's settings page. Every page needs the office power; a letter, the office power over the
unit it is addressed to."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Min, Q
from django.forms import modelformset_factory
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from resolute.accounts.permissions import can_set_shared_settings
from resolute.core.clock import today
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.scope import scope_for
from resolute.tasks.models import Task

from .ladder import report_subjects, resolve_escalation, update_ladder_step
from .letters import draft_letter, send_letter, sign_letter
from .models import LadderEvent, LadderStep, LetterStatus, StepKind, UrgingLetter

BOARD_LIMIT = 50
# The ladder looks 60 calendar days ahead for deadlines to remind of: 20 working days fit in that
# even around Tết.
MAX_REMINDER_WORKING_DAYS = 20


def _require_office(user):
    if not scope_for(user).has_power_anywhere(Role.OFFICE):
        raise PermissionDenied


def _office_q(user, prefix: str) -> Q:
    condition = scope_for(user).unit_q(Role.OFFICE, prefix)
    return Q() if condition is None else condition


def _open_tasks(user):
    return Task.objects.filter(
        _office_q(user, "lead_unit"),
        completed_on__isnull=True,
        cancelled_on__isnull=True,
        deadline__isnull=False,
    )


@dataclass
class OverdueUnit:
    issuer: OrgUnit
    unit: OrgUnit
    count: int
    oldest_deadline: date
    pending_letter: UrgingLetter | None
    missing_reports: list[str] = field(default_factory=list)


def board_data(user, on: date) -> dict:
    """The four lists of the board, each in a fixed number of queries (plus a few for each active
    reporting regime, to find the reports not received)."""
    week_end = on + timedelta(days=6 - on.weekday())
    due_this_week = list(
        _open_tasks(user)
        .filter(deadline__gte=on, deadline__lte=week_end)
        .select_related("lead_unit")
        .order_by("deadline", "pk")[:BOARD_LIMIT]
    )
    groups = list(
        _open_tasks(user)
        .filter(deadline__lt=on)
        .values("assigned_by_unit", "lead_unit")
        .annotate(count=Count("pk"), oldest=Min("deadline"))
        .order_by("oldest", "lead_unit")[:BOARD_LIMIT]
    )
    unit_ids = {row["assigned_by_unit"] for row in groups} | {row["lead_unit"] for row in groups}
    units = OrgUnit.objects.in_bulk(unit_ids)
    waiting = list(
        UrgingLetter.objects.filter(_office_q(user, "recipient"))
        .exclude(status=LetterStatus.SENT)
        .select_related("issuer", "recipient")
        .order_by("issued_on", "pk")[:BOARD_LIMIT]
    )
    drafted = {
        (letter.issuer_id, letter.recipient_id): letter for letter in waiting if letter.status == "drafted"
    }
    overdue = {
        (row["assigned_by_unit"], row["lead_unit"]): OverdueUnit(
            issuer=units[row["assigned_by_unit"]],
            unit=units[row["lead_unit"]],
            count=row["count"],
            oldest_deadline=row["oldest"],
            pending_letter=drafted.get((row["assigned_by_unit"], row["lead_unit"])),
        )
        for row in groups
    }
    # Reports owed and not received join their unit's row (a few queries per active regime).
    scope = scope_for(user)
    for subject in report_subjects(on):
        if subject.deadline >= on or not scope.covers(subject.unit, Role.OFFICE):
            continue
        key = (subject.issuer.pk, subject.unit.pk)
        row = overdue.get(key)
        if row is None:
            row = overdue[key] = OverdueUnit(
                issuer=subject.issuer,
                unit=subject.unit,
                count=0,
                oldest_deadline=subject.deadline,
                pending_letter=drafted.get(key),
            )
        row.missing_reports.append(subject.title)
        row.oldest_deadline = min(row.oldest_deadline, subject.deadline)
    overdue = sorted(overdue.values(), key=lambda row: (row.oldest_deadline, row.unit.path))[:BOARD_LIMIT]
    escalations = list(
        LadderEvent.objects.filter(
            _office_q(user, "unit"),
            kind=StepKind.ESCALATION,
            resolved_on__isnull=True,
            task__completed_on__isnull=True,
            task__cancelled_on__isnull=True,
        )
        .select_related("unit", "task")
        .order_by("deadline", "pk")[:BOARD_LIMIT]
    )
    return {
        "on": on,
        "week_end": week_end,
        "due_this_week": due_this_week,
        "overdue": overdue,
        "waiting": waiting,
        "escalations": escalations,
    }


@login_required
def board(request):
    _require_office(request.user)
    return render(request, "reporting/board.html", board_data(request.user, today()))


def _office_unit(user, pk) -> OrgUnit:
    unit = get_object_or_404(OrgUnit, pk=pk)
    if not scope_for(user).covers(unit, Role.OFFICE):
        raise PermissionDenied
    return unit


@require_POST
@login_required
def letter_create(request):
    _require_office(request.user)
    try:
        issuer = _office_unit(request.user, int(request.POST.get("issuer", "")))
        recipient = _office_unit(request.user, int(request.POST.get("recipient", "")))
    except ValueError as error:
        raise Http404 from error
    letter = draft_letter(acting_user=request.user, issuer=issuer, recipient=recipient, on=today())
    messages.success(request, _("Letter %(number)s drafted.") % {"number": letter.number})
    return redirect(letter)


def _letter_for(user, pk) -> UrgingLetter:
    letter = get_object_or_404(UrgingLetter.objects.select_related("issuer", "recipient"), pk=pk)
    if not scope_for(user).covers(letter.recipient, Role.OFFICE):
        raise PermissionDenied
    return letter


class SignedScanForm(forms.Form):
    signed_scan = forms.FileField(label=gettext_lazy("Signed scan (PDF or image)"))

    def clean_signed_scan(self):
        scan = self.cleaned_data["signed_scan"]
        try:
            from resolute.directives.uploads import check_upload

            check_upload(scan, field="signed_scan", field_label=str(self.fields["signed_scan"].label))
        except ValidationError as error:
            raise ValidationError(error.message_dict["signed_scan"]) from error
        return scan


@login_required
def letter_detail(request, pk):
    letter = _letter_for(request.user, pk)
    form = SignedScanForm()
    if request.method == "POST" and letter.status == LetterStatus.DRAFTED:
        form = SignedScanForm(request.POST, request.FILES)
        if form.is_valid():
            sign_letter(
                acting_user=request.user,
                letter=letter,
                signed_scan=form.cleaned_data["signed_scan"],
                on=today(),
            )
            messages.success(request, _("The signed scan is kept; the letter is signed."))
            return redirect(letter)
    return render(request, "reporting/letter_detail.html", {"letter": letter, "form": form})


@require_POST
@login_required
def letter_send(request, pk):
    letter = _letter_for(request.user, pk)
    if letter.status != LetterStatus.SIGNED:
        messages.error(request, _("Only a signed letter can be sent."))
    else:
        send_letter(acting_user=request.user, letter=letter, on=today())
        messages.success(request, _("Letter %(number)s marked sent.") % {"number": letter.number})
    return redirect(letter)


@login_required
def letter_download(request, pk):
    letter = _letter_for(request.user, pk)
    if not letter.docx:
        raise Http404
    name = f"cong-van-{letter.sequence}-{letter.year}.docx"
    return FileResponse(letter.docx.open("rb"), as_attachment=True, filename=name)


@login_required
def letter_scan_download(request, pk):
    letter = _letter_for(request.user, pk)
    if not letter.signed_scan:
        raise Http404
    return FileResponse(letter.signed_scan.open("rb"), as_attachment=True, filename=letter.signed_scan.name)


class LadderStepForm(forms.ModelForm):
    class Meta:
        model = LadderStep
        fields = ["order", "delay_working_days", "active"]

    def clean_delay_working_days(self):
        delay = self.cleaned_data["delay_working_days"]
        kind = self.instance.kind
        if kind == StepKind.REMINDER and delay >= 0:
            raise ValidationError(
                _("A reminder comes before the deadline: give a negative number of working days.")
            )
        if kind == StepKind.REMINDER and delay < -MAX_REMINDER_WORKING_DAYS:
            raise ValidationError(
                _("A reminder comes at most %(days)s working days before the deadline.")
                % {"days": MAX_REMINDER_WORKING_DAYS}
            )
        if kind in (StepKind.LETTER, StepKind.ESCALATION) and delay <= 0:
            raise ValidationError(
                _("This step comes after the deadline: give a positive number of working days.")
            )
        if kind == StepKind.OVERDUE_NOTICE and delay < 0:
            raise ValidationError(_("The overdue notice comes on or after the day the deadline passes."))
        return delay


class BaseLadderStepFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        delays = {form.instance.kind: form.cleaned_data["delay_working_days"] for form in self.forms}
        sequence = [StepKind.OVERDUE_NOTICE, StepKind.LETTER, StepKind.ESCALATION]
        values = [delays[kind] for kind in sequence if kind in delays]
        if values != sorted(set(values)):
            raise ValidationError(
                _("The overdue notice, the letter and the escalation must come in that order.")
            )


LadderStepFormSet = modelformset_factory(
    LadderStep, form=LadderStepForm, formset=BaseLadderStepFormSet, extra=0, can_delete=False
)


@login_required
def ladder_settings(request):
    """The steps of the ladder and their delays; the office or an administrator changes them."""
    _require_office(request.user)
    may_change = can_set_shared_settings(request.user)
    if request.method == "POST" and not may_change:
        raise PermissionDenied(_("The ladder is shared by every unit: the province's office changes it."))
    queryset = LadderStep.objects.order_by("order", "pk")
    formset = LadderStepFormSet(request.POST or None, queryset=queryset)
    if request.method == "POST" and formset.is_valid():
        for form in formset.forms:
            if form.has_changed():
                update_ladder_step(
                    acting_user=request.user,
                    step_id=form.instance.pk,
                    order=form.cleaned_data["order"],
                    delay_working_days=form.cleaned_data["delay_working_days"],
                    active=form.cleaned_data["active"],
                )
        messages.success(request, _("The ladder is saved."))
        return redirect("reporting:ladder_settings")
    return render(request, "reporting/ladder_settings.html", {"formset": formset, "may_change": may_change})


@require_POST
@login_required
def escalation_resolve(request, pk):
    """Take an escalated item off the leadership meeting's list (it was discussed)."""
    event = get_object_or_404(LadderEvent.objects.select_related("unit"), pk=pk, kind=StepKind.ESCALATION)
    if not scope_for(request.user).covers(event.unit, Role.OFFICE):
        raise PermissionDenied
    resolve_escalation(acting_user=request.user, event=event, on=today())
    return redirect("reporting:board")
