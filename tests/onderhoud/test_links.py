"""The link checker against real local servers: 200, 301, 404, 500, slow, a bad certificate, no DNS."""

import pytest
import reversion
from django.core.management import call_command
from reversion.models import Version

from onderhoud.linkcheck import check_url
from onderhoud.links import check_and_record, collect_uses, urls_in_text
from onderhoud.models import LinkCheck
from tests.factories import (
    make_chapter,
    make_coordinator,
    make_editor,
    make_organisation,
    make_regions,
    make_section,
    make_source,
    sign_in,
)
from tests.servers import HTTPServer

TIMEOUT = 0.5  # the slow path answers after 2 s


@pytest.fixture(scope="module")
def web():
    with HTTPServer() as server:
        yield server.url


@pytest.fixture(scope="module")
def bad_tls():
    with HTTPServer(tls=True) as server:
        yield server.url


def outcome(url: str) -> tuple[str, int | None]:
    result = check_url(url, timeout=TIMEOUT)
    return result.outcome, result.status


def test_each_answer_of_the_test_server_is_classified(web, bad_tls):
    assert outcome(f"{web}/ok") == ("ok", 200)
    assert outcome(f"{web}/missing") == ("http", 404)
    assert outcome(f"{web}/error") == ("http", 500)
    assert outcome(f"{web}/slow") == ("timeout", None)
    assert outcome(f"{bad_tls}/ok")[0] == "tls"
    assert outcome("http://geen-domein.invalid/")[0] == "dns"
    assert outcome(f"{web}/no-head") == ("ok", 200)  # HEAD refused, GET works


def test_a_permanent_redirect_is_followed_and_remembered(web):
    moved = check_url(f"{web}/moved", timeout=TIMEOUT)
    assert (moved.outcome, moved.status, moved.final_url) == ("ok", 200, f"{web}/ok")
    assert moved.permanent_redirect and moved.moved_to == f"{web}/ok"
    # Through a temporary redirect, only the permanent part counts as "moved".
    login = check_url(f"{web}/moved-then-login", timeout=TIMEOUT)
    assert login.final_url == f"{web}/ok" and login.moved_to == f"{web}/temporary"


@pytest.mark.django_db
def test_broken_means_4xx_5xx_dns_tls_at_once_and_a_timeout_only_twice_in_a_row(web, bad_tls):
    urls = [
        f"{web}/ok",
        f"{web}/missing",
        f"{web}/error",
        f"{web}/slow",
        f"{bad_tls}/ok",
        "http://geen-domein.invalid/",
    ]
    check_and_record(urls, timeout=TIMEOUT, workers=8)
    broken = set(LinkCheck.objects.broken().values_list("url", flat=True))
    assert broken == {
        f"{web}/missing",
        f"{web}/error",
        f"{bad_tls}/ok",
        "http://geen-domein.invalid/",
    }
    check_and_record([f"{web}/slow"], timeout=TIMEOUT, workers=1)
    slow = LinkCheck.objects.get(url=f"{web}/slow")
    assert slow.is_broken and slow.consecutive_failures == 2
    check_and_record([f"{web}/ok"], timeout=TIMEOUT, workers=1)
    assert LinkCheck.objects.get(url=f"{web}/ok").consecutive_failures == 0


@pytest.mark.django_db
def test_every_external_url_is_collected_from_fields_and_markdown():
    chapter = make_chapter(intro_nl="Zie https://intro.example/a.")
    section = make_section(
        chapter=chapter,
        body_nl="Lees [dit](https://markdown.example/pad) en https://kaal.example.",
        body_fr="Voir https://fr.example/x",
    )
    make_source(chapter=chapter, url="https://bron.example/1")
    make_organisation(name="Org", website="https://org.example")
    uses = collect_uses()
    assert set(uses) == {
        "https://intro.example/a",
        "https://markdown.example/pad",
        "https://kaal.example",
        "https://fr.example/x",
        "https://bron.example/1",
        "https://org.example",
    }
    assert [use.column for use in uses["https://fr.example/x"]] == ["body_fr"]
    assert uses["https://kaal.example"][0].obj == section
    assert urls_in_text("(https://a.example/b), *https://c.example*") == [
        "https://a.example/b",
        "https://c.example",
    ]


@pytest.mark.django_db
def test_check_links_command_checks_everything_concurrently(web, settings, capsys):
    regions = make_regions()
    make_organisation(name="Werkt", website=f"{web}/ok", regions=[regions["limburg"]])
    make_organisation(name="Weg", website=f"{web}/missing", regions=[regions["limburg"]])
    make_source(chapter=make_chapter(), url=f"{web}/moved")
    LinkCheck.objects.create(
        url="https://niet-meer-gebruikt.example", outcome="ok", checked_at="2026-01-01T00:00Z"
    )
    call_command("check_links", "--timeout", "1", "--workers", "4")
    out = capsys.readouterr().out
    assert "Checked 3 URL(s)" in out and "1 broken, 1 moved permanently" in out
    assert not LinkCheck.objects.filter(url="https://niet-meer-gebruikt.example").exists()


