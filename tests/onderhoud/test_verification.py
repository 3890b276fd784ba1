"""The yearly check end to end: a real SMTP e-mail, a confirm link that works once, a change
link that becomes a proposal, accepted field by field by a coordinator of that region only."""

import datetime
import re
import time

import pytest
import reversion
from django.core import signing
from django.core.management import CommandError, call_command
from django.utils import timezone
from reversion.models import Version

from onderhoud.models import ChangeProposal, VerificationRequest
from onderhoud.verification import SALT
from organisaties.models import Organisation
from tests.factories import make_coordinator, make_organisation, make_regions, sign_in

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://testserver(/\w\w/controle/[^\s/]+/(?:wijziging/)?)")


@pytest.fixture
def regions():
    return make_regions()


@pytest.fixture
def listing(regions):
    with reversion.create_revision():
        return make_organisation(
            name="Zorgpunt Hasselt",
            slug="zorgpunt-hasselt",
            regions=[regions["limburg"]],
            contact_email="info@zorgpunt.example",
            phone="011 00 00 00",
            website="https://zorgpunt.example",
        )


def links(body: str) -> tuple[str, str]:
    confirm, change = LINK.findall(body)
    return confirm, change


def test_the_command_sends_a_real_email_and_the_confirm_link_verifies_once(smtp, client, listing):
    call_command("send_verification_requests", stdout=None)
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert smtp.recipients == [["info@zorgpunt.example"]]
    assert "Zorgpunt Hasselt" in message["Subject"]
    body = smtp.bodies()[0]
    assert "Ja, dit klopt nog" in body and "Er is iets veranderd" in body  # Dutch by default
    assert "011 00 00 00" in body  # the listing as it stands
    confirm, _change = links(body)

    call_command("send_verification_requests")  # cron ran twice: no second e-mail
    assert len(smtp.messages) == 1

    page = client.get(confirm)
    assert page.status_code == 200 and "Zorgpunt Hasselt" in page.content.decode()
    listing.refresh_from_db()
    assert listing.last_verified is None  # opening the link (a mail scanner) changes nothing

    assert client.post(confirm).status_code == 200
    listing.refresh_from_db()
    assert listing.last_verified == timezone.localdate()
    assert listing.last_verified_by == "info@zorgpunt.example"
    latest = Version.objects.get_for_object(listing).first()
    assert "info@zorgpunt.example" in latest.revision.get_comment()

    second = client.post(confirm)
    assert second.status_code == 410 and "al gebruikt" in second.content.decode()
    assert client.get(confirm).status_code == 410
    assert client.get(_change).status_code == 410  # one answer per e-mail


def test_a_tampered_link_is_refused_with_a_clear_page(client, listing):
    verification = VerificationRequest.objects.create(
        organisation=listing, email="a@b.example", language="nl", sent_at=timezone.now()
    )
    signed = signing.TimestampSigner(salt=SALT).sign(verification.token)
    tampered = signed[:-3] + ("aaa" if not signed.endswith("aaa") else "bbb")
    for url in (f"/nl/controle/{tampered}/", f"/nl/controle/{tampered}/wijziging/"):
        response = client.get(url)
        assert response.status_code == 400
        assert "niet geldig" in response.content.decode()
    assert client.post(f"/nl/controle/{tampered}/").status_code == 400
    assert client.get("/nl/controle/zomaar/").status_code == 400


def test_an_expired_link_is_refused_with_a_clear_page(client, listing):
    verification = VerificationRequest.objects.create(
        organisation=listing, email="a@b.example", language="nl", sent_at=timezone.now()
    )

    class SignedLongAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 31 * 24 * 3600)

    signed = SignedLongAgo(salt=SALT).sign(verification.token)
    response = client.post(f"/nl/controle/{signed}/")
    assert response.status_code == 410 and "verlopen" in response.content.decode()
    listing.refresh_from_db()
    assert listing.last_verified is None


def test_a_brussels_listing_that_asks_for_french_gets_french(smtp, regions):
    make_organisation(
        name="Accueil Bruxelles",
        slug="accueil-bruxelles",
        regions=[regions["brussel"]],
        email="contact@accueil.example",  # no staff contact address: the public one is used
        contact_language="fr",
    )
    call_command("send_verification_requests", "--listing", "accueil-bruxelles")
    body = smtp.bodies()[0]
    assert "/fr/controle/" in body
    assert "Oui, c'est toujours correct" in body


