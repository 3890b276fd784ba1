"""'Meld een wijziging': honeypot, time check, rate limit, routing by region, the digest."""

import re
import time

import pytest
from django.core.management import call_command

from onderhoud.models import Report, ReportDigest
from onderhoud.reports import form_stamp
from tests.factories import (
    make_chapter,
    make_coordinator,
    make_editor,
    make_organisation,
    make_regions,
    make_section,
    sign_in,
)

pytestmark = pytest.mark.django_db
REPORT = "/nl/melden/"


@pytest.fixture
def regions():
    return make_regions()


@pytest.fixture
def listing(regions):
    return make_organisation(
        name="Zorgpunt Hasselt", slug="zorgpunt-hasselt", regions=[regions["limburg"]]
    )


def old_enough() -> str:
    return form_stamp(time.time() - 60)


def send(client, headers=None, **data):
    data = {"message": "Het telefoonnummer klopt niet.", "stamp": old_enough(), **data}
    return client.post(REPORT, data, **(headers or {}))


def test_the_organisation_page_has_a_report_form_that_works_without_javascript(client, listing):
    html = client.get(listing.get_absolute_url()).content.decode()
    assert '<details class="report" id="melden">' in html
    assert f'action="{REPORT}"' in html and 'method="post"' in html
    assert re.search(r'name="stamp" value="[^"]+:[^"]+"', html)  # signed "shown at"
    response = client.post(
        REPORT,
        {
            "message": "Verhuisd naar de Markt.",
            "stamp": old_enough(),
            "organisation": "zorgpunt-hasselt",
            "next": listing.get_absolute_url(),
        },
    )
    assert response.status_code == 200
    assert "Bedankt" in response.content.decode()
    report = Report.objects.get()
    assert report.organisation == listing and report.message == "Verhuisd naar de Markt."


def test_a_report_costs_three_queries(client, listing, django_assert_num_queries):
    with django_assert_num_queries(3):  # the listing, the rate limit, the new report
        assert send(client, organisation="zorgpunt-hasselt").status_code == 200


def test_every_chapter_section_has_a_report_form_and_the_page_stays_cookie_free(client):
    chapter = make_chapter(slug="woning-zoeken")
    first = make_section(chapter=chapter, key="huren")
    second = make_section(chapter=chapter, key="kopen")
    response = client.get(chapter.get_absolute_url())
    html = response.content.decode()
    assert f'id="melden-s{first.pk}"' in html and f'id="melden-s{second.pk}"' in html
    assert f'name="section" value="{first.pk}"' in html
    assert not response.cookies  # no CSRF cookie: the page stays cacheable and cookie-free


def test_htmx_gets_only_the_thank_you_box(client, listing):
    response = send(client, {"HTTP_HX_REQUEST": "true"}, organisation="zorgpunt-hasselt")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and "report__thanks" in html


def test_the_honeypot_keeps_nothing(client, listing):
    response = send(client, organisation="zorgpunt-hasselt", website="http://spam.example")
    assert response.status_code == 200
    assert not Report.objects.exists()


def test_a_form_sent_too_quickly_is_refused_and_can_be_sent_again(client, listing, settings):
    settings.REPORT_MIN_SECONDS = 600  # "too quickly" must not depend on how busy the machine is
    response = client.post(
        REPORT, {"message": "Snel", "stamp": form_stamp(), "organisation": "zorgpunt-hasselt"}
    )
    assert response.status_code == 400
    assert not Report.objects.exists()
    html = response.content.decode()
    assert "Snel" in html  # the message is kept in the form


def test_a_forged_or_stale_stamp_is_refused(client, listing):
    for stamp in ("123:abc", form_stamp(time.time() - 3 * 24 * 3600)):
        assert send(client, organisation="zorgpunt-hasselt", stamp=stamp).status_code == 400
    assert not Report.objects.exists()


def test_bad_input_gets_a_400_never_a_500(client, listing):
    assert send(client).status_code == 400  # about nothing
    assert send(client, organisation="bestaat-niet").status_code == 400
    assert send(client, section="abc").status_code == 400
    assert send(client, organisation="zorgpunt-hasselt", message="").status_code == 400
    assert send(client, organisation="zorgpunt-hasselt", email="geen-adres").status_code == 400
    assert client.get(REPORT).status_code == 405
    assert not Report.objects.exists()


