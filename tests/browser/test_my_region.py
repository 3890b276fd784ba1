"""A coordinator signs in (password, then the authenticator code), lands on "Mijn regio" and sees
the gap in their province; a reader reports a change with htmx."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from onderhoud.models import Report
from tests.factories import make_chapter, make_coordinator, make_organisation, make_regions

PASSWORD = "correct horse battery"


@pytest.fixture
def limburg(transactional_db):
    regions = make_regions()
    work = make_chapter(slug="werk-zoeken", title_nl="Werk zoeken")
    make_chapter(slug="woning-zoeken", title_nl="Woning zoeken")
    make_organisation(
        name="Zorgpunt Hasselt",
        slug="zorgpunt-hasselt",
        regions=[regions["limburg"]],
        chapters=[work],
    )
    make_organisation(name="Antwerps Onthaal", regions=[regions["antwerpen"]], chapters=[work])
    user = make_coordinator("coordinator-limburg", regions["limburg"])
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return regions, bytes.fromhex(device.key)


def test_a_coordinator_signs_in_and_sees_the_gap_in_their_region(limburg, live_server, page):
    regions, key = limburg
    page.context.set_extra_http_headers({"Accept-Language": "nl-BE,nl;q=0.9"})
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "coordinator-limburg")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/tweede-stap/?**")
    page.fill("#id_code", f"{totp(key):06d}")
    page.get_by_role("button", name="Verder").click()
    page.wait_for_url(f"{live_server.url}/admin/mijn-regio/")

    assert page.locator("h1").inner_text() == "Mijn regio"
    table = page.get_by_test_id("gap-table")
    headers = table.locator("thead th").all_text_contents()  # the admin shows them in capitals
    assert headers[1:] == ["Limburg", "Heel Vlaanderen", "Heel België"]
    assert "Antwerpen" not in page.content()  # another province stays out of sight
    gap = table.locator('[data-gap="woning-zoeken/limburg"]')
    assert gap.is_visible()
    assert table.locator('[data-gap="werk-zoeken/limburg"]').count() == 0  # Zorgpunt Hasselt
    gap.get_by_role("link", name="Voeg er een toe").click()
    page.wait_for_url("**/admin/organisaties/organisation/add/**")
    chosen = page.locator("#id_regions_to option").all_inner_texts()
    assert chosen == ["Limburg"]
    assert page.console_errors == []


def test_a_reader_reports_a_change_in_place_with_htmx(limburg, live_server, page, settings):
    settings.REPORT_MIN_SECONDS = 1
    page.goto(f"{live_server.url}/nl/organisaties/zorgpunt-hasselt/")
    page.evaluate("window.loadedOnce = true")
    page.get_by_text("Meld een wijziging").click()
    page.get_by_label("Wat klopt er niet of is er veranderd?").fill("Het nummer is veranderd.")
    page.wait_for_timeout(1200)  # a person takes longer than the minimum time
    page.get_by_role("button", name="Versturen").click()
    page.get_by_role("status").filter(has_text="Bedankt").wait_for()
    assert page.evaluate("window.loadedOnce") is True  # swapped in place, no reload
    assert Report.objects.get().message == "Het nummer is veranderd."
    assert page.console_errors == []
