"""Signing in and out, the profile, the language switch, and user administration."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import actions
from .models import Role, User
from .scope import scope_for


@require_POST
def set_language(request):
    """Switch the interface language; a signed-in user keeps the choice on every device."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            actions.set_user_language(user=request.user, language=language, acting_user=request.user)
        translation.activate(language)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@login_required
def profile(request):
    return render(request, "accounts/profile.html", {"memberships": request.user.memberships.select_related("unit")})


@login_required
def user_list(request):
    if not scope_for(request.user).has_power_anywhere(Role.ADMIN):
        raise PermissionDenied
    users = User.objects.order_by("username")
    return render(request, "accounts/user_list.html", {"users": users})
