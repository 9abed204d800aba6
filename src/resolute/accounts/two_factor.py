"""Two-factor authentication (TOTP, with backup codes for a lost phone), on django-otp's devices.

After the password, a session may still owe a second factor: the code of the person's authenticator
app ("verify"), or, when `RESOLUTE_REQUIRE_TWO_FACTOR` is on and the person is an administrator or
an office (or a superuser) without a device, its set-up ("enrol"). What is owed is decided once, as
the session signs in, and kept in the session; `middleware.TwoFactorMiddleware` lets such a session
reach nothing but the page that settles it. API tokens do not go through sign-in and are not asked.
"""

from base64 import b32encode
from binascii import unhexlify

import qrcode
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathImage

from resolute.orgunits.choices import Role
from resolute.orgunits.scope import scope_for

# What the session still owes after the password: nothing (absent), a code, or the set-up.
OWED_SESSION_KEY = "accounts_second_factor_owed"
OWES_CODE = "code"
OWES_ENROLMENT = "enrolment"
# The secret of an authenticator being set up, kept until a code confirms it.
PENDING_KEY_SESSION_KEY = "accounts_two_factor_pending_key"

BACKUP_CODE_COUNT = 10
ISSUER = "Resolute"


def has_two_factor(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def backup_codes_left(user) -> int:
    device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    return device.token_set.count() if device is not None else 0


def is_required_for(user) -> bool:
    """Administrators and offices (from their memberships) and superusers must use a second factor
    when the setting says so."""
    if not settings.RESOLUTE_REQUIRE_TWO_FACTOR:
        return False
    scope = scope_for(user)
    return user.is_superuser or scope.has_power_anywhere(Role.OFFICE)


def owed_after_password(user) -> str:
    if has_two_factor(user):
        return OWES_CODE
    if is_required_for(user):
        return OWES_ENROLMENT
    return ""


@receiver(user_logged_in, dispatch_uid="resolute.accounts.second_factor_owed")
def remember_what_is_owed(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    owed = owed_after_password(user)
    if owed:
        request.session[OWED_SESSION_KEY] = owed
    else:
        request.session.pop(OWED_SESSION_KEY, None)


def settled(request) -> None:
    """The session has given its second factor (or set it up): it may go anywhere now."""
    request.session.pop(OWED_SESSION_KEY, None)
    request.session.pop(PENDING_KEY_SESSION_KEY, None)
    request.session.cycle_key()


# -- setting up an authenticator ------------------------------------------------------------------


def new_secret_key() -> str:
    """A fresh secret, hex-encoded as django-otp stores it."""
    from django_otp.util import random_hex

    return random_hex(20)


def readable_key(hex_key: str) -> str:
    """The secret as an authenticator app asks for it when typed: base32, in groups of four."""
    key = b32encode(unhexlify(hex_key)).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def setup_url(user, hex_key: str) -> str:
    return TOTPDevice(user=user, key=hex_key).config_url


def qr_code_svg(data: str) -> str:
    """The QR code of `data` as an inline SVG element (no image file, nothing fetched)."""
    image = qrcode.make(data, image_factory=SvgPathImage, box_size=8, border=2)
    svg = image.to_string(encoding="unicode")
    # Drop the XML declaration: the element goes inside an HTML page.
    return svg[svg.index("<svg") :]
