"""A petition's page and the forms of its steps.

The page shows the petition, its two legal clocks with their rules, the petitioner (only to whom the
one rule lets read them: `selectors.petitions.identity_for`), its timeline with documents and files,
its duplicates and the people handling it. The forms of the steps are on the page for whoever may take
them (`can_route`: the receiving unit's managers; `can_handle`: the competent unit's managers and the
people handling it), and the step each form takes is open at the petition's stage.

Each form posts to its own URL. A success goes back to the petition with a message; a broken rule
shows the form again on its own page with the message at the field; a form loaded before someone
else's step is refused with who took it and when (409). Reading a page never writes.

A denunciation's letter, files and notes may reveal who wrote it (Law on Denunciations 2018, Art. 47):
only those who may read the denouncer's identity open its files or read its notes.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolute.core import clock
from resolute.core.concurrency import lock_for_update
from resolute.core.files import download_response
from resolute.core.forms import run_action

from .. import forms
from ..actions import intake, routing, settlement
from ..choices import BEFORE_ACCEPTANCE, BEING_SETTLED, PetitionKind, Stage
from ..models import Petition, PetitionFile
from ..permissions import can_handle, can_read_identity, can_route
from ..selectors.clocks import clocks
from ..selectors.petitions import identity_for, timeline
from .common import ensure, get_visible_petition

ROUTE, HANDLE = "route", "handle"


@dataclass(frozen=True)
class Step:
    """A form of the petition's page: who may use it (`power`), at which stages it is offered, the
    action it calls and what the page says."""

    name: str
    form: type
    power: str
    stages: tuple
    call: Any
    title: Any
    button: Any
    success: Any
    danger: bool = False

    @property
    def url_name(self) -> str:
        return f"petitions:{self.name}"


def _reclassify(user, petition, fields):
    return intake.reclassify_petition(acting_user=user, petition=petition, **fields)


def _route(user, petition, fields):
    return routing.route_petition(acting_user=user, petition=petition, **fields)


def _forward(user, petition, fields):
    return routing.forward_petition(acting_user=user, petition=petition, **fields)


def _link(user, petition, fields):
    return intake.link_duplicate(acting_user=user, petition=petition, **fields)


def _assign(user, petition, fields):
    return routing.assign_handler(acting_user=user, petition=petition, **fields)


def _remove(user, petition, fields):
    return routing.remove_handler(acting_user=user, petition=petition, **fields)


def _accept(user, petition, fields):
    return settlement.accept_petition(acting_user=user, petition=petition, **fields)


def _refuse(user, petition, fields):
    return settlement.refuse_petition(acting_user=user, petition=petition, **fields)


def _step(user, petition, fields):
    return settlement.record_step(acting_user=user, petition=petition, **fields)


def _extend(user, petition, fields):
    return settlement.extend_settlement(acting_user=user, petition=petition, **fields)


def _decide(user, petition, fields):
    return settlement.decide_petition(acting_user=user, petition=petition, **fields)


def _publish(user, petition, fields):
    return settlement.publish_decision(acting_user=user, petition=petition, **fields)


def _enforce(user, petition, fields):
    return settlement.record_enforcement(acting_user=user, petition=petition, **fields)


def _withdraw(user, petition, fields):
    return settlement.withdraw_petition(acting_user=user, petition=petition, **fields)


OPEN = (*BEFORE_ACCEPTANCE, *BEING_SETTLED)

STEPS = {
    step.name: step
    for step in [
        Step(
            "reclassify",
            forms.ReclassifyForm,
            ROUTE,
            BEFORE_ACCEPTANCE,
            _reclassify,
            gettext_lazy("Reclassify"),
            gettext_lazy("Change the kind"),
            gettext_lazy("The petition was reclassified; its clocks follow its new kind."),
        ),
        Step(
            "route",
            forms.RouteForm,
            ROUTE,
            BEFORE_ACCEPTANCE,
            _route,
            gettext_lazy("Send to the competent unit"),
            gettext_lazy("Send it"),
            gettext_lazy("The petition was sent to the competent unit."),
        ),
        Step(
            "forward",
            forms.ForwardForm,
            ROUTE,
            BEFORE_ACCEPTANCE,
            _forward,
            gettext_lazy("Forward to another body"),
            gettext_lazy("Forward it"),
            gettext_lazy("The petition was forwarded; nothing more is owed on it here."),
        ),
        Step(
            "link",
            forms.LinkDuplicateForm,
            ROUTE,
            BEFORE_ACCEPTANCE,
            _link,
            gettext_lazy("Link as a duplicate"),
            gettext_lazy("Link it"),
            gettext_lazy("The petition was linked as a duplicate: it is counted and settled as the original."),
        ),
        Step(
            "accept",
            forms.AcceptForm,
            HANDLE,
            BEFORE_ACCEPTANCE,
            _accept,
            gettext_lazy("Accept"),
            gettext_lazy("Accept it"),
            gettext_lazy("The petition was accepted: the settlement clock runs."),
        ),
        Step(
            "refuse",
            forms.RefuseForm,
            HANDLE,
            BEFORE_ACCEPTANCE,
            _refuse,
            gettext_lazy("Refuse"),
            gettext_lazy("Refuse it"),
            gettext_lazy("The refusal was recorded."),
            danger=True,
        ),
        Step(
            "step",
            forms.StepForm,
            HANDLE,
            BEING_SETTLED,
            _step,
            gettext_lazy("Verification or dialogue"),
            gettext_lazy("Record the step"),
            gettext_lazy("The step was recorded."),
        ),
        Step(
            "extend",
            forms.ExtendForm,
            HANDLE,
            BEING_SETTLED,
            _extend,
            gettext_lazy("Extend the time limit"),
            gettext_lazy("Record the extension"),
            gettext_lazy("The extension was recorded: the settlement deadline moved."),
        ),
        Step(
            "decide",
            forms.DecideForm,
            HANDLE,
            BEING_SETTLED,
            _decide,
            gettext_lazy("Decision"),
            gettext_lazy("Record the decision"),
            gettext_lazy("The decision was recorded."),
        ),
        Step(
            "publish",
            forms.PublishForm,
            HANDLE,
            (Stage.DECIDED,),
            _publish,
            gettext_lazy("Publish the decision"),
            gettext_lazy("Record the publication"),
            gettext_lazy("The publication of the decision was recorded."),
        ),
        Step(
            "enforce",
            forms.EnforceForm,
            HANDLE,
            (Stage.DECIDED, Stage.PUBLISHED),
            _enforce,
            gettext_lazy("Enforcement"),
            gettext_lazy("Record the enforcement"),
            gettext_lazy("The enforcement of the decision was recorded."),
        ),
        Step(
            "withdraw",
            forms.WithdrawForm,
            HANDLE,
            OPEN,
            _withdraw,
            gettext_lazy("Withdrawn by the petitioner"),
            gettext_lazy("Record the withdrawal"),
            gettext_lazy("The withdrawal was recorded; nothing more is owed on it."),
            danger=True,
        ),
        Step(
            "assign",
            forms.AssignHandlerForm,
            HANDLE,
            OPEN,
            _assign,
            gettext_lazy("Assign a person to handle it"),
            gettext_lazy("Assign"),
            gettext_lazy("The person was assigned."),
        ),
        Step(
            "remove",
            forms.RemoveHandlerForm,
            HANDLE,
            (*OPEN, Stage.DECIDED, Stage.PUBLISHED),
            _remove,
            gettext_lazy("Remove a person handling it"),
            gettext_lazy("Remove"),
            gettext_lazy("The person no longer handles it."),
            danger=True,
        ),
    ]
}
# The steps whose forms sit in the page's list of steps (assigning and removing people sit with the people).
PAGE_STEPS = [name for name in STEPS if name not in ("assign", "remove")]


def powers(user, petition: Petition) -> dict[str, bool]:
    return {ROUTE: can_route(user, petition), HANDLE: can_handle(user, petition)}


def is_offered(step: Step, petition: Petition, allowed: dict[str, bool]) -> bool:
    """Whether the page offers the step's form: the user may take it, and it is open at this stage."""
    if not allowed[step.power] or petition.stage not in step.stages:
        return False
    if petition.duplicate_of_id is not None and step.name != "remove":
        # A duplicate is settled as its original: nothing is done on it.
        return False
    if step.name == "link":
        return not petition.duplicates.exists()
    if step.name == "extend":
        return petition.kind == PetitionKind.DENUNCIATION
    return True


