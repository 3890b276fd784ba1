"""Search and glossary over the whole kit (runs on SQLite and on PostgreSQL)."""

import re

import pytest
from django.conf import settings

from content.translation_status import target_languages
from woordenlijst.models import GlossaryTerm

pytestmark = pytest.mark.django_db


def hits(client, query, language="nl", kind="chapters"):
    response = client.get(f"/{language}/zoeken/", {"q": query})
    assert response.status_code == 200
    results = response.context["results"]
    return [hit.url for hit in results.groups.get(kind, [])] if results else []


def test_okan_finds_the_education_chapter_first(kit, client):
    assert hits(client, "OKAN")[0] == "/nl/trajecten/opleiding-volgen/"


def test_a_one_letter_typo_still_finds_civic_integration(kit, client):
    assert "/nl/trajecten/integreren-en-inburgeren/" in hits(client, "inburgerng")[:3]
    response = client.get("/nl/zoeken/", {"q": "inburgerng"})
    assert response.context["results"].corrections == {"inburgerng": "inburgering"}


def test_leefloon_typed_on_an_arabic_page_finds_the_ocmw_chapter(kit, client):
    assert (
        hits(client, "leefloon", language="ar")[0]
        == "/ar/trajecten/maatschappelijke-dienstverlening/"
    )


def test_ocmw_finds_organisations_and_the_glossary_entry(kit, client):
    assert "/nl/organisaties/ocmw/" in hits(client, "OCMW", kind="organisations")
    assert "/nl/woordenlijst/#ocmw" in hits(client, "OCMW", kind="terms")


def test_a_synonym_finds_what_the_glossary_says_it_means(kit, client):
    # "Sociaal Huis" is the glossary's synonym of OCMW: the OCMW chapter comes first.
    assert hits(client, "Sociaal Huis")[0] == "/nl/trajecten/maatschappelijke-dienstverlening/"


def test_section_hits_link_to_the_exact_section_with_a_highlighted_snippet(kit, client):
    response = client.get("/nl/zoeken/", {"q": "huurwaarborg"})
    sections = response.context["results"].groups["sections"]
    assert sections[0].url == "/nl/trajecten/woning-zoeken/#huurwaarborg"
    assert "<mark>huurwaarborg</mark>" in str(sections[0].snippet).lower()


def test_there_are_at_least_80_glossary_terms_in_six_languages(kit):
    terms = GlossaryTerm.objects.published()
    assert terms.count() >= 80
    for language in target_languages():
        assert not terms.filter(**{f"definition_{language}__isnull": True}).exists(), language
        assert not terms.filter(**{f"definition_{language}": ""}).exists(), language


def test_the_glossary_page_lists_every_term_from_a_to_z(kit, client):
    html = client.get("/nl/woordenlijst/").content.decode()
    keys = re.findall(r'<div class="glossary__entry" id="([^"]+)">', html)
    assert len(keys) == GlossaryTerm.objects.count()
    assert html.index('id="letter-A"') < html.index('id="letter-B"') < html.index('id="letter-O"')
    arabic = client.get("/ar/woordenlijst/").content.decode()
    assert (
        '<dfn lang="nl" dir="ltr">leefloon</dfn>' in arabic
    )  # the Dutch word stays next to the translation


def test_first_occurrences_of_terms_are_explained_in_the_chapter_text(kit, client):
    html = client.get("/nl/trajecten/maatschappelijke-dienstverlening/").content.decode()
    marked = re.findall(
        r'<a class="term__link" href="/nl/woordenlijst/#([^"]+)" aria-describedby="([^"]+)">', html
    )
    keys = [key for key, _ in marked]
    assert "leefloon" in keys and "ocmw" in keys
    assert len(keys) == len(set(keys)), "a term is explained only at its first occurrence"
    for _, tip in marked:
        assert f'role="tooltip" id="{tip}"' in html
    # Never inside headings or links.
    assert not re.search(r"<h2[^>]*>[^<]*<span class=\"term\"", html)


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_search_page_answers_in_every_language(kit, client, language):
    assert client.get(f"/{language}/zoeken/", {"q": "OCMW"}).status_code == 200


@pytest.mark.parametrize("language", ["ps", "ti", "so", "tr"])
def test_the_reader_s_own_word_for_leefloon_finds_the_ocmw_chapter(kit, client, language):
    """Pashto, Tigrinya and Somali have no Snowball stemmer: their words are found exactly, as
    PostgreSQL's 'simple' configuration finds them; Turkish words are stemmed (zoeken.corpus)."""
    word = GlossaryTerm.objects.get(key="leefloon").renderings(language)[0]
    found = hits(client, word, language=language)
    assert f"/{language}/trajecten/maatschappelijke-dienstverlening/" in found[:3], (word, found)
    assert f"/{language}/woordenlijst/#leefloon" in hits(client, word, language, kind="terms")
