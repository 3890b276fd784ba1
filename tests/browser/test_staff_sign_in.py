"""A staff member enrols an authenticator app at the first sign-in, then signs in with its code."""

from base64 import b32decode

import pytest
from django_otp.oath import totp

from tests.factories import make_staff

PASSWORD = "correct horse battery"


@pytest.fixture
def chef(transactional_db):
    return make_staff("chef", superuser=True)


def sign_in_with_password(page, base_url: str) -> None:
    page.context.set_extra_http_headers({"Accept-Language": "nl-BE,nl;q=0.9"})  # a Flemish browser
    page.goto(f"{base_url}/admin/")
    page.fill("#id_username", "chef")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()


def test_enrol_an_authenticator_app_and_sign_in_with_its_code(chef, live_server, page):
    sign_in_with_password(page, live_server.url)
    page.wait_for_url("**/admin/tweede-stap/instellen/**")
    assert page.locator("h1").inner_text() == "Stel je tweede stap in"
    secret = page.locator(".second-factor__secret").inner_text()
    key = b32decode(secret)  # what the phone reads from the QR code

    page.fill("#id_code", f"{totp(key):06d}")
    page.get_by_role("button", name="Bevestigen").click()
    codes = page.locator("[data-testid=recovery-codes] li")
    assert codes.count() == 10
    page.get_by_role("link", name="Ik heb ze bewaard: verder").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.locator("#user-tools").is_visible()

    page.locator("#logout-form button").click()
    sign_in_with_password(page, live_server.url)
    page.wait_for_url("**/admin/tweede-stap/?**")
    # The code of the next 30-second step: django-otp never accepts the same code twice.
    page.fill("#id_code", f"{totp(key, drift=1):06d}")
    page.get_by_role("button", name="Verder").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.console_errors == []