# -- the page --------------------------------------------------------------------------------------------


@login_required
def petition_detail(request, pk):
    user = request.user
    petition = get_visible_petition(user, pk)
    allowed = powers(user, petition)
    reads_identity = can_read_identity(user, petition)
    # A denunciation's files and notes may reveal its author: only those who read the identity see them.
    sees_private = reads_identity or not petition.identity_is_confidential
    today = clock.today()
    petition_clocks = clocks(petition, today)
    settlement_clock = petition_clocks[1]
    offered = [STEPS[name] for name in PAGE_STEPS if is_offered(STEPS[name], petition, allowed)]
    if settlement_clock.extensions_left == 0:
        offered = [step for step in offered if step.name != "extend"]
    handler_links = list(petition.handler_links.select_related("user").order_by("assigned_on", "pk"))
    can_remove = is_offered(STEPS["remove"], petition, allowed)
    context = {
        "petition": petition,
        "clocks": petition_clocks,
        "petitioner": identity_for(user, petition) if reads_identity else None,
        "reads_identity": reads_identity,
        "sees_private": sees_private,
        "steps": timeline(petition),
        "duplicates": list(
            Petition.objects.visible_to(user).filter(duplicate_of=petition).order_by("received_on", "pk")
        ),
        "handlers": [
            {
                "link": link,
                "remove_form": forms.RemoveHandlerForm(petition=petition, initial={"user": link.user_id})
                if can_remove
                else None,
            }
            for link in handler_links
        ],
        "assign_form": forms.AssignHandlerForm(petition=petition, user=user)
        if is_offered(STEPS["assign"], petition, allowed)
        else None,
        "unattached_files": list(petition.files.filter(step__isnull=True).order_by("pk")) if sees_private else [],
        "files_withheld": not sees_private and petition.files.filter(step__isnull=True).exists(),
        "assign_step": STEPS["assign"],
        "step_forms": [{"step": step, "form": step.form(petition=petition, user=user)} for step in offered],
        "can_route": allowed[ROUTE],
        "can_handle": allowed[HANDLE],
    }
    return render(request, "petitions/detail.html", context)


