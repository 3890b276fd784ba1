"""The search page: input handling, fragments and the query bound (small data, no kit)."""

import pytest

from organisaties.models import Organisation
from tests.factories import make_chapter, make_organisation, make_regions, make_section
from woordenlijst.models import GlossaryTerm

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    chapter = make_chapter(
        slug="maatschappelijke-dienstverlening", title_nl="Maatschappelijke dienstverlening (OCMW)"
    )
    make_section(
        chapter=chapter,
        key="leefloon",
        title_nl="Het leefloon",
        body_nl="Het OCMW geeft een leefloon.",
    )
    term = GlossaryTerm.objects.create(
        key="ocmw",
        term_nl="OCMW",
        full_name="Openbaar Centrum voor Maatschappelijk Welzijn",
        synonyms="Sociaal Huis\nCPAS",
        definition_nl="De sociale dienst van de gemeente.",
    )
    term.chapters.add(chapter)
    return chapter


def test_an_empty_query_shows_a_hint_not_an_error(client):
    response = client.get("/nl/zoeken/", {"q": "   "})
    assert response.status_code == 200
    assert response.context["results"] is None


def test_a_very_long_query_gets_a_clear_400(client):
    response = client.get("/nl/zoeken/", {"q": "leefloon " * 1200})
    assert response.status_code == 400
    assert "te lang" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        '"leefloon',
        "100%",
        "<script>alert(1)</script>",
        "'; DROP TABLE x; --",
        "\u202e\x07",
        "OCMW%",
    ],
)
def test_hostile_queries_answer_calmly_and_escaped(client, content, query):
    response = client.get("/nl/zoeken/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_a_null_character_is_refused_with_a_message(client):
    response = client.get("/nl/zoeken/", {"q": "leef\x00loon"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_synonyms_expand_the_query(client, content):
    response = client.get("/nl/zoeken/", {"q": "Sociaal Huis"})
    chapters = response.context["results"].groups["chapters"]
    assert chapters[0].url == content.get_absolute_url()


def test_htmx_gets_only_the_results_fragment(client, content):
    response = client.get("/nl/zoeken/", {"q": "leefloon"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"') and "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_the_search_box_is_on_every_page_and_works_without_javascript(client, content):
    html = client.get(content.get_absolute_url()).content.decode()
    assert '<form class="site-search" method="get" action="/nl/zoeken/" role="search">' in html


def test_search_queries_stay_bounded_as_organisations_grow_to_5000(
    client, content, django_assert_max_num_queries
):
    regions = make_regions()
    make_organisation(
        name="OCMW Gent", regions=[regions["oost-vlaanderen"]], description_nl="OCMW van Gent."
    )
    with django_assert_max_num_queries(10) as few:
        client.get("/nl/zoeken/", {"q": "OCMW"})
    baseline = len(few.captured_queries)
    Organisation.objects.bulk_create(
        Organisation(
            slug=f"ocmw-{i}", name=f"OCMW {i}", kind="local_service", description_nl="Sociaal Huis."
        )
        for i in range(5000)
    )
    with django_assert_max_num_queries(baseline):
        response = client.get("/nl/zoeken/", {"q": "OCMW"})
    assert len(response.context["results"].groups["organisations"]) == 10
