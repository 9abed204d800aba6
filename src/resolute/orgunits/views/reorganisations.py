"""The pages of reorganisations: the list; a draft's facts, new units and operations; the spreadsheet
import; the preview with per-item choices; applying; and, once applied, what it did.

Reading needs a scope that covers the reorganisation's area; everything else needs its administrator
role (others get 403, or 404 when they cannot read it). A GET never writes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resolute.core.forms import run_action
from resolute.core.xlsx import XLSX_CONTENT_TYPE

from .. import actions, selectors
from ..forms.reorganisations import (
    ApplyForm,
    ImportForm,
    PlannedUnitForm,
    ReorganisationForm,
    StepForm,
    resolve_successor,
)
from ..imports import build_import_template, import_reorganisation_file
from ..models import ReorganisationStep
from ..permissions import can_administer_anything, can_administer_unit
from ..reorganisation import plan_reorganisation


def _draft_to_administer(request, pk):
    reorganisation = selectors.get_reorganisation_to_administer(request.user, pk)
    if not reorganisation.is_draft:
        raise PermissionDenied(_("This reorganisation has been applied; it can no longer be changed."))
    return reorganisation


@login_required
def reorganisation_list(request):
    reorganisations = selectors.visible_reorganisations(request.user).select_related("area")
    return render(
        request,
        "orgunits/reorganisation_list.html",
        {"reorganisations": list(reorganisations), "can_prepare": can_administer_anything(request.user)},
    )


@login_required
def reorganisation_create(request):
    if not can_administer_anything(request.user):
        raise PermissionDenied(_("Only administrators prepare reorganisations."))
    form = ReorganisationForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reorganisation, status = run_action(
            form,
            lambda: actions.create_reorganisation(
                acting_user=request.user,
                area=selectors.get_unit_to_administer(request.user, data["area"].pk, for_update=True),
                **form.changes(),
            ),
        )
        if reorganisation is not None:
            messages.success(request, _("The draft was saved. Add its new units and operations."))
            return redirect(reorganisation)
    return render(request, "orgunits/reorganisation_form.html", {"form": form}, status=status)


@login_required
def reorganisation_edit(request, pk):
    reorganisation = _draft_to_administer(request, pk)
    form = ReorganisationForm(request.POST or None, user=request.user, instance=reorganisation)
    status = 200
    if request.method == "POST" and form.is_valid():
        saved, status = run_action(
            form,
            lambda: actions.update_reorganisation(
                acting_user=request.user,
                reorganisation=reorganisation,
                expected_version=form.cleaned_data["version"],
                **form.changes(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The changes were saved."))
            return redirect(saved)
    return render(
        request,
        "orgunits/reorganisation_form.html",
        {"form": form, "reorganisation": reorganisation},
        status=status,
    )


@login_required
def reorganisation_detail(request, pk):
    reorganisation = selectors.get_visible_reorganisation(request.user, pk)
    steps = list(
        reorganisation.steps.select_related("new_parent", "new_planned_parent")
        .prefetch_related("sources", "successor_rows__unit", "successor_rows__planned")
        .order_by("position", "id")
    )
    planned_units = list(
        reorganisation.planned_units.select_related("parent", "planned_parent", "created").order_by("id")
    )
    return render(
        request,
        "orgunits/reorganisation_detail.html",
        {
            "reorganisation": reorganisation,
            "steps": steps,
            "planned_units": planned_units,
            "can_administer": can_administer_unit(request.user, reorganisation.area),
            "outcome": _outcome_rows(reorganisation.outcome) if not reorganisation.is_draft else [],
        },
    )


def _count_labels() -> dict[str, str]:
    from resolute.core.contributions import CarriedWork, contributed

    labels = {
        "created": _("Units created"),
        "closed": _("Units closed"),
        "renamed": _("Units renamed or re-coded"),
        "moved": _("Units moved"),
    }
    for work in contributed(CarriedWork):
        labels[work.key] = str(work.label)
    return labels


def _outcome_rows(counts: dict) -> list[tuple[str, int]]:
    labels = _count_labels()
    return [(labels.get(key, key), value) for key, value in counts.items()]


@login_required
def planned_unit_create(request, pk):
    reorganisation = _draft_to_administer(request, pk)
    form = PlannedUnitForm(request.POST or None, reorganisation=reorganisation)
    status = 200
    if request.method == "POST" and form.is_valid():
        planned, status = run_action(
            form,
            lambda: actions.plan_unit(
                acting_user=request.user, reorganisation=reorganisation, **form.planned_fields()
            ),
        )
        if planned is not None:
            messages.success(request, _("%(unit)s was added to the new units.") % {"unit": planned})
            return redirect(reorganisation)
    return render(
        request,
        "orgunits/reorganisation_part_form.html",
        {"form": form, "reorganisation": reorganisation, "title": _("Add a new unit")},
        status=status,
    )


@login_required
def step_create(request, pk):
    reorganisation = _draft_to_administer(request, pk)
    form = StepForm(
        request.POST or None, reorganisation=reorganisation, initial={"kind": request.GET.get("kind")}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        step, status = run_action(
            form,
            lambda: actions.add_step(
                acting_user=request.user, reorganisation=reorganisation, **form.step_fields()
            ),
        )
        if step is not None:
            messages.success(request, _("Operation %(position)s was added.") % {"position": step.position})
            return redirect(reorganisation)
    return render(
        request,
        "orgunits/reorganisation_part_form.html",
        {"form": form, "reorganisation": reorganisation, "title": _("Add an operation")},
        status=status,
    )


@login_required
@require_POST
def step_delete(request, pk, step_pk):
    reorganisation = _draft_to_administer(request, pk)
    step = get_object_or_404(ReorganisationStep, pk=step_pk, reorganisation=reorganisation)
    actions.delete_step(acting_user=request.user, step=step)
    messages.success(request, _("Operation %(position)s was removed.") % {"position": step.position})
    return redirect(reorganisation)


@login_required
def import_template(request, pk):
    reorganisation = selectors.get_reorganisation_to_administer(request.user, pk)
    response = HttpResponse(build_import_template(reorganisation), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="reorganisation-{reorganisation.pk}.xlsx"'
    return response


@login_required
def reorganisation_import(request, pk):
    reorganisation = _draft_to_administer(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        result = import_reorganisation_file(
            acting_user=request.user, reorganisation=reorganisation, file=form.cleaned_data["file"]
        )
        if not result.errors:
            messages.success(
                request,
                _("%(units)d new units and %(steps)d operations were imported.")
                % {"units": result.units, "steps": result.steps},
            )
            return redirect(reorganisation)
        errors = result.errors
    return render(
        request,
        "orgunits/reorganisation_import.html",
        {"form": form, "reorganisation": reorganisation, "errors": errors},
    )


@login_required
def reorganisation_preview(request, pk):
    """The plan: what applying will do. A POST saves the choices of successor per item."""
    reorganisation = selectors.get_reorganisation_to_administer(request.user, pk)
    if request.method == "POST":
        if not reorganisation.is_draft:
            raise PermissionDenied(_("This reorganisation has been applied; it can no longer be changed."))
        plan = plan_reorganisation(reorganisation)
        saved = 0
        for group in plan.work:
            for handover in group.handovers:
                key = request.POST.get(f"choice:{handover.item.key}")
                if len(handover.options) < 2 or key is None or key == handover.successor.key:
                    continue
                if not any(option.key == key for option in handover.options):
                    continue
                successor = None if key == handover.options[0].key else resolve_successor(reorganisation, key)
                actions.set_choice(
                    acting_user=request.user,
                    reorganisation=reorganisation,
                    item_key=handover.item.key,
                    successor=successor,
                )
                saved += 1
        messages.success(request, _("%(count)d choices were saved.") % {"count": saved})
        return redirect("orgunits:reorganisation_preview", pk=reorganisation.pk)
    plan = plan_reorganisation(reorganisation)
    return render(
        request,
        "orgunits/reorganisation_preview.html",
        {
            "reorganisation": reorganisation,
            "plan": plan,
            "counts": _outcome_rows(plan.counts()),
            "apply_form": ApplyForm(initial={"version": reorganisation.version}),
            "has_choices": any(len(h.options) > 1 for g in plan.work for h in g.handovers),
        },
    )


@login_required
@require_POST
def reorganisation_apply(request, pk):
    reorganisation = _draft_to_administer(request, pk)
    form = ApplyForm(request.POST)
    if form.is_valid():
        _plan, status = run_action(
            form,
            lambda: actions.apply_reorganisation(
                acting_user=request.user,
                reorganisation=reorganisation,
                expected_version=form.cleaned_data["version"],
            ),
        )
        if not form.errors:
            messages.success(request, _("The reorganisation was applied."))
            return redirect(reorganisation)
    else:
        status = 200
    plan = plan_reorganisation(reorganisation)
    return render(
        request,
        "orgunits/reorganisation_preview.html",
        {
            "reorganisation": reorganisation,
            "plan": plan,
            "counts": _outcome_rows(plan.counts()),
            "apply_form": form,
            "has_choices": any(len(h.options) > 1 for g in plan.work for h in g.handovers),
        },
        status=status,
    )
