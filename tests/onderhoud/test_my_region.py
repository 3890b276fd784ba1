"""'Mijn regio': a coordinator's work and gaps, scoped to their province; editors see all regions."""

import datetime

import pytest
from django.utils import timezone

from onderhoud.models import ChangeProposal, LinkCheck, Report, VerificationRequest
from organisaties.models import Organisation
from tests.factories import (
    make_chapter,
    make_coordinator,
    make_editor,
    make_organisation,
    make_regions,
    make_section,
    make_staff,
    sign_in,
)
from trajecten.models import Chapter

pytestmark = pytest.mark.django_db
URL = "/admin/mijn-regio/"


@pytest.fixture
def regions():
    return make_regions()


@pytest.fixture
def work(regions):
    """The same kinds of work in Limburg and in Antwerp, and a report on chapter text."""
    chapter = make_chapter(slug="werk-zoeken", title_nl="Werk zoeken")
    make_chapter(slug="woning-zoeken", title_nl="Woning zoeken")
    long_ago = timezone.now() - datetime.timedelta(days=40)
    for key, name in (("limburg", "Zorgpunt Hasselt"), ("antwerpen", "Antwerps Onthaal")):
        organisation = make_organisation(
            name=name, regions=[regions[key]], chapters=[chapter], website=f"https://{key}.example"
        )
        Report.objects.create(organisation=organisation, message=f"Fout bij {name}")
        ChangeProposal.objects.create(organisation=organisation, proposed={"phone": "1"})
        request = VerificationRequest.objects.create(
            organisation=organisation, email=f"info@{key}.example", language="nl", sent_at=long_ago
        )
        VerificationRequest.objects.filter(pk=request.pk).update(created_at=long_ago)
        LinkCheck.objects.create(
            url=f"https://{key}.example",
            outcome="http",
            status=404,
            is_broken=True,
            checked_at=timezone.now(),
        )
    Report.objects.create(
        section=make_section(chapter=chapter, key="cv"), message="Tekstfout in cv"
    )
    return chapter


def test_a_coordinator_lands_on_my_region_after_the_second_step(client, regions):
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_coordinator("coordinator-limburg", regions["limburg"])
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    StaticToken.objects.create(device=device, token="herstel123")
    client.post(
        "/admin/login/?next=/admin/",
        {"username": "coordinator-limburg", "password": "correct horse battery", "next": "/admin/"},
    )
    response = client.post(
        "/admin/tweede-stap/?next=/admin/", {"code": "herstel123", "next": "/admin/"}
    )
    assert response.status_code == 302 and response["Location"] == URL


def test_a_coordinator_sees_only_their_provinces_work(client, regions, work):
    sign_in(client, make_coordinator("coordinator-limburg", regions["limburg"]))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zorgpunt Hasselt" in html and "Fout bij Zorgpunt Hasselt" in html
    assert "Antwerps Onthaal" not in html and "Tekstfout in cv" not in html
    context = response.context
    assert (context["report_count"], context["proposal_count"], context["overdue_count"]) == (
        1,
        1,
        1,
    )
    assert context["broken_website_count"] == 1 and context["stale_count"] == 1
    assert [r.key for r in context["regions"]] == ["limburg", "vlaanderen", "nationaal"]


def test_the_gap_table_marks_empty_cells_with_a_link_to_add_a_listing(client, regions, work):
    sign_in(client, make_coordinator("coordinator-limburg", regions["limburg"]))
    html = client.get(URL).content.decode()
    assert 'data-gap="woning-zoeken/limburg"' in html  # no one for housing in Limburg
    assert 'data-gap="werk-zoeken/limburg"' not in html  # Zorgpunt Hasselt is there
    woning = Chapter.objects.get(slug="woning-zoeken")
    add = f"/admin/organisaties/organisation/add/?regions={regions['limburg'].pk}&amp;chapters={woning.pk}"
    assert add in html
    # A wider region is shown, but a coordinator cannot add listings there.
    assert f"regions={regions['vlaanderen'].pk}&amp;" not in html
    form = client.get(add.replace("&amp;", "&")).content.decode()
    assert f'<option value="{regions["limburg"].pk}" selected>' in form


def test_editors_see_every_region_and_the_chapter_text_reports(client, work):
    sign_in(client, make_editor())
    response = client.get(URL)
    html = response.content.decode()
    assert "Antwerps Onthaal" in html and "Zorgpunt Hasselt" in html and "Tekstfout in cv" in html
    assert response.context["report_count"] == 3 and response.context["broken_link_count"] == 2
    assert len(response.context["regions"]) == 8


def test_staff_without_a_role_cannot_open_my_region(client):
    sign_in(client, make_staff("stagiair"))
    assert client.get(URL).status_code == 403
    assert client.get(URL.replace("/admin", "/nl")).status_code == 404


def test_the_queue_lists_of_another_province_stay_closed(client, regions, work):
    sign_in(client, make_coordinator("coordinator-limburg", regions["limburg"]))
    antwerp = Organisation.objects.get(name="Antwerps Onthaal")
    for model, obj in (
        ("report", Report.objects.get(organisation=antwerp)),
        ("changeproposal", ChangeProposal.objects.get(organisation=antwerp)),
        ("verificationrequest", VerificationRequest.objects.get(organisation=antwerp)),
    ):
        listing = client.get(f"/admin/onderhoud/{model}/").content.decode()
        assert "Antwerps Onthaal" not in listing, model
        assert client.get(f"/admin/onderhoud/{model}/{obj.pk}/change/").status_code == 302, model
        assert client.get(f"/admin/onderhoud/{model}/{obj.pk}/history/").status_code == 403, model
    assert "antwerpen.example" not in client.get("/admin/onderhoud/linkcheck/").content.decode()


def test_my_region_query_count_does_not_grow_with_the_work(
    client, regions, work, django_assert_num_queries
):
    sign_in(client, make_coordinator("coordinator-limburg", regions["limburg"]))
    client.get(URL)  # warm up the session and content types
    with django_assert_num_queries(QUERIES) as few:
        client.get(URL)
    for n in range(30):
        organisation = make_organisation(
            name=f"Extra {n}", regions=[regions["limburg"]], chapters=[work]
        )
        Report.objects.create(organisation=organisation, message="nog een")
        ChangeProposal.objects.create(organisation=organisation, proposed={"phone": "2"})
        make_chapter(slug=f"extra-{n}")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(URL)


QUERIES = 23  # the session, user and permissions, the scope, six counts and lists of work, chapters, the gap counts


def test_every_queue_page_opens_for_an_editor(client, work):
    from onderhoud.models import ReportDigest

    editor = make_editor()
    ReportDigest.objects.create(user=editor, covered_until=timezone.now(), report_count=1)
    sign_in(client, editor)
    for model in (Report, ChangeProposal, VerificationRequest, LinkCheck, ReportDigest):
        path = f"/admin/onderhoud/{model._meta.model_name}/"
        assert client.get(path).status_code == 200, path
        obj = model.objects.first()
        assert client.get(f"{path}{obj.pk}/change/").status_code == 200, path
    assert client.get("/admin/onderhoud/report/add/").status_code == 403  # they come from readers
