"""The most important corrections to the kit, pinned on the pages readers see, in every language.

The content audit found the kit (and our first version) wrong on these; a later edit or a
re-translation must not bring them back.
"""

import re

import pytest
from django.conf import settings
from django.utils import translation

from actueel.models import Rule
from organisaties.models import Organisation

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _ in settings.LANGUAGES]

# How each language writes the day Russia invaded Ukraine (the war did not begin in March 2022).
INVASION = {
    "nl": "24 februari 2022",
    "fr": "24 février 2022",
    "en": "24 February 2022",
    "ar": "24 فبراير 2022",
    "uk": "24 лютого 2022",
    "fa": "24 فبروری (فوریه) 2022",
}


def page(client, path: str, language: str) -> str:
    response = client.get(f"/{language}{path}")
    assert response.status_code == 200, (path, language)
    return response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_war_began_on_24_february_and_the_directive_is_2001_55(kit, client, language):
    for path in ("/trajecten/bescherming-aanvragen/", "/woordenlijst/"):
        html = page(client, path, language)
        if language in INVASION:
            assert INVASION[language] in html, (path, language)
        assert "2001/55" in html and "2011/55" not in html, (path, language)
    dutch = page(client, "/trajecten/bescherming-aanvragen/", "nl")
    assert not re.search(r"(oorlog|inval)[^.<]*maart 2022", dutch)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_end_of_temporary_protection_is_the_rule_with_its_date_and_source(
    kit, client, language
):
    rule = Rule.objects.get(key="tijdelijke-bescherming-einde")
    html = page(client, "/trajecten/bescherming-aanvragen/", language)
    with translation.override(language):
        value = rule.value
    assert f'<span class="rule__value">{value}</span>' in html
    assert f'href="{rule.source_url}"' in html
    assert "{{regel:" not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_dvz_and_myria_give_information_and_a_lawyer_gives_advice(kit, client, language):
    dutch = page(client, "/trajecten/herenigen-met-het-gezin/", "nl")
    assert "advocaat" in dutch and "infolijn van Vluchtelingenwerk Vlaanderen" in dutch
    assert "de DVZ geeft geen advies" in dutch
    dvz = Organisation.objects.get(slug="dvz")
    assert dvz.street == "Pachecolaan 44" and dvz.website == "https://dofi.ibz.be/nl"
    # Every language names the appeal body by its Dutch name, beside its own words.
    assert "Raad voor Vreemdelingenbetwistingen" in page(client, "/woordenlijst/", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_social_tariff_for_host_families_is_conditional(kit, client, language):
    html = page(client, "/trajecten/woning-zoeken/", language)
    assert "leefloon" in html  # the condition names the OCMW benefit by its Dutch term
    dutch = page(client, "/trajecten/woning-zoeken/", "nl")
    assert "equivalent leefloon" in dutch


def test_no_page_of_the_kit_still_shows_a_raw_rule_token(kit, client):
    for language in LANGUAGES:
        for path in ("/trajecten/afdrukken/", "/woordenlijst/", "/organisaties/"):
            assert "{{regel:" not in page(client, path, language), (path, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_shows_raw_markdown_emphasis(kit, client, language):
    """Translations put the Dutch term in *italics*: every text that may carry it is rendered."""
    for path in ("/", "/trajecten/woning-zoeken/", "/trajecten/opleiding-volgen/"):
        html = page(client, path, language)
        text = re.sub(r"<[^>]+>", " ", html)
        assert not re.search(r"(?<![\w*])\*[^\s*][^*<>]*\*(?![\w*])", text), (path, language)
