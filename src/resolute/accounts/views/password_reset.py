"""A forgotten password: a link by e-mail, then a new password. The page answers the same whether
or not an account has the address, so it tells nobody who has an account here."""

from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy

from resolute.core.client import client_address

from .. import actions
from ..forms import ForgottenPasswordForm
from ..throttling import allow_password_reset


class ForgottenPasswordView(auth_views.PasswordResetView):
    form_class = ForgottenPasswordForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if not allow_password_reset(email=email, client_address=client_address(self.request)):
            # Too many requests: nothing is sent, and the page says what it always says.
            return HttpResponseRedirect(self.get_success_url())
        people = list(form.get_users(email))
        response = super().form_valid(form)
        for person in people:
            actions.record_password_reset_sent(user=person)
        return response


class ForgottenPasswordSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class NewPasswordFromLinkView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        actions.reset_forgotten_password(user=self.user, password=form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class NewPasswordSetView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
