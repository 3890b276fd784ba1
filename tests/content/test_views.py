import pytest

from content.publishing import Status
from tests.factories import make_page, make_source, make_testimonial

pytestmark = pytest.mark.django_db


def test_page_shows_body_testimonial_and_sources(client):
    page = make_page(body_nl="## Waarom?\n\nPaul vertelt waarom[^5].")
    make_source(
        page=page,
        number=5,
        title_nl="Week van de vrijwilliger",
        url="https://vluchtelingenwerk.be/week-van-de-vrijwilliger-paul",
    )
    make_testimonial(page=page, name="Paul", summary_nl="Paul besteedt zijn tijd zinvol.")

    response = client.get("/nl/pagina/leeswijzer/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h2>Waarom?</h2>" in html
    assert "Vrijwilliger Paul" in html
    assert (
        'href="https://vluchtelingenwerk.be/week-van-de-vrijwilliger-paul" rel="noopener"' in html
    )
    assert 'href="#bron-5"' in html


def test_unknown_page_is_404(client):
    assert client.get("/nl/pagina/bestaat-niet/").status_code == 404


def test_draft_page_is_hidden_from_readers(client):
    make_page(slug="wat-nu", status=Status.DRAFT)
    assert client.get("/nl/pagina/wat-nu/").status_code == 404


def test_page_query_count_is_bounded(client, django_assert_num_queries):
    page = make_page()
    for n in range(1, 6):
        make_source(page=page, number=n)
        make_testimonial(page=page, name=f"P{n}", source=make_source(page=page, number=100 + n))
    # The page, its testimonials (with their sources), its sources, and the content version
    # (read once, for the rule values and glossary terms in the text).
    with django_assert_num_queries(4):
        assert client.get(page.get_absolute_url()).status_code == 200
