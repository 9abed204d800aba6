"""Registering a petition as a clerk receives it, and the petitioner's receipt.

Before a petition is saved, the same person's earlier petitions that the clerk may read are looked
for (`actions.intake.duplicate_candidates`). When there are some, the form comes back with them and
the clerk chooses: link the new one as a duplicate of one of them, or register it as new. With a
script the list appears as soon as the petitioner's identity number or name is typed; without one it
is a second step of the same form. Nothing is saved until the clerk has chosen.

The receipt shows the code and the secret the petitioner follows their petition with on the public
page. The secret is shown once: it is handed from the registering request to the receipt through the
session, for that one view, never in an address; only its hash is stored.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from resolute.core import clock
from resolute.core.forms import run_action

from ..actions import intake
from ..forms import REGISTER_AS_NEW, IntakeForm
from ..permissions import can_register_petitions
from ..selectors.clocks import acceptance_clock
from ..selectors.petitions import identity_for
from .common import ensure, get_visible_petition, is_htmx

# The session key that carries a new petition's secret to its receipt, once.
RECEIPT_SESSION_KEY = "petitions.receipt"


def candidates_for(form: IntakeForm) -> list:
    """The same person's earlier petitions the clerk may read (none without a name or a number)."""
    petitioner = form.petitioner()
    if not (petitioner["id_number"] or petitioner["full_name"]):
        return []
    return intake.duplicate_candidates(
        user=form.user, petitioner=petitioner, received_by_unit=form.cleaned_data.get("received_by_unit")
    )


def register(request, form: IntakeForm):
    """Register the petition; received at the competent unit, it is that unit's to settle at once."""
    fields = form.action_fields()
    if form.cleaned_data.get("at_competent_unit"):
        fields["handling_unit"] = fields["received_by_unit"]
    return intake.register_petition(acting_user=request.user, **fields)


@login_required
def petition_create(request):
    """The intake form of a clerk of a unit that registers petitions."""
    ensure(
        can_register_petitions(request.user),
        _("Only the clerks of a unit that receives petitions register them."),
    )
    form = IntakeForm(request.POST or None, request.FILES or None, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        form.offer_candidates(candidates_for(form))
        if form.candidates and not form.duplicate_decided:
            # The second step: say whether it duplicates one of them. Nothing is saved yet.
            pass
        elif form.candidates and form.cleaned_data.get("duplicate") not in {
            REGISTER_AS_NEW,
            *(str(petition.pk) for petition in form.candidates),
        }:
            form.add_error("duplicate", _("Choose one of the earlier petitions, or register it as new."))
        else:
            result, status = run_action(form, lambda: register(request, form))
            if result is not None:
                petition, secret = result
                request.session[RECEIPT_SESSION_KEY] = {"petition": petition.pk, "secret": secret}
                messages.success(
                    request, _("The petition %(code)s was registered.") % {"code": petition.code}
                )
                return redirect("petitions:receipt", petition.pk)
    context = {
        "form": form,
        "candidates": form.candidates,
        "register_as_new": REGISTER_AS_NEW,
        "second_step": request.method == "POST" and bool(form.candidates),
    }
    return render(request, "petitions/intake.html", context, status=status)


@login_required
@require_POST
def duplicate_check(request):
    """The intake form's list of the same person's earlier petitions, for a script to show as the clerk
    types (POSTed, so no identity number ever sits in an address or a server log)."""
    ensure(
        can_register_petitions(request.user),
        _("Only the clerks of a unit that receives petitions register them."),
    )
    form = IntakeForm(request.POST, user=request.user)
    form.is_valid()
    if hasattr(form, "cleaned_data"):
        form.offer_candidates(candidates_for(form))
    context = {
        "form": form,
        "candidates": form.candidates,
        "register_as_new": REGISTER_AS_NEW,
        "checked": True,
    }
    template = "petitions/intake.html"
    return render(request, f"{template}#duplicates" if is_htmx(request) else template, context)


@never_cache
@login_required
def receipt(request, pk):
    """The petitioner's receipt: the code, the secret (right after registering only), where to follow
    it and by when the unit must accept or refuse it. Printable."""
    petition = get_visible_petition(request.user, pk)
    handed = request.session.get(RECEIPT_SESSION_KEY)
    secret = None
    if handed and handed.get("petition") == petition.pk:
        secret = handed.get("secret")
        # Shown once: a reload or a later visit shows the receipt without it.
        del request.session[RECEIPT_SESSION_KEY]
    context = {
        "petition": petition,
        "secret": secret,
        "petitioner": identity_for(request.user, petition),
        "lookup_url": request.build_absolute_uri(reverse("petitions:lookup")),
        "acceptance": acceptance_clock(petition, clock.today()),
    }
    return render(request, "petitions/receipt.html", context)
