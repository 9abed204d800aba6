"""The office's follow-up board, the urging letters (draft, download, signed scan, sent) and the
ladder's settings page. Every page needs the office power (403 without it); a letter or an
escalation about a unit the user's office does not follow is not found (404)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resolute.core.clock import today
from resolute.orgunits.selectors import get_visible_unit

from ..actions.ladder import resolve_escalation, update_ladder_step
from ..actions.letters import draft_letter, send_letter, sign_letter
from ..forms import LadderStepFormSet, SignedScanForm
from ..models import LadderStep, LetterStatus
from ..permissions import can_change_ladder, can_follow_up, can_urge
from ..selectors.ladder import board_data, get_visible_escalation, get_visible_letter
from ..selectors.takeovers import traces_of


def _require_office(user):
    if not can_follow_up(user):
        raise PermissionDenied


@login_required
def board(request):
    _require_office(request.user)
    return render(request, "reporting/board.html", board_data(request.user, today()))


def _unit_to_urge(user, pk):
    """A unit the user may see (else 404) that their office follows (else 403)."""
    unit = get_visible_unit(user, pk)
    if not can_urge(user, unit):
        raise PermissionDenied
    return unit


@require_POST
@login_required
def letter_create(request):
    _require_office(request.user)
    issuer = _unit_to_urge(request.user, request.POST.get("issuer"))
    recipient = _unit_to_urge(request.user, request.POST.get("recipient"))
    try:
        letter = draft_letter(acting_user=request.user, issuer=issuer, recipient=recipient, on=today())
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return redirect("reporting:board")
    messages.success(request, _("Letter %(number)s drafted.") % {"number": letter.number})
    return redirect(letter)


@login_required
def letter_detail(request, pk):
    letter = get_visible_letter(request.user, pk)
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
    # The letter keeps its items as written (JSON, days in ISO form); the page shows the days as dates.
    items = [{**item, "deadline": _day(item.get("deadline"))} for item in letter.items]
    context = {"letter": letter, "items": items, "form": form, "traces": traces_of(letter=letter)}
    return render(request, "reporting/letter_detail.html", context)


def _day(value):
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return value


@require_POST
@login_required
def letter_send(request, pk):
    letter = get_visible_letter(request.user, pk)
    if letter.status != LetterStatus.SIGNED:
        messages.error(request, _("Only a signed letter can be sent."))
    else:
        try:
            send_letter(acting_user=request.user, letter=letter, on=today())
        except ValidationError as refusal:
            for message in refusal.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Letter %(number)s marked sent.") % {"number": letter.number})
    return redirect(letter)


@login_required
def letter_download(request, pk):
    letter = get_visible_letter(request.user, pk)
    if not letter.docx:
        raise Http404
    name = f"cong-van-{letter.sequence}-{letter.year}.docx"
    return FileResponse(letter.docx.open("rb"), as_attachment=True, filename=name)


@login_required
def letter_scan_download(request, pk):
    letter = get_visible_letter(request.user, pk)
    if not letter.signed_scan:
        raise Http404
    return FileResponse(letter.signed_scan.open("rb"), as_attachment=True, filename=letter.signed_scan.name)


@login_required
def ladder_settings(request):
    """The steps of the ladder and their delays; the office or an administrator changes them."""
    _require_office(request.user)
    may_change = can_change_ladder(request.user)
    if request.method == "POST" and not may_change:
        raise PermissionDenied(_("The ladder is shared by every unit: the province's office changes it."))
    queryset = LadderStep.objects.visible_to(request.user).order_by("order", "pk")
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
    event = get_visible_escalation(request.user, pk)
    if not can_urge(request.user, event.unit):
        raise PermissionDenied
    resolve_escalation(acting_user=request.user, event=event, on=today())
    return redirect("reporting:board")