def test_reports_are_rate_limited_per_address(client, listing, settings):
    settings.REPORTS_PER_HOUR = 3
    for _ in range(3):
        assert (
            send(client, {"REMOTE_ADDR": "10.0.0.1"}, organisation="zorgpunt-hasselt").status_code
            == 200
        )
    refused = send(client, {"REMOTE_ADDR": "10.0.0.1"}, organisation="zorgpunt-hasselt")
    assert refused.status_code == 429
    assert "over een uur" in refused.content.decode()
    assert (
        send(client, {"REMOTE_ADDR": "10.0.0.2"}, organisation="zorgpunt-hasselt").status_code
        == 200
    )
    assert Report.objects.count() == 4


def test_behind_a_proxy_the_forwarded_address_counts(client, listing, settings):
    settings.REPORTS_PER_HOUR, settings.PROXY_COUNT = 1, 1
    # A second reader behind the same proxy may send; the first one, again, may not.
    for reader, status in (("203.0.113.7", 200), ("203.0.113.8", 200), ("203.0.113.7", 429)):
        headers = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": reader}
        assert send(client, headers, organisation="zorgpunt-hasselt").status_code == status


def test_reports_are_routed_by_region_and_chapter_text_goes_to_the_editors(
    client, regions, listing
):
    antwerp = make_organisation(
        name="Antwerps Onthaal", slug="antwerps-onthaal", regions=[regions["antwerpen"]]
    )
    section = make_section(chapter=make_chapter(), key="huren")
    send(client, organisation="zorgpunt-hasselt")
    send(client, organisation="antwerps-onthaal")
    send(client, section=str(section.pk))

    limburg = make_coordinator("coordinator-limburg", regions["limburg"])
    editor = make_editor()
    assert [r.organisation for r in Report.objects.visible_to(limburg)] == [listing]
    assert {r.about for r in Report.objects.visible_to(editor)} == {listing, antwerp, section}

    sign_in(client, limburg)
    html = client.get("/admin/onderhoud/report/").content.decode()
    assert "Zorgpunt Hasselt" in html and "Antwerps Onthaal" not in html and "huren" not in html
    other = Report.objects.get(organisation=antwerp)
    assert client.get(f"/admin/onderhoud/report/{other.pk}/change/").status_code == 302


def test_closing_a_report_deletes_the_reporters_address_also_from_the_history(
    client, regions, listing
):
    send(client, organisation="zorgpunt-hasselt", email="lezer@example.org")
    report = Report.objects.get()
    assert report.email == "lezer@example.org" and report.sender_key
    sign_in(client, make_coordinator("coordinator-limburg", regions["limburg"]))
    client.post(
        "/admin/onderhoud/report/", {"action": "close_reports", "_selected_action": [report.pk]}
    )
    report.refresh_from_db()
    assert report.status == Report.Status.CLOSED and report.email == "" and report.sender_key == ""
    history = client.get(f"/admin/onderhoud/report/{report.pk}/history/")
    assert history.status_code == 200 and "coordinator-limburg" in history.content.decode()
    from reversion.models import Version

    assert all("lezer@example.org" not in v.serialized_data for v in Version.objects.all())


def test_the_daily_digest_goes_to_the_regions_coordinator_once(smtp, client, regions, listing):
    limburg = make_coordinator("coordinator-limburg", regions["limburg"])
    limburg.email = "limburg@vluchtwijzer.example"
    limburg.save()
    antwerp = make_coordinator("coordinator-antwerpen", regions["antwerpen"])
    antwerp.email = "antwerpen@vluchtwijzer.example"
    antwerp.save()
    send(client, organisation="zorgpunt-hasselt")

    call_command("send_report_digest")
    assert smtp.recipients == [["limburg@vluchtwijzer.example"]]
    assert "Het telefoonnummer klopt niet." in smtp.bodies()[0]
    call_command("send_report_digest")  # twice the same day: nothing new, no e-mail
    assert len(smtp.messages) == 1

    send(client, organisation="zorgpunt-hasselt", message="Ook het adres.")
    call_command("send_report_digest")
    assert len(smtp.messages) == 2
    assert "Ook het adres." in smtp.bodies()[1] and "klopt niet" not in smtp.bodies()[1]
    assert ReportDigest.objects.filter(user=limburg).count() == 2
