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
from resolute.core.files import download_response
from resolute.core.forms import run_action

from .. import forms
from ..actions import intake, routing, settlement
from ..choices import BEFORE_ACCEPTANCE, BEING_SETTLED, PetitionKind, Stage
from ..models import Petition, PetitionFile
from ..permissions import can_assign_handlers, can_handle, can_read_identity, can_route
from ..selectors.clocks import clocks
from ..selectors.petitions import identity_for, timeline
from .common import ensure, get_visible_petition

ROUTE, HANDLE, ROUTE_OR_HANDLE, ASSIGN = "route", "handle", "route_or_handle", "assign"
OPEN = (*BEFORE_ACCEPTANCE, *BEING_SETTLED)

DENIED = {
    ROUTE: gettext_lazy("Only the managers of the receiving unit send on, forward or link a petition."),
    HANDLE: gettext_lazy(
        "Only the managers of the competent unit and the people handling the petition take its steps."
    ),
    ROUTE_OR_HANDLE: gettext_lazy(
        "Only the receiving unit's managers, the competent unit's managers or the people handling the "
        "petition may do this."
    ),
    ASSIGN: gettext_lazy("Only the competent unit's managers assign the people handling a petition."),
}


@dataclass(frozen=True)
class Step:
    """A form of the petition's page: who may use it (`power`), at which stages it is offered, the
    action it calls and what the page says. `takes_version`: the action refuses a form loaded before
    someone else's change (assigning people changes nothing another step could conflict with)."""

    name: str
    form: type
    power: str
    stages: tuple
    action: Any
    title: Any
    button: Any
    success: Any
    danger: bool = False
    takes_version: bool = True

    @property
    def url_name(self) -> str:
        return f"petitions:{self.name}"


STEPS = {
    step.name: step
    for step in [
        Step(
            "reclassify",
            forms.ReclassifyForm,
            ROUTE_OR_HANDLE,
            OPEN,
            intake.reclassify_petition,
            gettext_lazy("Reclassify"),
            gettext_lazy("Change the kind"),
            gettext_lazy("The petition was reclassified; its clocks follow its new kind."),
        ),
        Step(
            "route",
            forms.RouteForm,
            ROUTE,
            BEFORE_ACCEPTANCE,
            routing.route_petition,
            gettext_lazy("Send to the competent unit"),
            gettext_lazy("Send it"),
            gettext_lazy("The petition was sent to the competent unit."),
        ),
        Step(
            "forward",
            forms.ForwardForm,
            ROUTE,
            BEFORE_ACCEPTANCE,
            routing.forward_petition,
            gettext_lazy("Forward to another body"),
            gettext_lazy("Forward it"),
            gettext_lazy("The petition was forwarded; nothing more is owed on it here."),
        ),
        Step(
            "link",
            forms.LinkDuplicateForm,
            ROUTE,
            BEFORE_ACCEPTANCE,
            intake.link_duplicate,
            gettext_lazy("Link as a duplicate"),
            gettext_lazy("Link it"),
            gettext_lazy(
                "The petition was linked as a duplicate: it is counted and settled as the original."
            ),
        ),
        Step(
            "accept",
            forms.AcceptForm,
            HANDLE,
            BEFORE_ACCEPTANCE,
            settlement.accept_petition,
            gettext_lazy("Accept"),
            gettext_lazy("Accept it"),
            gettext_lazy("The petition was accepted: the settlement clock runs."),
        ),
        Step(
            "refuse",
            forms.RefuseForm,
            HANDLE,
            BEFORE_ACCEPTANCE,
            settlement.refuse_petition,
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
            settlement.record_step,
            gettext_lazy("Verification or dialogue"),
            gettext_lazy("Record the step"),
            gettext_lazy("The step was recorded."),
        ),
        Step(
            "complexity",
            forms.ComplexityForm,
            HANDLE,
            BEING_SETTLED,
            settlement.change_complexity,
            gettext_lazy("Change the complexity"),
            gettext_lazy("Change it"),
            gettext_lazy("The complexity was changed; the settlement deadline follows it."),
        ),
        Step(
            "extend",
            forms.ExtendForm,
            HANDLE,
            BEING_SETTLED,
            settlement.extend_settlement,
            gettext_lazy("Extend the time limit"),
            gettext_lazy("Record the extension"),
            gettext_lazy("The extension was recorded: the settlement deadline moved."),
        ),
        Step(
            "decide",
            forms.DecideForm,
            HANDLE,
            BEING_SETTLED,
            settlement.decide_petition,
            gettext_lazy("Decision"),
            gettext_lazy("Record the decision"),
            gettext_lazy("The decision was recorded."),
        ),
        Step(
            "publish",
            forms.PublishForm,
            HANDLE,
            (Stage.DECIDED,),
            settlement.publish_decision,
            gettext_lazy("Publish the decision"),
            gettext_lazy("Record the publication"),
            gettext_lazy("The publication of the decision was recorded."),
        ),
        Step(
            "enforce",
            forms.EnforceForm,
            HANDLE,
            (Stage.DECIDED, Stage.PUBLISHED),
            settlement.record_enforcement,
            gettext_lazy("Enforcement"),
            gettext_lazy("Record the enforcement"),
            gettext_lazy("The enforcement of the decision was recorded."),
        ),
        Step(
            "withdraw",
            forms.WithdrawForm,
            ROUTE_OR_HANDLE,
            OPEN,
            settlement.withdraw_petition,
            gettext_lazy("Withdrawn by the petitioner"),
            gettext_lazy("Record the withdrawal"),
            gettext_lazy("The withdrawal was recorded; nothing more is owed on it."),
            danger=True,
        ),
        Step(
            "assign",
            forms.AssignHandlerForm,
            ASSIGN,
            OPEN,
            routing.assign_handler,
            gettext_lazy("Assign a person to handle it"),
            gettext_lazy("Assign"),
            gettext_lazy("The person was assigned."),
            takes_version=False,
        ),
        Step(
            "remove",
            forms.RemoveHandlerForm,
            ASSIGN,
            OPEN,
            routing.remove_handler,
            gettext_lazy("Remove a person handling it"),
            gettext_lazy("Remove"),
            gettext_lazy("The person no longer handles it."),
            danger=True,
            takes_version=False,
        ),
    ]
}
# The steps whose forms sit in the page's list of steps (assigning and removing people sit with the people).
PAGE_STEPS = [name for name in STEPS if name not in ("assign", "remove")]


def powers(user, petition: Petition) -> dict[str, bool]:
    routes, handles = can_route(user, petition), can_handle(user, petition)
    return {
        ROUTE: routes,
        HANDLE: handles,
        ROUTE_OR_HANDLE: routes or handles,
        ASSIGN: can_assign_handlers(user, petition),
    }


def is_offered(step: Step, petition: Petition, allowed: dict[str, bool]) -> bool:
    """Whether the page offers the step's form: the user may take it, and it is open at this stage."""
    if not allowed[step.power] or petition.stage not in step.stages:
        return False
    if petition.duplicate_of_id is not None:
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
        "unattached_files": list(petition.files.filter(step__isnull=True).order_by("pk"))
        if sees_private
        else [],
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
    ensure(allowed[step.power], str(DENIED[step.power]))
    form = step.form(request.POST or None, request.FILES or None, petition=petition, user=user)
    status = 200
    if request.method == "POST" and form.is_valid():

        def write():
            fields = form.action_fields()
            if step.takes_version:
                # Someone else's step since the form was loaded is refused with their name (409).
                fields["version"] = form.cleaned_data.get("version")
            return step.action(acting_user=user, petition=petition, **fields)

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
change_complexity = step_view("complexity")
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
