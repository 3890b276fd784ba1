"""A staff member's second factor: an authenticator app (TOTP), passkeys and recovery codes.

The cryptography is django-otp's (TOTP, recovery codes) and django-otp-webauthn's (passkeys);
this module only says which devices count and how a staff member enrols or is reset.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import devices_for_user, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def is_enrolled(user) -> bool:
    """True once the user has a confirmed authenticator app or passkey (recovery codes alone do not count)."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    )


def with_enrolment(users):
    """Annotate `is_enrolled` on a queryset of users (for lists: no query per user)."""
    return users.annotate(
        is_enrolled=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        | Exists(WebAuthnCredential.objects.filter(user=OuterRef("pk"), confirmed=True))
    )


def pending_authenticator(user) -> TOTPDevice:
    """The unconfirmed authenticator shown as a QR code during enrolment (one per user, reused on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


@transaction.atomic
def confirm_authenticator(device: TOTPDevice, token: str) -> bool:
    """Confirm the app if `token` is its current code: the phone and the server share the secret."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).delete()  # one app at a time
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with fresh ones; each works once. Shown to the user only now."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def device_for_code(user, code: str):
    """The device that accepts `code`: six digits go to the app, anything else to the recovery codes.

    Routing by shape keeps a recovery code from counting as a wrong app code (which would slow
    the app down through django-otp's backoff). Returns None when the code is wrong.
    """
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    device = model.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    return verify_token(user, device.persistent_id, code)


def seconds_to_wait(user) -> int:
    """How long the authenticator app is locked after wrong codes (django-otp's own backoff)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return 0
    allowed, details = device.verify_is_allowed()
    if allowed or not details or not details.get("locked_until"):
        return 0
    return max(1, int((details["locked_until"] - timezone.now()).total_seconds()) + 1)


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def reset_second_factor(user) -> int:
    """Remove every device of `user` (a lost phone): they enrol again at their next sign-in."""
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    return removed


def describe(user) -> str:
    """A short, secret-free summary for the admin: which factors a staff member has set up."""
    parts = []
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        parts.append(str(_("authenticator app")))
    passkeys = WebAuthnCredential.objects.filter(user=user, confirmed=True).count()
    if passkeys:
        parts.append(
            ngettext("%(count)d passkey", "%(count)d passkeys", passkeys) % {"count": passkeys}
        )
    if parts:
        left = recovery_codes_left(user)
        parts.append(
            ngettext("%(count)d recovery code left", "%(count)d recovery codes left", left)
            % {"count": left}
        )
        return ", ".join(parts)
    return str(_("not set up yet"))


def passkeys(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")
