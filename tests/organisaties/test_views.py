import pytest
from django.urls import reverse

from content.models import ContentVersion
from content.publishing import Status
from organisaties.drawing import render_drawings
from organisaties.models import MapNode, NetworkMap, Organisation, Region
from organisaties.reader_region import COOKIE
from tests.factories import make_chapter, make_network_map, make_organisation, make_regions

pytestmark = pytest.mark.django_db
DIRECTORY = "/nl/organisaties/"


@pytest.fixture
def regions():
    return make_regions()


def names(response) -> list[str]:
    return [o.name for o in response.context["listings"]]


def test_region_filter_finds_local_and_wider_organisations_local_first(client, regions):
    make_organisation(name="Zorgpunt Hasselt", regions=[regions["limburg"]])
    make_organisation(name="Antwerps Onthaal", regions=[regions["antwerpen"]])
    make_organisation(name="Agentschap voor heel Vlaanderen", regions=[regions["vlaanderen"]])
    make_organisation(name="Federale dienst", regions=[regions["nationaal"]])
    make_organisation(name="Brusselse vzw", regions=[regions["brussel"]])

    response = client.get(DIRECTORY, {"region": "limburg"})

    assert response.status_code == 200
    assert names(response) == [
        "Zorgpunt Hasselt",
        "Agentschap voor heel Vlaanderen",
        "Federale dienst",
    ]


def test_brussels_does_not_get_flemish_only_organisations(client, regions):
    make_organisation(name="Alleen Vlaanderen", regions=[regions["vlaanderen"]])
    make_organisation(
        name="Vlaanderen en Brussel", regions=[regions["vlaanderen"], regions["brussel"]]
    )
    assert names(client.get(DIRECTORY, {"region": "brussel"})) == ["Vlaanderen en Brussel"]


def test_filters_combine_region_theme_kind_and_text(client, regions):
    work = make_chapter(slug="werk-zoeken")
    housing = make_chapter(slug="woning-zoeken")
    make_organisation(
        name="Jobcoach Limburg",
        regions=[regions["limburg"]],
        chapters=[work],
        description_nl="Begeleiding naar werk.",
    )
    make_organisation(name="Woonhulp Limburg", regions=[regions["limburg"]], chapters=[housing])
    make_organisation(
        name="Jobcoach vzw",
        regions=[regions["limburg"]],
        chapters=[work],
        kind=Organisation.Kind.CITIZEN_INITIATIVE,
    )

    assert names(client.get(DIRECTORY, {"region": "limburg", "chapter": "werk-zoeken"})) == [
        "Jobcoach Limburg",
        "Jobcoach vzw",
    ]
    assert names(
        client.get(DIRECTORY, {"chapter": "werk-zoeken", "kind": "citizen_initiative"})
    ) == ["Jobcoach vzw"]
    assert names(client.get(DIRECTORY, {"q": "begeleiding WERK"})) == ["Jobcoach Limburg"]


def test_drafts_are_not_listed(client, regions):
    make_organisation(name="Zichtbaar", regions=[regions["limburg"]])
    make_organisation(name="Nog niet klaar", regions=[regions["limburg"]], status=Status.DRAFT)
    assert names(client.get(DIRECTORY)) == ["Zichtbaar"]