# -- the steps -------------------------------------------------------------------------------------------


def take_step(request, pk, name: str):
    """The form of step `name`: shown on its own page on GET, taken on POST."""
    user = request.user
    step = STEPS[name]
    petition = get_visible_petition(user, pk)
    allowed = powers(user, petition)
    ensure(
        allowed[step.power],
        _("Only the managers of the receiving unit route, forward, reclassify or link a petition.")
        if step.power == ROUTE
        else _("Only the managers of the competent unit and the people handling the petition take its steps."),
    )
    form = step.form(request.POST or None, request.FILES or None, petition=petition, user=user)
    status = 200
    if request.method == "POST" and form.is_valid():

        def write():
            # Someone else's step since the form was loaded is refused with their name (409).
            fresh = lock_for_update(petition, form.cleaned_data.get("version"))
            result = step.call(user, fresh, form.action_fields())
            return result if result is not None else fresh

        result, status = run_action(form, write)
        if result is not None:
            messages.success(request, str(step.success))
            return redirect(petition)
    context = {"petition": petition, "step": step, "form": form}
    return render(request, "petitions/step.html", context, status=status)


def step_view(name: str):
    """The view of one step's URL (`petitions:<name>`)."""

    @login_required
    def view(request, pk):
        return take_step(request, pk, name)

    view.__name__ = f"{name}_step"
    view.__doc__ = f"The form of the step “{name}” of a petition."
    return view


reclassify = step_view("reclassify")
route = step_view("route")
forward = step_view("forward")
link_duplicate = step_view("link")
accept = step_view("accept")
refuse = step_view("refuse")
record_step = step_view("step")
extend = step_view("extend")
decide = step_view("decide")
publish = step_view("publish")
enforce = step_view("enforce")
withdraw = step_view("withdraw")
assign_handler = step_view("assign")
remove_handler = step_view("remove")


# -- files -----------------------------------------------------------------------------------------------


@login_required
def file_download(request, pk):
    """A file of a petition the user may read; a denunciation's only to whom may read its author."""
    stored = PetitionFile.objects.filter(pk=pk).select_related("petition").first()
    petition = get_visible_petition(request.user, stored.petition_id if stored else None)
    if petition.identity_is_confidential and not can_read_identity(request.user, petition):
        raise PermissionDenied(_("Only the people handling this denunciation open its files."))
    return download_response(stored)
