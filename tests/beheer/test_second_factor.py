"""Staff sign in with a password and a second factor; no admin page answers without both."""

import re

import pytest
import reversion
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from reversion.admin import VersionAdmin
from reversion.models import Version

from beheer import second_factor
from tests.factories import make_chapter, make_staff, sign_in

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


@pytest.fixture
def no_app_backoff(settings):
    """django-otp slows an app down after a wrong code; tests that retry at once switch it off."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def enrolled(username: str = "redactie", **kwargs):
    user = make_staff(username, **kwargs)
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return user, device


def code_for(device: TOTPDevice, step: int = 0) -> str:
    """The app's code, `step` periods ahead (django-otp refuses a code twice, and allows one step of drift)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, drift=step):06d}"


def sign_in_with_password(client, username: str):
    return client.post(
        reverse("admin:login"), {"username": username, "password": PASSWORD, "next": "/admin/"}
    )


def admin_urls() -> list[tuple[str, str]]:
    """Every page of the admin site, for every registered model, with real arguments."""
    chapter = make_chapter()
    content_type = ContentType.objects.get_for_model(chapter)
    with reversion.create_revision():
        chapter.save()
    version = Version.objects.get_for_object(chapter).get()
    urls = [
        ("index", reverse("admin:index")),
        ("app_list", reverse("admin:app_list", args=["trajecten"])),
        ("translation dashboard", reverse("translation_dashboard")),
        ("view_on_site", reverse("admin:view_on_site", args=[content_type.pk, chapter.pk])),
        ("second step settings", reverse("admin:second_factor_manage")),
    ]
    for name in ("password_change", "password_change_done", "jsi18n", "autocomplete"):
        urls.append((name, reverse(f"admin:{name}")))
    for model in filter(admin.site.is_registered, apps.get_models()):
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        some = model._default_manager.first()
        pk = some.pk if some else 1
        urls += [
            (f"{prefix}_{view}", reverse(f"{prefix}_{view}", args=args))
            for view, args in [
                ("changelist", []),
                ("add", []),
                ("change", [pk]),
                ("delete", [pk]),
                ("history", [pk]),
            ]
        ]
        if isinstance(admin.site.get_model_admin(model), VersionAdmin):
            urls += [
                (f"{prefix}_recoverlist", reverse(f"{prefix}_recoverlist")),
                (f"{prefix}_recover", reverse(f"{prefix}_recover", args=[version.pk])),
                (f"{prefix}_revision", reverse(f"{prefix}_revision", args=[pk, version.pk])),
            ]
    return urls


def test_no_admin_page_answers_a_staff_member_without_a_verified_second_factor(client):
    user, _ = enrolled("chef", superuser=True)
    client.force_login(user)  # the password step only
    urls = admin_urls()
    assert len(urls) > 80
    for name, url in urls:
        response = client.get(url)
        assert response.status_code == 302, (name, url, response.status_code)
        assert response["Location"].startswith("/admin/login/"), (name, url)
    # The login page sends them on to the second step, not into the admin.
    response = client.get("/admin/login/?next=/admin/trajecten/chapter/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:second_factor"))


def test_with_the_second_factor_the_same_pages_open(client):
    sign_in(client, make_staff("chef", superuser=True))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/trajecten/chapter/").status_code == 200