def test_htmx_request_gets_only_the_results_fragment(client, regions):
    make_organisation(name="Zorgpunt Hasselt", regions=[regions["limburg"]])
    response = client.get(DIRECTORY, {"region": "limburg"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html and "Zorgpunt Hasselt" in html
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_after_back_gets_the_whole_page(client, regions):
    response = client.get(
        DIRECTORY, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in response.content.decode()


def test_the_full_page_holds_the_form_that_works_without_javascript(client, regions):
    html = client.get(DIRECTORY, {"region": "limburg"}).content.decode()
    assert '<form class="filters" method="get" action="/nl/organisaties/"' in html
    assert 'hx-get="/nl/organisaties/"' in html and 'hx-push-url="true"' in html
    assert '<option value="limburg" selected>' in html


@pytest.mark.parametrize(
    "params",
    [{"region": "mars"}, {"chapter": "bestaat-niet"}, {"kind": "<script>"}, {"q": "x" * 5000}],
)
def test_unknown_filter_values_answer_400_with_a_clear_message(client, regions, params):
    make_organisation(name="Zorgpunt Hasselt", regions=[regions["limburg"]])
    response = client.get(DIRECTORY, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Sommige filters begrepen we niet" in html
    assert "<script>" not in html.split('id="results"')[1]
    assert "Zorgpunt Hasselt" in html  # the other (valid) filters still give results


def test_pagination_keeps_the_filters_and_tolerates_bad_page_numbers(client, regions):
    for n in range(25):
        make_organisation(name=f"Org {n:02}", regions=[regions["limburg"]])
    first = client.get(DIRECTORY, {"region": "limburg"})
    assert len(names(first)) == 20
    assert 'href="?region=limburg&amp;page=2"' in first.content.decode()
    assert names(client.get(DIRECTORY, {"region": "limburg", "page": "2"})) == [
        f"Org {n}" for n in range(20, 25)
    ]
    assert client.get(DIRECTORY, {"page": "abc"}).status_code == 200
    assert client.get(DIRECTORY, {"page": "999"}).context["page"].number == 2


def test_directory_query_count_does_not_grow_from_50_to_5000_organisations(
    client, regions, django_assert_num_queries, commit
):
    chapter = make_chapter(slug="werk-zoeken")

    def add(count: int, start: int) -> None:
        organisations = Organisation.objects.bulk_create(
            Organisation(
                slug=f"bulk-{start + i}",
                name=f"Bulk {start + i}",
                kind="nonprofit",
                description_nl="Helpt.",
            )
            for i in range(count)
        )
        through_regions = Organisation.regions.through
        through_regions.objects.bulk_create(
            through_regions(organisation=o, region=regions["limburg" if i % 2 else "antwerpen"])
            for i, o in enumerate(organisations)
        )
        Organisation.chapters.through.objects.bulk_create(
            Organisation.chapters.through(organisation=o, chapter=chapter) for o in organisations
        )

    add(50, 0)
    ContentVersion.bump()  # bulk_create sends no signal
    commit()
    params = {"region": "limburg", "chapter": "werk-zoeken", "q": "bulk"}
    # The first request after an edit: the content version, the regions and the published
    # chapters to check the filters against, the listings whose words match, the directory's
    # index (listings, their regions, their themes), the two <select>s of the filters, and the
    # page's rows with their regions.
    with django_assert_num_queries(11):
        assert len(names(client.get(DIRECTORY, params))) == 20
    # Then only the words are looked up: the rest is remembered or stored for this version.
    with django_assert_num_queries(1):
        response = client.get(DIRECTORY, params)
    assert response.context["page"].paginator.count == 25
    add(4950, 50)
    ContentVersion.bump()
    commit()
    with django_assert_num_queries(11):
        assert len(names(client.get(DIRECTORY, params))) == 20
    with django_assert_num_queries(1):
        response = client.get(DIRECTORY, params)
    assert response.context["page"].paginator.count == 2500
    # Without words, a page of results costs no query at all.
    del params["q"]
    client.get(DIRECTORY, params)
    with django_assert_num_queries(0):
        response = client.get(DIRECTORY, params)
    assert response.context["page"].paginator.count == 2500


def test_organisation_page_shows_what_they_do_contact_and_maps(client, regions):
    chapter = make_chapter(slug="opleiding-volgen", title_nl="Opleiding volgen")
    clb = make_organisation(
        name="Centrum voor Leerlingenbegeleiding",
        abbreviation="CLB",
        regions=[regions["vlaanderen"], regions["brussel"]],
        chapters=[chapter],
        website="https://www.onderwijs.vlaanderen.be/clb",
        description_nl="Het CLB begeleidt leerlingen.",
    )
    network_map = NetworkMap.objects.create(
        chapter=chapter, title_nl="Netwerkkaart: opleiding volgen"
    )
    MapNode.objects.create(
        network_map=network_map, key="clb", kind="organisation", organisation=clb
    )

    response = client.get(clb.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Het CLB begeleidt leerlingen." in html
    assert 'href="https://www.onderwijs.vlaanderen.be/clb" rel="noopener"' in html
    assert "Brussel, Heel Vlaanderen" in html
    assert "Nog niet gecontroleerd sinds de starterskit" in html
    assert f'href="{chapter.get_absolute_url()}"' in html
    assert f'href="{network_map.get_absolute_url()}"' in html


def test_a_stored_listing_page_costs_no_query_until_the_next_edit(
    client, regions, settings, django_assert_num_queries, commit
):
    settings.FRAGMENT_CACHE = True
    listing = make_organisation(
        name="Zorgpunt Hasselt", regions=[regions["limburg"]], description_nl="Helpt in Hasselt."
    )
    commit()
    first = client.get(listing.get_absolute_url()).content.decode()
    with django_assert_num_queries(0):
        stored = client.get(listing.get_absolute_url()).content.decode()
        missing = client.get("/nl/organisaties/bestaat-niet/")
    assert stored == first and "<title>Zorgpunt Hasselt · Vluchtwijzer</title>" in stored
    assert 'content="Helpt in Hasselt."' in stored and missing.status_code == 404
    listing.name = "Zorgpunt Genk"
    listing.save()
    commit()
    html = client.get(listing.get_absolute_url()).content.decode()
    assert "<title>Zorgpunt Genk · Vluchtwijzer</title>" in html and "Hasselt</h1>" not in html
    assert ">Zorgpunt Genk<" in html


def test_unknown_and_draft_organisations_are_404(client, regions):
    draft = make_organisation(regions=[regions["limburg"]], status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/nl/organisaties/bestaat-niet/").status_code == 404


def make_map(chapter, organisation):
    return make_network_map(chapter=chapter, organisation=organisation)


def test_network_map_page_draws_lanes_nodes_and_arrows(client, regions, django_assert_num_queries):
    chapter = make_chapter(slug="werk-zoeken")
    vdab = make_organisation(name="VDAB", slug="vdab", regions=[regions["vlaanderen"]])
    network_map = make_map(chapter, vdab)
    render_drawings(network_map)

    # map+chapter, nodes+group+organisation, connections, its drawing in this language
    with django_assert_num_queries(4):
        response = client.get(network_map.get_absolute_url())

    html = response.content.decode()
    assert html.index("Op zoek naar werk") < html.index("Hulp")
    assert f'<a href="{vdab.get_absolute_url()}">VDAB</a>' in html
    assert (
        '<a href="#kaart-vdab"><span aria-hidden="true" class="netmap__arrow">→</span> schrijft zich in bij: VDAB</a>'
        in html
    )
    assert 'class="netmap__node netmap__node--role" id="kaart-jij"' in html


def test_chapter_page_shows_its_map(client, regions):
    chapter = make_chapter(slug="werk-zoeken")
    make_map(chapter, make_organisation(name="VDAB", regions=[regions["vlaanderen"]]))
    html = client.get(chapter.get_absolute_url()).content.decode()
    assert 'id="netwerkkaart"' in html and "Zoekt werk" in html


def test_unknown_map_is_404(client):
    assert (
        client.get(reverse("organisaties:map", kwargs={"slug": "bestaat-niet"})).status_code == 404
    )


def test_chapter_remembers_the_region_a_reader_picks(client, regions):
    chapter = make_chapter()
    make_organisation(name="Zorgpunt Hasselt", regions=[regions["limburg"]], chapters=[chapter])
    make_organisation(name="Antwerps Onthaal", regions=[regions["antwerpen"]], chapters=[chapter])

    first = client.get(chapter.get_absolute_url())
    assert COOKIE not in first.cookies  # no cookie until the reader chooses

    choose = reverse("organisaties:choose_region")
    chosen = client.get(choose, {"region": "limburg", "next": chapter.get_absolute_url()})
    assert chosen.status_code == 302
    assert chosen["Location"] == f"{chapter.get_absolute_url()}#in-je-regio"
    assert chosen.cookies[COOKIE].value == "limburg"
    assert chosen.cookies[COOKIE]["samesite"] == "Lax"
    assert chosen.cookies[COOKIE]["secure"] and chosen.cookies[COOKIE]["httponly"]

    later = client.get(chapter.get_absolute_url()).content.decode()
    nearby = later[later.index('id="in-je-regio"') :]
    assert "Zorgpunt Hasselt" in nearby and "Antwerps Onthaal" not in nearby


def test_chapter_with_an_unknown_region_says_so_with_400(client, regions):
    chapter = make_chapter()
    response = client.get(
        reverse("organisaties:choose_region"),
        {"region": "atlantis", "next": chapter.get_absolute_url()},
    )
    assert response.status_code == 400
    assert "Die regio kennen we niet" in response.content.decode()
    assert COOKIE not in response.cookies


def test_choosing_a_region_never_redirects_to_another_site(client, regions):
    response = client.get(
        reverse("organisaties:choose_region"),
        {"region": "limburg", "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == "/#in-je-regio"


def test_regions_lie_within_wider_regions(regions):
    assert [r.key for r in regions["limburg"].with_wider()] == [
        "limburg",
        "vlaanderen",
        "nationaal",
    ]
    assert Region.objects.get(key="brussel").within.key == "nationaal"


def test_in_your_region_lists_the_directory_s_order_local_ones_marked(client, regions):
    chapter = make_chapter()
    make_organisation(name="Alle Vlaamse Hulp", regions=[regions["vlaanderen"]], chapters=[chapter])
    make_organisation(name="Zorgpunt Hasselt", regions=[regions["limburg"]], chapters=[chapter])
    make_organisation(name="Buiten dit thema", regions=[regions["limburg"]])
    client.cookies[COOKIE] = "limburg"
    html = client.get(chapter.get_absolute_url()).content.decode()
    nearby = html[html.index('id="in-je-regio"') :]
    assert nearby.index("Zorgpunt Hasselt") < nearby.index("Alle Vlaamse Hulp")
    assert "Buiten dit thema" not in nearby
    assert nearby.count("badge--local") == 1
    assert 'Zorgpunt Hasselt</a> · <span class="badge badge--local">' in nearby
    directory = client.get(DIRECTORY, {"region": "limburg", "chapter": chapter.slug})
    assert names(directory) == ["Zorgpunt Hasselt", "Alle Vlaamse Hulp"]
