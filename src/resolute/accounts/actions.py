"""Every write to accounts: users, memberships, tokens. Each runs in one transaction and is logged.

`acting_user=None` means the system itself (the demo loader, a management command): no permission
check is made. Any person acting through a page or the API is checked here again, whatever the
edge already checked. Password hashes and token hashes never reach the change log.
"""

from collections.abc import Sequence
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.changelog import record_change, snapshot
from resolute.core.contributions import api_areas
from resolute.orgunits.choices import Role
from resolute.orgunits.models import Membership
from resolute.orgunits.scope import forget_scope

from . import permissions, two_factor
from .models import ApiToken, User

PROFILE_FIELDS = ["full_name", "email", "job_title", "phone", "language"]
ADMIN_EDITABLE_FIELDS = ["username", *PROFILE_FIELDS]
LOGGED_USER_FIELDS = [*ADMIN_EDITABLE_FIELDS, "is_active"]
MEMBERSHIP_FIELDS = ["user", "unit", "role"]
TOKEN_FIELDS = ["user", "name", "hint", "scope", "areas", "expires_on"]

# Letters and digits that cannot be mistaken for one another when read aloud or copied by hand.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
GENERATED_PASSWORD_LENGTH = 16


def generate_password() -> str:
    return get_random_string(GENERATED_PASSWORD_LENGTH, PASSWORD_ALPHABET)


def _is_person(acting_user) -> bool:
    return acting_user is not None and getattr(acting_user, "is_authenticated", False)


def _check_username_free(username: str, user: User | None = None) -> None:
    clash = User.objects.filter(username__iexact=username)
    if user is not None and user.pk:
        clash = clash.exclude(pk=user.pk)
    if clash.exists():
        raise ValidationError(
            {"username": _("The user name %(username)s is already taken.") % {"username": username}}
        )


def _locked(user: User) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


def _membership_note(template: str, membership: Membership) -> str:
    return template % {"role": membership.get_role_display(), "unit": membership.unit}


# -- people ---------------------------------------------------------------------------------------


@transaction.atomic
def create_user(
    *,
    acting_user,
    username: str,
    full_name: str,
    memberships: Sequence[tuple],
    email: str = "",
    job_title: str = "",
    phone: str = "",
    language: str = "",
    password: str | None = None,
) -> tuple[User, str]:
    """Create an account with at least one role. Without a password one is generated.
    Returns the user and the initial password, for the administrator to hand over once."""
    if not memberships:
        raise ValidationError({"unit": _("Give the new user at least one role in a unit.")})
    if _is_person(acting_user):
        if not permissions.can_administer_users(acting_user):
            raise PermissionDenied
        for unit, role in memberships:
            permissions.check_can_grant_role(acting_user, unit=unit, role=role)
    _check_username_free(username)
    initial_password = password or generate_password()
    user = User.objects.create_user(
        username=username,
        password=initial_password,
        full_name=full_name,
        email=email,
        job_title=job_title,
        phone=phone,
        language=language,
    )
    record_change(actor=acting_user, instance=user, action="create", fields=ADMIN_EDITABLE_FIELDS)
    for unit, role in memberships:
        _add_membership(acting_user=acting_user, user=user, unit=unit, role=role)
    return user, initial_password


@transaction.atomic
def update_user(*, acting_user, user: User, **changes) -> User:
    """An administrator changes someone's account details."""
    if _is_person(acting_user):
        permissions.check_can_manage_account(acting_user, user)
    user = _locked(user)
    if "username" in changes:
        _check_username_free(changes["username"], user)
    return _apply_changes(acting_user=acting_user, user=user, changes=changes, allowed=ADMIN_EDITABLE_FIELDS)


@transaction.atomic
def update_own_profile(*, acting_user: User, **changes) -> User:
    """A person changes their own name, contact details and language."""
    user = _locked(acting_user)
    user = _apply_changes(acting_user=acting_user, user=user, changes=changes, allowed=PROFILE_FIELDS)
    for field in changes:
        setattr(acting_user, field, getattr(user, field))
    return user