@pytest.mark.django_db
def test_accepting_a_permanent_redirect_updates_every_use_with_history(web, client):
    chapter = make_chapter()
    with reversion.create_revision():
        source = make_source(chapter=chapter, url=f"{web}/moved")
        section = make_section(
            chapter=chapter, body_nl=f"Zie [hier]({web}/moved) en {web}/moved-not."
        )
    check_and_record([f"{web}/moved"], timeout=TIMEOUT, workers=1)
    check = LinkCheck.objects.get(url=f"{web}/moved")
    assert check.moved_to == f"{web}/ok"
    sign_in(client, make_editor())
    changelist = client.get("/admin/onderhoud/linkcheck/?state=moved").content.decode()
    assert f"/admin/onderhoud/linkcheck/{check.pk}/accept-redirect/" in changelist  # one click
    assert client.post(f"/admin/onderhoud/linkcheck/{check.pk}/accept-redirect/").status_code == 302

    source.refresh_from_db()
    section.refresh_from_db()
    assert source.url == f"{web}/ok"
    assert section.body_nl == f"Zie [hier]({web}/ok) en {web}/moved-not."  # a longer URL stays
    version = Version.objects.get_for_object(source).first()
    assert version.revision.user.username == "redacteur"
    assert "/moved" in version.revision.get_comment()
    assert LinkCheck.objects.filter(url=f"{web}/ok", is_broken=False).exists()


@pytest.mark.django_db
def test_a_coordinator_sees_and_fixes_only_their_listings_links(web, client):
    regions = make_regions()
    own = make_organisation(
        name="Zorgpunt Hasselt", website=f"{web}/moved", regions=[regions["limburg"]]
    )
    make_organisation(
        name="Antwerps Onthaal", website=f"{web}/missing", regions=[regions["antwerpen"]]
    )
    make_source(chapter=make_chapter(), url=f"{web}/error")
    check_and_record([f"{web}/moved", f"{web}/missing", f"{web}/error"], timeout=TIMEOUT, workers=3)
    sign_in(client, make_coordinator("coordinator-limburg", regions["limburg"]))
    html = client.get("/admin/onderhoud/linkcheck/").content.decode()
    assert f"{web}/moved" in html and f"{web}/missing" not in html and f"{web}/error" not in html
    other = LinkCheck.objects.get(url=f"{web}/missing")
    assert client.post(f"/admin/onderhoud/linkcheck/{other.pk}/accept-redirect/").status_code == 404
    check = LinkCheck.objects.get(url=f"{web}/moved")
    client.post(f"/admin/onderhoud/linkcheck/{check.pk}/accept-redirect/")
    own.refresh_from_db()
    assert own.website == f"{web}/ok"


@pytest.mark.django_db
def test_a_url_also_used_outside_the_coordinators_scope_is_left_to_the_editors(web, client):
    regions = make_regions()
    own = make_organisation(
        name="Zorgpunt Hasselt", website=f"{web}/moved", regions=[regions["limburg"]]
    )
    source = make_source(chapter=make_chapter(), url=f"{web}/moved")
    check_and_record([f"{web}/moved"], timeout=TIMEOUT, workers=1)
    sign_in(client, make_coordinator("coordinator-limburg", regions["limburg"]))
    check = LinkCheck.objects.get()
    response = client.post(f"/admin/onderhoud/linkcheck/{check.pk}/accept-redirect/", follow=True)
    assert response.status_code == 200
    own.refresh_from_db()
    source.refresh_from_db()
    assert own.website == source.url == f"{web}/moved"


@pytest.mark.django_db
def test_the_link_report_query_count_does_not_grow_with_links(client, django_assert_num_queries):
    from django.utils import timezone

    chapter = make_chapter()

    def add(start: int, count: int) -> None:
        for n in range(start, start + count):
            make_section(chapter=chapter, body_nl=f"Zie https://site{n}.example/pagina.")
            LinkCheck.objects.create(
                url=f"https://site{n}.example/pagina",
                outcome="http",
                status=404,
                is_broken=True,
                checked_at=timezone.now(),
            )

    add(0, 3)
    sign_in(client, make_editor())
    client.get("/admin/onderhoud/linkcheck/")
    with django_assert_num_queries(LINK_REPORT_QUERIES) as few:
        assert (
            "site2.example"
            in client.get("/admin/onderhoud/linkcheck/?state=broken").content.decode()
        )
    add(3, 40)
    with django_assert_num_queries(len(few.captured_queries)):
        assert (
            "site42.example"
            in client.get("/admin/onderhoud/linkcheck/?state=broken").content.decode()
        )


LINK_REPORT_QUERIES = (
    22  # the session, user and permissions, one query per kind of text that holds links, the list
)
