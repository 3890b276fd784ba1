"""The page cache: repeat visits are cheap, and any edit is seen at once."""

import pytest

from tests.factories import make_chapter, make_section, make_staff, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE = True


def test_a_repeat_visit_is_served_from_the_cache_without_a_query(
    client, cached, django_assert_num_queries, commit
):
    chapter = make_chapter()
    make_section(chapter=chapter, body_nl="Eerste versie.")
    commit()  # pages read after an uncommitted edit are not stored: it could roll back
    first = client.get(chapter.get_absolute_url())
    # Nothing: the version is remembered until the next commit (tests/content/test_version.py).
    with django_assert_num_queries(0):
        second = client.get(chapter.get_absolute_url())
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_an_etag_match_answers_304(client, cached):
    chapter = make_chapter()
    etag = client.get(chapter.get_absolute_url())["ETag"]
    response = client.get(chapter.get_absolute_url(), headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""


def test_an_edit_is_seen_at_once(client, cached):
    chapter = make_chapter()
    section = make_section(chapter=chapter, body_nl="Eerste versie.")
    etag = client.get(chapter.get_absolute_url())["ETag"]
    section.body_nl = "Tweede versie."
    section.save()
    response = client.get(chapter.get_absolute_url(), headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Tweede versie." in response.content.decode()


def test_languages_htmx_fragments_and_regions_get_their_own_entries(client, cached):
    chapter = make_chapter(title_nl="Werk zoeken", title_en="Finding work")
    assert "Werk zoeken" in client.get(f"/nl/trajecten/{chapter.slug}/").content.decode()
    assert "Finding work" in client.get(f"/en/trajecten/{chapter.slug}/").content.decode()
    full = client.get("/nl/organisaties/").content.decode()
    fragment = client.get("/nl/organisaties/", headers={"HX-Request": "true"}).content.decode()
    assert "<html" in full and "<html" not in fragment


def test_staff_are_never_served_a_cached_page(client, cached):
    chapter = make_chapter()
    client.get(chapter.get_absolute_url())
    sign_in(client, make_staff("redactie", superuser=True))
    assert "ETag" not in client.get(chapter.get_absolute_url())