def _apply_changes(*, acting_user, user: User, changes: dict, allowed: list[str]) -> User:
    before = snapshot(user, LOGGED_USER_FIELDS)
    for field, value in changes.items():
        if field not in allowed:
            raise ValueError(f"{field} cannot be changed here")
        setattr(user, field, value)
    user.save(update_fields=list(changes))
    record_change(actor=acting_user, instance=user, action="update", before=before)
    return user


@transaction.atomic
def set_user_language(*, user: User, language: str, acting_user) -> User:
    before = snapshot(user, ["language"])
    user.language = language
    user.save(update_fields=["language"])
    record_change(actor=acting_user, instance=user, action="update", before=before)
    return user


@transaction.atomic
def deactivate_user(*, acting_user, user: User) -> User:
    """Stop an account from signing in or using its tokens. Nothing is deleted; it can be reactivated."""
    if _is_person(acting_user):
        permissions.check_can_manage_account(acting_user, user)
        if acting_user.pk == user.pk:
            raise ValidationError(_("You cannot deactivate your own account."))
    return _set_active(acting_user=acting_user, user=user, active=False)


@transaction.atomic
def reactivate_user(*, acting_user, user: User) -> User:
    if _is_person(acting_user):
        permissions.check_can_manage_account(acting_user, user)
    return _set_active(acting_user=acting_user, user=user, active=True)


def _set_active(*, acting_user, user: User, active: bool) -> User:
    user = _locked(user)
    before = snapshot(user, ["is_active"])
    user.is_active = active
    user.save(update_fields=["is_active"])
    record_change(actor=acting_user, instance=user, action="update", before=before)
    forget_scope(user)
    return user


@transaction.atomic
def set_user_password(*, acting_user, user: User, password: str | None = None) -> tuple[User, str]:
    """An administrator gives someone a new password (generated when none is given).
    Returns the user and the password, to hand over once."""
    if _is_person(acting_user):
        permissions.check_can_manage_account(acting_user, user)
    user = _locked(user)
    new_password = password or generate_password()
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record_change(
        actor=acting_user, instance=user, action="update", note=_("An administrator set a new password.")
    )
    return user, new_password


@transaction.atomic
def change_own_password(*, acting_user: User, password: str) -> User:
    """A person changes their own password (the form has checked the old one)."""
    user = _locked(acting_user)
    user.set_password(password)
    user.save(update_fields=["password"])
    acting_user.password = user.password
    record_change(actor=acting_user, instance=user, action="update", note=_("Changed their password."))
    return user


# -- memberships ----------------------------------------------------------------------------------


@transaction.atomic
def add_membership(*, acting_user, user: User, unit, role: str) -> Membership:
    """Give `user` a role in `unit` (and so in everything below it)."""
    if _is_person(acting_user):
        if user.is_superuser and not acting_user.is_superuser:
            raise PermissionDenied
        permissions.check_can_grant_role(acting_user, unit=unit, role=role)
    _locked(user)
    return _add_membership(acting_user=acting_user, user=user, unit=unit, role=role)


def _add_membership(*, acting_user, user: User, unit, role: str) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if Membership.objects.filter(user=user, unit=unit, role=role).exists():
        raise ValidationError(
            {"role": _("%(user)s already holds this role in %(unit)s.") % {"user": user, "unit": unit}}
        )
    if unit.is_closed:
        raise ValidationError({"unit": _("%(unit)s is closed; choose an open unit.") % {"unit": unit}})
    membership = Membership.objects.create(user=user, unit=unit, role=role)
    record_change(actor=acting_user, instance=membership, action="create", fields=MEMBERSHIP_FIELDS)
    record_change(
        actor=acting_user,
        instance=user,
        action="update",
        note=_membership_note(_("Role given: %(role)s in %(unit)s."), membership),
    )
    _forget_scopes(user, acting_user)
    return membership


