"""The directory's stored cards and filters show every change at the next request."""

import pytest

from tests.factories import make_chapter, make_organisation, make_regions

pytestmark = pytest.mark.django_db

DIRECTORY = "/nl/organisaties/"


@pytest.fixture
def regions(settings):
    settings.FRAGMENT_CACHE = True
    return make_regions()


def directory(client, **params) -> str:
    return client.get(DIRECTORY, params).content.decode()


def test_an_edited_listing_shows_at_once(client, regions):
    listing = make_organisation(name="Zorgpunt Hasselt", regions=[regions["limburg"]])
    assert ">Zorgpunt Hasselt</a>" in directory(client, region="limburg")
    listing.name = "Zorgpunt Genk"
    listing.save()
    html = directory(client, region="limburg")
    assert ">Zorgpunt Genk</a>" in html and ">Zorgpunt Hasselt</a>" not in html


def test_a_listing_given_another_region_or_a_renamed_region_shows_at_once(client, regions):
    listing = make_organisation(name="Zorgpunt", regions=[regions["limburg"]])
    assert "Limburg" in directory(client, q="Zorgpunt")
    listing.regions.set([regions["antwerpen"]])  # the listing's own row does not change
    card = directory(client, q="Zorgpunt").split('class="org-list"')[1]
    assert "Antwerpen" in card and "Limburg" not in card
    antwerpen = regions["antwerpen"]
    antwerpen.name_nl = "Provincie Antwerpen"
    antwerpen.save()
    assert "Provincie Antwerpen" in directory(client, q="Zorgpunt").split('class="org-list"')[1]


def test_a_new_theme_is_a_choice_in_the_stored_filters_at_once(client, regions):
    make_chapter(slug="werk-zoeken", title_nl="Werk zoeken")
    assert 'value="werk-zoeken"' in directory(client)
    make_chapter(slug="woning-zoeken", title_nl="Een woning zoeken")
    html = directory(client)
    assert 'value="woning-zoeken"' in html and "Een woning zoeken" in html


def test_the_stored_filters_keep_what_each_reader_chose(client, regions):
    make_chapter(slug="werk-zoeken", title_nl="Werk zoeken")
    directory(client, region="limburg", q="CAW")
    html = directory(client, region="antwerpen", q="OCMW")
    assert '<option value="antwerpen" selected>' in html
    assert '<option value="limburg" selected>' not in html
    assert 'value="OCMW"' in html and 'value="CAW"' not in html


def test_a_listing_page_shows_an_edit_and_a_new_chapter_at_once(client, regions, commit):
    """Its body is stored per content version: any committed edit renders it again."""
    listing = make_organisation(
        name="Zorgpunt", regions=[regions["limburg"]], website="https://zorgpunt.example"
    )
    commit()
    assert "https://zorgpunt.example" in client.get(listing.get_absolute_url()).content.decode()
    listing.website = "https://www.zorgpunt.example/nieuw"
    listing.save()
    listing.chapters.set([make_chapter(slug="werk-zoeken", title_nl="Werk zoeken")])
    commit()
    html = client.get(listing.get_absolute_url()).content.decode()
    assert "https://www.zorgpunt.example/nieuw" in html and "Werk zoeken" in html
