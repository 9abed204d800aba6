"""Two-factor authentication: the code after the password, setting up an authenticator from the
profile, backup codes, removing it, and an administrator's reset for a lost phone."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from .. import actions, permissions, two_factor
from ..forms import AuthenticatorSetupForm, SecondFactorForm
from . import _administered_user, remember_secret_once, take_secret


def _safe_next(request) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@never_cache
@login_required
def verify(request):
    """The second step of signing in: a code of the authenticator app, or a backup code."""
    if request.session.get(two_factor.OWED_SESSION_KEY) != two_factor.OWES_CODE:
        return redirect(_safe_next(request))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = actions.verify_second_factor(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            two_factor.settled(request)
            return redirect(_safe_next(request))
        form.add_error(
            "code",
            _(
                "This code is not correct, or it has been used already. Type the code shown now; "
                "after several wrong codes, wait a few seconds before the next try."
            ),
        )
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
        status=422 if form.errors else 200,
    )


def _render_setup(request, *, form=None, removal_form=None, status=200):
    user = request.user
    context = {
        "has_two_factor": two_factor.has_two_factor(user),
        "required": two_factor.is_required_for(user),
        "owed": request.session.get(two_factor.OWED_SESSION_KEY) == two_factor.OWES_ENROLMENT,
        "backup_codes": take_secret(request, kind="backup_codes", owner_id=user.pk),
    }
    if context["has_two_factor"]:
        context["backup_codes_left"] = two_factor.backup_codes_left(user)
        context["removal_form"] = removal_form or SecondFactorForm(prefix="remove")
    else:
        key = request.session.get(two_factor.PENDING_KEY_SESSION_KEY)
        if not key:
            key = request.session[two_factor.PENDING_KEY_SESSION_KEY] = two_factor.new_secret_key()
        setup_url = two_factor.setup_url(user, key)
        context.update(
            form=form or AuthenticatorSetupForm(),
            qr_code=two_factor.qr_code_svg(setup_url),
            readable_key=two_factor.readable_key(key),
        )
    return render(request, "accounts/two_factor_setup.html", context, status=status)


@never_cache
@login_required
def setup(request):
    """The profile's two-factor page: set up an authenticator, or see the state of the one set up."""
    if request.method != "POST":
        return _render_setup(request)
    form = AuthenticatorSetupForm(request.POST)
    key = request.session.get(two_factor.PENDING_KEY_SESSION_KEY)
    if not form.is_valid() or not key:
        return _render_setup(request, form=form, status=422)
    try:
        device, codes = actions.enable_two_factor(
            acting_user=request.user, key=key, code=form.cleaned_data["code"]
        )
    except ValidationError as error:
        form.add_error(None if not hasattr(error, "error_dict") else "code", error.messages[0])
        return _render_setup(request, form=form, status=422)
    otp_login(request, device)
    two_factor.settled(request)
    remember_secret_once(request, kind="backup_codes", owner_id=request.user.pk, value=codes)
    messages.success(request, _("Two-factor authentication is on. Keep your backup codes somewhere safe."))
    return redirect("accounts:two_factor_setup")


@require_POST
@login_required
def remove(request):
    form = SecondFactorForm(request.POST, prefix="remove")
    if not form.is_valid():
        return _render_setup(request, removal_form=form, status=422)
    try:
        actions.disable_two_factor(acting_user=request.user, code=form.cleaned_data["code"])
    except ValidationError as error:
        form.add_error("code", error.messages[0])
        return _render_setup(request, removal_form=form, status=422)
    if two_factor.is_required_for(request.user):
        request.session[two_factor.OWED_SESSION_KEY] = two_factor.OWES_ENROLMENT
        messages.warning(request, _("Your role requires two-factor authentication: set up your new app now."))
    else:
        messages.success(
            request, _("Two-factor authentication is off. You sign in with your password alone.")
        )
    return redirect("accounts:two_factor_setup")


@require_POST
@login_required
def new_backup_codes(request):
    try:
        codes = actions.replace_backup_codes(acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        remember_secret_once(request, kind="backup_codes", owner_id=request.user.pk, value=codes)
    return redirect("accounts:two_factor_setup")


@require_POST
@login_required
def reset_for_user(request, pk):
    """An administrator removes someone's two-factor authentication (a lost phone, no backup code)."""
    person = _administered_user(request, pk)
    permissions.check_can_manage_account(request.user, person)
    actions.reset_two_factor(acting_user=request.user, user=person)
    messages.success(
        request,
        _(
            "Two-factor authentication of %(username)s is reset. "
            "They sign in with their password and set it up again."
        )
        % {"username": person.username},
    )
    return redirect(person)
