import pytest
from django.utils import translation

from content.publishing import Status
from tests.factories import (
    make_action,
    make_chapter,
    make_part,
    make_section,
    make_source,
    make_staff,
    make_testimonial,
)
from trajecten import models as kit

pytestmark = pytest.mark.django_db


def test_home_lists_published_chapters_in_kit_order_per_part(client):
    part1, part2 = make_part(number=1, title_nl="Deel 1"), make_part(number=2, title_nl="Deel 2")
    make_chapter(part=part2, number=3, title_nl="Werk zoeken")
    make_chapter(part=part1, number=1, title_nl="Bescherming aanvragen")
    make_chapter(part=part2, number=2, title_nl="Integreren en inburgeren")

    html = client.get("/nl/").content.decode()

    assert html.index("Deel 1") < html.index("Bescherming aanvragen") < html.index("Deel 2")
    assert html.index("Integreren en inburgeren") < html.index("Werk zoeken")
    assert "Samenvatting van Werk zoeken" in html


def test_home_hides_drafts_from_readers_but_shows_them_to_editors(client):
    make_chapter(title_nl="Gepubliceerd hoofdstuk")
    make_chapter(title_nl="Geheim concept", status=Status.DRAFT)

    assert "Geheim concept" not in client.get("/nl/").content.decode()

    client.force_login(make_staff(perms=("trajecten.change_chapter",)))
    html = client.get("/nl/").content.decode()
    assert "Geheim concept" in html
    assert "Concept" in html


def test_home_query_count_does_not_grow_with_chapters(client, django_assert_num_queries, commit):
    part = make_part()
    for _ in range(3):
        make_chapter(part=part)
    commit()
    # The content version, then, rendering the body: the parts, their chapters and the pages.
    with django_assert_num_queries(4):
        client.get("/nl/")
    with django_assert_num_queries(0):  # stored for this content version, which is remembered
        client.get("/nl/")
    for _ in range(20):
        make_chapter(part=make_part())
    commit()
    with django_assert_num_queries(4):
        assert client.get("/nl/").content.decode().count('class="chapter-card"') == 23


def test_root_redirects_to_a_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/nl/"


