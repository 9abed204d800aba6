"""Forms for signing in, the profile, tokens and user administration. They validate; actions write."""

from datetime import timedelta

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from resolute.core import clock
from resolute.core.contributions import api_areas
from resolute.core.forms import ActionErrorsMixin, Form, StoredTextMixin, iso_date_input
from resolute.orgunits.choices import Role
from resolute.orgunits.forms import UnitChoiceField
from resolute.orgunits.models import Membership, OrgUnit
from resolute.orgunits.scope import scope_for

from . import permissions
from .models import ApiToken, User

# Each language is named in its own language, so anyone can find theirs whatever the page shows.
LANGUAGE_CHOICES = [("", _("Follow the browser")), ("vi", "Tiếng Việt"), ("en", "English")]


class SignInForm(StoredTextMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The user name or password is not correct. "
            "Check both and try again; the password is case-sensitive."
        ),
        "inactive": _("This account has been deactivated. Ask an administrator to reactivate it."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["password"].label = _("Password")


class PersonDetailsForm(Form):
    """The details a person has: used on the profile and, with the user name, by administrators."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=LANGUAGE_CHOICES,
        required=False,
        help_text=_("The language of the pages after signing in, on every device."),
    )

    @classmethod
    def initial_for(cls, user: User) -> dict:
        return {name: getattr(user, name) for name in cls.base_fields if hasattr(user, name)}


class ProfileForm(PersonDetailsForm):
    pass


def username_field() -> forms.CharField:
    return forms.CharField(
        label=_("User name"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("What the person types to sign in: letters, digits and @ . + - _ only."),
    )


class UserEditForm(PersonDetailsForm):
    field_order = ["username", "full_name", "email", "job_title", "phone", "language"]

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["username"] = username_field()
        self.order_fields(self.field_order)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError(_("This user name is already taken."))
        return username


def role_choices() -> list[tuple[str, str]]:
    return [(value, capfirst(label)) for value, label in Role.choices]


def units_administered_by(user, *, open_only: bool = True):
    scope = scope_for(user)
    units = OrgUnit.objects.all()
    condition = scope.unit_q(Role.ADMIN)
    if condition is not None:
        units = units.filter(condition)
    if open_only:
        units = units.open_on()
    return units.order_by("path")


class RoleInUnitMixin:
    """A unit and a role, checked against what the administrator may give."""

    def setup_role_fields(self, acting_user):
        self.acting_user = acting_user
        self.fields["unit"] = UnitChoiceField(label=_("Unit"), queryset=units_administered_by(acting_user))
        self.fields["role"] = forms.ChoiceField(
            label=_("Role"),
            choices=[("", "—"), *role_choices()],
            help_text=_(
                "A role covers the unit and every unit below it; an office role covers the level it serves."
            ),
        )

    def check_role_in_unit(self, cleaned_data):
        unit, role = cleaned_data.get("unit"), cleaned_data.get("role")
        if unit is None or not role or permissions.can_grant_role(self.acting_user, unit=unit, role=role):
            return
        message = _(
            "This role would reach beyond the units you administer. Choose a lower role or another unit."
        )
        self.add_error("role", message)


class UserCreateForm(RoleInUnitMixin, UserEditForm):
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to have a password generated; it is shown to you once, to hand over."),
    )

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, user=User(), **kwargs)
        self.setup_role_fields(acting_user)

    def clean(self):
        cleaned_data = super().clean()
        self.check_role_in_unit(cleaned_data)
        password = cleaned_data.get("password")
        if password:
            candidate = User(
                username=cleaned_data.get("username", ""),
                full_name=cleaned_data.get("full_name", ""),
                email=cleaned_data.get("email", ""),
            )
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned_data


class MembershipForm(RoleInUnitMixin, Form):
    def __init__(self, *args, acting_user, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.setup_role_fields(acting_user)

    def clean(self):
        cleaned_data = super().clean()
        self.check_role_in_unit(cleaned_data)
        unit, role = cleaned_data.get("unit"), cleaned_data.get("role")
        if (
            unit is not None
            and role
            and Membership.objects.filter(user=self.user, unit=unit, role=role).exists()
        ):
            self.add_error("role", _("This person already holds this role in this unit."))
        return cleaned_data


class NewPasswordForm(Form):
    """An administrator gives someone a new password, typed or generated."""

    password = forms.CharField(
        label=_("New password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to have a password generated; it is shown to you once, to hand over."),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if password:
            password_validation.validate_password(password, self.user)
        return password


def _default_token_expiry():
    return clock.today() + timedelta(days=ApiToken.DEFAULT_LIFETIME_DAYS)


class ApiTokenForm(ActionErrorsMixin, Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("What the token is for, e.g. the spreadsheet or system that uses it."),
    )
    scope = forms.ChoiceField(
        label=_("It may"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Read only: the program can look but change nothing. Choose read and write only if it must."
        ),
    )
    areas = forms.MultipleChoiceField(
        label=_("Areas"),
        choices=lambda: api_areas(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the parts of the API the program needs; none ticked: every area."),
    )
    expires_on = forms.DateField(
        label=_("Works until"),
        initial=_default_token_expiry,
        required=False,
        widget=iso_date_input(),
        help_text=_("The last day the token works; at most a year from today."),
    )

    def clean_scope(self):
        # Nothing chosen (a form posted without the choice): the narrower scope.
        return self.cleaned_data["scope"] or ApiToken.Scope.READ


class ForgottenPasswordForm(StoredTextMixin, PasswordResetForm):
    """The address to send a reset link to. Each person's e-mail is written in their language (the
    page's language when they chose none)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Your e-mail address")
        self.fields["email"].help_text = _(
            "The address in your profile. Ask an administrator if you have none."
        )

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        language = context["user"].language or translation.get_language()
        with translation.override(language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class SecondFactorForm(Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("The six digits your authenticator app shows now, or one of your backup codes."),
    )


class AuthenticatorSetupForm(Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("After adding the account, type the six digits the app shows."),
    )
