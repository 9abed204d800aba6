"""Signing in and out, the profile, the language switch, and user administration."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from resolute.core.changelog import history_of
from resolute.core.forms import run_action
from resolute.core.pagination import page_of
from resolute.orgunits.scope import scope_for

from .. import actions, permissions, selectors
from ..filters import UserFilter
from ..forms import (
    ApiTokenForm,
    MembershipForm,
    NewPasswordForm,
    PersonDetailsForm,
    ProfileForm,
    SignInForm,
    UserCreateForm,
    UserEditForm,
)
from ..middleware import EXPIRED_SESSION_KEY
from ..models import User
from ..two_factor import has_two_factor

USERS_PER_PAGE = 25
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

# A new password or token is kept in the session only until the next page shows it, then dropped.
SECRET_SESSION_KEY = "accounts_secret_once"


def remember_secret_once(request, *, kind: str, owner_id: int, value: str) -> None:
    request.session[SECRET_SESSION_KEY] = {"kind": kind, "owner_id": owner_id, "value": value}


def take_secret(request, *, kind: str, owner_id: int) -> str | None:
    secret = request.session.get(SECRET_SESSION_KEY)
    if not secret or secret.get("kind") != kind or secret.get("owner_id") != owner_id:
        return None
    del request.session[SECRET_SESSION_KEY]
    return secret["value"]


def remember_language(response, language: str) -> None:
    """Keep the language for this browser too, so the sign-in page after signing out speaks it."""
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            httponly=True,
        )
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME, samesite="Lax")


def require_user_administration(user) -> None:
    if not permissions.can_administer_users(user):
        raise PermissionDenied


# -- signing in, out, language --------------------------------------------------------------------


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["session_expired"] = self.request.session.pop(EXPIRED_SESSION_KEY, False)
        context["idle_minutes"] = settings.RESOLUTE_SESSION_IDLE_MINUTES
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.get_user().language
        if language:
            remember_language(response, language)
        return response


@require_POST
def set_language(request):
    """Switch the interface language; a signed-in user keeps the choice on every device."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            actions.set_user_language(user=request.user, language=language, acting_user=request.user)
        remember_language(response, language)
    return response