def test_chapter_page_shows_sections_in_order_with_their_kind(client):
    chapter = make_chapter(title_nl="Woning zoeken")
    make_section(chapter=chapter, key="woning-gevonden", title_nl="Woning gevonden", position=2)
    make_section(
        chapter=chapter,
        key="zoeken",
        title_nl="Samen zoeken",
        position=1,
        kind=kit.Section.Kind.WARNING,
    )

    response = client.get(chapter.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('id="zoeken"') < html.index('id="woning-gevonden"')
    assert 'class="section section--warning" id="zoeken"' in html
    assert "Let op" in html  # the warning's label, in Dutch


def test_chapter_page_sets_the_actions_apart_and_links_them_to_their_section(client):
    chapter = make_chapter()
    section = make_section(chapter=chapter, key="huurwaarborg", title_nl="De huurwaarborg")
    make_action(
        chapter=chapter,
        text_nl="Vraag samen een **huurwaarborg** aan.",
        position=2,
        section=section,
    )
    make_action(chapter=chapter, text_nl="Zoek samen een woning.", position=1)

    html = client.get(chapter.get_absolute_url()).content.decode()

    block = html[
        html.index('id="wat-kan-jij-doen"') : html.index(
            "</section>", html.index('id="wat-kan-jij-doen"')
        )
    ]
    assert "Wat kan jij doen?" in block
    assert block.index("Zoek samen een woning.") < block.index("<strong>huurwaarborg</strong>")
    assert 'href="#huurwaarborg"' in block
    assert html.index('href="#wat-kan-jij-doen"') < html.index(
        'id="wat-kan-jij-doen"'
    )  # in the table of contents


def test_chapter_page_shows_testimonials_with_attribution(client):
    chapter = make_chapter()
    source = make_source(chapter=chapter, number=12)
    make_testimonial(
        chapter=chapter,
        name="Christine",
        organisation="SIAL Lubbeek",
        summary_nl="Christine raadt Helder Recht aan.",
        source=source,
    )
    make_testimonial(
        chapter=chapter,
        name="Manibu",
        context_nl="21, gevlucht uit Pakistan",
        role=kit.Testimonial.Role.NEWCOMER,
    )

    html = client.get(chapter.get_absolute_url()).content.decode()

    assert "Vrijwilliger Christine" in html
    assert ", SIAL Lubbeek" in html
    assert "Nieuwkomer Manibu</strong> (<span>21, gevlucht uit Pakistan</span>)" in html
    assert 'href="#bron-12"' in html


def test_chapter_page_lists_sources_as_numbered_footnotes_that_link_out(client):
    chapter = make_chapter()
    make_section(chapter=chapter, body_nl="Zie info-Ukraine.be[^6] en AgII[^7].")
    make_source(chapter=chapter, number=7, title_nl="Website van AgII", url="https://www.agii.be/")
    make_source(
        chapter=chapter,
        number=6,
        title_nl="info-Ukraine",
        url="https://info-ukraine.be/nl/ondersteuning-belgie",
    )

    html = client.get(chapter.get_absolute_url()).content.decode()

    assert (
        '<sup class="fn"><a href="#bron-6" aria-label="Bron 6" rel="noopener noreferrer">6</a></sup>'
        in html
    )
    assert '<li id="bron-6" value="6">' in html
    assert html.index('id="bron-6"') < html.index('id="bron-7"')
    assert '<a href="https://info-ukraine.be/nl/ondersteuning-belgie" rel="noopener"' in html


def test_chapter_page_links_to_previous_and_next_published_chapters(client):
    part = make_part()
    first = make_chapter(part=part, number=1, title_nl="Eerste")
    make_chapter(part=part, number=2, title_nl="Concept", status=Status.DRAFT)
    middle = make_chapter(part=part, number=3, title_nl="Midden")
    last = make_chapter(part=part, number=4, title_nl="Laatste")

    html = client.get(middle.get_absolute_url()).content.decode()
    assert f'rel="prev" href="{first.get_absolute_url()}"' in html
    assert f'rel="next" href="{last.get_absolute_url()}"' in html

    first_html = client.get(first.get_absolute_url()).content.decode()
    assert 'rel="prev"' not in first_html
    assert f'rel="next" href="{middle.get_absolute_url()}"' in first_html


def test_unknown_chapter_answers_a_friendly_404(client):
    response = client.get("/nl/trajecten/bestaat-niet/")
    assert response.status_code == 404
    assert "We vinden deze pagina niet" in response.content.decode()


def test_draft_chapter_is_404_for_readers_and_a_preview_for_editors(client):
    chapter = make_chapter(status=Status.DRAFT)
    assert client.get(chapter.get_absolute_url()).status_code == 404

    client.force_login(make_staff(perms=("trajecten.change_chapter",)))
    response = client.get(chapter.get_absolute_url())
    assert response.status_code == 200
    assert "Concept: alleen medewerkers zien dit hoofdstuk." in response.content.decode()


def test_staff_without_change_permission_does_not_see_drafts(client):
    chapter = make_chapter(status=Status.DRAFT)
    client.force_login(make_staff("lezer"))
    assert client.get(chapter.get_absolute_url()).status_code == 404


def test_chapter_page_refuses_post(client):
    chapter = make_chapter()
    assert client.post(chapter.get_absolute_url()).status_code == 405


def test_chapter_query_count_does_not_grow_with_sections_and_actions(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the editor's saves commit
        chapter = make_chapter()
        section = make_section(chapter=chapter)
        make_action(chapter=chapter, section=section)
        make_testimonial(chapter=chapter, source=make_source(chapter=chapter))

    # After a commit: the content version, the published chapters and the chapter's map (read
    # once per version), then, rendering the body, the glossary, the chapter with its part,
    # sections, actions+section, testimonials+source and sources, and the region choices of
    # "organisations in your region".
    with django_assert_num_queries(10):
        client.get(chapter.get_absolute_url())
    # Then nothing: the version is remembered until the next commit (content.version), the
    # chapters and the map per version, the body and the region choices stored.
    with django_assert_num_queries(0):
        client.get(chapter.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        for i in range(15):
            section = make_section(chapter=chapter, position=i)
            make_action(chapter=chapter, section=section, position=i)
            make_testimonial(
                chapter=chapter, name=f"Persoon {i}", source=make_source(chapter=chapter)
            )
    with django_assert_num_queries(10):  # the edits moved the chapter's stamp: rendered again
        response = client.get(chapter.get_absolute_url())
    assert response.content.decode().count('class="section ') == 16
    with django_assert_num_queries(0):
        assert client.get(chapter.get_absolute_url()).content == response.content


def test_script_typed_by_staff_is_never_rendered(client):
    chapter = make_chapter(intro_nl='<script>alert("x")</script>Welkom')
    make_section(
        chapter=chapter, body_nl='Tekst <img src=x onerror="alert(1)"> [klik](javascript:alert(1))'
    )
    make_action(chapter=chapter, text_nl="<iframe src='https://evil.example'></iframe>Doe iets")

    html = client.get(chapter.get_absolute_url()).content.decode()

    assert "alert" not in html.split("<main", 1)[1]
    assert "<iframe" not in html
    assert "javascript:" not in html


def test_links_to_other_chapters_follow_the_reader_language(client):
    make_chapter(slug="zorgen-voor")
    chapter = make_chapter()
    make_section(chapter=chapter, body_nl="Lees [Zorgen voor](chapter:zorgen-voor#eerste-contact).")

    html = client.get(chapter.get_absolute_url()).content.decode()

    assert 'href="/nl/trajecten/zorgen-voor/#eerste-contact"' in html
    with translation.override("ar"):
        arabic = client.get(chapter.get_absolute_url()).content.decode()
    assert 'href="/ar/trajecten/zorgen-voor/#eerste-contact"' in arabic  # in the reader's language