def test_first_sign_in_forces_enrolment_then_shows_recovery_codes(client, no_app_backoff):
    make_staff("nieuw")
    response = sign_in_with_password(client, "nieuw")
    assert response["Location"].startswith(reverse("admin:second_factor"))
    response = client.get(response["Location"])
    assert response.status_code == 302 and "/instellen/" in response["Location"]
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Stel je tweede stap in" in html  # Dutch, the staff's language
    assert 'src="data:image/svg+xml' in html  # the QR code, without inline script
    device = TOTPDevice.objects.get(user__username="nieuw", confirmed=False)
    assert re.sub(r"\s", "", device.config_url) and device.config_url.startswith("otpauth://")

    wrong = client.post(page.request["PATH_INFO"], {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 400
    assert "Die code klopt niet" in wrong.content.decode()

    done = client.post(page.request["PATH_INFO"], {"code": code_for(device), "next": "/admin/"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == second_factor.RECOVERY_CODE_COUNT
    assert client.get("/admin/").status_code == 200


def test_a_code_from_the_app_opens_the_admin(client):
    user, device = enrolled()
    response = sign_in_with_password(client, user.username)
    assert client.get("/admin/").status_code == 302
    response = client.post(response["Location"], {"code": code_for(device), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(client):
    user, _ = enrolled()
    code = second_factor.new_recovery_codes(user)[0]
    step = reverse("admin:second_factor")
    sign_in_with_password(client, user.username)
    assert client.post(step, {"code": code.upper()}).status_code == 302
    client.logout()
    sign_in_with_password(client, user.username)
    assert client.post(step, {"code": code}).status_code == 400
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_wrong_codes_lock_the_second_step_and_a_correct_password_does_not_unlock_it(
    client, no_app_backoff
):
    user, device = enrolled()
    step = reverse("admin:second_factor")
    sign_in_with_password(client, user.username)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(step, {"code": "123456"})
    locked = client.post(step, {"code": code_for(device)})
    assert locked.status_code == 429
    assert "Te veel mislukte aanmeldingen" in locked.content.decode()
    client.logout()
    sign_in_with_password(client, user.username)  # the password is still right...
    assert (
        client.post(step, {"code": code_for(device, step=1)}).status_code == 429
    )  # ...the lock holds
    assert client.get("/admin/").status_code == 302


def test_the_app_slows_down_after_a_wrong_code(client):
    user, device = enrolled()
    step = reverse("admin:second_factor")
    sign_in_with_password(client, user.username)
    client.post(step, {"code": "123456"})
    response = client.post(step, {"code": code_for(device)})
    assert response.status_code == 400
    assert "Wacht" in response.content.decode()


def test_a_superuser_resets_a_lost_phone_and_the_history_says_so(client):
    colleague, _ = enrolled("coordinator")
    second_factor.new_recovery_codes(colleague)
    sign_in(client, make_staff("chef", superuser=True))
    response = client.post(
        "/admin/auth/user/",
        {"action": "reset_second_factor", "_selected_action": [colleague.pk]},
    )
    assert response.status_code == 302
    assert not second_factor.is_enrolled(colleague)
    assert second_factor.recovery_codes_left(colleague) == 0
    entry = LogEntry.objects.get(object_id=str(colleague.pk))
    assert (
        entry.get_change_message()
        == "Tweede stap gewist: bij de volgende aanmelding wordt ze opnieuw ingesteld."
    )


def test_only_superusers_may_reset_a_second_factor(client):
    colleague, _ = enrolled("coordinator")
    editor = make_staff("redacteur", perms=("auth.change_user", "auth.view_user"))
    sign_in(client, editor)
    client.post(
        "/admin/auth/user/", {"action": "reset_second_factor", "_selected_action": [colleague.pk]}
    )
    assert second_factor.is_enrolled(colleague)


def test_staff_sessions_last_a_working_day_of_inactivity(client):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600 and settings.SESSION_SAVE_EVERY_REQUEST
    sign_in(client, make_staff("chef", superuser=True))
    response = client.get("/admin/")
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 3600


@pytest.mark.parametrize("password", ["kort-wachtw", "password1234", "123456789012"])
def test_weak_staff_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)
    validate_password("lange zin over fietsen in de regen")


def test_the_second_step_pages_meet_the_csp(client):
    user = make_staff("nieuw")
    client.force_login(user)
    for url in (reverse("admin:second_factor_enrol"),):
        html = client.get(url).content.decode()
        assert (
            "<script>" not in html and "style=" not in html.split("<body")[1].split("data:image")[0]
        )
        assert "unsafe-inline" not in client.get(url)["Content-Security-Policy"]