def test_the_change_link_makes_a_proposal_that_only_that_regions_coordinator_accepts(
    smtp, client, regions, listing
):
    call_command("send_verification_requests")
    _confirm, change = links(smtp.bodies()[0])
    form = client.get(change)
    assert form.status_code == 200
    assert 'value="011 00 00 00"' in form.content.decode()  # prefilled with the listing

    data = {
        **{k: v for k, v in form.context["form"].initial.items()},
        "phone": "011 99 99 99",
        "website": "https://nieuw.zorgpunt.example",
        "note": "We verhuisden.",
    }
    assert client.post(change, data).status_code == 200
    proposal = ChangeProposal.objects.get()
    assert proposal.proposed == {
        "phone": "011 99 99 99",
        "website": "https://nieuw.zorgpunt.example",
    }
    listing.refresh_from_db()
    assert listing.phone == "011 00 00 00"  # a proposal never publishes itself
    url = f"/admin/onderhoud/changeproposal/{proposal.pk}/change/"

    antwerp = type(client)()
    sign_in(antwerp, make_coordinator("coordinator-antwerpen", regions["antwerpen"]))
    assert antwerp.get(url).status_code == 302  # not found for them
    antwerp.post(url, {"accept": ["phone", "website"], "_accept": "1"})
    assert "Zorgpunt" not in antwerp.get("/admin/onderhoud/changeproposal/").content.decode()
    listing.refresh_from_db()
    assert listing.phone == "011 00 00 00"

    limburg = type(client)()
    sign_in(limburg, make_coordinator("coordinator-limburg", regions["limburg"]))
    review = limburg.get(url).content.decode()
    assert "011 99 99 99" in review and "We verhuisden." in review
    assert limburg.post(url, {"accept": ["phone"], "_accept": "1"}).status_code == 302

    listing.refresh_from_db()
    assert listing.phone == "011 99 99 99"  # accepted field by field
    assert listing.website == "https://zorgpunt.example"
    assert listing.last_verified == timezone.localdate()
    proposal.refresh_from_db()
    assert proposal.status == ChangeProposal.Status.PARTLY_ACCEPTED
    assert proposal.accepted_fields == ["phone"]
    assert proposal.decided_by.username == "coordinator-limburg"
    version = Version.objects.get_for_object(listing).first()
    assert version.revision.user.username == "coordinator-limburg"
    assert version.field_dict["phone"] == "011 99 99 99"
    history = limburg.get(f"/admin/organisaties/organisation/{listing.pk}/history/")
    assert "coordinator-limburg" in history.content.decode()
    assert limburg.post(url, {"accept": ["website"], "_accept": "1"}).status_code == 403  # decided


def test_an_invalid_accepted_value_is_refused_and_saves_nothing(client, regions, listing):
    proposal = ChangeProposal.objects.create(
        organisation=listing, shown={}, proposed={"languages": "nederlands!"}
    )
    sign_in(client, make_coordinator("coordinator-limburg", regions["limburg"]))
    url = f"/admin/onderhoud/changeproposal/{proposal.pk}/change/"
    response = client.post(url, {"accept": ["languages"], "_accept": "1"}, follow=True)
    assert response.status_code == 200
    listing.refresh_from_db()
    proposal.refresh_from_db()
    assert listing.languages == "" and proposal.is_open


def test_a_proposal_without_any_change_asks_to_confirm_instead(client, listing):
    verification = VerificationRequest.objects.create(
        organisation=listing, email="a@b.example", language="nl", sent_at=timezone.now()
    )
    url = f"/nl/controle/{signing.TimestampSigner(salt=SALT).sign(verification.token)}/wijziging/"
    form = client.get(url)
    response = client.post(url, dict(form.context["form"].initial))
    assert response.status_code == 400
    assert not ChangeProposal.objects.exists()


def test_only_due_listings_get_the_yearly_email(smtp, regions, settings):
    settings.VERIFY_EVERY_DAYS = 365
    today = timezone.localdate()
    make_organisation(
        name="Vers", regions=[regions["limburg"]], email="a@vers.example", last_verified=today
    )
    make_organisation(
        name="Oud",
        regions=[regions["limburg"]],
        email="a@oud.example",
        last_verified=today - datetime.timedelta(days=400),
    )
    make_organisation(name="Zonder adres", regions=[regions["limburg"]])
    make_organisation(
        name="Concept", regions=[regions["limburg"]], email="a@concept.example", status="draft"
    )
    call_command("send_verification_requests")
    assert smtp.recipients == [["a@oud.example"]]


def test_the_admin_sends_the_email_now_only_for_listings_in_scope(smtp, client, regions, listing):
    other = make_organisation(
        name="Antwerps Onthaal", regions=[regions["antwerpen"]], email="x@antwerpen.example"
    )
    sign_in(client, make_coordinator("coordinator-limburg", regions["limburg"]))
    client.post(
        "/admin/organisaties/organisation/",
        {"action": "send_verification_now", "_selected_action": [listing.pk, other.pk]},
    )
    assert smtp.recipients == [["info@zorgpunt.example"]]
    assert VerificationRequest.objects.get().requested_by.username == "coordinator-limburg"


def test_a_failing_mail_server_is_reported_and_retried_next_time(settings, listing):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with pytest.raises(CommandError, match="mail ?server"):
        call_command("send_verification_requests")
    assert not VerificationRequest.objects.exists()  # nothing recorded: the next run sends it


def test_the_admin_says_so_when_the_mail_server_is_down(settings, client, regions, listing):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    sign_in(client, make_coordinator("coordinator-limburg", regions["limburg"]))
    response = client.post(
        "/admin/organisaties/organisation/",
        {"action": "send_verification_now", "_selected_action": [listing.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "mailserver" in response.content.decode()
    assert not VerificationRequest.objects.exists()


def test_the_contact_address_is_not_on_the_public_page(client, listing):
    html = client.get(listing.get_absolute_url()).content.decode()
    assert "info@zorgpunt.example" not in html
    assert Organisation.objects.get(pk=listing.pk).contact_email == "info@zorgpunt.example"


def test_the_verification_pages_cost_a_fixed_number_of_queries(
    client, listing, django_assert_num_queries
):
    verification = VerificationRequest.objects.create(
        organisation=listing, email="a@b.example", language="nl", sent_at=timezone.now()
    )
    signed = signing.TimestampSigner(salt=SALT).sign(verification.token)
    with django_assert_num_queries(1):  # the request with its listing
        assert client.get(f"/nl/controle/{signed}/").status_code == 200
    with django_assert_num_queries(1):
        assert client.get(f"/nl/controle/{signed}/wijziging/").status_code == 200