class OwnPasswordChangeView(auth_views.PasswordChangeView):
    """Django's view and form (old password, password rules); the change itself goes through an action."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        actions.change_own_password(
            acting_user=self.request.user, password=form.cleaned_data["new_password1"]
        )
        # Keep this session signed in; other sessions of the user end with the old password.
        update_session_auth_hash(self.request, self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return HttpResponseRedirect(self.get_success_url())


# -- the profile and personal tokens --------------------------------------------------------------


def _render_profile(request, *, profile_form=None, token_form=None, status=200):
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "profile_form": profile_form
            or ProfileForm(initial=ProfileForm.initial_for(user), prefix="profile"),
            "token_form": token_form or ApiTokenForm(prefix="token"),
            "memberships": user.memberships.select_related("unit"),
            "tokens": selectors.tokens_of(user),
            "new_token": take_secret(request, kind="token", owner_id=user.pk),
        },
        status=status,
    )


@never_cache
@login_required
def profile(request):
    if request.method != "POST":
        return _render_profile(request)
    form = ProfileForm(request.POST, prefix="profile")
    if not form.is_valid():
        return _render_profile(request, profile_form=form, status=422)
    language_before = request.user.language
    actions.update_own_profile(acting_user=request.user, **form.cleaned_data)
    messages.success(request, _("Your profile is saved."))
    response = redirect("accounts:profile")
    if request.user.language != language_before:
        remember_language(response, request.user.language)
    return response


@require_POST
@login_required
def token_create(request):
    form = ApiTokenForm(request.POST, prefix="token")
    if not form.is_valid():
        return _render_profile(request, token_form=form, status=422)
    created, _status = run_action(
        form,
        lambda: actions.create_api_token(
            acting_user=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            areas=form.cleaned_data["areas"],
            expires_on=form.cleaned_data["expires_on"],
        ),
    )
    if created is None:
        return _render_profile(request, token_form=form, status=422)
    token, raw = created
    remember_secret_once(request, kind="token", owner_id=request.user.pk, value=raw)
    return redirect("accounts:profile")


@require_POST
@login_required
def token_revoke(request, pk):
    token = selectors.get_own_token(request.user, pk, active_only=True)
    actions.revoke_api_token(acting_user=request.user, token=token)
    messages.success(
        request, _("The token “%(name)s” is revoked and no longer works.") % {"name": token.name}
    )
    return redirect("accounts:profile")


# -- user administration --------------------------------------------------------------------------


@login_required
def user_list(request):
    require_user_administration(request.user)
    people = selectors.administered_users(request.user)
    user_filter = UserFilter(request.GET or None, queryset=people, request=request)
    page = page_of(request, user_filter.qs.order_by("username"), USERS_PER_PAGE)
    scope = scope_for(request.user)
    rows = [(person, [m for m in person.memberships.all() if scope.can_see_unit(m.unit)]) for person in page]
    return render(request, "accounts/user_list.html", {"filter": user_filter, "page_obj": page, "rows": rows})


def _administered_user(request, pk) -> User:
    require_user_administration(request.user)
    return selectors.get_administered_user(request.user, pk)


@login_required
def user_create(request):
    require_user_administration(request.user)
    form = UserCreateForm(request.POST or None, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password = actions.create_user(
                acting_user=request.user,
                memberships=[(data["unit"], data["role"])],
                **{
                    name: data[name]
                    for name in ["username", "full_name", "email", "job_title", "phone", "language"]
                },
                password=data["password"] or None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not data["password"]:
                remember_secret_once(request, kind="password", owner_id=user.pk, value=password)
            messages.success(request, _("The account %(username)s is created.") % {"username": user.username})
            return redirect(user)
    return render(request, "accounts/user_create.html", {"form": form}, status=422 if form.errors else 200)


def _render_user_detail(request, person: User, *, membership_form=None, status=200):
    scope = scope_for(request.user)
    memberships = list(person.memberships.select_related("unit"))
    visible = [m for m in memberships if scope.can_see_unit(m.unit)]
    return render(
        request,
        "accounts/user_detail.html",
        {
            "person": person,
            # The last role cannot be taken away (deactivate instead), so it offers no button.
            "memberships": [
                (m, len(memberships) > 1 and permissions.can_change_membership(request.user, m))
                for m in visible
            ],
            "hidden_membership_count": len(memberships) - len(visible),
            "can_manage": permissions.can_manage_account(request.user, person),
            "person_has_two_factor": has_two_factor(person),
            "membership_form": membership_form or MembershipForm(acting_user=request.user, user=person),
            "new_password": take_secret(request, kind="password", owner_id=person.pk),
            "history": history_of(person)[:50],
        },
        status=status,
    )


@never_cache
@login_required
def user_detail(request, pk):
    return _render_user_detail(request, _administered_user(request, pk))


@login_required
def user_edit(request, pk):
    person = _administered_user(request, pk)
    permissions.check_can_manage_account(request.user, person)
    initial = {"username": person.username, **PersonDetailsForm.initial_for(person)}
    form = UserEditForm(request.POST or None, initial=initial, user=person)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_user(acting_user=request.user, user=person, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The account %(username)s is saved.") % {"username": person.username})
            return redirect(person)
    return render(
        request,
        "accounts/user_edit.html",
        {"form": form, "person": person},
        status=422 if form.errors else 200,
    )


@login_required
def user_password(request, pk):
    person = _administered_user(request, pk)
    permissions.check_can_manage_account(request.user, person)
    form = NewPasswordForm(request.POST or None, user=person)
    if request.method == "POST" and form.is_valid():
        typed = form.cleaned_data["password"]
        person, password = actions.set_user_password(
            acting_user=request.user, user=person, password=typed or None
        )
        if not typed:
            remember_secret_once(request, kind="password", owner_id=person.pk, value=password)
        messages.success(
            request, _("A new password is set for %(username)s.") % {"username": person.username}
        )
        return redirect(person)
    return render(
        request,
        "accounts/user_password.html",
        {"form": form, "person": person},
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def user_deactivate(request, pk):
    person = _administered_user(request, pk)
    try:
        actions.deactivate_user(acting_user=request.user, user=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(username)s is deactivated: they can no longer sign in or use their API tokens.")
            % {"username": person.username},
        )
    return redirect(person)


@require_POST
@login_required
def user_reactivate(request, pk):
    person = _administered_user(request, pk)
    actions.reactivate_user(acting_user=request.user, user=person)
    messages.success(request, _("%(username)s is active again.") % {"username": person.username})
    return redirect(person)


@require_POST
@login_required
def membership_add(request, pk):
    person = _administered_user(request, pk)
    form = MembershipForm(request.POST, acting_user=request.user, user=person)
    if form.is_valid():
        try:
            membership = actions.add_membership(
                acting_user=request.user,
                user=person,
                unit=form.cleaned_data["unit"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(username)s is now %(role)s in %(unit)s.")
                % {
                    "username": person.username,
                    "role": membership.get_role_display(),
                    "unit": membership.unit,
                },
            )
            return redirect(person)
    return _render_user_detail(request, person, membership_form=form, status=422)


@require_POST
@login_required
def membership_remove(request, pk, membership_pk):
    person = _administered_user(request, pk)
    membership = get_object_or_404(person.memberships.select_related("unit"), pk=membership_pk)
    try:
        actions.remove_membership(acting_user=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(username)s no longer holds the role %(role)s in %(unit)s.")
            % {"username": person.username, "role": membership.get_role_display(), "unit": membership.unit},
        )
    return redirect(person)
