"""The kit searched in memory (zoeken.corpus): Snowball stems on every database, exact words for
languages without a stemmer, near misses by trigrams, and the memory following every edit."""

import pytest

from organisaties.models import Organisation
from tests.factories import make_action, make_chapter, make_organisation, make_section
from trajecten.models import Section
from zoeken.corpus import trigrams, word_similarity

pytestmark = pytest.mark.django_db


def found(client, query, language="nl", kind="sections"):
    response = client.get(f"/{language}/zoeken/", {"q": query})
    assert response.status_code == 200
    results = response.context["results"]
    return [hit.url for hit in results.groups.get(kind, [])] if results else []


@pytest.fixture
def housing():
    chapter = make_chapter(slug="woning-zoeken", title_nl="Woning zoeken")
    make_section(
        chapter=chapter,
        key="huren",
        title_nl="Huren",
        body_nl="Een woning huren is niet makkelijk.",
        title_fr="Louer",
        body_fr="Trouver un logement à louer n'est pas facile.",
        title_tr="Kiralama",
        body_tr="Kiralık evler bulmak kolay değil.",
        title_ps="کرایه",
        body_ps="د کرایې کور موندل اسانه نه دي.",
    )
    make_section(chapter=chapter, key="anders", title_nl="Anders", body_nl="Iets anders.")
    return chapter


def test_a_dutch_inflected_form_finds_the_word_on_every_database(client, housing):
    # The section says only "woning"; "woningen" is no substring of it: the Dutch stem matches.
    assert found(client, "woningen") == ["/nl/trajecten/woning-zoeken/#huren"]


def test_a_dutch_word_typed_on_a_french_page_is_stemmed_as_dutch(client, housing):
    assert found(client, "woningen", language="fr") == ["/fr/trajecten/woning-zoeken/#huren"]


@pytest.mark.parametrize(
    ("language", "query"),
    [("fr", "logements"), ("tr", "evlerde")],
)
def test_the_reader_s_stemmer_finds_an_inflected_form(client, housing, language, query):
    assert found(client, query, language=language) == [
        f"/{language}/trajecten/woning-zoeken/#huren"
    ]


def test_a_language_without_a_stemmer_finds_its_words_exactly(client, housing):
    assert found(client, "کور", language="ps") == ["/ps/trajecten/woning-zoeken/#huren"]
    assert found(client, "کورونه", language="ps") == []  # no stemmer: no other forms


def test_every_word_must_match_by_substring_or_by_stem(client, housing):
    # "woningen" by stem and "makkelijk" by substring, in one section.
    assert found(client, "woningen makkelijk") == ["/nl/trajecten/woning-zoeken/#huren"]
    assert found(client, "woningen anders") == []


def test_actions_are_found_and_ranked_by_score(client, housing):
    section = Section.objects.get(key="huren")
    make_action(chapter=housing, section=section, position=1, text_nl="Zoek een woning.")
    make_action(chapter=housing, position=2, text_nl="Een woning, nog een woning: bel de woning.")
    hits = found(client, "woning", kind="actions")
    assert hits == [
        "/nl/trajecten/woning-zoeken/#wat-kan-jij-doen",
        "/nl/trajecten/woning-zoeken/#huren",
    ]


def test_a_short_typo_is_found_by_trigram_similarity_with_the_titles(client):
    chapter = make_chapter(slug="verblijf", title_nl="Verblijf")
    make_section(
        chapter=chapter, key="visum", title_nl="Visum aanvragen", body_nl="Bij de ambassade."
    )
    # Four letters: too short for a correction, and no substring or stem of the text.
    assert found(client, "vism") == ["/nl/trajecten/verblijf/#visum"]


def test_word_similarity_is_pg_trgm_s():
    # The example of PostgreSQL's documentation: word_similarity('word', 'two words') = 0.8.
    assert word_similarity(trigrams("word"), trigrams("two words")) == pytest.approx(0.8)


def test_an_edit_is_found_at_the_next_search_after_its_commit(client, housing, commit):
    commit()
    assert found(client, "zonnepanelen") == []
    section = Section.objects.get(key="anders")
    section.body_nl = "Iets over zonnepanelen op het dak."
    section.save()
    commit()
    assert found(client, "zonnepanelen") == ["/nl/trajecten/woning-zoeken/#anders"]


def test_once_the_kit_is_in_memory_a_search_asks_only_for_organisations(
    client, housing, commit, django_assert_num_queries
):
    make_organisation(
        name="Woonwinkel", slug="woonwinkel", description_nl="Helpt bij het zoeken naar een woning."
    )
    commit()
    found(client, "woning")  # reads the kit, the glossary and the vocabulary once
    with django_assert_num_queries(1):
        assert found(client, "woningen") == ["/nl/trajecten/woning-zoeken/#huren"]
    with django_assert_num_queries(1):
        assert found(client, "woonwinkel", kind="organisations") == ["/nl/organisaties/woonwinkel/"]


def test_organisations_match_a_typed_underscore_literally(client):
    # "_" is part of a word (% is not: it splits words); in LIKE it would match any letter.
    make_organisation(name="Alpha Huis", slug="alpha", description_nl="Opvang.")
    assert found(client, "Alph", kind="organisations") == ["/nl/organisaties/alpha/"]
    assert found(client, "Alph_", kind="organisations") == []


@pytest.mark.parametrize("language", ["nl", "ar", "so"])
def test_on_postgresql_one_trigram_index_per_language_serves_the_organisation_match(language):
    """The query's expression (organisaties.models.searchable_text_sql) and the index of
    migration 0010 must stay the same text, or every search reads every listing."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes exist on PostgreSQL only")
    listings = Organisation.objects.published().containing([["leefloon", "OCMW"]], language)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test database is tiny
        sql, params = listings.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"organisation_search_{language}_trgm" in plan, plan