@transaction.atomic
def remove_membership(*, acting_user, membership: Membership) -> None:
    """Take a role away. A person keeps at least one role, so they stay findable; deactivate instead."""
    if _is_person(acting_user):
        permissions.check_can_change_membership(acting_user, membership)
    person = membership.user
    user = _locked(person)
    membership = Membership.objects.select_related("unit").get(pk=membership.pk)
    if not Membership.objects.filter(user=user).exclude(pk=membership.pk).exists():
        raise ValidationError(
            _("This is the last role of %(user)s. Give another role first, or deactivate the account.")
            % {"user": user}
        )
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    record_change(actor=acting_user, instance=membership, action="delete", before=before)
    record_change(
        actor=acting_user,
        instance=user,
        action="update",
        note=_membership_note(_("Role taken away: %(role)s in %(unit)s."), membership),
    )
    membership.delete()
    _forget_scopes(person, acting_user)


def _forget_scopes(person: User, acting_user) -> None:
    """Roles changed: the person's scope (and the actor's, if they changed their own) is recomputed."""
    forget_scope(person)
    if acting_user is not None and acting_user.pk == person.pk:
        forget_scope(acting_user)


# -- personal API tokens --------------------------------------------------------------------------


@transaction.atomic
def create_api_token(
    *,
    acting_user: User,
    name: str,
    scope: str = ApiToken.Scope.WRITE,
    areas: Sequence[str] = (),
    expires_on: date | None = None,
) -> tuple[ApiToken, str]:
    """A personal token for the acting user. Returns the token and its raw value, which is shown
    once and never stored. It may read only (`scope="read"`) or read and write; it reaches the listed
    `areas` of the API (none: all of them); it works until `expires_on`, by default
    `ApiToken.DEFAULT_LIFETIME_DAYS` from today and never more than `ApiToken.MAX_LIFETIME_DAYS`."""
    today = clock.today()
    if expires_on is None:
        expires_on = today + timedelta(days=ApiToken.DEFAULT_LIFETIME_DAYS)
    errors: dict[str, list[str]] = {}
    if scope not in ApiToken.Scope.values:
        errors["scope"] = [_("Choose read only or read and write.")]
    known_areas = {area for area, _label in api_areas()}
    unknown = sorted(set(areas) - known_areas)
    if unknown:
        errors["areas"] = [
            _("No such area of the API: %(areas)s. Choose among %(known)s.")
            % {"areas": ", ".join(unknown), "known": ", ".join(sorted(known_areas))}
        ]
    if expires_on <= today:
        errors["expires_on"] = [_("Choose a day after today.")]
    elif expires_on > today + timedelta(days=ApiToken.MAX_LIFETIME_DAYS):
        errors["expires_on"] = [
            _("A token lasts at most %(days)s days: choose %(last)s or earlier.")
            % {
                "days": ApiToken.MAX_LIFETIME_DAYS,
                "last": today + timedelta(days=ApiToken.MAX_LIFETIME_DAYS),
            }
        ]
    if errors:
        raise ValidationError(errors)
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=acting_user,
        name=name,
        token_hash=ApiToken.hash(raw),
        hint=raw[: ApiToken._meta.get_field("hint").max_length],
        scope=scope,
        areas=sorted(set(areas), key=[area for area, _label in api_areas()].index),
        expires_on=expires_on,
    )
    record_change(actor=acting_user, instance=token, action="create", fields=TOKEN_FIELDS)
    return token, raw


@transaction.atomic
def revoke_api_token(*, acting_user: User, token: ApiToken) -> ApiToken:
    """Stop a token from working. Only its owner revokes it."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != acting_user.pk:
        raise PermissionDenied
    if token.revoked_at is not None:
        return token
    before = snapshot(token, ["revoked_at"])
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    record_change(actor=acting_user, instance=token, action="update", before=before)
    return token


# -- forgotten passwords --------------------------------------------------------------------------


@transaction.atomic
def record_password_reset_sent(*, user: User) -> None:
    """A reset link went to the person's e-mail (asked for on the sign-in page, by anyone)."""
    record_change(
        actor=None, instance=user, action="update", note=_("A password-reset link was sent by e-mail.")
    )


