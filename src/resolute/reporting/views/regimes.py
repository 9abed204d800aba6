"""The regimes' settings pages: the list, adding one, and changing one with its change log. The
office or an administrator of the issuing unit sets its regimes; anyone else is refused (403), and a
regime issued by a unit the user cannot see is not found (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from resolute.core.changelog import history_of
from resolute.core.forms import run_action

from ..actions import regimes as regime_actions
from ..forms import RegimeForm
from ..permissions import can_manage_regimes
from ..selectors.regimes import get_visible_regime, regime_rows
from ..selectors.takeovers import traces_of


def _ensure_may_manage(user, issuer=None) -> None:
    if not can_manage_regimes(user, issuer):
        raise PermissionDenied(
            _("Only the office or an administrator of the issuing unit may set its regimes.")
        )


@login_required
def regime_list(request):
    _ensure_may_manage(request.user)
    return render(request, "reporting/regime_list.html", {"rows": regime_rows(request.user)})


@login_required
def regime_create(request):
    _ensure_may_manage(request.user)
    form = RegimeForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        regime, status = run_action(
            form, lambda: regime_actions.create_regime(acting_user=request.user, **form.action_fields())
        )
        if regime is not None:
            messages.success(request, _("The reporting regime was set up."))
            return redirect("reporting:regime_list")
    return render(request, "reporting/regime_form.html", {"form": form, "regime": None}, status=status)


@login_required
def regime_edit(request, pk):
    regime = get_visible_regime(request.user, pk)
    _ensure_may_manage(request.user, regime.issuer)
    form = RegimeForm(request.POST or None, user=request.user, regime=regime)
    status = 200
    if request.method == "POST" and form.is_valid():
        saved, status = run_action(
            form,
            lambda: regime_actions.update_regime(
                acting_user=request.user,
                regime=regime,
                expected_version=form.cleaned_data.get("version"),
                **form.action_fields(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The reporting regime was saved."))
            return redirect("reporting:regime_list")
    context = {
        "form": form,
        "regime": regime,
        "history": history_of(regime),
        "traces": traces_of(regime=regime),
    }
    return render(request, "reporting/regime_form.html", context, status=status)