@transaction.atomic
def reset_forgotten_password(*, user: User, password: str) -> User:
    """The person set a new password through the link sent to them; the link then stops working."""
    locked = _locked(user)
    locked.set_password(password)
    locked.save(update_fields=["password"])
    user.password = locked.password
    record_change(
        actor=user, instance=locked, action="update", note=_("Set a new password through a reset link.")
    )
    return locked


# -- two-factor authentication --------------------------------------------------------------------


def _totp_time_step(hex_key: str, code: str) -> int | None:
    """The time step whose code `code` is (one step of clock drift either way), or None."""
    from binascii import unhexlify

    from django_otp.oath import TOTP

    code = code.replace(" ", "")
    if not code.isdigit():
        return None
    totp = TOTP(unhexlify(hex_key), step=30, t0=0, digits=6)
    return totp.t() if totp.verify(int(code), tolerance=1) else None


def _new_backup_codes(user: User) -> list[str]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Backup codes"), confirmed=True)
    codes = [StaticToken.random_token() for _index in range(two_factor.BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def enable_two_factor(*, acting_user: User, key: str, code: str):
    """The person confirms the authenticator they set up with one of its codes. Returns the device and
    the backup codes, shown once."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = _locked(acting_user)
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("Two-factor authentication is already set up for your account."))
    time_step = _totp_time_step(key, code)
    if time_step is None:
        raise ValidationError(
            {"code": _("This code does not match. Type the six digits your app shows now, without spaces.")}
        )
    TOTPDevice.objects.filter(user=user).delete()
    # The confirming code is used up: it cannot serve again as the second step of a sign-in.
    device = TOTPDevice.objects.create(
        user=user, name=_("Authenticator app"), key=key, confirmed=True, last_t=time_step
    )
    codes = _new_backup_codes(user)
    record_change(
        actor=acting_user, instance=user, action="update", note=_("Set up two-factor authentication.")
    )
    return device, codes


def verify_second_factor(*, user: User, code: str):
    """The device that accepts `code` (a code of the app, or an unused backup code, which is used up),
    or None. django-otp slows down repeated failures on each device. A backup code used is logged."""
    from django_otp import devices_for_user
    from django_otp.plugins.otp_static.models import StaticDevice

    code = code.strip().replace(" ", "").lower()
    if not code:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(code):
                if isinstance(device, StaticDevice):
                    record_change(
                        actor=user,
                        instance=user,
                        action="update",
                        note=_("Signed in with a backup code (%(left)s left).")
                        % {"left": device.token_set.count()},
                    )
                return device
    return None


def disable_two_factor(*, acting_user: User, code: str) -> None:
    """The person removes their authenticator and backup codes, proving it with a code of either.
    The code is checked first, in its own transaction, so a wrong one still counts against retries."""
    if verify_second_factor(user=acting_user, code=code) is None:
        raise ValidationError({"code": _("This code is not correct, or it has been used already.")})
    with transaction.atomic():
        _remove_devices(_locked(acting_user))
        record_change(
            actor=acting_user,
            instance=acting_user,
            action="update",
            note=_("Removed two-factor authentication."),
        )


@transaction.atomic
def replace_backup_codes(*, acting_user: User) -> list[str]:
    """Fresh backup codes for a person who has two-factor authentication; the old ones stop working."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = _locked(acting_user)
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("Set up two-factor authentication first."))
    codes = _new_backup_codes(user)
    record_change(actor=acting_user, instance=user, action="update", note=_("Made new backup codes."))
    return codes


@transaction.atomic
def reset_two_factor(*, acting_user, user: User) -> User:
    """An administrator removes someone's authenticator and backup codes (a lost phone): the person
    signs in with their password alone, or sets up a new app if their role requires one."""
    if _is_person(acting_user):
        permissions.check_can_manage_account(acting_user, user)
    user = _locked(user)
    _remove_devices(user)
    record_change(
        actor=acting_user,
        instance=user,
        action="update",
        note=_("An administrator reset two-factor authentication."),
    )
    return user


def _remove_devices(user: User) -> None:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
